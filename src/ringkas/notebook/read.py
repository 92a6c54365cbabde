"""Reading visit notebooks from disk into checked `Visit` records.

`load_visit(path)` returns a Visit or raises `InvalidVisit` naming every error. `check_visits`
loads many and adds the rules that span notebooks (two notebooks claiming one id); one broken
notebook never stops the others from loading.
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.contract.model import Visit
from ringkas.contract.problems import ERROR, InvalidVisit, MessageError, Problem

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from ringkas.contract.themes import Vocabulary
    from ringkas.notebook.checked import CheckedVisit


def read_notebook(path: Path, data: bytes | None = None) -> NotebookNode:
    """The notebook at `path` (whose bytes are `data` when the caller read them already), or
    InvalidVisit saying why it cannot be read as one."""

    def fail(code: str, **params: object) -> InvalidVisit:
        return InvalidVisit(path, [Problem(path, None, None, code, params, ERROR)])

    try:
        raw = path.read_bytes() if data is None else data
    except FileNotFoundError:
        raise fail("file.missing") from None
    except OSError as exc:  # a folder named *.ipynb, no permission, ...
        raise fail("file.unreadable", detail=exc.strerror or exc) from None
    if raw.startswith(codecs.BOM_UTF8):
        raise fail("file.bom")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail("file.not_utf8", position=exc.start) from None
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail("file.not_json", line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    except RecursionError:
        raise fail("file.not_json", line="?", column="?", detail="nested too deeply") from None
    except ValueError:  # an integer past sys.get_int_max_str_digits(): valid JSON, not for Python
        raise InvalidVisit(path, [_huge_number(path, text)]) from None
    _check_format(content, fail)
    try:
        surrogates = lone_surrogates(content, path) if _SURROGATE_ESCAPE.search(text) else []
    except RecursionError:
        raise fail("file.not_json", line="?", column="?", detail="nested too deeply") from None
    if surrogates:  # valid JSON, but no UTF-8 file, CSV or SQLite index can hold it
        raise InvalidVisit(path, surrogates)
    if unique_cell_ids(content):
        text = json.dumps(content)
    import nbformat  # here, not at the top: it takes seconds to import (jsonschema formats)
    from nbformat.warnings import MissingIDFieldWarning

    try:
        # A hand-edited notebook may lack cell ids; nbformat adds them in memory, and its
        # warning about it would only be noise in `ringkas check`.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)  # joins multi-line sources
            nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 (nbformat fails in many ways on malformed cells)
        raise fail("file.not_notebook", detail=_first_line(_schema_detail(exc, content))) from None
    return nb


#: A JSON escape of a UTF-16 surrogate: the only way a notebook's text can hold a lone one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _huge_number(path: Path, text: str) -> Problem:
    """Where the first integer is that has more digits than Python converts."""
    limit = sys.get_int_max_str_digits()
    match = re.search(rf"\d{{{limit + 1},}}", text)
    start = match.start() if match else 0
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    return Problem(path, None, None, "file.huge_number",
                   {"digits": len(match.group()) if match else "?", "line": line,
                    "column": column, "limit": limit}, ERROR)


def lone_surrogates(data: dict, path: Path) -> list[Problem]:
    """One problem per cell part (and notebook metadata key) holding a lone UTF-16 surrogate.

    json.loads pairs escaped surrogates into one character; one left alone cannot be encoded,
    so the search index, a CSV export or a terminal would fail on it later."""
    found: list[Problem] = []

    def report(cell: int | None, where: str, value: object) -> None:
        char = _surrogate_in(value)
        if char is not None:
            found.append(Problem(path, cell, where, "file.lone_surrogate",
                                 {"code": f"\\u{ord(char):04x}"}, ERROR))

    metadata = data.get("metadata")
    for key, value in sorted(metadata.items() if isinstance(metadata, dict) else []):
        report(None, f"metadata.{key}", value)
    for number, cell in enumerate(data.get("cells") or [], 1):
        if not isinstance(cell, dict):
            continue
        for key, value in cell.items():
            if key == "metadata" and isinstance(value, dict):
                for name, item in sorted(value.items()):
                    report(number, f"metadata.{name}", item)
            else:
                report(number, key, value)
    return found


def _surrogate_in(value: object) -> str | None:
    """The first lone surrogate in `value` (text, or JSON lists and objects of it), if any."""
    if isinstance(value, str):
        match = _LONE_SURROGATE.search(value)
        return match.group() if match else None
    items = [x for pair in value.items() for x in pair] if isinstance(value, dict) else \
        value if isinstance(value, list) else []
    return next((c for c in map(_surrogate_in, items) if c is not None), None)


def unique_cell_ids(data: dict) -> bool:
    """Give a cell whose id repeats an earlier cell's (a cell copied by hand) a stable id of its
    own: the id and its cell number. nbformat would give it a random one, different at every
    read, and warn each time. Returns whether anything changed."""
    cells = data.get("cells")
    seen: set[str] = set()
    changed = False
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        cell_id = cell.get("id") if isinstance(cell, dict) else None
        if not isinstance(cell_id, str):
            continue
        if cell_id in seen:
            cell_id = cell["id"] = _free_id(cell_id, number, seen)
            changed = True
        seen.add(cell_id)
    return changed


def _free_id(cell_id: str, number: int, taken: set[str]) -> str:
    """`<id>-<cell number>`, or `<id>-<cell number>-<k>` if that is taken too (at most 64)."""
    def candidate(k: int) -> str:
        suffix = f"-{number}" + (f"-{k}" if k else "")
        return cell_id[:64 - len(suffix)] + suffix

    return next(name for name in map(candidate, itertools.count()) if name not in taken)


def _schema_detail(exc: Exception, data: dict) -> str:
    """What nbformat found wrong, with the cell (1-based) and key it concerns.

    For a cell that fits none of the cell schemas, jsonschema says only that, followed by the
    whole cell; the error of the schema for the cell's own type says what is missing.
    """
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    cells = data["cells"] if isinstance(data.get("cells"), list) else []
    odd = next((i for i, c in enumerate(cells) if not isinstance(c, dict)), None)
    if odd is not None:
        return f"cell {odd + 1}: a cell is a JSON object with a 'cell_type' and a 'source'"
    path = list(getattr(exc, "absolute_path", None) or [])
    if len(path) < 2 or path[0] != "cells" or not isinstance(path[1], int):
        return message
    cell = cells[path[1]] if path[1] < len(cells) else None
    kind = cell.get("cell_type") if isinstance(cell, dict) else None
    if getattr(exc, "validator", None) in ("anyOf", "oneOf"):
        if kind not in ("markdown", "code", "raw"):
            message = f"unknown cell type {kind!r}; a cell is 'markdown', 'code' or 'raw'"
        else:  # the errors of the one branch that is about this cell's type
            own = [e for e in getattr(exc, "context", None) or []
                   if not any(f"{kind!r} is not one of" in x.message
                              for x in exc.context  # type: ignore[attr-defined]
                              if x.schema_path[0] == e.schema_path[0])]
            message = own[0].message if own else message
    where = ".".join(str(part) for part in path[2:])
    return f"cell {path[1] + 1}{', ' + where if where else ''}: {message}"


def _check_format(data: object, fail: Callable[..., InvalidVisit]) -> None:
    """Only nbformat 4 is read; older notebooks are converted by Jupyter, newer ones unknown."""
    cells = data.get("cells", data.get("worksheets")) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(cells, list):
        raise fail("file.not_notebook", detail="no \"cells\" list")
    version = data.get("nbformat")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("file.not_notebook", detail="no \"nbformat\" version")
    if version < 4:
        raise fail("file.old_nbformat", version=version)
    if version > 4:
        raise fail("file.new_nbformat", version=version)


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0][:200] if str(text).strip() else "?"


def load_visit(path: str | Path, data: bytes | None = None, *,
               vocabulary: Vocabulary | None = None) -> Visit:
    """The checked visit recorded in the notebook at `path` (whose bytes are `data` if given),
    against the project's theme `vocabulary` (default: the built-in themes); InvalidVisit lists
    what is wrong."""
    return check_notebook(Path(path), data, vocabulary=vocabulary).visit


def check_notebook(path: Path, data: bytes | None = None, *, visit_id: str | None = None,
                   vocabulary: Vocabulary | None = None) -> CheckedVisit:
    """`load_visit`, keeping the notebook as read and where papermill's parameters cell goes
    (`ringkas.notebook.checked`): what a render unit needs to render it without reading or
    validating it again."""
    # here, not at the top: the validator brings the markdown parser (mistune) and YAML, which
    # a render with nothing to do never needs (it skips notebooks on their bytes alone)
    from ringkas.contract.themes import BUILTIN
    from ringkas.notebook.checked import CheckedVisit
    from ringkas.notebook.validate import validate_notebook

    nb = read_notebook(path, data)
    visit, problems = validate_notebook(nb, path, visit_id, vocabulary=vocabulary or BUILTIN)
    if visit is None:
        raise InvalidVisit(path, problems)
    return CheckedVisit.of(nb, visit)


@dataclass
class CheckResult:
    """What checking a set of notebooks found: visits that loaded, problems per file."""

    visits: list[Visit] = field(default_factory=list)
    problems: dict[Path, list[Problem]] = field(default_factory=dict)
    #: With `check_visits(..., keep_notebooks=True)`: each visit's notebook as read, by path.
    checked: dict[Path, CheckedVisit] = field(default_factory=dict)

    @property
    def failed(self) -> list[Path]:
        return [p for p, found in self.problems.items() if any(x.is_error for x in found)]

    def all_problems(self) -> list[Problem]:
        return [p for found in self.problems.values() for p in found]


def find_notebooks(paths: Sequence[str | Path]) -> list[Path]:
    """Visit notebooks named by `paths`: files as given, folders searched recursively."""
    found: list[Path] = []
    for entry in map(Path, paths):
        if entry.is_file():  # first: one look-up for each of a thousand notebooks named
            found.append(entry)
        elif entry.is_dir():
            # sorted by parts, Path's own order without its slow Python-level comparisons
            found.extend(p for p in sorted(entry.rglob("*.ipynb"), key=lambda p: p.parts)
                         if p.is_file() and ".ipynb_checkpoints" not in p.parts)
        elif entry.exists():
            found.append(entry)
        else:
            raise MessageError("cli.path_missing", path=entry)
    return found


def check_visits(paths: Iterable[Path], sources: Mapping[Path, bytes] | None = None, *,
                 vocabulary: Vocabulary | None = None,
                 keep_notebooks: bool = False) -> CheckResult:
    """Load every notebook, keeping going past broken ones, and flag duplicate visit ids.

    `sources` holds the bytes of notebooks the caller has read already, by path; `vocabulary`
    is the project's theme vocabulary (default: the built-in themes); `keep_notebooks`: keep
    each visit's notebook as read in `CheckResult.checked` (a render sends it to its units)."""
    result = CheckResult()
    owners: dict[str, Path] = {}
    for path in paths:
        try:
            checked = check_notebook(path, (sources or {}).get(path), vocabulary=vocabulary)
        except InvalidVisit as exc:
            result.problems[path] = exc.problems
            continue
        visit = checked.visit
        result.problems[path] = list(visit.warnings)
        if visit.photos:  # what only the disk says: here, before a unit leaves this machine
            from ringkas.notebook.photos import check_photo_files

            missing = check_photo_files(visit)
            if missing:
                result.problems[path] += missing
                continue
        if visit.id in owners:
            result.problems[path].append(Problem(path, None, "id", "file.duplicate_id",
                                                 {"id": visit.id, "other": owners[visit.id]}))
            continue
        owners[visit.id] = path
        result.visits.append(visit)
        if keep_notebooks:  # for a render's units, which may run in other processes
            result.checked[path] = checked.with_trees()
    return result
