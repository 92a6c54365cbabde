"""One exception hierarchy, and problems that say where, what and how to fix it.

A `Problem` is one finding about a notebook: the file, the cell (1-based, as a person counts),
the field or tag, and a message from the catalogues (`ringkas.i18n.messages.say`) in the user's
language. Loading raises `InvalidVisit` carrying every error found, so a researcher fixes them
all in one pass.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ringkas.i18n.messages import is_message, say

ERROR = "error"
WARNING = "warning"

#: What a problem's `field` names, by its message code (the longest matching prefix wins), so
#: that each thing has one word in each language: a front-matter or innovation field is an
#: "isian" / "field", a tagged cell a "bagian" / "section", a table column a "kolom" / "column".
#: The word is the message `where.<kind>`; a code not listed here names a field.
FIELD_KINDS = {
    "fm.": "field", "file.": "field", "innovation.": "field",
    "innovation.no_name": "section", "innovation.duplicate_name": "section",
    "section.": "section", "evidence.": "section", "table.": "section",
    "table.bad_timeline": "column", "table.missing_lead_opd": "column",
    "table.empty_value": "column", "table.bad_choice": "column", "table.unknown_value": "column",
    "table.unknown_opd": "column",
    "param.": "parameter", "tag.": "tag", "photo.": "section",
}


def field_kind(code: str) -> str:
    """"field", "section", "column", "parameter" or "tag": what a problem of `code` names."""
    found = [prefix for prefix in FIELD_KINDS if code.startswith(prefix)]
    return FIELD_KINDS[max(found, key=len)] if found else "field"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in a visit notebook."""

    path: Path
    cell: int | None  # 1-based cell number; None for the file as a whole
    field: str | None  # the front-matter field, tag, parameter or column concerned
    code: str  # a key of the message catalogues
    params: dict[str, object] = dataclasses.field(default_factory=dict)  # `field` is taken
    severity: str = ERROR

    def __post_init__(self) -> None:
        if not is_message(self.code):
            raise KeyError(f"unknown message code {self.code!r}")

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self, lang: str = "id") -> str:
        parts = [str(self.path)]
        if self.cell is not None:
            parts.append(say("where.cell", lang, cell=self.cell))
        if self.field:
            parts.append(say(f"where.{field_kind(self.code)}", lang, field=self.field))
        return ", ".join(parts)

    def text(self, lang: str = "id") -> str:
        """The whole line a person reads: where, severity, what and how to fix it."""
        kind = say(f"severity.{self.severity}", lang)
        return f"{self.where(lang)}: {kind}: {say(self.code, lang, **self.params)}"

    def __str__(self) -> str:
        return self.text("en")


def in_cell_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as a reader meets them: the notebook's as a whole first, then cell by cell; in
    the order found within a cell."""
    return sorted(problems, key=lambda p: -1 if p.cell is None else p.cell)


class Findings:
    """Problems found in one notebook, collected in the order they were found."""

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


class RingkasError(Exception):
    """Base of every error ringkas raises on purpose; the CLI prints it without a traceback."""

    def text(self, lang: str = "id") -> str:
        return str(self)


class MessageError(RingkasError):
    """An error whose text comes from the message catalogue, in the user's language."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(say(code, "en", **params))

    def text(self, lang: str = "id") -> str:
        return say(self.code, lang, **self.params)

    def __reduce__(self) -> tuple:
        # Errors cross process boundaries (render workers); rebuild from code and params.
        return (_rebuild_message_error, (type(self), self.code, self.params))


def _rebuild_message_error(cls: type[MessageError], code: str, params: dict) -> MessageError:
    return cls(code, **params)


class InvalidVisit(RingkasError):
    """A visit notebook breaks the contract; `problems` lists every error (and warning)."""

    def __init__(self, path: Path, problems: Iterable[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__("\n".join(p.text("en") for p in self.errors))

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def text(self, lang: str = "id") -> str:
        return "\n".join(p.text(lang) for p in self.errors)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid name a typo most likely meant, or None when nothing is close."""
    matches = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not matches:
        return None
    lowered = {c.lower(): c for c in choices}
    return lowered[matches[0]]
