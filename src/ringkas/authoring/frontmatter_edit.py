"""The front matter as a form: its values read out, and changed values written back into the
raw cell's YAML by a round trip (ruamel.yaml), for the JupyterLab panel.

Only the keys given change: comments, key order, quoting, the `---` lines and the guidance
comments beside each key stay as the researcher (or `ringkas new`) wrote them. A key the cell
does not have yet goes where the skeleton (templates/visit.ipynb) puts it. Every check is the
validator's (`ringkas.notebook.frontmatter`): this module only edits text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ringkas.contract import spec as C
from ringkas.contract.problems import Findings, MessageError, Problem, closest
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.notebook.frontmatter import FRONT_MATTER, parse_yaml, read_front_matter

TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:", re.M)
DASH = re.compile(r"^(?P<indent> *)- ", re.M)
#: Front-matter keys that are no field of the form: `ringkas review` / `approve` write them.
SIGNED = tuple(C.APPROVAL_STATUS)


def _raw_cell(source: str) -> Any:
    import nbformat.v4 as v4  # the server has it loaded already; the CLI never comes here

    return v4.new_raw_cell(source)


def front_matter_problems(source: str, vocabulary: Vocabulary = BUILTIN) -> list[Problem]:
    """What `ringkas check` says about this front matter (as the notebook's first cell), with
    the project's theme `vocabulary`."""
    found = Findings(Path("front-matter"))
    read_front_matter([_raw_cell(source)], found, vocabulary)
    return found.problems


def read_values(source: str) -> dict[str, object]:
    """The front matter's values as plain JSON data (text, lists, mappings); {} when the cell
    holds no readable front matter (its problems say why)."""
    match = FRONT_MATTER.match(source.replace("\r\n", "\n"))
    if match is None:
        return {}
    try:
        data = parse_yaml(match.group("yaml"))
    except (yaml.YAMLError, RecursionError):
        return {}
    return {str(k): _plain(v) for k, v in data.items()} if isinstance(data, Mapping) else {}


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (str, bool)) else str(value)


def field_problems(key: str, value: object, vocabulary: Vocabulary = BUILTIN) -> list[Problem]:
    """What `ringkas check` says about `key: value` alone, as one field of the front matter
    (the other fields' absence aside), with the project's theme `vocabulary`."""
    if key not in C.FRONT_MATTER_FIELDS:
        return [Problem(Path("front-matter"), 1, key, "fm.unknown_field",
                        {"key": key, "choices": list(C.FRONT_MATTER_FIELDS),
                         "suggest": closest(key, C.FRONT_MATTER_FIELDS)})]
    body = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False,
                          width=float("inf"))
    found = Findings(Path("front-matter"))
    read_front_matter([_raw_cell(f"---\n{body}---")], found, vocabulary)
    return [p for p in found.problems if p.field == key or (p.field or "").startswith(key + ".")]


# --- writing --------------------------------------------------------------------------------

def update_front_matter(source: str, values: Mapping[str, object]) -> str:
    """`source` (the raw cell's text) with each key of `values` set (None removes the key);
    every other byte as it was. A MessageError when the cell holds no front matter that can
    be read, or a key is not a front-matter field."""
    text = source.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise MessageError("fm.missing")
    for key in values:
        if key not in C.FRONT_MATTER_FIELDS:
            raise MessageError("fm.unknown_field", key=key, choices=list(C.FRONT_MATTER_FIELDS),
                               suggest=closest(str(key), C.FRONT_MATTER_FIELDS))
    if not values:
        return source
    body = match.group("yaml")
    data = _load(body, text[:match.start("yaml")].count("\n") + 1)
    comments: list[str] = []
    for key, value in values.items():
        _set(data, key, value, comments)
    out = io.StringIO()
    _yaml(body).dump(data, out)
    dumped = _spaced_comments(out.getvalue(), comments)
    if not body.endswith("\n"):
        dumped = dumped.removesuffix("\n")
    return text[:match.start("yaml")] + dumped + text[match.end("yaml"):]


