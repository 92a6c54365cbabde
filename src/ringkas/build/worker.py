"""One unit of rendering: a visit in one language, executed once, every audience and format.

Runs inside a worker: a process-pool process, a Dask worker (perhaps on another machine), or the
main process when there is one job; the same code everywhere. The notebook and the data files
come as bytes with the job, with the notebook as the plan read and validated it (`CheckedVisit`,
neither decoded nor validated again here): its `Visit`, numbered as the prepared notebook, and
the notebook go on together to execution and export. The kernel runs in a scratch folder of the
unit's own, holding a copy of `data/` (so `data/indicators/x.csv` and `read_indicator` work, and
code that writes beside itself touches neither the project nor the briefs), removed afterwards.
The unit writes nothing under the output folder: it returns the rendered bytes, which the main
process writes (`pipeline.finish`, `ringkas.build.staging.publish`) only when the whole unit
succeeded. The worker's kernel stays warm between units, in this module.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import multiprocessing.util
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

import nbformat
from nbformat import NotebookNode

from ringkas.build.jobs import DataFiles, Job, JobResult, RenderOptions
from ringkas.contract.model import Visit
from ringkas.contract.oserrors import writing_error
from ringkas.contract.problems import MessageError, RingkasError
from ringkas.notebook import markdown as md
from ringkas.notebook.cells import cell_tags
from ringkas.notebook.checked import CheckedVisit
from ringkas.notebook.read import check_notebook
from ringkas.render.archive import data_read, evidence
from ringkas.render.brief import build_brief
from ringkas.render.execute import Failures, Kernel, execute_notebook, parameterize, prepare
from ringkas.render.exporters import render_html
from ringkas.render.lifetime import remove_scratch, scratch_dir
from ringkas.render.limits import limit_notebook
from ringkas.render.pdf import render_pdf
from ringkas.render.qr import html_url
from ringkas.render.revision import Revision, content_digests, next_revision, revision_note
from ringkas.render.word_brief import render_docx

#: This process's warm kernels, one per thread: a pool worker has one thread, a Dask worker may
#: run units on several at once, and a kernel runs one notebook at a time.
_kernels: dict[int, Kernel] = {}
_lock = threading.Lock()

#: The folder of the scratch copy of data/, inside a unit's scratch folder.
DATA_FOLDER = "data"
#: Where the kernel runs inside the scratch folder: the notebooks' own place in a project, so
#: that `../../data/...` reaches the copy of data/ exactly as it reaches data/ in JupyterLab.
WORK_FOLDER = PurePosixPath("notebooks", "visits")


def worker_kernel(fresh: bool, sandbox: bool = False) -> Kernel:
    """This thread's kernel, started on first use and shut down when the process ends."""
    with _lock:
        kernel = _kernels.get(threading.get_ident())
        if kernel is not None and kernel.sandbox != sandbox:
            kernel.shutdown()  # the next one starts in (or out of) the sandbox
            kernel.sandbox = sandbox
        if kernel is None:
            kernel = _kernels[threading.get_ident()] = Kernel(fresh=fresh, sandbox=sandbox)
            atexit.register(kernel.shutdown)
            # a pool worker leaves through multiprocessing, which skips atexit but runs
            # finalizers; without this its kernel is orphaned and its socket folder stays in
            # $TMPDIR
            multiprocessing.util.Finalize(None, kernel.shutdown, exitpriority=10)
    kernel.fresh = fresh
    return kernel


def stop_kernel() -> None:
    """Shut this process's kernels down (each starts again on next use)."""
    with _lock:
        kernels = list(_kernels.values())
    for kernel in kernels:
        kernel.shutdown()


@contextlib.contextmanager
def scratch_folder(data: DataFiles) -> Iterator[Path]:
    """A new folder holding `data/` with `data`'s files and an empty `notebooks/visits/` to run
    in, removed afterwards.

    One per unit, not per worker: a cell that changes a data file or leaves files behind
    affects no other visit.
    """
    # with its owner's stamp: removed by the next render if this one is killed
    root = Path(scratch_dir("ringkas-unit-"))
    try:
        (root / DATA_FOLDER).mkdir()
        (root / WORK_FOLDER).mkdir(parents=True)
        for name, content in data:
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:  # never outside the scratch
                raise ValueError(f"data file name outside data/: {name!r}")
            target = root / DATA_FOLDER / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield root
    finally:
        remove_scratch(str(root))


