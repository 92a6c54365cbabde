"""`briefs/index.html`: one page listing every visit and synthesis, with links to their briefs.

Built from the manifest (the facts `publish.catalogue_facts` keeps per visit) and the files on
disk, never from notebooks, so it is rewritten after every render, even when nothing rendered.
The page works opened from a file or a shared drive: no server, nothing fetched. Past
`PAGE_SIZE` visits the list is split: `index.html` holds the newest `PAGE_SIZE` cards and
`index-2.html`, `index-3.html`, ... the older ones, with links between them, so every visit is a
plain HTML card with scripts off and the cards a browser lays out stay few (a thousand of them,
4 MB, took Chromium over two seconds). On `index.html` a small inline script
(`templates/catalogue/catalogue.js`) adds filters, a search over every visit's facts embedded as
JSON (from which it builds the cards of older visits that match, a batch at a time) and the
Indonesian/English switch; the other pages carry no script. The Content-Security-Policy allows
that script and the stylesheet by their sha256 hashes and nothing else. Values reach the page
through jinja2's autoescape, and the JSON is escaped so that no title can end its `<script>`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ringkas import __version__
from ringkas.build.manifest import CATALOGUE_PAGE as PAGE_NAME
from ringkas.build.manifest import Manifest
from ringkas.contract import spec as C
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.translations import is_plural, msgids, text
from ringkas.knowledge.stem import fold
from ringkas.knowledge.synthesis import FOLDER as SYNTHESIS_FOLDER
from ringkas.knowledge.synthesis import facts as synthesis_facts
from ringkas.knowledge.synthesis import parse_stem
from ringkas.knowledge.synthesis import title as synthesis_title
from ringkas.project.files import write_atomic
from ringkas.project.paths import templates_dir
from ringkas.render.labels import Labels

#: Cards per page; the script shows matches in batches of the same size.
PAGE_SIZE = 60
#: `index-2.html`, `index-3.html`, ...: the pages after the first.
MORE_PAGES = re.compile(r"^index-(?P<number>[2-9]|[1-9][0-9]+)\.html$")
PALETTE = re.compile(r"^:root \{.*?^\}", re.MULTILINE | re.DOTALL)
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


# --- the public API -----------------------------------------------------------------------

def write_catalogue_pages(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None, *,
                  vocabulary: Vocabulary = BUILTIN) -> Path:
    """Write `out/index.html` (and `index-2.html`, ... past `PAGE_SIZE` visits) from the
    manifest and the briefs on disk, removing pages no longer needed; returns the first's path.
    `vocabulary`: the project's, whose own themes the cards and the filter name."""
    pages = render_pages(out, lang, today, vocabulary=vocabulary)
    for name in extra_pages(out):
        if name not in pages:
            (out / name).unlink(missing_ok=True)
    for name, html in sorted(pages.items(), key=lambda item: item[0] == PAGE_NAME):
        write_atomic(out / name, html.encode("utf-8"))  # index.html last: it links the others
    return out / PAGE_NAME


def extra_pages(out: Path) -> list[str]:
    """The file names of the catalogue's pages after the first in `out`."""
    names = [p.name for p in out.iterdir()] if out.is_dir() else []
    return sorted(name for name in names if MORE_PAGES.match(name))


def page_name(number: int) -> str:
    return PAGE_NAME if number == 1 else f"index-{number}.html"


def render_catalogue(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None, *,
                   vocabulary: Vocabulary = BUILTIN) -> str:
    """The catalogue's first page `index.html` of the briefs folder `out`, in `lang` first
    (switchable)."""
    return render_pages(out, lang, today, vocabulary=vocabulary)[PAGE_NAME]


