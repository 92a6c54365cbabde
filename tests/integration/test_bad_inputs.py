"""The bad-input corpus (tests/fixtures/bad/): every broken visit fails cleanly, with its message.

`expected.json` says, for each notebook, what `ringkas check` reports (cell, field, severity,
code and English message) and the exit code; for the render-stage cases, the failure message or
the note the brief shows. The check-stage corpus goes through one `check_visits` call and one
`ringkas check`; the whole corpus through one `ringkas render` (HTML only, `--timeout 3`), where
the good visits must still render. No output may hold a traceback.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner, Result
from nbformat import NotebookNode
from nbformat.v4 import new_output

from ringkas.build.manifest import FORMAT
from ringkas.cli import cli
from ringkas.contract.problems import Problem, field_kind
from ringkas.i18n.messages import say
from ringkas.notebook.read import check_visits, find_notebooks
from ringkas.project.terminal import printable
from ringkas.render.exporters import render_html
from ringkas.render.limits import limit_notebook
from tests.notebooks import ROOT, visit_notebook, write

CORPUS = ROOT / "tests" / "fixtures" / "bad"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
CHECK = sorted(name for name, case in EXPECTED.items() if case["stage"] == "check")
RENDER = sorted(name for name, case in EXPECTED.items() if case["stage"] == "render")
FAILING_RENDER = [name for name in RENDER if EXPECTED[name]["exit"]]


def expected_lines(name: str, folder: Path) -> list[tuple[str, str]]:
    """(severity, line) for every problem `ringkas --lang en check` prints about case `name`:
    the message as the catalogue words it, control characters removed (they never reach a
    terminal)."""
    case = EXPECTED[name]
    lines = []
    for p in case["problems"]:
        where = [str(folder / case["file"])]
        if p["cell"] is not None:
            where.append(f"cell {p['cell']}")
        if p["field"]:  # "field", "section", "column", ...: tests/functional/test_cli_check.py
            where.append(f"{field_kind(p['code'])} \"{p['field']}\"")
        message = p["message"].replace("{corpus}", str(folder))
        line = f"{', '.join(where)}: {p['severity']}: {message}"
        lines.append((p["severity"], printable(line)))
    return lines


def printed(block: str, output: str) -> bool:
    """Whether `block` (one or more whole lines) is in `output`."""
    return f"\n{block}\n" in f"\n{output}"


def indented(line: str) -> str:
    return "\n".join(f"  {part}" for part in line.splitlines())


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b" not in result.stdout + result.stderr  # no terminal control sequence either
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- the corpus itself --------------------------------------------------------------------

def test_the_corpus_is_what_its_script_writes() -> None:
    """The committed notebooks and expected.json are the output of make_corpus.py."""
    sys.path.insert(0, str(CORPUS))
    try:
        import make_corpus
        from bad_corpus import CASES
    finally:
        sys.path.remove(str(CORPUS))
    assert {c.name: c.record() for c in CASES} == EXPECTED
    for case in CASES:
        assert (CORPUS / f"{case.name}.ipynb").read_bytes() == case.content, case.name
    on_disk = {str(p.relative_to(CORPUS))[:-len(".ipynb")] for p in CORPUS.rglob("*.ipynb")}
    assert on_disk == set(EXPECTED)
    assert make_corpus.EXPECTED == CORPUS / "expected.json"


def test_the_corpus_covers_enough() -> None:
    errors = {p["code"] for name in CHECK for p in EXPECTED[name]["problems"]}
    assert len(CHECK) >= 40 and len(RENDER) >= 6
    assert {"file.not_json", "file.not_notebook", "file.old_nbformat", "file.not_utf8",
            "file.bad_name", "file.bad_id_date", "file.duplicate_id", "fm.missing",
            "fm.required", "fm.not_scalar", "fm.not_date", "tag.unknown", "section.blank",
            "section.unwritten_final", "table.no_rows_final",
            "innovation.no_name", "innovation.unknown_field", "table.missing_columns",
            "table.extra_columns", "param.syntax", "param.bad_value", "file.huge_number",
            "file.lone_surrogate", "file.id_too_long"} <= errors
    required = {p["field"] for name in CHECK for p in EXPECTED[name]["problems"]
                if p["code"] == "fm.required"}
    assert required == {"title", "date", "kind", "host", "status"}


# --- ringkas check ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checked() -> dict[str, list[Problem]]:
    """Every problem of the corpus, by case name, from one check_visits call."""
    result = check_visits(find_notebooks([CORPUS]))
    return {str(path.relative_to(CORPUS))[:-len(".ipynb")]: problems
            for path, problems in result.problems.items()}


@pytest.mark.parametrize("name", CHECK + RENDER)
def test_check_finds_exactly_the_expected_problems(checked: dict[str, list[Problem]],
                                                   name: str) -> None:
    found = [{"cell": p.cell, "field": p.field, "code": p.code, "severity": p.severity,
              "message": say(p.code, "en", **p.params).replace(str(CORPUS), "{corpus}")}
             for p in checked[name]]
    assert found == EXPECTED[name]["problems"]


@pytest.fixture(scope="module")
def check_run() -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", "check", str(CORPUS)])


def test_check_prints_every_problem_and_fails(check_run: Result) -> None:
    no_traceback(check_run)
    assert check_run.exit_code == 1
    for name in CHECK:
        for severity, line in expected_lines(name, CORPUS):
            stream = check_run.stderr if severity == "error" else check_run.stdout
            assert printed(line, stream), line
    errors = sum(p["severity"] == "error" for c in EXPECTED.values() for p in c["problems"])
    warnings = sum(len(c["problems"]) for c in EXPECTED.values()) - errors
    assert check_run.stdout.splitlines()[-1] == (
        f"{len(EXPECTED)} notebooks checked: {errors} errors, {warnings} warnings.")


@pytest.mark.parametrize("name", CHECK)
def test_check_of_one_notebook_exits_as_expected(name: str) -> None:
    paths = [str(CORPUS / EXPECTED[name]["file"])]
    if name.startswith("kembar/"):  # the duplicate needs the notebook it duplicates
        paths.insert(0, str(CORPUS / name.removeprefix("kembar/")) + ".ipynb")
    result = CliRunner().invoke(cli, ["--lang", "en", "check", *paths])
    no_traceback(result)
    assert result.exit_code == EXPECTED[name]["exit"]


# --- ringkas render -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The whole corpus as a project's visits, rendered once: English HTML, 3 s per cell."""
    project = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS, project / "notebooks" / "visits",
                    ignore=shutil.ignore_patterns("*.py", "*.json", "*.md", "__pycache__"))
    (project / "data").mkdir()
    result = CliRunner().invoke(cli, ["--project", str(project), "--lang", "en", "render",
                                      "--brief-lang", "en", "--format", "html", "--jobs", "1",
                                      "--timeout", "3"])
    return project, result


