"""`ringkas approve` and `ringkas review` change the front-matter cell's source and nothing else
in the notebook, and refuse what they cannot record, with exit code 1 and no traceback."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.model import Approval
from ringkas.notebook.read import load_visit
from tests.notebooks import EXAMPLE, project_folders, visit_notebook, write

VISIT = EXAMPLE.stem  # 2022-11-28-banyuwangi
BY = ["--by", "Ir. Ani Lestari, M.T.", "--position", "Kepala Bappeda Kabupaten Grobogan"]


def run(project: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, ["--lang", lang, "--project", str(project), *args])


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A project holding a copy of the example visit notebook."""
    folder = project_folders(tmp_path) / "notebooks" / "visits"
    return Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name))


def source_span(text: str) -> tuple[int, int]:
    """Where the first cell's source list stands in a notebook saved by Jupyter (indent 1)."""
    start = text.index('"source": [', text.index('"cells": ['))
    return start, text.index("\n   ]", start) + len("\n   ]")


def changed_span(before: str, after: str) -> tuple[int, int, int]:
    """(first differing index, end of the difference in `before`, in `after`)."""
    prefix = next(n for n, (a, b) in enumerate(zip(before, after, strict=False)) if a != b)
    suffix = next(n for n, (a, b) in enumerate(zip(reversed(before), reversed(after),
                                                   strict=False)) if a != b)
    return prefix, len(before) - suffix, len(after) - suffix


def test_approve_changes_the_front_matter_cell_alone(example: Path) -> None:
    before = example.read_text(encoding="utf-8")
    result = run(example.parents[2], "approve", VISIT, *BY, "--nip", "19700101 199003 1 001",
                 "--date", "2022-12-05")
    assert result.exit_code == 0, result.output
    assert result.output == (f"{example}: approved by Ir. Ani Lestari, M.T., Kepala Bappeda "
                             "Kabupaten Grobogan, on 2022-12-05.\n")
    after = example.read_text(encoding="utf-8")
    start, end = source_span(before)
    first, old_end, new_end = changed_span(before, after)
    assert start < first and old_end <= end  # the bytes outside the source list are the same
    assert after[:start] == before[:start] and after[new_end:] == before[old_end:]
    assert after.endswith("}\n") and before.endswith("}\n")
    old, new = json.loads(before), json.loads(after)
    assert [(c["id"], c.get("outputs"), c["metadata"]) for c in new["cells"]] == \
        [(c["id"], c.get("outputs"), c["metadata"]) for c in old["cells"]]
    old_lines, new_lines = old["cells"][0]["source"], new["cells"][0]["source"]
    assert [line for line in new_lines if line not in old_lines] == [
        "status: approved\n", "approved:\n", '  name: "Ir. Ani Lestari, M.T."\n',
        '  position: "Kepala Bappeda Kabupaten Grobogan"\n', '  nip: "197001011990031001"\n',
        "  date: 2022-12-05\n"]
    assert [line for line in old_lines if line not in new_lines] == ["status: draft\n"]
    visit = load_visit(example)
    assert (visit.status, visit.approved_by) == ("approved", "Ir. Ani Lestari, M.T.")
    assert visit.approved == Approval("Ir. Ani Lestari, M.T.", "Kepala Bappeda Kabupaten Grobogan",
                                      dt.date(2022, 12, 5), "197001011990031001")


