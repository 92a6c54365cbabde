"""The brief as a reader sees it, in no format: the `Brief` that `build_brief` makes
(`ringkas.render.brief`) and the HTML template (`templates/brief/`, and so the PDF) and the
DOCX writer (`ringkas.render.word_brief`) only lay out.

Everything a reader sees is decided here once per visit, audience and language: which sections
appear and what they say (`Part`), the prose around tables, the findings cut for leadership, the
signature block, the photos, the letterhead, the revision label. Text written in a notebook is
held as its markdown syntax tree (`Tree`, from the one parse of `ringkas.notebook.markdown`),
never as HTML: the template turns a tree into sanitized HTML (`ringkas.render.sanitize.tree_html`),
the DOCX writer into Word paragraphs (`ringkas.render.word.markdown_tree`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup
from nbformat import NotebookNode

from ringkas import __version__
from ringkas.contract.branding import NO_BRANDING, Branding
from ringkas.contract.model import Visit
from ringkas.notebook.markdown import Parsed as Tree
from ringkas.render.labels import Labels
from ringkas.render.photos import PhotoView

CARD_INNOVATIONS = 4  # innovations on a pimpinan brief; the rest are in the teknis report
SOURCE_LINES = 6  # sources listed on a pimpinan brief; all are in the teknis report

__all__ = ["NO_LETTERHEAD", "Attendance", "Brief", "Entry", "Figure", "Finding", "InnovationView",
           "Letterhead", "Masthead", "Part", "Prose", "RecommendationRow", "RevisionNote",
           "RevisionRow", "Signature", "Source", "Tree", "Value"]


@dataclass(frozen=True)
class Masthead:
    """The top of page 1, every line in the brief's language."""

    agency: str
    unit: str
    doc_type: str
    title: str
    meta: tuple[str, str, str]  # the visit's kind, its date written out, the host
    themes: tuple[str, ...]  # shown on the leadership brief (empty on the teknis report)
    themes_label: str
    status: str  # a draft's status ("" once approved)
    draft_notice: str  # "" once approved


@dataclass(frozen=True)
class Attendance:
    """The technical report's "Waktu dan tempat" and "Peserta": its lines, each "" when the
    front matter does not say."""

    time_place: str
    venue: str  # "Tempat: Aula Bupati."
    led_by: str
    received_label: str
    received: tuple[tuple[str, str], ...]  # (name, position) of the hosts who received them
    team: str  # "Tim kunjungan: Bidang Ekonomi, Bappeda Kabupaten Asal."
    participants: tuple[str, ...]
    no_participants: str  # said when no participant is listed


@dataclass(frozen=True)
class Entry:  # a line of an innovation card or of the visit's facts
    label: str
    value: Tree | str  # a field's markdown (one line) or plain text


@dataclass(frozen=True)
class Part:
    """A single-cell section as the brief shows it: its heading and either its text or a note
    ("Tidak dibahas." for a section marked not discussed, "Bagian ini belum ditulis." for a
    required one a draft has not written). An empty optional section has no Part at all."""

    tag: str
    heading: str
    body: Tree | None = None
    note: str = ""
    kind: str = "text"  # text | not_discussed | unwritten


@dataclass(frozen=True)
class InnovationView:
    name: str
    description: Tree | None  # in the brief's language
    fields: list[Entry]  # every field filled in, for the technical report
    card: list[Entry]  # the card's fields filled in, in order, for leadership
    summary: str  # the description shortened, for the card of a short visit ("": none)
    abstract: str  # its first sentence as plain text, beside a name with nothing else

    @property
    def has_card(self) -> bool:
        """Something to print under the name; without it an innovation is listed by name."""
        return bool(self.card or self.summary)


@dataclass(frozen=True)
class Finding:  # a key finding of the leadership brief, already cut to length
    tag: str
    heading: str
    body: Tree
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
    before: Tree | None = None
    after: Tree | None = None


@dataclass(frozen=True)
class Value:  # a table cell's text; `unset`: "belum ditetapkan", a value not given
    text: str
    unset: bool = False


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation as its table shows it, every cell in the brief's language."""

    number: str
    recommendation: str
    lead_opd: Value
    timeline: Value
    priority: Value
    status: str  # the follow-up's label
    status_key: str  # its value (usulan, ...), for the HTML's colour


