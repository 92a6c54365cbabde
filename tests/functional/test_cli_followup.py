"""`ringkas followup`: open recommendations by lead OPD, overdue ones marked, and the xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner, Result

from ringkas.cli import cli
from tests.notebooks import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "kb"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["--project", str(ROOT), *map(str, args)])


def test_overdue_on_a_fixed_day() -> None:
    result = run("followup", "--overdue", "--today", "2024-05-01", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Bappeda (1)\n"
        "  [TERLAMBAT] Membangun dasbor perencanaan daerah\n"
        "      2022-06-14-sumedang no. 2 · Berjalan · tenggat 2023-03-31\n"
        "\n"
        "Dinas Perindustrian (1)\n"
        "  [TERLAMBAT] Menyusun skema kurasi dan label produk daerah\n"
        "      2021-09-07-kulon-progo no. 3 · Berjalan · tenggat 2023-12-31\n"
        "\n"
        "Dinas PMD (1)\n"
        "  [TERLAMBAT] Membuka toko milik desa percontohan di tiga desa\n"
        "      2021-09-07-kulon-progo no. 2 · Direncanakan · tenggat 2022-06-30\n"
        "\n"
        "3 rekomendasi terbuka, 3 terlambat per 2024-05-01.\n")


def test_grouped_by_opd_in_english() -> None:
    result = run("--lang", "en", "followup", "--today", "2024-05-01", "--opd", "PMD",
                 "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Dinas PMD (2)\n"
        "  [OVERDUE] Membuka toko milik desa percontohan di tiga desa\n"
        "      2021-09-07-kulon-progo no. 2 · Planned · due 2022-06-30\n"
        "  Melatih pendamping keluarga rentan di setiap desa\n"
        "      2024-02-20-sragen no. 3 · Planned · due 2029-06-30\n"
        "\n"
        "2 open recommendations, 1 overdue as of 2024-05-01.\n")


def test_every_open_recommendation_by_default() -> None:
    result = run("followup", "--today", "2024-05-01", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    groups = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert groups == ["Bagian Organisasi (1)", "Bappeda (2)", "Dinas Perindustrian (1)",
                      "Dinas PMD (2)", "Disdukcapil (1)", "Diskominfo (2)",
                      "Environment Agency (1)", "Legal Division (1)",
                      "11 rekomendasi terbuka, 3 terlambat per 2024-05-01."]
    assert "tanpa tenggat" in result.stdout  # Bagian Organisasi's has no timeline


def test_nothing_overdue_is_said() -> None:
    result = run("followup", "--overdue", "--today", "2020-01-01", "--visits", FIXTURES)
    assert result.exit_code == 0
    assert result.stdout == "Tidak ada rekomendasi yang terlambat per 2020-01-01.\n"
    result = run("--lang", "en", "followup", "--opd", "Dinas Sosial", "--today", "2020-01-01",
                 "--visits", FIXTURES)
    assert result.stdout == (
        'No open recommendations for agency "Dinas Sosial" as of 2020-01-01.\n')


def test_the_xlsx_for_the_meeting(tmp_path: Path) -> None:
    target = tmp_path / "rapat" / "tindak-lanjut.xlsx"
    result = run("followup", "--today", "2024-05-01", "--overdue", "--xlsx", target,
                 "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Tabel tindak lanjut ditulis: {target}\n")
    sheet = pd.read_excel(target)
    assert list(zip(sheet["OPD pengampu"], sheet["Kunjungan"], sheet["Terlambat"],
                    strict=True)) == [
        ("Bappeda", "2022-06-14-sumedang", "TERLAMBAT"),
        ("Dinas Perindustrian", "2021-09-07-kulon-progo", "TERLAMBAT"),
        ("Dinas PMD", "2021-09-07-kulon-progo", "TERLAMBAT")]


def test_a_wrong_xlsx_name_is_refused_before_work(tmp_path: Path) -> None:
    result = run("--lang", "en", "followup", "--xlsx", tmp_path / "out.csv", "--visits", FIXTURES)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'out.csv'}: end the file name with .xlsx.\n"


def test_a_bad_date_is_refused() -> None:
    result = run("followup", "--today", "1 Mei 2024", "--visits", FIXTURES)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr or "%Y-%m-%d" in result.stderr


def test_followup_is_in_the_docs_and_has_help() -> None:
    docs = (ROOT / "docs" / "search.md").read_text(encoding="utf-8")
    help_text = run("followup", "--help").stdout
    for option in ("--opd", "--overdue", "--today", "--xlsx", "--visits"):
        assert "ringkas followup" in docs and option in docs and option in help_text


def test_a_recommendation_without_a_deadline_says_so_once() -> None:
    """Not "tenggat tanpa tenggat" / "due no due date" (issue 15)."""
    for lang, words, wrong in (("id", "· tanpa tenggat\n", "tenggat tanpa"),
                               ("en", "· no deadline\n", "due no")):
        result = run("--lang", lang, "followup", "--today", "2024-05-01", "--opd", "Organisasi",
                     "--visits", FIXTURES)
        assert result.exit_code == 0, result.output
        assert words in result.stdout and wrong not in result.stdout, result.stdout
