"""What goes into a brief: the `Brief` view of a validated `Visit`, built by `build_brief`.

The template (`templates/brief/`) lays out; this module decides what goes in. Notebook text in
it is escaped by Jinja's autoescape or sanitized by `ringkas.render.sanitize`. A synthesis page
(`SynthesisPage`) is the same idea for a cross-visit synthesis notebook: its outputs under the
brief's masthead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from nbformat import NotebookNode

from ringkas import __version__
from ringkas.contract import spec as C
from ringkas.contract.branding import NO_BRANDING, Branding
from ringkas.contract.model import Innovation, Recommendation, SectionText, Visit
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.notebook import markdown as md
from ringkas.notebook.cells import cell_tags
from ringkas.project.paths import templates_dir
from ringkas.render.labels import Labels
from ringkas.render.limits import OutputLimits
from ringkas.render.photos import PhotoView, photo_views
from ringkas.render.sanitize import inline_markdown, markdown_html

AUDIENCES = tuple(C.PARAMETERS["audience"].choices)
KEY_RECOMMENDATIONS = 5  # rows on page 1 of a pimpinan brief; all are in the teknis report
CARD_INNOVATIONS = 4  # innovations on a pimpinan brief; the rest are in the teknis report
#: What an innovation card shows, in this order, of the fields that are filled in.
CARD_FIELDS = ("form", "start_year", "target", "funding", "lead_opd", "evidence", "source")
FINDING_TAGS = ("leadership", "outcome", "lessons")
FINDING_WORDS = 70  # a key finding is cut after the paragraph or list item that passes this
#: A short visit (this few innovations and recommendations) fills page 1 of its pimpinan brief
#: with what a longer one has no room for: the purpose and topics among the findings, each
#: innovation's description on its card.
SHORT_VISIT = (2, 2)  # (innovations, recommendations) at most
SHORT_WORDS = 350  # ... and at most this many words on the page without the additions
SHORT_TAGS = ("purpose",)
CARD_CHARACTERS = 280  # an innovation's description on the card of a short visit
SOURCE_LINES = 6  # sources listed on a pimpinan brief; all are in the teknis report
HIDDEN_TAGS = frozenset({"remove-cell", "remove-output", "hide-output", "hide-cell"})
PRIORITY_RANK = {value: rank for rank, value in enumerate(C.PRIORITIES)}
#: Output types a brief shows, most wanted first: never scripts, widgets or LaTeX.
DISPLAY_PRIORITY = ["image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown",
                    "text/plain"]


@dataclass(frozen=True)
class Entry:  # a line of an innovation card or of the visit's facts
    label: str
    value: Markup | str


@dataclass(frozen=True)
class InnovationView:
    name: str
    description: Markup
    fields: list[Entry]  # every field filled in, for the technical report
    card: list[Entry]  # the CARD_FIELDS filled in, in that order, for leadership
    summary: str  # the description shortened, for the card of a short visit ("": none)
    abstract: str  # its first sentence as plain text, beside a name with nothing else

    @property
    def has_card(self) -> bool:
        """Something to print under the name; without it an innovation is listed by name."""
        return bool(self.card or self.summary)


@dataclass(frozen=True)
class Finding:
    tag: str
    html: Markup
    shortened: bool


@dataclass(frozen=True)
class Figure:
    number: int
    caption: str | None
    source: str | None
    outputs: list[NotebookNode]


@dataclass(frozen=True)
class Source:
    text: str
    href: str | None


@dataclass(frozen=True)
class Prose:  # what a researcher wrote above and below a section's table
    before: Markup
    after: Markup


@dataclass(frozen=True)
class RevisionRow:  # a line of the teknis report's list of revisions
    number: int
    date: str  # in the brief's language
    short: str  # the short content hash
    changed: str  # the sections changed since the revision before, as labels ("" for the first)


@dataclass(frozen=True)
class RevisionNote:
    """What a brief shows of its revision (ringkas.render.revision): `label` is the plain text
    of the footer and the PDF metadata, "Revisi 3 · 2 Desember 2026 · 4f9c2a1"."""

    number: int
    date: dt.date
    short: str
    label: str
    history: tuple[RevisionRow, ...] = ()  # every revision up to this one, oldest first

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Brief:
    """Everything the template prints; what holds HTML is already sanitized."""

    audience: str
    L: Labels
    visit: Visit
    rendered_on: dt.date
    doc_type: str
    draft: bool  # status is not approved: a watermark on every printed page
    short: bool  # a short visit: its pimpinan brief shows more to fill its one page
    short_title: str  # for the running head
    description: str  # the summary as plain text, for <meta> and the PDF's subject
    keywords: str
    facts: list[Entry]
    sections: dict[str, Markup]  # tag -> the cell as HTML, for the single-cell sections
    not_discussed: frozenset[str]  # sections marked as not discussed: the teknis report says so
    language_note: str  # an English brief's word on the text still in Indonesian ("": none)
    contexts: list[Markup]
    findings: list[Finding]
    innovations: list[InnovationView]
    roles_prose: Prose
    key_recommendations: list[Recommendation]
    recommendations_prose: Prose
    figures: list[Figure]
    sources: list[Source]
    css: Markup
    page_css: Markup
    #: The agency's letterhead, logo and colours (ringkas.toml [branding]); empty: none.
    branding: Branding = NO_BRANDING
    #: Every photo of the `dokumentasi` section, downscaled (bytes, mime, caption, credit,
    #: on_pimpinan; `.url` a data: URL): the DOCX writer takes them from here too.
    photos: list[PhotoView] = field(default_factory=list)
    photos_prose: Markup = field(default_factory=Markup)  # the dokumentasi cell besides photos
    #: The revision label (footer, PDF metadata, the teknis report's list); None outside a
    #: build, which alone knows a visit's revisions (`ringkas.build.revision_log`).
    revision: RevisionNote | None = None

    @property
    def shown_photos(self) -> list[PhotoView]:
        """The photos this brief shows: all in the teknis report, the marked one for leadership."""
        if self.audience == "teknis":
            return self.photos
        return [p for p in self.photos if p.on_pimpinan][:1]

    @property
    def cards(self) -> list[InnovationView]:
        return [i for i in self.innovations[:CARD_INNOVATIONS] if i.has_card]

    @property
    def named(self) -> list[InnovationView]:
        """Innovations with nothing but a name (and perhaps a sentence): a list, not a box."""
        return [i for i in self.innovations[:CARD_INNOVATIONS] if not i.has_card]

    @property
    def visit_sources(self) -> list[Source]:
        """The front matter's sources, for the last lines of a pimpinan brief."""
        listed = dict.fromkeys(self.visit.sources)
        return [s for s in self.sources if s.text in listed][:SOURCE_LINES]

    @property
    def more_sources(self) -> int:
        return len(self.visit.sources) - len(self.visit_sources)

    @property
    def generator(self) -> str:
        return f"ringkas {__version__}"


