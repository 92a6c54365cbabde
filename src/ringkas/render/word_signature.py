"""The close of a Word teknis report: its list of revisions and its signature block, from the
brief model's `RevisionNote` and `Signature` (`ringkas.render.brief_model`), line for line what
`templates/brief/revisions.html.j2` and `signature.html.j2` print."""

from __future__ import annotations

from docx.document import Document

from ringkas.render import word as W
from ringkas.render.brief_model import Brief

REVISION_COLUMNS = (1.2, 0, 2.0, 0)  # cm, least: number, date, hash, sections changed


def revisions(document: Document, brief: Brief) -> None:
    """The report's revisions, oldest first; nothing outside a build (no revision known)."""
    note = brief.revision
    if note is None or not note.history:
        return
    L = brief.L
    W.heading(document, L("revisions"), 3)
    header = [L("revisions.number"), L("revisions.date"), L("revisions.hash"),
              L("revisions.changed")]
    rows = [[L.number(row.number), row.date, row.short, row.changed or L("revisions.first")]
            for row in note.history]
    W.table(document, header, rows, REVISION_COLUMNS)


def signature(document: Document, brief: Brief) -> None:
    """Place and date, "Mengetahui," and the approver's position, name and NIP (or "Belum
    disetujui"), then the delegation's head: paragraphs one under the other, as the
    secretariat lays them out in its own letter."""
    s = brief.signature
    if s.place_date:
        W.paragraph(document, s.place_date)
    W.paragraph(document, s.acknowledged)
    if s.position:
        W.paragraph(document, s.position)
    if s.name:
        W.paragraph(document, s.name, bold=True)
        if s.nip:
            W.paragraph(document, s.nip)
    else:
        W.paragraph(document, s.pending, W.NOTE_STYLE)
    if s.reporter:
        W.paragraph(document, s.reporter_role)
        W.paragraph(document, s.reporter, bold=True)
