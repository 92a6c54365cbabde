"""The roles and recommendations tables: columns, rows, required values, choices and timelines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nbformat import NotebookNode

from ringkas.contract.model import Recommendation, Role
from ringkas.contract.problems import Problem
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
ROLES_AT = f"{PATH}, cell 8"
RECS_AT = f"{PATH}, cell 11"
ROLE_COLUMNS = "OPD/Pemangku kepentingan, Peran"
REC_COLUMNS = "Rekomendasi, OPD pengampu, Waktu, Prioritas, Status tindak lanjut"
REC_HEADER = ("| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |\n"
              "| --- | --- | --- | --- | --- |\n")
STATUSES = "usulan, direncanakan, berjalan, selesai, ditolak"


def with_roles(source: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[7].source = source
    return nb


def with_recommendations(rows: str, header: str = REC_HEADER) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[10].source = header + rows
    return nb


def problems(nb: NotebookNode) -> list[Problem]:
    return validate_notebook(nb, PATH)[1]


def texts(nb: NotebookNode, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in problems(nb)]


def recommendations(rows: str, header: str = REC_HEADER) -> list[Recommendation]:
    visit, found = validate_notebook(with_recommendations(rows, header), PATH)
    assert found == [] and visit is not None
    return visit.recommendations


# --- the table and its columns ------------------------------------------------------------

def test_roles_without_a_table() -> None:
    nb = with_roles("Dinas Contoh menjalankan layanan.")
    assert texts(nb) == [
        f"{ROLES_AT}, section \"roles\": error: this section must hold a markdown table with the "
        f"columns: {ROLE_COLUMNS}."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 8, bagian \"roles\": galat: bagian ini harus memuat tabel markdown dengan "
        f"kolom: {ROLE_COLUMNS}."]


def test_recommendations_without_a_table() -> None:
    nb = visit_notebook()
    nb.cells[10].source = "1. Meniru layanan keliling."
    assert texts(nb) == [
        f"{RECS_AT}, section \"recommendations\": error: this section must hold a markdown table "
        f"with the columns: {REC_COLUMNS}."]


def test_a_missing_column() -> None:
    nb = with_recommendations("| Meniru | Dinas | 2024 | usulan |",
                              "| Rekomendasi | OPD pengampu | Waktu | Status tindak lanjut |\n"
                              "|---|---|---|---|\n")
    assert texts(nb) == [
        f"{RECS_AT}, section \"recommendations\": error: the table lacks the column "
        f"\"Prioritas\". Required columns: {REC_COLUMNS}."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 11, bagian \"recommendations\": galat: tabel tidak memiliki kolom "
        f"\"Prioritas\". Kolom yang diperlukan: {REC_COLUMNS}."]


def test_an_extra_column_with_a_suggestion() -> None:
    nb = with_roles("| OPD/Pemangku kepentingan | Peran | Catatan |\n|---|---|---|\n| A | B | C |")
    assert texts(nb) == [
        f"{ROLES_AT}, section \"roles\": error: unknown column \"Catatan\". Valid columns: "
        f"{ROLE_COLUMNS}."]
    nb = with_roles("| OPD/Pemangku kepentingan | Perann |\n|---|---|\n| A | B |")
    assert texts(nb) == [
        f"{ROLES_AT}, section \"roles\": error: unknown column \"Perann\". Valid columns: "
        f"{ROLE_COLUMNS}. Did you mean \"Peran\"?",
        f"{ROLES_AT}, section \"roles\": error: the table lacks the column \"Peran\". Required "
        f"columns: {ROLE_COLUMNS}."]


def test_a_column_twice() -> None:
    nb = with_roles("| OPD/Pemangku kepentingan | Peran | Role |\n|---|---|---|\n| A | B | C |")
    assert texts(nb) == [
        f"{ROLES_AT}, section \"roles\": error: column \"Role\" appears twice. Remove one of them."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 8, bagian \"roles\": galat: kolom \"Role\" muncul dua kali. Hapus salah "
        "satunya."]


def test_english_column_names_in_any_order() -> None:
    header = ("| Follow-up status | Priority | Timeline | Lead agency | Recommendation |\n"
              "|:--|:-:|--:|-|---|\n")
    assert recommendations("| Done | High | 2024-Q1 | Dinsos | Meniru |", header) == [
        Recommendation(11, 1, "Meniru", "Dinsos", "2024-Q1", dt.date(2024, 3, 31), "tinggi",
                       "selesai")]


def test_column_names_ignore_case_emphasis_and_spacing() -> None:
    nb = with_roles("| **opd / pemangku kepentingan** | PERAN |\n|---|---|\n| A | B |")
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    assert visit.roles == [Role(8, "A", "B")]


# --- rows ---------------------------------------------------------------------------------

def test_a_row_of_the_wrong_width() -> None:
    nb = with_roles("| OPD/Pemangku kepentingan | Peran |\n|---|---|\n| A | B |\n| C | D | E |")
    assert texts(nb) == [
        f"{ROLES_AT}, section \"roles\": error: table row 2 has 3 columns, expected 2. Write a | "
        "inside a cell as \\|."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 8, bagian \"roles\": galat: baris tabel 2 memiliki 3 kolom, seharusnya 2. "
        "Tulis | di dalam sel sebagai \\|."]


@pytest.mark.parametrize("empty", ["", "-", "—", "**  **"])
def test_an_empty_required_value(empty: str) -> None:
    nb = with_roles(f"| OPD/Pemangku kepentingan | Peran |\n|---|---|\n| A | {empty} |")
    assert texts(nb) == [
        f"{ROLES_AT}, column \"role\": error: table row 1: column \"Peran\" must not be empty."]


def test_an_empty_recommendation_status_in_indonesian() -> None:
    nb = with_recommendations("| Meniru | Dinsos | 2024 | tinggi |  |")
    assert texts(nb, "id") == [
        f"{PATH}, sel 11, kolom \"status\": galat: baris tabel 1: kolom \"Status tindak lanjut\" "
        "tidak boleh kosong."]


def test_empty_rows_are_skipped_and_an_empty_table_is_a_warning() -> None:
    nb = with_roles("| OPD/Pemangku kepentingan | Peran |\n| --- | --- |\n|  |  |")
    assert texts(nb) == [f"{ROLES_AT}, section \"roles\": warning: the table has no rows yet."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 8, bagian \"roles\": peringatan: tabel belum berisi baris."]


def test_row_numbers_count_skipped_rows() -> None:
    nb = with_recommendations("|  |  |  |  |  |\n| Meniru | Dinsos | 2024 | tinggi | kelar |")
    assert [p.text("en").split(": error: ")[1].split(":")[0] for p in problems(nb)] == [
        "table row 2"]


def test_prose_around_the_table_is_allowed() -> None:
    rows = recommendations("| Meniru | Dinsos | 2024 | tinggi | usulan |\n\nCatatan di bawah.")
    assert [r.recommendation for r in rows] == ["Meniru"]


def test_an_escaped_pipe_inside_a_cell() -> None:
    [row] = recommendations("| Meniru A \\| B | Dinsos | 2024 | tinggi | usulan |")
    assert row.recommendation == "Meniru A | B"


# --- choices, labels and timelines --------------------------------------------------------

def test_a_bad_status_with_a_suggestion() -> None:
    nb = with_recommendations("| Meniru | Dinsos | 2024 | tinggi | selesaii |")
    assert texts(nb) == [
        f"{RECS_AT}, column \"status\": error: table row 1: unknown value \"selesaii\" in column "
        f"\"Status tindak lanjut\". Choose one of: {STATUSES}. Did you mean \"selesai\"?"]
    assert texts(nb, "id") == [
        f"{PATH}, sel 11, kolom \"status\": galat: baris tabel 1: nilai \"selesaii\" pada kolom "
        f"\"Status tindak lanjut\" tidak dikenal. Pilihan: {STATUSES}. Mungkin maksud Anda "
        "\"selesai\"?"]


def test_a_bad_priority() -> None:
    assert texts(with_recommendations("| Meniru | Dinsos | 2024 | segera | usulan |")) == [
        f"{RECS_AT}, column \"priority\": error: table row 1: unknown value \"segera\" in column "
        "\"Prioritas\". Choose one of: tinggi, sedang, rendah."]


@pytest.mark.parametrize(("written", "status"), [
    ("Selesai", "selesai"), ("Done", "selesai"), ("DONE", "selesai"), ("In progress", "berjalan"),
    ("in-progress", "berjalan"), ("Direncanakan", "direncanakan"), ("Proposed", "usulan"),
    ("**Ditolak**", "ditolak")])
def test_status_labels_are_normalised(written: str, status: str) -> None:
    [row] = recommendations(f"| Meniru | Dinsos | 2024 | tinggi | {written} |")
    assert row.status == status


@pytest.mark.parametrize(("written", "priority"), [("High", "tinggi"), ("Sedang", "sedang"),
                                                   ("low", "rendah"), ("", None), ("-", None)])
def test_priority_labels_are_normalised_and_may_be_empty(written: str,
                                                         priority: str | None) -> None:
    [row] = recommendations(f"| Meniru | Dinsos | 2024 | {written} | usulan |")
    assert row.priority == priority


@pytest.mark.parametrize("timeline", ["2023-S3", "2023-Q5", "2023-13", "2023-02-29", "S1-2023",
                                      "Semester 1", "2023-s1", "23"])
def test_a_bad_timeline(timeline: str) -> None:
    assert texts(with_recommendations(f"| Meniru | Dinsos | {timeline} | tinggi | usulan |")) == [
        f"{RECS_AT}, column \"timeline\": error: table row 1: timeline \"{timeline}\" is not "
        "understood. Write a year (2023), a half (2023-S1), a quarter (2023-Q2), a month "
        "(2023-06) or a day (2023-06-30). Leave the cell empty while it is not known."]


def test_a_bad_timeline_in_indonesian() -> None:
    assert texts(with_recommendations("| Meniru | Dinsos | 2023-Q5 | tinggi | usulan |"), "id") == [
        f"{PATH}, sel 11, kolom \"timeline\": galat: baris tabel 1: waktu \"2023-Q5\" tidak "
        "dikenal. Tulis tahun (2023), semester (2023-S1), triwulan (2023-Q2), bulan (2023-06) atau "
        "tanggal (2023-06-30). Kosongkan selnya selama waktunya belum diketahui."]


def test_timelines_give_due_dates_and_may_be_empty() -> None:
    rows = recommendations("| A | X | 2024-02 | | usulan |\n| B | X | | | usulan |\n"
                           "| C | X | 2024-02-29 | | usulan |")
    assert [(r.timeline, r.due) for r in rows] == [
        ("2024-02", dt.date(2024, 2, 29)), (None, None), ("2024-02-29", dt.date(2024, 2, 29))]


def test_a_recommendation_without_a_lead_agency_is_a_warning() -> None:
    nb = with_recommendations("| Meniru | - | 2024 | tinggi | usulan |")
    visit, found = validate_notebook(nb, PATH)
    assert [p.text("en") for p in found] == [
        f"{RECS_AT}, column \"lead_opd\": warning: table row 1: no lead agency assigned yet."]
    assert [p.text("id") for p in found] == [
        f"{PATH}, sel 11, kolom \"lead_opd\": peringatan: baris tabel 1: OPD pengampu belum "
        "ditetapkan."]
    assert visit is not None and visit.recommendations[0].lead_opd is None


def test_every_problem_of_a_row_is_reported() -> None:
    nb = with_recommendations("|  | - | 2023-Q9 | urgent | kelar |")
    assert [(p.field, p.code) for p in problems(nb)] == [
        ("recommendation", "table.empty_value"), ("priority", "table.bad_choice"),
        ("status", "table.bad_choice"), ("timeline", "table.bad_timeline"),
        ("lead_opd", "table.missing_lead_opd")]
