"""English text: a section's English version is a sibling cell tagged with the section and
`en` (docs/format.md, "English text"). The English brief uses it, says plainly which text is
still in Indonesian, and `ringkas check` counts the sections that have English text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from ringkas.cli import cli
from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.validate import validate_notebook
from ringkas.render.exporters import render_html
from tests.notebooks import tagged, visit_notebook, write

PATH = Path("2023-03-14-contoh.ipynb")
DAY = dt.date(2024, 2, 29)
SUMMARY, INNOVATION = 3, 7  # cells of visit_notebook()


def with_english(*pairs: tuple[int, str]) -> NotebookNode:
    """The visit with an English cell after each given (cell, text), last first."""
    nb = visit_notebook()
    for number, text in sorted(pairs, reverse=True):
        tag = nb.cells[number - 1].metadata["tags"][0]
        cell = tagged(new_markdown_cell(text), tag, "en")
        cell.id = f"en-{number}"
        nb.cells.insert(number, cell)
    return nb


ENGLISH = with_english((SUMMARY, "Summary SENTINEL-EN of the visit."),
                       (INNOVATION, "### Mobile Service\n\nA van SENTINEL-INNO visits wards."))


def test_english_cells_are_read_beside_the_indonesian() -> None:
    visit, problems = validate_notebook(ENGLISH, PATH)
    assert problems == []
    assert visit is not None
    summary = visit.section("summary")
    assert summary is not None and summary.en == "Summary SENTINEL-EN of the visit."
    assert "SENTINEL-SUMMARY" in summary.text
    innovation = visit.innovations[0]
    assert (innovation.name, innovation.en_name) == ("Layanan Keliling", "Mobile Service")
    assert innovation.en_description == "A van SENTINEL-INNO visits wards."
    assert visit.english_sections == (2, 9)


def test_the_english_brief_uses_it_and_names_what_is_in_indonesian() -> None:
    for audience in ("pimpinan", "teknis"):
        html = render_html(ENGLISH, audience=audience, lang="en", visit_id=PATH.stem,
                           rendered_on=DAY)
        assert "SENTINEL-EN" in html and "SENTINEL-SUMMARY" not in html
        assert "Mobile Service" in html
        note = html.split('class="language-note"', 1)[1].split("</p>", 1)[0]
        assert "in Indonesian" in note and "Lessons" in note
        assert "Executive summary" not in note
        assert html.count('class="language-note"') == 1
    indonesian = render_html(ENGLISH, audience="teknis", lang="id", visit_id=PATH.stem,
                             rendered_on=DAY)
    assert "SENTINEL-SUMMARY" in indonesian and "SENTINEL-EN" not in indonesian
    assert "language-note" not in indonesian.split("</style>")[-1]


def test_an_english_brief_with_no_english_text_says_so_once() -> None:
    html = render_html(visit_notebook(), audience="teknis", lang="en", visit_id=PATH.stem,
                       rendered_on=DAY)
    body = html.split("</style>")[-1]
    assert body.count('class="language-note"') == 1
    assert "The text of this brief is in Indonesian" in body


def test_the_knowledge_base_holds_the_english_text() -> None:
    visit, _ = validate_notebook(ENGLISH, PATH)
    assert visit is not None
    sections = KnowledgeBase.from_visits([visit]).sections.set_index("tag")
    assert sections.loc["summary", "text_en"] == "Summary SENTINEL-EN of the visit."
    assert sections["text_en"].isna().sum() == len(sections) - 2


def test_check_counts_the_sections_with_english_text(tmp_path: Path) -> None:
    path = write(ENGLISH, tmp_path)
    result = CliRunner().invoke(cli, ["--lang", "en", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}: English text in 2 of 9 sections.\n" in result.stdout
    assert result.stdout.endswith("1 notebook checked: 0 errors, 0 warnings.\n")


def test_an_english_cell_must_follow_its_section() -> None:
    nb = visit_notebook()
    cell = tagged(new_markdown_cell("Lessons in English."), "lessons", "en")
    nb.cells.insert(4, cell)  # after the background, far from the lessons
    _, problems = validate_notebook(nb, PATH)
    assert [(p.cell, p.field, p.code) for p in problems] == [(5, "lessons", "section.en_orphan")]


def test_two_english_cells_for_one_section_are_an_error() -> None:
    nb = with_english((SUMMARY, "One."))
    cell = tagged(new_markdown_cell("Two."), "summary", "en")
    nb.cells.insert(4, cell)
    _, problems = validate_notebook(nb, PATH)
    assert [(p.cell, p.field, p.code) for p in problems] == [
        (5, "summary", "section.en_duplicate")]
