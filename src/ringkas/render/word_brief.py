"""A brief as a Word document: `render_docx(brief)` lays out the `Brief` the HTML template gets.

The order and the labels are those of `templates/brief/index.html.j2` for each audience: a
pimpinan brief opens with the summary and key recommendations, a teknis report follows the parts
of an Indonesian laporan. Prose is read from the notebook's markdown (in the brief's language,
as `ringkas.render.brief.in_language` chooses), not from the brief's HTML; charts are the PNG or
JPEG the notebook's outputs hold. Styles come from the reference document (`ringkas.render.word`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from pathlib import Path

from docx.document import Document
from docx.shared import Cm
from markupsafe import Markup
from nbformat import NotebookNode

from ringkas.contract.model import Recommendation
from ringkas.notebook import markdown as md
from ringkas.render import word as W
from ringkas.render.brief import Brief, Figure, in_language, short_markdown
from ringkas.render.sanitize import IMAGE_MIMES
from ringkas.render.word_tables import table_rows

FIGURE_WIDTH = Cm(15.5)  # an A4 page less 2 cm margins, with room to spare
#: Raster outputs a DOCX embeds, most wanted first. An SVG-only chart has no raster to embed:
#: its text/plain stands in with a note (the HTML and PDF briefs show it).
RASTERS = ("image/png", "image/jpeg")
LABELS = (4.5, 0)  # cm: a table of labels and values
PROPERTY_LIMIT = 255  # characters of a core property (python-docx refuses more)


def render_docx(brief: Brief, reference: Path | None = None) -> bytes:
    """The brief as a DOCX file's bytes, styled by `reference` (default: the template's).

    Raises MessageError("render.bad_reference") when the reference is not a Word document."""
    document = W.open_reference(reference)
    L = brief.L
    section = document.sections[0]
    W.a4(section)
    header = " · ".join(x for x in (brief.visit.agency, brief.short_title) if x)
    W.write_header(document, section, header, L("watermark") if brief.draft else "")
    W.write_footer(section, footer_text(brief), L("page.of", page="{page}", pages="{pages}"))
    _properties(document, brief)
    _masthead(document, brief)
    if brief.audience == "pimpinan":
        _pimpinan_front(document, brief)
    else:
        _teknis_front(document, brief)
    _figures(document, brief)
    if brief.audience == "teknis":
        _teknis_back(document, brief)
    else:
        _pimpinan_back(document, brief)
    buffer = io.BytesIO()
    document.save(buffer)
    return W.stable_zip(buffer.getvalue(), brief.rendered_on)


def footer_text(brief: Brief) -> str:
    """What the HTML brief's colophon says: agency, kind of document, date generated, and the
    revision label when a build gave the brief one."""
    rendered = brief.L("rendered", date=brief.L.date(brief.rendered_on))
    label = brief.revision.label if brief.revision else ""
    return " · ".join(x for x in (brief.visit.agency, brief.doc_type, rendered, label) if x)


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


def _text(value: Markup | str) -> str:
    """An entry's value as plain text (the brief keeps some as sanitized inline HTML)."""
    return value.striptags() if isinstance(value, Markup) else str(value)


def _read(brief: Brief, tag: str) -> str:
    section = brief.visit.section(tag)
    return in_language(brief.L.lang)(section) if section else ""


def _masthead(document: Document, brief: Brief) -> None:
    L, visit = brief.L, brief.visit
    agency = " · ".join(x for x in (visit.agency, visit.unit) if x)
    W.paragraph(document, f"{agency} — {brief.doc_type}" if agency else brief.doc_type,
                "Subtitle")
    W.paragraph(document, visit.title, "Title")
    meta = [L.choice("kind", visit.kind) or "", L.long_date(visit.date), visit.host.name]
    W.paragraph(document, " · ".join(x for x in meta if x), "Subtitle")
    if brief.audience == "pimpinan" and visit.themes:
        themes = ", ".join(L.choice("theme", t) or t for t in visit.themes)
        W.paragraph(document, f"{L.field('themes')}: {themes}")
    if brief.draft:  # the HTML's status chip and notice, and the watermark word of its pages
        status = L.choice("status", visit.status) or visit.status
        W.paragraph(document, f"{L('watermark')} · {status}: {L('draft_notice')}",
                    W.NOTE_STYLE, bold=True)
    if brief.audience == "pimpinan" and visit.status == "approved" and visit.approved:
        a = visit.approved  # the HTML's "Disetujui oleh" band
        W.paragraph(document, L("approved_line", name=a.name, position=a.position,
                                date=L.date(a.date)), W.NOTE_STYLE)
    if brief.language_note:
        W.paragraph(document, brief.language_note, W.NOTE_STYLE)


def _prose(document: Document, brief: Brief, tag: str, level: int = 2) -> None:
    """A single-cell section under its heading, as the template's `section` macro prints it."""
    L = brief.L
    if tag in brief.not_discussed:
        W.heading(document, L.section(tag), level)
        W.paragraph(document, L("not_discussed"), W.NOTE_STYLE)
    elif tag in brief.sections:
        W.heading(document, L.section(tag), level)
        text = _read(brief, tag)
        if text:
            W.markdown(document, md.strip_guidance(text), level + 1)
        else:
            W.paragraph(document, L("unwritten"), W.NOTE_STYLE)


