"""One rule for "not known yet" (issue 15): words such as "belum ditetapkan" mean an empty value,
in every table column, innovation field and front-matter field alike (docs/format.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat import NotebookNode

from ringkas.contract import spec as C
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
ROW = "| Meniru layanan keliling | Dinas Asal | 2023-S2 | tinggi | direncanakan |"


def with_row(old: str, new: str) -> NotebookNode:
    nb = visit_notebook()
    assert old in nb.cells[10].source
    nb.cells[10].source = nb.cells[10].source.replace(ROW, ROW.replace(old, new))
    return nb


def codes(nb: NotebookNode) -> list[tuple[str | None, str, str]]:
    return [(p.field, p.code, p.severity) for p in validate_notebook(nb, PATH)[1]]


@pytest.mark.parametrize("words", ["belum ditetapkan", "Belum ditetapkan.", "not yet decided",
                                   "TBD", "-", "—"])
def test_the_words_mean_empty(words: str) -> None:
    assert C.is_unknown(words)


@pytest.mark.parametrize("words", ["2023-S2", "Dinas Sosial", "belum ditetapkan anggarannya"])
def test_other_values_are_values(words: str) -> None:
    assert not C.is_unknown(words)


def test_a_timeline_not_decided_yet_is_no_timeline() -> None:
    nb = with_row("| 2023-S2 |", "| belum ditetapkan |")
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    first = visit.recommendations[0]
    assert (first.timeline, first.due) == (None, None)


def test_a_lead_opd_not_decided_yet_is_no_lead_opd() -> None:
    nb = with_row("| Dinas Asal |", "| belum ditetapkan |")
    assert codes(nb) == [("lead_opd", "table.missing_lead_opd", "warning")]
    visit, _ = validate_notebook(nb, PATH)
    assert visit is not None and visit.recommendations[0].lead_opd is None


def test_a_required_value_not_decided_yet_says_what_it_means() -> None:
    nb = with_row("| direncanakan |", "| belum ditetapkan |")
    found = validate_notebook(nb, PATH)[1]
    assert [(p.field, p.code) for p in found] == [("status", "table.unknown_value")]
    assert found[0].text("en").endswith(
        'error: table row 1: "belum ditetapkan" in column "Status tindak lanjut" means not '
        "known yet, but this column must be filled in.")
    assert found[0].text("id").endswith(
        'galat: baris tabel 1: "belum ditetapkan" pada kolom "Status tindak lanjut" berarti '
        "belum diketahui, padahal kolom ini wajib diisi.")


def test_a_bad_timeline_says_to_leave_it_empty_when_unknown() -> None:
    found = validate_notebook(with_row("| 2023-S2 |", "| tahun depan |"), PATH)[1]
    assert [p.code for p in found] == ["table.bad_timeline"]
    assert found[0].text("en").endswith(" Leave the cell empty while it is not known.")
    assert found[0].text("id").endswith(" Kosongkan selnya selama waktunya belum diketahui.")


def test_innovation_fields_not_decided_yet_are_not_filled_in() -> None:
    nb = visit_notebook()
    nb.cells[6].source = (nb.cells[6].source.replace("**Mulai:** 2019", "**Mulai:** belum ada")
                          .replace("**Pendanaan:** APBD", "**Pendanaan:** belum ditetapkan"))
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    assert (visit.innovations[0].start_year, visit.innovations[0].funding) == (None, None)


def test_a_front_matter_field_not_decided_yet_is_missing() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("unit: Bidang Ekonomi",
                                                    "unit: belum ditetapkan")
    assert codes(nb) == [("unit", "fm.expected", "warning")]
