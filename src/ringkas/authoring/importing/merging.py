"""`ringkas import FILE --into VISIT`: a second report of a visit already in the project.

A visit is often reported twice (the host's news page and a national newspaper; a news item and
the laporan). The second report fills only what the notebook leaves empty, adds the text the
notebook does not hold yet (sentence by sentence) to the section it belongs to, or to the
unsorted cell, adds its source, and lists each conflict (another date, another host, another
agency) without changing anything the notebook already says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from ringkas.authoring.frontmatter_edit import read_values, update_front_matter
from ringkas.authoring.importing.document import folded, sentences
from ringkas.authoring.importing.facts import Facts, find_facts
from ringkas.authoring.importing.laporan import restructure
from ringkas.authoring.importing.placing import Placement, place
from ringkas.authoring.importing.readers import read_document
from ringkas.authoring.importing.writing import (
    _cell,
    _fill_table,
    add_unsorted,
    led_by,
    mark,
    participants,
    received_by,
    recommendation_row,
)
from ringkas.authoring.new import skeleton
from ringkas.contract.problems import MessageError
from ringkas.i18n.messages import say
from ringkas.notebook.cells import cell_tags

if TYPE_CHECKING:
    from nbformat import NotebookNode


@dataclass
class MergeResult:
    """What a second report added to a visit, and where it says otherwise."""

    path: Path
    filled: list[str] = field(default_factory=list)  # front-matter fields it filled
    added: int = 0  # pieces of text added to sections
    unsorted: int = 0  # pieces added to the unsorted cell
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # field, have, report
    source: str = ""


def import_into(source: Path, visits_dir: Path, visit: str, source_name: str) -> MergeResult:
    path = visits_dir / f"{visit}.ipynb"
    if not path.is_file():
        raise MessageError("import.into_missing", visit=visit, path=path)
    nb = nbformat.read(path, as_version=4)
    front = _front(nb, path)
    document = restructure(read_document(source))
    facts = find_facts(document)  # the report's own reading, to compare with the notebook's
    placed = place(document, facts)
    result = MergeResult(path, source=document.url or source_name)
    nb.cells[0].source = _merge_front(nb.cells[0].source, front, facts, result,
                                      [result.source, *placed.sources])
    _merge_sections(nb, placed, front, result)
    from ringkas.project.files import write_atomic

    write_atomic(path, nbformat.writes(nb).encode("utf-8"))
    return result


def _front(nb: NotebookNode, path: Path) -> dict[str, Any]:
    """The notebook's front matter as `ringkas check` reads it (dates as text)."""
    values = read_values(nb.cells[0].source)
    if not values:
        raise MessageError("import.into_unreadable", path=path)
    return values


def _merge_front(source: str, front: dict[str, Any], facts: Facts, result: MergeResult,
                 sources: list[str]) -> str:
    """`source` with the fields the notebook leaves empty filled from the report and its
    sources added, by a round trip that keeps every comment and the layout (block lists too);
    each value the report states otherwise is a conflict, left as the notebook has it."""
    actors = facts.actors
    values: dict[str, object] = {}
    home = front.get("home") if isinstance(front.get("home"), dict) else {}
    host = front.get("host") if isinstance(front.get("host"), dict) else {}
    pairs: list[tuple[str, object, object, str | None]] = [
        ("date", front.get("date"), facts.date, None),
        ("host", (host or {}).get("name"), facts.host, None),
        ("kind", front.get("kind"), facts.kind, None),
        ("agency", front.get("agency"), facts.agency, None),
        ("unit", front.get("unit"), facts.unit, None),
        ("home", (home or {}).get("name"), facts.home, "home"),
        ("led_by", front.get("led_by"), led_by(actors), None),
        ("venue", front.get("venue"), facts.venue, None)]
    for key, have, new, parent in pairs:
        if not new:
            continue
        if not have:
            if key in ("date", "host"):
                continue  # the id holds them: never empty in a notebook
            values[key] = {"name": new} if parent else new
            result.filled.append(key)
        elif key == "led_by" and _name(new) == _name(have):
            continue
        elif folded(_text(have)) != folded(_text(new)):
            result.conflicts.append((key, str(have), str(new)))
    lists: dict[str, list[Any]] = {"participants": participants(actors),
                                   "received_by": received_by(actors), "themes": facts.themes}
    for key, new_items in lists.items():
        have_items = front.get(key) or []
        if new_items and not have_items:
            values[key] = new_items
            result.filled.append(key)
        elif new_items and set(_names(new_items)) - set(_names(have_items)):
            result.conflicts.append((key, ", ".join(_names(have_items).values()),
                                     ", ".join(_names(new_items).values())))
    have_sources = [str(s) for s in front.get("sources") or []]
    added = [s for s in sources if s and s not in have_sources]
    if added:
        values["sources"] = have_sources + added
    return update_front_matter(source, values) if values else source


