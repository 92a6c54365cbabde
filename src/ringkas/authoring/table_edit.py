"""The roles and recommendations tables as a grid of rows, and rows written back as the markdown
table the format defines, for the JupyterLab panel.

The table is read as the validator reads it (`ringkas.notebook.markdown.find_table`, columns
by name in either language, `ringkas.notebook.tables`); writing keeps the text around the
table, its header and rule lines, and every row that did not change, byte for byte. A row that
changed (or is new) is written `| a | b |`, a `|` inside a value escaped.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ringkas.contract import spec as C
from ringkas.contract.model import SectionText
from ringkas.contract.problems import Findings, MessageError, Problem
from ringkas.notebook import markdown as md
from ringkas.notebook.tables import read_recommendations, read_roles, read_table

TABLES = tuple(C.TABLE_COLUMNS)  # roles, recommendations


@dataclass(frozen=True)
class Grid:
    """A table as the panel's grid: column keys in the table's own order, rows of text."""

    table: str
    header: list[str]  # as written
    keys: list[str]  # the column key of each header cell
    rows: list[list[str]]  # as written (escapes undone), empty rows included
    before: str  # the markdown above the table
    after: str  # the markdown below it


def _table_name(table: str) -> str:
    if table not in C.TABLE_COLUMNS:
        raise MessageError("lab.unknown_table", value=table, choices=list(TABLES))
    return table


def read_grid(source: str, table: str) -> Grid:
    """The table in `source` (a roles or recommendations cell); a MessageError saying what
    `ringkas check` says when there is no table or its columns are wrong."""
    section = SectionText(_table_name(table), 1, md.strip_guidance(source))
    found = Findings(Path("table"))
    found_table = md.find_table(source)
    if found_table is None:
        raise MessageError("table.missing",
                           columns=[c.id for c in C.TABLE_COLUMNS[table].values()])
    if read_table(section, found) is None:
        problem = _column_error(found)
        if problem is not None:
            raise MessageError(problem.code, **problem.params)
    names = C.spellings(C.TABLE_COLUMNS[table])
    keys = [names.get(C.name_key(md.plain(h)), "") for h in found_table.header]
    return Grid(table, found_table.header, keys, found_table.rows, found_table.before,
                found_table.after)


def _column_error(found: Findings) -> Problem | None:
    return next((p for p in found.problems if p.is_error and p.code in (
        "table.missing", "table.extra_columns", "table.missing_columns",
        "table.duplicate_column")), None)


def write_grid(source: str, table: str, rows: list[list[str]]) -> str:
    """`source` with its table's rows replaced by `rows` (in the header's column order): rows
    that are unchanged keep their line as written; `source` itself when nothing changed."""
    grid = read_grid(source, table)
    width = len(grid.header)
    for number, row in enumerate(rows, 1):
        if len(row) > width:
            raise MessageError("table.row_width", row=number, actual=len(row), expected=width)
    if rows == grid.rows:
        return source
    parsed = md.parse(source)
    block = next(b for b in parsed.blocks if b.type == "table")
    text = parsed.source[block.start:block.end]
    lines = text.split("\n")
    old = lines[2:2 + len(grid.rows)]
    tail = text[len("\n".join(lines[:2 + len(grid.rows)])):]  # the line end after the last row
    written: list[str] = []
    matcher = difflib.SequenceMatcher(None, [tuple(r) for r in grid.rows],
                                      [tuple(r) for r in rows], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        written += old[a1:a2] if op == "equal" else [_row_line(r, width) for r in rows[b1:b2]]
    table = "\n".join([*lines[:2], *written])
    return parsed.source[:block.start] + table + tail + parsed.source[block.end:]


def _row_line(row: list[str], width: int) -> str:
    cells = [_cell(value) for value in [*row, *[""] * (width - len(row))]]
    return "| " + " | ".join(cells) + " |"


def _cell(value: str) -> str:
    text = " ".join(str(value).split())  # one line: a table row cannot hold a line break
    return text.replace("\\|", "|").replace("|", "\\|")


def grid_problems(source: str, table: str, cell: int | None = None,
                  status: str = C.DRAFT_STATUS) -> list[Problem]:
    """What `ringkas check` says about this table (cell: its 1-based number, if known)."""
    section = SectionText(_table_name(table), cell or 0, md.strip_guidance(source))
    found = Findings(Path("table"))
    if table == "roles":
        read_roles([section], found)
    else:
        read_recommendations([section], found, status)
    return found.problems
