"""A project's own settings reach every place that holds them for long, and follow the file.

ringkas.toml is read once per command and passed on as a `ProjectSettings` value; a process that
lives long (the preview, standalone or inside Jupyter, and `render --watch`) reads it again
when it changes. A project theme ([[theme]]) is the probe: it is valid only in its project,
and its label shows in the brief. Each server a test starts binds 127.0.0.1 and is stopped by
the test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ringkas import api
from ringkas.build.jobs import RenderOptions
from ringkas.build.watch import Watch
from ringkas.contract import spec as C
from ringkas.preview.previews import Previews
from ringkas.project.paths import Project
from tests.integration.test_preview import fetch
from tests.jupyter_server import TOKEN, running_jupyter
from tests.notebooks import ROOT, visit_notebook, write

pytestmark = pytest.mark.slow
VISIT = "2023-03-14-contoh"
WAIT = 180.0  # seconds: generous, a loaded machine is slow; nothing here asserts a speed
THEME = '[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\nen = "{en}"\n'


def project(root: Path, en: str = "Stunting reduction") -> Path:
    """A project whose one visit (no code to run) has the project's own theme."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "ringkas.toml").write_text(THEME.format(en=en), encoding="utf-8")
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("  - pelayanan-publik", "  - stunting")
    write(nb, root / "notebooks" / "visits", VISIT)
    return root


@pytest.fixture(autouse=True)
def builtin_vocabulary() -> Iterator[None]:
    """No test changes the built-in vocabulary: a project's themes are its own value."""
    before = dict(C.THEMES)
    yield
    assert before == C.THEMES


def test_the_preview_knows_the_theme_and_follows_ringkas_toml(tmp_path: Path) -> None:
    root = project(tmp_path)
    previews = Previews(Project(root), lang="en")
    try:
        session = previews.session(VISIT)
        assert session is not None
        view = session.wait("pimpinan", "en", lambda v: not v.busy and v.html is not None, WAIT)
        assert view.error is None and not [p for p in view.problems if p.is_error]
        assert "Stunting reduction" in (view.html or "")
        assert [e.errors for e in previews.entries()] == [0]
        (root / "ringkas.toml").write_text(THEME.format(en="Stopping stunting"), "utf-8")
        view = session.wait("pimpinan", "en",
                            lambda v: not v.busy and "Stopping stunting" in (v.html or ""), WAIT)
        assert "Stopping stunting" in (view.html or "")
    finally:
        previews.close()


def test_a_broken_ringkas_toml_is_said_in_the_preview(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "ringkas.toml").write_text("[[theme]]\ncode = 'x'\n", encoding="utf-8")
    previews = Previews(Project(root), lang="en")
    try:
        session = previews.session(VISIT)
        assert session is not None
        view = session.wait("pimpinan", "en", lambda v: not v.busy and v.error is not None, WAIT)
        assert view.error is not None and "ringkas.toml" in view.error.text("en")
    finally:
        previews.close()


def test_the_watch_reads_ringkas_toml_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    where = Project(root)
    lines: list[str] = []
    options = RenderOptions(out=where.briefs_dir, data_dir=where.data_dir,
                            settings=api.settings_of(where))
    watch = Watch(where, options, "en", lines.append)
    (root / "ringkas.toml").write_text(THEME.format(en="Stopping stunting"), "utf-8")
    [theme] = watch.settings(options).themes
    assert theme.label("en") == "Stopping stunting"
    (root / "ringkas.toml").write_text("[[theme]]\ncode = 'x'\n", encoding="utf-8")
    assert watch.settings(options) is options.settings  # the last good ones are kept
    assert len(lines) == 1 and "ringkas.toml" in lines[0]
    watch.watched = watch.folders()
    assert watch.wanted(None, str((root / "ringkas.toml").resolve()))


def test_synthesize_takes_the_project_s_theme(tmp_path: Path) -> None:
    root = project(tmp_path)
    shutil.copy(ROOT / "notebooks" / "knowledge-base.ipynb", root / "notebooks")
    written = api.synthesize("Stunting reduction", langs=("en",), formats=("html",),
                             catalogue="en", project=root)
    [page] = [p for p in written if p.suffix == ".html"]
    assert page.name == "stunting.en.html"
    html = page.read_text(encoding="utf-8")
    assert "Stunting reduction" in html and "1" in html
    catalogue = (root / "briefs" / "index.html").read_text(encoding="utf-8")
    assert "synthesis/stunting.en.html" in catalogue


def test_the_jupyter_preview_knows_the_theme(tmp_path: Path) -> None:
    """The issue's report: inside JupyterLab a project theme was "nilai tidak dikenal"."""
    root = project(tmp_path / "project")
    with running_jupyter(root, tmp_path) as base:
        brief = f"{base}/ringkas/preview/{VISIT}/brief.html?audience=pimpinan&lang=en"
        status, html = fetch(f"{brief}&token={TOKEN}")
    assert status == 200
    assert "Stunting reduction" in html and "unknown value" not in html


def test_synthesize_works_in_a_project_made_by_init(tmp_path: Path) -> None:
    """init writes no synthesis notebook: the one ringkas ships is used."""
    root = tmp_path / "kb"
    api.init_project(root, agency="Bappeda Kota Contoh")
    assert not (root / "notebooks" / "knowledge-base.ipynb").exists()
    project(root)
    written = api.synthesize("stunting", langs=("id",), formats=("html",), catalogue=None,
                             project=root)
    assert [p.name for p in written] == ["stunting.id.html", "stunting.id.ipynb"]
    assert "Penurunan stunting" in written[0].read_text(encoding="utf-8")
    assert api.synthesize("stunting", langs=("id",), formats=("html",), catalogue=None,
                          project=root) == []  # unchanged: nothing rendered again
