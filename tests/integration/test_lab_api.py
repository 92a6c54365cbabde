"""The JupyterLab panel's REST routes in a real Jupyter server on 127.0.0.1: behind its token or
login cookie, POSTs behind its XSRF check, each route's answer and its refusals. The project is a
folder below the server's root (found from the notebook's own path), with its own theme. The
server is stopped by the fixture."""

from __future__ import annotations

import base64
import contextlib
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ringkas.i18n.messages import say
from tests.integration.test_preview import NoRedirect
from tests.jupyter_server import running_jupyter
from tests.notebooks import ROOT, visit_notebook, write

pytestmark = pytest.mark.slow
WAIT = 180.0  # seconds: generous on a loaded machine; nothing asserts a speed
TOKEN = "ringkas-lab-token"  # noqa: S105 (a test server's token)
THEME = '[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\nen = "Stunting reduction"\n'
VISIT = "dinas/notebooks/visits/2023-03-14-contoh.ipynb"
SEED = ROOT / "tests" / "fixtures" / "import" / "studi-referensi-banyuwangi-2022.txt"


@dataclass
class Server:
    base: str
    root: Path

    def call(self, route: str, body: dict | None = None, *, token: bool = True,
             query: str = "") -> tuple[int, dict]:
        """A route called as a script would: the token in the Authorization header."""
        url = f"{self.base}/ringkas/api/{route}{query}"
        data = None if body is None else json.dumps(body).encode()
        request = _request(url, data=data, method="GET" if body is None else "POST")
        if token:
            request.add_header("Authorization", f"token {TOKEN}")
        return _open(urllib.request.build_opener(), request)


def _request(url: str, **options: object) -> urllib.request.Request:
    return urllib.request.Request(url, **options)  # type: ignore[arg-type]  # noqa: S310 (http)


def _open(opener: urllib.request.OpenerDirector, request: urllib.request.Request
          ) -> tuple[int, dict]:
    try:
        with opener.open(request, timeout=WAIT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        text = exc.read()
        try:
            return exc.code, json.loads(text or b"{}")
        except ValueError:
            return exc.code, {"body": text.decode("utf-8", "replace")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    project = root / "dinas"
    project.mkdir(parents=True)
    (project / "ringkas.toml").write_text(THEME, encoding="utf-8")
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("  - pelayanan-publik", "  - stunting")
    write(nb, project / "notebooks" / "visits")
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), root / "plain.ipynb")
    outside = tmp / "outside"
    outside.mkdir()
    write(visit_notebook(), outside, "2023-03-14-luar")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    with running(root, tmp) as base:
        yield Server(base, root)


def running(root: Path, tmp: Path) -> contextlib.AbstractContextManager[str]:
    """A Jupyter server with ringkas's extension over `root`, on 127.0.0.1; its base URL."""
    return running_jupyter(root, tmp, token=TOKEN, env={"RINGKAS_LANG": "id"})


# --- authentication and XSRF -----------------------------------------------------------------

ROUTES = ["front-matter/parse", "front-matter/update", "field/check", "table/parse",
          "table/update", "check", "approval", "visits", "import", "render"]


def test_without_the_token_every_route_is_refused(server: Server) -> None:
    status, body = server.call("context", token=False, query=f"?path={VISIT}")
    assert status == 403 and "fields" not in body
    for route in ROUTES:
        status, body = server.call(route, {"path": VISIT, "key": "title", "value": "x"},
                                   token=False)
        assert status == 403, route
    assert json.loads((server.root / "dinas" / "notebooks" / "visits" /
                       "2023-03-14-contoh.ipynb").read_text())["cells"][0]["source"]


def test_a_browser_post_needs_the_xsrf_token(server: Server) -> None:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    browser.open(f"{server.base}/api/status?token={TOKEN}", timeout=WAIT).read()  # login cookie
    browser.open(f"{server.base}/login", timeout=WAIT).read()  # a page: sets the _xsrf cookie
    xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
    url = f"{server.base}/ringkas/api/field/check"
    body = json.dumps({"key": "date", "value": "2023-02-30"}).encode()
    status, answer = _open(browser, _request(url, data=body, method="POST"))
    assert status == 403 and "problems" not in answer
    with_xsrf = _request(url, data=body, method="POST",
                                       headers={"X-XSRFToken": xsrf})
    status, answer = _open(browser, with_xsrf)
    assert status == 200, answer
    assert [p["message"] for p in answer["problems"]] == [
        say("fm.not_date", "id", value="2023-02-30")]
    # the cookie alone opens the GET route
    status, answer = _open(browser, _request(
        f"{server.base}/ringkas/api/context?path={VISIT}"))
    assert status == 200 and answer["is_visit"] is True


