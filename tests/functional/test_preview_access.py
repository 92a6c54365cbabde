"""Who the standalone preview server answers (issue 21, point 1): a request whose Host is not
allowed (DNS rebinding), one from a foreign Origin, one without the token or with a wrong one,
each gets its 403 and exact message, on every route, before any handler work: no notebook is
read and no session (so no kernel) is started. The right token, in the query or an
Authorization header, earns a cookie scoped to /preview with which the rest works; a name given
with --allow-host is let through."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tornado.testing import AsyncHTTPTestCase

from ringkas.contract.problems import MessageError
from ringkas.preview import previews as previews_module
from ringkas.preview.access import Guard, allowed_host, cookie_name, host_name
from ringkas.preview.previews import Previews
from ringkas.preview.server import application, with_token
from tests.functional.test_preview_paths import VISIT, make_project

TOKEN = "the-right-token-of-this-run"  # noqa: S105 (the test server's own)
ROUTES = ["/preview/", f"/preview/{VISIT}", f"/preview/{VISIT}/panel",
          f"/preview/{VISIT}/events", f"/preview/{VISIT}/brief.html",
          f"/preview/{VISIT}/brief.pdf", "/preview/2099-01-01-tidak-ada", "/elsewhere"]
HOST_REFUSED = ('403 Forbidden\nHost "{host}" is not allowed: the preview answers only 127.0.0.1, '
                "localhost, ::1, the --host address and names given with --allow-host.\n")
MISSING = ("403 Forbidden\nThis preview needs its token: open the full address ringkas preview "
           "printed (…/preview/?token=…).\n")
WRONG = ("403 Forbidden\nWrong preview token: open the address the running ringkas preview "
         "printed; the token is new on every run.\n")


class Server(AsyncHTTPTestCase):
    tmp: Path
    allow: tuple[str, ...] = ()

    def get_app(self):  # type: ignore[no-untyped-def]
        self.previews = Previews(make_project(self.tmp), lang="en", watch=False)
        return application(self.previews, token=TOKEN, allow_hosts=self.allow)

    def tearDown(self) -> None:
        super().tearDown()
        self.previews.close()

    def get(self, path: str, **headers: str):  # type: ignore[no-untyped-def]
        return self.fetch(path, follow_redirects=False,
                          headers={k.replace("_", "-"): v for k, v in headers.items()})

    @property
    def here(self) -> str:
        return f"127.0.0.1:{self.get_http_port()}"


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the server did beyond refusing: notebooks checked, sessions started."""
    done: list[str] = []
    check, session = previews_module.check_visits, Previews.session

    def checking(*args, **kwargs):  # type: ignore[no-untyped-def]
        done.append("check_visits")
        return check(*args, **kwargs)

    def starting(self: Previews, visit_id: str):  # type: ignore[no-untyped-def]
        done.append(f"session {visit_id}")
        return session(self, visit_id)

    monkeypatch.setattr(previews_module, "check_visits", checking)
    monkeypatch.setattr(Previews, "session", starting)
    return done


def serve(tmp_path: Path, allow: tuple[str, ...] = ()) -> Iterator[Server]:
    case = Server("run")
    case.tmp, case.allow = tmp_path, allow
    case.setUp()
    yield case
    case.tearDown()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from serve(tmp_path)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.body.decode("utf-8")


@pytest.mark.parametrize("path", ROUTES)
def test_a_foreign_host_gets_403_before_anything_is_done(server: Server, work: list[str],
                                                         path: str) -> None:
    response = server.get(f"{path}?token={TOKEN}", Host="evil.example")
    assert (response.code, body(response)) == (403, HOST_REFUSED.format(host="evil.example"))
    port = server.get_http_port()
    response = server.get(f"{path}?token={TOKEN}", Host=f"evil.example:{port}")
    assert (response.code, body(response)) == (
        403, HOST_REFUSED.format(host=f"evil.example:{port}"))
    assert "Set-Cookie" not in response.headers
    assert work == [] and server.previews.sessions == {}  # no notebook read, no kernel


@pytest.mark.parametrize("path", ROUTES)
def test_no_token_gets_403_before_anything_is_done(server: Server, work: list[str],
                                                   path: str) -> None:
    response = server.get(path)
    assert (response.code, body(response)) == (403, MISSING)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert work == [] and server.previews.sessions == {}


