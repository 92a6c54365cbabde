"""Rendering every visit into briefs: plan, skip what is unchanged, run, move into place.

`render_briefs(paths, options)` is the whole stage. The unit of work is one (visit, language):
one execution gives both audiences and both formats. Work runs on any
`concurrent.futures.Executor` (a process pool by default; a Dask cluster's executor fits the
same hole). Workers write temporary files beside their targets; only the main process moves them
into place, after the unit succeeded, with `os.replace`, so a failed or killed render leaves every
earlier brief whole.
"""

from __future__ import annotations

import atexit
import datetime as dt
import multiprocessing
import multiprocessing.util
import os
import shutil
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.project import logs
from ringkas.project.files import write_atomic
from ringkas.contract.spec import AUDIENCES, FORMATS, LANGS, VISIT_ID_PATTERN
from ringkas.contract.problems import InvalidVisit, MessageError, RingkasError
from ringkas.notebook.read import check_visits
from ringkas.build.manifest import CATALOGUE_PAGE, CATALOGUE_STAMP, Fingerprints, Manifest, \
    catalogue_key
from ringkas.notebook.markdown import plain
from ringkas.contract.model import Visit

#: Characters of the executive summary a catalogue card shows.
CARD_SUMMARY = 280


@dataclass(frozen=True)
class RenderOptions:
    out: Path
    data_dir: Path
    langs: tuple[str, ...] = LANGS
    audiences: tuple[str, ...] = AUDIENCES
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    execute: bool = True
    fresh_kernel: bool = False
    timeout: int = 120
    jobs: int = 1
    rendered_on: dt.date | None = None  # the date printed in the footer; default: today

    def outputs(self, visit_id: str, lang: str) -> list[str]:
        """The file names one (visit, lang) unit writes."""
        names = []
        for audience in self.audiences:
            stem = f"{visit_id}.{audience}.{lang}"
            names += [f"{stem}.{fmt}" for fmt in self.formats] + [f"{stem}.ipynb"]
        return names


@dataclass(frozen=True)
class Job:
    """One (visit, language) to render."""

    visit_id: str
    path: Path
    lang: str
    key: str
    facts: dict = field(hash=False, compare=False)


@dataclass
class JobResult:
    job: Job
    moves: list[tuple[str, str]] = field(default_factory=list)  # (temporary file, target)
    error: RingkasError | None = None
    seconds: float = 0.0
    kernels_started: int = 0


@dataclass
class RenderReport:
    rendered: list[Job] = field(default_factory=list)
    skipped: list[Job] = field(default_factory=list)
    failed: dict[str, RingkasError] = field(default_factory=dict)  # visit id or path -> why
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    kernels_started: int = 0


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
        from ringkas.build.catalogue import write_catalog  # jinja2, Babel and the sanitizer: not cheap

        write_catalog(out, lang, today)
        write_atomic(stamp, key.encode("ascii"))  # after the page: a kill between leaves it stale
    return page


#: The search index's temporary (ringkas.knowledge.search.INDEX_NAME), which a search may be writing now.
SEARCH_INDEX_TEMPORARY = ".kb.sqlite."


def remove_stale_temporaries(out: Path) -> None:
    """Delete the `.<name>.<random>.tmp` files a killed run left in `out` and its visit folders.

    Only the main process of a render moves temporaries into place, and this one has not
    started yet, so any found now are dead. (Two renders into one folder at once are not
    supported: they would race on the manifest too.)
    """
    if not out.is_dir():
        return
    folders = [p for p in out.iterdir() if p.is_dir() and VISIT_ID_PATTERN.match(p.name)]
    for folder in [out, *folders]:
        for stale in folder.glob(".*.tmp"):
            if not stale.name.startswith(SEARCH_INDEX_TEMPORARY):
                stale.unlink(missing_ok=True)


