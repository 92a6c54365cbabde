"""The front matter: the YAML between `---` lines in a visit notebook's first cell.

`read_front_matter(cells, found)` returns the checked fields as `Visit` keyword arguments and
reports each field that is missing, unknown or of the wrong shape. YAML written by hand can
hold anything (a list, a number, nested mappings); every shape ends in a problem, never a crash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

import yaml

from ringkas.contract import spec as C
from ringkas.contract.model import Approval, Person, Region
from ringkas.contract.problems import Findings, closest
from ringkas.contract.themes import BUILTIN, Vocabulary

if TYPE_CHECKING:  # nbformat is slow to import; the check path must not pay for it
    from nbformat import NotebookNode

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?P<yaml>.*?)(?:\n|^)---[ \t]*\s*\Z", re.DOTALL | re.M)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CELL = 1  # every front-matter problem is in the first cell


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses aliases.

    Dates stay text so that an impossible date (2022-02-30) gets ringkas's message, not YAML's.
    Aliases (`*name`) are refused: a value could contain itself, or expand a few lines into
    millions of values, and front matter never needs them.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> object:
    """YAML text read as the front matter is: safe, dates kept as text, no aliases. Raises
    yaml.YAMLError (or RecursionError) as `yaml.load` does."""
    return yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader)


def front_matter_match(cell: NotebookNode) -> re.Match[str] | None:
    """The `---` block of a raw cell, or None when the cell holds no front matter."""
    if cell.get("cell_type") != "raw":
        return None
    return FRONT_MATTER.match(str(cell.get("source", "")).replace("\r\n", "\n"))


def read_front_matter(cells: list[NotebookNode], found: Findings,
                      vocabulary: Vocabulary = BUILTIN) -> dict[str, object]:
    """The checked front-matter fields of the first cell, as Visit keyword arguments; `themes`
    are those of the project's `vocabulary`."""
    data = _load(cells, found)
    if data is None:
        return {}
    _check_keys(data, C.FRONT_MATTER_FIELDS, None, found)
    values: dict[str, object] = {}
    for key, spec in fields_of(vocabulary).items():
        raw = data.get(key)
        if _blank(raw):
            if spec.presence == "required":
                found.error(CELL, key, "fm.required", key=key, label=spec.id)
            elif spec.presence == "expected":
                found.warn(CELL, key, "fm.expected", key=key, label=spec.id)
            continue
        value = _front_value(spec, raw, found)
        if value is not None:
            values[key] = value
    _check_approvals(values, "approved" in data, found)
    return values


def fields_of(vocabulary: Vocabulary) -> dict[str, C.Field]:
    """The front-matter fields, the theme field's choices those of the project's vocabulary."""
    if vocabulary is BUILTIN:
        return C.FRONT_MATTER_FIELDS
    themes = C.FRONT_MATTER_FIELDS["themes"]
    return {**C.FRONT_MATTER_FIELDS,
            "themes": dataclasses.replace(themes, choices=dict(vocabulary.themes))}


def _check_approvals(values: dict[str, object], written: bool, found: Findings) -> None:
    """The rules between status, approved_by and the approval records, and the visit date."""
    approved = values.get("approved")
    if isinstance(approved, Approval) and not values.get("approved_by"):
        values["approved_by"] = approved.name  # who approved, for the knowledge base
    if values.get("status") == "approved":
        if not values.get("approved_by"):
            if not written:  # a wrong `approved:` block has its own message already
                found.error(CELL, "approved_by", "fm.approved_without_approver")
        elif approved is None:
            found.warn(CELL, "approved", "fm.approved_without_record")
    visit_date = values.get("date")
    for key in C.APPROVAL_STATUS:
        record = values.get(key)
        if isinstance(record, Approval) and isinstance(visit_date, dt.date) \
                and record.date < visit_date:
            found.error(CELL, f"{key}.date", "fm.approval_before_visit", key=key,
                        value=record.date.isoformat(), date=visit_date.isoformat())


def _load(cells: list[NotebookNode], found: Findings) -> Mapping[object, object] | None:
    match = front_matter_match(cells[0])
    if match is None:
        later = next((n for n, c in enumerate(cells[1:], 2) if front_matter_match(c)), None)
        if later is None:
            found.error(CELL, None, "fm.missing")
        else:
            found.error(later, None, "fm.not_first", number=later)
        return None
    first_line = match.string[:match.start("yaml")].count("\n") + 1  # the line after `---`
    try:
        data = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark else "?"
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        found.error(CELL, None, "fm.bad_yaml", line=line, detail=detail)
        return None
    except RecursionError:
        found.error(CELL, None, "fm.bad_yaml", line="?", detail="nested too deeply")
        return None
    if data is None:  # nothing between the `---` lines: report each missing field
        return {}
    if not isinstance(data, Mapping):
        found.error(CELL, None, "fm.not_mapping")
        return None
    return data


def _check_keys(data: Mapping[object, object], fields: Mapping[str, C.Field], parent: str | None,
                found: Findings) -> None:
    for key in data:
        if key not in fields:
            name = str(key) if parent is None else f"{parent}.{key}"
            found.error(CELL, name, "fm.unknown_field", key=key, choices=list(fields),
                        suggest=closest(str(key), fields))


def _blank(raw: object) -> bool:
    if isinstance(raw, Mapping):
        return all(_blank(v) for v in raw.values())
    if isinstance(raw, list):
        return all(_blank(v) for v in raw)
    return raw is None or C.is_unknown(str(raw))  # "belum ditetapkan" is blank, as in tables


def _front_value(spec: C.Field, raw: object, found: Findings) -> object:
    if spec.type in ("text", "date", "choice") and isinstance(raw, (Mapping, list)):
        found.error(CELL, spec.key, "fm.not_scalar")
        return None
    return READERS[spec.type](spec, raw, found)