def brief(project: Path, name: str, audience: str = "teknis") -> Path:
    visit_id = Path(name).name
    return project / "briefs" / visit_id / f"{visit_id}.{audience}.en.html"


@pytest.mark.slow
def test_render_fails_cleanly_and_names_every_failure(rendered: tuple[Path, Result]) -> None:
    project, result = rendered
    no_traceback(result)
    assert result.exit_code == 1
    failed = [n for n in CHECK if EXPECTED[n]["exit"]] + FAILING_RENDER
    good = [n for n in EXPECTED if n not in failed]
    assert (f"{2 * len(good)} briefs made ({2 * len(good)} files), 0 unchanged, "
            f"{len(failed)} visits failed.") in result.stdout
    visits = project / "notebooks" / "visits"
    for name in CHECK:
        for severity, line in expected_lines(name, visits):
            assert printed(indented(line), result.stderr) == (severity == "error"), line
    for name in FAILING_RENDER:
        assert printed(indented(EXPECTED[name]["render"]), result.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in EXPECTED if not EXPECTED[n]["exit"]])
def test_every_good_visit_still_renders(rendered: tuple[Path, Result], name: str) -> None:
    project, _ = rendered
    for audience in ("pimpinan", "teknis"):
        assert brief(project, name, audience).is_file()
    note = EXPECTED[name]["render"]
    if note:  # an output over the limits: the note stands in its place, the brief stays small
        html = brief(project, name).read_text(encoding="utf-8")
        assert note in html
        assert len(html) < 100_000