def _summary(document: Document, brief: Brief) -> None:
    W.heading(document, brief.L.section("summary"), 1)
    W.markdown(document, md.strip_guidance(_read(brief, "summary")), 2)


def _table_prose(brief: Brief, tag: str) -> tuple[str, str]:
    """The markdown above and below a section's table (`ringkas.render.brief.Prose`'s rule)."""
    section = brief.visit.section(tag)
    if section is None:
        return "", ""
    written = in_language(brief.L.lang)(section)
    found = md.find_table(written)
    if found is None:
        return ("", "") if written == section.text else (written, "")
    return found.before, found.after


def _recommendations(document: Document, brief: Brief, rows: list[Recommendation],
                     full: bool) -> None:
    L = brief.L

    def value(text: str | None) -> str:
        return text or L("not_set")

    header = [L("number"), L.column("recommendations", "recommendation"),
              L.column("recommendations", "lead_opd"), L.column("recommendations", "timeline")]
    if full:
        header += [L.column("recommendations", "priority"), L.column("recommendations", "status")]
    body = []
    for r in rows:
        cells = [L.number(r.number), r.recommendation, value(r.lead_opd), value(r.timeline)]
        if full:
            cells += [value(L.choice("priority", r.priority)),
                      L.choice("follow_up", r.status) or ""]
        body.append(cells)
    W.table(document, header, body, (0.9, 0, 2.8, 2.2, 2.0, 2.1) if full else (0.9, 0, 3.6, 2.8))


def _pimpinan_front(document: Document, brief: Brief) -> None:
    L = brief.L
    _summary(document, brief)
    W.heading(document, L("key_recommendations"), 1)
    _recommendations(document, brief, brief.key_recommendations, full=False)
    more = len(brief.visit.recommendations) - len(brief.key_recommendations)
    if more:
        W.paragraph(document, L.ngettext("brief.more_recommendations",
                                         "brief.more_recommendations", more), W.NOTE_STYLE)
    after = _table_prose(brief, "recommendations")[1]
    if after:
        W.markdown(document, after, 3)
    W.heading(document, L("findings"), 1)
    for finding in brief.findings:
        W.heading(document, L.section(finding.tag), 2)
        W.markdown(document, short_markdown(_read(brief, finding.tag))[0], 3)
        if finding.shortened:
            W.paragraph(document, L("more_in_report"), W.NOTE_STYLE)
    W.heading(document, L("innovations_seen"), 1)
    for innovation in brief.cards:
        W.heading(document, innovation.name, 2)
        if innovation.summary:
            W.paragraph(document, innovation.summary)
        if innovation.card:
            W.table(document, None, [[e.label, _text(e.value)] for e in innovation.card],
                    LABELS)
    for innovation in brief.named:
        line = W.paragraph(document, name="List Bullet")
        line.add_run(W.xml_text(innovation.name)).bold = True
        if innovation.abstract:
            line.add_run(W.xml_text(f" — {innovation.abstract}"))
    more = len(brief.innovations) - len(brief.cards)
    if more:
        W.paragraph(document, L.ngettext("brief.more_innovations", "brief.more_innovations",
                                         more), W.NOTE_STYLE)


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
    W.table(document, None, [[e.label, _text(e.value)] for e in brief.facts], LABELS)
    _summary(document, brief)
    W.heading(document, L("part.a"), 1)
    _prose(document, brief, "background")
    _prose(document, brief, "purpose")
    W.heading(document, L("time_place"), 2)
    W.paragraph(document, L("time_place.text", kind=L.choice("kind", visit.kind) or "",
                            host=visit.host.name, date=L.long_date(visit.date)))
    if visit.venue:
        W.paragraph(document, f"{L.field('venue')}: {visit.venue}.")
    if visit.led_by:
        W.paragraph(document, f"{L.field('led_by')}: {visit.led_by}.")
    if visit.received_by:
        W.paragraph(document, f"{L.field('received_by')}:")
        for person in visit.received_by:
            shown = ", ".join(x for x in (person.name, person.position) if x)
            W.paragraph(document, shown, "List Bullet")
    W.heading(document, L.field("participants"), 2)
    team = ", ".join(x for x in (visit.unit, visit.agency) if x)
    if team:
        W.paragraph(document, f"{L('visiting_team')}: {team}.")
    for number, participant in enumerate(visit.participants, start=1):
        W.paragraph(document, f"{number}. {participant}", "List Paragraph")
    if not visit.participants:
        W.paragraph(document, f"{L.field('participants')}: {L('not_recorded')}.", W.NOTE_STYLE)
    W.heading(document, L("part.b"), 1)
    _prose(document, brief, "leadership")
    W.heading(document, L.section("innovation"), 2)
    for innovation, view in zip(visit.innovations, brief.innovations, strict=True):
        W.heading(document, view.name, 3)
        english = L.lang == "en"
        description = (english and innovation.en_description) or innovation.description or ""
        W.markdown(document, description, 4)
        if view.fields:
            W.table(document, None, [[e.label, _text(e.value)] for e in view.fields], LABELS)
    if visit.roles:
        W.heading(document, L.section("roles"), 2)
        before, after = _table_prose(brief, "roles")
        W.markdown(document, before, 3)
        W.table(document, [L.column("roles", "actor"), L.column("roles", "role")],
                [[role.actor, role.role] for role in visit.roles])
        W.markdown(document, after, 3)
    elif "roles" in brief.not_discussed:
        _prose(document, brief, "roles")
    W.heading(document, L("part.c"), 1)
    _prose(document, brief, "outcome")


