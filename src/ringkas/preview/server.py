"""The standalone preview server of `ringkas preview`: tornado on 127.0.0.1, stopped cleanly.

`serve()` binds (a free port unless one is given), says its URL, opens the browser if asked and
runs until SIGINT or SIGTERM; then it stops listening and closes every preview: kernels shut
down, threads joined, temporary folders removed. The brief pages live at /preview/.

Every run has a token (access.py), printed in the URL the server opens, as `jupyter lab` does,
and a Host/Origin allow-list; there is no way to run it without them.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import shutil
import signal
import tempfile
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from ringkas.contract.problems import MessageError
from ringkas.preview.access import Guard, new_token
from ringkas.preview.handlers import NotFound, Root, routes
from ringkas.preview.previews import Previews

ROOT = "/preview"
#: A token in a query string, as `log_request` hides it.
_TOKEN = re.compile(r"([?&]token=)[^&]*")


def application(previews: Previews, *, token: str,  # type: ignore[no-untyped-def]
                listen: str = "127.0.0.1", allow_hosts: tuple[str, ...] = ()):
    """The tornado application of the standalone server: every route behind the token and
    the Host/Origin allow-list (loopback names, `listen`, `allow_hosts`)."""
    import tornado.web

    guard = Guard.of(token, listen=listen, allow=allow_hosts, cookie_path=ROOT)
    return tornado.web.Application([
        (r"/", Root, {"previews": previews, "guard": guard, "url": f"{ROOT}/"}),
        *routes(ROOT, previews, guard=guard),
    ], default_handler_class=NotFound,
        default_handler_args={"previews": previews, "guard": guard}, xsrf_cookies=False,
        log_function=log_request)


def log_request(handler) -> None:  # type: ignore[no-untyped-def]
    """tornado's access log line with the token taken out of the URL, as Jupyter does: the
    refused requests show on the terminal, the token does not."""
    status, request = handler.get_status(), handler.request
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    logging.getLogger("tornado.access").log(
        level, "%d %s %s (%s) %.2fms", status, request.method,
        _TOKEN.sub(r"\1[secret]", request.uri or ""), request.remote_ip,
        1000.0 * request.request_time())


def with_token(path: str, token: str) -> str:
    """`path` ("/preview/<id>?...") with the token in its query, as the URL to open."""
    return f"{path}{'&' if '?' in path else '?'}{urlencode({'token': token})}"


def open_browser(url: str) -> Path:
    """Open `url` in the browser through a page that forwards to it, as Jupyter's redirect file
    does: a browser started with the URL itself would show the token to every user of the
    machine (`ps`). The page lives in a folder only this user can read; the caller removes
    the folder (returned) when the server stops."""
    folder = Path(tempfile.mkdtemp(prefix="ringkas-open-"))  # mode 0700
    page = folder / "preview.html"
    target = html.escape(url, quote=True)
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8">'
                    f'<meta http-equiv="refresh" content="0;url={target}"></head>'
                    f'<body><a href="{target}">ringkas preview</a></body></html>\n',
                    encoding="utf-8")
    page.chmod(0o600)
    # in a thread: finding a browser can take a while
    threading.Thread(target=webbrowser.open, args=(page.as_uri(),), daemon=True).start()
    return folder


def serve(previews: Previews, *, host: str, port: int, path: str, browser: bool,
          say: Callable[[str], None], allow_hosts: tuple[str, ...] = ()) -> None:
    """Serve until SIGINT/SIGTERM; `path` is the page to print and open ("/preview/<id>?..."),
    with a token made for this run in it."""
    asyncio.run(_serve(previews, host=host, port=port, path=path, browser=browser, say=say,
                       allow_hosts=allow_hosts, token=new_token()))


async def _serve(previews: Previews, *, host: str, port: int, path: str, browser: bool,
                 say: Callable[[str], None], allow_hosts: tuple[str, ...], token: str) -> None:
    import tornado.httpserver
    import tornado.netutil

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        app = application(previews, token=token, listen=host, allow_hosts=allow_hosts)
        sockets = tornado.netutil.bind_sockets(port, host)
    except MessageError:
        previews.close()
        raise
    except OSError as exc:
        previews.close()
        raise MessageError("preview.cannot_listen", host=host, port=port,
                           detail=exc.strerror or exc) from None
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    bound = sockets[0].getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}{with_token(path, token)}"
    say(url)
    opener = open_browser(url) if browser else None
    try:
        await stop.wait()
    finally:
        server.stop()
        if opener is not None:
            shutil.rmtree(opener, ignore_errors=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        # kernels shut down from a thread: jupyter_client runs its own loop for that
        await asyncio.to_thread(previews.close)
