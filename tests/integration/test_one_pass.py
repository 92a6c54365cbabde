"""One pass per visit (issue 22, point 3): a render validates each visit once, and parses each
markdown text once.

The example visit is rendered through the real pipeline (in this process: one worker), both
audiences, both languages, HTML and DOCX. Each render unit starts with the markdown cache of a
new worker process and a pickled copy of its unit (a process-pool or Dask worker shares nothing
with the plan or with the unit of the other language), so what is counted is what a render on
several workers parses.
"""

from __future__ import annotations

import pickle
import re
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import mistune
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from ringkas.build import worker  # imported before counting: it may hold validate_notebook
from ringkas.build.jobs import JobResult, RenderOptions
from ringkas.build.pipeline import render_briefs
from ringkas.notebook import markdown as md
from ringkas.notebook import validate
from ringkas.notebook.read import read_notebook
from tests.functional.test_photos import jpeg
from tests.notebooks import EXAMPLE, as_notebook, tagged, visit_notebook, write


class Counts:
    """What a render did, by kind and text."""

    def __init__(self) -> None:
        self.validations: Counter[str] = Counter()  # visit id -> validations
        self.notebook_parses: Counter[str] = Counter()  # text -> ringkas.notebook.markdown parses
        self.html_parses: Counter[str] = Counter()  # text -> any other mistune parse
        self.plan_parses = 0  # of notebook_parses, those before the first unit started


def instrument(monkeypatch: pytest.MonkeyPatch) -> Counts:
    counts = Counts()
    original = validate.validate_notebook

    def validating(nb: Any, path: Path, visit_id: str | None = None, **kw: Any) -> Any:
        counts.validations[visit_id or path.stem] += 1
        return original(nb, path, visit_id, **kw)

    for module in [m for name, m in list(sys.modules.items()) if name.startswith("ringkas.")]:
        if getattr(module, "validate_notebook", None) is original:  # each module that holds it
            monkeypatch.setattr(module, "validate_notebook", validating)

    read_tree = md.read_tree

    def reading(text: str) -> md.Parsed:  # `md.parse` calls it for a text it has no tree of
        counts.notebook_parses[text] += 1
        return read_tree(text)

    monkeypatch.setattr(md, "read_tree", reading)
    md.forget()  # what earlier tests parsed in this process is not this render's
    other = mistune.Markdown.parse  # any parse but the one above: the HTML's, the DOCX's

    def other_parse(self: mistune.Markdown, text: str, state: Any = None) -> Any:
        counts.html_parses[text] += 1
        return other(self, text, state)

    monkeypatch.setattr(mistune.Markdown, "parse", other_parse)
    render_job = worker.render_job

    def in_a_new_worker(job: Any, options: RenderOptions) -> JobResult:
        md.forget()  # a worker process of its own knows none of the plan's parses ...
        counts.plan_parses = counts.plan_parses or sum(counts.notebook_parses.values())
        return render_job(pickle.loads(pickle.dumps(job)), options)  # ... but what its unit brings

    monkeypatch.setattr(worker, "render_job", in_a_new_worker)
    return counts


LEADERSHIP_EN = ("The regent drives the programme:\n\n- **Office in the village.** The regent "
                 "works from a village office.\n- **CSR funds.** " + "Coordinated funding. " * 30)
PHOTO_PROSE = "Foto kegiatan kunjungan."
PHOTOS_EN = "Photos of the visit."


def example_with_english_and_photos(folder: Path) -> Path:
    """The example with what it lacks for this count: English cells (a finding cut to length,
    an innovation) and a dokumentasi cell whose prose the brief prints without its photo."""
    nb = read_notebook(EXAMPLE)
    cells = nb.cells
    for tag, text in (("leadership", LEADERSHIP_EN),
                      ("innovation", "### Rantang Kasih (meals)\n\nMeals for poor elders.")):
        at = next(i for i, c in enumerate(cells) if tag in c.metadata.get("tags", []))
        cells.insert(at + 1, tagged(new_markdown_cell(text), tag, "en"))
    photo = f'![Kunjungan]({EXAMPLE.stem}/foto-1.jpg "Foto: Tim")'
    cells.append(tagged(new_markdown_cell(f"{PHOTO_PROSE}\n\n{photo}"), "dokumentasi"))
    cells.append(tagged(new_markdown_cell(f"{PHOTOS_EN}\n\n{photo}"), "dokumentasi", "en"))
    (folder / EXAMPLE.stem).mkdir()
    (folder / EXAMPLE.stem / "foto-1.jpg").write_bytes(jpeg((40, 30)))
    path = folder / EXAMPLE.name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Counts:
    folder = tmp_path / "notebooks" / "visits"
    folder.mkdir(parents=True)
    (tmp_path / "data").mkdir()
    path = example_with_english_and_photos(folder)
    counts = instrument(monkeypatch)
    options = RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data",
                            langs=("id", "en"), formats=("html", "docx"), execute=False)
    report = render_briefs([path], options)
    assert [job.visit_id for job in report.rendered] == [EXAMPLE.stem] * 2 and not report.failed
    briefs = tmp_path / "briefs" / EXAMPLE.stem
    technical = (briefs / f"{EXAMPLE.stem}.teknis.en.html").read_text()
    leadership = (briefs / f"{EXAMPLE.stem}.pimpinan.en.html").read_text()
    assert PHOTOS_EN in technical and "Office in the village." in leadership
    # the finding cut to length after its first item; the technical brief has it whole
    assert "Coordinated funding." not in leadership
    assert technical.count("Coordinated funding.") == 30
    return counts


