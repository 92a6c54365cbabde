"""Who visited whom: the host side and the visiting side of a report, never mixed.

A report says it in one of two voices: the visitors' ("Bappeda Kabupaten Grobogan melakukan
studi banding ke Kabupaten Banyuwangi") or the host's ("Bapperida Kabupaten Sumedang menerima
kunjungan Bappeda Kabupaten Grobogan", "Kota Batu Terima Kunjungan ..."). The host is the region
after "ke" (to, visited, Tujuan:) or the one that receives; the visiting side is a region that is
not the host, nor inside it, nor around it (a host's province); its agency is the agency the
text names with that region. People come from what the text says they did: "dipimpin oleh",
"yang memimpin", "led by" (who led) and "diterima oleh", "disambut", "menerima", "welcomed by"
(who received), each a name with the position beside it; a participants table or list gives
the participants. Regions are the gazetteer's (`regions`), so a person's name that follows a
region ("Kabupaten Sumedang Asep Kurniawan") is never part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ringkas.authoring.importing.document import LIST, PARAGRAPH, TABLE, Document, sentences
from ringkas.authoring.importing.regions import Mention, Region, mentions

#: A paragraph that introduces the participants (the list below it), not the topics.
PARTICIPANTS = re.compile(r"\b(peserta|anggota rombongan|participants|members)\b", re.I)
#: Words before a region that make it the one visited ("ke", "to", "Tujuan:").
_TOWARDS = re.compile(r"(?:\b(?:ke|menuju|mengunjungi|kunjungi|menyambangi|sambangi|mendatangi|"
                      r"datangi|to|visited|visit to)"
                      r"|\btujuan\s*:)\s+(?:(?:the|[A-Z][\w.&'-]*),?\s+){0,6}$", re.I)
#: Words after a region that make it the host ("... menerima kunjungan", "... Terima ...").
_RECEIVES = re.compile(r"^[^.;]{0,70}?\b(?:menerima|terima|received|receives|hosts|hosted|"
                       r"welcomed|welcomes|(?:men)?dapat kunjungan|kedatangan|dikunjungi|"
                       r"menyambut|sambut|menjamu|(?:men)?jadi (?:tujuan|rujukan))\b", re.I)
_AT = re.compile(r"\b(?:di|in)\s+$", re.I)
#: Words before a region that say the visitors arrived there ("tiba di Rembang").
_ARRIVED = re.compile(r"\b(?:tiba|datang|berkunjung|bertandang|hadir|arrived|arriving)\s+"
                      r"(?:di|in|at)\s+$", re.I)
#: An agency named just before a region: "Bappeda", "Dinas Koperasi dan UKM", "DPRD".
_AGENCY = re.compile(
    r"(?P<agency>\b(?:(?i:bappeda|bapperida|bappedalitbang|bapelitbangda|bappelitbangda|bapenda|"
    r"dprd|setda|sekretariat daerah|inspektorat|bpbd|dpmptsp|diskominfo|dlh|dinkes)|"
    r"(?:Dinas|DINAS|Badan|BADAN|Kantor|KANTOR)(?:,?\s+(?:[A-Z][\w&/-]*|dan|DAN|&))+))\s+$")
_GOVERNMENT = re.compile(r"^(?:pemerintah|pemkab|pemkot|pemprov)\b", re.I)
_AGENCY_NAMES = {"bappeda": "Bappeda", "bapperida": "Bapperida", "dprd": "DPRD",
                 "setda": "Setda", "bappedalitbang": "Bappedalitbang", "bpbd": "BPBD",
                 "bapelitbangda": "Bapelitbangda", "bappelitbangda": "Bappelitbangda",
                 "dpmptsp": "DPMPTSP", "bapenda": "Bapenda", "dlh": "DLH",
                 "inspektorat": "Inspektorat", "diskominfo": "Diskominfo", "dinkes": "Dinkes"}

#: Where the segment naming a person ends: a comma or "dan" before a lower-case word, " di ",
#: " at ", "(", the sentence's end.
_PERSON_END = re.compile(r",\s+(?=[a-z])|\s+(?:dan|and)\s+(?=[a-z])|\s+(?:di|at|in|pada|yang|"
                         r"beserta|bersama|didampingi|untuk|on)\s|\s*\(|[;:!?](?:\s|$)|\.\s*$")
#: (A sentence's own full stops are abbreviations: "Dr. Ir. H. Rudi Santoso, M.Si.")
_LED = re.compile(r"\b(?:dipimpin(?:\s+langsung)?(?:\s+oleh)?|dikomandoi(?:\s+oleh)?|"
                  r"ketua\s+rombongan(?:nya)?\s*[,:]?|(?:was\s+|were\s+)?led\s+by|"
                  r"headed\s+by|(?:their|the team's|the delegation's)\s+leader\s*,?)\s+", re.I)
_RECEIVED = re.compile(r"\b(?:diterima(?:\s+langsung)?(?:\s+oleh)?|disambut(?:\s+langsung)?"
                       r"(?:\s+oleh)?|dijamu(?:\s+oleh)?|bertemu(?:\s+dengan)?|"
                       r"(?:was\s+|were\s+)?(?:received|welcomed|hosted)\s+by|met(?:\s+with)?)"
                       r"\s+", re.I)
_LEADS = re.compile(r",?\s+(?:yang\s+|selaku\s+)?(?:memimpin|leading|who led)\b", re.I)
_SUBJECT_RECEIVES = re.compile(r",?\s+(?:menerima|menyambut|menjamu|received|welcomed)\b",
                               re.I)
#: Words of positions, agencies and regions: never part of a name.
_NOT_NAME_WORDS = """kepala sekretaris ketua wakil bupati wali walikota gubernur camat lurah
asisten direktur kabid kasubag kasi staf staff analis perencana plt plh kadis sekda kabag
pelaksana anggota komisi bidang bagian seksi subbagian dinas badan kantor bappeda bapperida
dprd setda sekretariat daerah pemerintah pemkab pemkot pemprov kabupaten kota provinsi
kecamatan kab kota tim rombongan the head secretary regent mayor governor of team delegation
deputy chair chairman officials official ahli muda madya utama pertama"""
_NOT_NAME = frozenset(_NOT_NAME_WORDS.split())
_DEGREE = re.compile(r"^(?:[A-Z][a-z]{0,3}\.){1,3}(?:\s*[A-Z][\w.]*)?$")  # "S.E.", "M.Si."


@dataclass(frozen=True)
class Person:
    name: str
    position: str = ""

    def line(self) -> str:
        """"Nama, jabatan", as the front matter's participants and led_by take it."""
        return f"{self.name}, {self.position}" if self.position else self.name


