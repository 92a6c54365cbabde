"""Checking a visit notebook against the contract, and building the typed `Visit` from it.

`validate_notebook(nb, path)` returns the visit (None when an error prevents building it) and
every problem found. It reads each part of the notebook once: front matter, parameters, tagged
cells, innovations and tables; every rule that `docs/format.md` states is applied here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from nbformat import NotebookNode

from ringkas import contract as C
from ringkas import markdown as md
from ringkas.errors import ERROR, WARNING, Problem, closest
from ringkas.model import EvidenceCell, Innovation, Recommendation, Region, Role, SectionText, Visit
from ringkas.params import parse_parameters
from ringkas.timeline import due_date


class Findings:
    """Problems found in one notebook, collected in order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, cell: int | None, field: str | None, code: str, **params: object) -> None:
        self.problems.append(Problem(self.path, cell, field, code, params, ERROR))

    def warn(self, cell: int | None, field: str | None, code: str, **params: object) -> None:
        self.problems.append(Problem(self.path, cell, field, code, params, WARNING))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def tags_of(cell: NotebookNode) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return [str(t) for t in tags] if isinstance(tags, list) else []


def validate_notebook(nb: NotebookNode, path: Path, visit_id: str | None = None
                      ) -> tuple[Visit | None, list[Problem]]:
    """Check `nb` (read from `path`) against the contract; build the Visit if nothing is wrong.

    The visit id is the file name unless `visit_id` is given (an executed copy of a notebook
    is named after its brief, so the renderer passes the id of the source).
    """
    found = Findings(path)
    cells = list(nb.get("cells", []))
    if not cells:
        found.error(None, None, "file.empty")
        return None, found.problems
    front = read_front_matter(cells[0], found)
    visit_id = read_visit_id(visit_id or path.stem, path, front.get("date"), found)
    parameters = read_parameters(cells, found)
    sections, evidence = read_tagged_cells(cells, found)
    innovations = read_innovations(sections, found)
    roles = read_roles(sections, found)
    recommendations = read_recommendations(sections, found)
    if found.has_errors or visit_id is None:
        return None, found.problems
    visit = Visit(
        id=visit_id, path=path, parameters=parameters, sections=sections, evidence=evidence,
        innovations=innovations, roles=roles, recommendations=recommendations,
        warnings=[p for p in found.problems if not p.is_error], **front,
    )
    visit.code_cells = [i + 1 for i, c in enumerate(cells) if is_runnable(c)]
    return visit, found.problems


def is_runnable(cell: NotebookNode) -> bool:
    """A code cell that would run something: not the parameters, not empty."""
    if cell.get("cell_type") != "code" or not str(cell.get("source", "")).strip():
        return False
    return not {C.PARAMETERS_TAG, C.INJECTED_PARAMETERS_TAG} & set(tags_of(cell))


# --- front matter -------------------------------------------------------------------------

class _TextDatesLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so an impossible date gets our message, not YAML's."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?P<yaml>.*?)(?:\n|^)---[ \t]*\s*\Z", re.DOTALL | re.M)


