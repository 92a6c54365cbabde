"""What `ringkas import` agrees to read: file sizes, and a Word file's inside checked first.

A report is a few megabytes. A file far larger is a mistake or an attack, and reading it would
take minutes or gigabytes (a 50 MB web page ran for more than five minutes), so each format has
a ceiling on the file itself (`FILE_LIMITS`), checked before a byte is read.

A .docx is a zip archive: 2 MB of it can inflate to gigabytes (a zip bomb), and python-docx
inflates and parses every part at once. `check_docx` looks first, holding at most one chunk:
each part's declared size against its cap, then its bytes, read in chunks and stopped as soon
as they pass the cap (the header may lie), and each XML part through a parser that neither
loads nor expands a DTD. A part with a DTD (<!DOCTYPE>: Word never writes one; it is how
external entities and "billion laughs" come in) is refused, seen in its first chunk or by the
parser; XML that does not parse (a
truncated document.xml) is "damaged". The caps are documented in docs/import.md.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError

MB = 1024 * 1024
#: Extension -> the largest file of that format `ringkas import` reads.
FILE_LIMITS = {".html": 10 * MB, ".htm": 10 * MB, ".xhtml": 10 * MB,
               ".txt": 10 * MB, ".md": 10 * MB, ".markdown": 10 * MB, ".text": 10 * MB,
               ".docx": 200 * MB}


@dataclass(frozen=True)
class DocxLimits:
    """How much a .docx may inflate to: its text, each picture (or other part), and all."""

    document: int = 50 * MB  # word/document.xml
    part: int = C.PHOTO_LIMIT  # any other part, a picture above all (photos are capped so)
    total: int = 200 * MB


DOCX_LIMITS = DocxLimits()
CHUNK = 1 << 16
#: "<!DOCTYPE" as an XML part may spell it: refused before the parser sees it, since libxml2
#: stops a billion laughs with an error of its own ("amplification factor exceeded") that
#: would otherwise read as a damaged file.
DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def check_size(path: Path, size: int) -> None:
    """Refuse a file of `size` bytes larger than its format's limit."""
    limit = FILE_LIMITS.get(path.suffix.lower())
    if limit is not None and size > limit:
        raise MessageError("import.too_large", path=path, size=_mb(size), limit=_mb(limit))


def check_docx(path: Path, data: bytes, limits: DocxLimits = DOCX_LIMITS) -> None:
    """Refuse a Word file that inflates past `limits`, holds a DTD or damaged XML. A file that
    is no zip at all is left to python-docx, which says so ("import.bad_docx")."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with archive:
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            cap = limits.document if info.filename == "word/document.xml" else limits.part
            total += _check_part(path, archive, info, cap, limits.total - total, limits.total)


def _check_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int,
                room: int, total: int) -> int:
    """The inflated size of one part, at most `cap` and `room` (what the whole may still
    take, of `total`); its XML parsed on the way."""
    from lxml import etree

    def over(size: int) -> None:
        if size > cap:
            raise MessageError("import.docx_too_large", path=path, part=info.filename,
                               limit=_mb(cap))
        if size > room:
            raise MessageError("import.docx_too_large_total", path=path, limit=_mb(total))

    over(info.file_size)
    parser = _xml_parser() if info.filename.endswith((".xml", ".rels")) else None
    size = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                size += len(chunk)
                over(size)  # more than the header said: stop here
                if parser is not None:
                    if size == len(chunk) and any(m in chunk for m in DOCTYPE):
                        raise MessageError("import.docx_dtd", path=path, part=info.filename)
                    parser.feed(chunk)
        if parser is not None:
            _check_xml(path, info.filename, parser.close())
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise MessageError("import.docx_damaged", path=path, part=info.filename,
                           reason=str(error) or type(error).__name__) from None
    except etree.XMLSyntaxError as error:
        raise MessageError("import.docx_damaged", path=path, part=info.filename,
                           reason=_first_line(str(error))) from None
    return size


def _xml_parser() -> Any:
    from lxml import etree

    # no DTD loaded, no entity expanded, no network, libxml2's own depth and size limits kept
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False)


def _check_xml(path: Path, part: str, root: Any) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise MessageError("import.docx_dtd", path=path, part=part)


def _mb(size: int) -> str:
    """A size in megabytes as a message shows it, rounded up to a tenth: "10", "10.1" (a file
    one byte over the limit is not "10 MB, more than 10 MB")."""
    tenths = math.ceil(size * 10 / MB)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def _first_line(text: str) -> str:
    """libxml2's reason on one line, less lxml's "(<string>, line 2)" that names no file."""
    line = text.splitlines()[0] if text else ""
    return re.sub(r"\s*\(<string>, line \d+\)$", "", line) or "?"
