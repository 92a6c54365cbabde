"""One unit of rendering: a visit in one language, executed once, every audience and format.

Runs inside a worker (a process-pool process, or the main process when there is one job). The
notebook comes as bytes with the job; it is parsed and validated once here, and the `Visit` and
the notebook go on together to execution and export. Everything the unit writes is staged
(`ringkas.build.staging`); the main process commits it (`pipeline.finish`) only when the whole
unit succeeded. The worker's kernel stays warm between units, in this module.
"""

from __future__ import annotations

import atexit
import datetime as dt
import multiprocessing.util
import re
import time

import nbformat
from nbformat import NotebookNode

from ringkas.build.jobs import Job, JobResult, RenderOptions
from ringkas.build.staging import Move, Staging
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit, MessageError, RingkasError
from ringkas.notebook.cells import cell_tags
from ringkas.notebook.read import read_notebook
from ringkas.notebook.validate import validate_notebook
from ringkas.render.execute import Failures, Kernel, execute_notebook, parameterize, prepare
from ringkas.render.exporters import render_html
from ringkas.render.limits import limit_notebook
from ringkas.render.pdf import render_pdf

_kernel: Kernel | None = None  # this worker's warm kernel


def worker_kernel(fresh: bool, sandbox: bool = False) -> Kernel:
    """This process's kernel, started on first use and shut down when the process ends."""
    global _kernel
    if _kernel is not None and _kernel.sandbox != sandbox:
        _kernel.shutdown()  # the next one starts in (or out of) the sandbox
        _kernel.sandbox = sandbox
    if _kernel is None:
        _kernel = Kernel(fresh=fresh, sandbox=sandbox)
        atexit.register(_kernel.shutdown)
        # a pool worker leaves through multiprocessing, which skips atexit but runs finalizers;
        # without this its kernel is orphaned and its socket folder stays in $TMPDIR
        multiprocessing.util.Finalize(None, _kernel.shutdown, exitpriority=10)
    _kernel.fresh = fresh
    return _kernel


def stop_kernel() -> None:
    """Shut this process's kernel down (it starts again on next use)."""
    if _kernel is not None:
        _kernel.shutdown()


def render_job(job: Job, options: RenderOptions) -> JobResult:
    """Execute one (visit, lang) once and write every audience and format to temporary files."""
    started = time.perf_counter()
    kernel = worker_kernel(options.fresh_kernel, options.sandbox) if options.execute else None
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


def reads_parameter(nb: NotebookNode, name: str) -> bool:
    """Whether any code cell besides the parameters mentions `name`."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for cell in nb.cells:
        if (cell.cell_type == "code" and "parameters" not in cell_tags(cell)
                and pattern.search(cell.source)):
            return True
    return False


def write_unit(job: Job, options: RenderOptions, kernel: Kernel | None) -> list[Move]:
    """Render `job` into temporary files; returns (temporary, target) pairs to move."""
    source = read_notebook(job.path, job.notebook or None)
    per_audience = reads_parameter(source, "audience")
    rendered_on = options.rendered_on or dt.date.today()
    folder = options.out / job.visit_id
    visit: Visit | None = None
    executed: NotebookNode | None = None
    with Staging() as staging:
        for audience in options.audiences:
            parameters: dict[str, object] = {"lang": job.lang, "audience": audience}
            if executed is None or per_audience:
                nb = prepare(source, parameters, job.path.name)
                if visit is None:  # validated as prepared: its cell numbers are the brief's
                    visit = _validated(nb, job)
                if kernel is not None and visit.has_code:
                    nb = execute_notebook(nb, kernel=kernel, cwd=job.path.parent,
                                          data_dir=options.data_dir, timeout=options.timeout,
                                          name=job.path.name,
                                          failures=Failures({"visit": job.visit_id}))
                # a 50 MB print is cut, in the executed copy and in the briefs
                nb = executed = limit_notebook(nb, job.lang)
            else:  # the code never reads `audience`: same outputs, the injected cell updated
                nb = parameterize(executed, parameters)
            stem = f"{job.visit_id}.{audience}.{job.lang}"
            html = render_html(nb, audience=audience, lang=job.lang, visit_id=job.visit_id,
                               source_path=job.path, rendered_on=rendered_on, visit=visit,
                               outputs_limited=True)
            staging.stage(folder / f"{stem}.ipynb", nbformat.writes(nb).encode("utf-8"))
            if "html" in options.formats:
                staging.stage(folder / f"{stem}.html", html.encode("utf-8"))
            if "pdf" in options.formats:
                staging.stage(folder / f"{stem}.pdf", render_pdf(html))
    return staging.moves


def _validated(nb: NotebookNode, job: Job) -> Visit:
    visit, problems = validate_notebook(nb, job.path, job.visit_id)
    if visit is None:  # the plan checked it: only a file changed since can get here
        raise InvalidVisit(job.path, problems)
    return visit