# --- what goes into the brief ---------------------------------------------------------------

def build_brief(nb: NotebookNode, visit: Visit, audience: str, lang: str,
                rendered_on: dt.date, settings: ProjectSettings | None = None,
                photo_files: Mapping[str, bytes] | None = None,
                revision: RevisionNote | None = None) -> Brief:
    """What the template needs to print the brief of `visit` for `audience` in `lang`.

    `settings`: the project's (its letterhead, colours and own themes; default: none).
    `photo_files` holds the bytes of the photo files beside the notebook (by name as the
    notebook writes them); None: read from beside `visit.path`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; choose one of: {', '.join(AUDIENCES)}")
    settings = settings or DEFAULT_SETTINGS
    L = Labels(lang, settings.vocabulary)
    prose = {t for t, spec in C.SECTIONS.items() if not spec.repeatable} - set(C.TABLE_COLUMNS)
    short = audience == "pimpinan" and is_short(visit)
    text = in_language(lang)
    summary = visit.section("summary")
    finding_tags = (*SHORT_TAGS, *FINDING_TAGS) if short else FINDING_TAGS
    return Brief(
        audience=audience, L=L, visit=visit, rendered_on=rendered_on, doc_type=L(f"doc.{audience}"),
        draft=visit.status != "approved", short=short, short_title=_shorten(visit.title, 64),
        description=_shorten(md.plain(text(summary)) if summary else visit.title, 300),
        keywords=", ".join([visit.host.name, *(L.choice("theme", t) or t for t in visit.themes)]),
        facts=_facts(visit, L),
        sections={s.tag: _section_html(text(s), C.SECTIONS[s.tag], L)
                  for s in visit.sections if s.tag in prose and s.tag != "dokumentasi"},
        not_discussed=frozenset(s.tag for s in visit.sections if s.not_discussed),
        language_note=_language_note(visit, L, None if audience == "teknis" else {
            "summary", "innovation", "recommendations", *finding_tags}),
        contexts=[markdown_html(text(s)) for s in visit.sections_tagged("context") if s.text],
        findings=_findings(visit, finding_tags, text),
        innovations=[_innovation(i, L, short) for i in visit.innovations],
        roles_prose=_prose(visit, "roles", text),
        key_recommendations=_key_recommendations(visit.recommendations),
        recommendations_prose=_prose(visit, "recommendations", text),
        figures=_figures(nb, visit, audience == "pimpinan", lang), sources=_sources(visit),
        css=brief_css(),
        page_css=Markup(L.page_css(rendered_on, revision.label if revision else "")),  # noqa: S704 (labels, CSS-quoted)
        revision=revision,
        branding=settings.branding,
        photos=_photos(nb, visit, photo_files), photos_prose=_photos_prose(visit, text),
    )


def _photos(nb: NotebookNode, visit: Visit, files: Mapping[str, bytes] | None
            ) -> list[PhotoView]:
    if not visit.photos:
        return []
    if files is None:
        from ringkas.notebook.photos import read_photo_files

        files = dict(read_photo_files(visit))
    return photo_views(nb, visit, files)


def _photos_prose(visit: Visit, text: Callable[[SectionText], str]) -> Markup:
    section = visit.section("dokumentasi")
    if section is None or section.is_empty:
        return Markup("")
    rest = C.PHOTO_PATTERN.sub("", text(section)).strip()
    return markdown_html(rest) if md.plain(rest).strip() else Markup("")


def in_language(lang: str) -> Callable[[SectionText], str]:
    """How a section's text is read in `lang`: its English version in English, where it has
    one; otherwise the text as written (in Indonesian)."""
    if lang != "en":
        return lambda section: section.text
    return lambda section: section.en or section.text


def _language_note(visit: Visit, L: Labels, shown: set[str] | None) -> str:
    """An English brief says plainly which text is in Indonesian: once, naming the sections
    without an English version (of those the brief shows; `shown` None: all), or the whole
    text when no section has one. A visit written in English (`text_lang: en`) is the mirror:
    its English brief needs no word, its Indonesian brief says the text is in English (there
    are no Indonesian sibling cells: the `en` sibling is the only translation a cell has)."""
    if visit.text_lang == "en":  # written in English: only an Indonesian brief has a word
        return L("in_english_all") if L.lang != "en" else ""
    if L.lang != "en":
        return ""
    written = [s for s in visit.sections if not s.is_empty and (shown is None or s.tag in shown)]
    missing = list(dict.fromkeys(s.tag for s in written if not s.en))
    if not missing:
        return ""
    if not any(s.en for s in visit.sections):
        return L("in_indonesian_all")
    return L("in_indonesian", sections=", ".join(L.section(tag) for tag in missing))


def is_short(visit: Visit) -> bool:
    """Whether the pimpinan brief of `visit` gets the short visit's fuller page 1."""
    most_innovations, most_recommendations = SHORT_VISIT
    if len(visit.innovations) > most_innovations or \
            len(visit.recommendations) > most_recommendations:
        return False
    summary = visit.section("summary")
    texts = [summary.text if summary else "", *(r.recommendation for r in visit.recommendations)]
    texts += [short_markdown(s.text)[0] for s in map(visit.section, FINDING_TAGS) if s]
    texts += [str(getattr(i, key) or "") for i in visit.innovations for key in CARD_FIELDS]
    return sum(len(md.plain(text).split()) for text in texts) <= SHORT_WORDS


