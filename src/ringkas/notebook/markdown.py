"""Reading the few structures a researcher writes in markdown: headings, fields, tables.

Each text is parsed once per process (cached; `remember` takes trees parsed in another, as a
render's worker takes its plan's) into mistune's AST, with the plugins the brief's HTML uses
(`ringkas.render.sanitize`), and everything here is read from that one parse: so a pipe table
or a `**Field:**` line inside a ``` fence is code here exactly as it is code in the brief.
mistune's tokens carry no source positions, so the parser below records where each top-level
block starts: the prose around a table must stay markdown, because the brief renders it. Part
of a text (the prose around a table, a finding cut to length) is cut from its tree
(`Parsed.part`, `leading`), never parsed again.

These functions only parse; they never judge. Judging (is this column allowed?) is the
validator's job, so every rule stays in one place.
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from re import Match
from typing import Any, cast

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.inline_parser import InlineParser
from mistune.plugins import import_plugin

from ringkas.contract.spec import GUIDANCE_PATTERN

#: `- **Sasaran:** value`, `**Sasaran**: value`, with or without the list bullet.
FIELD = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?P<key>[^*:]+?)\s*(?::\*\*|\*\*\s*:)\s*(?P<value>.*)$")
#: The delimiter row under a table's header: `| --- | :-: |`; one hyphen is enough (GFM).
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_LINE_END = re.compile(r"\r\n|\r|\n")
#: A line that opens a list item: its indentation, its marker and the spaces after it.
_MARKER = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?:(?P<space> +)|$)")
#: Blocks whose lines are code or raw HTML: never fields, headings or tables.
_VERBATIM = ("block_code", "block_html")


# --- the one parse ------------------------------------------------------------------------

class _PlacedState(BlockState):
    """A block state that remembers where each new paragraph starts."""

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        super().add_paragraph(text)
        if self.parent is None and self.last_token() is not last:
            self.tokens[-1]["_start"] = self.cursor


class _PlacedParser(BlockParser):
    """mistune's block parser, marking each top-level token with the offset it starts at.

    Every other top-level token is made by a rule method (entered with the cursor at the
    rule's match) or by the indented-code shortcut; nested calls mark their own tokens first.
    """

    state_cls = _PlacedState

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        start = state.cursor
        result = super().parse_method(m, state)
        _mark(state, start)
        return result

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        start = state.cursor
        result = super()._parse_indent_code_fast(state)
        _mark(state, start)
        return result


def _mark(state: BlockState, start: int) -> None:
    if state.parent is None:
        for token in state.tokens:
            token.setdefault("_start", start)


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def _parse_table(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    """A GitHub pipe table: a header, a rule with as many cells, then rows of any width.

    Unlike mistune's own table plugin, a row of the wrong width stays a row, so that the
    validator can say which row is wrong instead of finding no table at all.
    """
    header_line = m.group(0)
    pos = m.end()
    rule = state.get_line(pos)
    if not TABLE_RULE.match(rule) or len(_cells(rule)) != len(_cells(header_line)):
        return None
    pos += len(rule)
    rows = []
    while pos < state.cursor_max:
        line = state.get_line(pos)
        if "|" not in line or not line.strip():
            break
        rows.append(_cells(line))
        pos += len(line)
    header = _cells(header_line)
    aligns = [_align(cell) for cell in _cells(rule)]

    def row(cells: list[str], head: bool) -> list[dict[str, Any]]:
        return [{"type": "table_cell", "text": cell, "attrs": {
            "align": aligns[i] if i < len(aligns) else None, "head": head}}
            for i, cell in enumerate(cells)]

    state.append_token({"type": "table", "header": header, "rows": rows, "children": [
        {"type": "table_head", "children": row(header, True)},
        {"type": "table_body", "children": [{"type": "table_row", "children": row(r, False)}
                                            for r in rows]}]})
    return pos


def _align(rule_cell: str) -> str | None:
    left, right = rule_cell.startswith(":"), rule_cell.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else None


#: The plugins of the brief's markdown; `use_table_rule` then replaces the table plugin's rules.
PLUGINS = ("table", "strikethrough", "url")


def use_table_rule(markdown: mistune.Markdown) -> None:
    """Tables read the way this module reads them, for a mistune made with `PLUGINS`: the
    brief's HTML (sanitize.py) calls this too, so what is a table here is a table there."""
    for name in ("table", "nptable"):
        markdown.block.rules.remove(name)
    markdown.block.register("pipe_table", r"^ {0,3}[^\n]*\|[^\n]*(?:\n|$)", _parse_table,
                            before="paragraph")


def _reader() -> mistune.Markdown:
    """The brief's markdown, as an AST whose top-level blocks know where they start."""
    reader = mistune.Markdown(renderer=None, block=_PlacedParser(), inline=InlineParser(),
                              plugins=[import_plugin(name) for name in PLUGINS])
    use_table_rule(reader)
    return reader


_READER = _reader()


@dataclass(frozen=True)
class Block:
    """One top-level block: its type, its markdown source, and mistune's token."""

    type: str
    start: int  # offset in Parsed.source
    end: int
    token: dict[str, Any]


@dataclass(frozen=True)
class Parsed:
    source: str  # the text as mistune read it: `\n` line ends
    blocks: tuple[Block, ...]  # blank lines left out

    def text(self, block: Block) -> str:
        return self.source[block.start:block.end].strip()

    def part(self, first: int, stop: int | None = None) -> Parsed | None:
        """Top-level blocks `first` to `stop` as a tree of their own, cut from this one (no
        parse); None when there are none."""
        kept = self.blocks[first:stop]
        return _cut(self, kept) if kept else None


def read_tree(text: str) -> Parsed:
    """`text` parsed (no cache: `parse` is what readers call)."""
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    state = _READER.block.state_cls()
    state.process(source if source.endswith("\n") else source + "\n")
    _READER.block.parse(state)
    starts = [t.get("_start", 0) for t in state.tokens]
    for token in state.tokens:  # what inline parsing consumes, kept for readers of the source
        if token["type"] == "heading":
            token["source"] = token.get("text", "")
    tokens = cast("list[dict[str, Any]]", _READER.render_state(state))
    ends = [*starts[1:], len(source)]
    blocks = tuple(Block(t["type"], s, max(s, min(e, len(source))), t)
                   for t, s, e in zip(tokens, starts, ends, strict=True)
                   if t["type"] != "blank_line")
    return Parsed(source, blocks)


class _Trees:
    """The texts this process parsed or was handed, by text; the least recently used are
    dropped past `size`. Thread-safe (the preview renders in threads)."""

    def __init__(self, size: int = 4096) -> None:
        self.size, self._trees, self._lock = size, OrderedDict[str, Parsed](), threading.Lock()

    def get(self, text: str) -> Parsed | None:
        with self._lock:
            found = self._trees.get(text)
            if found is not None:
                self._trees.move_to_end(text)
            return found

    def put(self, text: str, parsed: Parsed) -> None:
        with self._lock:
            self._trees[text] = parsed
            self._trees.move_to_end(text)
            while len(self._trees) > self.size:
                self._trees.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._trees.clear()


_TREES = _Trees()


def parse(text: str) -> Parsed:
    """`text` parsed once per process, or never when the tree was handed over (`remember`);
    callers must not change the tokens. (Two threads asking at once for a text not yet known
    may each parse it: the lock guards the cache, not the parse.)"""
    parsed = _TREES.get(text)
    if parsed is None:
        parsed = read_tree(text)
        _TREES.put(text, parsed)
    return parsed


def remember(trees: Mapping[str, Parsed]) -> None:
    """Take trees parsed in another process (a render's plan, for its unit's worker), so the
    texts they were parsed from are not parsed again here."""
    for text, parsed in trees.items():
        _TREES.put(text, parsed)


def forget() -> None:
    """Drop every tree this process knows (tests: a worker process of its own)."""
    _TREES.clear()


# --- what the readers ask -----------------------------------------------------------------

def _lines(text: str) -> list[str]:
    """The lines of `text` as markdown has them: split at line ends only, not at the form
    feeds and Unicode separators `str.splitlines` also splits at (a table row stays one row)."""
    return _LINE_END.split(text)


def strip_guidance(text: str) -> str:
    """The cell's text without the template's guidance lines (`> Petunjuk: ...`)."""
    lines = [line for line in _lines(text) if not GUIDANCE_PATTERN.match(line)]
    return "\n".join(lines).strip()


def first_heading(text: str) -> tuple[str | None, str]:
    """The first block if it is a heading (its markdown), and the markdown after it."""
    parsed = parse(text)
    if parsed.blocks and parsed.blocks[0].type == "heading":
        first = parsed.blocks[0]
        heading = str(first.token.get("source", "")).strip()
        if heading:
            return heading, parsed.source[first.end:].strip()
    return None, text.strip()


@dataclass(frozen=True)
class FieldLine:
    key: str
    value: str
    line: int  # 1-based within the cell


def _verbatim_lines(parsed: Parsed) -> set[int]:
    """The 1-based numbers of the lines in code and raw HTML blocks."""
    lines: set[int] = set()
    for block in parsed.blocks:
        if block.type in _VERBATIM:
            first = parsed.source.count("\n", 0, block.start) + 1
            size = parsed.source[block.start:block.end].rstrip("\n").count("\n") + 1
            lines.update(range(first, first + size))
    return lines


def split_fields(text: str) -> tuple[list[FieldLine], str]:
    """`**Field:** value` lines (outside code), and the prose around them."""
    verbatim = _verbatim_lines(parse(text))
    fields: list[FieldLine] = []
    prose: list[str] = []
    for number, line in enumerate(_lines(text), start=1):
        match = None if number in verbatim else FIELD.match(line)
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
    before: str  # markdown above the table
    after: str  # markdown below the table


def _unescape(cell: str) -> str:
    return cell.replace("\\|", "|")


def find_table(text: str) -> Table | None:
    """The first pipe table (GitHub style: header, `---` rule, rows) in `text`, if any.

    As in GitHub's markdown, the rule must have as many cells as the header; otherwise the
    lines are prose (`a | b` above a `---` line is a heading, not a table). A table in a code
    block is code.
    """
    parsed = parse(text)
    table = next((b for b in parsed.blocks if b.type == "table"), None)
    if table is None:
        return None
    return Table(header=[_unescape(c) for c in table.token["header"]],
                 rows=[[_unescape(c) for c in row] for row in table.token["rows"]],
                 before=parsed.source[:table.start].strip(),
                 after=parsed.source[table.end:].strip())


def _inline_text(tokens: list[dict[str, Any]]) -> str:
    parts = []
    for token in tokens:
        kind = token["type"]
        if kind == "inline_html":
            continue
        if kind == "softbreak" or kind == "linebreak":
            parts.append("\n")
        elif "children" in token:
            parts.append(_inline_text(token["children"]))
        elif kind in ("text", "codespan"):
            parts.append(html.unescape(str(token.get("raw", ""))))
    return "".join(parts)


def _block_text(token: dict[str, Any]) -> str:
    kind = token["type"]
    if kind in ("paragraph", "heading", "block_text", "table_cell"):
        return _inline_text(token.get("children", []))
    if kind == "block_code":
        return str(token.get("raw", "")).rstrip("\n")
    if kind == "block_html":
        return html.unescape(re.sub(r"<[^>]*>", " ", str(token.get("raw", "")))).strip()
    if kind == "table_row" or kind == "table_head":
        return " | ".join(_block_text(c) for c in token["children"])
    if kind == "list":
        return "\n".join(_list_item_text(token, i, item)
                         for i, item in enumerate(token["children"]))
    children = [_block_text(c) for c in token.get("children", []) if c["type"] != "blank_line"]
    joiner = "\n\n" if kind == "block_quote" else "\n"
    return joiner.join(c for c in children if c)


def _list_item_text(token: dict[str, Any], number: int, item: dict[str, Any]) -> str:
    """A list item with its bullet or number: the numbers of a list are content, not marks."""
    attrs = token.get("attrs", {})
    bullet = token.get("bullet", "-")
    marker = f"{attrs.get('start', 1) + number}{bullet}" if attrs.get("ordered") else bullet
    return f"{marker} {_block_text(item)}".rstrip()


def plain(text: str) -> str:
    """Markdown as plain text for search and tables: no marks, no HTML tags, entities decoded."""
    return plain_of(parse(text))


def plain_of(parsed: Parsed | None) -> str:
    """A tree as plain text (`plain`), read from its tokens."""
    lines = "\n\n".join(_block_text(b.token) for b in parsed.blocks) if parsed else ""
    return re.sub(r"[ \t]+", " ", lines).strip()


# --- cutting a tree -----------------------------------------------------------------------

def _cut(parsed: Parsed, kept: Sequence[Block]) -> Parsed:
    """`kept` (consecutive top-level blocks of `parsed`, at least one) as a tree of their own:
    their source, offsets from its start."""
    start = kept[0].start
    return Parsed(parsed.source[start:kept[-1].end],
                  tuple(replace(b, start=b.start - start, end=b.end - start) for b in kept))


def leading(parsed: Parsed, words: int) -> tuple[Parsed, bool]:
    """The first whole paragraphs and list items of `parsed` within about `words` words (the
    first always), as a tree cut from it (no parse), and whether anything was left out. A list
    is cut between its items; a list whose items' lines cannot be told apart is kept whole or
    left out whole."""
    count = 0
    for index, block in enumerate(parsed.blocks):
        for item, size in enumerate(_piece_words(block)):
            if (index or item) and count + size > words:
                return _cut_before(parsed, index, item)
            count += size
    return parsed, False


def _piece_words(block: Block) -> list[int]:
    """The words of each piece `leading` keeps or leaves: a list's items, or the block."""
    if block.type != "list":
        return [len(_block_text(block.token).split())]
    return [len(_list_item_text(block.token, number, item).split())
            for number, item in enumerate(_items(block))]


def _items(block: Block) -> list[dict[str, Any]]:
    return [c for c in block.token.get("children", []) if c["type"] == "list_item"]


def _cut_before(parsed: Parsed, index: int, item: int) -> tuple[Parsed, bool]:
    """`parsed` up to block `index` and, of that block (a list), its first `item` items; and
    whether anything was left out."""
    before = parsed.blocks[:index]
    block = parsed.blocks[index]
    starts = _item_starts(parsed, block) if item else None
    if starts is not None:
        token = {**block.token, "children": _items(block)[:item]}
        return _cut(parsed, [*before, Block(block.type, block.start, starts[item], token)]), True
    kept = before or parsed.blocks[:1]  # whole blocks: up to this one, or the first whole
    return _cut(parsed, kept), len(kept) < len(parsed.blocks)


def _item_starts(parsed: Parsed, block: Block) -> list[int] | None:
    """Where each item of the list `block` starts in `parsed.source`; None when its lines do not
    give one start per item (a marker after a tab, say).

    As in CommonMark, a line with the list's own kind of marker (its bullet, or its numbers'
    "." or ")") starts the next item when the marker sits left of where the current item's
    content starts; one further right begins a nested list or is part of the item (code in it,
    say)."""
    starts: list[int] = []
    content, offset, kind = -1, block.start, block.token.get("bullet")
    for line in _LINE_END.split(parsed.source[block.start:block.end]):
        found = _MARKER.match(line)
        if found and found["marker"][-1] == kind and (
                content < 0 or len(found["indent"]) < content):
            starts.append(offset)
            space = len(found["space"] or "")
            content = found.end("marker") + (space if 1 <= space <= 4 else 1)
        offset += len(line) + 1  # the source's line ends are single "\n"s
    return starts if len(starts) == len(_items(block)) else None