@dataclass
class Actors:
    """The two sides of the visit, and the sentence each fact was read from."""

    host: Region | None = None
    home: Region | None = None
    agency: str | None = None
    led_by: Person | None = None
    received_by: list[Person] = field(default_factory=list)
    participants: list[Person] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)  # fact -> the sentence


def units(document: Document, title: str | None) -> list[str]:
    """The title, then each sentence, list item and table row, in order."""
    found = [title] if title else []
    for block in document.blocks:
        if block.kind == PARAGRAPH:
            found += sentences(block.text)
        elif block.kind == LIST:
            found += list(block.items)
        elif block.kind == TABLE:
            found += [", ".join(cell for cell in row if cell) for row in block.rows]
        elif block.text:
            found.append(block.text)
    return [text for text in found if text]


def find_actors(document: Document, title: str | None, host: str | None = None) -> Actors:
    """Both sides; `host` is the researcher's `--host`, which decides the host side."""
    actors = Actors()
    texts = [(text, mentions(text)) for text in units(document, title)]
    given = mentions(host) if host else []
    found = (given[0].region, "--host") if given else _host(texts, titled=bool(title))
    if found is not None:
        actors.host, actors.evidence["host"] = found
    actors.led_by, actors.received_by = _people(texts, actors)
    home = _home(texts, actors.host, actors.evidence.get("host")) if actors.host else None
    if home is not None:  # without a host, any region named could be either side
        actors.home, actors.evidence["home"] = home
        actors.agency = _agency(texts, actors.home)
    actors.participants = _participants(document)
    if actors.led_by is None:
        actors.led_by = next((p for p in actors.participants
                              if re.search(r"ketua rombongan|ketua tim|pimpinan rombongan",
                                           p.position, re.I)), None)
    return actors


def _host(texts: list[tuple[str, list[Mention]]], titled: bool) -> tuple[Region, str] | None:
    """The region after "ke" (to, Tujuan:), else the one that receives, in the first sentence
    that has either; else a title's "... di Wonosobo"."""
    at: tuple[Region, str] | None = None
    for index, (text, found) in enumerate(texts):
        for mention in found:
            if _TOWARDS.search(text[:mention.start]):
                return mention.region, text
        for mention in found:
            after = text[mention.end:]
            between = [m for m in found if m.start >= mention.end]
            receives = _RECEIVES.match(after)
            if receives and not (between and between[0].start - mention.end < receives.end()):
                return mention.region, text
        if at is None:
            arrived = _AT if titled and index == 0 else _ARRIVED
            at = next(((m.region, text) for m in found if arrived.search(text[:m.start])), None)
    return at


def _related(one: Region, other: Region) -> bool:
    return one == other or one.contains(other) or other.contains(one)


def _home(texts: list[tuple[str, list[Mention]]], host: Region | None,
          host_text: str | None) -> tuple[Region, str] | None:
    ordered = sorted(texts, key=lambda pair: pair[0] != host_text)  # the host's sentence first
    for text, found in ordered:
        for mention in found:
            if host is None or not _related(mention.region, host):
                return mention.region, text
    return None


