"""Readers: one function per format, each turning a file into a `Document`.

A registry by file extension, as papermill's `iorw.py` keeps one by scheme: `read_document`
looks the reader up and turns every way a file can be unreadable (unknown format, empty,
binary, a PDF, a broken Word file, a page with no article) into a `MessageError` that names the
file and says what to do. The libraries (trafilatura, python-docx) are imported by the reader
that needs them, so `ringkas import notes.txt` does not pay for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ringkas.authoring.importing.dates import page_published
from ringkas.authoring.importing.document import (
    HEADING,
    LIST,
    LIST_MARKER,
    PARAGRAPH,
    TABLE,
    Block,
    Document,
    Photos,
    clean,
)
from ringkas.authoring.importing.limits import check_docx, check_size
from ringkas.authoring.importing.photos import (
    Image,
    docx_images,
    page_captions,
    page_data_images,
    page_image,
    parse_page,
    settle,
)
from ringkas.contract.problems import MessageError

Reader = Callable[[Path, bytes], Document]
READERS: dict[str, Reader] = {}
#: Formats people try that ringkas does not read, each with the message saying what to do.
REFUSED = {".pdf": "import.pdf", ".doc": "import.old_word", ".odt": "import.save_as",
           ".rtf": "import.save_as"}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    def add(reader: Reader) -> Reader:
        for extension in extensions:
            READERS[extension] = reader
        return reader
    return add


def read_document(path: Path) -> Document:
    """The report in `path` as a Document, or a MessageError saying why it cannot be read."""
    extension = path.suffix.lower()
    if extension in REFUSED:
        raise MessageError(REFUSED[extension], path=path)
    reader = READERS.get(extension)
    if reader is None:
        raise MessageError("import.unknown_format", path=path, extension=extension or "-",
                           choices=sorted(READERS))
    try:
        check_size(path, path.stat().st_size)  # before reading: a huge file takes minutes
        data = path.read_bytes()
    except OSError as error:
        raise MessageError("import.unreadable", path=path, reason=error.strerror) from None
    if not data.strip():
        raise MessageError("import.empty", path=path)
    document = reader(path, data)
    if not any(block.all_text().strip() for block in document.blocks):
        raise MessageError("import.no_text", path=path)
    return document


# --- plain text and markdown --------------------------------------------------------------

#: Byte order marks -> their encoding, the longest first (UTF-32 LE's starts as UTF-16 LE's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(path: Path, data: bytes) -> str:
    """Text from bytes: the encoding its byte order mark names (UTF-8, UTF-16 as Notepad's
    "Unicode" writes it, UTF-32), else UTF-8, else Windows-1252 as Word's "Save as text" writes
    it; bytes that are no text at all (NUL, control characters) are refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _text_only(path, data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise MessageError("import.binary", path=path) from None
    _text_only(path, data.decode("latin-1"))  # one byte, one character: the controls counted
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MessageError("import.binary", path=path)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _text_only(path: Path, text: str) -> str:
    """`text`, unless it holds a NUL or more than 1% control characters: no text then."""
    if "\x00" in text or len(_CONTROLS.findall(text)) > len(text) // 100:
        raise MessageError("import.binary", path=path)
    return text


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@register(".txt", ".md", ".markdown", ".text")
def read_text(path: Path, data: bytes) -> Document:
    """Paragraphs are separated by blank lines; `#` lines are headings, pipe tables are tables,
    and a paragraph made only of marked lines ("a.", "1.", "-") is a list. Lists split by blank
    lines (as a web page copied to text has them) are one list."""
    text = unicodedata.normalize("NFC", decode_text(path, data))
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        blocks.extend(_text_blocks(lines))
    return Document(path, _merge_lists(blocks))


def _text_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(PARAGRAPH, clean(" ".join(paragraph))))
            paragraph.clear()

    rest = list(lines)
    while rest:
        line = rest.pop(0)
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block(HEADING, clean(heading.group(2)), len(heading.group(1))))
        elif _TABLE_LINE.match(line):
            flush()
            table = [line]
            while rest and _TABLE_LINE.match(rest[0]):
                table.append(rest.pop(0))
            blocks.append(Block(TABLE, rows=tuple(_pipe_row(r) for r in table
                                                  if not _RULE.match(r))))
        elif LIST_MARKER.match(line) and (not paragraph or all(LIST_MARKER.match(p)
                                                               for p in paragraph)):
            paragraph.append(line)
        elif LIST_MARKER.match(line) and paragraph[-1].rstrip().endswith(":"):
            flush()  # "Peserta antara lain:" with its items on the next lines
            paragraph.append(line)
        elif paragraph and all(LIST_MARKER.match(p) for p in paragraph):
            if line[:1].isspace():
                paragraph[-1] += " " + line  # an item wrapped onto an indented line
            else:  # the list ends at an unindented line (a page's title after its breadcrumb)
                items = tuple(clean(_bullet(p)) for p in paragraph)
                blocks.append(Block(LIST, items=items))
                paragraph[:] = [line]
        else:
            paragraph.append(line)
    if paragraph and all(LIST_MARKER.match(p) for p in paragraph):
        items = tuple(clean(_bullet(p)) for p in paragraph)
        return [*blocks, Block(LIST, items=items)]
    flush()
    return blocks


