"""Checking a visit notebook against the contract, and building the typed `Visit` from it.

`validate_notebook(nb, path)` returns the visit (None when an error prevents building it) and
every problem found. It reads each part of the notebook once: front matter (`frontmatter.py`),
the visit id, parameters, tagged cells, innovations, and the tables (`tables.py`); every rule
that `docs/format.md` states is applied there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.contract import spec as C
from ringkas.contract.ids import MAX_ID_LENGTH
from ringkas.contract.limits import IMAGE_LIMIT, data_images, megabytes
from ringkas.contract.model import EvidenceCell, Innovation, SectionText, Visit
from ringkas.contract.problems import Findings, Problem, closest
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.notebook import markdown as md
from ringkas.notebook.cells import cell_tags
from ringkas.notebook.fonts import check_fonts
from ringkas.notebook.frontmatter import read_front_matter
from ringkas.notebook.parameters import parse_parameters
from ringkas.notebook.photos import read_photos
from ringkas.notebook.risky import check_code_cells
from ringkas.notebook.tables import read_recommendations, read_roles

if TYPE_CHECKING:  # nbformat is slow to import; the check path must not pay for it
    from nbformat import NotebookNode

EVIDENCE_LINE = re.compile(r"^\s*#\s*(?P<key>[^:]+?)\s*:\s*(?P<value>.+?)\s*$")
YEAR = re.compile(r"\d{4}")
PARAMETER_TAGS = (C.PARAMETERS_TAG, C.INJECTED_PARAMETERS_TAG)


#: The one tag reader (`ringkas.notebook.cells`), under the name other modules import.
tags_of = cell_tags


def validate_notebook(nb: NotebookNode, path: Path, visit_id: str | None = None, *,
                      vocabulary: Vocabulary = BUILTIN) -> tuple[Visit | None, list[Problem]]:
    """Check `nb` (read from `path`) against the contract; build the Visit if nothing is wrong.

    The visit id is the file name unless `visit_id` is given (an executed copy of a notebook
    is named after its brief, so the renderer passes the id of the source). `vocabulary` is the
    project's (`ProjectSettings.vocabulary`): its own themes are valid, another project's not.
    """
    found = Findings(path)
    cells = list(nb.get("cells", []))
    if not cells:
        found.error(None, None, "file.empty")
        return None, found.problems
    front = read_front_matter(cells, found, vocabulary)
    visit_id = read_visit_id(visit_id or path.stem, path, front.get("date"), found)
    parameters = read_parameters(cells, found)
    status = front.get("status", C.DRAFT_STATUS)
    sections, evidence = read_tagged_cells(cells, found, status)
    check_section_marks(cells, found)
    photos = read_photos(cells, sections, visit_id or path.stem, found)
    innovations = read_innovations(sections, found)
    roles = read_roles(sections, found)
    recommendations = read_recommendations(sections, found, status)
    check_code_cells(cells, found)  # warnings: network, files, shell (ringkas.notebook.risky)
    check_fonts(cells, found)  # warnings: characters no installed font has
    check_data_images(cells, found)  # warnings: images over the limit, written into markdown
    check_imported(cells, found)  # warnings: cells `ringkas import` wrote, not yet reviewed
    if found.has_errors or visit_id is None:
        return None, found.problems
    visit = Visit(
        id=visit_id, path=path, parameters=parameters, sections=sections, evidence=evidence,
        innovations=innovations, roles=roles, recommendations=recommendations, photos=photos,
        warnings=[p for p in found.problems if not p.is_error], **front,  # type: ignore[arg-type]
    )
    visit.code_cells = [i + 1 for i, c in enumerate(cells) if is_runnable(c)]
    return visit, found.problems


def is_runnable(cell: NotebookNode) -> bool:
    """A code cell that would run something: not the parameters, not empty."""
    if cell.get("cell_type") != "code" or not str(cell.get("source", "")).strip():
        return False
    return not set(PARAMETER_TAGS) & set(tags_of(cell))


def check_imported(cells: list[NotebookNode], found: Findings) -> None:
    """A warning for each cell `ringkas import` marked (`"ringkas": {"imported": true}` in its
    metadata) until the researcher has reviewed it and removed the mark."""
    for number, cell in enumerate(cells, 1):
        mark = cell.get("metadata", {}).get("ringkas")
        if isinstance(mark, dict) and mark.get("imported"):
            found.warn(number, "imported", "import.unreviewed")


# --- the visit id -------------------------------------------------------------------------

def read_visit_id(visit_id: str, path: Path, date: object, found: Findings) -> str | None:
    """The visit id must follow the rule and agree with the visit date."""
    match = C.VISIT_ID_PATTERN.match(visit_id)
    if not match:
        name = path.name if path.stem == visit_id else visit_id
        found.error(None, None, "file.bad_name", name=name)
        return None
    if not id_fits(visit_id, found):
        return None
    try:
        id_date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        found.error(None, None, "file.bad_id_date", date=match.group(1))
        return None
    if isinstance(date, dt.date) and date != id_date:
        found.error(1, "date", "file.id_date_mismatch", id_date=id_date, date=date)
    return visit_id


def id_fits(visit_id: str, found: Findings) -> bool:
    """An id longer than MAX_ID_LENGTH would pass, then fail when its briefs are written."""
    if len(visit_id) <= MAX_ID_LENGTH:
        return True
    found.error(None, None, "file.id_too_long", length=len(visit_id), limit=MAX_ID_LENGTH)
    return False


def check_data_images(cells: list[NotebookNode], found: Findings) -> None:
    """A `data:` image in markdown past the outputs' image limit: the brief shows a note."""
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "markdown":
            continue
        for image in data_images(str(cell.get("source", ""))):
            if image.too_large:
                found.warn(number, None, "markdown.image_too_large",
                           size=megabytes(image.size), limit=megabytes(IMAGE_LIMIT))