def _yaml(body: str) -> YAML:
    """A round-trip YAML that writes lists indented as this text indents them."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 1 << 16  # never fold a long title or source onto a second line
    dash = DASH.search(body)
    offset = len(dash["indent"]) if dash else 2
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    return rt


def _load(body: str, first_line: int) -> CommentedMap:
    try:
        data = _yaml(body).load(body)
    except RuamelError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark else "?"
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise MessageError("fm.bad_yaml", line=line, detail=detail) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise MessageError("fm.not_mapping")
    return data


def _set(data: CommentedMap, key: str, value: object, comments: list[str]) -> None:
    if value is None:
        data.pop(key, None)
        return
    _remember_comment(data, key, comments)
    if key in data:
        data[key] = _merged(data[key], value, key, comments)
    else:
        data.insert(_position(data, key), key, _merged(None, value, key, comments))


def _remember_comment(node: CommentedMap | CommentedSeq, key: object, comments: list[str]
                      ) -> None:
    item = node.ca.items.get(key)
    token = item[2] if item and len(item) > 2 else None
    if token is not None and token.value.lstrip().startswith("#"):
        comments.append(token.value.strip())


def _position(data: CommentedMap, key: str) -> int:
    """Where a new key goes: after the last key the skeleton puts before it."""
    order = key_order()
    rank = order.index(key) if key in order else len(order)
    before = [n for n, k in enumerate(data) if k in order and order.index(k) < rank]
    return before[-1] + 1 if before else 0


@lru_cache(maxsize=1)
def key_order() -> tuple[str, ...]:
    """The front-matter keys in the skeleton's order, then the others of the contract."""
    import nbformat

    from ringkas.project.paths import templates_dir

    skeleton = nbformat.read(templates_dir() / "visit.ipynb", as_version=4).cells[0].source
    keys = [m["key"] for m in TOP_KEY.finditer(skeleton) if m["key"] in C.FRONT_MATTER_FIELDS]
    return (*keys, *(k for k in C.FRONT_MATTER_FIELDS if k not in keys))


def _merged(old: object, new: object, key: str, comments: list[str]) -> object:
    """`new` written in the place of `old`, keeping old's comments and style where it can."""
    if isinstance(new, Mapping):
        node = old if isinstance(old, CommentedMap) else CommentedMap()
        for name, value in new.items():
            if value is None:
                node.pop(name, None)
                continue
            _remember_comment(node, name, comments)
            node[name] = _merged(node.get(name), value, f"{key}.{name}", comments)
        return node
    if isinstance(new, list):
        return _merged_list(old, new, key, comments)
    if isinstance(new, str):
        return _scalar(new, old, key)
    return new


def _merged_list(old: object, new: list[object], key: str, comments: list[str]) -> CommentedSeq:
    if isinstance(old, CommentedSeq):
        seq = old
        flow = seq.fa.flow_style() is not False and (seq.fa.flow_style() or not seq)
    else:
        seq, flow = CommentedSeq(), _all_choices(new)
    for number, item in enumerate(new):
        value = _merged(seq[number] if number < len(seq) else None, item, f"{key}[]", comments)
        if number < len(seq):
            seq[number] = value
        else:
            seq.append(value)
    del seq[len(new):]
    if flow:
        seq.fa.set_flow_style()
    else:
        seq.fa.set_block_style()
    return seq


def _all_choices(items: list[object]) -> bool:
    return all(isinstance(i, str) and re.fullmatch(r"[a-z0-9-]+", i) for i in items)


def _scalar(new: str, old: object, key: str) -> object:
    """`new` as a YAML scalar: a real date for a date field, else in old's quoting, plain only
    where the front matter reads the plain text back as this very text (in a list: only a
    choice's key is plain, as `ringkas new` writes them)."""
    if key == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", new, re.ASCII):
        try:
            return dt.date.fromisoformat(new)
        except ValueError:
            pass
        return DoubleQuotedScalarString(new)  # left as text: the check says it is no date
    if "[]" in key and isinstance(old, (str, type(None))) and not _all_choices([new]):
        old = DoubleQuotedScalarString(old or "")  # inside a list, text is quoted as new does
    if isinstance(old, DoubleQuotedScalarString) or not _reads_back(new):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


def _reads_back(text: str) -> bool:
    if not text or "\n" in text or text != text.strip():
        return False
    try:
        return parse_yaml(f"k: {text}") == {"k": text}
    except (yaml.YAMLError, RecursionError):
        return False


def _spaced_comments(dumped: str, comments: list[str]) -> str:
    """Two spaces before the comment of a changed line, as the skeleton writes them (ruamel
    keeps a comment's column and falls back to one space when the value grew past it)."""
    lines = dumped.split("\n")
    for number, line in enumerate(lines):
        for comment in comments:
            if line.endswith(" " + comment) and not line.endswith("  " + comment) \
                    and line[: -len(comment) - 1].strip():
                lines[number] = line[: -len(comment)] + " " + comment
    return "\n".join(lines)
