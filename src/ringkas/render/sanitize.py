"""Everything a notebook says reaches a brief's HTML through here: escaped or sanitized.

A visit notebook is written by people and run by a kernel; neither is trusted to write HTML.
Markdown becomes HTML with mistune (raw HTML passes through it) and then goes through `nh3`
with an allowlist; so do `text/html` outputs such as pandas tables. Images are rebuilt by us as
`<img src="data:...">` from base64 we decoded and checked; SVG is only ever an image, never
inline markup, so nothing in it can run. Every function returns `Markup`, which Jinja's
autoescape leaves alone; anything else the template prints is escaped.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import mistune
import nh3
from babel.numbers import format_decimal
from markupsafe import Markup

from ringkas.contract.limits import IMAGE_LIMIT, MB, data_images
from ringkas.i18n.translations import DEFAULT_LANG, babel_locale
from ringkas.i18n.translations import text as catalogue_text
from ringkas.notebook import markdown as md

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
#: Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "form", "template", "noscript", "svg",
    "math", "textarea", "select", "button", "frameset", "frame", "applet", "title",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
LINK_SCHEMES = ("http://", "https://", "mailto:")
#: Raster images a brief embeds, with the bytes each file starts with.
IMAGE_MIMES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff",
               "image/gif": b"GIF8"}
_DATA_URL = re.compile(r"^data:(image/(?:png|jpeg|gif));base64,([A-Za-z0-9+/=\s]+)$", re.I)
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)
#: The language of the notes that stand in for images over the limit (`notes_in`).
_notes_lang: ContextVar[str] = ContextVar("ringkas_notes_lang", default=DEFAULT_LANG)
_TAG_OR_ENTITY = re.compile(r"<[^>]*>|&#?\w+;")

#: Blocks that may carry `dir`: what markdown makes (below) and what HTML in a notebook may say.
DIRECTED_BLOCKS = ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th")
TEXT_DIRECTIONS = ("rtl", "ltr", "auto")


class BriefRenderer(mistune.HTMLRenderer):
    """mistune's HTML, with `dir="rtl"` on every block whose first letter is Arabic, Hebrew or
    another right-to-left script, so that browsers and WeasyPrint alike align it right."""

    def paragraph(self, text: str) -> str:
        return directed(super().paragraph(text), text)

    def heading(self, text: str, level: int, **attrs: object) -> str:
        return directed(super().heading(text, level, **attrs), text)

    def list_item(self, text: str) -> str:
        return directed(super().list_item(text), text)

    def block_quote(self, text: str) -> str:
        return directed(super().block_quote(text), text)


def directed(html: str, text: str) -> str:
    """`html` (one block, opening with its own tag) marked right to left if `text` starts so."""
    return html.replace(">", ' dir="rtl">', 1) if first_direction(text) == "rtl" else html


def first_direction(html: str) -> str | None:
    """"rtl" or "ltr": the direction of the first letter outside tags that has one, if any.
    Only a guess at layout: a wrong answer aligns a paragraph on the other side, nothing more."""
    text = _TAG_OR_ENTITY.sub(" ", html)
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _table_cell(renderer: mistune.HTMLRenderer, text: str, align: str | None = None,
                head: bool = False) -> str:
    tag = "th" if head else "td"
    style = f' style="text-align:{align}"' if align else ""
    return directed(f"  <{tag}{style}>{text}</{tag}>\n", text)


#: The HTML renderer of the trees `ringkas.notebook.markdown.parse` makes (the one parse); the
#: mistune around it only registers the plugins' render functions on it, and never parses.
_renderer = BriefRenderer(escape=False)
_markdown = mistune.create_markdown(escape=False, renderer=_renderer,
                                    plugins=list(md.PLUGINS))
md.use_table_rule(_markdown)  # the tables ringkas.notebook reads are the tables shown
_renderer.register("table_cell", _table_cell)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Links go to the web or to mail only; images come only from checked data: URLs."""
    if element == "a" and attribute == "href":
        return value if value.strip().lower().startswith(LINK_SCHEMES) else None
    if element == "img" and attribute == "src":
        match = _DATA_URL.match(value.strip())
        return value if match and _decode(match.group(2), match.group(1).lower()) else None
    if attribute == "dir":
        return value if value.strip().lower() in TEXT_DIRECTIONS else None
    return value


@contextmanager
def notes_in(lang: str) -> Iterator[None]:
    """Notes written while this holds (an image over the limit) are in `lang`: the brief's."""
    token = _notes_lang.set(lang)
    try:
        yield
    finally:
        _notes_lang.reset(token)


