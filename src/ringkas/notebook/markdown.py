"""Reading the few structures a researcher writes in markdown: headings, fields, tables.

These functions only parse; they never judge. Judging (is this column allowed?) is the
validator's job, so every rule stays in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ringkas.contract.spec import GUIDANCE_PATTERN

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
#: `- **Sasaran:** value`, `**Sasaran**: value`, with or without the list bullet.
FIELD = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?P<key>[^*:]+?)\s*(?::\*\*|\*\*\s*:)\s*(?P<value>.*)$")
#: The delimiter row under a table's header: `| --- | :-: |`; one hyphen is enough (GFM).
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def strip_guidance(text: str) -> str:
    """The cell's text without the template's guidance lines (`> Petunjuk: ...`)."""
    lines = [line for line in text.splitlines() if not GUIDANCE_PATTERN.match(line)]
    return "\n".join(lines).strip()


def first_heading(text: str) -> tuple[str | None, str]:
    """The first non-blank line if it is a heading, and the text after it."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        match = HEADING.match(lines[first])  # as written: four spaces make it code, not a heading
        if match:
            return match.group("text").strip(), "\n".join(lines[first + 1:]).strip()
    return None, text.strip()


@dataclass(frozen=True)
class FieldLine:
    key: str
    value: str
    line: int  # 1-based within the cell


def split_fields(text: str) -> tuple[list[FieldLine], str]:
    """`**Field:** value` lines, and the prose around them."""
    fields: list[FieldLine] = []
    prose: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = FIELD.match(line)
        if match:
            key, value = match.group("key").strip(), match.group("value").strip()
            fields.append(FieldLine(key, value, number))
        else:
            prose.append(line)
    return fields, "\n".join(prose).strip()


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    before: str  # prose above the table
    after: str  # prose below the table


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def find_table(text: str) -> Table | None:
    """The first pipe table (GitHub style: header, `---` rule, rows) in `text`, if any.

    As in GitHub's markdown, the rule must have as many cells as the header; otherwise the
    lines are prose (`a | b` above a `---` line is a heading, not a table).
    """
    lines = text.splitlines()
    for i in range(len(lines) - 1):
        if ("|" in lines[i] and TABLE_RULE.match(lines[i + 1])
                and len(_cells(lines[i + 1])) == len(_cells(lines[i]))):
            end = i + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            return Table(
                header=_cells(lines[i]),
                rows=[_cells(line) for line in lines[i + 2:end]],
                before="\n".join(lines[:i]).strip(),
                after="\n".join(lines[end:]).strip(),
            )
    return None


def plain(text: str) -> str:
    """Markdown reduced to plain text for search and tables: no emphasis marks or links."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|\*|`|(?<!\w)__?|__?(?!\w)", "", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)
    return re.sub(r"[ \t]+", " ", text).strip()