@pytest.mark.slow
def test_a_good_visit_renders_in_a_new_kernel_after_one_killed_its_kernel(
        rendered: tuple[Path, Result]) -> None:
    project, _ = rendered
    assert "BUKTI-BAIK" in brief(project, "2023-06-05-baik").read_text(encoding="utf-8")
    executed = brief(project, "2023-06-06-cetak-besar").with_suffix(".ipynb")
    assert executed.stat().st_size < 100_000  # the provenance copy is cut too


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in EXPECTED if EXPECTED[n]["exit"]
                                  and not n.startswith("kembar/")])  # its id is the other's
def test_a_failed_visit_leaves_no_brief(rendered: tuple[Path, Result], name: str) -> None:
    project, _ = rendered
    assert not brief(project, name).exists()
    assert not list((project / "briefs").rglob("*.tmp"))


# --- outputs over the limits, stored in the notebook (as `render --no-execute` reads them) --

def with_outputs(*outputs: NotebookNode) -> NotebookNode:
    nb = visit_notebook(evidence=True)
    nb.cells[-1].outputs = list(outputs)
    return nb


def png(megabytes: float) -> NotebookNode:
    data = b"\x89PNG\r\n\x1a\n" + bytes(int(megabytes * 1_000_000) - 8)
    return new_output("display_data", data={"image/png": base64.b64encode(data).decode()})


def test_a_stored_print_of_50_mb_is_cut_with_a_note() -> None:
    nb = with_outputs(new_output("stream", name="stdout", text="x" * 50_000_000))
    html = render_html(nb, audience="teknis", lang="en", visit_id="2023-03-14-contoh")
    assert len(html) < 100_000
    assert "x" * 19_500 + "\n…\n[Output cut: the first 19,500 of 50,000,000 characters are " \
        "shown. Print less, or summarise the data in a table or chart.]" in html
    assert len(nb.cells[-1].outputs[0].text) == 50_000_000  # the caller's notebook is unchanged


def test_a_stored_image_over_5_mb_is_replaced_by_a_note_in_the_brief_language() -> None:
    html = render_html(with_outputs(png(6)), audience="pimpinan", lang="id",
                       visit_id="2023-03-14-contoh")
    assert len(html) < 100_000
    assert ("[Keluaran ini tidak ditampilkan: 6,0 MB, melebihi batas 5,0 MB. Perkecil gambar "
            "(dpi lebih rendah, titik lebih sedikit) atau tabelnya.]") in html


def test_outputs_past_20_mb_in_all_are_replaced_by_a_note() -> None:
    html = render_html(with_outputs(*(png(4.5) for _ in range(5))), audience="teknis",
                       lang="en", visit_id="2023-03-14-contoh")
    assert html.count("<img src=\"data:image/png") == 4
    assert unescape(html).count("[This output is not shown: the outputs of this notebook's code "
                                "cells have reached the limit of 20.0 MB.]") == 1


def test_limiting_twice_changes_nothing() -> None:
    nb = with_outputs(new_output("stream", name="stdout", text="y" * 30_000), png(6),
                      new_output("execute_result", data={"text/plain": "z" * 25_000},
                                 execution_count=1))
    once = nbformat.writes(limit_notebook(nb, "en"))
    assert nbformat.writes(limit_notebook(nbformat.reads(once, as_version=4), "en")) == once
    nbformat.validate(nbformat.reads(once, as_version=4))  # still a valid notebook
    assert len(once) < 60_000


