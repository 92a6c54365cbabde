"""Creating a visit notebook from the skeleton in `templates/visit.ipynb`.

`skeleton()` fills the template's placeholders (`ringkas import` starts from it too, so both
commands write the same shape); `new_visit()` checks the front matter by the contract's rules
and writes the notebook, never over an existing one unless told to (`force`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat

from ringkas.authoring.details import VisitDetails, check_front_matter, placeholders
from ringkas.contract.ids import visit_id
from ringkas.contract.problems import MessageError
from ringkas.project.paths import templates_dir

__all__ = ["VisitDetails", "new_visit", "skeleton"]


def new_visit(folder: Path, date: str, host: str, title: str,
              details: VisitDetails | None = None, *, force: bool = False) -> Path:
    """Write `<folder>/<date>-<host>.ipynb` from the skeleton, its front matter filled from
    `details` (choices given by key or label); never overwrite a notebook unless `force`.
    Every value is checked before anything is written."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise MessageError("new.bad_date", value=date) from None
    path = folder / f"{visit_id(day, host)}.ipynb"
    if path.exists() and not force:
        raise MessageError("new.exists", path=path)
    details = (details or VisitDetails()).resolved()
    nb = skeleton(day, host, title, details)
    check_front_matter(nb.cells[0].source, details.vocabulary)
    folder.mkdir(parents=True, exist_ok=True)
    if force:
        from ringkas.project.files import write_atomic

        write_atomic(path, nbformat.writes(nb).encode("utf-8"))
        return path
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            nbformat.write(nb, out)
    except FileExistsError:
        raise MessageError("new.exists", path=path) from None
    return path


def skeleton(day: dt.date, host: str, title: str,
             details: VisitDetails | None = None) -> nbformat.NotebookNode:
    """The skeleton notebook with its front matter filled in: title, date, host, and `details`
    (resolved: choices as keys; the defaults leave every other field empty)."""
    nb = nbformat.read(templates_dir() / "visit.ipynb", as_version=4)
    fill = {"{date}": day.isoformat(), **placeholders(title, host, details or VisitDetails())}
    nb.cells[0].source = _fill(nb.cells[0].source, fill)
    nb.cells[1].source = _fill(nb.cells[1].source, {"{title}": title})
    for cell in nb.cells[2:]:  # the guidance of dokumentasi names the visit's own folder
        if "{visit-id}" in cell.source:
            cell.source = cell.source.replace("{visit-id}", visit_id(day, host))
    return nb


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder in one pass, so a title holding "{date}" stays as written."""
    pattern = "|".join(re.escape(placeholder) for placeholder in values)
    return re.sub(pattern, lambda match: values[match.group(0)], text)
