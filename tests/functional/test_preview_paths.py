"""The preview server refuses everything outside the project, and its pages run only its own
script: path traversal, absolute paths, symbolic links out of the project, unknown ids and
unknown audiences get 404 and nothing else. No kernel starts: every request here is refused
before a render, or is the visit list (which only checks notebooks). Every request brings the
server's token (test_preview_access.py is about the requests that do not)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tornado.testing import AsyncHTTPTestCase

from ringkas.contract.links import inside
from ringkas.preview.previews import Previews
from ringkas.preview.server import application
from ringkas.preview.session import staged_files
from ringkas.preview.watch import ignored
from ringkas.project.paths import Project
from tests.notebooks import visit_notebook, write

VISIT = "2023-03-14-contoh"
TOKEN = "token-of-the-paths-test"  # noqa: S105 (the test server's own)
REFUSED = [
    "/preview/../../etc/passwd",
    "/preview/..%2F..%2Fetc%2Fpasswd",
    "/preview/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/brief.html",
    "/preview/%2Fetc%2Fpasswd",
    "/preview//etc/passwd",
    "/preview/etc/passwd",
    "/preview/2023-01-01-luar",  # a symbolic link to a notebook outside the project
    "/preview/2023-01-01-luar/brief.html",
    "/preview/2099-01-01-tidak-ada",
    "/preview/2099-01-01-tidak-ada/events",
    f"/preview/{VISIT}?audience=semua",
    f"/preview/{VISIT}/brief.pdf?lang=fr",
    f"/preview/{VISIT}.ipynb",
    "/preview/..",
]


def make_project(root: Path) -> Project:
    write(visit_notebook(), root / "project" / "notebooks" / "visits", VISIT)
    (root / "project" / "data" / "indicators").mkdir(parents=True)
    outside = write(visit_notebook(), root / "elsewhere", "2023-01-01-luar")
    (root / "project" / "notebooks" / "visits" / "2023-01-01-luar.ipynb").symlink_to(outside)
    return Project(root / "project")


class PreviewPaths(AsyncHTTPTestCase):
    tmp: Path

    def get_app(self):  # type: ignore[no-untyped-def]
        self.previews = Previews(make_project(self.tmp), watch=False)
        return application(self.previews, token=TOKEN)

    def tearDown(self) -> None:
        super().tearDown()
        self.previews.close()


@pytest.fixture
def client(tmp_path: Path) -> PreviewPaths:
    case = PreviewPaths("run")
    case.tmp = tmp_path
    case.setUp()
    yield case
    case.tearDown()


@pytest.mark.parametrize("path", REFUSED)
def test_a_path_outside_the_project_gets_404_and_nothing_else(client: PreviewPaths,
                                                              path: str) -> None:
    response = client.fetch(path, follow_redirects=False,
                            headers={"Authorization": f"token {TOKEN}"})
    assert response.code == 404
    assert response.body == b"404 Not Found\n"
    assert client.previews.sessions == {}  # nothing was rendered, no kernel started


def test_the_list_shows_the_project_s_visits_only(client: PreviewPaths) -> None:
    response = client.fetch(f"/preview/?token={TOKEN}")
    page = response.body.decode()
    assert response.code == 200 and f'href="{VISIT}"' in page
    assert "2023-01-01-luar" not in page
    assert client.fetch(f"/?token={TOKEN}", follow_redirects=False).headers["Location"] == (
        f"/preview/?token={TOKEN}")  # the token goes along


def test_a_page_runs_only_the_script_its_policy_names(client: PreviewPaths) -> None:
    response = client.fetch(f"/preview/?token={TOKEN}")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)[1]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert re.findall(r"<(?:script|style)\b[^>]*>", response.body.decode()) == [
        f'<style nonce="{nonce}">']
    assert client.fetch(f"/preview/?token={TOKEN}").headers[
        "Content-Security-Policy"] != csp  # fresh nonce


def test_inside_follows_symbolic_links(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert inside(project.visits_dir / f"{VISIT}.ipynb", project.root)
    assert not inside(project.visits_dir / "2023-01-01-luar.ipynb", project.root)
    assert set(Previews(project, watch=False).notebooks()) == {VISIT}


def test_staged_files_are_named_by_file_name() -> None:
    assert staged_files({"v/x.pdf": b"%PDF", "v/x.html": b"<html>"}) == {
        "x.pdf": b"%PDF", "x.html": b"<html>"}


@pytest.mark.parametrize(("name", "skipped"), [
    ("notebooks/visits/a.ipynb", False), ("data/indicators/x.csv", False),
    ("notebooks/visits/.~a.ipynb", True), ("notebooks/visits/.ipynb_checkpoints/a.ipynb", True),
    ("data/x.csv~", True), ("templates/brief/.index.html.j2.swp", True)])
def test_the_watcher_ignores_temporaries(name: str, skipped: bool) -> None:
    assert ignored(Path("/p") / name) is skipped


def test_the_command_refuses_a_notebook_outside_the_project(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ringkas.cli import cli

    project = make_project(tmp_path)
    outside = tmp_path / "elsewhere" / "2023-01-01-luar.ipynb"
    result = CliRunner().invoke(cli, ["--lang", "en", "--project", str(project.root), "preview",
                                      str(outside), "--no-browser"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {outside} is outside the project {project.root}; the preview shows only "
        "notebooks inside the project. Use --project to choose its project.\n")
    result = CliRunner().invoke(cli, ["--project", str(project.root), "preview",
                                      "2099-01-01-tidak-ada", "--no-browser"])
    assert result.exit_code == 1 and "2099-01-01-tidak-ada" in result.output
