"""`ringkas list`: one line per visit that follows the format; broken ones on stderr, exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from ringkas.cli import cli
from tests.notebooks import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "kb"

LINES = [
    "2021-09-07-kulon-progo  2021-09-07  Kabupaten Kulon Progo  [draft]  Studi Tiru Penguatan "
    "Produk Lokal ke Kabupaten Kulon Progo",
    "2022-06-14-sumedang  2022-06-14  Kabupaten Sumedang  [draft]  Studi Komparasi Pemerintahan "
    "Digital ke Kabupaten Sumedang",
    "2023-05-16-surabaya  2023-05-16  Kota Surabaya  [reviewed]  Studi Banding Pelayanan Publik "
    "Terpadu ke Kota Surabaya",
    "2023-10-03-badung  2023-10-03  Kabupaten Badung  [reviewed]  Comparative Study Visit on "
    "Tourism and Waste Management to Kabupaten Badung",
    "2024-02-20-sragen  2024-02-20  Kabupaten Sragen  [approved]  Studi Referensi Layanan "
    "Terpadu Penanggulangan Kemiskinan ke Kabupaten Sragen",
]


def run(*args: str | Path) -> Result:
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, [str(a) for a in args])


def test_every_visit_in_date_order(tmp_path: Path) -> None:
    result = run("list", FIXTURES)
    assert result.exit_code == 0
    assert result.stdout == "\n".join(LINES) + "\n"
    assert result.stderr == ""


def test_the_project_visits_by_default(tmp_path: Path) -> None:
    visits = tmp_path / "notebooks" / "visits"
    shutil.copytree(FIXTURES, visits, ignore=shutil.ignore_patterns("*.py", "*.md"))
    result = run("--project", tmp_path, "list")
    assert result.exit_code == 0 and result.stdout == "\n".join(LINES) + "\n"


def test_a_broken_notebook_is_named_on_stderr_and_exits_1(tmp_path: Path) -> None:
    visits = tmp_path / "notebooks" / "visits"
    shutil.copytree(FIXTURES, visits, ignore=shutil.ignore_patterns("*.py", "*.md"))
    broken = visits / "2020-01-01-rusak.ipynb"
    broken.write_text("{", encoding="utf-8")
    result = run("--project", tmp_path, "list", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == "\n".join(LINES) + "\n"
    assert result.stderr == (
        f"{broken}: error: the file is not valid JSON (line 1, column 2: Expecting property name "
        "enclosed in double quotes). The notebook is damaged or truncated; restore it from a "
        "backup or from git history.\n")


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = run("--lang", "en", "list", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no visit notebooks in {tmp_path}. Create one with: "
                             "ringkas new --date ... --host ... --title ...\n")
