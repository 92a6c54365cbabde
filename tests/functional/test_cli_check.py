"""`ringkas check`: what it prints, in which language, and its exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from tests.notebooks import EXAMPLE, ROOT, visit_notebook, write


def check(*args: str, lang: str | None = None, project: Path | None = None) -> Result:
    options = ["--lang", lang] if lang else []
    options += ["--project", str(project)] if project else []
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, [*options, "check", *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder whose notebooks/visits/ holds the valid notebook."""
    write(visit_notebook(), tmp_path / "notebooks" / "visits")
    return tmp_path


def visits(project: Path) -> Path:
    return project / "notebooks" / "visits"


def test_a_valid_notebook_passes(project: Path) -> None:
    path = visits(project) / "2023-03-14-contoh.ipynb"
    result = check(str(path), lang="en")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}: follows the format.\n1 notebook checked: 0 errors, 0 warnings.\n")
    assert result.stderr == ""


def test_every_visit_of_the_project_by_default(project: Path) -> None:
    result = check(project=project)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{visits(project) / '2023-03-14-contoh.ipynb'}: sesuai format.\n"
        "1 notebook diperiksa: 0 galat, 0 peringatan.\n")


def test_warnings_only_exit_0(project: Path) -> None:
    nb = visit_notebook()
    nb.cells[9].metadata.tags = []  # lessons: expected
    path = write(nb, visits(project))
    result = check(str(path), lang="en")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}, section \"lessons\": warning: section \"lessons\" (Pelajaran) is absent; briefs "
        "will go without it.\n1 notebook checked: 0 errors, 1 warning.\n")
    assert result.stderr == ""


def test_errors_exit_1_and_name_file_cell_and_field(project: Path) -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed", "status: disetujuii")
    path = write(nb, visits(project), "2023-03-14-rusak")
    result = check(str(visits(project)))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}, sel 1, isian \"status\": galat: nilai \"disetujuii\" tidak dikenal. Pilihan: "
        "draft, reviewed, approved.\n")
    assert result.stdout == (
        f"{visits(project) / '2023-03-14-contoh.ipynb'}: sesuai format.\n"
        "2 notebook diperiksa: 1 galat, 0 peringatan.\n")


def test_lang_en_gives_english(project: Path) -> None:
    nb = visit_notebook()
    nb.cells[2].metadata.tags = ["sumary"]
    path = write(nb, visits(project))
    result = check(str(path), lang="en")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [  # the notebook as a whole first, then by cell
        f"{path}, section \"summary\": error: required section \"summary\" (Ringkasan "
        "eksekutif) is "
        "missing. Add a markdown cell tagged \"summary\".",
        f"{path}, cell 3, tag \"sumary\": error: unknown tag \"sumary\". Valid tags: summary, "
        "background, purpose, leadership, innovation, roles, outcome, lessons, recommendations, "
        "context, dokumentasi, evidence, en, hide-cell, hide-input, hide-output, "
        "injected-parameters, "
        "not-discussed, parameters, remove-cell, remove-input, remove-output. Did you mean "
        "\"summary\"?"]
    assert result.stdout == "1 notebook checked: 2 errors, 0 warnings.\n"


def test_the_language_can_come_from_the_environment(project: Path) -> None:
    result = CliRunner(env={"RINGKAS_LANG": "en"}).invoke(cli, ["--project", str(project), "check"])
    assert result.stdout.endswith("1 notebook checked: 0 errors, 0 warnings.\n")


@pytest.mark.parametrize(("content", "expected"), [
    (b"{", "the file is not valid JSON (line 1, column 2: Expecting property name enclosed in "
           "double quotes). The notebook is damaged or truncated; restore it from a backup or "
           "from git history."),
    (b"\xff\xfe{}",
     "the file is not UTF-8 text (byte 0). Save the notebook again from JupyterLab."),
    (b'{"nbformat": 3, "worksheets": []}', "the notebook uses an old format (nbformat 3). Open "
     "and save it in JupyterLab, or run: jupyter nbconvert --to notebook --inplace FILE"),
])
def test_broken_files_are_problems_not_tracebacks(tmp_path: Path, content: bytes,
                                                  expected: str) -> None:
    path = tmp_path / "2023-03-14-contoh.ipynb"
    path.write_bytes(content)
    result = check(str(path), lang="en")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == f"{path}: error: {expected}\n"


