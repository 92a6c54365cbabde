"""Word (DOCX) documents: the reference document, its styles, and what a brief writes in it.

A DOCX brief is built with python-docx from the same `Brief` the HTML template gets
(`ringkas.render.word_brief`), never converted from HTML. Its look comes from a reference
document, `templates/brief/reference.docx`: the brief opens it, empties its body and fills it,
so the styles (fonts, colours, spacing of "Title", "Heading 1", "List Bullet", "Table Grid", ...)
and the margins are the agency's, edited in Word without code. `make_reference` writes the one
ringkas ships (`scripts/make-reference-docx`). A style the reference lacks falls back to Normal.

Text from notebooks is plain text in a DOCX (Word shows no markup), but XML cannot hold most
control characters: `xml_text` removes them before any text goes in.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from ringkas.contract.problems import MessageError
from ringkas.notebook import markdown as md
from ringkas.project.paths import templates_dir
from ringkas.render.sanitize import DROPPED_WITH_CONTENT
from ringkas.render.word_tables import TABLE_POINTS, fit_widths

REFERENCE_NAME = "reference.docx"
A4 = (Cm(21.0), Cm(29.7))
#: The styles a brief uses beyond Word's built-in ones; `make_reference` defines them.
WATERMARK_STYLE = "Brief Watermark"
NOTE_STYLE = "Brief Note"
CODE_STYLE = "Brief Code"
TABLE_STYLE = "Table Grid"
#: What XML 1.0 can hold: tab, newline, carriage return and the printable planes.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_DROPPED_TAGS = "|".join(sorted(DROPPED_WITH_CONTENT))
_DROPPED_OPEN = re.compile(rf"<({_DROPPED_TAGS})\b", re.I)
_DROPPED_CLOSE = re.compile(rf"</({_DROPPED_TAGS})\s*>", re.I)
_DROPPED_ELEMENT = re.compile(rf"<({_DROPPED_TAGS})\b.*?(</\1\s*>|\Z)", re.I | re.S)


def xml_text(text: object) -> str:
    """`text` as a string XML can hold: control characters and lone surrogates removed."""
    return _NOT_XML.sub("", str(text))


def reference_path() -> Path:
    """The reference document of the brief template, `templates/brief/reference.docx`."""
    return templates_dir() / "brief" / REFERENCE_NAME


def open_reference(path: Path | None = None) -> Document:
    """A new document with the styles, margins, header and footer settings of the reference
    document at `path` (default: the template's), its body emptied.

    Raises MessageError("render.bad_reference") naming the file when it is missing or not a
    Word document."""
    path = path or reference_path()
    try:
        document = docx.Document(str(path))
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise MessageError("render.bad_reference", path=path,
                           detail=f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:
        raise MessageError("render.bad_reference", path=path,
                           detail=f"{type(exc).__name__}: {exc}") from exc
    clear_body(document)
    return document


def stable_zip(data: bytes, day: dt.date) -> bytes:
    """The DOCX `data` with every part dated `day`: python-docx stamps each with the time of
    saving, so the same brief would differ byte for byte from one render to the next (and its
    checksum, and the files `distribute` compares)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, stamp), source.read(info),
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def clear_body(document: Document) -> None:
    """Remove the body's paragraphs and tables, keeping the last section's settings."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def a4(section: Section) -> None:
    """The page A4 portrait, whatever the reference says; its margins are kept."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4


def has_style(document: Document, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def style(document: Document, name: str, fallback: str = "Normal") -> str:
    """`name` if the reference defines it, else `fallback` (a restyled reference may drop one)."""
    return name if has_style(document, name) else fallback


def paragraph(document: Document, text: str = "", name: str = "Normal",
              bold: bool = False) -> Paragraph:
    para = document.add_paragraph(style=style(document, name))
    if text:
        para.add_run(xml_text(text)).bold = bold or None
    return para


def heading(document: Document, text: str, level: int) -> Paragraph:
    level = max(1, min(level, 9))
    return paragraph(document, text, style(document, f"Heading {level}", "Heading 1"))


def table(document: Document, header: list[str] | None, rows: Iterable[list[str]],
          widths: tuple[float, ...] = ()) -> Table:
    """A table of plain-text cells; with a `header`, its bold first row repeats on every page
    (None: a table of label and value, as the brief's facts and innovation fields are).
    `widths`: each column's least width in cm, 0 for those that share what is left of the line
    (none given: every column shares it, by the length of its text). No column is narrower than
    its longest word (`fit_widths`): LibreOffice breaks a word that does not fit ("N/o.")."""
    rows = list(rows)
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    grid = document.add_table(rows=1 if header else 0, cols=columns)
    if has_style(document, TABLE_STYLE):
        grid.style = document.styles[TABLE_STYLE]
    if header:
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            run = cell.paragraphs[0].add_run(xml_text(text))
            run.bold, run.font.size = True, Pt(TABLE_POINTS)
        _repeat_header(grid)
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=False):
            cell.paragraphs[0].add_run(xml_text(text)).font.size = Pt(TABLE_POINTS)
    section = document.sections[-1]
    line = (section.page_width or A4[0]) - (section.left_margin or 0) - \
        (section.right_margin or 0)
    sizes = fit_widths(header, rows, widths, line / Cm(1), columns)
    _widths(grid, [Cm(size) for size in sizes])
    return grid