def render_pages(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None,
                 page_size: int = PAGE_SIZE, *,
                 manifest: Manifest | None = None,
                 vocabulary: Vocabulary = BUILTIN) -> dict[str, str]:
    """Every page of the catalogue of `out`, by file name: `PAGE_SIZE` cards each.

    `manifest`: the visits to list (default: `out`'s own manifest). `ringkas distribute` gives
    the briefs folder's manifest cut down to the visits it hands on, and its `dist/` as `out`,
    where the briefs' files are looked for.
    """
    if lang not in PAGE_LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(PAGE_LANGS)}")
    cards = visit_cards(manifest if manifest is not None else Manifest.read(out), out,
                        vocabulary)
    shares = [cards[start:start + page_size] for start in range(0, len(cards), page_size)]
    pages = [(number, page_name(number)) for number in range(1, len(shares) + 1)] \
        or [(1, PAGE_NAME)]
    script = _asset("catalogue.js")
    style = _asset("catalogue.css", before=brief_palette())
    first_page = Page(
        lang=lang, t=texts(), cards=cards[:page_size], number=1, pages=pages,
        range=_pair("page_range", first=min(1, len(cards)), last=min(page_size, len(cards)),
                    total=len(cards)),
        syntheses=synthesis_entries(out, vocabulary), themes=_theme_options(cards, vocabulary),
        hosts=_options(cards, "host"), years=_options(cards, "year"),
        statuses=_options(cards, "status"), updated=_pair("updated", date=today or dt.date.today()),
        data=embed_json(search_index(cards, page_size)), style=Markup(style),  # noqa: S704 (ours)
        script=Markup(script),  # noqa: S704
        csp=Markup(content_security_policy(script, style)),  # noqa: S704 (hashes, quotes)
    )
    template = _environment().get_template("index.html.j2")
    rendered = {}
    for number, share in enumerate(shares or [[]], 1):
        first = (number - 1) * page_size
        # the older pages: their own cards, no syntheses, data or script
        page = first_page if number == 1 else dataclasses.replace(
            first_page, cards=share, number=number, syntheses=[], data=Markup(""),
            range=_pair("page_range", first=first + 1, last=first + len(share),
                        total=len(cards)),
            script=Markup(""), csp=Markup(content_security_policy(None, style)))  # noqa: S704
        rendered[page_name(number)] = template.render(page=page)
    return rendered


def content_security_policy(script: str | None, style: str) -> str:
    """Nothing but the page's own inline script (if it has one) and stylesheet, each allowed
    by its hash."""
    scripts = f"'{sha256(script)}'" if script is not None else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src '{sha256(style)}'; "
            "base-uri 'none'; form-action 'none'")


def sha256(text: str) -> str:
    """A CSP hash source: 'sha256-' and the base64 digest of the element's text as UTF-8."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def embed_json(data: object) -> Markup:
    """`data` as JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&`
    as \\u escapes, so no string in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 (escaped just above)


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
def _labels(lang: str) -> Labels:
    return Labels(lang)


class _Words:
    """The labels cards repeat (dates, follow-up counts, audiences), each looked up once per
    page rather than once per card: a thousand cards made tens of thousands of look-ups."""

    def __init__(self, vocabulary: Vocabulary = BUILTIN) -> None:
        self.theme = functools.cache(lambda key: Pair(*(vocabulary.theme_label(key, lang)
                                                        for lang in PAGE_LANGS)))
        self.day = functools.cache(lambda day: Pair(*(_labels(lang).date(day)
                                                      for lang in PAGE_LANGS)))
        self.followup = functools.cache(lambda done, total: _pair("followup", done=done,
                                                                  count=total))
        self.audience = functools.cache(lambda audience: Pair(*(
            _labels(lang)(f"doc.{audience}") for lang in PAGE_LANGS)))


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
    audiences = {audience: tuple(_labels(lang)(f"doc.{audience}") for lang in PAGE_LANGS)
                 for audience in C.AUDIENCES}
    languages = {lang: Pair.of(C.PARAMETERS["lang"].choices[lang]).all for lang in C.LANGS}
    return {"visits": visits, "batch": page_size,
            "labels": {"status": statuses, "theme": themes, "audience": audiences,
                       "language": languages},
            "text": {key: dict(zip(PAGE_LANGS, words[key].all, strict=False))
                     for key in ("count", "title", "innovations", "more")}}


def _options(cards: list[Card], name: str) -> list[tuple[str, Pair]]:
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


def _theme_options(cards: list[Card], vocabulary: Vocabulary) -> list[tuple[str, Pair]]:
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


# --- small helpers ------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "catalogue"),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def brief_palette() -> str:
    """The `:root` block of the brief's stylesheet: colours and fonts, shared by the catalogue."""
    css = (templates_dir() / "brief" / "static" / "brief.css").read_text(encoding="utf-8")
    match = PALETTE.search(css)
    if match is None:
        raise ValueError("templates/brief/static/brief.css has no ':root { ... }' palette")
    return match.group(0) + "\n\n"


def _asset(name: str, before: str = "") -> str:
    """A file inlined into the page (after `before`), newlines normalised as the HTML parser
    will (the CSP hash is of the parsed text), checked so it cannot end its own element."""
    text = before + (templates_dir() / "catalogue" / name).read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ValueError(f"templates/catalogue/{name} must not contain '</script', '</style' "
                         "or '<!--'")
    return text


def _pair(key: str, **params: object) -> Pair:
    values = {lang: {k: _labels(lang).date(v) if isinstance(v, dt.date) else v
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