def render_job(job: Job, options: RenderOptions) -> JobResult:
    """Execute one (visit, lang) once and render every audience and format; the result carries
    the files' bytes (nothing is written under `options.out`)."""
    started = time.perf_counter()
    kernel = worker_kernel(options.fresh_kernel, options.sandbox) if options.execute else None
    before = kernel.started if kernel else 0
    # the data and the checked notebook need not travel back
    result = JobResult(replace(job, data=(), photos=(), checked=None))
    try:
        result.files, result.revision = render_unit(job, options, kernel)
    except RingkasError as exc:
        result.error = exc
    except Exception as exc:  # noqa: BLE001 (report, never a traceback wall)
        # a full disk or a refused permission is no bug: say so (ringkas.contract.oserrors)
        result.error = writing_error(exc, job.visit_id) or MessageError(
            "render.unexpected", visit=job.visit_id, detail=f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    result.kernels_started = (kernel.started - before) if kernel else 0
    return result


def reads_parameter(nb: NotebookNode, name: str) -> bool:
    """Whether any code cell besides the parameters mentions `name`."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for cell in nb.cells:
        if (cell.cell_type == "code" and "parameters" not in cell_tags(cell)
                and pattern.search(cell.source)):
            return True
    return False


def unit_files(job: Job, options: RenderOptions, kernel: Kernel | None) -> dict[str, bytes]:
    """Render `job`; returns its files' bytes by name relative to `options.out`."""
    return render_unit(job, options, kernel)[0]


def render_unit(job: Job, options: RenderOptions, kernel: Kernel | None
                ) -> tuple[dict[str, bytes], Revision | None]:
    """Render `job`: its files' bytes by name relative to `options.out`, and the revision they
    are labelled with (None when the job knows no revision log, as in a preview)."""
    rendered_on = options.rendered_on or dt.date.today()
    if kernel is not None:
        kernel.hide(options.hidden_env)  # the project's SMTP password: not for notebook code
    files: dict[str, bytes] = {}
    with contextlib.ExitStack() as stack:
        visit, notebooks = _executed(job, options, kernel, stack)
        revision, note = None, None
        if job.revisions is not None:  # labelled before any brief is: they all print it
            digests = content_digests(visit, notebooks.values(), job.lang, job.photos)
            revision = next_revision(job.revisions, digests, rendered_on)
            note = revision_note(revision, job.revisions, job.lang)
        for audience, nb in notebooks.items():
            stem = f"{job.visit_id}/{job.visit_id}.{audience}.{job.lang}"
            files[f"{stem}.ipynb"] = nbformat.writes(nb).encode("utf-8")
            html = ""
            if "html" in options.formats or "pdf" in options.formats:
                html = render_html(nb, audience=audience, lang=job.lang, visit_id=job.visit_id,
                                   source_path=job.path, rendered_on=rendered_on, visit=visit,
                                   outputs_limited=True, settings=options.settings,
                                   photo_files=dict(job.photos), revision=note)
            if "html" in options.formats:
                files[f"{stem}.html"] = html.encode("utf-8")
            if "pdf" in options.formats:
                files[f"{stem}.pdf"] = archival_pdf(html, job, options, audience,
                                                    files[f"{stem}.ipynb"], nb)
            if "docx" in options.formats:  # the HTML's own Brief
                brief = build_brief(nb, visit, audience, job.lang, rendered_on,
                                    settings=options.settings, photo_files=dict(job.photos),
                                    revision=note)
                files[f"{stem}.docx"] = render_docx(brief)
    return files, revision


def _executed(job: Job, options: RenderOptions, kernel: Kernel | None,
              stack: contextlib.ExitStack) -> tuple[Visit, dict[str, NotebookNode]]:
    """The visit and, per audience, the notebook its briefs are made from: executed once, or
    once per audience when the code reads `audience`. The scratch folder lives in `stack`."""
    checked = job.checked or _validated(job, options)  # a preview's job: validated here, once
    md.remember(checked.trees)  # the plan parsed the visit's markdown: not again here
    source = checked.notebook
    per_audience = reads_parameter(source, "audience")
    visit: Visit | None = None
    executed: NotebookNode | None = None
    scratch: Path | None = None
    notebooks: dict[str, NotebookNode] = {}
    for audience in options.audiences:
        parameters: dict[str, object] = {"lang": job.lang, "audience": audience}
        if executed is None or per_audience:
            nb = prepare(source, parameters, job.path.name)
            if visit is None:  # with the prepared notebook's cell numbers, the brief's
                visit = checked.in_prepared(nb)
            if kernel is not None and visit.has_code:
                scratch = scratch or stack.enter_context(scratch_folder(job.data))
                nb = execute_notebook(nb, kernel=kernel, cwd=scratch / WORK_FOLDER,
                                      data_dir=scratch / DATA_FOLDER,
                                      timeout=options.timeout, name=job.path.name,
                                      failures=Failures({"visit": job.visit_id}))
            # a 50 MB print is cut, in the executed copy and in the briefs
            nb = executed = limit_notebook(nb, job.lang)
        else:  # the code never reads `audience`: same outputs, the injected cell updated
            nb = parameterize(executed, parameters)
        notebooks[audience] = nb
    return visit or checked.visit, notebooks  # no audience asked for: no brief numbers cells


def archival_pdf(html: str, job: Job, options: RenderOptions, audience: str, executed: bytes,
                 nb: NotebookNode) -> bytes:
    """The PDF/A of one brief, carrying its executed notebook and the data files it read
    (`ringkas.render.archive`) and, with a `base_url`, the QR code to its HTML version."""
    name = f"{job.visit_id}.{audience}.{job.lang}"
    attachments = evidence(name, executed, data_read(nb, job.data), job.lang)
    return render_pdf(html, attachments=attachments, lang=job.lang,
                      html_url=html_url(options.base_url, job.visit_id, name))


def _validated(job: Job, options: RenderOptions) -> CheckedVisit:
    """The job's notebook read and validated, for a job that comes without its plan's
    (a preview's); InvalidVisit when it breaks the contract."""
    return check_notebook(job.path, job.notebook or None, visit_id=job.visit_id,
                          vocabulary=options.vocabulary)