@dataclass(frozen=True)
class Signature:
    """The sign-off, every line in the brief's language: the technical report's closing block
    (place and date, "Mengetahui," the approver's position, name and NIP, or "Belum disetujui";
    the head of the delegation) and the leadership brief's "Disetujui oleh" line."""

    label: str  # the block's name, for screen readers
    place_date: str  # "" until approved
    acknowledged: str
    position: str
    name: str
    nip: str  # "NIP 19750101 200001 1 001" ("": none)
    pending: str  # "Belum disetujui" until approved
    reporter_role: str
    reporter: str  # the delegation's head ("": none, and no column)
    approved_line: str  # leadership's one line ("": not approved)


@dataclass(frozen=True)
class Letterhead:
    """The agency's kop surat: the logo (bytes, from ringkas.toml) and the lines beside it; a
    logo without lines goes with the agency's name. Empty: no letterhead."""

    logo: bytes = b""
    logo_type: str = ""
    logo_url: str = ""
    lines: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.logo or self.lines)


NO_LETTERHEAD = Letterhead()


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
    """Everything a brief shows, in any format; notebook text as markdown trees."""

    audience: str
    L: Labels
    visit: Visit
    rendered_on: dt.date
    doc_type: str
    masthead: Masthead
    attendance: Attendance
    draft: bool  # status is not approved: a watermark on every printed page
    short: bool  # a short visit: its pimpinan brief shows more to fill its one page
    short_title: str  # for the running head
    description: str  # the summary as plain text, for <meta> and the document's subject
    keywords: str
    facts: list[Entry]
    parts: dict[str, Part]  # tag -> the single-cell sections shown (absent: left out)
    language_note: str  # an English brief's word on the text still in Indonesian ("": none)
    contexts: list[Tree]
    findings: list[Finding]
    innovations: list[InnovationView]
    roles_prose: Prose
    key_recommendations: list[RecommendationRow]  # leadership's few, in the order written
    recommendations: list[RecommendationRow]  # all of them, for the technical report
    #: The headers of the recommendations' table: number, recommendation, lead OPD, timeline,
    #: priority, status (leadership's shows the first four).
    recommendation_columns: tuple[str, ...]
    recommendations_prose: Prose
    figures: list[Figure]
    sources: list[Source]
    signature: Signature
    css: Markup
    page_css: Markup
    #: The agency's colours (ringkas.toml [branding]) and its letterhead as the brief shows it.
    branding: Branding = NO_BRANDING
    letterhead: Letterhead = NO_LETTERHEAD
    #: Every photo of the `dokumentasi` section, downscaled (`shown_photos`: those this brief
    #: shows).
    photos: list[PhotoView] = field(default_factory=list)
    photos_prose: Tree | None = None  # the dokumentasi cell besides its photos
    #: The revision label (footer, PDF metadata, the teknis report's list); None outside a
    #: build, which alone knows a visit's revisions (`ringkas.build.revisions`).
    revision: RevisionNote | None = None

    def part(self, tag: str) -> Part | None:
        """The section `tag` as shown, or None when the brief leaves it out."""
        return self.parts.get(tag)

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
    def more_innovations(self) -> int:
        return len(self.innovations) - len(self.cards)

    @property
    def more_recommendations(self) -> int:
        return len(self.recommendations) - len(self.key_recommendations)

    @property
    def visit_sources(self) -> list[Source]:
        """The front matter's sources, for the last lines of a pimpinan brief."""
        listed = dict.fromkeys(self.visit.sources)
        return [s for s in self.sources if s.text in listed][:SOURCE_LINES]

    @property
    def more_sources(self) -> int:
        return len(self.visit.sources) - len(self.visit_sources)

    @property
    def colophon_line(self) -> str:
        """Agency, kind of document and date generated: the first line of the colophon."""
        rendered = self.L("rendered", date=self.L.date(self.rendered_on))
        return " · ".join(x for x in (self.visit.agency, self.doc_type, rendered) if x)

    @property
    def colophon(self) -> str:
        """The colophon and the revision label on one line: the DOCX's footer (the HTML prints
        the label on a line of its own)."""
        label = self.revision.label if self.revision else ""
        return " · ".join(x for x in (self.colophon_line, label) if x)

    @property
    def generator(self) -> str:
        return f"ringkas {__version__}"