def _text(spec: C.Field, raw: object, found: Findings) -> str:
    return str(raw).strip()


def _date(spec: C.Field, raw: object, found: Findings) -> dt.date | None:
    text = str(raw).strip()
    try:
        if DATE.match(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    found.error(CELL, spec.key, "fm.not_date", value=raw)
    return None


def _choice(spec: C.Field, raw: object, found: Findings) -> str | None:
    assert spec.choices is not None  # noqa: S101 (only choice fields come here)
    value = C.spellings(spec.choices).get(C.name_key(str(raw)))
    if value is None:
        found.error(CELL, spec.key, "fm.bad_choice", value=raw, choices=list(spec.choices),
                    suggest=closest(str(raw).strip(), spec.choices))
    return value


def _text_list(spec: C.Field, raw: object, found: Findings) -> list[str] | None:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or any(isinstance(i, (Mapping, list)) for i in items):
        found.error(CELL, spec.key, "fm.not_list")
        return None
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _choice_list(spec: C.Field, raw: object, found: Findings) -> list[str] | None:
    items = _text_list(spec, raw, found)
    if items is None:
        return None
    checked = [_choice(spec, item, found) for item in items]
    return None if None in checked else [c for c in checked if c is not None]


def _region(spec: C.Field, raw: object, found: Findings) -> Region | None:
    if isinstance(raw, str):  # `host: Kota Contoh` is enough when there is no BPS code
        return Region(raw.strip())
    name = raw.get("name") if isinstance(raw, Mapping) else None
    if _blank(name) or isinstance(name, (Mapping, list)):
        found.error(CELL, spec.key, "fm.region_not_mapping")
        return None
    assert isinstance(raw, Mapping)  # noqa: S101 (checked above; narrows the type)
    _check_keys(raw, C.REGION_FIELDS, spec.key, found)
    code = raw.get("bps_code")
    if _blank(code):
        return Region(str(name).strip())
    if isinstance(code, (Mapping, list)) or not C.BPS_CODE_PATTERN.match(str(code)):
        found.error(CELL, f"{spec.key}.bps_code", "fm.bad_bps_code", value=code)
        return None
    return Region(str(name).strip(), str(code))


def _people(spec: C.Field, raw: object, found: Findings) -> list[Person] | None:
    """`- name: ..., position: ...` entries, or names alone as lines of text."""
    items = [raw] if isinstance(raw, (str, Mapping)) else raw
    if not isinstance(items, list):
        found.error(CELL, spec.key, "fm.not_list")
        return None
    people: list[Person] = []
    for number, item in enumerate(items, 1):
        person = _person(spec, number, item, found)
        if person is False:
            return None
        if person is not None:
            people.append(person)
    return people


def _person(spec: C.Field, number: int, item: object, found: Findings
            ) -> Person | Literal[False] | None:
    """One entry of a people field: a Person, None when it is empty, False when it is wrong."""
    if _blank(item):
        return None
    if not isinstance(item, Mapping):
        if isinstance(item, list):
            found.error(CELL, spec.key, "fm.person_no_name", key=spec.key, number=number)
            return False
        return Person(str(item).strip())
    before = len(found.problems)
    _check_keys(item, C.PERSON_FIELDS, spec.key, found)
    name, position = item.get("name"), item.get("position")
    if _blank(name) or isinstance(name, (Mapping, list)) or isinstance(position, (Mapping, list)):
        if len(found.problems) == before:  # an unknown key already says what is wrong
            found.error(CELL, spec.key, "fm.person_no_name", key=spec.key, number=number)
        return False
    if len(found.problems) > before:
        return False
    return Person(str(name).strip(), None if _blank(position) else str(position).strip())


def _approval(spec: C.Field, raw: object, found: Findings) -> Approval | None:
    """`name`, `position`, `nip` and `date` beneath `reviewed:` or `approved:`."""
    if not isinstance(raw, Mapping):
        found.error(CELL, spec.key, "fm.approval_not_mapping", key=spec.key)
        return None
    before = len(found.problems)
    _check_keys(raw, C.APPROVAL_FIELDS, spec.key, found)
    texts: dict[str, str] = {}
    for key, field in C.APPROVAL_FIELDS.items():
        value, where = raw.get(key), f"{spec.key}.{key}"
        if _blank(value):
            if field.presence == "required":
                found.error(CELL, where, "fm.approval_missing", key=spec.key, part=key,
                            label=field.id)
        elif isinstance(value, (Mapping, list)):
            found.error(CELL, where, "fm.not_scalar")
        else:
            texts[key] = str(value).strip()
    day = _date(C.Field(f"{spec.key}.date", "date", "required"), texts["date"], found) \
        if "date" in texts else None
    nip = nip_problem(texts["nip"], f"{spec.key}.nip", found) if "nip" in texts else None
    if len(found.problems) > before or day is None:
        return None
    return Approval(texts["name"], texts["position"], day, nip)


def nip_problem(value: str, where: str, found: Findings) -> str | None:
    """The NIP's 18 digits, or None after reporting why `value` is not a NIP."""
    digits = C.nip_digits(value.strip())
    match = C.NIP_PATTERN.match(digits)
    if match and _real_date(match["born"]) and _real_date(match["appointed"] + "01"):
        return digits
    found.error(CELL, where, "fm.bad_nip", value=value)
    return None


def _real_date(digits: str) -> bool:
    try:
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


#: How each `Field.type` of the contract is read.
READERS: dict[str, Callable[[C.Field, object, Findings], object]] = {
    "text": _text,
    "date": _date,
    "choice": _choice,
    "choices": _choice_list,
    "list": _text_list,
    "region": _region,
    "people": _people,
    "approval": _approval,
}