def read_front_matter(cell: NotebookNode, found: Findings) -> dict[str, object]:
    """The checked front-matter fields of the first cell, as Visit keyword arguments."""
    match = FRONT_MATTER.match(str(cell.get("source", "")))
    if cell.get("cell_type") != "raw" or not match:
        found.error(1, None, "fm.missing")
        return {}
    try:
        data = yaml.load(match.group("yaml"), Loader=_TextDatesLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else "?"  # +1 for 1-based, +1 for the opening ---
        found.error(1, None, "fm.bad_yaml", line=line, detail=getattr(exc, "problem", exc))
        return {}
    if not isinstance(data, Mapping):
        found.error(1, None, "fm.not_mapping")
        return {}
    for key in data:
        if key not in C.FRONT_MATTER_FIELDS:
            found.error(1, str(key), "fm.unknown_field", key=key, choices=list(C.FRONT_MATTER_FIELDS),
                        suggest=closest(str(key), C.FRONT_MATTER_FIELDS))
    values: dict[str, object] = {}
    for key, spec in C.FRONT_MATTER_FIELDS.items():
        raw = data.get(key)
        if _blank(raw):
            if spec.presence == "required":
                found.error(1, key, "fm.required", key=key, label=spec.id)
            elif spec.presence == "expected":
                found.warn(1, key, "fm.expected", key=key, label=spec.id)
            continue
        value = _front_value(spec, raw, found)
        if value is not None:
            values[key] = value
    if values.get("status") == "approved" and not values.get("approved_by"):
        found.error(1, "approved_by", "fm.approved_without_approver")
    return values


def _blank(raw: object) -> bool:
    if isinstance(raw, Mapping):
        return all(_blank(v) for v in raw.values())
    if isinstance(raw, list):
        return all(_blank(v) for v in raw)
    return raw is None or str(raw).strip() == ""


def _front_value(spec: C.Field, raw: object, found: Findings) -> object:
    key = spec.key
    if spec.type == "text":
        if isinstance(raw, (Mapping, list)):
            found.error(1, key, "fm.not_text")
            return None
        return str(raw).strip()
    if spec.type == "date":
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            found.error(1, key, "fm.not_date", value=raw)
            return None
    if spec.type == "choice":
        return _choice(spec, raw, found)
    if spec.type == "region":
        return _region(key, raw, found)
    items = _text_list(key, raw, found)
    if items is None:
        return None
    if spec.type == "choices":
        checked = [_choice(spec, item, found) for item in items]
        return [c for c in checked if c is not None] if None not in checked else None
    return items


def _choice(spec: C.Field, raw: object, found: Findings) -> str | None:
    assert spec.choices is not None
    value = str(raw).strip().lower()
    if value in spec.choices:
        return value
    found.error(1, spec.key, "fm.bad_choice", value=raw, choices=list(spec.choices),
                suggest=closest(value, spec.choices))
    return None


def _text_list(key: str, raw: object, found: Findings) -> list[str] | None:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or any(isinstance(i, (Mapping, list)) for i in raw):
        found.error(1, key, "fm.not_list")
        return None
    return [str(item).strip() for item in raw if item is not None and str(item).strip()]


def _region(key: str, raw: object, found: Findings) -> Region | None:
    if isinstance(raw, str):
        return Region(raw.strip())
    if not isinstance(raw, Mapping) or not raw.get("name") or isinstance(raw.get("name"), (Mapping, list)):
        found.error(1, key, "fm.region_not_mapping")
        return None
    for sub in raw:
        if sub not in C.REGION_FIELDS:
            found.error(1, f"{key}.{sub}", "fm.unknown_field", key=sub, choices=list(C.REGION_FIELDS),
                        suggest=closest(str(sub), C.REGION_FIELDS))
    code = None if _blank(raw.get("bps_code")) else raw.get("bps_code")
    if code is not None and not C.BPS_CODE_PATTERN.match(str(code)):
        found.error(1, f"{key}.bps_code", "fm.bad_bps_code", value=code)
        return None
    return Region(str(raw["name"]).strip(), None if code is None else str(code))


def read_visit_id(visit_id: str, path: Path, date: object, found: Findings) -> str | None:
    """The visit id must follow the rule and agree with the visit date."""
    match = C.VISIT_ID_PATTERN.match(visit_id)
    if not match:
        found.error(None, None, "file.bad_name", name=path.name)
        return None
    try:
        id_date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        found.error(None, None, "file.bad_id_date", date=match.group(1))
        return None
    if isinstance(date, dt.date) and date != id_date:
        found.error(1, "date", "file.id_date_mismatch", id_date=id_date, date=date)
    return visit_id


# --- parameters ---------------------------------------------------------------------------

def read_parameters(cells: list[NotebookNode], found: Findings) -> dict[str, object]:
    """The parameters cell's values, overridden by papermill's injected cell when present."""
    tagged = [i for i, c in enumerate(cells, 1) if C.PARAMETERS_TAG in tags_of(c)]
    if not tagged:
        found.error(None, C.PARAMETERS_TAG, "param.missing")
        return {}
    for other in tagged[1:]:
        found.error(other, C.PARAMETERS_TAG, "param.duplicate", other=tagged[0])
    values = parse_parameters(str(cells[tagged[0] - 1].get("source", "")), tagged[0], found)
    for i, cell in enumerate(cells, 1):
        if C.INJECTED_PARAMETERS_TAG in tags_of(cell):
            values.update(parse_parameters(str(cell.get("source", "")), i, found))
    for name, spec in C.PARAMETERS.items():
        if name not in values:
            found.error(tagged[0], name, "param.required", name=name, default=spec.default)
        elif values[name] not in spec.choices:
            found.error(tagged[0], name, "param.bad_value", value=values[name],
                        choices=list(spec.choices), suggest=closest(str(values[name]), spec.choices))
    for name in values:
        if name not in C.PARAMETERS:
            found.warn(tagged[0], name, "param.unknown", name=name, choices=list(C.PARAMETERS))
    return values


# --- tagged cells -------------------------------------------------------------------------

def read_tagged_cells(cells: list[NotebookNode], found: Findings
                      ) -> tuple[list[SectionText], list[EvidenceCell]]:
    """Every section cell (guidance removed) and every evidence cell, in notebook order."""
    sections: list[SectionText] = []
    evidence: list[EvidenceCell] = []
    first_seen: dict[str, int] = {}
    for number, cell in enumerate(cells, 1):
        section_tags = _check_tags(number, cell, found)
        if len(section_tags) > 1:
            found.error(number, None, "tag.two_sections", tags=section_tags)
            continue
        if not section_tags:
            continue
        spec = C.SECTIONS[section_tags[0]]
        if spec.cell_type != cell.get("cell_type"):
            found.error(number, spec.tag, "tag.wrong_cell_type", tag=spec.tag,
                        expected=spec.cell_type, actual=cell.get("cell_type"))
            continue
        if not spec.repeatable and spec.tag in first_seen:
            found.error(number, spec.tag, "section.duplicate", tag=spec.tag, other=first_seen[spec.tag])
            continue
        first_seen.setdefault(spec.tag, number)
        if spec.cell_type == "code":
            evidence.append(_evidence(number, str(cell.get("source", "")), found))
            continue
        text = md.strip_guidance(str(cell.get("source", "")))
        heading, _ = md.first_heading(text)
        sections.append(SectionText(spec.tag, number, text, heading))
        if not text:
            found.warn(number, spec.tag, "section.empty", tag=spec.tag, label=spec.id)
    for spec in C.SECTIONS.values():
        if spec.tag in first_seen:
            continue
        if spec.presence == "required":
            found.error(None, spec.tag, "section.missing", tag=spec.tag, label=spec.id)
        elif spec.presence == "expected":
            found.warn(None, spec.tag, "section.absent", tag=spec.tag, label=spec.id)
    return sections, evidence


def _check_tags(number: int, cell: NotebookNode, found: Findings) -> list[str]:
    section_tags = []
    for tag in tags_of(cell):
        if tag in C.SECTIONS:
            section_tags.append(tag)
        elif tag not in C.OTHER_TAGS:
            valid = [*C.SECTIONS, *sorted(C.OTHER_TAGS)]
            found.error(number, tag, "tag.unknown", tag=tag, choices=valid, suggest=closest(tag, valid))
        elif tag in (C.PARAMETERS_TAG, C.INJECTED_PARAMETERS_TAG) and cell.get("cell_type") != "code":
            found.error(number, tag, "tag.wrong_cell_type", tag=tag, expected="code",
                        actual=cell.get("cell_type"))
    return section_tags


def _evidence(number: int, source: str, found: Findings) -> EvidenceCell:
    values: dict[str, str] = {}
    aliases = {label.lower(): key for key, labels in C.EVIDENCE_FIELDS.items() for label in labels}
    for line in source.splitlines():
        match = re.match(r"^\s*#\s*(?P<key>[^:]+?)\s*:\s*(?P<value>.+?)\s*$", line)
        if match and match.group("key").lower() in aliases:
            values.setdefault(aliases[match.group("key").lower()], match.group("value"))
    if "source" not in values:
        found.error(number, "evidence", "evidence.no_source")
    return EvidenceCell(number, source, values.get("caption"), values.get("source"))


# --- innovations --------------------------------------------------------------------------

def _field_keys(fields: Mapping[str, object]) -> dict[str, str]:
    """Every accepted spelling of a field (key, Indonesian and English label) to its key."""
    names: dict[str, str] = {}
    for key, spec in fields.items():
        for name in (key, spec.id, spec.en):  # type: ignore[attr-defined]
            names[_norm(name)] = key
    return names


def _norm(name: str) -> str:
    return re.sub(r"[\s_/]+", " ", name).strip().lower()


def read_innovations(sections: list[SectionText], found: Findings) -> list[Innovation]:
    names = _field_keys(C.INNOVATION_FIELDS)
    labels = [f.id for f in C.INNOVATION_FIELDS.values()]
    seen: dict[str, int] = {}
    innovations = []
    for section in (s for s in sections if s.tag == "innovation" and s.text):
        name, body = md.first_heading(section.text)
        if not name:
            found.error(section.cell, "innovation", "innovation.no_name")
            continue
        if name.lower() in seen:
            found.error(section.cell, "innovation", "innovation.duplicate_name", name=name,
                        other=seen[name.lower()])
        seen.setdefault(name.lower(), section.cell)
        fields, prose = md.split_fields(body)
        values: dict[str, object] = {}
        for line in fields:
            key = names.get(_norm(line.key))
            if key is not None and not line.value:
                continue  # an empty field is one not filled in yet
            if key is None:
                found.error(section.cell, line.key, "innovation.unknown_field", key=line.key,
                            choices=labels, suggest=closest(line.key, labels))
            elif key in values:
                found.error(section.cell, line.key, "innovation.duplicate_field", key=line.key)
            elif C.INNOVATION_FIELDS[key].type == "year":
                if re.fullmatch(r"\d{4}", line.value):
                    values[key] = int(line.value)
                else:
                    found.error(section.cell, line.key, "innovation.bad_year", value=line.value)
            elif line.value:
                values[key] = line.value
        innovations.append(Innovation(section.cell, md.plain(name), prose, **values))  # type: ignore[arg-type]
    return innovations


# --- tables -------------------------------------------------------------------------------

def read_table(section: SectionText, found: Findings) -> list[dict[str, str]] | None:
    """The rows of the section's table keyed by column, or None when the table is unusable."""
    columns = C.TABLE_COLUMNS[section.tag]
    labels = [c.id for c in columns.values()]
    table = md.find_table(section.text)
    if table is None:
        found.error(section.cell, section.tag, "table.missing", columns=labels)
        return None
    names = _field_keys(columns)
    keys = [names.get(_norm(md.plain(h))) for h in table.header]
    extra = [h for h, k in zip(table.header, keys) if k is None]
    missing = [c.id for c in columns.values() if c.key not in keys]
    if extra:
        found.error(section.cell, section.tag, "table.extra_columns", extra=extra, columns=labels,
                    suggest=closest(extra[0], labels))
    if missing:
        found.error(section.cell, section.tag, "table.missing_columns", missing=missing, columns=labels)
    if extra or missing:
        return None
    rows = []
    for number, row in enumerate(table.rows, 1):
        if not any(row):
            continue
        if len(row) != len(keys):
            found.error(section.cell, section.tag, "table.row_width", row=number, actual=len(row),
                        expected=len(keys))
            continue
        rows.append({"_row": str(number), **{k: v for k, v in zip(keys, row) if k}})
    if not rows:
        found.warn(section.cell, section.tag, "table.no_rows")
    return rows


def _cell_value(section: SectionText, row: dict[str, str], column: C.Column,
                found: Findings) -> str | None:
    value = md.plain(row.get(column.key, "")).strip()
    if value in ("", "-", "—"):
        if column.required_value:
            found.error(section.cell, column.key, "table.empty_value", row=row["_row"], column=column.id)
        return None
    if column.choices is None:
        return value
    spellings = {_norm(s): c.value for c in column.choices.values() for s in (c.value, c.id, c.en)}
    if _norm(value) in spellings:
        return spellings[_norm(value)]
    found.error(section.cell, column.key, "table.bad_choice", row=row["_row"], value=value,
                column=column.id, choices=list(column.choices), suggest=closest(value, column.choices))
    return None


def read_roles(sections: list[SectionText], found: Findings) -> list[Role]:
    section = next((s for s in sections if s.tag == "roles" and s.text), None)
    rows = read_table(section, found) if section else None
    if not section or not rows:
        return []
    roles = []
    for row in rows:
        actor, role = (_cell_value(section, row, col, found) for col in C.ROLE_COLUMNS.values())
        if actor and role:
            roles.append(Role(section.cell, actor, role))
    return roles


def read_recommendations(sections: list[SectionText], found: Findings) -> list[Recommendation]:
    section = next((s for s in sections if s.tag == "recommendations" and s.text), None)
    rows = read_table(section, found) if section else None
    if not section or not rows:
        return []
    result = []
    for row in rows:
        values = {key: _cell_value(section, row, col, found)
                  for key, col in C.RECOMMENDATION_COLUMNS.items()}
        due = None
        if values["timeline"]:
            due = due_date(values["timeline"])
            if due is None:
                found.error(section.cell, "timeline", "table.bad_timeline", row=row["_row"],
                            value=values["timeline"])
        if not values["lead_opd"]:
            found.warn(section.cell, "lead_opd", "table.missing_lead_opd", row=row["_row"])
        if values["recommendation"] and values["status"]:
            result.append(Recommendation(section.cell, int(row["_row"]), due=due, **values))  # type: ignore[arg-type]
    return result