def _image_note(match: re.Match[str]) -> str:
    """An `<img>` whose `data:` URL passes the outputs' image limit, as a note giving its size."""
    size = max((image.size for image in data_images(match.group())), default=0)
    if size <= IMAGE_LIMIT:
        return match.group()
    lang = _notes_lang.get()

    def megabytes(value: int) -> str:  # as Labels.number does (labels imports this module)
        return format_decimal(value / MB, format="#,##0.0", locale=babel_locale(lang))

    note = catalogue_text("brief.image.too_large", lang, size=megabytes(size),
                          limit=megabytes(IMAGE_LIMIT))
    return str(Markup('<span class="image-omitted">{}</span>').format(note))


def limit_images(html: str) -> str:
    """`html` with every `data:` image over the limit replaced by a note (a 23 MB picture
    pasted into markdown would make a 31 MB page and a 24 MB PDF)."""
    return _IMG_TAG.sub(_image_note, html) if "data:" in html else html


def clean_html(html: str) -> Markup:
    """`html` with only harmless tags and attributes left: no scripts, handlers, frames, forms;
    images over the size limit are notes."""
    cleaned = nh3.clean(
        limit_images(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(ALLOWED_ATTRIBUTES.get(tag, ())) | ({"dir"} if tag in
                    DIRECTED_BLOCKS else set()) for tag in {*ALLOWED_ATTRIBUTES, *DIRECTED_BLOCKS}},
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 just above)


def shift_headings(html: str, top: int) -> str:
    """Headings moved down so that `#` becomes `<h{top}>`: the brief owns the top levels."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + top - 1)}", html)


def markdown_html(text: str, top: int = 4) -> Markup:
    """Markdown written in a notebook, as sanitized HTML with its headings from `<h{top}>` down."""
    if not text.strip():
        return Markup("")
    return tree_html(md.parse(text), top)


def tree_html(tree: md.Parsed | None, top: int = 4) -> Markup:
    """Markdown already parsed (`ringkas.notebook.markdown.parse`, the one parse a brief's
    HTML and DOCX share), as sanitized HTML with its headings from `<h{top}>` down."""
    if tree is None or not tree.blocks:
        return Markup("")
    html = _renderer([dict(b.token) for b in tree.blocks], mistune.BlockState())
    return clean_html(shift_headings(html, top))


def inline_markdown(text: str) -> Markup:
    """A one-line markdown value (an innovation field, a table cell) without its paragraph."""
    return inline_html(md.parse(text) if text.strip() else None)


def inline_html(value: md.Parsed | str | None) -> Markup:
    """A one-line value as HTML without its paragraph: parsed markdown sanitized, plain text
    escaped."""
    if value is None or isinstance(value, str):
        return Markup.escape(value or "")
    html = str(tree_html(value)).strip()
    match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
    return Markup(match.group(1) if match else html)  # noqa: S704 (already sanitized)


def text_html(text: str) -> Markup:
    """Plain text (a stream, a text/plain output) as preformatted, escaped HTML."""
    return Markup("<pre class=\"output-text\">{}</pre>").format(text.rstrip("\n"))


def _decode(data: str, mime: str) -> bytes | None:
    """The bytes of base64 `data` when they are valid and really are a `mime` image."""
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", data), validate=True)
    except (binascii.Error, ValueError):
        return None
    magic = IMAGE_MIMES.get(mime)
    return raw if magic and raw.startswith(magic) else None


def image_tag(data: object, mime: str, alt: str = "") -> Markup:
    """An `<img>` with a data: URL we built from checked content; empty when it is not an image.

    `data` is base64 for PNG and JPEG (as notebooks store them) and text for SVG.
    """
    if mime == "image/svg+xml":
        text = "".join(data) if isinstance(data, list) else str(data)
        if not re.match(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b",
                        text, re.DOTALL | re.IGNORECASE):
            return Markup("")
        payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    else:
        raw = _decode(str(data), mime)
        if raw is None:
            return Markup("")
        payload = base64.b64encode(raw).decode("ascii")
    return Markup("<img src=\"data:{};base64,{}\" alt=\"{}\">").format(mime, payload, alt)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, for the page-margin labels of print CSS. Each escape
    ends in the one space CSS takes as its end, so that a real space after it stays (written
    as six digits alone, "\\0000b7 2 Desember" would lose the space before "2")."""
    safe = " .,:;-()/"
    escaped = "".join(ch if ch.isalnum() or ch in safe else f"\\{ord(ch):x} " for ch in text)
    return f"\"{escaped}\""


__all__ = ["clean_html", "css_string", "image_tag", "inline_html", "inline_markdown",
           "limit_images", "markdown_html", "notes_in", "shift_headings", "text_html", "tree_html"]