def _widths(grid: Table, sizes: list[Length]) -> None:
    """Word reads a column's width from its cells; LibreOffice from the grid: set both."""
    grid.autofit = False
    for column, size in zip(grid.columns, sizes, strict=True):
        column.width = size
        for cell in column.cells:
            cell.width = size


def _repeat_header(grid: Table) -> None:
    properties = grid.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


# --- header and footer ----------------------------------------------------------------------

def write_header(document: Document, section: Section, running_head: str,
                 watermark: str = "") -> None:
    """The running head, and for a draft the watermark word on a line of its own: python-docx
    writes no real watermark (a shape behind the text), so a draft says it at the top of every
    page instead."""
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.text = xml_text(running_head)
    if watermark:
        mark = header.add_paragraph(style=style(document, WATERMARK_STYLE))
        mark.add_run(xml_text(watermark))
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_footer(section: Section, text: str, page_label: str) -> None:
    """The footer of every page: `text` (the colophon, and the revision label once briefs carry
    one) and "Halaman X dari Y", from `page_label` with `{page}` and `{pages}` as fields Word
    fills in. The single place a footer is written."""
    footer = section.footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    first.text = xml_text(text)
    pages = footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in re.split(r"(\{page\}|\{pages\})", page_label):
        if part == "{page}":
            _field(pages, "PAGE")
        elif part == "{pages}":
            _field(pages, "NUMPAGES")
        elif part:
            pages.add_run(xml_text(part))


