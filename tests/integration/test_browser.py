"""Hostile notebook content stays inert in a real browser: no script runs, nothing is fetched.

The hostile fixture (`tests/fixtures/hostile/2024-01-15-hostile.ipynb`) is rendered with every
URL in it pointed at a local HTTP server on 127.0.0.1 that records each request. Every rendered
HTML brief (both audiences, both languages) and the catalogue page are opened as file:// URLs in
headless Chromium, which runs the page's scripts, loads what it would load, and dumps the DOM.
A brief passes when the server saw no request, no script left its mark on the DOM (each one sets
`document.title = "PWNED:..."` and `data-pwned` on `<html>`), and the DOM holds nothing active
(no script, handler, frame, object, form, remote URL). Each brief is checked twice: as written,
and with its Content-Security-Policy removed, so the sanitizer alone is shown to suffice.

Control pages prove that the harness can fail: a page with a real inline script is caught by
every check, and the raw payloads, unsanitized, really do run and call the server.

Chromium comes from Debian (`scripts/install-chromium`, run by `make test`); without it these
tests skip, saying how to get it. Set RINGKAS_REQUIRE_BROWSER=1 to make that a failure (CI).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from base64 import b64encode
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest

from tests.fixtures.hostile import make_hostile as hostile

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "hostile" / f"{hostile.HOSTILE_ID}.ipynb"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--virtual-time-budget=3000"]  # let timers and late fetches fire first
CHROMIUM_TIMEOUT = 60
INSTALL_HINT = ("Chromium not found: run `scripts/install-chromium` as root (`make test` does), "
                "or `apt-get install chromium`, or set RINGKAS_CHROMIUM=/path/to/chromium")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
BRIEFS = [f"{hostile.HOSTILE_ID}.{audience}.{lang}.html"
          for audience in ("pimpinan", "teknis") for lang in ("id", "en")]


# --- the browser and the server -------------------------------------------------------------

def chromium_binary() -> str | None:
    named = os.environ.get("RINGKAS_CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = chromium_binary()
    if binary is None:
        if os.environ.get("RINGKAS_REQUIRE_BROWSER"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return binary


class RequestLog(ThreadingHTTPServer):
    """An HTTP server on a random local port that answers everything and remembers it."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.requests: list[str] = []
        self.lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def take(self) -> list[str]:
        """The requests seen since the last call, and forget them."""
        with self.lock:
            seen, self.requests = self.requests, []
        return seen


class _Recorder(BaseHTTPRequestHandler):
    server: RequestLog

    def _record(self) -> None:
        with self.server.lock:
            self.server.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"recorded")

    do_GET = do_POST = do_HEAD = do_PUT = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[RequestLog]:
    log = RequestLog()
    thread = threading.Thread(target=log.serve_forever, daemon=True)
    thread.start()
    yield log
    log.shutdown()
    log.server_close()


def dump_dom(chromium: str, page: Path) -> str:
    """The DOM of `page` after Chromium loaded it and ran whatever it would run."""
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                   page.resolve().as_uri()]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        try:
            out, err = process.communicate(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"Chromium did not finish {page.name} in {CHROMIUM_TIMEOUT} s")
        finally:  # its zygote and renderers may outlive the browser process
            _kill_group(process.pid)
    assert process.returncode == 0, f"Chromium failed on {page}:\n{err[-2000:]}"
    return out


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


# --- reading the DOM --------------------------------------------------------------------------

@dataclass
class Dom:
    """What a dumped DOM holds that could run or fetch."""

    title: str = ""
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # inline scripts a browser would run
    styles: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def csp(self) -> str:
        return next((a.get("content", "") for tag, a in self.elements if tag == "meta"
                     and a.get("http-equiv", "").lower() == "content-security-policy"), "")