def _name(person: object) -> str:
    """The name of a "Name, position" line, compared case and spacing aside."""
    return folded(str(person).split(",")[0])


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _names(items: list[Any]) -> dict[str, str]:
    """Each person's (or theme's) name, compared in lower case, shown as written."""
    names = [str(i.get("name") if isinstance(i, dict) else str(i).split(",")[0]) for i in items]
    return {folded(name): name for name in names}


def _merge_sections(nb: NotebookNode, placed: Placement, front: dict[str, Any],
                    result: MergeResult) -> None:
    held = " ".join(" ".join(c.source.replace("\\|", "|").split()) for c in nb.cells)
    guidance = _guidance(front)
    for tag, chunks in placed.sections.items():
        if tag == "roles":
            chunks = [*chunks, *(f"{a}: {r}" for a, r in placed.roles)]
        new = [text for text in (_new_text(chunk, held) for chunk in chunks) if text]
        if new:
            _append(_cell(nb, tag), new, guidance.get(tag))
            result.added += len(new)
    for name, chunks in placed.innovations.items():
        new = [text for text in (_new_text(chunk, held) for chunk in chunks) if text]
        if new:  # a new innovation's words go to the unsorted cell: one cell per innovation
            placed.unsorted.append("\n\n".join([f"### {name}", *new]))
    rows = [recommendation_row(text) for text in placed.recommendations
            if " ".join(text.split()) not in held]
    if rows:
        cell = _cell(nb, "recommendations")
        if cell.source == guidance.get("recommendations"):
            _fill_table(cell, [], rows)  # the skeleton's empty row goes, as on a first import
        else:
            cell.source = "\n".join([cell.source.rstrip("\n"), *rows])
            mark(cell)
        result.added += len(rows)
    _merge_unsorted(nb, [text for text in (_new_text(c, held) for c in placed.unsorted) if text],
                    result)


def _guidance(front: dict[str, Any]) -> dict[str, str]:
    """The skeleton's text of each section, to tell a section nobody wrote in."""
    try:
        day = dt.date.fromisoformat(str(front.get("date")))
    except ValueError:
        return {}
    nb = skeleton(day, "Kabupaten X", "x")
    return {tag: cell.source for cell in nb.cells for tag in cell_tags(cell)}


def _new_text(chunk: str, held: str) -> str | None:
    """The part of `chunk` the notebook does not hold yet: its new sentences (a list or a
    table whole)."""
    if chunk.lstrip().startswith(("- ", "|", "#")):
        return None if " ".join(chunk.split()) in held else chunk
    new = [s for s in sentences(chunk) if " ".join(s.split()) not in held]
    return " ".join(new) if new else None


def _append(cell: NotebookNode, texts: list[str], guidance: str | None) -> None:
    cell.source = "\n\n".join(texts if cell.source == guidance else [cell.source, *texts])
    mark(cell)


def _merge_unsorted(nb: NotebookNode, texts: list[str], result: MergeResult) -> None:
    if not texts:
        return
    add_unsorted(nb, texts)
    result.unsorted += len(texts)


def into_lines(result: MergeResult, lang: str) -> list[tuple[str, bool]]:
    """The import report of --into, line by line (and whether it is a warning)."""
    lines = [(say("import.into_written", lang, path=result.path, source=result.source), False)]
    if result.filled:
        lines.append((say("import.into_filled", lang, items=", ".join(result.filled)), False))
    lines.append((say("import.into_added", lang, count=result.added), False))
    if result.unsorted:
        lines.append((say("import.unsorted_count", lang, count=result.unsorted), False))
    lines += [(say("import.into_conflict", lang, field=key, have=have, new=new), True)
              for key, have, new in result.conflicts]
    return lines