def plan(paths: list[Path], options: RenderOptions, manifest: Manifest,
         report: RenderReport) -> list[Job]:
    """The units of work that are not fresh.

    A notebook whose outputs are all fresh is skipped on its bytes alone, without being parsed:
    that keeps a run with nothing to do well under a second for hundreds of visits. The others
    are checked, and those that fail the check are reported as failed.
    """
    fingerprints = Fingerprints.of(options.data_dir)
    stems = Counter(path.stem for path in paths)  # a shared id must go through the check
    changed = []
    for path in paths:
        fresh = None if options.force or stems[path.stem] > 1 else \
            fresh_jobs(path, options, manifest, fingerprints)
        if fresh is None:
            changed.append(path)
        else:
            report.skipped.extend(fresh)
    checked = check_visits(changed)
    for path in checked.failed:
        errors = [p for p in checked.problems[path] if p.is_error]
        report.failed[str(path)] = InvalidVisit(path, errors)
    jobs = []
    for visit in checked.visits:
        notebook = visit.path.read_bytes()
        facts = catalogue_facts(visit, options)
        for lang in options.langs:
            key = fingerprints.key(notebook, lang, visit.has_code, options.execute)
            job = Job(visit.id, visit.path, lang, key, facts)
            folder = options.out / visit.id
            if not options.force and manifest.fresh(visit.id, options.outputs(visit.id, lang), key, folder):
                report.skipped.append(job)
            else:
                jobs.append(job)
    return jobs


def fresh_jobs(path: Path, options: RenderOptions, manifest: Manifest,
               fingerprints: Fingerprints) -> list[Job] | None:
    """The skipped units of a notebook whose every requested output is fresh, else None."""
    visit_id, has_code = path.stem, manifest.has_code(path.stem)
    if has_code is None:
        return None
    notebook = path.read_bytes()
    facts = {k: v for k, v in manifest.visits[visit_id].items() if k != "outputs"}
    jobs = []
    for lang in options.langs:
        key = fingerprints.key(notebook, lang, has_code, options.execute)
        if not manifest.fresh(visit_id, options.outputs(visit_id, lang), key, options.out / visit_id):
            return None
        jobs.append(Job(visit_id, path, lang, key, facts))
    return jobs


def catalogue_facts(visit: Visit, options: RenderOptions) -> dict:
    """What the catalogue page (ringkas.build.catalogue) shows of a visit, kept in the manifest so that
    the page is rebuilt without opening a notebook."""
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
    if executor is None and (options.jobs <= 1 or len(jobs) == 1):
        try:
            for job in jobs:
                yield render_job(job, options)
        finally:
            _stop_worker_kernel()  # this process is not a pool worker: leave no kernel behind
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
    """Move a successful unit's files into place and record it; clean up after a failure."""
    report.kernels_started += result.kernels_started
    if result.error is not None:
        for tmp, _ in result.moves:
            Path(tmp).unlink(missing_ok=True)
        report.failed.setdefault(result.job.visit_id, result.error)
        return
    for tmp, target in result.moves:
        os.replace(tmp, target)
    job = result.job
    manifest.record(job.visit_id, job.facts, options.outputs(job.visit_id, job.lang), job.key)
    report.rendered.append(job)


# --- the worker side ----------------------------------------------------------------------

_kernel = None


def _worker_kernel(fresh: bool):  # type: ignore[no-untyped-def]
    global _kernel
    from ringkas.render.execute import Kernel

    if _kernel is None:
        _kernel = Kernel(fresh=fresh)
        atexit.register(_kernel.shutdown)
        # a pool worker leaves through multiprocessing, which skips atexit but runs finalizers;
        # without this its kernel is orphaned and its socket folder stays in $TMPDIR
        multiprocessing.util.Finalize(None, _kernel.shutdown, exitpriority=10)
    _kernel.fresh = fresh
    return _kernel


def _stop_worker_kernel() -> None:
    if _kernel is not None:
        _kernel.shutdown()


def render_job(job: Job, options: RenderOptions) -> JobResult:
    """Execute one (visit, lang) once and write every audience and format to temporary files."""
    from ringkas.build.worker import write_unit

    started = time.perf_counter()
    kernel = _worker_kernel(options.fresh_kernel) if options.execute else None
    before = kernel.started if kernel else 0
    result = JobResult(job)
    try:
        result.moves = write_unit(job, options, kernel)
    except RingkasError as exc:
        result.error = exc
    except Exception as exc:  # noqa: BLE001 (report, never a traceback wall)
        result.error = MessageError("render.unexpected", visit=job.visit_id,
                                    detail=f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    result.kernels_started = (kernel.started - before) if kernel else 0
    return result
