"""One (visit, lang) unit reads its notebook once and validates it once; jobs travel as bytes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from ringkas.build import worker
from ringkas.build.jobs import Job, JobResult, RenderOptions, RenderReport
from ringkas.build.manifest import Manifest
from ringkas.build.pipeline import plan, render_briefs
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


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of cells of each notebook validated from now on."""
    checked: list[int] = []
    check = validate.check_code_cells
    monkeypatch.setattr(validate, "check_code_cells",
                        lambda cells, found: (checked.append(len(cells)), check(cells, found)))
    return checked


def test_a_visit_is_validated_once_in_the_plan_and_not_again_in_its_units(
        notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = count_validations(monkeypatch)
    report = render_briefs([notebook], options(tmp_path))
    assert len(report.rendered) == 2 and not report.failed
    assert len(checked) == 1  # the plan; none per language, audience or export


def test_a_job_without_its_plan_is_validated_once_by_its_unit(
        notebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = count_validations(monkeypatch)
    job = Job(VISIT_ID, notebook, "id", "key", {}, notebook.read_bytes())  # as a preview's
    result = worker.render_job(job, options(tmp_path))
    assert result.error is None and len(result.files) == 4  # two audiences: html, ipynb
    assert len(checked) == 1


def test_the_plans_checked_notebook_goes_out_with_the_unit_and_not_back(
        notebook: Path, tmp_path: Path) -> None:
    jobs = plan([notebook], options(tmp_path), Manifest.read(tmp_path / "briefs"), RenderReport())
    assert [job.lang for job in jobs] == ["id", "en"]
    assert all(job.checked is not None and job.checked.visit.id == VISIT_ID for job in jobs)
    sent = pickle.loads(pickle.dumps(jobs[0]))  # as a pool or Dask worker receives it
    assert sent.checked is not None and sent.checked.visit == jobs[0].checked.visit  # type: ignore[union-attr]
    result = pickle.loads(pickle.dumps(worker.render_job(sent, options(tmp_path))))
    assert result.error is None and result.job.checked is None


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
