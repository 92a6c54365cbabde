"""The brief's CSS as WeasyPrint needs it to print one brief: the same PDF, less to parse.

A brief's HTML carries one stylesheet for every brief on every medium: screen-only and
responsive blocks, and rules for elements that a given brief has not got (photos, letterhead,
draft stamp, the other audience's sections). WeasyPrint tokenizes and parses all of it for each
PDF, and again when the tightened layout is tried (`ringkas.render.fit`). `print_only` rewrites
the <style> blocks of the HTML handed to WeasyPrint (the HTML brief itself is not changed):

- an `@media` block WeasyPrint would ignore when printing is left out, decided by WeasyPrint's
  own `parse_media_query` and `evaluate_media_query` (it ignores every query with a feature,
  such as `(max-width: 40rem)`, and every `screen` block);
- a style rule is left out when each of its selectors names, outside any parentheses or
  brackets, a class that no element of this document has: such a selector cannot match.

Everything else (at-rules such as @page and @font-face, rules whose selectors may match, their
order) is kept. A <style> block that does not parse cleanly is kept as it is. The parsed rules
of a stylesheet are cached per process under its text, so the pre-pass costs little after the
first brief.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.S | re.I)
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z\u00a0-\uffff][-\w\u00a0-\uffff]*)")
_NESTED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass(frozen=True)
class _Rule:
    """One top-level item of a stylesheet: its CSS text and, for a style rule, the classes
    each of its selectors requires (None: kept whatever the document; a @media block that
    applies holds its own rules in `inner`)."""

    text: str
    required: tuple[frozenset[str], ...] | None = None
    inner: tuple[_Rule, ...] | None = None


def print_only(html: str) -> str:
    """`html` with each <style> block reduced to what can apply to this document in print."""
    classes = document_classes(html)

    def reduce(match: re.Match[str]) -> str:
        rules = parsed(match.group(2))
        if rules is None:
            return match.group(0)
        return match.group(1) + _kept(rules, classes) + match.group(3)

    return _STYLE.sub(reduce, html)


def document_classes(html: str) -> frozenset[str]:
    """Every class token on an element of `html`, lower-cased (a superset is safe: it only
    keeps more rules)."""
    found: set[str] = set()
    for match in _CLASS_ATTR.finditer(html):
        value = match.group(1) or match.group(2) or match.group(3) or ""
        found.update(value.lower().split())
    return frozenset(found)


def _kept(rules: tuple[_Rule, ...], classes: frozenset[str]) -> str:
    out = []
    for rule in rules:
        if rule.inner is not None:
            body = _kept(rule.inner, classes)
            if body:
                out.append(rule.text + "{" + body + "}")
        elif rule.required is None or any(need <= classes for need in rule.required):
            out.append(rule.text)
    return "\n".join(out)


@functools.lru_cache(maxsize=32)
def parsed(css: str) -> tuple[_Rule, ...] | None:
    """The rules of `css` that WeasyPrint would read when printing; None when it has a parse
    error (then the block is left as it is)."""
    import tinycss2

    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _rules(nodes)


def _rules(nodes: list[Any]) -> tuple[_Rule, ...] | None:
    import tinycss2
    from weasyprint.css import media_queries

    rules: list[_Rule] = []
    for node in nodes:
        if node.type == "error":
            return None
        if node.type == "qualified-rule":
            rules.append(_Rule(tinycss2.serialize([node]), _required(node.prelude)))
        elif node.type == "at-rule" and node.lower_at_keyword == "media":
            media = media_queries.parse_media_query(node.prelude)
            if media is None or not media_queries.evaluate_media_query(media, "print"):
                continue  # WeasyPrint ignores it when printing
            if node.content is None:
                return None
            inner = _rules(tinycss2.parse_rule_list(
                node.content, skip_comments=True, skip_whitespace=True))
            if inner is None:
                return None
            rules.append(_Rule("@media " + tinycss2.serialize(node.prelude).strip(),
                               inner=inner))
        else:
            rules.append(_Rule(tinycss2.serialize([node])))
    return tuple(rules)


def _required(prelude: list[Any]) -> tuple[frozenset[str], ...] | None:
    """For each selector of a rule, the classes it cannot match without; None when one
    selector requires none (the rule is always kept)."""
    import tinycss2

    text = tinycss2.serialize(prelude)
    previous = None
    while previous != text:  # drop (...) and [...] contents, innermost first
        previous, text = text, _NESTED.sub(" ", text)
    if "(" in text or "[" in text or "\\" in text:
        return None  # unbalanced or escaped: keep the rule
    required = []
    for selector in text.split(","):
        names = frozenset(name.lower() for name in _CLASS_SELECTOR.findall(selector))
        if not names:
            return None
        required.append(names)
    return tuple(required)


def detached_styles(html: str) -> tuple[str, tuple[str, ...]] | None:
    """`html` without its <style> blocks, and their CSS in document order: WeasyPrint can be
    given them as stylesheets parsed once per process (`ringkas.render.pdf.parsed_css`). None
    when a block has attributes (a `media` one would have to be evaluated): leave the page as
    it is."""
    blocks = list(_STYLE.finditer(html))
    if any(match.group(1).lower() != "<style>" for match in blocks):
        return None
    return _STYLE.sub("", html), tuple(match.group(2) for match in blocks)
