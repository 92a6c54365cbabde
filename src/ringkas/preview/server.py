"""The standalone preview server of `ringkas preview`: tornado on 127.0.0.1, stopped cleanly.

`serve()` binds (a free port unless one is given), says its URL, opens the browser if asked and
runs until SIGINT or SIGTERM; then it stops listening and closes every preview: kernels shut
down, threads joined, temporary folders removed. The brief pages live at /preview/.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import webbrowser
from collections.abc import Callable

from ringkas.contract.problems import MessageError
from ringkas.preview.handlers import NotFound, routes
from ringkas.preview.previews import Previews

ROOT = "/preview"


def application(previews: Previews):  # type: ignore[no-untyped-def]
    """The tornado application of the standalone server."""
    import tornado.web

    return tornado.web.Application([
        (r"/", tornado.web.RedirectHandler, {"url": f"{ROOT}/"}),
        *routes(ROOT, previews),
    ], default_handler_class=NotFound, default_handler_args={"previews": previews},
        xsrf_cookies=False)


def serve(previews: Previews, *, host: str, port: int, path: str, browser: bool,
          say: Callable[[str], None]) -> None:
    """Serve until SIGINT/SIGTERM; `path` is the page to print and open ("/preview/<id>?...")."""
    asyncio.run(_serve(previews, host=host, port=port, path=path, browser=browser, say=say))


async def _serve(previews: Previews, *, host: str, port: int, path: str, browser: bool,
                 say: Callable[[str], None]) -> None:
    import tornado.httpserver
    import tornado.netutil

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        sockets = tornado.netutil.bind_sockets(port, host)
    except OSError as exc:
        previews.close()
        raise MessageError("preview.cannot_listen", host=host, port=port,
                           detail=exc.strerror or exc) from None
    server = tornado.httpserver.HTTPServer(application(previews))
    server.add_sockets(sockets)
    bound = sockets[0].getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}{path}"
    say(url)
    if browser:  # in a thread: finding a browser can take a while
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        await stop.wait()
    finally:
        server.stop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        # kernels shut down from a thread: jupyter_client runs its own loop for that
        await asyncio.to_thread(previews.close)
