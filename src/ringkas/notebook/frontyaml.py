"""The YAML of the front matter: read safely, its duplicate keys noted, its problems explained.

`load_front_yaml(text, first_line)` returns the parsed YAML and every key written twice in one
mapping (with both lines), or raises `YamlProblem` with the line of the cell the parser stopped
at and a `Phrase` saying, in the reader's language, what is wrong there: PyYAML's own sentences
("expected ',' or ']', but got ':'") mean little to a planner who wrote a title with a bracket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ringkas.i18n.messages import Phrase


@dataclass(frozen=True)
class Duplicate:
    key: str
    first: int  # line in the cell
    second: int


class YamlProblem(Exception):
    """The YAML cannot be read: where (a line of the cell, None when unknown) and what."""

    def __init__(self, line: int | None, detail: Phrase) -> None:
        super().__init__(line, detail)
        self.line, self.detail = line, detail


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, refuses aliases and notes duplicate keys.

    Dates stay text so that an impossible date (2022-02-30) gets ringkas's message, not YAML's.
    Aliases (`*name`) are refused: a value could contain itself, or expand a few lines into
    millions of values, and front matter never needs them. A key written twice in one mapping
    (two `status:` lines) is noted: YAML keeps the last one silently.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # key, first line, second (0-based)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: the checks that follow refuse it
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line
            if key in seen:
                self.duplicates.append((str(key), seen[key], line))
            else:
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front_yaml(text: str, first_line: int) -> tuple[object, list[Duplicate]]:
    """The YAML `text` (its first line is line `first_line` of the cell) and its duplicate
    keys; `YamlProblem` when it cannot be read."""
    try:
        loader = _FrontMatterLoader(text)  # its reader refuses control characters at once
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + first_line
        raise YamlProblem(line, Phrase("yaml.control_character",
                                       {"code": f"U+{exc.character:04X}"})) from None
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        detail = explain(exc)
        # an unclosed bracket or quote is noticed lines later: name the line that opened it
        opened = detail.code in ("yaml.unclosed_bracket", "yaml.unclosed_quote")
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        raise YamlProblem(None if mark is None else mark.line + first_line, detail) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(None, Phrase("yaml.other", {"detail": str(exc).splitlines()[0]})
                          ) from None
    except RecursionError:
        raise YamlProblem(None, Phrase("yaml.too_deep")) from None
    finally:
        loader.dispose()
    return data, [Duplicate(key, first + first_line, second + first_line)
                  for key, first, second in loader.duplicates]


#: PyYAML's problem (a regular expression over its English sentence) -> what we say instead.
#: The first that matches wins; the groups become the phrase's parameters.
EXPLANATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^expected ',' or '(?P<closing>[\]}])', but got"), "yaml.unclosed_bracket"),
    (re.compile(r"^found character '\\t' that cannot start any token"), "yaml.tab"),
    (re.compile(r"^found character '(?P<char>.)' that cannot start any token"),
     "yaml.reserved_character"),
    (re.compile(r"^mapping values are not allowed here"), "yaml.colon_in_value"),
    (re.compile(r"^found unexpected end of stream"), "yaml.unclosed_quote"),
    (re.compile(r"^could not find expected ':'"), "yaml.no_colon"),
    (re.compile(r"^expected <block end>, but found"), "yaml.indentation"),
    (re.compile(r"^found unknown escape character"), "yaml.bad_escape"),
    (re.compile(r"^aliases \(\*name\) are not allowed|^found undefined alias"), "yaml.alias"),
    (re.compile(r"^could not determine a constructor for the tag"), "yaml.tag"),
]


def explain(exc: yaml.MarkedYAMLError) -> Phrase:
    """What PyYAML's error means, as a phrase of the catalogues."""
    problem = exc.problem or ""
    for pattern, code in EXPLANATIONS:
        match = pattern.search(problem)
        if match:
            params: dict[str, object] = dict(match.groupdict())
            if code == "yaml.unclosed_bracket":
                params["opening"] = "[" if params["closing"] == "]" else "{"
            return Phrase(code, params)
    return Phrase("yaml.other", {"detail": problem or str(exc).splitlines()[0]})
