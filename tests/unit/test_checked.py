"""A notebook validated once in the plan: the visit its render unit uses has the cell numbers of
the notebook papermill prepared (one cell more, the injected parameters), and the author's own
numbers in its warnings (`ringkas.notebook.checked`)."""

from __future__ import annotations

import base64
import dataclasses
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell

from ringkas.contract.model import Visit
from ringkas.notebook.checked import CheckedVisit, injection_point, prepared_number
from ringkas.notebook.read import check_notebook
from ringkas.notebook.validate import validate_notebook
from ringkas.render.execute import prepare
from tests.images import blank_png
from tests.notebooks import EXAMPLE, tagged, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
PARAMETERS = {"lang": "en", "audience": "teknis"}


def rich_notebook() -> NotebookNode:
    """Every kind of numbered cell: English, evidence, a pasted photo, a code warning."""
    nb = visit_notebook(evidence=True)
    english = tagged(new_markdown_cell("Summary in English."), "summary", "en")
    nb.cells.insert(3, english)
    photos = tagged(new_markdown_cell('![Loket](attachment:loket.png "Foto: Tim")'),
                    "dokumentasi")
    photos.attachments = {"loket.png": {"image/png": base64.b64encode(blank_png(64, 48)).decode()}}
    nb.cells.append(photos)
    nb.cells.append(new_code_cell("import requests\nrequests.get('https://example.org')"))
    return nb


def numbered(visit: Visit) -> Visit:
    """`visit` without what a render never reads by cell number: its parameters (papermill's
    values override the notebook's) and warnings (said to the author)."""
    return dataclasses.replace(visit, parameters={}, warnings=[])


def validated(nb: NotebookNode) -> Visit:
    visit, problems = validate_notebook(nb, PATH)
    assert visit is not None, problems
    return visit


@pytest.mark.parametrize("make", [rich_notebook, lambda: visit_notebook()],
                         ids=["rich", "plain"])
def test_the_visit_in_the_prepared_notebook_is_the_one_validated_there(
        make: Callable[[], NotebookNode]) -> None:
    nb = make()
    checked = CheckedVisit.of(nb, validated(nb))
    prepared = prepare(nb, PARAMETERS, PATH.name)
    moved = checked.in_prepared(prepared)
    assert numbered(moved) == numbered(validated(prepared))  # what the worker validated before
    assert moved.warnings == checked.visit.warnings  # the author's cell numbers


def test_the_rich_notebook_has_every_numbered_part_after_the_parameters() -> None:
    visit = validated(rich_notebook())
    assert visit.evidence and visit.photos and visit.innovations and visit.roles
    assert visit.recommendations and visit.section("summary").en_cell == 4  # type: ignore[union-attr]
    assert {w.cell for w in visit.warnings} == {len(rich_notebook().cells)}  # the network call
    moved = CheckedVisit.of(rich_notebook(), visit).in_prepared(
        prepare(rich_notebook(), PARAMETERS, PATH.name))
    assert moved.section("summary").en_cell == 5  # type: ignore[union-attr]
    assert moved.evidence[0].cell == visit.evidence[0].cell + 1
    assert moved.photos[0].cell == visit.photos[0].cell + 1


def test_the_example_visit_too() -> None:
    checked = check_notebook(EXAMPLE)
    prepared = prepare(checked.notebook, PARAMETERS, EXAMPLE.name)
    assert checked.injected_at == 3  # after its parameters cell, the third
    assert numbered(checked.in_prepared(prepared)) == numbered(
        validate_notebook(prepared, EXAMPLE)[0])  # type: ignore[arg-type]


def test_papermill_puts_its_cell_after_the_parameters_or_replaces_its_own() -> None:
    nb = visit_notebook()
    assert injection_point(nb) == 2  # front matter, parameters
    nb.cells.insert(1, tagged(new_markdown_cell("Konteks."), "context"))  # before parameters
    assert injection_point(nb) == 3
    prepared = prepare(nb, PARAMETERS, PATH.name)
    assert "injected-parameters" in prepared.cells[3].metadata["tags"]
    moved = CheckedVisit.of(nb, validated(nb)).in_prepared(prepared)
    assert moved.section("context").cell == 2  # type: ignore[union-attr]
    assert moved.section("summary").cell == 5  # type: ignore[union-attr]
    assert numbered(moved) == numbered(validated(prepared))
    assert injection_point(prepared) is None  # prepared again: replaced in place
    again = CheckedVisit.of(prepared, validated(prepared))
    assert again.in_prepared(prepare(prepared, PARAMETERS, PATH.name)) is again.visit
    assert [prepared_number(n, 3) for n in (1, 3, 4)] == [1, 3, 5]
    assert [prepared_number(n, None) for n in (1, 3, 4)] == [1, 3, 4]


def test_a_notebook_papermill_prepared_another_way_is_refused_not_misnumbered() -> None:
    nb = visit_notebook()
    checked = CheckedVisit(nb, validated(nb), 5)  # not where papermill puts it
    with pytest.raises(RuntimeError, match="after cell 5"):
        checked.in_prepared(prepare(nb, PARAMETERS, PATH.name))
    replaced = CheckedVisit(nb, checked.visit, None)  # as if it had the cell: none is added
    with pytest.raises(RuntimeError, match="in place of the notebook's own"):
        replaced.in_prepared(prepare(nb, PARAMETERS, PATH.name))


def test_a_checked_visit_survives_pickling() -> None:
    checked = check_notebook(EXAMPLE)
    copy = pickle.loads(pickle.dumps(checked))
    assert copy.visit == checked.visit and copy.notebook == checked.notebook
    assert copy.injected_at == checked.injected_at
