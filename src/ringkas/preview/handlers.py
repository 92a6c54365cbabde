"""The preview's web pages, as tornado handlers, for the standalone server and for Jupyter.

Under a root (`/preview` standalone, `<base_url>ringkas/preview` in Jupyter):

  <root>/                     the visit list
  <root>/<id>?audience=&lang=  the preview page: problems and errors above the brief
  <root>/<id>/panel           that page's status, problems and error (what the page refreshes)
  <root>/<id>/brief.html      the last good brief, as `ringkas render` writes it (no script)
  <root>/<id>/brief.pdf       its PDF
  <root>/<id>/events          server-sent events: a new version of the page exists

The standalone server gives each handler a `Guard` (access.py): `prepare()` checks the Host,
the Origin and the token before anything else, so a refused request reads no notebook and starts
no kernel. Inside Jupyter there is no guard: Jupyter's own login comes first.

Everything a notebook says reaches the page escaped (the brief itself is sanitized as every
brief is, and shown in a sandboxed frame). The one script is the preview's own (`live.js`),
inlined with a fresh CSP nonce per page: the page's policy runs nothing else. A visit id that
is malformed or names nothing in the project gets 404, whatever it spells.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import Callable
from typing import Any

import tornado.web
from tornado.iostream import StreamClosedError

from ringkas.contract.spec import AUDIENCES, LANGS
from ringkas.i18n.messages import say
from ringkas.preview import pages
from ringkas.preview.access import Guard, Refused
from ringkas.preview.previews import Previews
from ringkas.preview.session import PreviewSession, View

#: Seconds a page waits for its first render before it is sent as "rendering".
FIRST_RENDER = 60.0
#: Seconds between keep-alive comments on an idle event stream.
PING = 15.0
#: The brief's own policy (templates/brief/index.html.j2), sent as a header too.
BRIEF_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
             "form-action 'none'; frame-ancestors 'self'")


def page_csp(nonce: str) -> str:
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'self'")


class PreviewHandler(tornado.web.RequestHandler):
    """What every preview handler shares: the project's previews, the guard, the chosen view."""

    previews: Previews
    guard: Guard | None = None
    #: Whether the route needs the token (or its cookie); the Host and Origin checks apply to all.
    token_needed = True
    #: Why the guard turned the request away, in the server's message language.
    refused: str | None = None

    def initialize(self, previews: Previews, guard: Guard | None = None) -> None:
        self.previews, self.guard = previews, guard

    def prepare(self) -> None:
        if self.guard is None:
            return
        try:
            self.guard.check(self, token_needed=self.token_needed)
        except Refused as refusal:
            self.refused = say(refusal.code, self.previews.lang, **refusal.params)
            raise tornado.web.HTTPError(refusal.status) from None

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # no traceback, no path: only the status
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Content-Security-Policy", "default-src 'none'")
        why = f"{self.refused}\n" if self.refused else ""
        self.finish(f"{status_code} {self._reason}\n{why}")

    def visit(self, visit_id: str) -> PreviewSession:
        session = self.previews.session(visit_id)
        if session is None:
            raise tornado.web.HTTPError(404)
        return session

    def key(self) -> tuple[str, str]:
        audience = self.get_query_argument("audience", AUDIENCES[0])
        lang = self.get_query_argument("lang", LANGS[0])
        if audience not in AUDIENCES or lang not in LANGS:
            raise tornado.web.HTTPError(404)
        return audience, lang

    async def waited(self, session: PreviewSession, key: tuple[str, str],
                     ready: Callable[[View], bool], timeout: float) -> View:
        return await changed(session, key, ready, timeout)


async def changed(session: PreviewSession, key: tuple[str, str], ready: Callable[[View], bool],
                  timeout: float, *, pdf: bool = False) -> View:
    """The view of `key` once `ready(view)`, or after `timeout` seconds; woken by the session's
    render thread, without holding a thread while waiting."""
    loop = asyncio.get_running_loop()
    event = asyncio.Event()

    def wake() -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(event.set)

    session.listeners.add(wake)
    try:
        deadline = loop.time() + timeout
        while True:
            view = session.view(*key, pdf=pdf)
            left = deadline - loop.time()
            if ready(view) or left <= 0:
                return view
            event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)
    finally:
        session.listeners.discard(wake)


def rendered(view: View) -> bool:
    return view.generation >= 0 and not view.busy


class VisitList(PreviewHandler):
    async def get(self) -> None:
        if not self.request.path.endswith("/"):  # the list's links are relative to it
            self.redirect(self.request.path + "/")
            return
        nonce = secrets.token_urlsafe(16)
        self.set_header("Content-Security-Policy", page_csp(nonce))
        self.finish(pages.visit_list(self.previews.entries(), self.previews.lang, nonce,
                                     self.request.path))


