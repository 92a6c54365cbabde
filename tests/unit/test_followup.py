"""Follow-up: open recommendations across visits, by lead OPD, overdue ones marked.

The fixture visits (tests/fixtures/kb/README.md) hold 18 recommendations, 11 of them open; on
2024-05-01 three are overdue. Tests about one behaviour build a visit of their own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from ringkas.contract.problems import MessageError
from ringkas.knowledge import kb
from ringkas.knowledge.followup import for_people, open_recommendations, write_xlsx
from tests.notebooks import RECOMMENDATIONS, ROOT, visit_notebook, write

FIXTURES = ROOT / "tests" / "fixtures" / "kb"
TODAY = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def knowledge() -> kb.KnowledgeBase:
    return kb.load(FIXTURES)


def rows(table: pd.DataFrame) -> list[tuple[object, str, int, bool]]:
    return list(zip(table["lead_opd"], table["visit_id"], table["number"], table["overdue"],
                    strict=True))


def test_open_recommendations_by_opd_overdue_first(knowledge: kb.KnowledgeBase) -> None:
    table = open_recommendations(knowledge, TODAY)
    assert list(table.columns) == [
        "lead_opd", "visit_id", "title", "host", "number", "recommendation", "timeline", "due",
        "priority", "status", "overdue", "days_overdue"]
    assert rows(table) == [
        ("Bagian Organisasi", "2023-05-16-surabaya", 4, False),
        ("Bappeda", "2022-06-14-sumedang", 2, True),
        ("Bappeda", "2024-02-20-sragen", 4, False),
        ("Dinas Perindustrian", "2021-09-07-kulon-progo", 3, True),
        ("Dinas PMD", "2021-09-07-kulon-progo", 2, True),
        ("Dinas PMD", "2024-02-20-sragen", 3, False),
        ("Disdukcapil", "2023-05-16-surabaya", 3, False),
        ("Diskominfo", "2023-05-16-surabaya", 2, False),
        ("Diskominfo", "2024-02-20-sragen", 2, False),
        ("Environment Agency", "2023-10-03-badung", 3, False),
        ("Legal Division", "2023-10-03-badung", 2, False),
    ]
    assert set(table["status"]) <= {"usulan", "direncanakan", "berjalan"}


def test_overdue_means_due_before_today(knowledge: kb.KnowledgeBase) -> None:
    late = open_recommendations(knowledge, TODAY, overdue_only=True)
    assert list(zip(late["visit_id"], late["number"], late["days_overdue"], strict=True)) == [
        ("2022-06-14-sumedang", 2, 397), ("2021-09-07-kulon-progo", 3, 122),
        ("2021-09-07-kulon-progo", 2, 671)]
    # Due 2024-06-30: not overdue on that day, overdue the day after.
    on_the_day = open_recommendations(knowledge, dt.date(2024, 6, 30), opd="Diskominfo")
    after = open_recommendations(knowledge, dt.date(2024, 7, 1), opd="Diskominfo")
    assert list(on_the_day["overdue"]) == [False, False]
    assert list(after["overdue"]) == [True, False]
    assert list(after["days_overdue"].astype(object).fillna(-1)) == [1, -1]


def test_without_a_due_date_nothing_is_overdue(knowledge: kb.KnowledgeBase) -> None:
    table = open_recommendations(knowledge, dt.date(2100, 1, 1))
    assert not table[table["due"].isna()]["overdue"].any()
    assert table[table["due"].notna()]["overdue"].all()


@pytest.mark.parametrize(("opd", "expected"), [
    ("Dinas PMD", [("2021-09-07-kulon-progo", 2), ("2024-02-20-sragen", 3)]),
    ("dinas pmd", [("2021-09-07-kulon-progo", 2), ("2024-02-20-sragen", 3)]),
    ("agency", [("2023-10-03-badung", 3)]),
    ("Dinas Sosial", []),  # its only recommendation is done
])
def test_the_opd_filter(knowledge: kb.KnowledgeBase, opd: str,
                        expected: list[tuple[str, int]]) -> None:
    table = open_recommendations(knowledge, TODAY, opd=opd)
    assert list(zip(table["visit_id"], table["number"], strict=True)) == expected


def unassigned_visit(folder: Path) -> Path:
    nb = visit_notebook()
    nb.cells[10].source = RECOMMENDATIONS.replace("| Dinas Asal |", "| |").replace(
        "| BKPSDM | 2024 | sedang | selesai |", "| Zona Dinas | 2024 | sedang | usulan |")
    return write(nb, folder)


def test_recommendations_without_a_lead_opd_come_last(tmp_path: Path) -> None:
    table = open_recommendations(kb.load(unassigned_visit(tmp_path)), TODAY)
    assert rows(table) == [("Zona Dinas", "2023-03-14-contoh", 2, False),
                           (pd.NA, "2023-03-14-contoh", 1, True)]
    shown = for_people(table, "id")
    assert list(shown["OPD pengampu"]) == ["Zona Dinas", "belum ditetapkan"]
    assert list(for_people(table, "en")["Lead agency"]) == ["Zona Dinas", "not yet assigned"]


def test_the_xlsx_is_written_for_the_meeting(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    target = write_xlsx(open_recommendations(knowledge, TODAY), tmp_path / "tindak-lanjut.xlsx")
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets) == ["Tindak lanjut"]
    sheet = sheets["Tindak lanjut"]
    assert list(sheet.columns) == [
        "OPD pengampu", "Kunjungan", "Judul", "Daerah tujuan", "No.", "Rekomendasi", "Waktu",
        "Tenggat", "Prioritas", "Status tindak lanjut", "Terlambat"]
    assert len(sheet) == 11
    first_late = sheet.iloc[1]
    assert (first_late["OPD pengampu"], first_late["Kunjungan"], first_late["Terlambat"],
            first_late["Status tindak lanjut"], first_late["Tenggat"]) == (
        "Bappeda", "2022-06-14-sumedang", "TERLAMBAT", "Berjalan", pd.Timestamp("2023-03-31"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tindak-lanjut.xlsx"]


def test_the_xlsx_speaks_english(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    table = open_recommendations(knowledge, TODAY, overdue_only=True)
    sheet = pd.read_excel(write_xlsx(table, tmp_path / "f.xlsx", "en"), sheet_name="Follow-up")
    assert list(sheet["Overdue"]) == ["OVERDUE"] * 3
    assert list(sheet["Follow-up status"]) == ["In progress", "In progress", "Planned"]


def test_an_xlsx_needs_its_suffix(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        write_xlsx(open_recommendations(knowledge, TODAY), tmp_path / "f.csv")
    assert caught.value.text("en") == f"{tmp_path / 'f.csv'}: end the file name with .xlsx."
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(knowledge: kb.KnowledgeBase, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.xlsx"
    target.write_bytes(b"old")

    def full_disk(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(MessageError) as caught:
        write_xlsx(open_recommendations(knowledge, TODAY), target)
    assert caught.value.text("en").startswith(
        f"{target} cannot be written (No space left on device).")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.xlsx"]
