"""`ringkas render --no-execute`: a notebook from outside the team is rendered from its stored
outputs, and none of its code runs."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner, Result
from nbformat.v4 import new_code_cell, new_output

from ringkas.cli import cli
from tests.notebooks import ROOT, tagged, visit_notebook, write

VISIT_ID = "2023-03-14-luar"


def untrusted_visit(marker: Path) -> nbformat.NotebookNode:
    """A visit whose evidence cell would write `marker`, stored with outputs of its own."""
    nb = visit_notebook()
    code = (f"# Judul: Data mitra\n# Sumber: data uji\n"
            f"open({str(marker)!r}, 'w').write('the code ran')\nprint('LIVE-OUTPUT')")
    cell = tagged(new_code_cell(code, execution_count=1), "evidence")
    cell.outputs = [
        new_output("stream", name="stdout", text="STORED-OUTPUT\n"),
        new_output("display_data", data={
            "text/html": "<table><tr><th>Desa</th><td>STORED-TABLE</td></tr></table>",
            "text/plain": "STORED-TABLE"}),
    ]
    cell.id = "cell-evidence"
    nb.cells.append(cell)
    return nb


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "indicators").mkdir(parents=True)
    write(untrusted_visit(tmp_path / "MARKER"), tmp_path / "notebooks" / "visits", VISIT_ID)
    return tmp_path


def render(project: Path, *flags: str) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", "--project", str(project), "render",
                                    "--brief-lang", "id", "--jobs", "1", *flags])


def brief(project: Path, audience: str, ext: str = "html") -> str:
    return (project / "briefs" / VISIT_ID / f"{VISIT_ID}.{audience}.id.{ext}").read_text()


def test_no_execute_renders_stored_outputs_without_running_code(project: Path) -> None:
    source = project / "notebooks" / "visits" / f"{VISIT_ID}.ipynb"
    before = source.read_bytes()
    result = render(project, "--no-execute")
    assert result.exit_code == 0, result.output
    assert not (project / "MARKER").exists()
    teknis = brief(project, "teknis")
    assert "STORED-OUTPUT" in teknis and "STORED-TABLE" in teknis
    assert "LIVE-OUTPUT" not in teknis
    assert "STORED-TABLE" in brief(project, "pimpinan")  # its first display, shown to leaders
    executed = nbformat.reads(brief(project, "teknis", "ipynb"), as_version=4)
    assert executed.cells[-1].outputs[0].text == "STORED-OUTPUT\n"  # kept, not re-made
    pdf = project / "briefs" / VISIT_ID / f"{VISIT_ID}.teknis.id.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert source.read_bytes() == before


@pytest.mark.slow
def test_without_the_flag_the_same_notebook_runs_its_code(project: Path) -> None:
    """The control: the marker is written when the code runs, so the test above can fail; and
    briefs rendered without running are not taken as fresh for a normal render."""
    assert render(project, "--no-execute", "--format", "html").exit_code == 0
    result = render(project, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "2 briefs made (2 files), 0 unchanged" in result.output
    assert (project / "MARKER").read_text() == "the code ran"
    teknis = brief(project, "teknis")
    assert "LIVE-OUTPUT" in teknis and "STORED-OUTPUT" not in teknis


def readme_section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#)", readme, re.M | re.S)
    assert match, f"README.md has no '### {title}' section"
    return match.group(1)


def test_the_readme_says_when_to_use_no_execute() -> None:
    section = readme_section("Untrusted notebooks")
    assert "runs the code in a notebook" in section
    assert "from outside the team" in section
    assert "ringkas render --no-execute" in section
    assert "stored outputs" in section