class _DomReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dom, self.open, self.texts = Dom(), [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k.lower(): v or "" for k, v in attrs}
        self.dom.elements.append((tag, named))
        if tag in VOID_TAGS:
            return
        # a data block (<script type="application/json">) is never run: read it as data
        self.open.append("data" if tag == "script" and named.get("type", "").lower()
                         in DATA_BLOCKS else tag)

    def handle_endtag(self, tag: str) -> None:
        tag = "data" if tag == "script" and self.open[-1:] == ["data"] else tag
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        current = self.open[-1] if self.open else ""
        if current == "script":
            self.dom.scripts.append(data)
        elif current == "style":
            self.dom.styles.append(data)
        elif current == "title":
            self.dom.title += data
        elif current != "data":
            self.texts.append(data)


def read_dom(html: str) -> Dom:
    reader = _DomReader()
    reader.feed(html)
    reader.close()
    reader.dom.text = "".join(reader.texts)
    return reader.dom


#: Elements that load or run something by being there, on any page.
ACTIVE_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
               "portal"}
#: Attributes whose URL is fetched without a click: only data: images may stay.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"}
LOADING_HREF_TAGS = {"image", "use", "feimage", "link", "base"}
DATA_BLOCKS = {"application/json", "application/ld+json"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}
SAFE_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|svg\+xml);base64,", re.I)
#: In a brief, beyond what can run: markup the sanitizer never lets through at all.
FOREIGN_IN_BRIEF = {"script", "form", "input", "button", "textarea", "select", "svg", "math",
                    "video", "audio", "source", "track", "template", "noscript", "marquee",
                    "details", *ACTIVE_TAGS}


def _squeezed(value: str) -> str:
    """An attribute value as a browser reads a URL: no whitespace or controls, lower case."""
    return re.sub(r"[\x00-\x20]", "", value).lower()


def _hashed(script: str, csp: str) -> bool:
    digest = b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'" in csp


def active_content(dom: Dom, csp: str) -> list[str]:
    """Everything in `dom` that runs or fetches; empty for a safe page.

    An inline script is allowed only when `csp` (the page's, as written) names its hash: the
    catalogue's own script is; nothing in a brief is.
    """
    found = [f"a script ran: <html data-pwned={a['data-pwned']!r}>"
             for _, a in dom.elements if "data-pwned" in a]
    found += [f"a script ran: title {dom.title!r}"] if dom.title.startswith("PWNED") else []
    found += [f"an unlisted inline script: {s[:80]!r}" for s in dom.scripts if not _hashed(s, csp)]
    for tag, attrs in dom.elements:
        if tag in ACTIVE_TAGS or (tag == "script" and "src" in attrs):
            found.append(f"<{tag}> element: {attrs}")
        if tag == "meta" and attrs.get("http-equiv", "content-security-policy").lower() \
                != "content-security-policy":
            found.append(f"<meta http-equiv={attrs['http-equiv']!r}>")
        found += [f"<{tag} {name}={value[:60]!r}>: {why}"
                  for name, value in attrs.items() if (why := _active_attribute(tag, name, value))]
    found += [f"CSS loading something: {s[:80]!r}" for s in dom.styles
              if re.search(r"url\s*\(|@import", s, re.I)]
    return found


def _active_attribute(tag: str, name: str, value: str) -> str | None:
    """Why this attribute runs or fetches something, or None."""
    url = _squeezed(value)
    loads = name in LOADING_ATTRIBUTES or (
        name in ("href", "xlink:href") and tag in LOADING_HREF_TAGS)
    if name.startswith("on"):
        return "event handler"
    if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
        return "CSS loading something"
    if name in ("srcdoc", "action", "formaction") and url:
        return "a document or form target"
    if url.startswith(("javascript:", "vbscript:", "file:")):
        return "script or local-file URL"
    if loads and not SAFE_IMAGE.match(url):
        return "loads from outside the page"
    if url.startswith("data:") and not SAFE_IMAGE.match(url):
        return "data: URL that is not an image"
    return None


def foreign_in_brief(dom: Dom) -> list[str]:
    return sorted({f"<{tag}>" for tag, _ in dom.elements if tag in FOREIGN_IN_BRIEF})


