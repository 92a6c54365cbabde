"""Revision labels without rendering: the content hash, numbering, and the log under its lock."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from ringkas.build.revision_log import log_path, read_log, record_revision
from ringkas.contract.model import Visit
from ringkas.contract.problems import MessageError
from ringkas.notebook.validate import validate_notebook
from ringkas.render.revision import (
    Revision,
    changed_parts,
    content_digest,
    content_digests,
    next_revision,
    revision_note,
)
from tests.notebooks import tagged, visit_notebook

DAY = dt.date(2026, 12, 2)


def visit_of(nb: NotebookNode) -> Visit:
    visit, problems = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"), "2023-03-14-contoh")
    assert visit is not None, problems
    return visit


def with_figure(svg: str) -> NotebookNode:
    nb = visit_notebook()
    cell = tagged(new_code_cell("# Judul: Grafik\n# Sumber: data uji\nplot()"), "evidence")
    cell.outputs = [new_output("display_data", data={"image/svg+xml": svg, "text/plain": "<F>"})]
    nb.cells.append(cell)
    return nb


def digests(nb: NotebookNode, lang: str = "id") -> dict[str, str]:
    return content_digests(visit_of(nb), [nb], lang)


def test_the_same_content_has_the_same_digest_whatever_the_notebook_s_bytes() -> None:
    nb = visit_notebook()
    again = visit_notebook()
    again.metadata["widgets"] = {"state": {}}  # saved again by JupyterLab: nothing shown changed
    again.cells[3].metadata["collapsed"] = True
    assert digests(nb) == digests(again)


def test_a_changed_section_changes_its_digest_alone() -> None:
    nb, changed = visit_notebook(), visit_notebook()
    lessons = next(c for c in changed.cells if "lessons" in c.metadata.get("tags", []))
    lessons.source = "Mulai dari yang kecil, lalu diperluas."
    before, after = digests(nb), digests(changed)
    assert [part for part in before if before[part] != after[part]] == ["lessons"]
    first = Revision(1, DAY, content_digest(before), before)
    second = next_revision([first], after, DAY + dt.timedelta(days=7))
    assert (second.number, second.date) == (2, DAY + dt.timedelta(days=7))
    assert changed_parts(first, second) == ["lessons"]


def test_front_matter_and_figures_are_parts_and_random_svg_ids_are_not_content() -> None:
    svg = '<svg><defs><path id="m{salt}" d="M0 0"/></defs><use xlink:href="#m{salt}"/>' \
          '<g clip-path="url(#p{salt})"/><metadata><dc:date>{salt}</dc:date></metadata></svg>'
    one, two = with_figure(svg.format(salt="a1b2")), with_figure(svg.format(salt="9f9f"))
    assert digests(one) == digests(two)
    other = with_figure(svg.format(salt="a1b2").replace("M0 0", "M1 1"))
    assert [p for p in digests(one) if digests(one)[p] != digests(other)[p]] == ["evidence"]
    draft = visit_notebook()
    draft.cells[0].source = draft.cells[0].source.replace("status: reviewed", "status: draft")
    changed = digests(draft)
    assert [p for p in changed if changed[p] != digests(visit_notebook())[p]] == ["front_matter"]


def test_english_text_changes_the_english_digest_only() -> None:
    nb, translated = visit_notebook(), visit_notebook()
    index = next(i for i, c in enumerate(translated.cells)
                 if "lessons" in c.metadata.get("tags", []))
    translated.cells.insert(index + 1, tagged(new_markdown_cell("Start small."), "lessons", "en"))
    assert digests(nb, "id") == digests(translated, "id")
    assert digests(nb, "en")["lessons"] != digests(translated, "en")["lessons"]


def test_known_content_keeps_its_label_and_the_note_lists_the_history() -> None:
    parts = digests(visit_notebook())
    first = next_revision([], parts, DAY)
    assert (first.number, first.date) == (1, DAY)
    assert next_revision([first], parts, DAY + dt.timedelta(days=30)) == first
    changed = dict(parts, lessons="0" * 64)
    second = next_revision([first], changed, DAY + dt.timedelta(days=1))
    note = revision_note(second, [first], "id")
    assert note.label == f"Revisi 2 · 3 Desember 2026 · {second.short}" == str(note)
    assert [(r.number, r.changed) for r in note.history] == [(1, ""), (2, "Pelajaran")]
    assert revision_note(second, [first], "en").label.startswith("Revision 2 · 3 December 2026 · ")


def _record(out: str, lang: str, count: int) -> None:
    known: list[Revision] = []
    for n in range(count):
        revision = next_revision(known, {"summary": f"{lang}-{n}"}, DAY)
        record_revision(Path(out), "2023-03-14-contoh", lang, revision)
        known.append(revision)


def test_the_log_loses_nothing_when_processes_record_at_once(tmp_path: Path) -> None:
    langs = [f"l{i}" for i in range(4)]
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(_record, str(tmp_path), lang, 6) for lang in langs]:
            future.result()
    history = read_log(tmp_path, "2023-03-14-contoh")
    assert sorted(history) == langs
    assert all([r.number for r in history[lang]] == [1, 2, 3, 4, 5, 6] for lang in langs)
    assert not list(tmp_path.rglob("*.tmp"))


def test_recording_known_content_writes_nothing_and_a_bad_log_is_an_error(tmp_path: Path
                                                                           ) -> None:
    revision = next_revision([], {"summary": "x"}, DAY)
    assert record_revision(tmp_path, "2023-03-14-contoh", "id", revision)
    path = log_path(tmp_path, "2023-03-14-contoh")
    before = path.stat().st_mtime_ns
    assert not record_revision(tmp_path, "2023-03-14-contoh", "id", revision)
    assert path.stat().st_mtime_ns == before
    assert json.loads(path.read_text())["languages"]["id"][0]["number"] == 1
    path.write_text('{"format": 1, "languages": {"id": [{"number": "one"}]}}')
    with pytest.raises(MessageError) as error:
        read_log(tmp_path, "2023-03-14-contoh")
    assert error.value.code == "history.bad_log" and str(path) in error.value.text("en")