# --- the catalogue (POST ringkas/api/catalogue) ---------------------------------------------
# the project's briefs/index.html, brought up to date, named under Jupyter's authenticated
# files/; before the tests that add visits or render, so its project is the fixture's as made

def test_the_catalogue_is_refused_without_the_token(server: Server) -> None:
    status, body = server.call("catalogue", {"path": VISIT}, token=False)
    assert status == 403 and "url" not in body


def test_the_catalogue_of_the_notebooks_project_under_files(server: Server) -> None:
    status, answer = server.call("catalogue", {"path": VISIT, "lang": "en"})
    assert status == 200, answer
    assert answer["url"] == "/files/dinas/briefs/index.html"  # the project below the root
    assert (server.root / "dinas" / "briefs" / "index.html").is_file()
    request = _request(server.base + answer["url"], headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http)
        assert "<html" in response.read().decode().lower()


def test_the_catalogue_of_a_path_outside_the_root_is_refused(server: Server) -> None:
    status, answer = server.call("catalogue", {"path": "../elsewhere", "lang": "en"})
    assert status == 400 and "url" not in answer


# --- the form -----------------------------------------------------------------------------

def test_the_context_of_a_visit_in_a_project_below_the_root(server: Server) -> None:
    status, answer = server.call("context", query=f"?path={VISIT}&lang=en")
    assert status == 200, answer
    assert (answer["is_visit"], answer["visit_id"], answer["project_root"], answer["lang"]) == (
        True, "2023-03-14-contoh", "dinas", "en")
    themes = next(f for f in answer["fields"] if f["key"] == "themes")
    assert {"value": "stunting", "label": "Stunting reduction"} in themes["choices"]
    assert themes["kind"] == "choices" and themes["help"]
    assert [f["key"] for f in answer["fields"]][:3] == ["title", "date", "kind"]
    innovation = next(s for s in answer["sections"] if s["value"] == "innovation")
    assert (innovation["label"], innovation["repeatable"]) == ("Innovations", True)
    status_column = answer["tables"]["recommendations"]["columns"][4]
    assert status_column["key"] == "status" and status_column["choices"][0]["value"] == "usulan"
    assert answer["skeleton"]["innovation"]["tags"] == ["innovation"]
    # the project below the root gets previews of its own, behind the same login
    assert re.fullmatch(r"/ringkas/preview/p-[0-9a-f]{12}/2023-03-14-contoh",
                        answer["preview_url"]), answer["preview_url"]
    brief = f"{server.base}{answer['preview_url']}/brief.html"
    with urllib.request.urlopen(_request(  # noqa: S310 (http)
            brief, headers={"Authorization": f"token {TOKEN}"}), timeout=WAIT) as response:
        assert "SENTINEL-SUMMARY" in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as refused:  # to the login page, not the brief
        urllib.request.build_opener(NoRedirect).open(_request(brief), timeout=WAIT)
    assert refused.value.code in (302, 403)
    assert "SENTINEL" not in refused.value.read().decode()
    status, answer = server.call("context", query="?path=plain.ipynb")
    assert status == 200 and answer["is_visit"] is False
    # a notebook of visits/ that lost its front matter is still a visit: check says what is wrong
    visits = server.root / "dinas" / "notebooks" / "visits"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), visits / "2023-03-20-kosong.ipynb")
    status, answer = server.call("context",
                                 query="?path=dinas/notebooks/visits/2023-03-20-kosong.ipynb")
    assert (status, answer["is_visit"], answer["visit_id"]) == (200, True, "2023-03-20-kosong")


@pytest.mark.parametrize("path", ["../outside/2023-03-14-luar.ipynb",
                                  "/etc/passwd", "escape/2023-03-14-luar.ipynb"])
def test_a_path_outside_the_root_is_refused(server: Server, path: str) -> None:
    status, answer = server.call("context", query=f"?path={path}&lang=en")
    assert status == 400
    assert answer["message"] == say("lab.outside_root", "en", path=path)
    status, answer = server.call("check", {"path": path})
    assert status == 400 and answer["message"] == say("lab.outside_root", "id", path=path)


