"""The writer: the skeleton of `ringkas new`, filled with what the report states.

Front-matter values are set line by line in the skeleton's YAML, so its comments (the valid
choices) stay for the researcher. Every cell that receives imported text is marked
`"ringkas": {"imported": true}` in its metadata, which `ringkas check` reports until the
researcher has read the cell and removed the mark. A section the report says nothing about
keeps the skeleton's guidance, as `ringkas new` writes it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import nbformat

from ringkas.authoring.details import VisitDetails
from ringkas.authoring.importing.actors import Actors
from ringkas.authoring.importing.facts import Facts
from ringkas.authoring.importing.placing import Placement, cell_text
from ringkas.authoring.new import skeleton
from ringkas.i18n.messages import say
from ringkas.notebook.cells import cell_tags

IMPORTED = {"imported": True}
#: The follow-up status a recommendation has before anyone acts on it.
PROPOSED = "usulan"


def build_notebook(facts: Facts, placed: Placement, day: dt.date, host: str, title: str,
                   sources: list[str], text_lang: str = "id",
                   photo_lines: list[str] | None = None) -> nbformat.NotebookNode:
    nb = skeleton(day, host, title, VisitDetails(text_lang=text_lang))
    nb.cells[0].source = front_matter(nb.cells[0].source, facts, sources, host)
    mark(nb.cells[0])
    for tag, chunks in placed.sections.items():
        if tag == "roles":
            continue  # prose above the table, below
        cell = _cell(nb, tag)
        cell.source = "\n\n".join(chunks)
        mark(cell)
    _fill_innovations(nb, placed)
    _fill_table(_cell(nb, "roles"), placed.sections.get("roles", []),
                [f"| {cell_text(a)} | {cell_text(r)} |" for a, r in placed.roles])
    _fill_table(_cell(nb, "recommendations"), [],
                [recommendation_row(text) for text in placed.recommendations])
    if photo_lines:  # the skeleton's guidance goes, as for any section that receives text
        cell = _cell(nb, "dokumentasi")
        cell.source = "\n".join(photo_lines)
        mark(cell)
    if placed.unsorted:
        add_unsorted(nb, placed.unsorted)
    return nb


def recommendation_row(text: str) -> str:
    """A recommendation as a row of the skeleton's table, its follow-up not started."""
    return f"| {cell_text(text)} |  |  |  | {PROPOSED} |"


def add_unsorted(nb: nbformat.NotebookNode, texts: list[str]) -> None:
    """`texts` at the end of the unsorted cell (the last cell of the notebook), which is made
    with its heading and guidance when the notebook has none yet."""
    heading = f"## {say('import.unsorted_heading', 'id')}"
    cell = next((c for c in nb.cells if c.cell_type == "markdown"
                 and c.source.startswith(heading)), None)
    if cell is None:
        cell = nbformat.v4.new_markdown_cell("\n\n".join(
            [heading, f"> {say('import.unsorted_guidance', 'id')}"]))
        nb.cells.append(cell)
    cell.source = "\n\n".join([cell.source, *texts])
    mark(cell)


def mark(cell: nbformat.NotebookNode) -> None:
    cell.metadata["ringkas"] = dict(IMPORTED)


def _cell(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    return next(cell for cell in nb.cells if tag in cell_tags(cell))


def _fill_innovations(nb: nbformat.NotebookNode, placed: Placement) -> None:
    """One innovation cell per innovation the report names, in the skeleton's place."""
    if not placed.innovations:
        return
    template = _cell(nb, "innovation")
    at = nb.cells.index(template)
    cells = []
    for name, chunks in placed.innovations.items():
        cell = copy.deepcopy(template)
        cell.source = "\n\n".join([f"### {name}", *chunks])
        mark(cell)
        cells.append(cell)
    nb.cells[at:at + 1] = cells


def _fill_table(cell: nbformat.NotebookNode, prose: list[str], rows: list[str]) -> None:
    """The skeleton's table with the report's rows (its empty row when there are none), the
    report's prose above it; the guidance goes once something is imported."""
    if not prose and not rows:
        return
    lines = cell.source.splitlines()
    table = [line for line in lines if line.startswith("|")]
    header, body = table[:2], table[2:]
    cell.source = "\n\n".join([*prose, "\n".join(header + (rows or body))])
    mark(cell)


# --- front matter -------------------------------------------------------------------------

def front_matter(source: str, facts: Facts, sources: list[str], host: str = "") -> str:
    values: dict[str, object] = {"kind": facts.kind, "agency": facts.agency,
                                 "unit": facts.unit, "themes": facts.themes or None,
                                 "sources": sources}
    actors = facts.actors
    values.update({"led_by": led_by(actors), "received_by": received_by(actors),
                   "participants": participants(actors), "venue": facts.venue})
    for key, value in values.items():
        if value:
            source = _set(source, key, value)
    if facts.home:
        source = _set(source, "name", facts.home, parent="home")
    if actors.host is not None and actors.host.name == host:  # not a --host of the researcher
        source = _set(source, "bps_code", actors.host.bps_code, parent="host")
    if facts.home and facts.home_bps_code:
        source = _set(source, "bps_code", facts.home_bps_code, parent="home")
    return source


def led_by(actors: Actors) -> str | None:
    """Who led the visiting team, as the front matter's `led_by` holds it."""
    return actors.led_by.line() if actors.led_by else None


def received_by(actors: Actors) -> list[dict[str, str]]:
    """Who received the team, as the front matter's `received_by` holds them."""
    return [{"name": p.name, **({"position": p.position} if p.position else {})}
            for p in actors.received_by]


def participants(actors: Actors) -> list[str]:
    """The team, as the front matter's `participants` holds them: "Name, position"."""
    return [p.line() for p in actors.participants]


def _set(source: str, key: str, value: object, parent: str | None = None) -> str:
    """`key: value  # comment` on the skeleton's line for `key` (under `parent:` when given).
    JSON is YAML: a quoted scalar or a flow list, on one line, so the comment stays."""
    text = value if key == "kind" else json.dumps(value, ensure_ascii=False)
    indent = "  " if parent else ""
    prefix = rf"(^{re.escape(parent)}:\n(?:  .*\n)*?)" if parent else "(^)"
    pattern = re.compile(prefix + rf"{indent}{re.escape(key)}:[^\n#]*?(?P<comment>\s+#[^\n]*)?$",
                         re.M)
    return pattern.sub(lambda m: f"{m.group(1)}{indent}{key}: {text}{m.group('comment') or ''}",
                       source, count=1)