# --- parameters ---------------------------------------------------------------------------

def read_parameters(cells: list[NotebookNode], found: Findings) -> dict[str, object]:
    """The parameters cell's values, overridden by papermill's injected cell when present.

    Only code cells count: a `parameters` tag on another cell is reported by the tag check.
    """
    tagged = [i for i, c in enumerate(cells, 1)
              if C.PARAMETERS_TAG in tags_of(c) and c.get("cell_type") == "code"]
    if not tagged:
        found.error(None, C.PARAMETERS_TAG, "param.missing")
        return {}
    for other in tagged[1:]:
        found.error(other, C.PARAMETERS_TAG, "param.duplicate", other=tagged[0])
    before = len(found.problems)
    values = parse_parameters(str(cells[tagged[0] - 1].get("source", "")), tagged[0], found)
    # a cell that is not Python is reported once, not once more for each parameter it sets
    unreadable = any(p.code == "param.syntax" for p in found.problems[before:])
    for i, cell in enumerate(cells, 1):
        if C.INJECTED_PARAMETERS_TAG in tags_of(cell) and cell.get("cell_type") == "code":
            values.update(parse_parameters(str(cell.get("source", "")), i, found))
    for name, spec in C.PARAMETERS.items():
        value = values.get(name)
        if name not in values:
            if not unreadable:
                found.error(tagged[0], name, "param.required", name=name, default=spec.default)
        elif not isinstance(value, str) or value not in spec.choices:
            found.error(tagged[0], name, "param.bad_value", value=repr(value),
                        choices=list(spec.choices), suggest=closest(str(value), spec.choices))
    for name in values:
        if name not in C.PARAMETERS:
            found.warn(tagged[0], name, "param.unknown", name=name, choices=list(C.PARAMETERS))
    return values


# --- tagged cells -------------------------------------------------------------------------

def read_tagged_cells(cells: list[NotebookNode], found: Findings, status: object = C.DRAFT_STATUS
                      ) -> tuple[list[SectionText], list[EvidenceCell]]:
    """Every section cell (guidance removed) and every evidence cell, in notebook order.

    `status` is the visit's document status: a draft may leave required sections unwritten.
    """
    sections: list[SectionText] = []
    evidence: list[EvidenceCell] = []
    first_seen: dict[str, int] = {}
    unwritten: list[tuple[int, C.Section, bool]] = []  # cell, section, blank (not even guidance)
    for number, cell in enumerate(cells, 1):
        english = C.EN_TAG in tags_of(cell)  # a sibling of its section: never its duplicate
        spec = _section_of(number, cell, {} if english else first_seen, found)
        if spec is None:
            continue
        source = str(cell.get("source", ""))
        if C.EN_TAG in tags_of(cell):
            _english(number, spec, md.strip_guidance(source), sections, found)
            continue
        first_seen.setdefault(spec.tag, number)
        if spec.cell_type == "code":
            evidence.append(_evidence(number, source, found))
            continue
        text = md.strip_guidance(source)
        if _not_discussed(number, cell, spec, text, found):
            sections.append(SectionText(spec.tag, number, "", not_discussed=True))
            continue
        sections.append(SectionText(spec.tag, number, text, md.first_heading(text)[0]))
        if not text:
            unwritten.append((number, spec, not source.strip()))
    written = {s.tag for s in sections if s.text}
    for number, spec, blank in unwritten:
        _check_unwritten(number, spec, blank=blank, needed=spec.tag not in written,
                         status=status, found=found)
    _check_presence(first_seen, found)
    return sections, evidence


