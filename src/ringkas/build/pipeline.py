"""Rendering every visit into briefs: plan, skip what is unchanged, run, move into place.

`render_briefs(paths, options)` is the whole stage. The unit of work is one (visit, language):
one execution gives both audiences and both formats. Work runs on any
`concurrent.futures.Executor` (a process pool by default; a Dask cluster's executor,
`ringkas.build.cluster`, fits the same hole) through `ringkas.build.worker.render_job`. A unit
goes out with its notebook's and data files' bytes and comes back with the rendered bytes: no
shared disk. Only the main process writes them (`ringkas.build.staging.publish`: temporaries
beside the targets, `os.replace`), after the unit succeeded, so a failed or killed render leaves
every earlier brief whole. One render at a time writes into an output folder
(`ringkas.build.lock`); the manifest records each output's hash, and each notebook is compared
with the bytes read at the start once its code has run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ringkas.build.jobs import Job, JobResult, RenderOptions, RenderReport, read_data_files
from ringkas.build.lock import Held, output_lock, unwritable
from ringkas.build.manifest import (
    CATALOGUE_PAGE,
    CATALOGUE_STAMP,
    Fingerprints,
    Manifest,
    catalogue_key,
)
from ringkas.build.staging import publish, remove_stale_temporaries
from ringkas.contract.links import LinkOutside
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit, MessageError
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.notebook.photos import photo_names, read_photo_files
from ringkas.notebook.read import check_visits
from ringkas.project.files import write_atomic

__all__ = ["Job", "JobResult", "RenderOptions", "RenderReport", "publish_catalogue",
           "render_briefs"]

#: Characters of the executive summary a catalogue card shows.
CARD_SUMMARY = 280


def render_briefs(paths: Iterable[Path], options: RenderOptions, *, all_visits: bool = True,
                  executor: Executor | None = None,
                  progress: Callable[[JobResult], None] | None = None,
                  wait: bool = True, waiting: Callable[[Path], None] | None = None,
                  catalogue: str | None = None) -> RenderReport:
    """Render the briefs of the visits at `paths` into `options.out`.

    The whole render holds the output folder's lock (`ringkas.build.lock`): another render
    into the same folder waits (`waiting(out)` is called once) or, with `wait=False`, fails
    with `render.lock_busy`. `catalogue`: the first language of the catalogue page, refreshed
    under the same lock; None leaves the page alone. A folder that cannot be written is fine
    as long as nothing needs writing; otherwise "cannot write to ...".
    """
    started = time.perf_counter()
    report = RenderReport()
    # what a killed render left: its scratch folders, and whatever still runs with their mark
    from ringkas.render.lifetime import sweep_dead_scratch

    sweep_dead_scratch()
    if options.sandbox:
        from ringkas.render.sandbox import require_sandbox

        require_sandbox()  # before anything runs: never fall back to running unsandboxed
    try:
        with output_lock(options.out, wait=wait, waiting=waiting) as held:
            _render(list(paths), options, held, report, all_visits, executor, progress)
            if catalogue is not None:
                publish_catalogue(options.out, catalogue, vocabulary=options.vocabulary)
    except OSError as exc:
        error = unwritable(exc, options.out)
        if error is None:
            raise
        raise error from None
    report.seconds = time.perf_counter() - started
    return report


def _render(paths: list[Path], options: RenderOptions, held: Held, report: RenderReport,
            all_visits: bool, executor: Executor | None,
            progress: Callable[[JobResult], None] | None) -> None:
    manifest = Manifest.read(options.out)
    if held.writable:  # only the lock's holder may: another render's temporaries are alive
        remove_stale_temporaries(options.out)
    sources: dict[Path, bytes] = {}
    jobs = plan(paths, options, manifest, report, sources)
    gone = deleted(manifest, {Path(p).stem for p in paths}) if all_visits else []
    if not held.writable and (jobs or gone):
        raise MessageError(f"render.unwritable_{held.reason}", path=options.out)
    report.removed = remove_deleted(manifest, options.out, gone)
    jobs = with_revisions(jobs, options.out, report)
    try:
        for result in run(jobs, options, executor):
            finish(result, options, manifest, report)
            if progress:
                progress(result)
    finally:
        # a cell may have written another visit's notebook after that one finished
        for path, notebook in sources.items():
            error = restore_source(path, notebook)
            if error is not None:
                report.failed.setdefault(path.stem, error)
    if held.writable:
        manifest.write()  # only if it changed: a render with nothing to do writes nothing


def publish_catalogue(out: Path, lang: str, today: dt.date | None = None, *,
                      vocabulary: Vocabulary = BUILTIN) -> Path:
    """Write the catalogue page `out/index.html` unless it is current; returns its path.

    The page is rebuilt only when its inputs' key (`manifest.catalogue_key`) differs from the
    one it was last made from: a run that changed nothing does not even load the template.
    """
    today = today or dt.date.today()
    page, stamp = out / CATALOGUE_PAGE, out / CATALOGUE_STAMP
    with output_lock(out) as held:  # reentrant: a render holds it already
        key = catalogue_key(out, lang, today, vocabulary.digest())
        try:
            current = page.is_file() and stamp.read_text(encoding="ascii") == key
        except (OSError, ValueError):
            current = False
        if not current and held.writable:  # a folder ringkas cannot write keeps its page
            # jinja2, Babel and the sanitizer: not cheap
            from ringkas.build.catalogue import write_catalogue_pages

            write_catalogue_pages(out, lang, today, vocabulary=vocabulary)
            # after the page: a kill between leaves it stale
            write_atomic(stamp, key.encode("ascii"))
    return page


def plan(paths: list[Path], options: RenderOptions, manifest: Manifest,
         report: RenderReport, read: dict[Path, bytes] | None = None) -> list[Job]:
    """The units of work that are not fresh.

    A notebook whose outputs are all fresh is skipped on its bytes alone, without being parsed:
    that keeps a run with nothing to do well under a second for hundreds of visits. The others
    are checked, and those that fail the check are reported as failed. An output changed or
    removed since ringkas wrote it makes its unit stale, and `report.repaired` says so. `read`
    receives every notebook's bytes as read (to check afterwards that no code changed them).
    """
    fingerprints = Fingerprints.of(options.data_dir, options.settings_digest())
    stems = Counter(path.stem for path in paths)  # a shared id must go through the check
    changed, sources = [], {}  # each notebook is read once: these bytes go on with its jobs
    for path in paths:
        notebook = _read(path)
        if notebook is not None and read is not None:
            read[path] = notebook
        fresh = None if options.force or stems[path.stem] > 1 or notebook is None else \
            fresh_jobs(path, options, manifest, fingerprints, notebook)
        if fresh is None:
            changed.append(path)
            if notebook is not None:
                sources[path] = notebook
        else:
            report.skipped.extend(fresh)
    checked = check_visits(changed, sources, vocabulary=options.vocabulary, keep_notebooks=True)
    for path in checked.failed:
        errors = [p for p in checked.problems[path] if p.is_error]
        report.failed[str(path)] = InvalidVisit(path, errors)
    jobs = []
    for visit in checked.visits:
        notebook = sources[visit.path]
        facts = catalogue_facts(visit, options)
        photos = read_photo_files(visit)
        for lang in options.langs:
            key = fingerprints.key(notebook, lang, visit.has_code, options.execute,
                                   options.base_url, photos)
            job = Job(visit.id, visit.path, lang, key, facts, notebook, photos=photos,
                      checked=checked.checked[visit.path])
            outputs, folder = options.outputs(visit.id, lang), options.out / visit.id
            stale = manifest.stale(visit.id, outputs, key, folder)
            if not options.force and not stale:
                report.skipped.append(job)
                continue
            jobs.append(job)
            report.repaired.update({str(folder / name): why for name, why in stale.items()
                                    if why != "outdated"})
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
    photos = _photo_files(path, facts.get("photos"))
    if photos is None:
        return None
    jobs = []
    for lang in options.langs:
        key = fingerprints.key(notebook, lang, has_code, options.execute, options.base_url,
                               photos)
        outputs = options.outputs(visit_id, lang)
        if not manifest.fresh(visit_id, outputs, key, options.out / visit_id):
            return None
        jobs.append(Job(visit_id, path, lang, key, facts))
    return jobs


def _photo_files(path: Path, names: object) -> tuple[tuple[str, bytes], ...] | None:
    """The photo files the manifest says the notebook at `path` shows, as bytes; None when one
    is gone or the record is not a list of names (the notebook is then checked again)."""
    if names is None:
        return ()
    if not isinstance(names, list):
        return None
    try:
        return tuple((str(name), (path.parent / str(name)).read_bytes()) for name in names)
    except OSError:
        return None


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
        "photos": photo_names(visit),
    }


def deleted(manifest: Manifest, present: set[str]) -> list[str]:
    """The visits in the manifest whose notebook is gone.

    `present` holds the file stems of every notebook found, broken ones included: a visit that
    fails its check keeps its last good briefs.
    """
    return [visit_id for visit_id in manifest.visits if visit_id not in present]


def remove_deleted(manifest: Manifest, out: Path, gone: list[str]) -> list[str]:
    """Remove the briefs of the visits `gone` (see `deleted`); returns them, for the report."""
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

    jobs, refused = with_data(jobs, options)
    yield from refused
    if not jobs:
        return
    if executor is None and (options.workers <= 1 or len(jobs) == 1):
        try:
            for job in jobs:
                yield render_job(job, options)
        finally:
            stop_kernel()  # this process is not a pool worker: leave no kernel behind
        return
    from ringkas.build.pool import worker_pool

    own = executor is None
    pool = executor or worker_pool(min(options.workers, len(jobs)))
    try:
        futures = {pool.submit(render_job, job, options): job for job in jobs}
        yield from _as_completed(futures)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def with_revisions(jobs: list[Job], out: Path, report: RenderReport) -> list[Job]:
    """`jobs`, each knowing its visit's revisions in its language (`ringkas.build.revision_log`);
    a visit whose revision log cannot be read fails."""
    if not jobs:
        return jobs
    from ringkas.build.revision_log import attach_revisions

    jobs, failed = attach_revisions(jobs, out)
    for visit_id, error in failed.items():
        report.failed.setdefault(visit_id, error)
    return jobs


def with_data(jobs: list[Job], options: RenderOptions) -> tuple[list[Job], list[JobResult]]:
    """`jobs`, those whose code will run carrying the data files (read once for all); when a
    data file is a link out of the project, those units fail with that message instead (the
    second list) and the others go on."""
    if not options.execute or not any(job.runs_code for job in jobs):
        return jobs, []
    try:
        data = read_data_files(options.data_dir)
    except LinkOutside as exc:
        return ([job for job in jobs if not job.runs_code],
                [JobResult(job, error=exc) for job in jobs if job.runs_code])
    return [replace(job, data=data) if job.runs_code else job for job in jobs], []


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
    """Write a successful unit's files into place and record it; report a failure.

    Runs in the main process, wherever the unit ran: the notebook must still be the bytes the
    unit was planned from (its code may have written it), else the unit fails and the file is
    put back.
    """
    report.kernels_started += result.kernels_started
    job = result.job
    if job.notebook:
        result.error = restore_source(job.path, job.notebook) or result.error
    earlier = report.failed.get(job.visit_id)
    if isinstance(earlier, MessageError) and earlier.code == "render.source_changed":
        result.error = earlier  # its other language ran the same code: put back already
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
    # the hash of what was written: an output changed by anyone else renders again
    digests: dict[str, str | None] = {
        PurePosixPath(name).name: hashlib.sha256(data).hexdigest()
        for name, data in result.files.items()}
    manifest.record(job.visit_id, job.facts, digests, job.key)
    if result.revision is not None:  # after the files it labels are in place
        from ringkas.build.revision_log import record_revision

        record_revision(options.out, job.visit_id, job.lang, result.revision)
    report.rendered.append(job)


def restore_source(path: Path, notebook: bytes) -> MessageError | None:
    """Put the notebook at `path` back to `notebook` (its bytes when the render read it) if
    they differ, keeping the changed file beside it as `.<name>.changed`; an error saying so,
    or None when it was untouched."""
    try:
        now: bytes | None = path.read_bytes()
    except FileNotFoundError:
        now = None
    if now == notebook:
        return None
    kept = path.with_name(f".{path.name}.changed")
    if now is not None:
        write_atomic(kept, now)
    write_atomic(path, notebook)
    return MessageError("render.source_changed", visit=path.stem, path=path,
                        kept=kept if now is not None else "-")
