"""Rendering every visit into briefs: plan, skip what is unchanged, run, move into place.

`render_briefs(paths, options)` is the whole stage. The unit of work is one (visit, language):
one execution gives both audiences and both formats. Work runs on any
`concurrent.futures.Executor` (a process pool by default; a Dask cluster's executor,
`ringkas.build.cluster`, fits the same hole) through `ringkas.build.worker.render_job`. A unit
goes out with its notebook's and data files' bytes and comes back with the rendered bytes: no
shared disk. Only the main process writes them (`ringkas.build.staging.publish`: temporaries
beside the targets, `os.replace`), after the unit succeeded, so a failed or killed render leaves
every earlier brief whole.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ringkas.build.jobs import Job, JobResult, RenderOptions, RenderReport, read_data_files
from ringkas.build.manifest import (
    CATALOGUE_PAGE,
    CATALOGUE_STAMP,
    Fingerprints,
    Manifest,
    catalogue_key,
)
from ringkas.build.staging import publish, remove_stale_temporaries
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit, MessageError
from ringkas.notebook.read import check_visits
from ringkas.project import logs
from ringkas.project.files import write_atomic

__all__ = ["Job", "JobResult", "RenderOptions", "RenderReport", "publish_catalogue",
           "render_briefs"]

#: Characters of the executive summary a catalogue card shows.
CARD_SUMMARY = 280


def render_briefs(paths: Iterable[Path], options: RenderOptions, *, all_visits: bool = True,
                  executor: Executor | None = None,
                  progress: Callable[[JobResult], None] | None = None) -> RenderReport:
    """Render the briefs of the visits at `paths` into `options.out`."""
    started = time.perf_counter()
    report = RenderReport()
    paths = list(paths)
    manifest = Manifest.read(options.out)
    remove_stale_temporaries(options.out)
    jobs = plan(paths, options, manifest, report)
    if all_visits:
        report.removed = remove_deleted(manifest, options.out, {Path(p).stem for p in paths})
    for result in run(jobs, options, executor):
        finish(result, options, manifest, report)
        if progress:
            progress(result)
    manifest.write()
    report.seconds = time.perf_counter() - started
    return report


def publish_catalogue(out: Path, lang: str, today: dt.date | None = None) -> Path:
    """Write the catalogue page `out/index.html` unless it is current; returns its path.

    The page is rebuilt only when its inputs' key (`manifest.catalogue_key`) differs from the
    one it was last made from: a run that changed nothing does not even load the template.
    """
    today = today or dt.date.today()
    key = catalogue_key(out, lang, today)
    page, stamp = out / CATALOGUE_PAGE, out / CATALOGUE_STAMP
    try:
        current = page.is_file() and stamp.read_text(encoding="ascii") == key
    except (OSError, ValueError):
        current = False
    if not current:
        # jinja2, Babel and the sanitizer: not cheap
        from ringkas.build.catalogue import write_catalog

        write_catalog(out, lang, today)
        write_atomic(stamp, key.encode("ascii"))  # after the page: a kill between leaves it stale
    return page


def plan(paths: list[Path], options: RenderOptions, manifest: Manifest,
         report: RenderReport) -> list[Job]:
    """The units of work that are not fresh.

    A notebook whose outputs are all fresh is skipped on its bytes alone, without being parsed:
    that keeps a run with nothing to do well under a second for hundreds of visits. The others
    are checked, and those that fail the check are reported as failed.
    """
    fingerprints = Fingerprints.of(options.data_dir)
    stems = Counter(path.stem for path in paths)  # a shared id must go through the check
    changed, sources = [], {}  # each notebook is read once: these bytes go on with its jobs
    for path in paths:
        notebook = _read(path)
        fresh = None if options.force or stems[path.stem] > 1 or notebook is None else \
            fresh_jobs(path, options, manifest, fingerprints, notebook)
        if fresh is None:
            changed.append(path)
            if notebook is not None:
                sources[path] = notebook
        else:
            report.skipped.extend(fresh)
    checked = check_visits(changed, sources)
    for path in checked.failed:
        errors = [p for p in checked.problems[path] if p.is_error]
        report.failed[str(path)] = InvalidVisit(path, errors)
    jobs = []
    for visit in checked.visits:
        notebook = sources[visit.path]
        facts = catalogue_facts(visit, options)
        for lang in options.langs:
            key = fingerprints.key(notebook, lang, visit.has_code, options.execute)
            job = Job(visit.id, visit.path, lang, key, facts, notebook)
            outputs, folder = options.outputs(visit.id, lang), options.out / visit.id
            if not options.force and manifest.fresh(visit.id, outputs, key, folder):
                report.skipped.append(job)
            else:
                jobs.append(job)
    return jobs


def _read(path: Path) -> bytes | None:
    """The notebook's bytes; None when it cannot be read (its check says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def fresh_jobs(path: Path, options: RenderOptions, manifest: Manifest,
               fingerprints: Fingerprints, notebook: bytes | None = None) -> list[Job] | None:
    """The skipped units of a notebook (whose bytes are `notebook`) whose every requested output
    is fresh, else None."""
    visit_id, has_code = path.stem, manifest.has_code(path.stem)
    if has_code is None:
        return None
    notebook = path.read_bytes() if notebook is None else notebook
    facts = {k: v for k, v in manifest.visits[visit_id].items() if k != "outputs"}
    jobs = []
    for lang in options.langs:
        key = fingerprints.key(notebook, lang, has_code, options.execute)
        outputs = options.outputs(visit_id, lang)
        if not manifest.fresh(visit_id, outputs, key, options.out / visit_id):
            return None
        jobs.append(Job(visit_id, path, lang, key, facts))
    return jobs