def _english(number: int, spec: C.Section, text: str, sections: list[SectionText],
             found: Findings) -> None:
    """The English version of the section cell just before it (no other section between)."""
    if spec.cell_type != "markdown":
        return  # reported by check_section_marks
    previous = sections[-1] if sections else None
    if previous is None or previous.tag != spec.tag:
        found.error(number, spec.tag, "section.en_orphan", tag=spec.tag)
    elif previous.en_cell is not None:
        found.error(number, spec.tag, "section.en_duplicate", tag=spec.tag,
                    other=previous.en_cell)
    else:
        sections[-1] = dataclasses.replace(previous, en=text or None, en_cell=number)


def _not_discussed(number: int, cell: NotebookNode, spec: C.Section, text: str,
                   found: Findings) -> bool:
    """Whether the cell marks its section as not discussed in the visit (its whole text says so,
    or it is tagged `not-discussed` and holds nothing else). A required section cannot be: the
    brief needs it. The cell is then read as empty and reported only for what is wrong here."""
    tagged = C.NOT_DISCUSSED_TAG in tags_of(cell)
    said = C.says_not_discussed(text)
    if not (tagged or said):
        return False
    if spec.presence == "required":
        found.error(number, spec.tag, "section.not_discussed_required", tag=spec.tag,
                    label=spec.id)
    elif tagged and text and not said:
        found.error(number, spec.tag, "section.not_discussed_text", tag=spec.tag)
    return True


def check_section_marks(cells: list[NotebookNode], found: Findings) -> None:
    """`not-discussed` and `en` qualify a markdown section cell; on any other cell they would
    silently mean nothing."""
    for number, cell in enumerate(cells, 1):
        tags = tags_of(cell)
        sections = [C.SECTIONS[t] for t in tags if t in C.SECTIONS]
        if sections and all(s.cell_type == "markdown" for s in sections):
            continue
        for mark in (t for t in C.SECTION_MARKS if t in tags):
            found.error(number, mark, "tag.needs_section", tag=mark)


def _check_unwritten(number: int, spec: C.Section, *, blank: bool, needed: bool,
                     status: object, found: Findings) -> None:
    """A section cell with nothing written in it (`blank`: not even the template's guidance).

    An optional section still holding the skeleton's guidance is simply unused: no warning, so
    that a fresh skeleton warns only about what the researcher must fill. An optional section
    emptied of its guidance, an expected one, and a spare cell of a repeatable section that
    another cell already holds (not `needed`) may stay empty (a warning). A required section with
    nothing written is an error when its cell is blank; when the cell still holds the template's
    guidance it is a warning while the visit is a draft, and an error once its status says the
    text is finished.
    """
    if spec.presence == "optional" and not blank:
        return
    if spec.presence != "required" or not needed:
        found.warn(number, spec.tag, "section.empty", tag=spec.tag, label=spec.id)
    elif blank:
        found.error(number, spec.tag, "section.blank", tag=spec.tag, label=spec.id)
    elif status == C.DRAFT_STATUS:
        found.warn(number, spec.tag, "section.unwritten", tag=spec.tag, label=spec.id)
    else:
        found.error(number, spec.tag, "section.unwritten_final", tag=spec.tag, label=spec.id,
                    status=status)


def _section_of(number: int, cell: NotebookNode, first_seen: dict[str, int], found: Findings
                ) -> C.Section | None:
    """The section a cell belongs to, or None when it has none or its tags are wrong."""
    section_tags = _check_tags(number, cell, found)
    if len(section_tags) > 1:
        found.error(number, None, "tag.two_sections", tags=section_tags)
        return None
    if not section_tags:
        return None
    spec = C.SECTIONS[section_tags[0]]
    if spec.cell_type != cell.get("cell_type"):
        found.error(number, spec.tag, "tag.wrong_cell_type", tag=spec.tag,
                    expected=spec.cell_type, actual=cell.get("cell_type"))
        return None
    if not spec.repeatable and spec.tag in first_seen:
        found.error(number, spec.tag, "section.duplicate", tag=spec.tag,
                    other=first_seen[spec.tag])
        return None
    return spec