@pytest.mark.parametrize("path", ROUTES)
def test_a_wrong_token_gets_403_before_anything_is_done(server: Server, work: list[str],
                                                        path: str) -> None:
    for response in (server.get(f"{path}?token=not-the-token"),
                     server.get(f"{path}?token={TOKEN}x"),
                     server.get(f"{path}?token=%C3%A9"),  # not ASCII: compared, refused
                     server.get(path, Authorization="token not-the-token")):
        assert (response.code, body(response)) == (403, WRONG)
    assert work == [] and server.previews.sessions == {}


def test_a_foreign_origin_gets_403(server: Server, work: list[str]) -> None:
    for origin in ("http://evil.example", "null", f"https://{server.here}",
                   "http://127.0.0.1:1"):  # another port of this machine: another origin
        response = server.get(f"/preview/{VISIT}/panel?token={TOKEN}", Origin=origin)
        assert (response.code, body(response)) == (
            403, f'403 Forbidden\nA request from origin "{origin}" is refused: the preview '
            "answers only its own pages.\n")
    assert work == [] and server.previews.sessions == {}
    response = server.get(f"/preview/?token={TOKEN}", Origin=f"http://{server.here}")
    assert response.code == 200  # its own page


def test_the_right_token_gets_the_page_and_a_cookie_that_opens_the_rest(
        server: Server, work: list[str]) -> None:
    response = server.get(f"/preview/?token={TOKEN}")
    assert response.code == 200 and f'href="{VISIT}"' in body(response)
    cookie = response.headers["Set-Cookie"]
    name = f"ringkas-preview-{server.get_http_port()}"
    value = cookie.split(";")[0].removeprefix(f"{name}=")
    assert TOKEN not in cookie and len(value) >= 40
    assert sorted(part.strip() for part in cookie.split(";")[1:]) == [
        "HttpOnly", "Path=/preview", "SameSite=Strict"]
    jar = f"{name}={value}"
    assert server.get("/preview/", Cookie=jar).code == 200
    assert server.get("/preview/", Cookie=jar, Sec_Fetch_Site="same-origin").code == 200
    assert server.get("/preview/", Cookie=jar, Sec_Fetch_Site="none").code == 200  # typed in
    # 404s come after the guard now
    assert body(server.get("/preview/2099-01-01-tidak-ada", Cookie=jar)) == "404 Not Found\n"
    # cookies are not kept apart by port: a page on another port of 127.0.0.1 sends it along
    for site in ("same-site", "cross-site"):
        response = server.get("/preview/", Cookie=jar, Sec_Fetch_Site=site)
        assert (response.code, body(response)) == (403, MISSING)
    for wrong in (f"{name}={value}x", f"ringkas-preview-1={value}", f"{name}={TOKEN}"):
        assert (server.get("/preview/", Cookie=wrong).code) == 403
    # a wrong token beside a good cookie: refused, it says the URL is stale
    assert body(server.get("/preview/?token=old", Cookie=jar)) == WRONG
    # the four lists let in, the unknown visit looked up; nothing for the refused ones
    assert work == ["check_visits"] * 4 + ["session 2099-01-01-tidak-ada"]
    assert server.previews.sessions == {}


def test_the_token_may_come_in_an_authorization_header(server: Server) -> None:
    for scheme in ("token", "Token", "Bearer"):
        response = server.get("/preview/", Authorization=f"{scheme} {TOKEN}")
        assert response.code == 200 and "Set-Cookie" in response.headers


def test_loopback_names_are_allowed_with_their_port(server: Server) -> None:
    port = server.get_http_port()
    for host in (f"localhost:{port}", f"[::1]:{port}", "127.0.0.1", f"LOCALHOST:{port}"):
        response = server.get(f"/preview/?token={TOKEN}", Host=host)
        assert response.code == 200, host


def test_the_root_redirects_without_the_token_but_checks_the_host(server: Server,
                                                                  work: list[str]) -> None:
    response = server.get("/")
    assert (response.code, response.headers["Location"]) == (302, "/preview/")
    assert server.get("/", Host="evil.example").code == 403
    assert work == []


def test_allow_host_lets_a_named_host_through(tmp_path: Path) -> None:
    named = "laptop-bappeda.local"
    for case in serve(tmp_path / "without"):
        assert body(case.get(f"/preview/?token={TOKEN}", Host=named)) == HOST_REFUSED.format(
            host=named)
    for case in serve(tmp_path / "with", ("Laptop-Bappeda.local", "10.0.0.5")):
        port = case.get_http_port()
        for host in (named, f"{named}:{port}", "10.0.0.5:8080"):
            response = case.get(f"/preview/?token={TOKEN}", Host=host)
            assert response.code == 200, host
        # the token is still needed
        assert (case.get("/preview/", Host=named).code, body(case.get("/preview/", Host=named))
                ) == (403, MISSING)
        assert case.get(f"/preview/?token={TOKEN}", Host="evil.example").code == 403
        # its own origin on that name
        assert case.get(f"/preview/?token={TOKEN}", Host=named,
                        Origin=f"http://{named}").code == 200