@pytest.mark.parametrize("front", [
    "- a\n- b", "title: {a: [1, {b: c}]}", "host: 42", "date: 2023-03-14T10:00", "a: &a [*a]",
    "title: [", "",
])
def test_odd_front_matter_is_problems_not_tracebacks(tmp_path: Path, front: str) -> None:
    nb = visit_notebook()
    nb.cells[0].source = f"---\n{front}\n---"
    path = write(nb, tmp_path)
    result = check(str(path), lang="en")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert lines and all(line.startswith(f"{path}, cell 1") for line in lines)
    assert "Traceback" not in result.output


def test_two_notebooks_with_one_id(tmp_path: Path) -> None:
    first = write(visit_notebook(), tmp_path / "a")
    second = write(visit_notebook(), tmp_path / "b")
    result = check(str(tmp_path), lang="en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{second}, field \"id\": error: visit id \"2023-03-14-contoh\" is also used by {first}. "
        "Each visit needs a unique id.\n")


def test_a_missing_path(tmp_path: Path) -> None:
    result = check(str(tmp_path / "tidak-ada.ipynb"), lang="en")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'tidak-ada.ipynb'} not found.\n"
    result = check(str(tmp_path / "tidak-ada.ipynb"))
    assert result.stderr == f"Galat: {tmp_path / 'tidak-ada.ipynb'} tidak ditemukan.\n"


def test_a_folder_without_visits(tmp_path: Path) -> None:
    result = check(str(tmp_path), lang="en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no visit notebooks in {tmp_path}. Create one with: ringkas new --date ... --host "
        "... --title ...\n")


def test_a_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option"])
    assert result.exit_code == 2


def test_the_example_visit_passes() -> None:
    result = check(str(EXAMPLE), lang="en")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{EXAMPLE}, cell 15, column \"lead_opd\": warning: table row {row}: no lead agency "
        "assigned yet." for row in (1, 2)] + [
        "1 notebook checked: 0 errors, 2 warnings."]


def test_the_installed_command(tmp_path: Path) -> None:
    """The console script itself, as a user runs it: exit codes and streams."""
    command = Path(sys.executable).parent / "ringkas"
    if not command.exists():
        pytest.skip(f"{command} is not installed; run: make install")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGKAS_")}
    ok = subprocess.run([str(command), "--lang", "en", "check", str(EXAMPLE)], cwd=ROOT,
                        capture_output=True, text=True, env=env, check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.endswith("1 notebook checked: 0 errors, 2 warnings.\n")
    broken = tmp_path / "2023-03-14-contoh.ipynb"
    broken.write_text("[]", encoding="utf-8")
    bad = subprocess.run([str(command), "check", str(broken)], capture_output=True, text=True,
                         env=env, check=False)
    assert bad.returncode == 1
    assert bad.stderr == (
        f"{broken}: galat: berkas JSON ini bukan notebook Jupyter (no \"cells\" list).\n")
    assert bad.stdout == "1 notebook diperiksa: 1 galat, 0 peringatan.\n"


# --- one word per thing, cell order, unknown values (issue 15) ------------------------------

def broken_in_five_places(folder: Path) -> Path:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("unit: Bidang Ekonomi", "judul: Contoh")
    nb.cells[2].source = ""  # summary, blank
    nb.cells[5].metadata["tags"] = ["leadershp"]
    nb.cells[10].source = nb.cells[10].source.replace("| 2023-S2 |", "| 2023-S3 |")
    return write(nb, folder)


def where_lines(result: Result, path: Path) -> list[str]:
    return [line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1]
            for line in result.output.splitlines() if line.startswith(str(path))]


def test_each_thing_has_one_word_and_problems_come_in_cell_order(tmp_path: Path) -> None:
    path = broken_in_five_places(tmp_path)
    english = check(str(path), lang="en")
    assert english.exit_code == 1
    assert where_lines(english, path) == [
        f'{path}, section "leadership": warning',
        f'{path}, cell 1, field "judul": error',
        f'{path}, cell 1, field "unit": warning',
        f'{path}, cell 3, section "summary": error',
        f'{path}, cell 6, tag "leadershp": error',
        f'{path}, cell 11, column "timeline": error']
    indonesian = check(str(path), lang="id")
    assert where_lines(indonesian, path) == [
        f'{path}, bagian "leadership": peringatan',
        f'{path}, sel 1, isian "judul": galat',
        f'{path}, sel 1, isian "unit": peringatan',
        f'{path}, sel 3, bagian "summary": galat',
        f'{path}, sel 6, tag "leadershp": galat',
        f'{path}, sel 11, kolom "timeline": galat']


def test_front_matter_messages_call_fields_isian(tmp_path: Path) -> None:
    path = broken_in_five_places(tmp_path)
    output = check(str(path), lang="id").output
    assert 'isian "judul" tidak dikenal. Isian yang sah: ' in output
    assert "bagian \"judul\"" not in output
