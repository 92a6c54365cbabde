"""The placer: which section of the notebook each piece of the report goes to.

A heading says where the text under it goes ("Latar Belakang" -> background, "Inovasi Rantang
Kasih" -> an innovation cell named Rantang Kasih, "Harapan" -> recommendations). Text under no
heading that says (a news item has none) is placed sentence by sentence where a sentence names
its section ("komitmen Kepala Daerah", "Harapannya, ..."); a sentence that names none and does
not carry on the one before goes, word for word, to the unsorted text for the researcher. So
every sentence of the report lands somewhere, and nothing is written that the report does not
say: recommendations become rows with owner, timeline and priority empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ringkas.authoring.importing.actors import PARTICIPANTS
from ringkas.authoring.importing.document import (
    HEADING,
    LIST,
    PARAGRAPH,
    TABLE,
    Block,
    Document,
    sentences,
    strip_marker,
)
from ringkas.authoring.importing.facts import Facts
from ringkas.authoring.importing.laporan import CLOSING, CLOSING_FORMULA

UNSORTED = "unsorted"
#: Heading words -> section, checked in order (the first that matches wins).
HEADING_WORDS: tuple[tuple[str, str], ...] = (
    ("summary", r"\b(ringkasan|summary|abstrak)\b"),
    # a laporan's parts (laporan.py): its basis, time and place, participants and closing
    ("basis", r"^(?:[a-h][.)]\s*)?dasar\b"),
    ("when", r"\b(waktu dan tempat|tempat dan waktu|waktu pelaksanaan|time and place)\b"),
    ("participants", r"\b(peserta|anggota rombongan|susunan tim|pelaksana kegiatan|"
                     r"participants)\b"),
    ("closing", r"\b(penutup|closing)\b"),
    ("purpose", r"\b(maksud|tujuan|purpose|objective|pokok bahasan|agenda)\b"),
    ("background", r"\b(latar belakang|background|pendahuluan|introduction)\b"),
    ("leadership", r"\b(komitmen|kepala daerah|kepemimpinan|leadership|commitment)\b"),
    ("roles", r"\b(peran|pemangku kepentingan|stakeholders?|roles?)\b"),
    ("lessons", r"\b(kesimpulan|conclusions?)\b"),
    ("recommendations", r"\b(harapan|rekomendasi|saran|tindak lanjut|recommendations?)\b"),
    ("lessons", r"\b(pelajaran|pembelajaran|lessons?)\b"),
    ("outcome", r"\b(dampak|capaian|hasil|outcomes?|impact|results?|findings?)\b"),
)
#: What a laporan's parts become: Waktu dan Tempat and Peserta prose is background (their
#: facts are in the front matter too); Dasar is a source; the closing formula is left out.
PART_SECTIONS = {"when": "background", "participants": "background"}
#: Words by which a sentence under no heading names its section.
SENTENCE_WORDS: tuple[tuple[str, str], ...] = (
    ("recommendations", r"^harapan|\b(diharapkan|rekomendasi|disarankan|we recommend|"
                        r"recommend(?:s|ed)?)\b"),
    ("roles", r"\b(peran|berperan|pemangku kepentingan|stakeholders?|role)\b"),
    ("leadership", r"\b(komitmen|kepala daerah|bupati|wali ?kota|gubernur|regent|mayor|"
                   r"governor|commitment)\b"),
    ("background", r"^(awalnya|pada awalnya|mulanya|initially)\b|\b(latar belakang|bermula|"
                   r"background)\b"),
    ("lessons", r"\b(pelajaran|dapat dipetik|lessons?)\b"),
    # last: the sentence that says the visit took place ("... melakukan studi banding ke ...")
    ("purpose", r"\b(studi (referensi|banding|tiru|komparasi)|kunjungan kerja|study visit|"
                r"comparative study|maksud kunjungan|tujuan kunjungan)\b"),
)
#: A sentence that opens so carries on the one before it ("Tidak hanya itu, ...").
CARRY_ON = re.compile(r"^(tidak hanya itu|selain itu|di samping itu|selanjutnya|kemudian|"
                      r"moreover|furthermore|in addition|also)\b", re.I)
_SECTION_NUMBER = re.compile(r"^(?:BAB\s+)?(?:[IVX]{1,4}|[A-H]|\d{1,2})[.)]\s+")
_INNOVATION_HEADING = re.compile(r"^(?:inovasi|innovation|program)\b[\s:–-]*(?P<name>.*)$", re.I)
_PAIR = re.compile(r"^(?P<actor>[^:–]{2,80}?)\s*(?::|\s–\s|\s-\s)\s*(?P<role>.+)$")


@dataclass
class Placement:
    """The report's text by section, in markdown, ready for the notebook's cells."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    innovations: dict[str, list[str]] = field(default_factory=dict)
    roles: list[tuple[str, str]] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    unsorted: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # a laporan's Dasar: its assignment letter
    front: list[str] = field(default_factory=list)  # text the front matter holds (participants)
    dropped: list[str] = field(default_factory=list)  # the closing formula and the signature

    def add(self, tag: str, chunk: str) -> None:
        if tag == UNSORTED:
            self.unsorted.append(chunk)
        else:
            self.sections.setdefault(tag, []).append(chunk)


