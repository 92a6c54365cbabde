"""What the panel's routes share, without a server: paths kept under the root, the project found
from the notebook's folder, problems as JSON, the contract as the form sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ringkas.contract.problems import MessageError, Problem
from ringkas.i18n.messages import say
from ringkas.preview import lab_context as ctx
from ringkas.project.paths import Project
from tests.notebooks import visit_notebook, write

THEME = '[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\nen = "Stunting reduction"\n'


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """A server root holding a project one folder down, and a link leading out of the root."""
    project = tmp_path / "root" / "dinas"
    project.mkdir(parents=True)
    (project / "ringkas.toml").write_text(THEME, encoding="utf-8")
    write(visit_notebook(), project / "notebooks" / "visits")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rahasia.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "root" / "keluar").symlink_to(outside, target_is_directory=True)
    yield tmp_path / "root"


def test_a_notebook_is_found_with_its_own_project(root: Path) -> None:
    place = ctx.resolve(root, "dinas/notebooks/visits/2023-03-14-contoh.ipynb")
    assert place.project == Project((root / "dinas").resolve())
    assert place.relative == "dinas/notebooks/visits/2023-03-14-contoh.ipynb"


@pytest.mark.parametrize("given", ["../outside/rahasia.ipynb", "/etc/passwd",
                                   "keluar/rahasia.ipynb", "dinas/../../outside/rahasia.ipynb"])
def test_a_path_leaving_the_root_is_refused(root: Path, given: str) -> None:
    with pytest.raises(MessageError) as caught:
        ctx.resolve(root, given)
    assert caught.value.code == "lab.outside_root"


@pytest.mark.parametrize("given", ["", None, 3, "a\0b"])
def test_a_path_that_is_no_path_is_refused(root: Path, given: object) -> None:
    with pytest.raises(MessageError) as caught:
        ctx.resolve(root, given)
    assert caught.value.code == "lab.bad_path"


def test_a_missing_notebook_is_refused(root: Path) -> None:
    with pytest.raises(MessageError) as caught:
        ctx.resolve(root, "dinas/notebooks/visits/belum-disimpan.ipynb")
    assert caught.value.text("en") == say("lab.no_file", "en",
                                          path="dinas/notebooks/visits/belum-disimpan.ipynb")


def test_a_problem_names_the_cell_by_its_index_and_gives_checks_message() -> None:
    problem = Problem(Path("v.ipynb"), 1, "date", "fm.not_date", {"value": "2022-02-30"})
    answer = ctx.problem_json(problem, "en")
    assert answer == {"severity": "error", "message": say("fm.not_date", "en", value="2022-02-30"),
                      "cell": 0, "field": "date", "line": None, "code": "fm.not_date",
                      "row": None, "text": problem.text("en")}
    whole = Problem(Path("v.ipynb"), None, None, "fm.missing")
    assert ctx.problem_json(whole, "id")["cell"] is None


def test_the_projects_own_themes_are_choices_of_the_form(root: Path) -> None:
    themes = next(f for f in ctx.fields_json("id") if f["key"] == "themes")
    assert "stunting" not in [c["value"] for c in themes["choices"]]
    vocabulary = ctx.settings_of(Project(root / "dinas")).vocabulary
    themes = next(f for f in ctx.fields_json("en", vocabulary) if f["key"] == "themes")
    assert {"value": "stunting", "label": "Stunting reduction"} in themes["choices"]


def test_the_form_follows_the_skeleton() -> None:
    keys = [f["key"] for f in ctx.fields_json("id")]
    assert keys[:5] == ["title", "date", "kind", "host", "home"]
    assert "reviewed" not in keys and "approved" not in keys and "status" in keys
    skeleton = ctx.skeleton_json()
    assert skeleton["innovation"]["tags"] == ["innovation"]  # type: ignore[index]
    assert skeleton["recommendation_row"]["row"] == ["", "", "", "", "usulan"]  # type: ignore
    timeline = ctx.tables_json("en")["recommendations"]["columns"][2]  # type: ignore[index]
    assert timeline["key"] == "timeline" and timeline["help"] == say("lab.help.timeline", "en")