def _bullet(line: str) -> str:
    """A list item as written, less a bullet character ("- ", "* ") that is only markup."""
    return re.sub(r"^\s*[-*•]\s+", "", line)


def _pipe_row(line: str) -> tuple[str, ...]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return tuple(clean(cell.replace("\\|", "|")) for cell in cells)


def _merge_lists(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    for block in blocks:
        if block.kind == LIST and merged and merged[-1].kind == LIST:
            merged[-1] = Block(LIST, items=merged[-1].items + block.items)
        else:
            merged.append(block)
    return merged


# --- web pages ----------------------------------------------------------------------------

@register(".html", ".htm", ".xhtml")
def read_html(path: Path, data: bytes) -> Document:
    """The article of a saved web page, without its navigation, comments and share buttons
    (trafilatura), and the page's own address from <link rel=canonical> or og:url."""
    import trafilatura

    html = decode_text(path, data)
    # the extracted tree itself, not trafilatura.extract's XML text: that one also hashes the
    # whole text (a fingerprint) and merges nested tags, half the time of a large page, and
    # its <main> holds the very elements the tree's body does
    extracted = trafilatura.bare_extraction(html, include_tables=True, include_comments=False,
                                            include_links=False, include_images=True,
                                            with_metadata=True, as_dict=False)
    body = getattr(extracted, "body", None)
    if body is None or not len(body):
        raise MessageError("import.no_text", path=path)
    page = parse_page(html)  # once, for captions, data: images and the address
    photos, captions = Photos(), page_captions(page)
    items: list[Block | Image] = []
    for element in body:
        items.extend(_xml_blocks(element))
        for graphic in element.iter("graphic"):
            src = str(graphic.get("src") or "")
            image = page_image(path, src, captions.get(src) or None, photos)
            if image is not None:
                items.append(image)
    for src, caption in page_data_images(page, captions):  # trafilatura drops data: URLs
        image = page_image(path, src, caption or None, photos)
        if image is not None:
            items.append(image)
    blocks = settle(items, photos)
    used = {clean(c) for c in captions.values() if c}
    blocks = [b for b in blocks if not (b.kind == PARAGRAPH and b.text in used)]  # no double
    published, published_from = page_published(page)
    return Document(path, blocks, title=getattr(extracted, "title", None) or None,
                    url=_page_url(page), photos=photos, published=published,
                    published_from=published_from)


def _xml_blocks(element: object) -> list[Block]:
    tag = getattr(element, "tag", "")
    if tag == "graphic":
        return []
    text = clean("".join(element.itertext()))  # type: ignore[attr-defined]
    if tag == "head":
        rend = str(element.get("rend") or "h2")  # type: ignore[attr-defined]
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        return [Block(HEADING, text, level)] if text else []
    if tag == "list":
        items = tuple(clean("".join(item.itertext()))
                      for item in element.iterfind("item"))  # type: ignore[attr-defined]
        return [Block(LIST, items=tuple(i for i in items if i))] if any(items) else []
    if tag == "table":
        rows = tuple(tuple(clean("".join(cell.itertext())) for cell in row.iterfind("cell"))
                     for row in element.iterfind("row"))  # type: ignore[attr-defined]
        return [Block(TABLE, rows=tuple(r for r in rows if any(r)))] if rows else []
    return [Block(PARAGRAPH, text)] if text else []


def _page_url(page: Any) -> str | None:
    if page is None:
        return None
    for query in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = [str(v).strip() for v in page.xpath(query) if str(v).strip()]
        if found and found[0].startswith(("http://", "https://")):
            return found[0]
    return None


# --- Word documents -----------------------------------------------------------------------

@register(".docx")
def read_docx(path: Path, data: bytes) -> Document:
    """Headings (Title, Heading 1-6), list paragraphs (a list style or Word numbering) and
    tables of a Word document, in document order."""
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    check_docx(path, data)  # sizes, DTDs and damaged XML, before python-docx inflates it all
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError):
        raise MessageError("import.bad_docx", path=path) from None
    items: list[Block | Image] = []
    for child in word.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, word)
            items.extend(docx_images(paragraph, word.part))
            items.extend(_docx_paragraph(paragraph))
        elif child.tag.endswith("}tbl"):
            table = Table(child, word)
            rows = tuple(tuple(clean(cell.text) for cell in row.cells) for row in table.rows)
            items.append(Block(TABLE, rows=rows))
    title = clean(word.core_properties.title or "") or None
    photos = Photos()
    blocks = settle(items, photos)
    return Document(path, _merge_lists(blocks), title=title, photos=photos)


def _docx_paragraph(paragraph: object) -> list[Block]:
    text = clean(paragraph.text)  # type: ignore[attr-defined]
    if not text:
        return []
    style = str(getattr(paragraph.style, "name", "") or "")  # type: ignore[attr-defined]
    heading = re.fullmatch(r"Heading (\d)", style)
    if style == "Title":
        return [Block(HEADING, text, 1)]
    if heading:
        return [Block(HEADING, text, int(heading.group(1)) + 1)]  # Heading 1 sits under Title
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # type: ignore[attr-defined]
    if style.startswith("List") or numbered:
        return [Block(LIST, items=(text,))]
    return [Block(PARAGRAPH, text)]