@dataclass
class _State:
    target: tuple[str, str | None] | None = None  # what the last heading said
    parent_level: int | None = None  # an "Inovasi" heading naming no innovation
    section: tuple[str, int] | None = None  # the section heading above, and its level
    topics_done: bool = False
    closed: bool = False  # after the closing formula: the signature


def place(document: Document, facts: Facts) -> Placement:
    placed = Placement()
    for name in facts.innovations:
        placed.innovations[name] = []
    state = _State()
    blocks = document.blocks
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == HEADING or (block.kind == PARAGRAPH and block.text == facts.title):
            _heading(placed, state, block, facts)
            continue
        if state.closed or (block.kind == PARAGRAPH and CLOSING.match(block.text) and (
                (state.target or ("",))[0] == "closing" or CLOSING_FORMULA.match(block.text))):
            placed.dropped.append(_markdown(block))  # "Demikian laporan ini ...", signature
            state.closed = True
            continue
        if (not state.topics_done and block.kind == PARAGRAPH and following is not None
                and following.kind == LIST and block.text.rstrip().endswith(":")):
            _introduced_list(placed, state, block, following, facts)
            continue
        if index > 0 and _is_topic_list(blocks[index - 1], block, facts, placed):
            continue  # already in purpose, or in the front matter
        if state.target is not None:
            _put(placed, state.target, block)
        elif block.kind == PARAGRAPH:
            _put_sentences(placed, block.text)
        else:
            placed.unsorted.append(_markdown(block))
    return placed


def _heading(placed: Placement, state: _State, block: Block, facts: Facts) -> None:
    state.closed = False
    if block.text == facts.title:
        state.target = None  # the title is in the front matter and the title cell
        return
    state.target, state.parent_level = _heading_target(block, state.parent_level)
    if state.target is None and state.section and block.level > state.section[1]:
        state.target = (state.section[0], None)  # "1. Bank Sampah" under "II. HASIL"
        _put(placed, state.target, Block(HEADING, block.text, block.level))
    elif state.target is None:
        placed.unsorted.append(f"### {block.text}")
    elif state.target[0] == "innovation" and state.target[1]:
        placed.innovations.setdefault(state.target[1], [])
    if state.target is not None and state.target[0] != "innovation" and (
            state.section is None or block.level <= state.section[1]
            or state.target[0] != state.section[0]):
        state.section = (state.target[0], block.level)


def _introduced_list(placed: Placement, state: _State, block: Block, items: Block,
                     facts: Facts) -> None:
    """A list a paragraph ending in a colon introduces: the participants ("Peserta kegiatan
    antara lain:"), which the front matter holds, or the topics, which are the purpose."""
    if PARTICIPANTS.search(block.text):
        _put_sentences(placed, block.text)
        placed.front.append(_list(items))
        return
    placed.add("purpose", block.text)
    placed.add("purpose", _list(items))
    _name_innovations(items, facts, placed)
    state.topics_done = True


def _is_topic_list(before: Block, block: Block, facts: Facts, placed: Placement) -> bool:
    if block.kind != LIST or before.kind != PARAGRAPH or not before.text.rstrip().endswith(":"):
        return False
    return ([strip_marker(i) for i in block.items] == facts.topics and bool(facts.topics)) or \
        _list(block) in placed.front


