"""Tags and sections: unknown and misplaced tags; missing, repeated and empty sections; evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

from ringkas.contract.problems import Problem
from ringkas.contract.spec import OTHER_TAGS, SECTION_MARKS, SECTIONS
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import tagged, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
VALID_TAGS = ", ".join([*SECTIONS, *sorted(OTHER_TAGS)])
CELL = {tag: number for number, tag in enumerate(
    ["front", "parameters", "summary", "background", "purpose", "leadership", "innovation",
     "roles", "outcome", "lessons", "recommendations"], 1)}


def problems(nb: NotebookNode) -> list[Problem]:
    return validate_notebook(nb, PATH)[1]


def texts(nb: NotebookNode, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in problems(nb)]


def retag(tag: str, *tags: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[CELL[tag] - 1].metadata.tags = list(tags)
    return nb


def with_cell(cell: NotebookNode) -> NotebookNode:
    nb = visit_notebook()
    nb.cells.append(cell)
    return nb


# --- tags ---------------------------------------------------------------------------------

def test_an_unknown_tag() -> None:
    assert texts(with_cell(tagged(new_markdown_cell("Catatan."), "catatan"))) == [
        f"{PATH}, cell 12, tag \"catatan\": error: unknown tag \"catatan\". Valid tags: "
        f"{VALID_TAGS}."]


def test_a_typo_of_a_known_tag() -> None:
    nb = retag("summary", "sumary")
    assert texts(nb) == [
        f"{PATH}, cell 3, tag \"sumary\": error: unknown tag \"sumary\". Valid tags: "
        f"{VALID_TAGS}. Did you mean \"summary\"?",
        f"{PATH}, section \"summary\": error: required section \"summary\" (Ringkasan eksekutif) "
        "is missing. Add a markdown cell tagged \"summary\"."]
    assert texts(nb, "id")[0] == (
        f"{PATH}, sel 3, tag \"sumary\": galat: tag \"sumary\" tidak dikenal. Tag yang sah: "
        f"{VALID_TAGS}. Mungkin maksud Anda \"summary\"?")


def test_tags_are_case_sensitive_but_suggested() -> None:
    [unknown, _] = problems(retag("summary", "Summary"))
    assert unknown.text("en").endswith("Did you mean \"summary\"?")


@pytest.mark.parametrize("tag", sorted(OTHER_TAGS - {"parameters", "injected-parameters",
                                                     *SECTION_MARKS}))
def test_display_tags_are_allowed_on_any_cell(tag: str) -> None:
    # not-discussed and en change what a section cell means: tests/functional/test_not_discussed.py
    # and test_english_text.py
    assert problems(retag("outcome", "outcome", tag)) == []


def test_a_section_tag_on_the_wrong_cell_type() -> None:
    nb = visit_notebook()
    nb.cells[CELL["lessons"] - 1] = tagged(new_code_cell("print('pelajaran')"), "lessons")
    assert texts(nb) == [
        f"{PATH}, cell 10, tag \"lessons\": error: tag \"lessons\" belongs on a markdown cell, "
        "not a code cell.",
        f"{PATH}, section \"lessons\": warning: section \"lessons\" (Pelajaran) is absent; briefs "
        "will go without it."]
    assert texts(nb, "id")[0] == (
        f"{PATH}, sel 10, tag \"lessons\": galat: tag \"lessons\" harus berada pada sel "
        "markdown, bukan sel code.")


def test_a_section_tag_on_a_raw_cell() -> None:
    nb = with_cell(tagged(new_raw_cell("Konteks"), "context"))
    assert texts(nb) == [
        f"{PATH}, cell 12, tag \"context\": error: tag \"context\" belongs on a markdown cell, "
        "not a raw cell."]


def test_evidence_on_a_markdown_cell() -> None:
    assert [(p.cell, p.field, p.code) for p in problems(
        with_cell(tagged(new_markdown_cell("# Sumber: BPS"), "evidence")))] == [
        (12, "evidence", "tag.wrong_cell_type")]


def test_two_section_tags_on_one_cell() -> None:
    nb = retag("purpose", "purpose", "background")
    assert texts(nb) == [
        f"{PATH}, cell 5: error: this cell has two section tags (purpose, background). Give it "
        "one."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 5: galat: sel ini memiliki dua tag bagian (purpose, background). Beri satu "
        "tag saja."]


# --- sections -----------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "label"), [
    ("summary", "Ringkasan eksekutif"), ("background", "Latar belakang"),
    ("innovation", "Inovasi"), ("recommendations", "Rekomendasi")])
def test_each_required_section_missing(tag: str, label: str) -> None:
    nb = retag(tag)
    assert texts(nb) == [
        f"{PATH}, section \"{tag}\": error: required section \"{tag}\" ({label}) is "
        f"missing. Add a markdown cell tagged \"{tag}\"."]
    assert validate_notebook(nb, PATH)[0] is None


@pytest.mark.parametrize(("tag", "label"), [
    ("leadership", "Komitmen pimpinan daerah"), ("roles", "Peran OPD dan pemangku kepentingan"),
    ("lessons", "Pelajaran")])
def test_each_expected_section_missing_is_a_warning(tag: str, label: str) -> None:
    nb = retag(tag)
    assert texts(nb) == [
        f"{PATH}, section \"{tag}\": warning: section \"{tag}\" ({label}) is absent; "
        "briefs will go without it."]
    assert validate_notebook(nb, PATH)[0] is not None


@pytest.mark.parametrize("tag", ["purpose", "outcome"])
def test_optional_sections_may_be_left_out(tag: str) -> None:
    assert problems(retag(tag)) == []


def test_a_required_section_missing_in_indonesian() -> None:
    assert texts(retag("background"), "id") == [
        f"{PATH}, bagian \"background\": galat: bagian wajib \"background\" (Latar belakang) tidak "
        "ada. Tambahkan sel markdown bertag \"background\"."]


def test_a_section_twice() -> None:
    nb = with_cell(tagged(new_markdown_cell("Ringkasan kedua."), "summary"))
    assert texts(nb) == [
        f"{PATH}, cell 12, section \"summary\": error: section \"summary\" appears again (also in "
        "cell 3). Merge them into one cell."]


@pytest.mark.parametrize("tag", [t for t, s in SECTIONS.items() if s.repeatable])
def test_repeatable_sections_may_repeat(tag: str) -> None:
    source = "# Sumber: BPS\nx = 1" if tag == "evidence" else "### Lain\n\nTeks."
    cell = new_code_cell(source) if SECTIONS[tag].cell_type == "code" else new_markdown_cell(source)
    assert problems(with_cell(tagged(cell, tag))) == []


def test_an_empty_optional_section_is_a_warning_not_an_error() -> None:
    nb = visit_notebook()
    nb.cells[CELL["outcome"] - 1].source = ""
    [problem] = problems(nb)
    assert problem.text("en") == (
        f"{PATH}, cell 9, section \"outcome\": warning: section \"outcome\" (Hasil yang "
        "dilaporkan) "
        "is still empty.")
    assert problem.text("id") == (
        f"{PATH}, sel 9, bagian \"outcome\": peringatan: bagian \"outcome\" (Hasil yang "
        "dilaporkan) masih kosong.")
    assert validate_notebook(nb, PATH)[0] is not None


def as_draft(nb: NotebookNode) -> NotebookNode:
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed", "status: draft")
    return nb


def test_an_optional_section_holding_only_guidance_is_empty() -> None:
    nb = visit_notebook()
    nb.cells[CELL["lessons"] - 1].source = "> Petunjuk: pelajaran.\n\n> Guidance: lessons."
    assert [(p.cell, p.code, p.severity) for p in problems(nb)] == [
        (10, "section.empty", "warning")]


@pytest.mark.parametrize("status", ["draft", "reviewed"])
def test_a_blank_required_section_is_an_error_whatever_the_status(status: str) -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed", f"status: {status}")
    nb.cells[CELL["summary"] - 1].source = "  \n"
    visit, found = validate_notebook(nb, PATH)
    assert [p.text("en") for p in found] == [
        f"{PATH}, cell 3, section \"summary\": error: required section \"summary\" (Ringkasan "
        "eksekutif) is blank: its cell holds nothing. Write it; no brief is made without this "
        "section."]
    assert found[0].text("id") == (
        f"{PATH}, sel 3, bagian \"summary\": galat: bagian wajib \"summary\" (Ringkasan "
        "eksekutif) kosong: selnya tidak berisi apa pun. Tulis isinya; brief tidak dibuat tanpa "
        "bagian ini.")
    assert visit is None


def test_a_required_section_holding_only_guidance_is_a_warning_in_a_draft() -> None:
    nb = as_draft(visit_notebook())
    nb.cells[CELL["summary"] - 1].source = "> Petunjuk: 3-5 kalimat.\n\n> Guidance: short."
    visit, found = validate_notebook(nb, PATH)
    assert [(p.cell, p.code, p.severity) for p in found] == [(3, "section.unwritten", "warning")]
    assert visit is not None and visit.section("summary") is not None


@pytest.mark.parametrize("status", ["reviewed", "approved"])
def test_a_required_section_holding_only_guidance_is_an_error_once_reviewed(status: str) -> None:
    nb = visit_notebook()
    approver = ("\napproved:\n  name: Ani\n  position: Kepala Bappeda\n  date: 2023-03-20"
                if status == "approved" else "")
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed",
                                                    f"status: {status}{approver}")
    nb.cells[CELL["background"] - 1].source = "> Petunjuk: latar belakang."
    assert texts(nb) == [
        f"{PATH}, cell 4, section \"background\": error: required section \"background\" (Latar "
        f"belakang) is not written yet, but the status is \"{status}\". Write this section, or "
        "set the status back to \"draft\"."]


def test_a_spare_empty_cell_of_a_written_repeatable_section_is_only_a_warning() -> None:
    nb = with_cell(tagged(new_markdown_cell("> Petunjuk: satu sel untuk setiap inovasi."),
                          "innovation"))
    assert [(p.cell, p.code, p.severity) for p in problems(nb)] == [
        (12, "section.empty", "warning")]


def test_no_recommendation_rows_is_a_warning_in_a_draft_and_an_error_once_reviewed() -> None:
    header = "| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |\n| --- |" \
             " --- | --- | --- | --- |"
    nb = visit_notebook()
    nb.cells[CELL["recommendations"] - 1].source = header
    assert [(p.code, p.severity) for p in problems(nb)] == [("table.no_rows_final", "error")]
    assert [(p.code, p.severity) for p in problems(as_draft(nb))] == [("table.no_rows", "warning")]


def test_guidance_is_not_part_of_the_section() -> None:
    nb = visit_notebook()
    nb.cells[CELL["lessons"] - 1].source = "> Petunjuk: pelajaran.\nMulai dari yang kecil."
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    assert visit.section("lessons").text == "Mulai dari yang kecil."  # type: ignore[union-attr]


def test_untagged_cells_are_notes_and_not_read() -> None:
    nb = with_cell(new_markdown_cell("Catatan tim: ### **Sasaran:** | a |"))
    nb.cells.append(new_code_cell("import os"))
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    assert visit.code_cells == [13]


# --- evidence -----------------------------------------------------------------------------

def test_evidence_without_a_source() -> None:
    nb = with_cell(tagged(new_code_cell("# Judul: Angka\nprint(1)"), "evidence"))
    assert texts(nb) == [
        f"{PATH}, cell 12, section \"evidence\": error: an evidence cell must name its data source "
        "in a comment line, for example\n  # Source: BPS, Percentage of poor population (March)"]
    assert texts(nb, "id") == [
        f"{PATH}, sel 12, bagian \"evidence\": galat: sel evidence harus menyebut sumber datanya "
        "pada baris komentar, misalnya\n  # Sumber: BPS, Persentase Penduduk Miskin (Maret)"]


def test_an_empty_source_line_is_no_source() -> None:
    nb = with_cell(tagged(new_code_cell("# Sumber:\nprint(1)"), "evidence"))
    assert [p.code for p in problems(nb)] == ["evidence.no_source"]


@pytest.mark.parametrize(("source", "caption", "data_source"), [
    ("# Judul: Angka\n# Sumber: BPS\nx = 1", "Angka", "BPS"),
    ("# Caption: Figures\n# Source: BPS, 2023\nx = 1", "Figures", "BPS, 2023"),
    ("#sumber:BPS\nx = 1", None, "BPS"),
    ("# Sumber: BPS\n# Sumber: lain\nx = 1", None, "BPS"),
])
def test_evidence_caption_and_source(source: str, caption: str | None, data_source: str) -> None:
    visit, found = validate_notebook(with_cell(tagged(new_code_cell(source), "evidence")), PATH)
    assert found == [] and visit is not None
    [evidence] = visit.evidence
    assert (evidence.cell, evidence.caption, evidence.data_source) == (12, caption, data_source)