def _section_html(text: str, spec: C.Section, L: Labels) -> Markup:
    """A prose section as HTML; a required one a draft has not written yet says so."""
    if not text and spec.presence == "required":
        return Markup('<p class="unwritten">{}</p>').format(L("unwritten"))
    return markdown_html(text)


def _shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _facts(visit: Visit, L: Labels) -> list[Entry]:
    host = visit.host.name
    if visit.host.bps_code:
        host += f" ({L('bps_code', code=visit.host.bps_code)})"
    facts = [Entry(L.field("kind"), L.choice("kind", visit.kind) or ""),
             Entry(L.field("date"), L.long_date(visit.date)), Entry(L.field("host"), host)]
    if visit.home:
        facts.append(Entry(L.field("home"), visit.home.name))
    team = ", ".join(x for x in (visit.unit, visit.agency) if x)
    if team:
        facts.append(Entry(L("visiting_team"), team))
    if visit.themes:
        themes = ", ".join(L.choice("theme", t) or t for t in visit.themes)
        facts.append(Entry(L.field("themes"), themes))
    facts.append(Entry(L.field("status"), L.choice("status", visit.status) or ""))
    return facts


def _innovation(innovation: Innovation, L: Labels, short: bool) -> InnovationView:
    def filled(keys: Iterable[str]) -> list[Entry]:
        values = ((key, str(getattr(innovation, key) or "").strip()) for key in keys)
        return [Entry(L.innovation_field(key), inline_markdown(value)) for key, value in values
                if value]

    english = L.lang == "en"
    name = (english and innovation.en_name) or innovation.name
    description = (english and innovation.en_description) or innovation.description or ""
    plain = md.plain(description)
    summary = _shorten(plain, CARD_CHARACTERS) if short else ""
    return InnovationView(name, markdown_html(description, 5),
                          fields=filled(C.INNOVATION_FIELDS), card=filled(CARD_FIELDS),
                          summary=summary, abstract=_first_sentence(plain))


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return _shorten(match.group(1) if match else text, limit)


