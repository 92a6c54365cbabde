"""What the catalogue page lists: a card per visit (from the manifest's facts and the briefs
on disk), the filters' choices, the search data the page's script reads, the syntheses; every
label in Indonesian and English (`Pair`), as the page switches between them. `ringkas.build.
catalogue` lays these out as `briefs/index.html` and its further pages.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ringkas import __version__
from ringkas.build.manifest import Manifest
from ringkas.contract import spec as C
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.translations import is_plural, msgids, text
from ringkas.knowledge.stem import fold
from ringkas.knowledge.synthesis import FOLDER as SYNTHESIS_FOLDER
from ringkas.knowledge.synthesis import facts as synthesis_facts
from ringkas.knowledge.synthesis import parse_stem
from ringkas.knowledge.synthesis import title as synthesis_title
from ringkas.render.labels import Labels

#: Cards per page; the script shows matches in batches of the same size.
PAGE_SIZE = 60
SYNTHESIS_FILE = re.compile(r"^(?P<stem>[a-z0-9-]+)\.(?P<lang>id|en)\.(?P<fmt>html|pdf)$")


@dataclass(frozen=True)
class Pair:
    """A label in Indonesian and English; the page prints one and the script switches."""

    id: str
    en: str

    @property
    def all(self) -> tuple[str, str]:
        return self.id, self.en

    @classmethod
    def of(cls, labelled: C.Labelled) -> Pair:
        return cls(*(labelled.label(lang) for lang in PAGE_LANGS))


#: The page's two languages: every label is printed in both and its script switches between them.
PAGE_LANGS = ("id", "en")


def texts() -> dict[str, Pair]:
    """The page's own words (`catalogue.<key>` in the catalogues), placeholders left for the
    script ("count") to fill; plural entries are formatted where their count is known."""
    keys = sorted(key for key in msgids(C.DEFAULT_LANG)
                  if key.startswith("catalogue.") and not is_plural(key))
    return {key.removeprefix("catalogue."): Pair(*(text(key, lang) for lang in PAGE_LANGS))
            for key in keys}


@dataclass(frozen=True)
class Link:
    href: str
    text: str  # HTML, PDF
    lang: str


@dataclass(frozen=True)
class BriefRow:  # one audience in one language, with the formats that exist
    name: Pair | None  # None: the entry's title says it
    lang: str
    language: Pair
    links: list[Link]
    audience: str = ""  # a visit's: pimpinan, teknis


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    date: str  # ISO, for <time>
    day: Pair
    kind: Pair
    host: str
    status: str
    status_label: Pair
    themes: list[tuple[str, Pair]]  # (key, label)
    summary: str
    innovations: list[str]
    done: int
    total: int
    followup: Pair
    briefs: list[BriefRow]


@dataclass(frozen=True)
class SynthesisEntry:
    title: Pair
    facts: Pair
    briefs: list[BriefRow]  # one per language


@dataclass(frozen=True)
class Page:
    lang: str
    t: dict[str, Pair]
    cards: list[Card]  # this page's share
    number: int  # 1: index.html, with the script; 2: index-2.html, ...
    pages: list[tuple[int, str]]  # every page: (number, file name)
    range: Pair  # "Visits 61-120 of 1000"
    syntheses: list[SynthesisEntry]
    themes: list[tuple[str, Pair]]  # filter options: (value, label)
    hosts: list[tuple[str, Pair]]
    years: list[tuple[str, Pair]]
    statuses: list[tuple[str, Pair]]
    updated: Pair
    data: Markup  # the search index, JSON escaped for a <script> element
    style: Markup
    script: Markup
    csp: Markup  # quotes and base64 only
    generator: str = f"ringkas {__version__}"


# --- visits -------------------------------------------------------------------------------

def visit_cards(manifest: Manifest, out: Path, vocabulary: Vocabulary = BUILTIN) -> list[Card]:
    """A card per visit in the manifest, newest first. Facts are read defensively: the manifest
    is a file in a shared folder, and a wrong value must not break the page."""
    words = _Words(vocabulary)
    cards = [_card(visit_id, facts, out, words) for visit_id, facts in manifest.visits.items()]
    return sorted(cards, key=lambda card: (card.date, card.id), reverse=True)


def _files(folder: Path) -> frozenset[str]:
    """The names in `folder` (none when it is missing): one listing per visit, not one look-up
    per possible brief (eight stats a visit made a thousand-visit page slow)."""
    try:
        return frozenset(entry.name for entry in os.scandir(folder) if entry.is_file())
    except OSError:
        return frozenset()


@functools.lru_cache(maxsize=len(PAGE_LANGS))
def labels_in(lang: str) -> Labels:
    return Labels(lang)


class _Words:
    """The labels cards repeat (dates, follow-up counts, audiences), each looked up once per
    page rather than once per card: a thousand cards made tens of thousands of look-ups."""

    def __init__(self, vocabulary: Vocabulary = BUILTIN) -> None:
        self.theme = functools.cache(lambda key: Pair(*(vocabulary.theme_label(key, lang)
                                                        for lang in PAGE_LANGS)))
        self.day = functools.cache(lambda day: Pair(*(labels_in(lang).date(day)
                                                      for lang in PAGE_LANGS)))
        self.followup = functools.cache(lambda done, total: pair("followup", done=done,
                                                                  count=total))
        self.audience = functools.cache(lambda audience: Pair(*(
            labels_in(lang)(f"doc.{audience}") for lang in PAGE_LANGS)))


def _card(visit_id: str, facts: dict, out: Path, words: _Words) -> Card:
    day = _date(facts.get("date"))
    kind, status = _text(facts.get("kind")), _text(facts.get("status"))
    done, total = _count(facts.get("done")), _count(facts.get("recommendations"))
    return Card(
        id=visit_id, title=_text(facts.get("title")) or visit_id,
        date=day.isoformat() if day else "",
        day=words.day(day) if day else Pair("", ""),
        kind=_choice(C.VISIT_KINDS, kind), host=_text(facts.get("host")), status=status,
        status_label=_choice(C.VISIT_STATUSES, status),
        themes=[(theme, words.theme(theme)) for theme in _texts(facts.get("themes"))],
        summary=_text(facts.get("summary")), innovations=_texts(facts.get("innovations")),
        done=min(done, total), total=total,
        followup=words.followup(min(done, total), total),
        briefs=_brief_rows(visit_id, out, words),
    )


def _brief_rows(visit_id: str, out: Path, words: _Words) -> list[BriefRow]:
    """Per language and audience, the briefs of a visit that exist."""
    present = _files(out / visit_id)
    return [row for audience in C.AUDIENCES
            for row in _rows(words.audience(audience), present, visit_id,
                             f"{visit_id}.{audience}", audience)]


def _rows(name: Pair | None, present: frozenset[str], folder: str, stem: str,
          audience: str = "") -> list[BriefRow]:
    """Per language, the HTML and PDF files `<stem>.<lang>.<format>` of `present` (the files in
    `out/folder`), as links to `folder/<file>`."""
    languages = C.PARAMETERS["lang"].choices
    rows = []
    for lang in C.LANGS:
        files = [(fmt, f"{stem}.{lang}.{fmt}") for fmt in C.ALL_FORMATS]
        links = [Link(f"{folder}/{file}", fmt.upper(), lang) for fmt, file in files
                 if file in present]
        if links:
            rows.append(BriefRow(name, lang, Pair.of(languages[lang]), links, audience))
    return rows


def search_index(cards: list[Card], page_size: int = PAGE_SIZE) -> dict:
    """What the script filters and searches on, and builds the cards of older visits from: per
    visit its facts (the folded search text is made by the script, from the same facts), and
    once the labels its keys stand for. Brief links are (audience, language, formats); the
    script makes `<id>/<id>.<audience>.<lang>.<format>` of them, as `_rows` does."""
    visits = [{
        "id": card.id, "title": card.title, "host": card.host, "year": card.date[:4],
        "date": card.date, "day": card.day.all, "kind": card.kind.all, "status": card.status,
        "themes": [key for key, _ in card.themes], "summary": card.summary,
        "innovations": card.innovations, "done": card.done, "total": card.total,
        "followup": card.followup.all,
        "briefs": [[row.audience, row.lang, [link.text.lower() for link in row.links]]
                   for row in card.briefs],
    } for card in cards]
    words = texts()  # every catalogued language; the page switches between PAGE_LANGS
    statuses = {card.status: card.status_label.all for card in cards}
    themes = {key: label.all for card in cards for key, label in card.themes}
    audiences = {audience: tuple(labels_in(lang)(f"doc.{audience}") for lang in PAGE_LANGS)
                 for audience in C.AUDIENCES}
    languages = {lang: Pair.of(C.PARAMETERS["lang"].choices[lang]).all for lang in C.LANGS}
    return {"visits": visits, "batch": page_size,
            "labels": {"status": statuses, "theme": themes, "audience": audiences,
                       "language": languages},
            "text": {key: dict(zip(PAGE_LANGS, words[key].all, strict=False))
                     for key in ("count", "title", "innovations", "more")}}


def value_options(cards: list[Card], name: str) -> list[tuple[str, Pair]]:
    """The values a filter offers: those the visits have, in the contract's order."""
    if name == "status":
        present = {card.status for card in cards}
        return [(key, Pair.of(choice)) for key, choice in C.VISIT_STATUSES.items()
                if key in present]
    if name == "year":
        years = sorted({card.date[:4] for card in cards if card.date}, reverse=True)
        return [(year, Pair(year, year)) for year in years]
    hosts = sorted({card.host for card in cards if card.host}, key=fold)
    return [(host, Pair(host, host)) for host in hosts]