def _agency(texts: list[tuple[str, list[Mention]]], home: Region) -> str | None:
    """The agency the text names with the visiting region; of two forms of one name ("Dinas
    Koperasi", "Dinas Koperasi dan UKM"), the longer; else its government, if named."""
    named: list[str] = []
    government = None
    for text, found in texts:
        for mention in found:
            if mention.region != home:
                continue
            agency = _AGENCY.search(text[:mention.start])
            if agency:
                words = agency.group("agency").split()
                words[0] = _AGENCY_NAMES.get(words[0].lower(), words[0])
                named.append(" ".join(words))
            elif _GOVERNMENT.match(mention.text) or re.match(r"\s+government\b",
                                                              text[mention.end:], re.I):
                government = government or f"Pemerintah {home.name}"
    if not named:
        return government
    longer = [n for n in named if n.startswith(named[0] + " ")]
    return f"{max(longer, key=len) if longer else named[0]} {home.name}"


def _people(texts: list[tuple[str, list[Mention]]], actors: Actors
            ) -> tuple[Person | None, list[Person]]:
    led: Person | None = None
    received: list[Person] = []
    for text, _ in texts:
        if led is None:
            led = _after(_LED, text) or _before(_LEADS, text)
            if led is not None:
                actors.evidence["led_by"] = text
        person = _after(_RECEIVED, text) or _before(_SUBJECT_RECEIVES, text)
        if person is not None and all(p.name != person.name for p in received) and not (
                led and led.name == person.name):
            received.append(person)
            actors.evidence.setdefault("received_by", text)
    return led, received


def _after(pattern: re.Pattern[str], text: str) -> Person | None:
    match = pattern.search(text)
    if not match:
        return None
    rest = text[match.end():]
    end = _PERSON_END.search(rest)
    return person(rest[:end.start()] if end else rest)


def _before(pattern: re.Pattern[str], text: str) -> Person | None:
    match = pattern.search(text)
    if not match:
        return None
    segment = text[:match.start()]
    segment = re.split(r"\s[-–—]\s|\.\s", segment)[-1]  # after a dateline "Kota - ..."
    return person(segment, need_position=True)


def person(segment: str, need_position: bool = False) -> Person | None:
    """The person a segment names: "Kepala Bappeda Kabupaten Banyuwangi, Rudi Santoso" ->
    Rudi Santoso, Kepala Bappeda Kabupaten Banyuwangi; "Kepala Bapperida Kabupaten Sumedang
    Asep Kurniawan" -> Asep Kurniawan (after the region); "Fitri Handayani" -> herself."""
    parts = [p.strip() for p in segment.split(",") if p.strip() and not _DEGREE.match(p.strip())]
    for index in range(len(parts) - 1, -1, -1):
        words = parts[index].split()
        found = mentions(parts[index])
        if found:  # the name, if any, follows the region
            words = parts[index][found[-1].end:].split()
        name_words: list[str] = []
        capitals = segment.isupper()  # a name in capitals only where everything is
        for word in reversed(words):
            if word.lower().strip(".") in _NOT_NAME or not word[:1].isupper() \
                    or any(ch.isdigit() for ch in word) or (
                        not capitals and len(word.strip(".")) > 1 and word.isupper()):
                break  # an acronym ("DLH", "BPBD") names an agency, not a person
            name_words.insert(0, word)
        if not name_words or len(name_words) > 7:  # "Dr. Ir. H. Rudi Santoso"
            continue
        name = " ".join(name_words)
        position = ", ".join([*parts[:index], parts[index][:len(parts[index]) - len(name)]
                              .strip()]).strip(", ")
        position = position or ", ".join(parts[index + 1:])
        if need_position and not position:
            return None
        if len(name_words) == len(words) or found or index > 0 or not need_position:
            return Person(name, position)
    return None


def _participants(document: Document) -> list[Person]:
    """A table with a "Nama" column (its "Jabatan" beside it), else a list after a paragraph
    that names the participants ("Peserta kegiatan antara lain:")."""
    for block in document.blocks:
        if block.kind != TABLE or len(block.rows) < 2:
            continue
        header = [cell.lower() for cell in block.rows[0]]
        if "nama" not in header:
            continue
        name_at = header.index("nama")
        position_at = next((i for i, h in enumerate(header) if h.startswith("jabatan")), None)
        return [Person(row[name_at], row[position_at] if position_at is not None else "")
                for row in block.rows[1:] if len(row) > name_at and row[name_at]]
    for before, block in zip(document.blocks, document.blocks[1:], strict=False):
        if block.kind == LIST and before.kind == PARAGRAPH and PARTICIPANTS.search(before.text):
            found = [person(re.sub(r"^\s*(?:\d+|[a-z])[.)]\s*", "", item).split(",")[0])
                     for item in block.items]
            return [Person(p.name, _position(item)) for p, item in
                    zip(found, block.items, strict=True) if p is not None]
    return []


def _position(item: str) -> str:
    return item.split(",", 1)[1].strip() if "," in item else ""
