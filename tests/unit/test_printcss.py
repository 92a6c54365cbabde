"""The print-only stylesheet WeasyPrint parses (`ringkas.render.printcss`): what it drops can
apply to nothing in print; what it keeps is unchanged and in order."""

from __future__ import annotations

import re

from ringkas.render.printcss import detached_styles, document_classes, print_only


def styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, re.S)


def page(css: str, body: str) -> str:
    return f"<html><head><style>{css}</style></head><body>{body}</body></html>"


def test_screen_and_feature_media_blocks_are_dropped_print_blocks_kept() -> None:
    css = ("@media screen and (max-width: 40rem){p{color:red}}"
           "@media (max-width: 40rem){p{color:blue}}"
           "@media screen{p{color:green}}"
           "@media print{p{color:black}}p{margin:0}")
    (kept,) = styles(print_only(page(css, "<p>x</p>")))
    assert "red" not in kept and "blue" not in kept and "green" not in kept
    assert "@media print{p{color:black}}" in kept
    assert kept.index("black") < kept.index("margin")


def test_a_rule_is_dropped_only_when_every_selector_needs_an_absent_class() -> None:
    css = (".photos img{a:1}.card,.lead{b:2}.lead.photo{c:3}p:not(.photos){d:4}"
           "a[href$='.pdf']{e:5}@page{size:A4}.LEAD{f:6}")
    (kept,) = styles(print_only(page(css, '<p class="lead">x</p>')))
    assert "a:1" not in kept and "c:3" not in kept
    for declaration in ("b:2", "d:4", "e:5", "size:A4", "f:6"):
        assert declaration in kept, declaration


def test_a_block_that_does_not_parse_is_left_as_it_is() -> None:
    css = ".gone{x:1} p{color:red} .unfinished"
    assert print_only(page(css, "<p>x</p>")) == page(css, "<p>x</p>")


def test_classes_are_read_from_quoted_and_unquoted_attributes() -> None:
    html = "<p class='a b'></p><div class=c></div><svg><g CLASS=\"D\"/></svg>"
    assert document_classes(html) == {"a", "b", "c", "d"}


def test_style_blocks_are_detached_in_order_unless_one_has_attributes() -> None:
    html = "<head><style>p{a:1}</style><style>q{b:2}</style></head><body>x</body>"
    assert detached_styles(html) == ("<head></head><body>x</body>", ("p{a:1}", "q{b:2}"))
    assert detached_styles('<style media="screen">p{a:1}</style>') is None