def theme_options(cards: list[Card], vocabulary: Vocabulary) -> list[tuple[str, Pair]]:
    """The themes the theme filter offers: those the visits have, in the project's order."""
    present = {key: label for card in cards for key, label in card.themes}
    return [(key, present[key]) for key in vocabulary.themes if key in present]


# --- syntheses ----------------------------------------------------------------------------

def synthesis_entries(out: Path, vocabulary: Vocabulary = BUILTIN) -> list[SynthesisEntry]:
    """The synthesis briefs in `out/synthesis/`, with their HTML and PDF files per language."""
    folder = out / SYNTHESIS_FOLDER
    names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    stems = dict.fromkeys(m["stem"] for m in map(SYNTHESIS_FILE.match, names) if m)
    entries = []
    for stem in stems:
        selection = parse_stem(stem, vocabulary)
        if selection is None:
            continue
        briefs = _rows(None, _files(folder), SYNTHESIS_FOLDER, stem)
        titles = [synthesis_title(selection.theme, lang, vocabulary) for lang in PAGE_LANGS]
        host = selection.host.replace("-", " ").title()  # the file name keeps only a slug
        facts = [" · ".join(synthesis_facts(host, selection.since, lang))
                 for lang in PAGE_LANGS]
        entries.append(SynthesisEntry(Pair(*titles), Pair(*facts), briefs))
    return entries


# --- small helpers ---------------------------------------------------------------------

def pair(key: str, **params: object) -> Pair:
    values = {lang: {k: labels_in(lang).date(v) if isinstance(v, dt.date) else v
                     for k, v in params.items()} for lang in PAGE_LANGS}
    return Pair(*(text(f"catalogue.{key}", lang, **values[lang]) for lang in PAGE_LANGS))


def _choice(choices: dict[str, C.Choice], value: str) -> Pair:
    choice = choices.get(value)
    return Pair.of(choice) if choice else Pair(value, value)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _texts(value: object) -> list[str]:
    return [v.strip() for v in value if isinstance(v, str) and v.strip()] \
        if isinstance(value, list) else []


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