def catalogue_facts(visit: Visit, options: RenderOptions) -> dict:
    """What the catalogue page (ringkas.build.catalogue) shows of a visit, kept in the manifest so
    that the page is rebuilt without opening a notebook."""
    # here, not at the top: the markdown parser (mistune) is not needed by a run that skips all
    from ringkas.notebook.markdown import plain

    done = sum(r.status == "selesai" for r in visit.recommendations)
    summary = visit.section("summary")
    return {
        "title": visit.title, "date": visit.date.isoformat(), "year": visit.date.year,
        "kind": visit.kind, "host": visit.host.name, "host_code": visit.host.bps_code,
        "status": visit.status, "themes": list(visit.themes), "has_code": visit.has_code,
        "source": os.path.relpath(visit.path, options.out),
        "summary": textwrap.shorten(plain(summary.text), CARD_SUMMARY, placeholder=" …")
        if summary else "",
        "innovations": [innovation.name for innovation in visit.innovations],
        "recommendations": len(visit.recommendations), "done": done,
    }


def remove_deleted(manifest: Manifest, out: Path, present: set[str]) -> list[str]:
    """Briefs of visits whose notebook is gone are removed, and named in the report.

    `present` holds the file stems of every notebook found, broken ones included: a visit that
    fails its check keeps its last good briefs.
    """
    gone = [visit_id for visit_id in manifest.visits if visit_id not in present]
    for visit_id in gone:
        shutil.rmtree(out / visit_id, ignore_errors=True)
        manifest.forget(visit_id)
    return gone


def run(jobs: list[Job], options: RenderOptions, executor: Executor | None) -> Iterable[JobResult]:
    """Results as they complete; in this process when there is one worker and no executor."""
    if not jobs:
        return
    # imported only when there is work: the worker loads nbformat, papermill and nbconvert,
    # which a run with nothing to do should not wait for
    from ringkas.build.worker import render_job, stop_kernel

    jobs = with_data(jobs, options)
    if executor is None and (options.jobs <= 1 or len(jobs) == 1):
        try:
            for job in jobs:
                yield render_job(job, options)
        finally:
            stop_kernel()  # this process is not a pool worker: leave no kernel behind
        return
    own = executor is None
    # forkserver, not fork: a forked copy of a process holding zmq sockets and an event loop
    # (the caller may have rendered before) can hang.
    pool = executor or ProcessPoolExecutor(max_workers=min(options.jobs, len(jobs)),
                                           mp_context=multiprocessing.get_context("forkserver"),
                                           initializer=logs.set_levels, initargs=(logs.levels(),))
    try:
        futures = {pool.submit(render_job, job, options): job for job in jobs}
        yield from _as_completed(futures)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def with_data(jobs: list[Job], options: RenderOptions) -> list[Job]:
    """`jobs`, those whose code will run carrying the data files (read once for all)."""
    if not options.execute or not any(job.runs_code for job in jobs):
        return jobs
    data = read_data_files(options.data_dir)
    return [replace(job, data=data) if job.runs_code else job for job in jobs]


def _as_completed(futures: dict[Future, Job]) -> Iterable[JobResult]:
    from concurrent.futures import as_completed

    for future in as_completed(futures):
        job = futures[future]
        try:
            yield future.result()
        except Exception as exc:  # noqa: BLE001 (a worker that died must not stop the others)
            yield JobResult(job, error=MessageError("render.worker_died", visit=job.visit_id,
                                                    detail=f"{type(exc).__name__}: {exc}"))


def finish(result: JobResult, options: RenderOptions, manifest: Manifest,
           report: RenderReport) -> None:
    """Write a successful unit's files into place and record it; report a failure."""
    report.kernels_started += result.kernels_started
    job = result.job
    if result.error is not None:
        report.failed.setdefault(job.visit_id, result.error)
        return
    outputs = options.outputs(job.visit_id, job.lang)
    try:
        publish(options.out, result.files, [f"{job.visit_id}/{name}" for name in outputs])
    except ValueError as exc:  # a worker that sent files of another name: write none of them
        report.failed.setdefault(job.visit_id, MessageError(
            "render.unexpected", visit=job.visit_id, detail=str(exc)))
        return
    manifest.record(job.visit_id, job.facts, outputs, job.key)
    report.rendered.append(job)
