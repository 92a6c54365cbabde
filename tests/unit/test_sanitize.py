"""Notebook text reaches a brief's HTML only escaped or sanitized."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from ringkas.render.sanitize import (
    clean_html,
    css_string,
    image_tag,
    inline_markdown,
    markdown_html,
    text_html,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
PNG_B64 = base64.b64encode(PNG).decode()
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[y](JaVaScRiPt:alert(1))",
    "[d](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src='https://example.org'></iframe>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<style>body{display:none}</style>",
    "<form action='https://example.org'><input name=q></form>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<a href='#' onclick='alert(1)'>click</a>",
    "<div style='background:url(https://example.org/t.png)'>x</div>",
]


class Elements(HTMLParser):
    """Every element of an HTML fragment with its attributes, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.found}

    def attributes(self) -> list[tuple[str, str, str]]:
        return [(tag, k, v) for tag, attrs in self.found for k, v in attrs.items()]


def assert_harmless(html: str) -> None:
    parsed = Elements(html)
    assert not parsed.tags() & {"script", "iframe", "object", "embed", "style", "form", "input",
                                "svg", "link", "meta", "base"}
    for tag, name, value in parsed.attributes():
        assert not name.startswith("on"), (tag, name)
        assert name != "style", tag
        if name == "href":
            assert value.startswith(("http://", "https://", "mailto:")), value
        if name == "src":
            assert value.startswith(
                ("data:image/png;", "data:image/jpeg;", "data:image/gif;")), value


def test_each_attack_is_removed_from_markdown() -> None:
    for attack in ATTACKS:
        html = markdown_html(f"Teks {attack} selesai.")
        assert_harmless(html)
        assert "alert(1)" not in "".join(Elements(html).text), attack


