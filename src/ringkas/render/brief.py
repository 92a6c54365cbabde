"""What goes into a brief: `build_brief` makes the format-neutral `Brief` of a validated
`Visit` (`ringkas.render.brief_model`), which the HTML template and the DOCX writer lay out.

The text of each section is chosen in `ringkas.render.brief_text`; this module adds what the
notebook's front matter and outputs give: the facts, the figures, the sources, the signature,
the letterhead, the photos. A synthesis page (`ringkas.render.brief_synthesis`) is the same idea
for a cross-visit synthesis notebook.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup
from nbformat import NotebookNode

from ringkas.contract import spec as C
from ringkas.contract.branding import Branding
from ringkas.contract.model import Recommendation, Visit
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.notebook import markdown as md
from ringkas.notebook.cells import cell_tags
from ringkas.project.paths import templates_dir
from ringkas.render import brief_text as T
from ringkas.render.brief_model import (
    Attendance,
    Brief,
    Entry,
    Figure,
    Letterhead,
    Masthead,
    RecommendationRow,
    RevisionNote,
    RevisionRow,
    Signature,
    Source,
    Value,
)
from ringkas.render.brief_text import CARD_FIELDS, cut_finding, in_language, is_short
from ringkas.render.labels import Labels
from ringkas.render.limits import OutputLimits
from ringkas.render.photos import PhotoView, photo_views

AUDIENCES = tuple(C.PARAMETERS["audience"].choices)
KEY_RECOMMENDATIONS = 5  # rows on page 1 of a pimpinan brief; all are in the teknis report
HIDDEN_TAGS = frozenset({"remove-cell", "remove-output", "hide-output", "hide-cell"})
PRIORITY_RANK = {value: rank for rank, value in enumerate(C.PRIORITIES)}
#: Output types a brief shows, most wanted first: never scripts, widgets or LaTeX.
DISPLAY_PRIORITY = ["image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown",
                    "text/plain"]

__all__ = ["AUDIENCES", "CARD_FIELDS", "DISPLAY_PRIORITY", "HIDDEN_TAGS", "Brief", "RevisionNote",
           "RevisionRow", "as_date", "brief_css", "build_brief", "cut_finding", "in_language",
           "is_short"]


def build_brief(nb: NotebookNode, visit: Visit, audience: str, lang: str,
                rendered_on: dt.date, settings: ProjectSettings | None = None,
                photo_files: Mapping[str, bytes] | None = None,
                revision: RevisionNote | None = None) -> Brief:
    """Everything the brief of `visit` for `audience` in `lang` shows, in any format.

    `settings`: the project's (its letterhead, colours and own themes; default: none).
    `photo_files` holds the bytes of the photo files beside the notebook (by name as the
    notebook writes them); None: read from beside `visit.path`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; choose one of: {', '.join(AUDIENCES)}")
    settings = settings or DEFAULT_SETTINGS
    L = Labels(lang, settings.vocabulary)
    short = audience == "pimpinan" and is_short(visit)
    read = in_language(lang)
    summary = visit.section("summary")
    finding_tags = (*T.SHORT_TAGS, *T.FINDING_TAGS) if short else T.FINDING_TAGS
    parts = {**T.parts(visit, L, read), **T.not_discussed(visit, L, ("roles", "dokumentasi"))}
    return Brief(
        audience=audience, L=L, visit=visit, rendered_on=rendered_on, doc_type=L(f"doc.{audience}"),
        masthead=masthead(visit, L, audience), attendance=attendance(visit, L),
        draft=visit.status != "approved", short=short, short_title=T.shorten(visit.title, 64),
        description=T.shorten(md.plain(read(summary)) if summary else visit.title, 300),
        keywords=", ".join([visit.host.name, *(L.choice("theme", t) or t for t in visit.themes)]),
        facts=_facts(visit, L), parts=parts,
        language_note=T.language_note(visit, L, None if audience == "teknis" else {
            "summary", "innovation", "recommendations", *finding_tags}),
        contexts=[t for s in visit.sections_tagged("context") if (t := T.tree(read(s)))],
        findings=T.findings(visit, finding_tags, L, read),
        innovations=[T.innovation(i, L, short) for i in visit.innovations],
        roles_prose=T.table_prose(visit, "roles", read),
        key_recommendations=[_row(r, L) for r in _key_recommendations(visit.recommendations)],
        recommendations=[_row(r, L) for r in visit.recommendations],
        recommendation_columns=(L("number"), *(L.column("recommendations", key) for key in (
            "recommendation", "lead_opd", "timeline", "priority", "status"))),
        recommendations_prose=T.table_prose(visit, "recommendations", read),
        figures=_figures(nb, visit, audience == "pimpinan", lang), sources=_sources(visit),
        signature=signature(visit, L),
        css=brief_css(),
        page_css=Markup(L.page_css(rendered_on, revision.label if revision else "")),  # noqa: S704 (labels, CSS-quoted)
        revision=revision,
        branding=settings.branding, letterhead=letterhead(settings.branding, visit.agency),
        photos=_photos(nb, visit, photo_files), photos_prose=T.photos_prose(visit, read),
    )


