"""A section the visit did not cover, marked as not discussed: `Tidak dibahas.` /
`Not discussed.` as the cell's whole text, or the tag `not-discussed` (docs/format.md,
"Sections not discussed"). No warning; the technical report says so; the leadership brief
leaves it out; the knowledge base marks it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nbformat import NotebookNode

from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.validate import validate_notebook
from ringkas.render.exporters import render_html
from tests.notebooks import visit_notebook

LEADERSHIP, ROLES, SUMMARY = 6, 8, 3  # cells of visit_notebook()
PATH = Path("2023-03-14-contoh.ipynb")


def marked(number: int, text: str, *tags: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[number - 1].source = text
    nb.cells[number - 1].metadata["tags"] = [*nb.cells[number - 1].metadata["tags"], *tags]
    return nb


@pytest.mark.parametrize("text, tags", [
    ("Tidak dibahas.", ()), ("Not discussed.", ()), ("tidak dibahas", ()),
    ("", ("not-discussed",)), ("> Petunjuk: komitmen.\n", ("not-discussed",)),
    ("Tidak dibahas.", ("not-discussed",)),
])
def test_a_section_marked_not_discussed_gives_no_warning(text: str, tags: tuple[str, ...]) -> None:
    visit, problems = validate_notebook(marked(LEADERSHIP, text, *tags), PATH)
    assert problems == []
    assert visit is not None
    section = visit.section("leadership")
    assert section is not None and section.not_discussed and section.is_empty


def test_a_table_section_not_discussed_needs_no_table() -> None:
    visit, problems = validate_notebook(marked(ROLES, "Tidak dibahas."), PATH)
    assert problems == []
    assert visit is not None and visit.roles == []


def test_the_technical_report_says_so_and_the_leadership_brief_leaves_it_out() -> None:
    nb = marked(LEADERSHIP, "Tidak dibahas.")
    nb.cells[ROLES - 1].source = "Not discussed."
    day = dt.date(2024, 2, 29)
    teknis = render_html(nb, audience="teknis", lang="id", visit_id=PATH.stem, rendered_on=day)
    assert "Komitmen pimpinan daerah</h3>" in teknis
    assert teknis.count('class="not-discussed"') == 2
    assert "Tidak dibahas dalam kunjungan." in teknis
    english = render_html(nb, audience="teknis", lang="en", visit_id=PATH.stem, rendered_on=day)
    assert "Not discussed during the visit." in english
    pimpinan = render_html(nb, audience="pimpinan", lang="id", visit_id=PATH.stem,
                           rendered_on=day)
    assert "finding-leadership" not in pimpinan
    assert 'class="not-discussed"' not in pimpinan
    assert "Tidak dibahas" not in pimpinan


def test_the_knowledge_base_marks_it() -> None:
    visit, _ = validate_notebook(marked(LEADERSHIP, "Tidak dibahas."), PATH)
    assert visit is not None
    sections = KnowledgeBase.from_visits([visit]).sections
    row = sections[sections["tag"] == "leadership"]
    assert list(row["not_discussed"]) == [True]
    assert not sections[sections["tag"] == "summary"]["not_discussed"].any()


def test_a_required_section_cannot_be_left_undiscussed() -> None:
    visit, problems = validate_notebook(marked(SUMMARY, "Tidak dibahas."), PATH)
    assert visit is None
    assert [(p.cell, p.field, p.code) for p in problems] == [
        (SUMMARY, "summary", "section.not_discussed_required")]
    assert "required" in problems[0].text("en") and "summary" in problems[0].text("en")


def test_the_tag_on_a_cell_that_holds_text_is_an_error() -> None:
    _, problems = validate_notebook(marked(LEADERSHIP, "Bupati hadir.", "not-discussed"), PATH)
    assert [(p.cell, p.field, p.code) for p in problems] == [
        (LEADERSHIP, "leadership", "section.not_discussed_text")]


def test_the_tag_on_a_cell_without_a_section_is_an_error() -> None:
    nb = visit_notebook()
    nb.cells[LEADERSHIP - 1].metadata["tags"] = ["not-discussed"]
    _, problems = validate_notebook(nb, PATH)
    assert ("tag.needs_section", "not-discussed") in [(p.code, p.field) for p in problems]