class Page(PreviewHandler):
    async def get(self, visit_id: str) -> None:
        key, session = self.key(), self.visit(visit_id)
        pdf = self.get_query_argument("view", "html") == "pdf"
        view = await self.waited(session, key, rendered, FIRST_RENDER)
        nonce = secrets.token_urlsafe(16)
        self.set_header("Content-Security-Policy", page_csp(nonce))
        self.finish(pages.preview_page(session, view, self.previews.lang, nonce, pdf=pdf))


class Panel(PreviewHandler):
    async def get(self, visit_id: str) -> None:
        key, session = self.key(), self.visit(visit_id)
        view = session.view(*key)
        self.set_header("Content-Security-Policy", "default-src 'none'")
        self.finish(pages.panel(session, view, self.previews.lang))


class BriefPage(PreviewHandler):
    async def get(self, visit_id: str) -> None:
        key, session = self.key(), self.visit(visit_id)
        view = await self.waited(session, key, rendered, FIRST_RENDER)
        self.set_header("Content-Security-Policy", BRIEF_CSP)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(view.html if view.html is not None
                    else pages.no_brief(self.previews.lang, key[1]))


class Pdf(PreviewHandler):
    async def get(self, visit_id: str) -> None:
        key, session = self.key(), self.visit(visit_id)
        view = await changed(session, key, lambda v: rendered(v) and (
            v.pdf_current or v.html is None), FIRST_RENDER, pdf=True)
        if view.pdf is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition",
                        f'inline; filename="{visit_id}.{key[0]}.{key[1]}.pdf"')
        self.finish(view.pdf)


class Events(PreviewHandler):
    """`data: {"version": N, "brief": M, "busy": false}` whenever the view changed."""

    async def get(self, visit_id: str) -> None:
        key, session = self.key(), self.visit(visit_id)
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("X-Accel-Buffering", "no")
        self.gone = False
        shown = -1
        with contextlib.suppress(StreamClosedError, asyncio.CancelledError):
            while not self.gone:
                view = await changed(session, key, _newer_than(shown), PING)
                if view.version != shown:
                    shown = view.version
                    state = {"version": view.version, "brief": view.brief_version,
                             "busy": view.busy, "pdf": view.pdf_of}
                    self.write(f"data: {json.dumps(state)}\n\n")
                else:
                    self.write(": ping\n\n")
                await self.flush()

    def on_connection_close(self) -> None:
        self.gone = True


class Root(PreviewHandler):
    """`/`: to the visit list, the query (a token) kept. It shows nothing: no token needed."""

    token_needed = False

    def initialize(self, previews: Previews, guard: Guard | None = None,
                   url: str = "/") -> None:
        super().initialize(previews, guard)
        self.url = url

    def get(self) -> None:
        query = self.request.query
        self.redirect(f"{self.url}?{query}" if query else self.url)


class NotFound(PreviewHandler):
    """Every URL no rule matches: the same bare 404, once the guard let the request in."""

    def prepare(self) -> None:
        super().prepare()
        raise tornado.web.HTTPError(404)


def _newer_than(version: int) -> Callable[[View], bool]:
    return lambda view: view.version != version


HANDLERS: dict[str, type[PreviewHandler]] = {
    "list": VisitList, "page": Page, "panel": Panel, "brief": BriefPage, "pdf": Pdf,
    "events": Events}

#: A path segment: tornado matches it still %-encoded, then decodes it; the session lookup
#: refuses anything that is not a visit id of the project.
SEGMENT = r"([^/]+)"


def routes(root: str, previews: Previews,
           handlers: dict[str, type[PreviewHandler]] = HANDLERS,
           guard: Guard | None = None) -> list[tuple]:
    """The URL rules of the preview under `root` (ends without a slash); `guard`: the
    standalone server's (None behind Jupyter's login)."""
    settings: dict[str, object] = {"previews": previews}
    if guard is not None:
        settings["guard"] = guard
    return [
        (rf"{root}/?", handlers["list"], settings),
        (rf"{root}/{SEGMENT}", handlers["page"], settings),
        (rf"{root}/{SEGMENT}/panel", handlers["panel"], settings),
        (rf"{root}/{SEGMENT}/brief\.html", handlers["brief"], settings),
        (rf"{root}/{SEGMENT}/brief\.pdf", handlers["pdf"], settings),
        (rf"{root}/{SEGMENT}/events", handlers["events"], settings),
    ]