def markdown_cells() -> list[str]:
    return [cell.source for cell in read_notebook(EXAMPLE).cells if cell.cell_type == "markdown"]


def test_a_render_validates_each_visit_once(counted: Counts) -> None:
    assert counted.validations == {EXAMPLE.stem: 1}


def test_a_render_parses_each_markdown_text_once(counted: Counts) -> None:
    """Issue 22, point 3: one markdown parse feeds the HTML and the DOCX, in both languages.

    The plan parses the texts of the example, with English cells and a dokumentasi cell added:
    the validator its markdown cells and their parts (guidance removed), and the checked visit
    the texts it carries to the units besides (the innovations' fields, the recommendations,
    the dokumentasi prose without its photo). A unit, on a worker of its own, parses none:
    what a brief shows of a text (a finding cut to length, the prose around a table) is cut
    from that text's tree. Before: 71 parses of the bare example with one language, 9 texts
    twice (section texts parsed again in the worker), and 22 more twice with two languages on
    two workers (innovation fields, the findings' paragraphs); before the brief held trees, 91
    and 62 more by the HTML's own parser."""
    assert len(markdown_cells()) == 14
    parses = counted.notebook_parses
    assert set(parses.values()) == {1}, [t[:40] for t, n in parses.items() if n > 1]
    assert counted.plan_parses == sum(parses.values()) == 60  # the units parse none
    assert not counted.html_parses  # the HTML is laid out from the trees, never parsed again


@pytest.mark.slow
def test_each_figure_shows_its_own_cells_output_after_the_injected_parameters(
        tmp_path: Path) -> None:
    """The plan numbers cells as the author does; the executed notebook has papermill's cell
    after the parameters: each evidence caption still goes with its own cell's output."""
    nb = visit_notebook()
    for letter in "AB":  # right after the parameters: where a number off by one shows
        nb.cells.insert(2, tagged(new_code_cell(
            f"# Judul: Gambar {letter}\n# Sumber: data {letter}\nprint('OUTPUT-{letter}')"),
            "evidence"))
    folder = tmp_path / "notebooks" / "visits"
    path = write(as_notebook(nb.cells), folder)
    (tmp_path / "data").mkdir()
    options = RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
                            audiences=("teknis",), formats=("html",))
    report = render_briefs([path], options)
    assert not report.failed, report.failed
    html = (tmp_path / "briefs" / path.stem / f"{path.stem}.teknis.id.html").read_text()
    figures = re.findall(r'<pre class="output-text">(OUTPUT-.)</pre>.*?'
                         r'<span class="caption">(Gambar .)</span>', html, re.DOTALL)
    assert figures == [("OUTPUT-B", "Gambar B"), ("OUTPUT-A", "Gambar A")]


def test_a_preview_render_validates_its_visit_once(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview checks the notebook to show its problems; its unit renders that check's
    visit and does not validate it again."""
    from ringkas.preview.session import PreviewSession

    path = write(visit_notebook(), tmp_path / "notebooks" / "visits")  # no code: no kernel
    (tmp_path / "data").mkdir()
    counts = instrument(monkeypatch)
    session = PreviewSession(path.stem, path, data_dir=tmp_path / "data",
                             render_lock=threading.Lock())
    try:
        view = session.wait("teknis", "id", lambda v: v.html is not None or v.error is not None,
                            timeout=180)
    finally:
        session.stop()
    assert view.error is None and "SENTINEL-SUMMARY" in (view.html or "")
    assert counts.validations == {path.stem: 1}