def _check_tags(number: int, cell: NotebookNode, found: Findings) -> list[str]:
    """The cell's section tags; unknown tags and misplaced parameters tags are reported."""
    section_tags = []
    for tag in tags_of(cell):
        if tag in C.SECTIONS:
            section_tags.append(tag)
        elif tag not in C.OTHER_TAGS:
            valid = [*C.SECTIONS, *sorted(C.OTHER_TAGS)]
            found.error(number, tag, "tag.unknown", tag=tag, choices=valid,
                        suggest=closest(tag, valid))
        elif tag in PARAMETER_TAGS and cell.get("cell_type") != "code":
            found.error(number, tag, "tag.wrong_cell_type", tag=tag, expected="code",
                        actual=cell.get("cell_type"))
    return section_tags


def _check_presence(first_seen: dict[str, int], found: Findings) -> None:
    for spec in C.SECTIONS.values():
        if spec.tag in first_seen:
            continue
        if spec.presence == "required":
            found.error(None, spec.tag, "section.missing", tag=spec.tag, label=spec.id)
        elif spec.presence == "expected":
            found.warn(None, spec.tag, "section.absent", tag=spec.tag, label=spec.id)


def _evidence(number: int, source: str, found: Findings) -> EvidenceCell:
    """An evidence cell with the caption and source named in its `# Judul:` / `# Sumber:` lines."""
    values: dict[str, str] = {}
    aliases = {label.lower(): key for key, spec in C.EVIDENCE_FIELDS.items()
               for label in spec.labels()}
    for line in source.splitlines():
        match = EVIDENCE_LINE.match(line)
        if match and match.group("key").lower() in aliases:
            values.setdefault(aliases[match.group("key").lower()], match.group("value"))
    if "source" not in values:
        found.error(number, "evidence", "evidence.no_source")
    return EvidenceCell(number, source, values.get("caption"), values.get("source"))


# --- innovations --------------------------------------------------------------------------

def read_innovations(sections: list[SectionText], found: Findings) -> list[Innovation]:
    """One Innovation per filled `innovation` cell: its heading names it, fields describe it."""
    seen: dict[str, int] = {}
    innovations = []
    for section in (s for s in sections if s.tag == "innovation" and s.text):
        heading, body = md.first_heading(section.text)
        name = md.plain(heading or "")
        if not name:
            found.error(section.cell, "innovation", "innovation.no_name")
            continue
        if name.lower() in seen:
            found.error(section.cell, "innovation", "innovation.duplicate_name", name=name,
                        other=seen[name.lower()])
        seen.setdefault(name.lower(), section.cell)
        fields, prose = md.split_fields(body)
        values = _innovation_fields(section.cell, fields, found)
        if section.en:  # its heading and description; the fields stay those of the cell
            en_heading, en_body = md.first_heading(section.en)
            values["en_name"] = md.plain(en_heading or "") or None
            values["en_description"] = md.split_fields(en_body)[1] or None
        innovations.append(Innovation(section.cell, name, prose,
                                      **values))  # type: ignore[arg-type]
    return innovations


def _innovation_fields(cell: int, fields: list[md.FieldLine], found: Findings) -> dict[str, object]:
    names = C.spellings(C.INNOVATION_FIELDS)
    labels = [f.id for f in C.INNOVATION_FIELDS.values()]
    spelled = [*labels, *(label for f in C.INNOVATION_FIELDS.values() for label in f.labels())]
    values: dict[str, object] = {}
    for line in fields:
        key = names.get(C.name_key(line.key))
        if key is None:
            found.error(cell, line.key, "innovation.unknown_field", key=line.key,
                        choices=labels, suggest=closest(line.key, spelled))
        elif C.is_unknown(line.value):
            continue  # a field not filled in yet, or "belum ditetapkan": the same
        elif key in values:
            found.error(cell, line.key, "innovation.duplicate_field", key=line.key)
        elif C.INNOVATION_FIELDS[key].type != "year":
            values[key] = line.value
        elif YEAR.fullmatch(line.value):
            values[key] = int(line.value)
        else:
            found.error(cell, line.key, "innovation.bad_year", value=line.value)
    return values