def test_front_matter_parse_and_update(server: Server) -> None:
    source = nbformat.read(server.root / VISIT, as_version=4).cells[0].source
    status, answer = server.call("front-matter/parse", {"source": source, "path": VISIT})
    assert status == 200, answer
    assert answer["values"]["themes"] == ["stunting"] and answer["problems"] == []
    status, answer = server.call("front-matter/parse", {"source": "---\ntitle: [\n---"})
    assert (status, answer["values"]) == (200, {})
    assert [p["message"].split(" (")[0] for p in answer["problems"]] == [
        "YAML front matter tidak dapat dibaca, baris 2: susunan YAML tidak valid"]
    status, answer = server.call("front-matter/update", {
        "source": source, "path": VISIT, "values": {"title": "Judul Baru", "date": "2023-02-30"}})
    assert status == 200, answer
    assert answer["source"] == source.replace(
        "title: Studi Banding Pelayanan Publik ke Kota Contoh", "title: Judul Baru").replace(
        "date: 2023-03-14", 'date: "2023-02-30"')
    assert [(p["field"], p["cell"], p["message"]) for p in answer["problems"]] == [
        ("date", 0, say("fm.not_date", "id", value="2023-02-30"))]
    status, answer = server.call("front-matter/update", {
        "source": source, "values": {"titel": "x"}, "lang": "en"})
    assert status == 400 and answer["message"].startswith('unknown field "titel"'), answer
    status, answer = server.call("front-matter/update", {
        "source": source, "values": {"approved": {"name": "x"}}, "lang": "en"})
    assert (status, answer) == (400, {"message": say("lab.signed_field", "en", key="approved"),
                                      "field": "approved"})


def test_a_project_theme_is_a_known_value(server: Server) -> None:
    status, answer = server.call("field/check", {"key": "themes", "value": ["stunting"],
                                                 "path": VISIT})
    assert (status, answer) == (200, {"problems": []})
    # outside that project (the root has no ringkas.toml) it is unknown, as check says there
    status, answer = server.call("field/check", {"value": "x", "lang": "en"})
    assert (status, answer) == (400, {"message": say("lab.missing_value", "en", key="key"),
                                      "field": "key"})
    status, answer = server.call("field/check", {"key": "themes", "value": ["stunting"],
                                                 "lang": "en"})
    assert status == 200
    [problem] = answer["problems"]
    assert problem["field"] == "themes" and problem["message"].startswith(
        'unknown value "stunting"'), problem


def test_table_parse_and_update(server: Server) -> None:
    nb = nbformat.read(server.root / VISIT, as_version=4)
    source = nb.cells[10].source
    status, answer = server.call("table/parse", {"source": source, "table": "recommendations"})
    assert status == 200, answer
    assert [c["key"] for c in answer["columns"]] == [
        "recommendation", "lead_opd", "timeline", "priority", "status"]
    rows = answer["rows"]
    status, answer = server.call("table/update", {"source": source, "table": "recommendations",
                                                  "rows": rows, "cell": 10})
    assert (status, answer["source"], answer["problems"]) == (200, source, [])
    rows.append(["Bentuk tim", "Bappeda", "2024-Q5", "tinggi", "usulan"])
    status, answer = server.call("table/update", {"source": source, "table": "recommendations",
                                                  "rows": rows, "cell": 10, "lang": "en"})
    assert answer["source"].endswith("| Bentuk tim | Bappeda | 2024-Q5 | tinggi | usulan |")
    [problem] = answer["problems"]
    assert (problem["cell"], problem["field"], problem["row"]) == (10, "timeline", 3)
    status, answer = server.call("table/update", {"source": source, "table": "recommendations",
                                                  "rows": "a | b"})
    assert (status, answer) == (400, {"message": say("lab.bad_rows", "id"), "field": "rows"})
    status, answer = server.call("table/parse", {"source": "no table", "table": "roles"})
    assert status == 400 and answer["message"].startswith("bagian ini harus memuat tabel")


# --- the commands ----------------------------------------------------------------------------

def test_check_reads_the_saved_notebook(server: Server) -> None:
    broken = visit_notebook()
    broken.cells[0].source = broken.cells[0].source.replace("kind: studi-banding", "kind: x")
    write(broken, server.root / "dinas" / "notebooks" / "visits", "2023-03-14-rusak")
    status, answer = server.call("check", {
        "path": "dinas/notebooks/visits/2023-03-14-rusak.ipynb", "lang": "en"})
    assert status == 200, answer
    [problem] = [p for p in answer["problems"] if p["severity"] == "error"]
    assert (problem["cell"], problem["field"]) == (0, "kind")
    assert problem["message"].startswith('unknown value "x"')
    status, answer = server.call("check", {"path": VISIT})
    assert (status, answer) == (200, {"problems": []})


def test_approval_writes_what_ringkas_approve_writes(server: Server) -> None:
    path = "dinas/notebooks/visits/2023-03-14-setuju.ipynb"
    write(visit_notebook(), server.root / "dinas" / "notebooks" / "visits", "2023-03-14-setuju")
    status, answer = server.call("approval", {"path": path, "action": "approve", "name": " ",
                                              "position": "Kepala Bappeda"})
    assert status == 400 and answer == {"message": say("lab.blank_name", "id"), "field": "name"}
    status, answer = server.call("approval", {"path": path, "action": "setujui"})
    assert status == 400 and answer["field"] == "action"
    status, answer = server.call("approval", {
        "path": path, "action": "approve", "name": "Ir. Ani Lestari, M.T.",
        "position": "Kepala Bappeda", "nip": "19700101 199003 1 001"})
    assert (status, answer.get("status")) == (200, "approved"), answer
    front = nbformat.read(server.root / path, as_version=4).cells[0].source
    assert "status: approved" in front and "  nip: \"197001011990031001\"" in front


