"""Output paths come from validated visit ids only: nothing a user types or a notebook says
makes ringkas write outside its output folder.

Each test snapshots the whole temporary tree (the project and an `outside/` folder beside it),
runs `ringkas render`, and asserts that every file added, changed or removed is under
`briefs/`. Rendering uses `--no-execute` and HTML only: no kernel, no PDF, a second or two.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from tests.fixtures.hostile import make_hostile as hostile
from tests.notebooks import visit_notebook, write

Snapshot = dict[str, str]


def snapshot(root: Path) -> Snapshot:
    """Every file and folder under `root`: relative path -> content hash (or "dir")."""
    entries = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        entries[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


def changes(before: Snapshot, after: Snapshot) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def outside_briefs(changed: set[str]) -> set[str]:
    return {path for path in changed if path != "project/briefs"
            and not path.startswith("project/briefs/")}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """tmp_path/project (a ringkas project with one good visit) and tmp_path/outside."""
    project = tmp_path / "project"
    (project / "data" / "indicators").mkdir(parents=True)
    write(visit_notebook(), project / "notebooks" / "visits", "2023-03-14-contoh")
    (tmp_path / "outside" / "victim").mkdir(parents=True)
    (tmp_path / "outside" / "victim" / "keep.txt").write_text("must survive")
    (tmp_path / "etc").mkdir()
    return tmp_path


def render(root: Path, *args: str, cwd: Path | None = None,
           monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, ["--lang", "en", "--project", str(root / "project"), "render",
                                    "--no-execute", "--format", "html", "--brief-lang", "id",
                                    "--jobs", "1", *args])


HOSTILE_ARGUMENTS = ["../../etc/x", "2022-11-28-a/../../b", "../../../outside/victim",
                     "/etc/passwd", "2023-03-14-contoh/../../../etc", "2023-03-14-contoh\n",
                     "..", "."]


@pytest.mark.parametrize("argument", HOSTILE_ARGUMENTS)
def test_a_hostile_visit_argument_writes_nothing_outside_briefs(
        root: Path, argument: str, monkeypatch: pytest.MonkeyPatch) -> None:
    visits = root / "project" / "notebooks" / "visits"
    (visits / "2022-11-28-a").mkdir()  # so that "2022-11-28-a/../../b" resolves
    before = snapshot(root)
    result = render(root, argument, cwd=visits, monkeypatch=monkeypatch)
    changed = changes(before, snapshot(root))
    assert outside_briefs(changed) == set(), result.output
    if result.exit_code == 0:  # "." and ".." name folders holding the good visit: fine
        assert {p for p in changed if p.count("/") == 3} <= {
            f"project/briefs/2023-03-14-contoh/2023-03-14-contoh.{a}.id.{ext}"
            for a in ("pimpinan", "teknis") for ext in ("html", "ipynb")} | {
            "project/briefs/2023-03-14-contoh/revisions.json"}


def test_a_notebook_outside_the_project_gets_its_briefs_inside(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = write(visit_notebook(), root / "outside", "2023-03-14-luar")
    before = snapshot(root)
    result = render(root, "../../../outside/2023-03-14-luar.ipynb",
                    cwd=root / "project" / "notebooks" / "visits", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert outside_briefs(changes(before, snapshot(root))) == set()
    assert (root / "project" / "briefs" / "2023-03-14-luar" /
            "2023-03-14-luar.teknis.id.html").exists()
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["2023-03-14-luar.ipynb", "victim"]


BAD_NAMES = ["..2023-03-14-a.ipynb", "2023-03-14-a..ipynb", "...ipynb", "..ipynb",
             "2023-03-14-a\n.ipynb", "2023-03-14-A.ipynb", "2023-03-14-a b.ipynb",
             "2023-03-14-..-x.ipynb"]


def test_notebooks_named_with_dots_fail_their_check_and_write_nothing(root: Path) -> None:
    visits = root / "project" / "notebooks" / "visits"
    for name in BAD_NAMES:
        write(visit_notebook(), visits, name.removesuffix(".ipynb"))
    assert len(list(visits.iterdir())) == len(BAD_NAMES) + 1
    before = snapshot(root)
    result = render(root)
    assert result.exit_code == 1
    assert "2 briefs made (2 files), 0 unchanged, 8 visits failed." in result.output
    changed = changes(before, snapshot(root))
    assert outside_briefs(changed) == set()
    folders = {p.name for p in (root / "project" / "briefs").iterdir() if p.is_dir()}
    assert folders == {"2023-03-14-contoh"}


def test_a_notebook_whose_text_looks_like_paths_renders_into_its_own_folder(root: Path) -> None:
    fixture = Path(hostile.__file__).parent / f"{hostile.PATHS_ID}.ipynb"
    visits = root / "project" / "notebooks" / "visits"
    shutil.copy(fixture, visits / fixture.name)
    before = snapshot(root)
    result = render(root)
    assert result.exit_code == 0, result.output
    changed = changes(before, snapshot(root))
    assert outside_briefs(changed) == set()
    folder, stem = root / "project" / "briefs" / hostile.PATHS_ID, hostile.PATHS_ID
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(
        f"{stem}.{a}.id.{ext}" for a in ("pimpinan", "teknis") for ext in ("html", "ipynb")),
        "revisions.json"])
    assert "../../../../outside/title" in (folder / f"{stem}.teknis.id.html").read_text()
    assert not (root / "outside" / "title").exists() and not (root.parent / "outside").exists()


def test_a_tampered_manifest_cannot_make_render_delete_outside_briefs(root: Path) -> None:
    assert render(root).exit_code == 0
    manifest = root / "project" / "briefs" / ".ringkas-manifest.json"
    data = json.loads(manifest.read_text())
    # every one of them points inside tmp_path: should the guard ever break, this test must
    # fail without deleting anything of the machine's
    absolute = str(root / "outside" / "victim")
    for evil in ("../../outside/victim", "../outside", absolute, "2023-03-14-x/../../../outside",
                 "2023-03-14-x\n"):
        data["visits"][evil] = {"outputs": {}, "has_code": False}
    manifest.write_text(json.dumps(data))
    before = snapshot(root)
    result = render(root, "--force")
    assert result.exit_code == 0, result.output
    assert outside_briefs(changes(before, snapshot(root))) == set()
    assert (root / "outside" / "victim" / "keep.txt").read_text() == "must survive"
