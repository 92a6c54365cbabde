"""The finder of facts: what a report states about its visit, and nothing it does not.

Each finder reads the text and returns what it found or None; none of them guesses. A date
without a year ("Senin (2/12)", "2 Desember") is kept as `partial_date` so that the importer can
say what it saw and ask for `--date`; no year is ever taken from today's date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.authoring.importing.actors import Actors, Person, find_actors
from ringkas.authoring.importing.dates import find_date as find_date  # re-exported
from ringkas.authoring.importing.dates import visit_date
from ringkas.authoring.importing.document import (
    HEADING,
    LIST,
    PARAGRAPH,
    Block,
    Document,
    strip_marker,
)
from ringkas.authoring.importing.laporan import find_venue
from ringkas.authoring.importing.regions import mentions

_NOT_UNIT = r"(?!(?i:bappeda|bapperida|dinas|badan|kab|kabupaten|kota|provinsi|prov|pemkab)\b)"
_UNIT = re.compile(rf"\b(?P<unit>(?:Bidang|Sub ?[Bb]idang|Bagian|Seksi)"
                   rf"(?:[ ]+{_NOT_UNIT}[A-Z][\w&/-]*)+)")
_KIND = re.compile(r"\b(?:(?:studi|study)\s+(?P<kind>referensi|banding|tiru|komparasi)|"
                   r"(?P<en>comparative study))\b", re.I)
#: English names of a kind: a comparative study is a studi banding.
KIND_WORDS = {"comparative study": "studi-banding"}
_KIND_OTHER = re.compile(r"\b(kunjungan kerja|study visit|benchmarking)\b", re.I)
#: An innovation is named where the text quotes its name after the word: Inovasi “Rantang Kasih”.
_QUOTED_INNOVATION = re.compile(r"\b(?:[Ii]novasi|[Ii]nnovation|[Pp]rogram)\s+"
                                r"[“\"‘'](?P<name>[^”\"’']{2,60})[”\"’']")
_THEME_WORDS = {
    "kemiskinan": ("kemiskinan", "poverty"), "kesehatan": ("kesehatan", "health"),
    "pendidikan": ("pendidikan", "education"), "pariwisata": ("pariwisata", "tourism"),
    "pertanian": ("pertanian", "agriculture"), "infrastruktur": ("infrastruktur",),
    "lingkungan": ("lingkungan hidup", "environment"), "digital": ("digital",),
    "pelayanan-publik": ("pelayanan publik", "public service"),
    "perlindungan-sosial": ("perlindungan sosial", "social protection"),
    "tata-kelola": ("tata kelola", "governance"), "ekonomi-lokal": ("umkm", "ekonomi lokal"),
    "pendanaan": ("pendanaan", "csr"), "sdm": ("sumber daya manusia",),
}


@dataclass
class Facts:
    """What the report states about its visit; None (or empty) where it states nothing."""

    title: str | None = None
    date: dt.date | None = None
    date_text: str | None = None  # the words the date was read from
    partial_date: str | None = None  # a date with no year, as written
    year_from: str | None = None  # the publication statement that gave a yearless date its year
    host: str | None = None
    home: str | None = None
    home_bps_code: str = ""
    agency: str | None = None
    unit: str | None = None
    venue: str | None = None
    kind: str | None = None
    other_kind: str | None = None  # a kind the format has no value for ("kunjungan kerja")
    topics: list[str] = field(default_factory=list)
    innovations: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    actors: Actors = field(default_factory=Actors)  # both sides, and the sentences they came from

    @property
    def led_by(self) -> Person | None:
        return self.actors.led_by

    @property
    def received_by(self) -> list[Person]:
        return self.actors.received_by

    @property
    def participants(self) -> list[Person]:
        return self.actors.participants


def find_facts(document: Document, host: str | None = None) -> Facts:
    """What the report states; `host` is the researcher's --host, when given."""
    text = document.text()
    facts = Facts(title=find_title(document))
    lead = f"{facts.title or ''}\n{text}"
    found = visit_date(text, document.published, document.published_from)
    facts.date, facts.date_text, facts.partial_date = found.date, found.text, found.partial
    facts.year_from = found.year_from
    actors = find_actors(document, facts.title, host)
    facts.actors = actors
    facts.host = actors.host.name if actors.host else None
    facts.home = actors.home.name if actors.home else None
    facts.home_bps_code = actors.home.bps_code if actors.home else ""
    facts.agency = actors.agency
    facts.unit = find_unit(text, actors)
    facts.venue = find_venue(document)
    kind = _KIND.search(lead)
    if kind:
        word = (kind.group("kind") or kind.group("en")).lower()
        facts.kind = KIND_WORDS.get(word, f"studi-{word}")
    other = None if kind else _KIND_OTHER.search(lead)
    facts.other_kind = other.group(0) if other else None
    facts.topics = find_topics(document)
    facts.innovations = find_innovations(text)
    facts.themes = find_themes(" ".join([facts.title or "", *facts.topics]))
    return facts


