"""The front matter (first cell, YAML) and the visit id: one rule per test, exact messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_raw_cell

from ringkas.contract.model import Approval, Region
from ringkas.contract.problems import Problem
from ringkas.contract.spec import FRONT_MATTER_FIELDS
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import FRONT_MATTER, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
AT = f"{PATH}, cell 1"
BODY = FRONT_MATTER.removeprefix("---\n").removesuffix("\n---")
VALID_FIELDS = ", ".join(FRONT_MATTER_FIELDS)
#: docs/format.md's required and expected fields, with their Indonesian labels.
REQUIRED_LABELS = {"title": "Judul", "date": "Tanggal kunjungan", "kind": "Jenis kunjungan",
                   "host": "Daerah tujuan", "status": "Status naskah"}
EXPECTED_LABELS = {"home": "Daerah asal", "agency": "Instansi", "unit": "Unit kerja",
                   "themes": "Tema"}
REQUIRED, EXPECTED = list(REQUIRED_LABELS), list(EXPECTED_LABELS)
TITLE = "title: Studi Banding Pelayanan Publik ke Kota Contoh"


def with_front(yaml_text: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[0].source = f"---\n{yaml_text}\n---"
    return nb


def changed(old: str, new: str) -> NotebookNode:
    """The valid notebook with one piece of its front matter replaced."""
    assert old in BODY
    return with_front(BODY.replace(old, new))


def without(key: str) -> NotebookNode:
    """The valid notebook without one top-level key (and the lines nested under it)."""
    lines, skipping = [], False
    for line in BODY.splitlines():
        if not line.startswith(" "):
            skipping = line.startswith(f"{key}:")
        if not skipping:
            lines.append(line)
    return with_front("\n".join(lines))


def problems(nb: NotebookNode, path: Path = PATH) -> list[Problem]:
    return validate_notebook(nb, path)[1]


def texts(nb: NotebookNode, lang: str = "en", path: Path = PATH) -> list[str]:
    return [p.text(lang) for p in problems(nb, path)]


def value_of(nb: NotebookNode, key: str) -> object:
    visit, found = validate_notebook(nb, PATH)
    assert found == [] and visit is not None
    return getattr(visit, key)


# --- the first cell -----------------------------------------------------------------------

def test_no_front_matter() -> None:
    nb = visit_notebook()
    nb.cells[0] = new_markdown_cell("# Judul saja")
    assert texts(nb) == [
        f"{AT}: error: the first cell must be a raw cell holding YAML front matter between "
        "\"---\" lines. Copy the skeleton from templates/visit.ipynb or create one with "
        "\"ringkas new\"."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 1: galat: sel pertama harus sel raw berisi front matter YAML di antara "
        "baris \"---\". Salin kerangka dari templates/visit.ipynb atau buat dengan "
        "\"ringkas new\"."]


def test_front_matter_in_a_markdown_cell_is_not_front_matter() -> None:
    nb = visit_notebook()
    nb.cells[0] = new_markdown_cell(FRONT_MATTER)
    assert [(p.cell, p.code) for p in problems(nb)] == [(1, "fm.missing")]


def test_front_matter_without_closing_line() -> None:
    nb = visit_notebook()
    nb.cells[0].source = f"---\n{BODY}\n"
    assert [(p.cell, p.code) for p in problems(nb)] == [(1, "fm.missing")]


def test_front_matter_below_the_first_cell() -> None:
    nb = visit_notebook()
    nb.cells.insert(0, new_markdown_cell("# Judul"))
    assert texts(nb) == [
        f"{PATH}, cell 2: error: the front matter is in cell 2; move it to the top: it must be "
        "the first cell."]


def test_windows_line_endings_are_read() -> None:
    nb = visit_notebook()
    nb.cells[0] = new_raw_cell(FRONT_MATTER.replace("\n", "\r\n"))
    assert problems(nb) == []


def test_broken_yaml_names_the_line() -> None:
    nb = changed("kind: studi-banding", "kind: [studi-banding")
    assert texts(nb) == [
        f"{AT}: error: the YAML front matter cannot be read, line 4: a \"[\" is opened but never "
        "closed with \"]\". Close it, or put the whole value in quotes if the bracket is part of "
        "the text (title: \"[Draft] Study Visit\")."]  # line 4 opens it (YAML notices on 5)
    assert texts(nb, "id") == [
        f"{AT.replace('cell', 'sel')}: galat: YAML front matter tidak dapat dibaca, baris 4: "
        "tanda \"[\" dibuka tetapi tidak ditutup dengan \"]\". Tutup tanda itu, atau apit "
        "seluruh nilai dengan tanda kutip bila tanda itu bagian dari teks "
        "(title: \"[Draf] Studi Banding\")."]


def test_a_tab_in_yaml() -> None:
    assert texts(changed("unit: Bidang Ekonomi", "unit:\tBidang\n\tEkonomi")) == [
        f"{AT}: error: the YAML front matter cannot be read, line 12: there is a tab character; "
        "YAML indents with spaces only. Replace the tab with two spaces."]


def test_yaml_aliases_are_refused() -> None:
    assert texts(changed("unit: Bidang Ekonomi", "unit: &u [*u]")) == [
        f"{AT}: error: the YAML front matter cannot be read, line 12: aliases (*name) are not "
        "allowed; write the value out in full."]


def test_python_tags_in_yaml_are_not_run() -> None:
    nb = changed("unit: Bidang Ekonomi", "unit: !!python/object/apply:os.getcwd []")
    [problem] = problems(nb)
    assert problem.code == "fm.bad_yaml"


@pytest.mark.parametrize("yaml_text", ["- title\n- date", "just a sentence", "42"])
def test_yaml_that_is_not_key_value_lines(yaml_text: str) -> None:
    assert texts(with_front(yaml_text)) == [
        f"{AT}: error: the front matter must be a set of \"key: value\" lines."]


def test_empty_front_matter_lists_every_required_field() -> None:
    nb = visit_notebook()
    nb.cells[0].source = "---\n---"
    assert [(p.field, p.code) for p in problems(nb) if p.is_error] == [
        (key, "fm.required") for key in REQUIRED]


# --- fields present, absent, unknown ------------------------------------------------------

@pytest.mark.parametrize("key", REQUIRED)
def test_each_required_field_missing(key: str) -> None:
    assert texts(without(key)) == [
        f"{AT}, field \"{key}\": error: required field \"{key}\" ({REQUIRED_LABELS[key]}) is "
        "missing."]


def test_a_required_field_left_empty_is_missing() -> None:
    assert texts(changed(TITLE, "title: \"  \"")) == [
        f"{AT}, field \"title\": error: required field \"title\" (Judul) is missing."]
    assert texts(changed(TITLE, "title:"), "id") == [
        f"{PATH}, sel 1, isian \"title\": galat: isian wajib \"title\" (Judul) belum diisi."]


@pytest.mark.parametrize("key", EXPECTED)
def test_each_expected_field_missing_is_a_warning(key: str) -> None:
    nb = without(key)
    [problem] = problems(nb)
    assert not problem.is_error
    assert problem.text("en") == (
        f"{AT}, field \"{key}\": warning: field \"{key}\" ({EXPECTED_LABELS[key]}) is not "
        "filled in yet.")
    assert validate_notebook(nb, PATH)[0] is not None


def test_an_empty_region_is_an_absent_one() -> None:
    nb = changed("home:\n  name: Kabupaten Asal\n  bps_code: \"3315\"",
                 "home:\n  name: \"\"\n  bps_code: \"\"")
    assert [(p.field, p.code, p.severity) for p in problems(nb)] == [
        ("home", "fm.expected", "warning")]


@pytest.mark.parametrize("key", ["participants", "sources", "approved_by"])
def test_optional_fields_may_be_left_out(key: str) -> None:
    assert problems(without(key)) == []


def test_unknown_key_with_a_typo_suggestion() -> None:
    nb = changed("unit: Bidang Ekonomi", "unit: Bidang Ekonomi\ntittle: Judul lain")
    assert texts(nb) == [
        f"{AT}, field \"tittle\": error: unknown field \"tittle\". Valid fields: {VALID_FIELDS}. "
        "Did you mean \"title\"?"]
    assert texts(nb, "id") == [
        f"{PATH}, sel 1, isian \"tittle\": galat: isian \"tittle\" tidak dikenal. Isian yang "
        f"sah: {VALID_FIELDS}. Mungkin maksud Anda \"title\"?"]


def test_unknown_key_without_a_suggestion() -> None:
    assert texts(changed("unit: Bidang Ekonomi", "unit: Bidang Ekonomi\nanggaran: 5")) == [
        f"{AT}, field \"anggaran\": error: unknown field \"anggaran\". Valid fields: "
        f"{VALID_FIELDS}."]


# --- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["14 Maret 2023", "2023-02-30", "2023-3-14", "20230314",
                                   "2023-03-14T10:00", "2023-W11-2"])
def test_a_date_that_is_not_a_yyyy_mm_dd_date(value: str) -> None:
    assert texts(changed("date: 2023-03-14", f"date: {value}")) == [
        f"{AT}, field \"date\": error: \"{value}\" is not a date. Write it as YYYY-MM-DD, for "
        "example 2022-11-28."]


def test_an_impossible_date_in_indonesian() -> None:
    assert texts(changed("date: 2023-03-14", "date: 2022-02-30"), "id") == [
        f"{PATH}, sel 1, isian \"date\": galat: \"2022-02-30\" bukan tanggal. Tulis sebagai "
        "YYYY-MM-DD, misalnya 2022-11-28."]


def test_a_quoted_date_is_a_date() -> None:
    nb = changed("date: 2023-03-14", "date: \"2023-03-14\"")
    assert value_of(nb, "date") == dt.date(2023, 3, 14)


# --- the visit id -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["2023-03-14-Contoh", "2023-03-14-kota contoh", "2023-03-14-a..b",
                                  "2023-03-14-contoh-", "2023-03-14", "contoh", "2023-3-14-contoh",
                                  "2023-03-14-contoh.v2", "2023-03-14_contoh"])
def test_a_file_name_that_is_not_a_visit_id(name: str) -> None:
    assert texts(visit_notebook(), path=Path(f"visits/{name}.ipynb")) == [
        f"visits/{name}.ipynb: error: file name \"{name}.ipynb\" does not follow the visit id "
        "rule YYYY-MM-DD-host (lower-case letters, digits and hyphens only), for example "
        "2022-11-28-banyuwangi.ipynb."]


def test_a_bad_visit_id_in_indonesian() -> None:
    assert texts(visit_notebook(), "id", Path("2023-03-14-Contoh.ipynb")) == [
        "2023-03-14-Contoh.ipynb: galat: nama berkas \"2023-03-14-Contoh.ipynb\" tidak sesuai "
        "aturan id kunjungan YYYY-MM-DD-daerah (huruf kecil, angka dan tanda hubung saja), "
        "misalnya 2022-11-28-banyuwangi.ipynb."]


def test_a_visit_id_given_for_a_copy_is_named_as_given() -> None:
    [problem] = validate_notebook(visit_notebook(), PATH, visit_id="Contoh")[1]
    assert problem.text("en").startswith(f"{PATH}: error: file name \"Contoh\" does not follow")


def test_a_visit_id_with_an_impossible_date() -> None:
    nb = changed("date: 2023-03-14", "date: 2023-02-28")
    assert texts(nb, path=Path("2023-02-30-contoh.ipynb")) == [
        "2023-02-30-contoh.ipynb: error: \"2023-02-30\" in the file name is not a real date."]


def test_a_visit_id_that_does_not_match_the_date() -> None:
    assert texts(visit_notebook(), path=Path("2023-03-15-contoh.ipynb")) == [
        "2023-03-15-contoh.ipynb, cell 1, field \"date\": error: the date in the id (2023-03-15) "
        "differs from the visit date in the front matter (2023-03-14). Make them the same."]
    assert texts(visit_notebook(), "id", Path("2023-03-15-contoh.ipynb")) == [
        "2023-03-15-contoh.ipynb, sel 1, isian \"date\": galat: tanggal pada id (2023-03-15) "
        "berbeda dengan tanggal kunjungan di front matter (2023-03-14). Samakan keduanya."]


# --- choices ------------------------------------------------------------------------------

def test_unknown_kind_with_a_suggestion() -> None:
    assert texts(changed("kind: studi-banding", "kind: studi-bandig")) == [
        f"{AT}, field \"kind\": error: unknown value \"studi-bandig\". Choose one of: "
        "studi-referensi, studi-banding, studi-tiru, studi-komparasi. Did you mean "
        "\"studi-banding\"?"]


def test_unknown_status_with_a_suggestion_in_indonesian() -> None:
    assert texts(changed("status: reviewed", "status: aproved"), "id") == [
        f"{PATH}, sel 1, isian \"status\": galat: nilai \"aproved\" tidak dikenal. Pilihan: "
        "draft, reviewed, approved. Mungkin maksud Anda \"approved\"?"]


def test_unknown_status_without_a_suggestion() -> None:
    assert texts(changed("status: reviewed", "status: selesai")) == [
        f"{AT}, field \"status\": error: unknown value \"selesai\". Choose one of: draft, "
        "reviewed, approved."]


@pytest.mark.parametrize(("written", "value"), [
    ("Studi banding", "studi-banding"), ("STUDI-BANDING", "studi-banding"),
    ("Comparative study visit", "studi-banding"), ("studi tiru", "studi-tiru")])
def test_a_kind_may_be_written_as_its_label(written: str, value: str) -> None:
    assert value_of(changed("kind: studi-banding", f"kind: {written}"), "kind") == value


@pytest.mark.parametrize("written", ["Draft", "Draf", "DRAFT"])
def test_a_status_may_be_written_as_its_label(written: str) -> None:
    assert value_of(changed("status: reviewed", f"status: {written}"), "status") == "draft"


def test_unknown_theme_among_good_ones() -> None:
    nb = changed("themes:\n  - pelayanan-publik", "themes:\n  - pelayanan-publik\n  - kemiskinn")
    [problem] = problems(nb)
    assert (problem.cell, problem.field) == (1, "themes")
    assert problem.text("en").endswith("Did you mean \"kemiskinan\"?")


def test_a_single_theme_may_stand_on_the_line() -> None:
    assert value_of(changed("themes:\n  - pelayanan-publik", "themes: kemiskinan"), "themes") == [
        "kemiskinan"]


def test_themes_in_a_flow_list() -> None:
    assert value_of(changed("themes:\n  - pelayanan-publik", "themes: [kemiskinan, sdm]"),
                    "themes") == ["kemiskinan", "sdm"]


def test_approved_without_approved_by() -> None:
    nb = changed("status: reviewed", "status: approved")
    assert texts(nb) == [
        f"{AT}, field \"approved_by\": error: status \"approved\" needs \"approved_by\": who "
        "approved it."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 1, isian \"approved_by\": galat: status \"approved\" memerlukan "
        "\"approved_by\": siapa yang menyetujui."]


def test_approved_with_approved_by() -> None:
    nb = changed("status: reviewed", "status: approved\napproved_by: Kepala Bappeda")
    visit, _ = validate_notebook(nb, PATH)
    assert visit is not None and visit.approved_by == "Kepala Bappeda"
    assert texts(nb) == [  # no record of position and date: a warning naming the command
        f"{AT}, field \"approved\": warning: status \"approved\" without an approval record "
        "(name, position, NIP, date): run ringkas approve ID --by \"NAME\" --position "
        "\"POSITION\" so that the technical brief carries its signature block."]


APPROVED = """status: approved
approved:
  name: Ir. Ani Lestari, M.T.
  position: Kepala Bappeda Kabupaten Asal
  nip: "19700101 199003 1 001"
  date: 2023-03-20"""


def test_an_approval_record_is_read_and_names_the_approver() -> None:
    nb = changed("status: reviewed", APPROVED)
    assert texts(nb) == []
    assert value_of(nb, "approved") == Approval(
        "Ir. Ani Lestari, M.T.", "Kepala Bappeda Kabupaten Asal", dt.date(2023, 3, 20),
        "197001011990031001")
    assert value_of(nb, "approved_by") == "Ir. Ani Lestari, M.T."


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("date: 2023-03-20", "date: 2023-03-01",
     "field \"approved.date\": error: the date of \"approved\", 2023-03-01, is before the "
     "visit's date 2023-03-14; write a date on or after the visit."),
    ("date: 2023-03-20", "date: 2023-02-30",
     "field \"approved.date\": error: "),
    ('nip: "19700101 199003 1 001"', "nip: 1970010119900310",
     "field \"approved.nip\": error: NIP \"1970010119900310\" is not valid: a NIP is 18 digits"),
    ('nip: "19700101 199003 1 001"', 'nip: "197013011990031001"',
     "field \"approved.nip\": error: NIP \"197013011990031001\" is not valid"),
    ("  position: Kepala Bappeda Kabupaten Asal\n", "",
     "field \"approved.position\": error: \"approved\" has no \"position\" (Jabatan); fill "
     "it in, or write it again with ringkas approve / ringkas review."),
    ("  name: Ir. Ani Lestari, M.T.\n", "  nama: Ani\n",
     "field \"approved.nama\": error: unknown field \"nama\""),
])
def test_a_wrong_approval_record_names_its_field(old: str, new: str, expected: str) -> None:
    nb = changed("status: reviewed", APPROVED.replace(old, new))
    found = [t for t in texts(nb) if "approved." in t]
    assert found and found[0].startswith(f"{AT}, {expected}"), texts(nb)


def test_an_approval_record_that_is_not_a_mapping() -> None:
    nb = changed("status: reviewed", "status: reviewed\nreviewed: Budi")
    assert texts(nb)[0].startswith(
        f"{AT}, field \"reviewed\": error: \"reviewed\" must hold name, position, nip")


# --- shapes YAML allows but the contract does not ----------------------------------------

@pytest.mark.parametrize(("old", "new", "key"), [
    (TITLE, "title: [a, b]", "title"),
    (TITLE, "title: {a: {b: [c]}}", "title"),
    ("date: 2023-03-14", "date: [2023-03-14]", "date"),
    ("kind: studi-banding", "kind: [studi-banding]", "kind"),
    ("status: reviewed", "status: {value: reviewed}", "status"),
])
def test_a_list_or_mapping_where_one_value_belongs(old: str, new: str, key: str) -> None:
    assert texts(changed(old, new)) == [
        f"{AT}, field \"{key}\": error: must be a single value, not a list or \"key: value\" "
        "lines."]


def test_numbers_are_text_where_text_belongs() -> None:
    assert value_of(changed(TITLE, "title: 42"),
                    "title") == "42"


@pytest.mark.parametrize("new", ["participants: 42", "participants:\n  - [a, b]",
                                 "participants:\n  - name: Ani"])
def test_a_list_field_that_is_not_a_list_of_text(new: str) -> None:
    assert texts(changed("participants:\n  - Ani, Kepala Bidang", new)) == [
        f"{AT}, field \"participants\": error: must be a list (lines starting with \"- \")."]


def test_a_single_source_may_stand_on_the_line() -> None:
    assert value_of(changed("sources:\n  - Laporan kunjungan tim", "sources: Laporan tim"),
                    "sources") == ["Laporan tim"]


@pytest.mark.parametrize("new", ["host: 42", "host: [Kota Contoh]", "host:\n  bps_code: \"3578\"",
                                 "host:\n  name: [Kota, Contoh]"])
def test_a_host_without_a_name(new: str) -> None:
    assert texts(changed("host:\n  name: Kota Contoh\n  bps_code: \"3578\"", new)) == [
        f"{AT}, field \"host\": error: must hold \"name\" (and may hold \"bps_code\"), for "
        "example\n  name: Kabupaten Banyuwangi\n  bps_code: \"3510\""]


def test_a_host_written_as_its_name() -> None:
    nb = changed("host:\n  name: Kota Contoh\n  bps_code: \"3578\"", "host: Kota Contoh")
    assert value_of(nb, "host") == Region("Kota Contoh")


@pytest.mark.parametrize("code", ["\"357\"", "\"35a8\"", "\"357801\"", "[3578]"])
def test_a_bad_bps_code(code: str) -> None:
    [problem] = problems(changed("bps_code: \"3578\"", f"bps_code: {code}"))
    assert (problem.cell, problem.field, problem.code) == (1, "host.bps_code", "fm.bad_bps_code")


def test_a_bad_bps_code_message() -> None:
    assert texts(changed("bps_code: \"3578\"", "bps_code: \"357\"")) == [
        f"{AT}, field \"host.bps_code\": error: BPS code \"357\" must be 2 or 4 digits, for "
        "example \"3510\"."]


def test_a_bps_code_written_as_a_number_is_read_as_text() -> None:
    assert value_of(changed("bps_code: \"3578\"", "bps_code: 3578"), "host") == Region(
        "Kota Contoh", "3578")


def test_an_unknown_key_inside_a_region() -> None:
    nb = changed("host:\n  name: Kota Contoh", "host:\n  name: Kota Contoh\n  nama: Kota Lain")
    assert texts(nb) == [
        f"{AT}, field \"host.nama\": error: unknown field \"nama\". Valid fields: name, bps_code. "
        "Did you mean \"name\"?"]