def masthead(visit: Visit, L: Labels, audience: str) -> Masthead:
    draft = visit.status != "approved"
    themes = tuple(L.choice("theme", t) or t for t in visit.themes) \
        if audience == "pimpinan" else ()
    return Masthead(
        agency=visit.agency or "", unit=visit.unit or "", doc_type=L(f"doc.{audience}"),
        title=visit.title,
        meta=(L.choice("kind", visit.kind) or "", L.long_date(visit.date), visit.host.name),
        themes=themes, themes_label=L.field("themes"),
        status=(L.choice("status", visit.status) or visit.status) if draft else "",
        draft_notice=L("draft_notice") if draft else "")


def attendance(visit: Visit, L: Labels) -> Attendance:
    team = ", ".join(x for x in (visit.unit, visit.agency) if x)
    return Attendance(
        time_place=L("time_place.text", kind=L.choice("kind", visit.kind) or "",
                     host=visit.host.name, date=L.long_date(visit.date)),
        venue=f"{L.field('venue')}: {visit.venue}." if visit.venue else "",
        led_by=f"{L.field('led_by')}: {visit.led_by}." if visit.led_by else "",
        received_label=f"{L.field('received_by')}:",
        received=tuple((p.name, p.position or "") for p in visit.received_by),
        team=f"{L('visiting_team')}: {team}." if team else "",
        participants=tuple(visit.participants),
        no_participants=f"{L.field('participants')}: {L('not_recorded')}.")


def signature(visit: Visit, L: Labels) -> Signature:
    """The sign-off lines: a visit counts as approved when its status is `approved`; until then
    the approver's column says so plainly, with no blank lines for a signature to come."""
    a = visit.approved if visit.status == "approved" else None
    place_date = ""
    if a:
        day = L.date(a.date)
        place_date = L("signature.place_date", place=visit.home.name, date=day) \
            if visit.home else day
    name = a.name if a else (visit.approved_by or "") if visit.status == "approved" else ""
    return Signature(
        label=L("signature.label"), place_date=place_date,
        acknowledged=L("signature.acknowledged"), position=a.position if a else "", name=name,
        nip=L("signature.nip", nip=a.nip_text) if a and a.nip else "",
        pending="" if name else L("signature.not_approved"),
        reporter_role=L("signature.reporter") if visit.led_by else "",
        reporter=visit.led_by or "",
        approved_line=L("approved_line", name=a.name, position=a.position,
                        date=L.date(a.date)) if a else "")


def letterhead(brand: Branding, agency: str) -> Letterhead:
    """The kop surat: the logo and the letterhead lines; a logo without lines goes with the
    agency's name. No branding: no letterhead."""
    lines = brand.letterhead or ((agency,) if brand.logo and agency else ())
    return Letterhead(brand.logo, brand.logo_type, brand.logo_url, tuple(lines))


def _photos(nb: NotebookNode, visit: Visit, files: Mapping[str, bytes] | None
            ) -> list[PhotoView]:
    if not visit.photos:
        return []
    if files is None:
        from ringkas.notebook.photos import read_photo_files

        files = dict(read_photo_files(visit))
    return photo_views(nb, visit, files)


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


def _row(r: Recommendation, L: Labels) -> RecommendationRow:
    def value(text: str | None) -> Value:
        return Value(text) if text else Value(L("not_set"), unset=True)

    return RecommendationRow(L.number(r.number), r.recommendation, value(r.lead_opd),
                             value(r.timeline), value(L.choice("priority", r.priority)),
                             L.choice("follow_up", r.status) or "", r.status or "")


def _key_recommendations(recs: list[Recommendation]) -> list[Recommendation]:
    """The first few by priority (high first, unset last), shown in the order written."""
    ranked = sorted(recs, key=lambda r: (PRIORITY_RANK.get(r.priority or "", 99), r.number))
    chosen = {r.number for r in ranked[:KEY_RECOMMENDATIONS]}
    return [r for r in recs if r.number in chosen]


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

