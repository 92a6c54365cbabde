"""A brief as a Word document: `render_docx(brief)` lays out the `Brief` the HTML template gets.

The brief model (`ringkas.render.brief_model`) decides what is shown: which sections, their
text (markdown trees, in the brief's language), the findings cut for leadership, the prose
around tables, the signature, the photos, the letterhead, the revision label. This module only
lays it out in the order and with the headings of `templates/brief/index.html.j2` for each
audience: a pimpinan brief opens with the summary and key recommendations, a teknis report
follows the parts of an Indonesian laporan. Styles come from the reference document
(`ringkas.render.word`); pictures are written by `ringkas.render.word_figures`.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx.document import Document

from ringkas.notebook import markdown as md
from ringkas.render import word as W
from ringkas.render import word_figures as F
from ringkas.render.brief_model import Brief, Entry, RecommendationRow
from ringkas.render.word_signature import revisions, signature

LABELS = (4.5, 0)  # cm: a table of labels and values
#: The least widths (cm) of the recommendations' columns, the recommendation taking the rest:
#: number, recommendation, lead OPD, timeline (, priority, status). Each widens to its longest
#: word (`ringkas.render.word.fit_widths`).
KEY_COLUMNS = (0.9, 0, 3.0, 2.2)
ALL_COLUMNS = (0.9, 0, 2.4, 2.0, 1.8, 1.8)
PROPERTY_LIMIT = 255  # characters of a core property (python-docx refuses more)


def render_docx(brief: Brief, reference: Path | None = None) -> bytes:
    """The brief as a DOCX file's bytes, styled by `reference` (default: the template's).

    Raises MessageError("render.bad_reference") when the reference is not a Word document."""
    document = W.open_reference(reference)
    L = brief.L
    section = document.sections[0]
    W.a4(section)
    running = " · ".join(x for x in (brief.visit.agency, brief.short_title) if x)
    W.write_header(document, section, running, L("watermark") if brief.draft else "")
    W.write_footer(section, brief.colophon, L("page.of", page="{page}", pages="{pages}"))
    _properties(document, brief)
    F.letterhead(document, brief.letterhead)
    _masthead(document, brief)
    if brief.audience == "pimpinan":
        _pimpinan_front(document, brief)
    else:
        _teknis_front(document, brief)
    F.figures(document, brief)
    F.photos(document, brief)
    if brief.audience == "teknis":
        _teknis_back(document, brief)
        revisions(document, brief)
        signature(document, brief)
    else:
        _pimpinan_back(document, brief)
    buffer = io.BytesIO()
    document.save(buffer)
    return W.stable_zip(buffer.getvalue(), brief.rendered_on)


def _properties(document: Document, brief: Brief) -> None:
    """Title, agency as author, summary as subject, themes as keywords, language: what the PDF's
    metadata says too."""
    props = document.core_properties
    props.title = _property(brief.visit.title)
    props.author = _property(brief.visit.agency or brief.visit.unit or "")
    props.subject = _property(brief.description)
    props.keywords = _property(brief.keywords)
    props.language = brief.L.lang
    props.category = _property(brief.doc_type)
    props.comments = brief.generator
    props.last_modified_by = brief.generator
    props.revision = 1
    moment = dt.datetime.combine(brief.rendered_on, dt.time(), tzinfo=dt.UTC)
    props.created = props.modified = moment.replace(tzinfo=None)


def _property(text: str) -> str:
    """`text` within the 255 characters a core property holds, cut at a word if longer."""
    text = " ".join(W.xml_text(text).split())
    if len(text) <= PROPERTY_LIMIT:
        return text
    return text[:PROPERTY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def entry_text(entry: Entry) -> str:
    """An entry's value as plain text (a field's markdown without its marks)."""
    if isinstance(entry.value, str):
        return entry.value
    return md.plain_of(entry.value)


def _entries(document: Document, entries: list[Entry]) -> None:
    W.table(document, None, [[e.label, entry_text(e)] for e in entries], LABELS)


def _masthead(document: Document, brief: Brief) -> None:
    h = brief.masthead
    agency = " · ".join(x for x in (h.agency, h.unit) if x)
    W.paragraph(document, f"{agency} — {h.doc_type}" if agency else h.doc_type, "Subtitle")
    W.paragraph(document, h.title, "Title")
    W.paragraph(document, " · ".join(x for x in h.meta if x), "Subtitle")
    if h.themes:
        W.paragraph(document, f"{h.themes_label}: {', '.join(h.themes)}")
    if h.status:  # the HTML's status chip and notice, and the watermark word of its pages
        W.paragraph(document, f"{brief.L('watermark')} · {h.status}: {h.draft_notice}",
                    W.NOTE_STYLE, bold=True)
    if brief.audience == "pimpinan" and brief.signature.approved_line:
        W.paragraph(document, brief.signature.approved_line, W.NOTE_STYLE)
    if brief.language_note:
        W.paragraph(document, brief.language_note, W.NOTE_STYLE)


def _part(document: Document, brief: Brief, tag: str, level: int = 2) -> None:
    """A single-cell section as the model shows it (nothing when it is left out)."""
    part = brief.part(tag)
    if part is None:
        return
    W.heading(document, part.heading, level)
    if part.body is not None:
        W.markdown_tree(document, part.body, level + 1)
    else:
        W.paragraph(document, part.note, W.NOTE_STYLE)


def _summary(document: Document, brief: Brief) -> None:
    W.heading(document, brief.L.section("summary"), 1)
    part = brief.part("summary")
    if part is not None and part.body is not None:
        W.markdown_tree(document, part.body, 2)
    elif part is not None:
        W.paragraph(document, part.note, W.NOTE_STYLE)


def _recommendations(document: Document, brief: Brief, rows: list[RecommendationRow],
                     full: bool) -> None:
    header = list(brief.recommendation_columns[:6 if full else 4])
    body = [[r.number, r.recommendation, r.lead_opd.text, r.timeline.text,
             r.priority.text, r.status][:len(header)] for r in rows]
    W.table(document, header, body, ALL_COLUMNS if full else KEY_COLUMNS)


def _pimpinan_front(document: Document, brief: Brief) -> None:
    L = brief.L
    _summary(document, brief)
    W.heading(document, L("key_recommendations"), 1)
    _recommendations(document, brief, brief.key_recommendations, full=False)
    if brief.more_recommendations:
        W.paragraph(document, L.ngettext("brief.more_recommendations",
                                         "brief.more_recommendations",
                                         brief.more_recommendations), W.NOTE_STYLE)
    W.markdown_tree(document, brief.recommendations_prose.after, 3)
    W.heading(document, L("findings"), 1)
    for finding in brief.findings:
        W.heading(document, finding.heading, 2)
        W.markdown_tree(document, finding.body, 3)
        if finding.shortened:
            W.paragraph(document, L("more_in_report"), W.NOTE_STYLE)
    W.heading(document, L("innovations_seen"), 1)
    for innovation in brief.cards:
        W.heading(document, innovation.name, 2)
        if innovation.summary:
            W.paragraph(document, innovation.summary)
        if innovation.card:
            _entries(document, innovation.card)
    for innovation in brief.named:
        line = W.paragraph(document, name="List Bullet")
        line.add_run(W.xml_text(innovation.name)).bold = True
        if innovation.abstract:
            line.add_run(W.xml_text(f" — {innovation.abstract}"))
    if brief.more_innovations:
        W.paragraph(document, L.ngettext("brief.more_innovations", "brief.more_innovations",
                                         brief.more_innovations), W.NOTE_STYLE)


def _pimpinan_back(document: Document, brief: Brief) -> None:
    L = brief.L
    if brief.visit_sources:
        W.heading(document, L.field("sources"), 1)
        for number, source in enumerate(brief.visit_sources, start=1):
            W.paragraph(document, f"{L.number(number)}. {source.text}")
        if brief.more_sources:
            W.paragraph(document, L.ngettext("brief.more_sources", "brief.more_sources",
                                             brief.more_sources), W.NOTE_STYLE)


def _teknis_front(document: Document, brief: Brief) -> None:
    L, visit = brief.L, brief.visit
    _entries(document, brief.facts)
    _summary(document, brief)
    W.heading(document, L("part.a"), 1)
    _part(document, brief, "background")
    _part(document, brief, "purpose")
    W.heading(document, L("time_place"), 2)
    a = brief.attendance
    for line in (a.time_place, a.venue, a.led_by):
        if line:
            W.paragraph(document, line)
    if a.received:
        W.paragraph(document, a.received_label)
        for name, position in a.received:
            W.paragraph(document, ", ".join(x for x in (name, position) if x), "List Bullet")
    W.heading(document, L.field("participants"), 2)
    if a.team:
        W.paragraph(document, a.team)
    for number, participant in enumerate(a.participants, start=1):
        W.paragraph(document, f"{number}. {participant}", "List Paragraph")
    if not a.participants:
        W.paragraph(document, a.no_participants, W.NOTE_STYLE)
    W.heading(document, L("part.b"), 1)
    _part(document, brief, "leadership")
    W.heading(document, L.section("innovation"), 2)
    for view in brief.innovations:
        W.heading(document, view.name, 3)
        W.markdown_tree(document, view.description, 4)
        if view.fields:
            _entries(document, view.fields)
    if visit.roles:
        W.heading(document, L.section("roles"), 2)
        W.markdown_tree(document, brief.roles_prose.before, 3)
        W.table(document, [L.column("roles", "actor"), L.column("roles", "role")],
                [[role.actor, role.role] for role in visit.roles])
        W.markdown_tree(document, brief.roles_prose.after, 3)
    else:
        _part(document, brief, "roles")
    W.heading(document, L("part.c"), 1)
    _part(document, brief, "outcome")


def _teknis_back(document: Document, brief: Brief) -> None:
    L = brief.L
    if brief.contexts:
        W.heading(document, L.section("context"), 2)
        for context in brief.contexts:
            W.paragraph(document, L("public_context"), W.NOTE_STYLE)
            W.markdown_tree(document, context, 3)
    W.heading(document, L("part.d"), 1)
    _part(document, brief, "lessons")
    W.heading(document, L.section("recommendations"), 2)
    W.markdown_tree(document, brief.recommendations_prose.before, 3)
    _recommendations(document, brief, brief.recommendations, full=True)
    W.markdown_tree(document, brief.recommendations_prose.after, 3)
    if brief.sources:
        W.heading(document, L("part.e"), 1)
        for number, source in enumerate(brief.sources, start=1):
            W.paragraph(document, f"{number}. {source.text}", "List Paragraph")