def test_review_then_approve_keeps_both_records_and_approving_again_replaces_one(
        example: Path) -> None:
    root = example.parents[2]
    assert run(root, "review", str(example), "--by", "Budi Santoso", "--position",
               "Kepala Bidang Pemsosbud", "--date", "2022-12-01").exit_code == 0
    assert load_visit(example).status == "reviewed"
    assert run(root, "approve", VISIT, *BY, "--date", "2022-12-05").exit_code == 0
    assert run(root, "approve", VISIT, *BY, "--date", "2022-12-06").exit_code == 0
    visit = load_visit(example)
    assert visit.status == "approved"
    assert [w.code for w in visit.warnings if w.cell == 1] == []  # none of the front matter
    assert visit.reviewed == Approval("Budi Santoso", "Kepala Bidang Pemsosbud",
                                      dt.date(2022, 12, 1))
    assert visit.approved is not None and visit.approved.date == dt.date(2022, 12, 6)
    source = "".join(json.loads(example.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert source.count("approved:") == 1 and source.index("reviewed:") < source.index("approved:")


def test_the_date_defaults_to_today_and_is_printed(example: Path) -> None:
    result = run(example.parents[2], "review", VISIT, *BY, lang="id")
    today = dt.date.today().isoformat()
    assert result.exit_code == 0, result.output
    assert f"pada {today}." in result.output
    reviewed = load_visit(example).reviewed
    assert reviewed is not None and reviewed.date == dt.date.today()


def test_a_comment_beside_the_status_stays(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace(
        "status: reviewed", "status: reviewed  # draft | reviewed | approved")
    path = write(nb, project_folders(tmp_path) / "notebooks" / "visits")
    assert run(tmp_path, "approve", str(path), *BY, "--date", "2023-03-20").exit_code == 0
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert "status: approved  # draft | reviewed | approved\n" in source


def test_a_notebook_saved_with_another_indent_keeps_it(tmp_path: Path) -> None:
    folder = project_folders(tmp_path) / "notebooks" / "visits"
    path = folder / EXAMPLE.name
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(tmp_path, "approve", VISIT, *BY, "--date", "2022-12-05").exit_code == 0
    after = json.loads(path.read_text(encoding="utf-8"))
    after["cells"][0]["source"] = data["cells"][0]["source"]
    assert path.read_text(encoding="utf-8").startswith('{\n  "cells": [\n')
    assert after == data


def test_a_notebook_in_no_known_layout_is_left_alone(tmp_path: Path) -> None:
    folder = project_folders(tmp_path) / "notebooks" / "visits"
    path = folder / EXAMPLE.name
    path.write_text(json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")),
                               separators=(", ", " : ")), encoding="utf-8")
    before = path.read_bytes()
    result = run(tmp_path, "approve", VISIT, *BY, "--date", "2022-12-05")
    assert result.exit_code == 1 and "not saved in Jupyter's JSON layout" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["approve", "2022-11-28-banyuwang", *BY],
     'Error: visit "2022-11-28-banyuwang" not found in '),
    (["approve", VISIT, "--position", "Kepala Bappeda"],
     "Error: --by is empty: give the signer's name, for example --by"),
    (["approve", VISIT, "--by", "Ani", "--position", "  "],
     "Error: --position is empty: give the signer's position"),
    (["approve", VISIT, *BY, "--date", "2022-02-30"],
     'Error: --date "2022-02-30" is not a real YYYY-MM-DD date'),
    (["approve", VISIT, *BY, "--date", "5 Desember 2022"],
     'Error: --date "5 Desember 2022" is not a real YYYY-MM-DD date'),
    (["approve", VISIT, *BY, "--date", "2999-01-01"],
     "Error: --date 2999-01-01 has not come yet (today is "),
    (["review", VISIT, *BY, "--date", "2022-11-27"],
     "Error: --date 2022-11-27 is before the visit's date 2022-11-28."),
    (["approve", VISIT, *BY, "--nip", "12345"],
     'Error: --nip "12345" is not valid: a NIP is 18 digits'),
    (["approve", VISIT, *BY, "--nip", "197013011990031001"],  # month 13 of its birth date
     'Error: --nip "197013011990031001" is not valid'),
])
def test_what_cannot_be_recorded_is_a_clear_error(example: Path, args: list[str],
                                                  message: str) -> None:
    before = example.read_bytes()
    result = run(example.parents[2], *args)
    assert (result.exit_code, type(result.exception)) == (1, SystemExit), result.output
    assert result.output.startswith(message), result.output
    assert "Traceback" not in result.output
    assert example.read_bytes() == before


def test_a_front_matter_with_a_key_written_twice_is_not_signed(tmp_path: Path) -> None:
    """A second `status:` line would override the record: refused, the file untouched."""
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("\n---", "\nstatus: draft\n---", 1) \
        if nb.cells[0].source.count("---") >= 2 else nb.cells[0].source
    path = write(nb, project_folders(tmp_path) / "notebooks" / "visits")
    before = path.read_bytes()
    result = run(tmp_path, "approve", "2023-03-14-contoh", *BY, "--date", "2023-03-20")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path} cannot be approved yet:")
    assert 'the key "status" is written twice' in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_visit_failing_check_is_refused_with_its_problems(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("kind: studi-banding", "kind: studi-bandig")
    path = write(nb, project_folders(tmp_path) / "notebooks" / "visits")
    before = path.read_bytes()
    result = run(tmp_path, "approve", "2023-03-14-contoh", *BY, "--date", "2023-03-20")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {path} cannot be approved yet: ringkas check finds errors; fix them first:\n"
        f"  {path}, cell 1, field \"kind\": error: ")
    assert path.read_bytes() == before
    result = run(tmp_path, "review", str(path), *BY, lang="id")
    assert result.output.startswith(f"Galat: {path} belum dapat ditelaah karena ringkas check")


def test_no_notebook_of_the_bad_input_corpus_ends_in_a_traceback(tmp_path: Path) -> None:
    corpus = EXAMPLE.parents[2] / "tests" / "fixtures" / "bad"
    for notebook in sorted(corpus.glob("*.ipynb")):
        copy = Path(shutil.copy(notebook, tmp_path / notebook.name))
        before = copy.read_bytes()
        result = run(tmp_path, "approve", str(copy), *BY, "--date", "2026-01-01")
        assert (result.exit_code, type(result.exception)) in ((0, type(None)), (1, SystemExit)), \
            (notebook.name, result.output)
        assert result.exit_code == 0 or copy.read_bytes() == before, notebook.name