def find_title(document: Document) -> str | None:
    """The first heading; else the file's own title; else a short first line before the text
    (a page copied to text starts with its title, often twice)."""
    for block in document.blocks:
        if block.kind == HEADING:
            return block.text
    if document.title:
        return document.title
    for block in document.blocks:
        if block.kind == PARAGRAPH:
            short = len(block.text) <= 150 and not block.text.endswith((".", ":", ";"))
            return block.text if short else None
    return None


def find_host(text: str) -> str | None:
    """The region visited, as the gazetteer names it: "ke Kab. Banyuwangi" -> "Kabupaten
    Banyuwangi"."""
    actors = find_actors(Document(Path("-"), [Block(PARAGRAPH, text)]), None)
    return actors.host.name if actors.host else None


def find_unit(text: str, actors: Actors) -> str | None:
    """The visiting unit ("Bidang Pemsosbud"): the first that is not named with the host
    ("Kepala Bidang Perekonomian Bappeda Klaten" is the host's)."""
    for match in _UNIT.finditer(text):
        after = text[match.end():match.end() + 60].split(".")[0]
        named = mentions(after)
        if actors.host is not None and any(m.region == actors.host for m in named):
            continue
        return match.group("unit")
    return None


def find_topics(document: Document) -> list[str]:
    """The items of the first list that a paragraph ending in a colon introduces ("Beberapa
    hal pokok yang dibahas yaitu :"), without their markers."""
    blocks = document.blocks
    for before, block in itertools.pairwise(blocks):
        if block.kind == LIST and before.kind == PARAGRAPH and before.text.rstrip().endswith(":"):
            return [strip_marker(item) for item in block.items]
    return []


def find_innovations(text: str) -> list[str]:
    """Innovations the text names in quotes after "Inovasi", in order, each once."""
    names = [m.group("name").strip() for m in _QUOTED_INNOVATION.finditer(text)]
    return list(dict.fromkeys(name for name in names if name))


def find_themes(text: str) -> list[str]:
    """Themes whose words the title or the topics use (not the body: a word in passing is no
    theme)."""
    lower = text.lower()
    return [theme for theme, words in _THEME_WORDS.items()
            if any(re.search(rf"\b{re.escape(word)}\b", lower) for word in words)]


_ID_WORDS = frozenset(("yang", "dan", "di", "ke", "dari", "untuk", "dengan", "dalam", "ini",
                      "itu", "pada", "serta", "juga", "tidak", "adalah", "oleh", "akan",
                      "telah", "sebagai", "atau"))
_EN_WORDS = frozenset(("the", "and", "of", "to", "in", "for", "with", "is", "was", "that", "on",
                      "by", "as", "are", "from", "this", "be", "at", "which", "has"))


def foreign_language(text: str) -> bool:
    """Whether a text of some length reads as neither Indonesian nor English (few of either's
    commonest words), so that the importer can warn that its finders may miss things."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 40:
        return False
    common = sum(word in _ID_WORDS or word in _EN_WORDS for word in words)
    return common < len(words) * 0.04


def text_language(text: str) -> str:
    """`en` for a text whose commonest words are English rather than Indonesian, else `id`
    (the front matter's `text_lang`)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(word in _EN_WORDS for word in words)
    indonesian = sum(word in _ID_WORDS for word in words)
    return "en" if english > max(indonesian, 4) * 2 else "id"
