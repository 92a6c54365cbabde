"""Creating a visit notebook from the skeleton in `templates/visit.ipynb`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import nbformat

from ringkas.contract.ids import visit_id
from ringkas.contract.problems import MessageError
from ringkas.project.paths import templates_dir


def new_visit(folder: Path, date: str, host: str, title: str) -> Path:
    """Write `<folder>/<date>-<host>.ipynb` from the skeleton; never overwrite a notebook."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise MessageError("new.bad_date", value=date) from None
    path = folder / f"{visit_id(day, host)}.ipynb"
    if path.exists():
        raise MessageError("new.exists", path=path)
    nb = skeleton(day, host, title)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            nbformat.write(nb, out)
    except FileExistsError:
        raise MessageError("new.exists", path=path) from None
    return path


def skeleton(day: dt.date, host: str, title: str) -> nbformat.NotebookNode:
    """The skeleton notebook with its title, date and host filled in (`ringkas import` starts
    from it too, so both commands write the same shape)."""
    nb = nbformat.read(templates_dir() / "visit.ipynb", as_version=4)
    # json.dumps gives a double-quoted YAML scalar, safe for any title or host name.
    fill = {"{title}": json.dumps(title, ensure_ascii=False), "{date}": day.isoformat(),
            "{host}": json.dumps(host, ensure_ascii=False)}
    nb.cells[0].source = _fill(nb.cells[0].source, fill)
    nb.cells[1].source = _fill(nb.cells[1].source, {"{title}": title})
    return nb


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder in one pass, so a title holding "{date}" stays as written."""
    pattern = "|".join(re.escape(placeholder) for placeholder in values)
    return re.sub(pattern, lambda match: values[match.group(0)], text)
