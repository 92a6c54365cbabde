"""A Word laporan in the structure of the tata naskah dinas, made plain to the placer.

A laporan hasil studi banding or laporan perjalanan dinas is typed, not styled: its title is a
few bold centred paragraphs ("LAPORAN HASIL STUDI BANDING", "BAPPEDA ... KE ..."), its sections
are paragraphs "I. PENDAHULUAN", "A. Dasar", "B. Maksud dan Tujuan", its lists are paragraphs
that start "1.". `restructure` turns those into the title heading, section headings and lists
that the finder of facts and the placer read, when the document has at least two numbered
sections ("I. ...", "II. ..."); any other document is left as it is. Nothing is reworded: the
title is its paragraphs joined by a space.
"""

from __future__ import annotations

import dataclasses
import re

from ringkas.authoring.importing.document import HEADING, LIST, PARAGRAPH, Block, Document

#: "I. PENDAHULUAN", "BAB II HASIL KUNJUNGAN", "III. KESIMPULAN DAN SARAN".
ROMAN = re.compile(r"^(?:BAB\s+)?(?P<number>[IVX]{1,4})[.)]?\s+(?P<name>[^\W\d_][^.]{1,80})$")
#: "A. Dasar", "B. Maksud dan Tujuan": a short line, no full stop at its end.
LETTERED = re.compile(r"^[A-H][.)]\s+[^\W\d_][^.;:]{1,60}$")
#: "1. Bank Sampah Kalurahan" under a section: a short line with no full stop.
NUMBERED = re.compile(r"^\d{1,2}[.)]\s+[^\W\d_][^.;:]{1,60}$")
_MARKED = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s+\S")
#: The closing formula of a laporan: "Demikian laporan ini kami sampaikan ...".
CLOSING = re.compile(r"^demikian\b", re.I)
#: The formula as it closes a laporan or memo anywhere ("Demikian laporan ini ..."), not a
#: news item's "Demikian disampaikan ...".
CLOSING_FORMULA = re.compile(r"^demikian\s+(?:laporan|nota|catatan|memo|hasil|yang dapat|"
                             r"kami sampaikan)\b", re.I)


def is_laporan(document: Document) -> bool:
    return sum(1 for b in document.blocks
               if b.kind in (PARAGRAPH, HEADING) and ROMAN.match(b.text)) >= 2


def restructure(document: Document) -> Document:
    """The laporan's title paragraphs as one title heading, its numbered and lettered lines as
    headings, its typed-out lists as lists; a document of another shape unchanged."""
    if not is_laporan(document):
        return document
    first = next(i for i, b in enumerate(document.blocks)
                 if b.kind in (PARAGRAPH, HEADING) and ROMAN.match(b.text))
    head = [b for b in document.blocks[:first] if b.kind == PARAGRAPH and len(b.text) <= 150]
    blocks: list[Block] = []
    if head and len(head) == first:
        blocks.append(Block(HEADING, " ".join(b.text for b in head), 1))
    else:
        blocks.extend(document.blocks[:first])
    for block in document.blocks[first:]:
        blocks.append(_block(block))
    return dataclasses.replace(document, blocks=_lists(blocks),
                               title=blocks[0].text if head and len(head) == first
                               else document.title)


def _block(block: Block) -> Block:
    if block.kind not in (PARAGRAPH, HEADING):
        return block
    if ROMAN.match(block.text):
        return Block(HEADING, block.text, 2)
    if LETTERED.match(block.text):
        return Block(HEADING, block.text, 3)
    if NUMBERED.match(block.text):
        return Block(HEADING, block.text, 4)
    return block


def _lists(blocks: list[Block]) -> list[Block]:
    """Paragraphs typed as list items ("1. Bappeda menyusun ...") are a list, one per run."""
    merged: list[Block] = []
    for block in blocks:
        items: tuple[str, ...] = ()
        if block.kind == PARAGRAPH and _MARKED.match(block.text):
            items = (block.text,)
        elif block.kind == LIST:
            items = block.items
        if items and merged and merged[-1].kind == LIST:
            merged[-1] = Block(LIST, items=merged[-1].items + items)
        elif items:
            merged.append(Block(LIST, items=items))
        else:
            merged.append(block)
    return merged


_VENUE = re.compile(r"(?:\bbertempat\s+di|\btempat\s*:|,\s+di|\bheld\s+at|\bvenue\s*:)\s*"
                    r"(?P<venue>[A-Z][^.;]{2,120})", re.I)


def find_venue(document: Document) -> str | None:
    """Where the meeting took place, as a "Waktu dan Tempat" section (or a sentence "...
    bertempat di ...") states it."""
    under = False
    for block in document.blocks:
        if block.kind == HEADING:
            under = bool(re.search(r"\b(waktu|tempat)\b", block.text, re.I))
            continue
        text = block.all_text()
        venue = _VENUE.search(text)
        if venue and (under or "bertempat" in text.lower()):
            return venue.group("venue").strip().rstrip(",")
    return None
