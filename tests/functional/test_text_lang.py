"""The language a visit is written in: `text_lang` in the front matter (default `id`;
docs/format.md, "English text"). A visit written in English gets no "in Indonesian" note in its
English brief, and its Indonesian brief says plainly that the text is in English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from ringkas.authoring.importing.facts import text_language
from ringkas.cli import cli
from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.validate import validate_notebook
from ringkas.render.exporters import render_html
from tests.notebooks import tagged, visit_notebook, write

PATH = Path("2023-03-14-contoh.ipynb")
DAY = dt.date(2024, 2, 29)
IN_INDONESIAN = "The text of this brief is in Indonesian"
IN_ENGLISH = "Teks ringkasan ini berbahasa Inggris"


def english_visit() -> object:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed",
                                                    "status: reviewed\ntext_lang: en")
    return nb


def test_text_lang_defaults_to_indonesian_and_reads_a_label() -> None:
    visit, _ = validate_notebook(visit_notebook(), PATH)
    assert visit is not None and visit.text_lang == "id"
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed",
                                                    "status: reviewed\ntext_lang: English")
    visit, problems = validate_notebook(nb, PATH)
    assert problems == [] and visit is not None and visit.text_lang == "en"
    assert KnowledgeBase.from_visits([visit]).visits["text_lang"].tolist() == ["en"]


def test_an_english_visit_has_no_indonesian_note_in_english() -> None:
    for audience in ("pimpinan", "teknis"):
        html = render_html(english_visit(), audience=audience, lang="en", visit_id=PATH.stem,
                           rendered_on=DAY)
        assert 'class="language-note"' not in html and IN_INDONESIAN not in html
    html = render_html(visit_notebook(), audience="teknis", lang="en", visit_id=PATH.stem,
                       rendered_on=DAY)
    assert IN_INDONESIAN in html  # the same visit written in Indonesian still says so


def test_the_indonesian_brief_of_an_english_visit_says_it_is_in_english() -> None:
    html = render_html(english_visit(), audience="pimpinan", lang="id", visit_id=PATH.stem,
                       rendered_on=DAY)
    assert f'<p class="language-note">{IN_ENGLISH}' in html
    html = render_html(visit_notebook(), audience="pimpinan", lang="id", visit_id=PATH.stem,
                       rendered_on=DAY)
    assert 'class="language-note"' not in html


def test_check_counts_every_section_of_an_english_visit_as_english(tmp_path: Path) -> None:
    path = write(english_visit(), tmp_path)
    visit, _ = validate_notebook(english_visit(), path)
    assert visit is not None
    english, written = visit.english_sections
    assert english == written > 0
    result = CliRunner().invoke(cli, ["--lang", "en", "check", str(path)])
    assert f"English text in {written} of {written} sections." in result.output


def test_an_indonesian_visit_with_one_english_cell_still_counts_one() -> None:
    nb = visit_notebook()
    from nbformat.v4 import new_markdown_cell

    nb.cells.insert(3, tagged(new_markdown_cell("In English."), "summary", "en"))
    visit, _ = validate_notebook(nb, PATH)
    assert visit is not None and visit.english_sections[0] == 1


def test_the_importer_tells_english_from_indonesian() -> None:
    english = ("The delegation of the regional planning agency visited the district to learn "
               "how the one-stop service for the poor is run, and which of its programmes are "
               "funded by the village budget. The head of the district has been in charge of "
               "the programme from the start, and it is evaluated every year by the agency.")
    indonesian = ("Rombongan Bappeda berkunjung ke kabupaten untuk mempelajari layanan terpadu "
                  "bagi warga miskin yang dikelola oleh dinas sosial dan pemerintah desa, serta "
                  "program yang didanai dari dana desa dan dievaluasi setiap tahun oleh Bappeda.")
    assert (text_language(english), text_language(indonesian)) == ("en", "id")


def test_an_english_report_imports_as_text_lang_en(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("Study visit to Batu City\n\nThe delegation of the agency visited the city "
                      "to learn how the one-stop service for the poor is run, and which of its "
                      "programmes are funded by the village budget. The mayor has been in "
                      "charge of the programme from the start, and it is evaluated every year.\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", str(report),
                                      "--date", "2024-05-06", "--host", "Kota Batu"])
    assert result.exit_code == 0, result.output
    notebook = tmp_path / "notebooks" / "visits" / "2024-05-06-batu.ipynb"
    assert "text_lang: en" in notebook.read_text(encoding="utf-8")