def test_harmless_markdown_keeps_its_structure() -> None:
    html = markdown_html("**tebal** dan *miring*\n\n- satu\n- dua\n\n"
                         "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                         "[BPS](https://bps.go.id)")
    tags = Elements(html).tags()
    assert {"strong", "em", "ul", "li", "table", "th", "td", "a"} <= tags
    assert '<a href="https://bps.go.id" rel="noopener noreferrer">BPS</a>' in html


def test_headings_move_below_the_brief_s_own() -> None:
    assert markdown_html("# Satu\n\n## Dua", top=4).count("<h4>") == 1
    assert "<h5>Dua</h5>" in markdown_html("# Satu\n\n## Dua", top=4)
    assert "<h6>Enam</h6>" in markdown_html("###### Enam", top=4)


def test_jinja_looking_text_stays_literal() -> None:
    assert "{{ 7*7 }}" in markdown_html("Hasil {{ 7*7 }} dan {% raw %}")
    assert "{% raw %}" in markdown_html("Hasil {{ 7*7 }} dan {% raw %}")


def test_html_outputs_keep_tables_and_lose_styles_and_scripts() -> None:
    pandas_like = ('<div><style scoped>.dataframe tbody tr th {vertical-align: top;}</style>'
                   '<table class="dataframe" border="1"><thead><tr style="text-align: right;">'
                   '<th>tahun</th></tr></thead>'
                   '<tbody><tr><td onmouseover="x()">7,52</td></tr></tbody>'
                   '</table><script>alert(1)</script></div>')
    html = clean_html(pandas_like)
    assert_harmless(html)
    assert "vertical-align" not in html and "alert" not in html
    assert "<td>7,52</td>" in html


def test_markdown_images_only_from_checked_data_urls() -> None:
    outside = markdown_html("![foto](https://example.org/tracker.png)")
    assert "example.org" not in outside
    inline = markdown_html(f"![grafik](data:image/png;base64,{PNG_B64})")
    assert f'src="data:image/png;base64,{PNG_B64}"' in inline
    fake = base64.b64encode(b"<svg onload=alert(1)>").decode()
    assert "src=" not in markdown_html(f"![x](data:image/png;base64,{fake})")


def test_png_becomes_an_img_rebuilt_from_its_bytes() -> None:
    tag = image_tag(PNG_B64[:10] + "\n" + PNG_B64[10:], "image/png", alt='grafik "A" <b>')
    assert tag == Markup(f'<img src="data:image/png;base64,{PNG_B64}" '
                         'alt="grafik &#34;A&#34; &lt;b&gt;">')


def test_images_that_are_not_what_they_claim_are_dropped() -> None:
    assert image_tag("bukan base64!", "image/png") == ""
    assert image_tag(base64.b64encode(b"<html>").decode(), "image/png") == ""
    assert image_tag(PNG_B64, "image/jpeg") == ""
    assert image_tag(PNG_B64, "image/bmp") == ""


def test_svg_is_only_ever_an_image() -> None:
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    tag = image_tag(svg, "image/svg+xml", alt="peta")
    assert tag.startswith('<img src="data:image/svg+xml;base64,')
    assert "<svg" not in tag and "onload" not in tag
    assert base64.b64decode(tag.split("base64,")[1].split('"')[0]).decode() == svg
    assert image_tag("<script>alert(1)</script>", "image/svg+xml") == ""


def test_plain_text_is_escaped() -> None:
    assert text_html("<b>7,52</b>\n") == Markup(
        '<pre class="output-text">&lt;b&gt;7,52&lt;/b&gt;</pre>')


def test_inline_markdown_has_no_paragraph() -> None:
    assert inline_markdown("dana **CSR** <script>x</script>") == Markup(
        "dana <strong>CSR</strong> ")


def test_css_strings_keep_the_space_after_an_escape() -> None:
    # an escape swallows one space after it: each brings its own, so the text's stays
    assert css_string("Revisi 1 · 2 Des") == '"Revisi 1 \\b7  2 Des"'


def test_css_strings_cannot_break_out() -> None:
    quoted = css_string('Halaman "1" \\ </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "\\ " not in quoted


@given(st.lists(st.sampled_from([*ATTACKS, "teks", "**b**", "\n\n", "<", ">", "\"", "'", "`",
                                 "<p", "<a href=", "javascript:", " onerror=", "<img", "{{ x }}"]),
                max_size=12))
def test_any_mix_of_fragments_stays_harmless(parts: list[str]) -> None:
    assert_harmless(markdown_html("".join(parts)))
    assert_harmless(clean_html("".join(parts)))


# --- right-to-left text -------------------------------------------------------------------

ARABIC = "تطوير الخدمات"


def test_blocks_starting_right_to_left_are_marked_so() -> None:
    html = str(markdown_html(f"{ARABIC}\n\n«{ARABIC}» 2023\n\nLatin lalu {ARABIC}\n\n"
                             f"- **{ARABIC}**\n- satu\n\n> {ARABIC}\n\n## {ARABIC}\n\n"
                             f"| A | B |\n| --- | --- |\n| 1 {ARABIC} | x |"))
    assert f'<p dir="rtl">{ARABIC}</p>' in html
    assert f'<p dir="rtl">«{ARABIC}» 2023</p>' in html  # the first letter decides, not «
    assert f"<p>Latin lalu {ARABIC}</p>" in html
    assert f'<li dir="rtl"><strong>{ARABIC}</strong></li>' in html and "<li>satu</li>" in html
    assert f'<blockquote dir="rtl">\n<p dir="rtl">{ARABIC}</p>\n</blockquote>' in html
    assert f'<h5 dir="rtl">{ARABIC}</h5>' in html
    assert f'<td dir="rtl">1 {ARABIC}</td>' in html


def test_only_a_text_direction_passes_as_dir() -> None:
    html = str(markdown_html('<p dir="rtl">a</p><p dir="javascript:x">b</p><span dir="rtl">c'
                             '</span><p dir=" LTR ">d</p>'))
    assert html.strip() == '<p dir="rtl">a</p><p>b</p><span>c</span><p dir=" LTR ">d</p>'
