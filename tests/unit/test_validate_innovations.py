"""Innovation cells: a heading naming the innovation, prose, and `**Field:** value` lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from ringkas.contract.model import Innovation
from ringkas.contract.problems import Problem
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import tagged, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
AT = f"{PATH}, cell 7"
VALID_FIELDS = "Sasaran, Mulai, Pendanaan, OPD pengampu, Bukti, Bentuk, Sumber"


def with_innovation(source: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[6].source = source
    return nb


def problems(nb: NotebookNode) -> list[Problem]:
    return validate_notebook(nb, PATH)[1]


def texts(nb: NotebookNode, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in problems(nb)]


def innovation(source: str) -> Innovation:
    visit, found = validate_notebook(with_innovation(source), PATH)
    assert found == [] and visit is not None
    [result] = visit.innovations
    return result


def test_an_innovation_without_a_name() -> None:
    nb = with_innovation("Mobil layanan datang ke kelurahan.\n\n- **Sasaran:** lansia")
    assert texts(nb) == [
        f"{AT}, section \"innovation\": error: an innovation cell must start with a heading naming "
        "the innovation, for example \"### Rantang Kasih\"."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 7, bagian \"innovation\": galat: sel inovasi harus diawali judul berisi nama "
        "inovasi, misalnya \"### Rantang Kasih\"."]


@pytest.mark.parametrize("source", ["#", "### ", "**Layanan**\n\nTeks.", "Teks.\n\n### Nama"])
def test_a_heading_that_names_nothing_or_comes_late(source: str) -> None:
    assert [p.code for p in problems(with_innovation(source))] == ["innovation.no_name"]


def test_an_unknown_field_with_a_suggestion() -> None:
    nb = with_innovation("### Layanan\n\n- **Sasran:** lansia")
    assert texts(nb) == [
        f"{AT}, field \"Sasran\": error: unknown field \"Sasran\". Valid fields: {VALID_FIELDS}. "
        "Did you mean \"Sasaran\"?"]
    assert texts(nb, "id") == [
        f"{PATH}, sel 7, isian \"Sasran\": galat: isian \"Sasran\" tidak dikenal. Isian yang sah: "
        f"{VALID_FIELDS}. Mungkin maksud Anda \"Sasaran\"?"]


def test_an_unknown_english_field_is_suggested_in_english() -> None:
    [problem] = problems(with_innovation("### Layanan\n\n- **Fundng:** APBD"))
    assert problem.text("en").endswith("Did you mean \"Funding\"?")


def test_an_unknown_field_without_a_suggestion() -> None:
    assert texts(with_innovation("### Layanan\n\n- **Lokasi:** kelurahan")) == [
        f"{AT}, field \"Lokasi\": error: unknown field \"Lokasi\". Valid fields: "
        f"{VALID_FIELDS}."]


def test_a_field_written_twice() -> None:
    nb = with_innovation("### Layanan\n\n- **Sasaran:** lansia\n- **Target group:** anak")
    assert texts(nb) == [
        f"{AT}, field \"Target group\": error: field \"Target group\" is written twice."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 7, isian \"Target group\": galat: isian \"Target group\" ditulis dua kali."]


@pytest.mark.parametrize("year", ["17", "2017/2018", "dua ribu", "2017 (konteks publik)", "20170"])
def test_a_bad_year(year: str) -> None:
    assert texts(with_innovation(f"### Layanan\n\n- **Mulai:** {year}")) == [
        f"{AT}, field \"Mulai\": error: \"{year}\" is not a year. Write four digits, for example "
        "2017."]


def test_a_bad_year_in_indonesian() -> None:
    assert texts(with_innovation("### Layanan\n\n- **Mulai:** 17"), "id") == [
        f"{PATH}, sel 7, isian \"Mulai\": galat: \"17\" bukan tahun. Tulis empat angka, misalnya "
        "2017."]


def test_two_innovations_with_one_name() -> None:
    nb = visit_notebook()
    nb.cells.append(tagged(new_markdown_cell("### layanan keliling\n\nLagi."), "innovation"))
    assert texts(nb) == [
        f"{PATH}, cell 12, section \"innovation\": error: innovation \"layanan keliling\" "
        "is already "
        "recorded in cell 7."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 12, bagian \"innovation\": galat: inovasi \"layanan keliling\" sudah dicatat "
        "di sel 7."]


def test_emphasis_in_a_name_does_not_hide_a_duplicate() -> None:
    nb = visit_notebook()
    nb.cells.append(tagged(new_markdown_cell("### **Layanan Keliling**"), "innovation"))
    assert [p.code for p in problems(nb)] == ["innovation.duplicate_name"]


def test_fields_in_every_spelling() -> None:
    result = innovation(
        "## *Rantang Kasih*\n\nMakanan diantar.\n\n"
        "**Sasaran**: lansia\n* **start year:** 2017\n- **FUNDING:** APBD\n"
        "+ **lead-opd:** Dinsos\n- **Bukti:**\n\nLebih lanjut.")
    assert result == Innovation(7, "Rantang Kasih", "Makanan diantar.\n\n\nLebih lanjut.",
                                target="lansia", start_year=2017, funding="APBD",
                                lead_opd="Dinsos")


def test_an_empty_field_is_not_filled_in_and_may_be_filled_below() -> None:
    result = innovation("### Layanan\n\n- **Sasaran:**\n- **Sasaran:** lansia")
    assert result.target == "lansia"


def test_an_unwritten_innovation_cell_is_only_a_warning_in_a_draft() -> None:
    nb = with_innovation("> Petunjuk: satu sel untuk setiap inovasi.")
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed", "status: draft")
    visit, found = validate_notebook(nb, PATH)
    assert [(p.cell, p.code, p.severity) for p in found] == [(7, "section.unwritten", "warning")]
    assert visit is not None and visit.innovations == []


def test_an_unwritten_innovation_cell_is_an_error_in_a_reviewed_visit() -> None:
    nb = with_innovation("> Petunjuk: satu sel untuk setiap inovasi.")
    visit, found = validate_notebook(nb, PATH)
    assert [(p.cell, p.code, p.severity) for p in found] == [
        (7, "section.unwritten_final", "error")]
    assert visit is None


def test_every_innovation_is_read_in_order() -> None:
    nb = visit_notebook()
    nb.cells.append(tagged(new_markdown_cell("### Kedua\n\nTeks kedua."), "innovation"))
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    assert [(i.cell, i.name, i.description) for i in visit.innovations] == [
        (7, "Layanan Keliling", "Mobil layanan datang ke kelurahan."), (12, "Kedua", "Teks kedua.")]
