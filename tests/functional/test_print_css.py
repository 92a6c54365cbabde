"""The print-only stylesheet, parsed once per process, changes nothing in the PDF: the example's
briefs print to the same bytes with and without it (twice, so the second uses the parsed CSS
of the first), and every rule an element of a brief matches is kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ringkas.render import pdf as pdf_module
from ringkas.render.exporters import render_html, render_pdf
from ringkas.render.printcss import print_only
from tests.functional.test_pdf import executed_example
from tests.notebooks import EXAMPLE

pytestmark = pytest.mark.slow


def brief_html(base: Path, audience: str, lang: str) -> str:
    return render_html(executed_example(base, lang), audience=audience, lang=lang,
                       source_path=EXAMPLE, rendered_on=dt.date(2024, 2, 29))


def matched_rules(html: str) -> list[str]:
    """The serialized style rules (top level and in @media print) of `html`'s <style> blocks
    that match at least one element of it, as WeasyPrint's selector engine sees it."""
    import cssselect2
    import tinycss2
    from weasyprint import HTML

    elements = list(HTML(string=html).wrapper_element.iter_subtree())
    found = []
    for css in re.findall(r"<style>(.*?)</style>", html, re.S):
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        for node in nodes:
            inner = [node]
            if node.type == "at-rule" and node.lower_at_keyword == "media":
                if tinycss2.serialize(node.prelude).strip() != "print":
                    continue
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True,
                                                 skip_whitespace=True)
            for rule in inner:
                if rule.type != "qualified-rule":
                    continue
                selectors = list(cssselect2.compile_selector_list(rule.prelude))
                if any(s.test(e) for s in selectors for e in elements):
                    found.append(tinycss2.serialize([rule]))
    return found


@pytest.mark.parametrize("audience", ["pimpinan", "teknis"])
def test_every_rule_a_brief_matches_is_kept(tmp_path_factory, audience: str) -> None:
    html = brief_html(tmp_path_factory.getbasetemp(), audience, "id")
    kept = "".join(re.findall(r"<style>(.*?)</style>", print_only(html), re.S))
    rules = matched_rules(html)
    assert len(rules) > 20
    assert [rule for rule in rules if rule not in kept] == []
    assert len(kept) < len("".join(re.findall(r"<style>(.*?)</style>", html, re.S)))


@pytest.mark.parametrize("audience", ["pimpinan", "teknis"])
def test_the_pdf_is_byte_for_byte_the_same_without_the_pre_pass(
        tmp_path_factory, monkeypatch, audience: str) -> None:
    html = brief_html(tmp_path_factory.getbasetemp(), audience, "en")
    lighter = render_pdf(html)
    assert render_pdf(html) == lighter  # the stylesheets parsed by the first, reused
    monkeypatch.setattr(pdf_module, "print_only", lambda page: page)
    monkeypatch.setattr(pdf_module, "detached_styles", lambda page: None)
    assert render_pdf(html) == lighter
