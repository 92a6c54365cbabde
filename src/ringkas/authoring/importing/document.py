"""A report as plain structured text: headings, paragraphs, lists and tables, in order.

Every reader (`readers.py`) turns its format into a `Document`; the finder of facts
(`facts.py`) and the placer (`placing.py`) only ever see this shape, so a new format is a new
reader and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"
TABLE = "table"

#: Abbreviations that end in a full stop without ending the sentence ("Kab. Banyuwangi").
ABBREVIATIONS = frozenset({
    "kab", "kec", "kel", "prov", "ds", "dr", "drs", "ir", "hj", "no", "jl", "st", "tn", "ny",
    "sdr", "bpk", "yth", "mr", "mrs", "ms", "prof", "vs", "e.g", "i.e", "spt", "a.n", "u.p",
})  # not "dsb.", "dll.", "etc.": they mostly end a sentence ("RTLH, dsb. Seluruh OPD ...")
#: A sentence ends at . ! ? (and a closing quote or bracket) before a space or a capital letter;
#: some reports leave out the space ("masing-masing OPD.Hal-hal tersebut").
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+|(?=[A-Z]))")


@dataclass(frozen=True)
class Block:
    """One piece of a report. `items` holds a list's items, each with its marker ("a. ..."),
    `rows` a table's rows (the first is the header when the source has one)."""

    kind: str
    text: str = ""
    level: int = 0  # heading level, 1 = the page title
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def all_text(self) -> str:
        if self.kind == LIST:
            return "\n".join(self.items)
        if self.kind == TABLE:
            return "\n".join(" | ".join(row) for row in self.rows)
        return self.text


@dataclass(frozen=True)
class Picture:
    """A photo of the report (PNG or JPEG bytes) with the caption and credit its text states."""

    data: bytes
    extension: str  # ".jpg" or ".png", from the bytes
    caption: str = ""
    credit: str = ""


@dataclass
class Photos:
    """The report's photos, and the images it holds that could not be imported, by why."""

    pictures: list[Picture] = field(default_factory=list)
    unsupported: int = 0  # not PNG or JPEG (EMF, WMF, GIF, ...)
    too_large: int = 0  # over the photo size cap
    #: (name in the report, (width, height)) of each image over the pixel limit, refused
    too_many_pixels: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    missing: int = 0  # a saved page's image whose file is not beside the page
    online: list[str] = field(default_factory=list)  # addresses of images not fetched


@dataclass
class Document:
    """What a reader found in a report: its blocks, and its title and URL when it says them."""

    path: Path
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # from the file's own metadata (<title>, core properties)
    url: str | None = None  # the page's own address (<link rel=canonical>, og:url)
    published: dt.date | None = None  # the page's own publication date (meta, <time>)
    published_from: str | None = None  # the statement it was read from
    photos: Photos = field(default_factory=Photos)

    def text(self) -> str:
        return "\n\n".join(block.all_text() for block in self.blocks)


def clean(text: str) -> str:
    """One line of words: runs of white space (non-breaking ones too) become one space."""
    return " ".join(text.split())


def folded(text: str) -> str:
    """`text` as two names are compared: one line of words, in lower case."""
    return clean(text).lower()


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, word for word (only the white space between them goes)."""
    text = clean(text)
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start:match.start()]
        last_word = before.rsplit(" ", 1)[-1].lower().lstrip("(\"'“")
        if match.group(0).startswith(".") and (last_word in ABBREVIATIONS or len(last_word) == 1):
            continue  # "Kab. Grobogan", "H. Ipuk", "a. Latar belakang"
        found.append(text[start:match.end()].strip())
        start = match.end()
    if text[start:].strip():
        found.append(text[start:].strip())
    return found


LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\(?[a-zA-Z]{1,2}[.)]|\(?\d{1,3}[.)])\s+")


def strip_marker(item: str) -> str:
    """A list item without its marker: "a. Latar belakang ..." -> "Latar belakang ..."."""
    return LIST_MARKER.sub("", item, count=1).strip()