def _field(para: Paragraph, code: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a placeholder result Word updates on opening."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


# --- markdown -------------------------------------------------------------------------------

def markdown(document: Document, text: str, top: int = 3) -> None:
    """Markdown as Word paragraphs (`markdown_tree` of its one parse)."""
    markdown_tree(document, md.parse(text), top)


def markdown_tree(document: Document, tree: md.Parsed | None, top: int = 3) -> None:
    """Parsed markdown as Word paragraphs: headings (a cell's `#` at level `top`), paragraphs,
    lists, quotes, code and tables, with bold, italic and code runs. Raw HTML becomes its text."""
    for block in tree.blocks if tree else ():
        _block(document, block.token, top, 0)


def _block(document: Document, token: dict[str, Any], top: int, depth: int) -> None:
    kind = token["type"]
    if kind == "heading":
        para = heading(document, "", top + int(token.get("attrs", {}).get("level", 1)) - 1)
        _inline(para, token.get("children", []))
    elif kind in ("paragraph", "block_text"):
        _inline(paragraph(document), token.get("children", []))
    elif kind == "list":
        _list(document, token, top, depth)
    elif kind == "block_quote":
        for child in token.get("children", []):
            if child["type"] == "paragraph":
                _inline(paragraph(document, name=style(document, "Quote")),
                        child.get("children", []))
            elif child["type"] != "blank_line":
                _block(document, child, top, depth)
    elif kind == "block_code":
        paragraph(document, str(token.get("raw", "")).rstrip("\n"), CODE_STYLE)
    elif kind == "table":
        cell = md.plain  # cells as markdown strings (ringkas.notebook.markdown's own table)
        table(document, [cell(c.replace("\\|", "|")) for c in token["header"]],
              [[cell(c.replace("\\|", "|")) for c in row] for row in token["rows"]])
    elif kind == "block_html":
        plain = md.plain(_DROPPED_ELEMENT.sub(" ", str(token.get("raw", ""))))
        if plain:
            paragraph(document, plain)


def _list(document: Document, token: dict[str, Any], top: int, depth: int) -> None:
    ordered = bool(token.get("attrs", {}).get("ordered"))
    start = int(token.get("attrs", {}).get("start", 1) or 1)
    # an ordered list keeps its own numbers ("3." stays 3) in a plain list paragraph, as Word's
    # automatic numbering would run on from the list before
    name = "List Paragraph" if ordered else "List Bullet"
    if depth and not ordered:
        name += f" {min(depth + 1, 3)}"
    for number, item in enumerate(token.get("children", [])):
        first = True
        for child in item.get("children", []):
            if child["type"] in ("paragraph", "block_text") and first:
                para = paragraph(document, name=style(document, name, "List Paragraph"))
                if ordered:
                    para.add_run(f"{start + number}. ")
                _inline(para, child.get("children", []))
                first = False
            elif child["type"] == "list":
                _list(document, child, top, depth + 1)
            elif child["type"] != "blank_line":
                _block(document, child, top, depth + 1)


def _inline(para: Paragraph, tokens: list[dict[str, Any]], bold: bool = False,
            italic: bool = False) -> None:
    dropped = 0  # inside raw HTML the brief's HTML drops with its content (<script>...)
    for token in tokens:
        kind = token["type"]
        if kind == "inline_html":
            raw = str(token.get("raw", ""))
            if _DROPPED_OPEN.match(raw) and not raw.rstrip().endswith("/>"):
                dropped += 1
            elif _DROPPED_CLOSE.match(raw):
                dropped = max(0, dropped - 1)
        elif dropped:
            continue
        elif kind in ("strong", "emphasis", "link", "strikethrough"):
            _inline(para, token.get("children", []), bold or kind == "strong",
                    italic or kind == "emphasis")
            url = str(token.get("attrs", {}).get("url", "")) if kind == "link" else ""
            shown = _plain(token.get("children", []))
            if url and url != shown and re.match(r"https?://", url):
                para.add_run(xml_text(f" ({url})"))
        elif kind in ("text", "codespan"):
            run = para.add_run(xml_text(html.unescape(str(token.get("raw", "")))))
            run.bold, run.italic = bold or None, italic or None
            if kind == "codespan":
                run.font.name = "DejaVu Sans Mono"
        elif kind in ("softbreak",):
            para.add_run(" ")
        elif kind == "linebreak":
            para.add_run().add_break()


def _plain(tokens: list[dict[str, Any]]) -> str:
    return "".join(_plain(t["children"]) if "children" in t else str(t.get("raw", ""))
                   for t in tokens)


# --- the reference document -----------------------------------------------------------------

NAVY = RGBColor(0x0B, 0x3A, 0x5D)
INK = RGBColor(0x1C, 0x25, 0x30)
SANS, SERIF, MONO = "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"


def make_reference(path: Path) -> None:
    """Write ringkas's reference document to `path`: python-docx's default template restyled
    like the HTML brief (DejaVu fonts, navy headings), A4 with 2 cm margins, and the styles a
    brief uses beyond Word's own. Its one paragraph tells an agency what to edit."""
    document = docx.Document()
    section = document.sections[0]
    a4(section)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.header_distance = section.footer_distance = Cm(1.0)
    styles = document.styles
    _font(styles["Normal"], SANS, 10, INK)
    _font(styles["Title"], SERIF, 20, NAVY, bold=True)
    _font(styles["Subtitle"], SANS, 11, NAVY)
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 10)):
        _font(styles[f"Heading {level}"], SERIF, size, NAVY, bold=True)
    _font(styles["Header"], SANS, 8, NAVY)
    _font(styles["Footer"], SANS, 8, INK)
    _font(styles["Caption"], SANS, 8, INK, italic=True)
    _new_style(document, WATERMARK_STYLE, SANS, 28, RGBColor(0xC8, 0xCE, 0xD6), bold=True)
    _new_style(document, NOTE_STYLE, SANS, 9, RGBColor(0x5B, 0x67, 0x75), italic=True)
    _new_style(document, CODE_STYLE, MONO, 8, INK)
    document.add_paragraph(
        "ringkas reference document: edit its styles (Title, Heading 1-4, Normal, List Bullet, "
        "List Number, Quote, Caption, Header, Footer, Table Grid, Brief Watermark, Brief Note, "
        "Brief Code) and page margins in Word; ringkas replaces this text with the brief.")
    buffer = io.BytesIO()
    document.core_properties.title = "ringkas reference"
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def _font(target: Any, name: str, size: float, color: RGBColor, bold: bool = False,
          italic: bool = False) -> None:
    font = target.font
    font.name, font.size, font.color.rgb = name, Pt(size), color
    font.bold, font.italic = bold or None, italic or None
    fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):  # Word picks these for other scripts
        fonts.set(qn(attribute), name)


def _new_style(document: Document, name: str, font: str, size: float, color: RGBColor,
               bold: bool = False, italic: bool = False) -> None:
    added = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = document.styles["Normal"]
    added.quick_style = True
    _font(added, font, size, color, bold, italic)
