"""The knowledge-base tables: columns, types, values, problems, and their export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from ringkas.contract.problems import MessageError
from ringkas.knowledge import excel, kb
from ringkas.notebook.read import check_visits, find_notebooks
from ringkas.project.paths import Project
from tests.notebooks import ROOT, visit_notebook, write

FIXTURES = ROOT / "tests" / "fixtures" / "kb"
DOCS = ROOT / "docs" / "knowledge-base.md"


@pytest.fixture(scope="module")
def knowledge() -> kb.KnowledgeBase:
    return kb.load(FIXTURES, project=Project(ROOT))


def copy_fixtures(folder: Path, *ids: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for visit_id in ids:
        copies.append(folder / f"{visit_id}.ipynb")
        copies[-1].write_bytes((FIXTURES / f"{visit_id}.ipynb").read_bytes())
    return copies


# --- the fixture notebooks ----------------------------------------------------------------

def test_fixture_visits_follow_the_format_without_warnings() -> None:
    result = check_visits(find_notebooks([FIXTURES]))
    assert [p.name for p in result.problems] == [
        "2021-09-07-kulon-progo.ipynb", "2022-06-14-sumedang.ipynb", "2023-05-16-surabaya.ipynb",
        "2023-10-03-badung.ipynb", "2024-02-20-sragen.ipynb"]
    assert result.all_problems() == []


def test_fixture_notebooks_are_what_make_fixtures_writes() -> None:
    from tests.fixtures.kb import make_fixtures

    for visit in make_fixtures.VISITS:
        expected = nbformat.writes(make_fixtures.notebook(visit)) + "\n"
        assert (FIXTURES / f"{visit['id']}.ipynb").read_text(encoding="utf-8") == expected, (
            f"{visit['id']}: run tests/fixtures/kb/make_fixtures.py")


# --- columns and types --------------------------------------------------------------------

@pytest.mark.parametrize("table", kb.TABLES)
def test_columns_follow_the_schema_in_order(knowledge: kb.KnowledgeBase, table: str) -> None:
    assert list(knowledge.tables[table].columns) == list(kb.SCHEMA[table])
    assert knowledge.tables[table].columns[0] == "visit_id"


def assert_column_type(frame: pd.DataFrame, table: str, column: str) -> None:
    kind, dtype = kb.SCHEMA[table][column], frame[column].dtype
    if kind == "string":
        assert isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA, (column, dtype)
    elif kind == "date":
        assert dtype == "datetime64[ns]", (column, dtype)
    elif kind == "category":
        assert isinstance(dtype, pd.CategoricalDtype), (column, dtype)
        assert list(dtype.categories) == list(kb.CATEGORIES[(table, column)])
    elif kind == "list":
        assert dtype == "object" and all(isinstance(v, list) for v in frame[column]), column
    else:
        assert str(dtype) == kind, (column, dtype)


@pytest.mark.parametrize("table", kb.TABLES)
def test_every_column_has_its_type(knowledge: kb.KnowledgeBase, table: str) -> None:
    frame = knowledge.tables[table]
    assert len(frame) > 0
    for column in kb.SCHEMA[table]:
        assert_column_type(frame, table, column)


@pytest.mark.parametrize("table", kb.TABLES)
def test_an_empty_knowledge_base_keeps_columns_and_types(table: str) -> None:
    frame = kb.KnowledgeBase.from_visits([]).tables[table]
    assert frame.empty and list(frame.columns) == list(kb.SCHEMA[table])
    for column in kb.SCHEMA[table]:
        assert_column_type(frame, table, column)


def test_category_values_are_the_contracts() -> None:
    assert kb.CATEGORIES[("visits", "kind")] == (
        "studi-referensi", "studi-banding", "studi-tiru", "studi-komparasi")
    assert kb.CATEGORIES[("recommendations", "status")] == (
        "usulan", "direncanakan", "berjalan", "selesai", "ditolak")
    assert kb.CATEGORIES[("recommendations", "priority")] == ("tinggi", "sedang", "rendah")
    assert "evidence" not in kb.CATEGORIES[("sections", "tag")]  # code cells are not sections


# --- values -------------------------------------------------------------------------------

def test_visits_are_ordered_by_date(knowledge: kb.KnowledgeBase) -> None:
    assert list(knowledge.visits["visit_id"]) == [
        "2021-09-07-kulon-progo", "2022-06-14-sumedang", "2023-05-16-surabaya",
        "2023-10-03-badung", "2024-02-20-sragen"]


def test_a_visit_row(knowledge: kb.KnowledgeBase) -> None:
    row = knowledge.visits.set_index("visit_id").loc["2024-02-20-sragen"]
    assert row["date"] == pd.Timestamp("2024-02-20") and row["year"] == 2024
    assert (row["kind"], row["status"]) == ("studi-referensi", "approved")
    assert (row["host_name"], row["host_bps_code"]) == ("Kabupaten Sragen", "3314")
    assert row["home_name"] == "Kabupaten Nusa Makmur" and pd.isna(row["home_bps_code"])
    assert row["approved_by"] == "Kepala Bappeda Kabupaten Nusa Makmur"
    assert (row["approved_position"], row["approved_nip"], row["approved_on"]) == (
        "Kepala Bappeda Kabupaten Nusa Makmur", "197203152000032001", pd.Timestamp("2024-03-04"))
    assert pd.isna(row["reviewed_by"]) and pd.isna(row["reviewed_on"])
    assert row["themes"] == ["kemiskinan", "perlindungan-sosial", "digital"]
    assert row["themes_text"] == "kemiskinan; perlindungan-sosial; digital"
    assert len(row["participants"]) == 3 and len(row["sources"]) == 2
    counts = row[["innovation_count", "recommendation_count", "recommendations_done"]]
    assert list(counts) == [3, 4, 1]
    assert row["path"] == "tests/fixtures/kb/2024-02-20-sragen.ipynb"


def test_missing_front_matter_values_are_na(knowledge: kb.KnowledgeBase) -> None:
    row = knowledge.visits.set_index("visit_id").loc["2022-06-14-sumedang"]
    assert row["participants"] == [] and row["sources"] == []
    assert pd.isna(row["approved_by"]) and pd.isna(row["approved_on"])


def test_recommendations_have_due_dates_and_open_flags(knowledge: kb.KnowledgeBase) -> None:
    recs = knowledge.recommendations
    surabaya = recs[recs["visit_id"] == "2023-05-16-surabaya"]
    assert list(surabaya["number"]) == [1, 2, 3, 4]
    assert list(surabaya["timeline"].fillna("-")) == ["2023-12", "2024-S1", "2029", "-"]
    assert list(surabaya["due"].astype("string").fillna("-")) == [
        "2023-12-31", "2024-06-30", "2029-12-31", "-"]
    assert list(surabaya["status"]) == ["selesai", "berjalan", "direncanakan", "usulan"]
    assert list(surabaya["is_open"]) == [False, True, True, True]
    assert set(surabaya["cell"]) == {11}


def test_english_labels_become_contract_values(knowledge: kb.KnowledgeBase) -> None:
    recs = knowledge.recommendations
    badung = recs[recs["visit_id"] == "2023-10-03-badung"]
    assert list(badung["priority"]) == ["tinggi", "sedang", "rendah"]
    assert list(badung["status"]) == ["selesai", "berjalan", "usulan"]
    innovations = knowledge.innovations
    badung = innovations[innovations["visit_id"] == "2023-10-03-badung"]
    assert list(badung["start_year"]) == [2018, 2020]
    assert list(badung["lead_opd"]) == ["Environment Agency", "Revenue Agency"]


def test_overdue_lists_open_recommendations_past_their_timeline(
        knowledge: kb.KnowledgeBase) -> None:
    overdue = knowledge.overdue(dt.date(2025, 1, 1))
    assert sorted(zip(overdue["visit_id"], overdue["number"], strict=True)) == [
        ("2021-09-07-kulon-progo", 2), ("2021-09-07-kulon-progo", 3),
        ("2022-06-14-sumedang", 2), ("2023-05-16-surabaya", 2), ("2023-10-03-badung", 2)]
    assert len(knowledge.overdue(dt.date(2030, 1, 1))) == 9  # only open rows with a timeline


def test_innovations_keep_their_order_and_optional_years(knowledge: kb.KnowledgeBase) -> None:
    rows = knowledge.innovations[knowledge.innovations["visit_id"] == "2021-09-07-kulon-progo"]
    assert list(rows["number"]) == [1, 2, 3]
    assert list(rows["name"]) == [
        "Toko Milik Desa", "Gerakan Belanja Produk Lokal", "Kurasi dan Label Produk UMKM"]
    assert rows["start_year"].tolist()[:2] == [2016, 2013] and pd.isna(rows["start_year"].iloc[2])


def test_sections_keep_markdown_and_plain_text(knowledge: kb.KnowledgeBase) -> None:
    sections = knowledge.sections.set_index(["visit_id", "tag"])
    leadership = sections.loc[("2023-05-16-surabaya", "leadership")]
    assert "**dasbor layanan**" in leadership["text"]
    assert "dasbor layanan setiap pekan" in leadership["plain"]
    assert "**" not in leadership["plain"]
    innovation = knowledge.sections[knowledge.sections["tag"] == "innovation"].iloc[0]
    assert innovation["heading"] == "Toko Milik Desa"


def test_summary_counts_rows(knowledge: kb.KnowledgeBase) -> None:
    assert knowledge.summary() == {"visits": 5, "innovations": 13, "roles": 13,
                                   "recommendations": 18, "sections": 46,
                                   "photos": 1}


# --- loading ------------------------------------------------------------------------------

def test_a_broken_notebook_lands_in_problems_while_others_load(tmp_path: Path) -> None:
    copy_fixtures(tmp_path, "2023-05-16-surabaya", "2024-02-20-sragen")
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed\n", "")
    no_status = write(nb, tmp_path, "2023-03-14-contoh")
    damaged = tmp_path / "2023-03-15-rusak.ipynb"
    damaged.write_text('{"cells": [', encoding="utf-8")

    knowledge = kb.load(tmp_path, project=Project(tmp_path))

    assert list(knowledge.visits["visit_id"]) == ["2023-05-16-surabaya", "2024-02-20-sragen"]
    assert set(knowledge.innovations["visit_id"]) == {"2023-05-16-surabaya", "2024-02-20-sragen"}
    assert set(knowledge.problems) == {no_status, damaged}
    assert [p.code for p in knowledge.problems[no_status]] == ["fm.required"]
    assert knowledge.problems[no_status][0].text("en").startswith(
        f"{no_status}, cell 1, field \"status\": error: required field \"status\" ")
    assert [p.code for p in knowledge.problems[damaged]] == ["file.not_json"]


def test_a_duplicate_visit_id_is_left_out(tmp_path: Path) -> None:
    first = copy_fixtures(tmp_path / "a", "2023-05-16-surabaya")[0]
    second = copy_fixtures(tmp_path / "b", "2023-05-16-surabaya")[0]
    knowledge = kb.load([first, second], project=Project(tmp_path))
    assert len(knowledge.visits) == 1
    assert knowledge.visits["path"][0] == "a/2023-05-16-surabaya.ipynb"
    assert [p.code for p in knowledge.problems[second]] == ["file.duplicate_id"]


def test_warnings_do_not_keep_a_visit_out(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells[10].source = nb.cells[10].source.replace("| Dinas Asal |", "| |")
    write(nb, tmp_path)
    knowledge = kb.load(tmp_path, project=Project(tmp_path))
    assert knowledge.problems == {} and len(knowledge.visits) == 1
    assert pd.isna(knowledge.recommendations["lead_opd"][0])


def test_the_default_folder_is_the_projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    copy_fixtures(tmp_path / "notebooks" / "visits", "2023-10-03-badung")
    monkeypatch.delenv("RINGKAS_HOME", raising=False)
    monkeypatch.chdir(tmp_path / "notebooks")
    knowledge = kb.load()
    assert list(knowledge.visits["path"]) == ["notebooks/visits/2023-10-03-badung.ipynb"]


def test_a_notebook_or_a_list_of_them(tmp_path: Path) -> None:
    one, two = (FIXTURES / "2023-10-03-badung.ipynb", FIXTURES / "2022-06-14-sumedang.ipynb")
    assert list(kb.load(one).visits["visit_id"]) == ["2023-10-03-badung"]
    assert list(kb.load([one, str(two)]).visits["visit_id"]) == [
        "2022-06-14-sumedang", "2023-10-03-badung"]
    outside = kb.load(one, project=Project(tmp_path)).visits["path"][0]
    assert outside == one.as_posix()


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        kb.load(tmp_path / "nowhere")
    assert caught.value.text("en") == f"{tmp_path / 'nowhere'} not found."


# --- export -------------------------------------------------------------------------------

def test_excel_has_one_sheet_per_table(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    path = knowledge.to_excel(tmp_path / "kb.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == list(kb.TABLES)
    for name, frame in sheets.items():
        assert list(frame.columns) == list(kb.SCHEMA[name])
        assert len(frame) == len(knowledge.tables[name]), name
    visits = sheets["visits"]
    assert pd.api.types.is_datetime64_any_dtype(visits["date"])
    assert visits["date"].iloc[0] == pd.Timestamp("2021-09-07")
    assert pd.api.types.is_datetime64_any_dtype(sheets["recommendations"]["due"])
    assert visits["themes"].iloc[0] == "ekonomi-lokal; pertanian"
    assert os.listdir(tmp_path) == ["kb.xlsx"]


def test_excel_dates_are_formatted_as_dates(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(knowledge.to_excel(tmp_path / "kb.xlsx"))["visits"]
    date = sheet.cell(row=2, column=list(kb.SCHEMA["visits"]).index("date") + 1)
    assert date.is_date and date.number_format == "YYYY-MM-DD"
    assert sheet.freeze_panes == "A2"


def test_excel_drops_characters_it_cannot_hold(knowledge: kb.KnowledgeBase, tmp_path: Path
                                              ) -> None:
    visit = check_visits([FIXTURES / "2023-10-03-badung.ipynb"]).visits[0]
    odd = kb.KnowledgeBase.from_visits([dataclasses.replace(visit, title="Bell\x07 title")])
    frame = pd.read_excel(odd.to_excel(tmp_path / "odd.xlsx"), sheet_name="visits")
    assert frame["title"][0] == "Bell title"
    odd.to_csv(tmp_path / "csv")
    assert "Bell\x07 title" in (tmp_path / "csv" / "visits.csv").read_text(encoding="utf-8")


def test_excel_needs_the_xlsx_suffix(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        knowledge.to_excel(tmp_path / "kb.xls")
    assert caught.value.code == "kb.bad_target"
    assert not any(tmp_path.iterdir())


def test_csv_folder_has_one_utf8_file_per_table(knowledge: kb.KnowledgeBase, tmp_path: Path
                                                ) -> None:
    written = knowledge.to_csv(tmp_path / "new" / "folder")
    assert [p.name for p in written] == [f"{name}.csv" for name in kb.TABLES]
    assert sorted(os.listdir(tmp_path / "new" / "folder")) == sorted(p.name for p in written)
    for path in written:
        frame = pd.read_csv(path, encoding="utf-8")
        assert len(frame) == len(knowledge.tables[path.stem]), path.name
    text = (tmp_path / "new" / "folder" / "sections.csv").read_bytes().decode("utf-8")
    assert "2019–2023" in text and not text.startswith("\ufeff")
    visits = pd.read_csv(written[0], dtype=str)
    assert visits["date"][0] == "2021-09-07"
    assert visits["host_bps_code"][0] == "3401"


def test_csv_replaces_old_files(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "visits.csv").write_text("old", encoding="utf-8")
    knowledge.to_csv(tmp_path)
    assert (tmp_path / "visits.csv").read_text(encoding="utf-8").startswith("visit_id,title,")
    assert len(os.listdir(tmp_path)) == len(kb.TABLES)


def test_csv_target_must_be_a_folder(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(MessageError) as caught:
        knowledge.to_csv(tmp_path / "file")
    assert caught.value.text("en") == (
        f"{tmp_path / 'file'} is a file, not a folder. --csv writes one CSV file per table into "
        "a folder; choose a folder name.")


def test_a_failed_write_keeps_the_old_file(knowledge: kb.KnowledgeBase, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kb.xlsx"
    target.write_bytes(b"old")

    def fail(path: Path, sheets: object) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(excel, "_write", fail)
    with pytest.raises(MessageError) as caught:
        knowledge.to_excel(target)
    assert caught.value.code == "kb.write_failed"
    assert "No space left on device" in caught.value.text("en")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["kb.xlsx"]


def test_written_files_get_an_ordinary_mode(knowledge: kb.KnowledgeBase, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = knowledge.to_excel(tmp_path / "kb.xlsx")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


# --- the docs -----------------------------------------------------------------------------

def documented_columns() -> dict[str, dict[str, str]]:
    """`### \\`table\\`` headings in docs/knowledge-base.md and its `| \\`column\\` | type |`
    rows."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)`\s*$", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
        elif line.startswith("## "):
            current = None
        row = re.match(r"^\| `(\w+)` \| (\S+) \| .+ \|$", line)
        if row and current is not None:
            assert row.group(1) not in current, f"{row.group(1)} documented twice"
            current[row.group(1)] = row.group(2)
    return tables