@dataclass
class Visit:
    """One page opened in the browser: what the server saw and what the DOM became."""

    requests: list[str]
    dom: Dom
    original: Dom  # the file as written, before the browser

    @property
    def problems(self) -> list[str]:
        found = [f"request to the local server: {r}" for r in self.requests]
        if self.dom.title != self.original.title:
            found.append(f"title changed to {self.dom.title!r}")
        return found + active_content(self.dom, self.original.csp)


def open_page(chromium: str, server: RequestLog, page: Path, original: str | None = None
              ) -> Visit:
    """`page` opened in Chromium; `original` is the HTML it was made from, if not itself."""
    server.take()
    dumped = dump_dom(chromium, page)
    assert "<html" in dumped, f"Chromium dumped no DOM for {page}"
    dom = read_dom(dumped)
    written = read_dom(original if original is not None else page.read_text(encoding="utf-8"))
    return Visit(server.take(), dom, written)


# --- the controls: the harness can fail -------------------------------------------------------

@pytest.mark.slow
def test_the_harness_catches_a_script_and_its_requests(chromium: str, server: RequestLog,
                                                       tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>control</title></head><body>"
        f"<p style=\"background:url({server.origin}/control/css)\">styled</p>"
        f"<img src=\"{server.origin}/control/img\">"
        f"<script>{hostile.js('control').replace(hostile.ORIGIN, server.origin)};"
        f"setTimeout(() => fetch('{server.origin}/control/late'), 500)</script></body></html>")
    visit = open_page(chromium, server, page)
    assert {"GET /js/control", "GET /control/css", "GET /control/img", "GET /control/late"} \
        <= set(visit.requests)
    assert visit.dom.title == "PWNED:control"
    assert "a script ran: <html data-pwned='control'>" in visit.problems
    assert any(p.startswith("an unlisted inline script") for p in visit.problems)


#: Requests the raw payloads make when nothing stands in their way: one per kind of trick.
LIVE_PAYLOADS = {
    "GET /js/raw-script", "GET /js/raw-onerror", "GET /js/raw-body-onload",
    "GET /js/raw-svg-onload", "GET /js/raw-svg-script", "GET /js/raw-srcdoc", "GET /raw/img",
    "GET /raw/iframe", "GET /raw/object", "GET /raw/embed", "GET /raw/refresh",
    "GET /raw/base/relative.png", "GET /raw/style-attr", "GET /raw/style-import",
    "GET /raw/link-css",
}


@pytest.mark.slow
def test_the_raw_payloads_are_live(chromium: str, server: RequestLog, tmp_path: Path) -> None:
    """Unsanitized, the fixture's payloads run and call home: a clean brief means something."""
    page = tmp_path / "raw.html"
    body = hostile.payloads("raw").replace(hostile.ORIGIN, server.origin)
    page.write_text(f"<!DOCTYPE html><html><head><title>raw</title></head><body>{body}</body>"
                    "</html>")
    server.take()
    requests: set[str] = set()
    for _ in range(3):  # on a loaded machine the meta refresh can win a race with a fetch
        dump_dom(chromium, page)  # its meta refresh navigates away: only the requests matter
        requests |= set(server.take())
        if requests >= LIVE_PAYLOADS:
            break
    assert requests >= LIVE_PAYLOADS, sorted(LIVE_PAYLOADS - requests)


def test_the_dom_checks_flag_every_kind_of_active_content() -> None:
    body = hostile.payloads("raw") + hostile.SVG
    dom = read_dom(f"<html><head><title>t</title></head><body>{body}</body></html>")
    found = active_content(dom, "")
    for expected in ("an unlisted inline script", "<iframe> element", "<object> element",
                     "<embed> element", "<base> element", "<link> element", "event handler",
                     "<meta http-equiv='refresh'>", "CSS loading something", "<p style=",
                     "script or local-file URL", "data: URL that is not an image",
                     "<img src='http", "<image href='http", "a document or form target"):
        assert any(expected in problem for problem in found), expected
    assert foreign_in_brief(dom) == ["<base>", "<button>", "<details>", "<embed>", "<form>",
                                     "<iframe>", "<input>", "<link>", "<marquee>", "<math>",
                                     "<object>", "<script>", "<svg>", "<video>"]


