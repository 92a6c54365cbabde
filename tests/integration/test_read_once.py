"""One (visit, lang) unit reads its notebook once and validates it once; jobs travel as bytes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from ringkas.build import worker
from ringkas.build.jobs import Job, JobResult, RenderOptions
from ringkas.build.pipeline import render_briefs
from ringkas.notebook import validate
from tests.notebooks import ROOT, visit_notebook, write

VISIT_ID = "2023-03-14-sekali"


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return write(visit_notebook(), tmp_path / "notebooks" / "visits", VISIT_ID)


def options(tmp_path: Path) -> RenderOptions:
    return RenderOptions(out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id", "en"),
                         formats=("html",), execute=False)


def test_a_visit_is_validated_once_in_the_plan_and_once_per_unit(
        notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[int] = []
    check = validate.check_code_cells
    monkeypatch.setattr(validate, "check_code_cells",
                        lambda cells, found: (checked.append(len(cells)), check(cells, found)))
    report = render_briefs([notebook], options(tmp_path))
    assert len(report.rendered) == 2 and not report.failed
    assert len(checked) == 3  # the plan, then one per language; none per audience or export


def test_the_worker_renders_the_bytes_the_plan_read_not_the_file(
        notebook: Path, tmp_path: Path) -> None:
    planned = notebook.read_bytes()
    notebook.write_text("not a notebook any more", encoding="utf-8")  # changed after the plan
    job = Job(VISIT_ID, notebook, "id", "key", {}, planned)
    result = pickle.loads(pickle.dumps(worker.render_job(job, options(tmp_path))))
    assert isinstance(result, JobResult) and result.error is None, result.error
    assert result.job.notebook == planned
    assert set(result.files) >= {
        f"{VISIT_ID}/{VISIT_ID}.pimpinan.id.html", f"{VISIT_ID}/{VISIT_ID}.teknis.id.html"}
    assert not (tmp_path / "briefs").exists()  # the main process writes, not the unit


def test_a_job_with_its_notebook_survives_pickling() -> None:
    job = Job(VISIT_ID, ROOT / "x.ipynb", "en", "k", {"title": "T"}, b'{"cells": []}')
    copy = pickle.loads(pickle.dumps(job))
    assert copy == job and copy.notebook == job.notebook and copy.facts == job.facts