# --- ids that try to leave the output folder ------------------------------------------------

@pytest.fixture
def small_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "proyek"
    write(visit_notebook(), project / "notebooks" / "visits", "2023-03-14-contoh")
    (project / "data").mkdir()
    monkeypatch.chdir(project)
    return project


def files_outside_briefs(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if "briefs" not in p.relative_to(root).parts}


@pytest.mark.parametrize("argument", [
    "../2023-03-14-contoh", "2023-03-14-contoh/../../../luar", "notebooks/visits/../../../luar",
    "..\\2023-03-14-contoh", "2023-03-14-contoh/", "/2023-03-14-contoh", "~/2023-03-14-contoh",
])
def test_a_visit_argument_with_a_path_names_no_visit(small_project: Path, argument: str) -> None:
    before = files_outside_briefs(small_project.parent)
    result = CliRunner().invoke(cli, ["--lang", "en", "render", argument, "--format", "html"])
    no_traceback(result)
    assert result.exit_code == 1
    visits = small_project / "notebooks" / "visits"
    assert result.stderr.startswith(f"Error: visit \"{argument}\" not found in {visits}. "
                                    "Known visits: 2023-03-14-contoh.")
    assert files_outside_briefs(small_project.parent) == before
    assert not (small_project / "briefs").exists()


@pytest.mark.slow
def test_a_notebook_outside_the_project_renders_only_into_the_output_folder(
        small_project: Path) -> None:
    outside = write(visit_notebook(), small_project.parent / "luar" / "..",
                    "2023-03-14-contoh")  # a path with "..", of a visit outside the project
    before = files_outside_briefs(small_project.parent)
    result = CliRunner().invoke(cli, ["--lang", "en", "render", str(outside), "--brief-lang", "en",
                                      "--format", "html", "--jobs", "1"])
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert files_outside_briefs(small_project.parent) == before
    written = {p.relative_to(small_project / "briefs").parts[0]
               for p in (small_project / "briefs").rglob("*") if p.is_file()}
    assert written == {"2023-03-14-contoh", "index.html", ".ringkas-manifest.json",
                       ".ringkas-catalogue.sha256", ".ringkas.lock"}


def test_a_visit_id_check_refuses_a_trailing_newline_and_other_digits(tmp_path: Path) -> None:
    names = ["2023-03-14-contoh\n", "٢٠٢٣-٠٣-١٤-contoh", "2023-03-14-contoh\u200b"]
    paths = [write(visit_notebook(), tmp_path / str(i), name) for i, name in enumerate(names)]
    result = check_visits(paths)
    assert [[p.code for p in result.problems[path]] for path in paths] == [["file.bad_name"]] * 3


@pytest.mark.slow
def test_a_tampered_manifest_cannot_remove_folders_outside_the_briefs(small_project: Path
                                                                      ) -> None:
    victim = small_project.parent / "korban"
    (victim / "penting").mkdir(parents=True)
    briefs = small_project / "briefs"
    briefs.mkdir()
    visits = {key: {"outputs": {}} for key in ("../korban", str(victim), "..", ".")}
    (briefs / ".ringkas-manifest.json").write_text(json.dumps({"format": FORMAT, "visits": visits}))
    result = CliRunner().invoke(cli, ["render", "--format", "html", "--brief-lang", "id",
                                      "--jobs", "1"])
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert (victim / "penting").is_dir() and (small_project / "notebooks").is_dir()


@pytest.mark.slow
def test_briefs_are_readable_by_colleagues(small_project: Path) -> None:
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, ["render", "--format", "html", "--brief-lang", "id",
                                          "--jobs", "1"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    files = [p for p in (small_project / "briefs").rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files), {
        p.name: oct(p.stat().st_mode) for p in files}
