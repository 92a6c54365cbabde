"""`ringkas new`: a notebook from the skeleton that `ringkas check` accepts; never overwriting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.project.paths import templates_dir

ARGS = ["--date", "2024-05-06", "--host", "Kota Surabaya", "--title", "Studi Tiru ke Surabaya"]


def run(project: Path, *args: str, lang: str | None = None) -> Result:
    options = ["--lang", lang] if lang else []
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, [*options, "--project", str(project), *args])


def test_new_writes_the_notebook_from_the_skeleton(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS, lang="en")
    path = tmp_path / "notebooks" / "visits" / "2024-05-06-surabaya.ipynb"
    assert result.exit_code == 0
    assert result.output == (
        f"Visit notebook created: {path}\nOpen it in JupyterLab, fill in each section, then check "
        f"it with: ringkas check {path}\n")
    written = nbformat.read(path, as_version=4)
    skeleton = nbformat.read(templates_dir() / "visit.ipynb", as_version=4)
    assert [c.metadata.get("tags") for c in written.cells] == [
        c.metadata.get("tags") for c in skeleton.cells]
    assert "title: \"Studi Tiru ke Surabaya\"\ndate: 2024-05-06\n" in written.cells[0].source
    assert "  name: \"Kota Surabaya\"\n" in written.cells[0].source


def test_new_speaks_indonesian_by_default(tmp_path: Path) -> None:
    result = run(tmp_path, "new", *ARGS)
    path = tmp_path / "notebooks" / "visits" / "2024-05-06-surabaya.ipynb"
    assert result.output == (
        f"Notebook kunjungan dibuat: {path}\nBuka di JupyterLab, isi setiap bagian, lalu periksa "
        f"dengan: ringkas check {path}\n")


def test_the_new_notebook_passes_check_with_warnings_only(tmp_path: Path) -> None:
    assert run(tmp_path, "new", *ARGS).exit_code == 0
    result = run(tmp_path, "check", lang="en")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 notebook checked: 0 errors, 11 warnings."
    assert all(": warning: " in line for line in lines[:-1])
    assert len(lines) == 12
    # one warning for each field and section the researcher must still fill; the optional
    # sections (purpose, outcome, context) holding only their guidance say nothing
    assert [re.search(r'(?:field|section) "([^"]+)"', line)[1] for line in lines[:-1]] == [
        "home", "agency", "unit", "themes", "summary", "background", "leadership", "innovation",
        "roles", "lessons", "recommendations"]  # in cell order


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run(tmp_path, "new", *ARGS).exit_code == 0
    path = tmp_path / "notebooks" / "visits" / "2024-05-06-surabaya.ipynb"
    before = path.read_bytes()
    result = run(tmp_path, "new", "--date", "2024-05-06", "--host", "Surabaya", "--title", "Lain",
                 lang="en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} already exists; ringkas never overwrites a notebook. Choose another date "
        "or host name, delete that file first, or pass --force to replace it.\n")
    assert path.read_bytes() == before
    result = run(tmp_path, "new", *ARGS)
    assert result.stderr == (
        f"Galat: {path} sudah ada; ringkas tidak menimpa notebook yang ada. Pilih tanggal atau "
        "nama daerah lain, hapus berkas itu lebih dulu, atau beri --force untuk menggantinya.\n")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--date", "28-11-2022",
     "Error: --date \"28-11-2022\" is not a date. Write it as YYYY-MM-DD.\n"),
    ("--host", "Kabupaten", "Error: --host \"Kabupaten\" does not give a valid id; use Latin "
                            "letters.\n"),
])
def test_new_rejects_a_bad_date_or_host(tmp_path: Path, option: str, value: str,
                                        message: str) -> None:
    args = list(ARGS)
    args[args.index(option) + 1] = value
    result = run(tmp_path, "new", *args, lang="en")
    assert result.exit_code == 1
    assert result.stderr == message
    assert not (tmp_path / "notebooks").exists()


def test_new_requires_its_options(tmp_path: Path) -> None:
    result = run(tmp_path, "new", "--date", "2024-05-06")
    assert result.exit_code == 2
    assert "--host" in result.stderr
    assert not (tmp_path / "notebooks").exists()


def test_the_installed_command_creates_and_checks(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "ringkas"
    if not command.exists():
        pytest.skip(f"{command} is not installed; run: make install")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGKAS_")}
    created = subprocess.run([str(command), "new", *ARGS], cwd=tmp_path, capture_output=True,
                             text=True, env=env, check=False)
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "notebooks" / "visits" / "2024-05-06-surabaya.ipynb").exists()
    checked = subprocess.run([str(command), "check"], cwd=tmp_path, capture_output=True, text=True,
                             env=env, check=False)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.endswith("1 notebook diperiksa: 0 galat, 11 peringatan.\n")
