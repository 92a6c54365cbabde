"""`ringkas new` takes every front-matter field as an option, checks it by the contract's rules
before writing anything, and never prompts when stdin is not a terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest
import yaml
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.model import Region
from ringkas.notebook.read import load_visit

ARGS = ["--date", "2024-05-06", "--host", "Kota Surabaya", "--title", "Studi Tiru ke Surabaya"]
PATH = Path("notebooks") / "visits" / "2024-05-06-surabaya.ipynb"
EVERY_OPTION = [
    *ARGS, "--kind", "studi-banding", "--host-bps-code", "3578", "--home", "Kabupaten Grobogan",
    "--home-bps-code", "3315", "--agency", "Bappeda Kabupaten Grobogan", "--unit",
    "Bidang Pemsosbud", "--participant", "Budi Santoso, Kepala Bidang", "--participant",
    "Sri: analis \"kebijakan\"", "--theme", "kemiskinan", "--theme", "Pelayanan publik",
    "--source", "https://example.org/berita", "--source", "Laporan tim", "--status", "draft",
    "--led-by", "Ani Lestari, Kepala Bappeda", "--received-by", "Dr. Sari, M.Si.; Sekretaris",
    "--received-by", "Budi", "--venue", "Ruang Rapat Bappeda", "--text-lang", "English",
]


def run(project: Path, *args: str, lang: str | None = None, stdin: str | None = None) -> Result:
    options = ["--lang", lang] if lang else []
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, [*options, "--project", str(project), *args], input=stdin)


def front_matter(path: Path) -> dict[str, object]:
    source = nbformat.read(path, as_version=4).cells[0].source
    data = yaml.safe_load(source.strip().removeprefix("---").removesuffix("---"))
    assert isinstance(data, dict)
    return data


def test_every_option_lands_in_the_front_matter(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *EVERY_OPTION, lang="en")
    assert result.exit_code == 0, result.output
    data = front_matter(tmp_path / PATH)
    assert data == {
        "title": "Studi Tiru ke Surabaya", "date": dt.date(2024, 5, 6), "kind": "studi-banding",
        "host": {"name": "Kota Surabaya", "bps_code": "3578"},
        "home": {"name": "Kabupaten Grobogan", "bps_code": "3315"},
        "agency": "Bappeda Kabupaten Grobogan", "unit": "Bidang Pemsosbud",
        "participants": ["Budi Santoso, Kepala Bidang", "Sri: analis \"kebijakan\""],
        "led_by": "Ani Lestari, Kepala Bappeda", "venue": "Ruang Rapat Bappeda",
        "received_by": [{"name": "Dr. Sari, M.Si.", "position": "Sekretaris"}, "Budi"],
        "themes": ["kemiskinan", "pelayanan-publik"],  # a label is written as its key
        "sources": ["https://example.org/berita", "Laporan tim"], "status": "draft",
        "approved_by": "", "text_lang": "en"}  # "English": the label, written as its key


def test_a_fully_optioned_notebook_round_trips_through_check(tmp_path: Path) -> None:
    assert run(tmp_path, "new", *EVERY_OPTION).exit_code == 0
    visit = load_visit(tmp_path / PATH)
    assert (visit.kind, visit.host, visit.home) == (
        "studi-banding", Region("Kota Surabaya", "3578"), Region("Kabupaten Grobogan", "3315"))
    assert (visit.agency, visit.unit, visit.themes) == (
        "Bappeda Kabupaten Grobogan", "Bidang Pemsosbud", ["kemiskinan", "pelayanan-publik"])
    assert visit.participants == ["Budi Santoso, Kepala Bidang", "Sri: analis \"kebijakan\""]
    checked = run(tmp_path, "check", lang="en")
    assert (checked.exit_code, checked.stderr) == (0, "")
    # the four front-matter warnings of a blank skeleton are gone: only sections remain
    assert checked.stdout.splitlines()[-1] == "1 notebook checked: 0 errors, 7 warnings."
    assert ", cell 1, " not in checked.stdout


def test_approved_status_with_its_approver(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS, "--status", "approved", "--approved-by",
                 "Kepala Bappeda")
    assert result.exit_code == 0, result.output
    data = front_matter(tmp_path / PATH)
    assert (data["status"], data["approved_by"]) == ("approved", "Kepala Bappeda")


def test_approved_without_an_approver_writes_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS, "--status", "approved", lang="en")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --status approved needs --approved-by: the name of who approved the visit.\n")
    assert not (tmp_path / "notebooks").exists()


@pytest.mark.parametrize(("args", "lang", "message"), [
    (["--kind", "studi-wisata"], "en",
     "Error: --kind \"studi-wisata\": unknown value. Choose one of: studi-referensi, "
     "studi-banding, studi-tiru, studi-komparasi. Did you mean \"studi-tiru\"?\n"),
    (["--kind", "studi-bandin"], "id",
     "Galat: --kind \"studi-bandin\": nilai tidak dikenal. Pilih salah satu: studi-referensi, "
     "studi-banding, studi-tiru, studi-komparasi. Mungkin maksud Anda \"studi-banding\"?\n"),
    (["--theme", "kemiskinan", "--theme", "kemiskinann"], "en",
     "Error: --theme \"kemiskinann\": unknown value. Choose one of: kemiskinan, "
     "perlindungan-sosial, kesehatan, pendidikan, ekonomi-lokal, pariwisata, pertanian, "
     "infrastruktur, lingkungan, tata-kelola, pelayanan-publik, digital, pendanaan, sdm, "
     "perencanaan. "
     "Did you mean \"kemiskinan\"?\n"),
    (["--status", "final"], "en",
     "Error: --status \"final\": unknown value. Choose one of: draft, reviewed, approved.\n"),
])
def test_a_bad_choice_is_a_usage_error_listing_the_choices(tmp_path: Path, args: list[str],
                                                           lang: str, message: str) -> None:
    result = run(tmp_path, "new", *ARGS, *args, lang=lang)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "notebooks").exists()


def test_a_bad_choice_after_the_command_speaks_the_language_given_there(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS, "--kind", "x", "--lang", "en")
    assert (result.exit_code, result.stderr.split(":")[0]) == (2, "Error")


@pytest.mark.parametrize(("option", "value"), [("--host-bps-code", "35x"),
                                               ("--home-bps-code", "123")])
def test_a_bad_bps_code_writes_nothing(tmp_path: Path, option: str, value: str) -> None:
    result = run(tmp_path, "new", *ARGS, "--home", "Kabupaten Grobogan", option, value,
                 lang="en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {option}: BPS code \"{value}\" must be 2 or 4 digits, for example \"3510\".\n")
    assert not (tmp_path / "notebooks").exists()


def test_a_bps_code_without_its_region_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS, "--home-bps-code", "3315", lang="en")
    assert result.exit_code == 2
    assert result.stderr == "Error: --home-bps-code needs --home: the region it is the code of.\n"


@pytest.mark.parametrize("title", ['Studi: "kutip" dan \'tanda\'', "- daftar? # bukan: komentar",
                                   "yes", "2024-05-06", "Baris\nkedua"])
def test_a_title_with_colons_and_quotes_round_trips(tmp_path: Path, title: str) -> None:
    args = [*ARGS[:-1], title, "--agency", 'Bappeda: "Grobogan"', "--unit", "null"]
    assert run(tmp_path, "new", *args).exit_code == 0
    visit = load_visit(tmp_path / PATH)
    assert (visit.title, visit.agency, visit.unit) == (title, 'Bappeda: "Grobogan"', "null")
    assert run(tmp_path, "check").exit_code == 0


def test_without_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    # CliRunner's stdin is no terminal: no prompt reads it, what is not given stays empty
    result = run(tmp_path, "new", *ARGS, lang="en", stdin="studi-banding\nBappeda\n")
    assert result.exit_code == 0
    assert result.output.startswith("Visit notebook created: ")
    data = front_matter(tmp_path / PATH)
    assert (data["kind"], data["agency"], data["themes"], data["status"]) == (
        "studi-referensi", "", [], "draft")


@pytest.mark.parametrize(("args", "lang", "message"), [
    (["--date", "2024-05-06"], "en",
     "Error: missing --host, --title. Pass them as options, for example: ringkas new --date "
     "2024-05-06 --host \"Kota Surabaya\" --title \"Studi tiru ke Surabaya\"; or run ringkas new "
     "in a terminal, which asks for them.\n"),
    ([], "id",
     "Galat: --date, --host, --title belum diberikan. Berikan sebagai opsi, misalnya: ringkas new "
     "--date 2024-05-06 --host \"Kota Surabaya\" --title \"Studi tiru ke Surabaya\"; atau jalankan "
     "ringkas new di terminal, yang akan menanyakannya.\n"),
])
def test_missing_required_options_without_a_terminal(tmp_path: Path, args: list[str], lang: str,
                                                     message: str) -> None:
    result = run(tmp_path, "new", *args, lang=lang)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "notebooks").exists()


def test_force_replaces_an_existing_notebook(tmp_path: Path) -> None:
    assert run(tmp_path, "new", *ARGS).exit_code == 0
    assert run(tmp_path, "new", *ARGS, "--agency", "Bappeda").exit_code == 1
    assert front_matter(tmp_path / PATH)["agency"] == ""
    result = run(tmp_path, "new", *ARGS, "--agency", "Bappeda", "--force")
    assert result.exit_code == 0, result.output
    assert front_matter(tmp_path / PATH)["agency"] == "Bappeda"