def _key_recommendations(recs: list[Recommendation]) -> list[Recommendation]:
    """The first few by priority (high first, unset last), shown in the order written."""
    ranked = sorted(recs, key=lambda r: (PRIORITY_RANK.get(r.priority or "", 99), r.number))
    chosen = {r.number for r in ranked[:KEY_RECOMMENDATIONS]}
    return [r for r in recs if r.number in chosen]


def _prose(visit: Visit, tag: str, text: Callable[[SectionText], str]) -> Prose:
    """The prose above and below a section's table; an English version without a table gives
    its whole text as the prose above (the table's rows are those of the Indonesian cell)."""
    section = visit.section(tag)
    if section is None:
        return Prose(Markup(""), Markup(""))
    written = text(section)
    table = md.find_table(written)
    if table is None:
        if written == section.text:
            return Prose(Markup(""), Markup(""))
        return Prose(markdown_html(written), Markup(""))
    return Prose(markdown_html(table.before), markdown_html(table.after))


def _blocks(text: str) -> list[str]:
    """Markdown split into paragraphs and list items, each kept whole."""
    return md.blocks(text)


def short_markdown(text: str, words: int = FINDING_WORDS) -> tuple[str, bool]:
    """The first whole paragraphs and list items of `text` within about `words` words, and
    whether anything was left out."""
    blocks, count = _blocks(text), 0
    kept: list[str] = []
    for block in blocks:
        size = len(md.plain(block).split())
        if kept and count + size > words:
            break
        kept.append(block)
        count += size
    return "\n\n".join(kept), len(kept) < len(blocks)