def test_a_new_visit_and_an_existing_one(server: Server) -> None:
    body = {"date": "2024-05-02", "host": "Kabupaten Contoh", "title": "Studi Tiru Pasar",
            "themes": ["stunting"], "path": VISIT}
    status, answer = server.call("visits", body)
    assert (status, answer["path"]) == (
        200, "dinas/notebooks/visits/2024-05-02-contoh.ipynb"), answer
    front = nbformat.read(server.root / answer["path"], as_version=4).cells[0].source
    assert "\nthemes: [stunting]" in front
    status, answer = server.call("visits", body)
    assert status == 400 and "sudah ada" in answer["message"], answer
    status, answer = server.call("visits", {**body, "date": "2024-02-30", "lang": "en"})
    assert (status, answer) == (400, {"message": say("fm.not_date", "en", value="2024-02-30"),
                                      "field": "date"})
    body["date"] = "2024-05-03"  # a visit not written yet: its values are checked
    status, answer = server.call("visits", {**body, "kind": "studi wisata", "lang": "en"})
    assert status == 400 and answer["field"] == "kind"
    assert answer["message"].startswith('unknown value "studi wisata"'), answer
    status, answer = server.call("visits", {**body, "host_bps_code": "35100"})
    assert status == 400 and answer["field"] == "host.bps_code", answer


def test_an_uploaded_report_is_imported_under_a_safe_name(server: Server) -> None:
    content = base64.b64encode(SEED.read_bytes()).decode()
    status, answer = server.call("import", {"filename": "../../../tmp/evil report.txt",
                                            "content_base64": content, "path": VISIT})
    assert status == 200, answer
    assert answer["path"].startswith("dinas/notebooks/visits/2022-")
    assert (server.root / answer["path"]).is_file()
    assert answer["report"].split("\n")[0] == say(
        "import.written", "id", path=(server.root / answer["path"]).resolve())
    assert all(isinstance(label, str) and label for label in answer["missing"])
    assert not (server.root.parent / "tmp").exists()
    status, answer = server.call("import", {"filename": "x.txt", "content_base64": "%%%"})
    assert status == 400 and answer["field"] == "content_base64"
    bare = base64.b64encode(b"Catatan singkat tanpa keterangan apa pun.").decode()
    status, answer = server.call("import", {"filename": "catatan.txt", "content_base64": bare,
                                            "path": VISIT, "lang": "en"})
    assert status == 400 and answer["needs"] == ["date", "host", "title"], answer
    assert answer["message"].startswith("catatan.txt: the report's text does not state")
    status, answer = server.call("import", {"filename": "catatan.txt", "content_base64": bare,
                                            "path": VISIT, "date": "2023-05-06",
                                            "host": "Kota Contoh", "title": "Catatan"})
    assert (status, answer["path"]) == (200, "dinas/notebooks/visits/2023-05-06-contoh.ipynb")


def test_render_this_visit(server: Server) -> None:
    status, answer = server.call("render", {"path": "dinas/tidak-ada.ipynb", "lang": "en"})
    assert (status, answer) == (400, {"message": say("lab.no_file", "en",
                                                     path="dinas/tidak-ada.ipynb")})
    status, answer = server.call("render", {"path": VISIT, "lang": "en"})
    assert status == 200, answer
    assert answer["summary"] and len(answer["briefs"]) == 8  # 2 audiences x 2 langs x html, pdf
    url = next(u for u in answer["briefs"] if u.endswith("teknis.id.html"))
    request = _request(server.base + url,
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:  # noqa: S310 (http)
        assert "SENTINEL-SUMMARY" in response.read().decode()


def test_a_visit_of_the_roots_project_is_previewed_at_ringkas_preview(tmp_path: Path) -> None:
    project = tmp_path / "dinas"
    project.mkdir()
    (project / "ringkas.toml").write_text(THEME, encoding="utf-8")
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("  - pelayanan-publik", "  - stunting")
    write(nb, project / "notebooks" / "visits")
    with running(project, tmp_path) as base:
        status, context = Server(base, project).call(
            "context", query="?path=notebooks/visits/2023-03-14-contoh.ipynb")
        assert (status, context["preview_url"]) == (200, "/ringkas/preview/2023-03-14-contoh")
        request = _request(f"{base}/ringkas/preview/2023-03-14-contoh",  # waits for a render
                           headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=WAIT) as response:  # noqa: S310 (http)
            panel = response.read().decode()
    assert "tidak dikenal" not in panel and say("preview.no_problems", "id") in panel, panel