# --- the hostile visit, rendered -------------------------------------------------------------

@pytest.fixture(scope="module")
def briefs(server: RequestLog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile visit rendered by `ringkas render` (executed; HTML and PDF, id and en)."""
    project = tmp_path_factory.mktemp("hostile")
    visits = project / "notebooks" / "visits"
    visits.mkdir(parents=True)
    (project / "data" / "indicators").mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8")
    assert hostile.ORIGIN in text
    (visits / FIXTURE.name).write_text(text.replace(hostile.ORIGIN, server.origin), "utf-8")
    server.take()
    done = subprocess.run([sys.executable, "-m", "ringkas.cli", "--lang", "en", "--project",
                           str(project), "render", "--jobs", "1"],
                          capture_output=True, text=True, timeout=300, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert server.take() == [], "rendering (WeasyPrint) fetched something"
    return project / "briefs"


@pytest.mark.slow
@pytest.mark.parametrize("name", BRIEFS)
def test_a_hostile_brief_runs_and_fetches_nothing(chromium: str, server: RequestLog,
                                                  briefs: Path, name: str) -> None:
    page = briefs / hostile.HOSTILE_ID / name
    visit = open_page(chromium, server, page)
    assert visit.problems == [] and foreign_in_brief(visit.dom) == []
    assert "default-src 'none'" in visit.dom.csp
    text = visit.dom.text
    assert "HOSTILE-TITLE <img src=x onerror=\"document.title='PWNED:title'" in text  # as text
    assert "Bappeda <script>document.title='PWNED:front-matter'" in text
    assert "HOSTILE-SUMMARY" in text and "HOSTILE-CAPTION-1" in text  # the content got there
    assert "JINJA-{{ 7*7 }} {% raw %}RAW{% endraw %} {{ self.__init__.__globals__ }}" in text
    assert "JINJA-49" not in text and "__builtins__" not in text
    if ".teknis." in name:
        for shown in ("OUTPUT-JS-PLAIN <script>", "OUTPUT-MD", "RESULT-HTML", "STREAM-OUT <script>",
                      "HOSTILE-INNOVATION", "HOSTILE-ROLES", "HOSTILE-CAPTION-4"):
            assert shown in text, shown


@pytest.mark.slow
@pytest.mark.parametrize("name", BRIEFS)
def test_without_its_csp_a_hostile_brief_is_still_inert(chromium: str, server: RequestLog,
                                                        briefs: Path, name: str,
                                                        tmp_path: Path) -> None:
    """The sanitizer alone keeps it safe; the CSP is a second wall, not the only one."""
    written = (briefs / hostile.HOSTILE_ID / name).read_text("utf-8")
    html, removed = CSP_META.subn("", written)
    assert removed == 1, "the brief's CSP <meta> changed shape; update CSP_META"
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    visit = open_page(chromium, server, page, original=written)
    assert visit.problems == [] and foreign_in_brief(visit.dom) == []
    assert visit.dom.csp == ""


@pytest.mark.slow
@pytest.mark.parametrize("csp", ["as written", "removed"])
def test_the_catalogue_page_runs_and_fetches_nothing(chromium: str, server: RequestLog,
                                                     briefs: Path, csp: str) -> None:
    page, written = briefs / "index.html", (briefs / "index.html").read_text("utf-8")
    if csp == "removed":
        html, removed = CSP_META.subn("", written)
        assert removed == 1, "the catalogue's CSP <meta> changed shape; update CSP_META"
        page = briefs / "index-without-csp.html"  # beside the original: same relative links
        page.write_text(html, encoding="utf-8")
    visit = open_page(chromium, server, page, original=written)
    assert visit.problems == []
    assert "HOSTILE-TITLE <img src=x onerror=" in visit.dom.text


def test_the_fixtures_are_what_the_generator_writes() -> None:
    for visit_id, build in hostile.FIXTURES.items():
        stored = nbformat.read(FIXTURE.parent / f"{visit_id}.ipynb", as_version=4)
        assert stored == build(), f"run: python tests/fixtures/hostile/make_hostile.py ({visit_id})"
