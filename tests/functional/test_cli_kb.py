"""`ringkas kb export` and `ringkas kb summary`, and the golden knowledge-base tables.

The golden CSVs under golden/kb/<case>/ are what `ringkas kb export --csv` writes for the example
visit and for the fixture visits. After an intended change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/functional/test_cli_kb.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.knowledge import kb
from ringkas.project.paths import Project
from tests.notebooks import EXAMPLE, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "kb"
FIXTURES = ROOT / "tests" / "fixtures" / "kb"
CASES = {"banyuwangi": EXAMPLE, "fixtures": FIXTURES}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["--project", str(ROOT), *map(str, args)])


def read_as_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


# --- golden tables ------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_export_matches_the_golden_tables(case: str, tmp_path: Path) -> None:
    result = run("kb", "export", tmp_path / case, "--csv", "--visits", CASES[case])
    assert result.exit_code == 0, result.output
    expected = GOLDEN / case
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(tmp_path / case, expected)
    assert sorted(p.name for p in (tmp_path / case).iterdir()) == sorted(
        p.name for p in expected.iterdir())
    for table in kb.TABLES:
        pd.testing.assert_frame_equal(read_as_text(tmp_path / case / f"{table}.csv"),
                                      read_as_text(expected / f"{table}.csv"), obj=table)


def test_the_golden_example_is_the_example_visit() -> None:
    visits = read_as_text(GOLDEN / "banyuwangi" / "visits.csv")
    assert list(visits["visit_id"]) == ["2022-11-28-banyuwangi"]
    assert list(visits["path"]) == ["notebooks/visits/2022-11-28-banyuwangi.ipynb"]
    recommendations = read_as_text(GOLDEN / "banyuwangi" / "recommendations.csv")
    assert list(recommendations["status"]) == ["usulan", "usulan"]


# --- export -------------------------------------------------------------------------------

def test_export_to_excel_speaks_indonesian_by_default(tmp_path: Path) -> None:
    target = tmp_path / "kb.xlsx"
    result = run("kb", "export", target, "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Diekspor: {target}\n" and result.stderr == ""
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets) == list(kb.TABLES)
    assert [len(sheets[name]) for name in kb.TABLES] == [5, 13, 13, 18, 46, 1]


@pytest.mark.parametrize("lang_args", [("kb", "--lang", "en"), ("--lang", "en", "kb")])
def test_export_speaks_english_with_lang_en(lang_args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*lang_args, "export", tmp_path / "csv", "--csv", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported: {tmp_path / 'csv'}\n"
    assert sorted(os.listdir(tmp_path / "csv")) == sorted(f"{t}.csv" for t in kb.TABLES)


def test_the_default_visits_are_the_projects(tmp_path: Path) -> None:
    result = run("kb", "export", tmp_path / "csv", "--csv")
    assert result.exit_code == 0, result.output
    visits = read_as_text(tmp_path / "csv" / "visits.csv")
    assert "2022-11-28-banyuwangi" in set(visits["visit_id"])


def test_a_target_without_xlsx_is_refused_before_loading(tmp_path: Path) -> None:
    result = run("kb", "export", tmp_path / "kb.csv", "--visits", tmp_path / "missing")
    assert result.exit_code == 1
    assert result.stderr == (f"Galat: {tmp_path / 'kb.csv'}: akhiri nama berkas dengan .xlsx, "
                             "atau tambahkan --csv untuk menulis folder CSV.\n")
    assert list(tmp_path.iterdir()) == []


def test_bad_target_in_english(tmp_path: Path) -> None:
    result = run("kb", "--lang", "en", "export", tmp_path / "kb")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'kb'}: end the file name with .xlsx, or add "
                             "--csv to write a folder of CSV files.\n")


def test_csv_into_an_existing_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "kb").write_text("x", encoding="utf-8")
    result = run("kb", "--lang", "en", "export", tmp_path / "kb", "--csv", "--visits", FIXTURES)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'kb'} is a file, not a folder. --csv writes one CSV file per table "
        "into a folder; choose a folder name.\n")


def test_broken_notebooks_are_named_and_the_rest_exported(tmp_path: Path) -> None:
    visits = tmp_path / "visits"
    visits.mkdir()
    shutil.copy(FIXTURES / "2023-10-03-badung.ipynb", visits)
    broken = visits / "2023-03-15-rusak.ipynb"
    broken.write_text("{", encoding="utf-8")
    result = run("kb", "--lang", "en", "export", tmp_path / "kb.xlsx", "--visits", visits)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{broken}: left out because it breaks the format (1 error). See the details with: "
        f"ringkas check {broken}\n")
    assert len(pd.read_excel(tmp_path / "kb.xlsx", sheet_name="visits")) == 1


def test_no_visit_notebooks_is_an_error(tmp_path: Path) -> None:
    result = run("kb", "--lang", "en", "export", tmp_path / "kb.xlsx", "--visits", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no visit notebooks in {tmp_path}.")


# --- summary and help ---------------------------------------------------------------------

def test_summary_counts_rows_and_follow_up() -> None:
    overdue = len(kb.load(FIXTURES, project=Project(ROOT)).overdue())
    result = run("kb", "summary", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "visits: 5 baris", "innovations: 13 baris", "roles: 13 baris",
        "recommendations: 18 baris", "sections: 46 baris", "photos: 1 baris",
        f"rekomendasi terbuka: 11, lewat waktu: {overdue}"]


def test_summary_in_english() -> None:
    result = run("kb", "--lang", "en", "summary", "--visits", EXAMPLE)
    assert result.stdout.splitlines()[0] == "visits: 1 row"
    assert result.stdout.splitlines()[-1] == "open recommendations: 2, overdue: 0"


@pytest.mark.parametrize("args", [("kb", "--help"), ("kb", "export", "--help"),
                                  ("kb", "summary", "--help")])
def test_kb_commands_have_help(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0 and "Usage: " in result.stdout
    assert "/" in result.stdout  # Indonesian / English help


def test_kb_commands_are_documented() -> None:
    docs = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    group = cli.commands["kb"]
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"ringkas kb {name}" in docs, name


# --- the default place of an export (issue 15) ----------------------------------------------

def export_in(project: Path, *args: str | Path) -> Result:
    (project / "notebooks" / "visits").mkdir(parents=True, exist_ok=True)
    return CliRunner().invoke(cli, ["--project", str(project), *map(str, args)])


@pytest.mark.parametrize(("lang", "said"), [("id", "Diekspor"), ("en", "Exported")])
def test_export_without_a_path_goes_to_the_exports_folder(lang: str, said: str,
                                                          tmp_path: Path) -> None:
    result = export_in(tmp_path, "--lang", lang, "kb", "export", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    target = tmp_path / "exports" / "kb.xlsx"
    assert result.stdout == f"{said}: {target}\n"
    assert list(pd.read_excel(target, sheet_name=None)) == list(kb.TABLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "notebooks"]


def test_csv_export_without_a_path_goes_to_the_exports_folder(tmp_path: Path) -> None:
    result = export_in(tmp_path, "kb", "export", "--csv", "--visits", FIXTURES)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Diekspor: {tmp_path / 'exports' / 'kb'}\n"
    assert sorted(os.listdir(tmp_path / "exports" / "kb")) == sorted(
        f"{t}.csv" for t in kb.TABLES)


def test_git_ignores_the_exports_folder() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of ringkas: apt-get install git")
    import subprocess

    checked = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "exports/kb.xlsx"],
                             check=False)
    assert checked.returncode == 0, "exports/ is not in .gitignore"