@pytest.mark.parametrize("value", ["http://laptop.local", "laptop.local:8000", "laptop/x",
                                   "", "user@laptop", "*", "a b"])
def test_a_bad_allow_host_is_refused_with_its_message(value: str) -> None:
    with pytest.raises(MessageError) as error:
        allowed_host(value)
    assert error.value.text("en") == (
        f'--allow-host "{value}" is not a host name or IP address; give the name alone, '
        "without scheme, port or path (for example laptop-bappeda.local).")


def test_allowed_hosts_and_names() -> None:
    assert [allowed_host(v) for v in ("Laptop.Local", "10.0.0.5", "[fe80::1]", "::1")] == [
        "laptop.local", "10.0.0.5", "fe80::1", "::1"]
    assert [host_name(v) for v in ("[::1]:80", "::1", "Localhost:8000", "x")] == [
        "::1", "::1", "localhost", "x"]
    assert cookie_name("127.0.0.1:8800") == "ringkas-preview-8800"
    assert cookie_name("[::1]:8800") == "ringkas-preview-8800"
    assert cookie_name("localhost") == "ringkas-preview-80"
    # the address the server listens on is allowed (the printed URL names it); a wildcard is not
    assert "192.168.1.5" in Guard.of("t", listen="192.168.1.5").hosts
    everywhere = "0.0.0.0"  # noqa: S104 (a value compared, nothing bound)
    assert Guard.of("t", listen=everywhere).hosts == {"127.0.0.1", "localhost", "::1"}


def test_the_server_always_has_a_token(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="always has a token"):
        Guard("")
    with pytest.raises(TypeError):
        application(Previews(make_project(tmp_path), watch=False))  # type: ignore[call-arg]
    assert with_token("/preview/", "a b") == "/preview/?token=a+b"
    assert with_token("/preview/x?lang=en", "t") == "/preview/x?lang=en&token=t"


def test_the_access_log_shows_refusals_without_the_token(server: Server,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="tornado.access"):
        server.get(f"/preview/?token={TOKEN}")
        server.get(f"/preview/?lang=en&token={TOKEN}-old&audience=x")
    lines = [record.getMessage() for record in caplog.records
             if record.name == "tornado.access"]
    assert [line.split(" (")[0] for line in lines] == [
        "200 GET /preview/?token=[secret]",
        "403 GET /preview/?lang=en&token=[secret]&audience=x"]
    assert not any(TOKEN in line for line in caplog.text.splitlines())


def test_a_bad_allow_host_stops_the_command_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from ringkas.cli import cli

    project = make_project(tmp_path)
    started: list[object] = []
    monkeypatch.setattr(previews_module, "Previews", lambda *a, **k: started.append(a))
    result = CliRunner().invoke(cli, ["--lang", "en", "--project", str(project.root), "preview",
                                      "--allow-host", "http://laptop.local", "--no-browser"])
    assert (result.exit_code, result.output) == (1, (
        'Error: --allow-host "http://laptop.local" is not a host name or IP address; give the '
        "name alone, without scheme, port or path (for example laptop-bappeda.local).\n"))
    assert started == []  # no previews, no watcher, no warm-up


def test_the_browser_opens_a_private_page_that_forwards_to_the_url(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the URL itself: a browser's command line is visible to every user (`ps`)."""
    import threading
    import webbrowser

    from ringkas.preview.server import open_browser

    opened: list[str] = []
    called = threading.Event()

    def record(url: str) -> None:
        opened.append(url)
        called.set()

    monkeypatch.setattr(webbrowser, "open", record)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    url = f"http://127.0.0.1:8800/preview/x?lang=en&token={TOKEN}"
    folder = open_browser(url)
    assert called.wait(60)
    page = folder / "preview.html"
    assert folder.parent == tmp_path and opened == [page.as_uri()] and TOKEN not in opened[0]
    assert (folder.stat().st_mode & 0o777, page.stat().st_mode & 0o777) == (0o700, 0o600)
    assert f'content="0;url={url.replace("&", "&amp;")}"' in page.read_text(encoding="utf-8")