def _teknis_back(document: Document, brief: Brief) -> None:
    L, visit = brief.L, brief.visit
    contexts = [s for s in visit.sections_tagged("context") if s.text]
    if contexts:
        W.heading(document, L.section("context"), 2)
        for context in contexts:
            W.paragraph(document, L("public_context"), W.NOTE_STYLE)
            W.markdown(document, in_language(L.lang)(context), 3)
    W.heading(document, L("part.d"), 1)
    _prose(document, brief, "lessons")
    W.heading(document, L.section("recommendations"), 2)
    before, after = _table_prose(brief, "recommendations")
    W.markdown(document, before, 3)
    _recommendations(document, brief, visit.recommendations, full=True)
    W.markdown(document, after, 3)
    if brief.sources:
        W.heading(document, L("part.e"), 1)
        for number, source in enumerate(brief.sources, start=1):
            W.paragraph(document, f"{number}. {source.text}", "List Paragraph")
    _signature(document, brief)


def _signature(document: Document, brief: Brief) -> None:
    """The technical report's closing block, as templates/brief/signature.html.j2 writes it:
    place and date, "Mengetahui," and the approver (or "Belum disetujui"), the delegation's
    head. Paragraphs one under the other: the secretariat lays them out in its own letter."""
    L, visit = brief.L, brief.visit
    approved = visit.approved if visit.status == "approved" else None
    if approved:
        day = L.date(approved.date)
        W.paragraph(document, L("signature.place_date", place=visit.home.name, date=day)
                    if visit.home else day)
    W.paragraph(document, L("signature.acknowledged"))
    if approved:
        W.paragraph(document, approved.position)
        W.paragraph(document, approved.name, bold=True)
        if approved.nip_text:
            W.paragraph(document, L("signature.nip", nip=approved.nip_text))
    elif visit.status == "approved" and visit.approved_by:
        W.paragraph(document, visit.approved_by, bold=True)
    else:
        W.paragraph(document, L("signature.not_approved"), W.NOTE_STYLE)
    if visit.led_by:
        W.paragraph(document, L("signature.reporter"))
        W.paragraph(document, visit.led_by, bold=True)


# --- figures --------------------------------------------------------------------------------

def _figures(document: Document, brief: Brief) -> None:
    if not brief.figures:
        return
    L = brief.L
    W.heading(document, L.section("evidence"), 1 if brief.audience == "pimpinan" else 2)
    for figure in brief.figures:
        for output in figure.outputs:
            _output(document, output, brief)
        W.paragraph(document, _caption(figure, brief), "Caption")


def _caption(figure: Figure, brief: Brief) -> str:
    L = brief.L
    text = f"{L('figure', number=L.number(figure.number))}."
    if figure.caption:
        text += f" {figure.caption}"
    if figure.source:
        text += f" {L.evidence_field('source')}: {figure.source}"
    return text


def _output(document: Document, output: NotebookNode, brief: Brief) -> None:
    """One output of an evidence cell: a chart as a picture, text as text."""
    if output.get("output_type") == "stream":
        W.paragraph(document, str(output.get("text", "")).rstrip("\n"), W.CODE_STYLE)
        return
    data = output.get("data", {})
    for mime in RASTERS:
        image = _image(data.get(mime), mime)
        if image is not None:
            document.add_picture(io.BytesIO(image), width=FIGURE_WIDTH)
            return
    if "image/svg+xml" in data:
        W.paragraph(document, brief.L("docx_svg"), W.NOTE_STYLE)
        return
    if "text/html" in data and _html_table(document, str(data["text/html"])):
        return
    if "text/markdown" in data:
        W.markdown(document, str(data["text/markdown"]), 3)
    elif "text/plain" in data:
        W.paragraph(document, str(data["text/plain"]).rstrip("\n"), W.CODE_STYLE)


def _html_table(document: Document, html: str) -> bool:
    """A DataFrame's table as a Word table; False when the HTML holds no printable table."""
    header, body = table_rows(html)
    if not body:
        return False
    W.table(document, header if any(header) else None, body)
    return True


def _image(value: object, mime: str) -> bytes | None:
    """The image's bytes when `value` is base64 of a file of type `mime`, else None."""
    if not value:
        return None
    text = "".join(value) if isinstance(value, list) else str(value)
    try:
        image = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None
    return image if image.startswith(IMAGE_MIMES[mime]) else None