def _heading_target(block: Block, parent_level: int | None
                    ) -> tuple[tuple[str, str | None] | None, int | None]:
    text = _SECTION_NUMBER.sub("", block.text.strip())  # "C. Inovasi X", "II. HASIL"
    if parent_level is not None and block.level > parent_level:
        return ("innovation", _unquote(text)), parent_level
    innovation = _INNOVATION_HEADING.match(text)
    if innovation:
        name = _unquote(innovation.group("name"))
        if name and not re.match(r"^(?:-?inovasi|lain|lainnya|others?)\b", name, re.I):
            return ("innovation", name), None
        return None, block.level  # "Inovasi" over headings naming each innovation
    lower = text.lower()
    for tag, words in HEADING_WORDS:
        if re.search(words, lower):
            return (tag, None), None
    return None, None


def _unquote(name: str) -> str:
    return name.strip().strip("“”\"‘’'").strip()


def _name_innovations(topics: Block, facts: Facts, placed: Placement) -> None:
    """A topic that names an innovation ("Inovasi “Rantang Kasih” serta ...") is what the
    report says about it: its words go into that innovation's cell too."""
    for item in topics.items:
        for name in facts.innovations:
            if name in item and not placed.innovations[name]:
                placed.innovations[name].append(strip_marker(item))


def _put(placed: Placement, target: tuple[str, str | None], block: Block) -> None:
    tag, name = target
    if tag == "basis":
        placed.sources.extend(strip_marker(i) for i in block.items) if block.kind == LIST \
            else placed.sources.append(block.all_text())
    elif tag == "participants" and block.kind in (TABLE, LIST):
        placed.front.append(_markdown(block))  # the front matter's participants
    elif tag in PART_SECTIONS:
        placed.add(PART_SECTIONS[tag], _markdown(block))
    elif tag == "closing":
        placed.unsorted.append(_markdown(block))  # not the closing formula: for the researcher
    elif tag == "innovation" and name:
        placed.innovations[name].append(_markdown(block))
    elif tag == "recommendations":
        _put_recommendations(placed, block)
    elif tag == "roles":
        _put_roles(placed, block)
    else:
        placed.add(tag, _markdown(block))


def _put_recommendations(placed: Placement, block: Block) -> None:
    if block.kind == PARAGRAPH:
        placed.recommendations.extend(sentences(block.text))
    elif block.kind == LIST:
        placed.recommendations.extend(strip_marker(item) for item in block.items)
    else:
        placed.unsorted.append(_markdown(block))  # its columns are not the format's


def _put_roles(placed: Placement, block: Block) -> None:
    if block.kind == TABLE and block.rows and all(len(row) == 2 for row in block.rows):
        placed.roles.extend((row[0], row[1]) for row in block.rows[1:] if any(row))
        return
    pairs = [_PAIR.match(strip_marker(item)) for item in block.items]
    if block.kind == LIST and all(pairs):
        placed.roles.extend((m.group("actor"), m.group("role")) for m in pairs if m)
    elif block.kind == TABLE:
        placed.unsorted.append(_markdown(block))
    else:
        placed.add("roles", _markdown(block))


def _put_sentences(placed: Placement, paragraph: str) -> None:
    """Each sentence where it names its section; runs of sentences bound for one section stay
    one paragraph."""
    runs: list[tuple[str, list[str]]] = []
    for sentence in sentences(paragraph):
        tag = _sentence_target(sentence)
        if tag is None:
            tag = runs[-1][0] if runs and CARRY_ON.match(sentence) else UNSORTED
        if runs and runs[-1][0] == tag:
            runs[-1][1].append(sentence)
        else:
            runs.append((tag, [sentence]))
    for tag, run in runs:
        if tag == "recommendations":
            placed.recommendations.extend(run)
        elif tag == "roles":
            placed.add("roles", " ".join(run))
        else:
            placed.add(tag, " ".join(run))


def _sentence_target(sentence: str) -> str | None:
    lower = sentence.lower()
    for tag, words in SENTENCE_WORDS:
        if re.search(words, lower):
            return tag
    return None


def _list(block: Block) -> str:
    """A list in markdown; items keep their own markers ("- a. Latar belakang ...")."""
    return "\n".join(f"- {item}" for item in block.items)


def _markdown(block: Block) -> str:
    if block.kind == LIST:
        return _list(block)
    if block.kind == TABLE:
        return table_markdown(block.rows)
    if block.kind == HEADING:
        return f"### {block.text}"
    return block.text


def cell_text(text: str) -> str:
    """Text for a markdown table cell: a pipe would end the cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)
    padded = [[cell_text(c) for c in row] + [""] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(padded[0])} |", f"|{' --- |' * width}"]
    lines += [f"| {' | '.join(row)} |" for row in padded[1:]]
    return "\n".join(lines)
