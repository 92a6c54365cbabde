"""One unit of rendering: a visit in one language, executed once, every audience and format.

Runs inside a worker. Everything it writes goes to temporary files beside the targets; the main
process moves them into place (see `publish.finish`) only when the whole unit succeeded.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from nbformat import NotebookNode

from ringkas.notebook.cells import cell_tags
from ringkas.notebook.read import load_visit, read_notebook

if TYPE_CHECKING:
    from ringkas.build.pipeline import Job, RenderOptions
    from ringkas.render.execute import Kernel


def reads_parameter(nb: NotebookNode, name: str) -> bool:
    """Whether any code cell besides the parameters mentions `name`."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell_tags(cell) and pattern.search(cell.source):
            return True
    return False


def write_unit(job: Job, options: RenderOptions, kernel: Kernel | None) -> list[tuple[str, str]]:
    """Render `job` into temporary files; returns (temporary, target) pairs to move."""
    from ringkas.project.files import temporary_beside
    from ringkas.render.execute import execute_visit, parameterize
    from ringkas.render.exporters import render_html, render_pdf
    from ringkas.render.limits import limit_notebook

    visit = load_visit(job.path)
    folder = options.out / job.visit_id
    per_audience = reads_parameter(read_notebook(job.path), "audience")
    rendered_on = options.rendered_on or dt.date.today()
    moves: list[tuple[str, str]] = []

    def stage(name: str, data: bytes) -> None:
        target = folder / name
        tmp = temporary_beside(target)
        moves.append((str(tmp), str(target)))
        tmp.write_bytes(data)

    try:
        executed: NotebookNode | None = None
        for audience in options.audiences:
            parameters: dict[str, object] = {"lang": job.lang, "audience": audience}
            if executed is None or per_audience:
                nb = executed = limit_notebook(execute_visit(
                    visit, parameters, kernel=kernel, data_dir=options.data_dir,
                    timeout=options.timeout), job.lang)  # a 50 MB print is cut, here and in briefs
            else:  # the code never reads `audience`: same outputs, the injected cell updated
                nb = parameterize(executed, parameters)
            stem = f"{job.visit_id}.{audience}.{job.lang}"
            html = render_html(nb, audience=audience, lang=job.lang, visit_id=visit.id,
                               source_path=visit.path, rendered_on=rendered_on)
            stage(f"{stem}.ipynb", nbformat.writes(nb).encode("utf-8"))
            if "html" in options.formats:
                stage(f"{stem}.html", html.encode("utf-8"))
            if "pdf" in options.formats:
                stage(f"{stem}.pdf", render_pdf(html))
    except BaseException:
        for tmp, _ in moves:
            Path(tmp).unlink(missing_ok=True)
        raise
    return moves
