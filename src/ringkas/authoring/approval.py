"""`ringkas approve` and `ringkas review`: who signed a visit's report off, written into its
front matter.

These are the only commands that write a researcher's notebook, so they touch as little as
they can: the front-matter cell's source alone, with `status` set and the `approved:` (or
`reviewed:`) block replaced or added; every other line of the YAML, every other cell, cell id,
output and byte of the file stays. The notebook is written back in the layout it was saved in
(nbformat's JSON: indent, key order, escaping and final newline as found), checked to be that
layout before anything changes, and replaced atomically. A visit with errors is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ringkas.contract import spec as C
from ringkas.contract.model import Approval, Visit
from ringkas.contract.problems import ERROR, Findings, MessageError, Problem, RingkasError
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.messages import say
from ringkas.project.files import write_atomic

TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:")
#: `status: draft  # draft | reviewed | approved`: the value replaced, the comment kept.
STATUS_VALUE = re.compile(r"^(status[ \t]*:[ \t]*)([^#]*?)([ \t]+#.*)?$")


class ApprovalRefused(RingkasError):
    """The visit fails `ringkas check`: nothing is written; its errors are listed."""

    def __init__(self, path: Path, act: str, problems: list[Problem]) -> None:
        self.path, self.act, self.problems = path, act, problems
        super().__init__(self.text("en"))

    def text(self, lang: str = "id") -> str:
        listed = "\n".join(f"  {p.text(lang)}" for p in self.problems)
        return say("approval.refused", lang, path=self.path,
                   act=say(f"approval.act.{self.act}", lang), problems=listed)

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.act, self.problems))


def sign_off(path: Path, act: str, *, name: str, position: str, nip: str = "",
             day: str | dt.date | None = None, today: dt.date | None = None,
             vocabulary: Vocabulary = BUILTIN) -> Approval:
    """Record in the notebook at `path` that `name` (`position`, `nip`) approved or reviewed
    (`act`: "approved" | "reviewed") the visit on `day` (default: today). Returns the record.

    Refused with a RingkasError, nothing written: a blank name or position, a NIP that is not
    one, a date that is not a date, in the future or before the visit, a visit with errors.
    """
    if act not in C.APPROVAL_STATUS:
        raise ValueError(f"unknown act {act!r}; choose one of: {', '.join(C.APPROVAL_STATUS)}")
    today = today or dt.date.today()
    record = approval_record(name, position, nip, day, today)
    data = path.read_bytes()
    visit = _checked_visit(path, data, act, vocabulary)
    if record.date < visit.date:
        raise MessageError("approval.before_visit", value=record.date.isoformat(),
                           date=visit.date.isoformat())
    changed = with_record(path, data, act, record)
    _confirm(path, changed, act, record, vocabulary)
    write_atomic(path, changed)
    return record


def approval_record(name: str, position: str, nip: str, day: str | dt.date | None,
                    today: dt.date) -> Approval:
    """The record the options describe, or a MessageError naming the option that is wrong."""
    if not name or not name.strip():
        raise MessageError("approval.blank_by")
    if not position or not position.strip():
        raise MessageError("approval.blank_position")
    digits = None
    if nip and nip.strip():
        from ringkas.notebook.frontmatter import nip_problem

        digits = nip_problem(nip, "nip", Findings(Path("--nip")))
        if digits is None:
            raise MessageError("approval.bad_nip", value=nip)
    when = _day(day, today)
    if when > today:
        raise MessageError("approval.future_date", value=when.isoformat(),
                           today=today.isoformat())
    return Approval(" ".join(name.split()), " ".join(position.split()), when, digits)


def _day(day: str | dt.date | None, today: dt.date) -> dt.date:
    if day is None or day == "":
        return today
    if isinstance(day, dt.date):
        return day
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip(), re.ASCII):
            return dt.date.fromisoformat(day.strip())
    except ValueError:
        pass
    raise MessageError("approval.bad_date", value=day)


def _checked_visit(path: Path, data: bytes, act: str, vocabulary: Vocabulary) -> Visit:
    """The visit as `ringkas check` reads it; ApprovalRefused when it has errors."""
    from ringkas.notebook.read import check_visits

    result = check_visits([path], {path: data}, vocabulary=vocabulary)
    errors = [p for p in result.problems.get(path, []) if p.severity == ERROR]
    if errors or not result.visits:
        raise ApprovalRefused(path, act, errors)
    return result.visits[0]


# --- the notebook's bytes -------------------------------------------------------------------

def with_record(path: Path, data: bytes, act: str, record: Approval) -> bytes:
    """The notebook's bytes with the front-matter cell's source alone changed."""
    text = data.decode("utf-8")
    notebook = json.loads(text)
    dump = _layout_of(text, notebook)
    if dump is None:
        raise MessageError("approval.layout", path=path)
    cell = notebook["cells"][0]
    source = cell["source"]
    joined = "".join(source) if isinstance(source, list) else source
    changed = front_matter_with(joined, act, record)
    cell["source"] = changed.splitlines(keepends=True) if isinstance(source, list) else changed
    return dump(notebook).encode("utf-8")


def _layout_of(text: str, notebook: object) -> Callable[[object], str] | None:
    """How this file was serialised (nbformat: indent 1, sorted keys, no ASCII escapes, a
    final newline), found by writing it back the same way byte for byte; None if no way does."""
    newline = "\n" if text.endswith("\n") else ""
    second = text.split("\n", 2)[1] if text.count("\n") > 1 else ""
    indent = len(second) - len(second.lstrip(" ")) or 1
    for sort_keys in (True, False):
        for ascii_only in (False, True):
            def dump(data: object, s: bool = sort_keys, a: bool = ascii_only) -> str:
                return json.dumps(data, indent=indent, sort_keys=s, ensure_ascii=a,
                                  separators=(",", ": ")) + newline
            if dump(notebook) == text:
                return dump
    return None


def front_matter_with(source: str, act: str, record: Approval) -> str:
    """The front-matter text with `status: <act>` and the `<act>:` block set; every other line
    (comments included) as it was."""
    lines = source.replace("\r\n", "\n").split("\n")
    end = next(n for n in range(len(lines) - 1, 0, -1) if lines[n].strip() == "---")
    body = _without_block(lines[1:end], act)
    block = [f"{act}:", *(f"  {key}: {_yaml(value)}" for key, value in _fields(record))]
    status = next((n for n, line in enumerate(body) if _key(line) == "status"), None)
    if status is None:
        body += [f"status: {C.APPROVAL_STATUS[act]}", *block]
    else:
        body[status] = STATUS_VALUE.sub(rf"\g<1>{C.APPROVAL_STATUS[act]}\g<3>", body[status])
        after = status + 1
        while after < len(body) and _key(body[after]) in C.APPROVAL_STATUS:
            after += 1  # past the other record's block, so `reviewed` stays before `approved`
            while after < len(body) and body[after][:1] in (" ", "\t"):
                after += 1
        body[after:after] = block
    return "\n".join([lines[0], *body, *lines[end:]])


def _key(line: str) -> str | None:
    match = TOP_LEVEL_KEY.match(line)
    return match["key"] if match else None


def _without_block(lines: list[str], key: str) -> list[str]:
    """The YAML lines without the top-level `key:` and the indented lines beneath it."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if _key(line) == key:
            inside = True
            continue
        if inside and line[:1] in (" ", "\t"):
            continue
        inside = False
        kept.append(line)
    return kept


def _fields(record: Approval) -> list[tuple[str, str]]:
    fields = [("name", record.name), ("position", record.position)]
    if record.nip:
        fields.append(("nip", record.nip))
    return [*fields, ("date", record.date.isoformat())]


def _yaml(value: str) -> str:
    """One double-quoted YAML scalar: a name with `: ` or `#`, or a NIP, stays text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    dumped: str = yaml.safe_dump(value, default_style='"', allow_unicode=True,
                                 width=float("inf"))
    return dumped.strip().removesuffix("...").strip()


def _confirm(path: Path, data: bytes, act: str, record: Approval,
             vocabulary: Vocabulary) -> None:
    """Read the new bytes as `ringkas check` will: they must hold the record and no error."""
    from ringkas.notebook.read import load_visit

    visit = load_visit(path, data, vocabulary=vocabulary)
    if getattr(visit, act) != record or visit.status != C.APPROVAL_STATUS[act]:
        raise AssertionError(f"{path}: the front matter written does not read back")  # a bug
