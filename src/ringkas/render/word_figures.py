"""The pictures of a Word brief: the letterhead's logo, the evidence figures (the PNG or JPEG a
notebook's outputs hold) and the visit's photos, as the brief model holds them
(`ringkas.render.brief_model`). Used by `ringkas.render.word_brief`.
"""

from __future__ import annotations

import base64
import binascii
import io

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from nbformat import NotebookNode

from ringkas.render import word as W
from ringkas.render.brief_model import Brief, Figure, Letterhead
from ringkas.render.sanitize import IMAGE_MIMES
from ringkas.render.word_tables import table_rows

FIGURE_WIDTH = Cm(15.5)  # an A4 page less 2 cm margins, with room to spare
PHOTO_WIDTH = Cm(12.0)  # a photo: narrower than a chart, so that it and its caption share a page
LOGO_HEIGHT = Cm(1.8)  # as the HTML letterhead's logo
#: Raster outputs a DOCX embeds, most wanted first. An SVG-only chart has no raster to embed:
#: its text/plain stands in with a note (the HTML and PDF briefs show it).
RASTERS = ("image/png", "image/jpeg")


def letterhead(document: Document, head: Letterhead) -> None:
    """The kop surat at the top of page 1: the logo, the lines centred under it, a double rule
    below (as the HTML's). No letterhead: nothing."""
    if not head:
        return
    if head.logo:
        logo = W.paragraph(document)
        logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        logo.add_run().add_picture(io.BytesIO(head.logo), height=LOGO_HEIGHT)
    last = None
    for number, line in enumerate(head.lines):
        last = W.paragraph(document, line, bold=number == 0)
        last.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if last is not None:
        _double_rule(last)


def _double_rule(para: object) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "4"),
                       ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().append(borders)  # type: ignore[attr-defined]


def figures(document: Document, brief: Brief) -> None:
    if not brief.figures:
        return
    W.heading(document, brief.L.section("evidence"), 1 if brief.audience == "pimpinan" else 2)
    for figure in brief.figures:
        for output in figure.outputs:
            _output(document, output, brief)
        W.paragraph(document, caption(figure, brief), "Caption")


def photos(document: Document, brief: Brief) -> None:
    """The photos the brief shows (all in the teknis report, the marked one for leadership),
    each with its caption and credit, as the HTML's photo grid; or "not discussed"."""
    L = brief.L
    shown = brief.shown_photos
    if not shown:
        part = brief.part("dokumentasi") if brief.audience == "teknis" else None
        if part is not None:
            W.heading(document, part.heading, 2)
            W.paragraph(document, part.note, W.NOTE_STYLE)
        return
    W.heading(document, L.section("dokumentasi"), 1 if brief.audience == "pimpinan" else 2)
    if brief.audience == "teknis":
        W.markdown_tree(document, brief.photos_prose, 3)
    for photo in shown:
        document.add_picture(io.BytesIO(photo.data), width=PHOTO_WIDTH)
        label = f"{L('photo', number=L.number(photo.number))}." \
            if brief.audience == "teknis" else ""
        text = " ".join(x for x in (label, photo.caption, photo.credit) if x)
        if text:
            W.paragraph(document, text, "Caption")


def caption(figure: Figure, brief: Brief) -> str:
    L = brief.L
    text = f"{L('figure', number=L.number(figure.number))}."
    if figure.caption:
        text += f" {figure.caption}"
    if figure.source:
        text += f" {L.evidence_field('source')}: {figure.source}"
    return text


def _output(document: Document, output: NotebookNode, brief: Brief) -> None:
    """One output of an evidence cell: a chart as a picture, text as text."""
    if output.get("output_type") == "stream":
        W.paragraph(document, str(output.get("text", "")).rstrip("\n"), W.CODE_STYLE)
        return
    data = output.get("data", {})
    for mime in RASTERS:
        image = _image(data.get(mime), mime)
        if image is not None and _picture(document, image, FIGURE_WIDTH):
            return
    if "image/svg+xml" in data:
        W.paragraph(document, brief.L("docx_svg"), W.NOTE_STYLE)
        return
    if "text/html" in data and _html_table(document, str(data["text/html"])):
        return
    if "text/markdown" in data:
        W.markdown(document, str(data["text/markdown"]), 3)
    elif "text/plain" in data:
        W.paragraph(document, str(data["text/plain"]).rstrip("\n"), W.CODE_STYLE)


def _picture(document: Document, image: bytes, width: Length) -> bool:
    """`image` as a picture `width` wide; False (nothing written) when python-docx cannot read
    it (a PNG's signature with no image behind it): the output's text stands in."""
    try:
        document.add_picture(io.BytesIO(image), width=width)
    except (UnrecognizedImageError, UnexpectedEndOfFileError, InvalidImageStreamError):
        return False
    return True


def _html_table(document: Document, html: str) -> bool:
    """A DataFrame's table as a Word table; False when the HTML holds no printable table."""
    header, body = table_rows(html)
    if not body:
        return False
    W.table(document, header if any(header) else None, body)
    return True


def _image(value: object, mime: str) -> bytes | None:
    """The image's bytes when `value` is base64 of a file of type `mime`, else None."""
    if not value:
        return None
    text = "".join(value) if isinstance(value, list) else str(value)
    try:
        image = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None
    return image if image.startswith(IMAGE_MIMES[mime]) else None