def _findings(visit: Visit, tags: tuple[str, ...], read: Callable[[SectionText], str]
              ) -> list[Finding]:
    findings = []
    for tag in tags:
        section = visit.section(tag)
        if section and not section.is_empty:
            text, shortened = short_markdown(read(section))
            findings.append(Finding(tag, markdown_html(text), shortened))
    return findings


def _figures(nb: NotebookNode, visit: Visit, first_only: bool, lang: str) -> list[Figure]:
    """Evidence cells with something to show; for leadership, only the first chart of all.

    Outputs are copies within `ringkas.render.limits`: a huge print or image becomes a note."""
    shown = ("display_data", "execute_result")
    figures: list[Figure] = []
    limits = OutputLimits(lang)
    for evidence in visit.evidence:
        cell = nb.cells[evidence.cell - 1]
        if HIDDEN_TAGS & set(cell_tags(cell)):
            continue
        outputs = [o for o in cell.get("outputs", []) if o.get("output_type") in shown or (
            not first_only and o.get("output_type") == "stream" and o.get("name") == "stdout")]
        if outputs:
            figures.append(Figure(len(figures) + 1, evidence.caption, evidence.data_source,
                                  limits.shown(outputs[:1] if first_only else outputs)))
        if first_only and figures:
            break
    return figures


def _sources(visit: Visit) -> list[Source]:
    from_evidence = (e.data_source for e in visit.evidence if e.data_source)
    texts = dict.fromkeys([*visit.sources, *from_evidence])
    return [Source(t, t if re.fullmatch(r"https?://\S+", t) else None) for t in texts]


def brief_css() -> Markup:
    """The brief's stylesheet, to be inlined in its <style> element; read again only when the
    file changed (a researcher editing it in a long-lived notebook session sees the change)."""
    path = templates_dir() / "brief" / "static" / "brief.css"
    return _read_css(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_css(path: Path, mtime_ns: int) -> Markup:
    css = path.read_text(encoding="utf-8")
    return Markup(css.replace("</", "<\\/"))  # noqa: S704 (our own file, kept inside its <style>)


def as_date(value: object) -> dt.date:
    """A render date from a date, an ISO string, or nothing (today)."""
    if value is None or value == "":
        return dt.date.today()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# --- a synthesis page ---------------------------------------------------------------------

@dataclass(frozen=True)
class SynthesisPage:
    """What `templates/brief/synthesis.html.j2` prints: the outputs of the notebook's code cells,
    in order, under the brief's masthead. Inputs and markdown cells (the notebook explaining
    itself to its reader) stay out."""

    L: Labels
    title: str
    facts: tuple[str, ...]  # under the title: the selection
    doc_type: str
    rendered_on: dt.date
    outputs: list[NotebookNode]
    css: Markup
    page_css: Markup
    branding: Branding = NO_BRANDING  # the project's letterhead and colours, as on its briefs
    #: The researcher's own cross-visit lessons (markdown cells tagged `lessons`), as markdown.
    lessons: tuple[str, ...] = ()


def build_synthesis_page(nb: NotebookNode, *, lang: str, title: str, facts: tuple[str, ...] = (),
                         doc_type: str = "", rendered_on: object = None,
                         settings: ProjectSettings | None = None,
                         lessons: tuple[str, ...] = ()) -> SynthesisPage:
    """The page of an executed synthesis notebook: its shown outputs, hidden cells left out."""
    settings = settings or DEFAULT_SETTINGS
    L, day = Labels(lang, settings.vocabulary), as_date(rendered_on)
    shown = ("display_data", "execute_result")
    outputs = [output for cell in nb.cells if cell.cell_type == "code"
               and not HIDDEN_TAGS & set(cell_tags(cell))
               for output in cell.get("outputs", []) if output.get("output_type") in shown]
    return SynthesisPage(L, title, tuple(facts), doc_type, day, outputs, brief_css(),
                         Markup(L.page_css(day)),  # noqa: S704 (labels, CSS-quoted)
                         settings.branding, tuple(lessons))