def test_the_docs_list_exactly_the_columns_the_code_produces(knowledge: kb.KnowledgeBase) -> None:
    documented = documented_columns()
    assert list(documented) == list(kb.TABLES)
    for name, frame in knowledge.tables.items():
        assert list(documented[name]) == list(frame.columns), name
        assert documented[name] == kb.SCHEMA[name], name


def test_the_docs_name_every_section_tag_and_category_value() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for values in kb.CATEGORIES.values():
        for value in values:
            assert re.search(rf"\b{re.escape(value)}\b", text), value


def test_sections_with_no_text_are_left_out(tmp_path: Path) -> None:
    """A section still holding only its guidance (or nothing) has no row in `sections`, as the
    briefs and the catalogue leave it out (issue 15)."""
    nb = visit_notebook()
    nb.cells[4].source = "> Petunjuk: tulis pokok bahasan kunjungan."  # purpose, unwritten
    nb.cells[8].source = ""  # outcome, blank
    knowledge = kb.KnowledgeBase.from_visits(
        check_visits([write(nb, tmp_path)]).visits, root=tmp_path)
    assert list(knowledge.sections["tag"]) == [
        "summary", "background", "leadership", "innovation", "roles", "lessons",
        "recommendations"]
    assert (knowledge.sections["text"].str.strip() != "").all()
    target = knowledge.to_excel(tmp_path / "kb.xlsx")
    assert len(pd.read_excel(target, sheet_name="sections")) == 7
