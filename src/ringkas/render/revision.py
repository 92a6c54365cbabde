"""Revision labels: which version of a brief's content a reader holds.

A brief's content hash is the digest of a canonical serialisation of what the briefs of one
(visit, language) show once executed: the front matter, each section's text in that language,
and the evidence figures' captions, sources and output bytes. Not the notebook's bytes: saving a
notebook again without a change, a new template or ringkas version, or a render with `--force`
keep the label; a change to what a reader sees raises the number. Each part has a digest of its
own, so that the history can say which sections changed.

A `Revision` is one entry of a visit's revision log (kept by `ringkas.build.revision_log`, in the
main process); `next_revision` gives the label of newly rendered content from the revisions
known so far, in the worker that rendered it; `revision_note` is what the brief prints.

Revisions are counted per visit and language: each language is a unit of work of its own
(perhaps on another machine), and an English translation changed must not renumber the
Indonesian brief, which shows nothing new.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nbformat import NotebookNode

from ringkas.contract.model import Visit
from ringkas.notebook.cells import cell_tags
from ringkas.render.brief import (
    DISPLAY_PRIORITY,
    HIDDEN_TAGS,
    RevisionNote,
    RevisionRow,
    in_language,
)
from ringkas.render.labels import Labels

#: Hex digits of the content hash a label shows (as short as git's usual abbreviation).
SHORT = 7
#: The part of the digests that stands for the front matter (the others are section tags).
FRONT_MATTER = "front_matter"
#: Visit fields that are not front matter shown in a brief (the rest, present or future, are).
NOT_FRONT_MATTER = frozenset({"id", "path", "parameters", "sections", "innovations", "roles",
                              "recommendations", "evidence", "warnings", "code_cells",
                              "photos"})
#: Parts of outputs that differ between two runs of the same code: matplotlib's SVG ids (a
#: random salt unless svg.hashsalt is set) and their references, its SVG's date, and pandas
#: Styler's table ids (a random uuid).
VOLATILE = (re.compile(r"""\bid="[^"]*"|url\(#[^)]*\)|href="#[^"]*"|<dc:date>[^<]*</dc:date>"""),
            re.compile(r"\bT_[0-9a-f]{5,32}"))


@dataclass(frozen=True)
class Revision:
    """One revision of a visit's briefs in one language."""

    number: int
    date: dt.date  # the day this content was first rendered
    digest: str  # SHA-256 of the canonical content (hex)
    sections: dict[str, str] = field(default_factory=dict, hash=False)  # part -> its digest

    @property
    def short(self) -> str:
        return self.digest[:SHORT]

    def label(self, lang: str) -> str:
        """"Revisi 3 · 2 Desember 2026 · 4f9c2a1" / "Revision 3 · 2 December 2026 · 4f9c2a1"."""
        L = Labels(lang)
        return L("revision.label", number=self.number, date=L.date(self.date), hash=self.short)

    def to_json(self) -> dict:
        return {"number": self.number, "date": self.date.isoformat(), "digest": self.digest,
                "sections": dict(sorted(self.sections.items()))}

    @classmethod
    def from_json(cls, data: dict) -> Revision:
        """An entry of the log; ValueError (or KeyError, TypeError) when it is not one."""
        number, digest = data["number"], data["digest"]
        if not isinstance(number, int) or number < 1 or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValueError(f"not a revision: {data!r}")
        sections = {str(k): str(v) for k, v in dict(data.get("sections") or {}).items()}
        return cls(number, dt.date.fromisoformat(data["date"]), digest, sections)


@dataclass(frozen=True)
class RevisionStep:
    """One revision and what changed since the one before it (nothing for the first)."""

    revision: Revision
    changed: tuple[str, ...]  # parts (FRONT_MATTER or section tags), in the brief's order
    first: bool


def revision_steps(revisions: Sequence[Revision]) -> list[RevisionStep]:
    """The revisions of one brief language, oldest first, each with the parts it changed."""
    return [RevisionStep(revision, tuple(changed_parts(before, revision)), before is None)
            for before, revision in zip([None, *revisions], revisions, strict=False)]


def changed_parts(before: Revision | None, after: Revision) -> list[str]:
    """The parts (FRONT_MATTER or section tags) whose digest differs; [] for a first revision."""
    if before is None:
        return []
    parts = set(before.sections) | set(after.sections)
    order = {part: i for i, part in enumerate(after.sections)}
    return sorted((p for p in parts if before.sections.get(p) != after.sections.get(p)),
                  key=lambda p: (order.get(p, len(order)), p))


# --- the content hash ---------------------------------------------------------------------

def content_digests(visit: Visit, notebooks: Iterable[NotebookNode], lang: str,
                    photos: Iterable[tuple[str, bytes]] = ()) -> dict[str, str]:
    """Per part of what the briefs of `visit` in `lang` show, the SHA-256 of its canonical
    form. `notebooks`: the executed notebooks the briefs are made from (one, or one per audience
    when the code reads `audience`); their evidence outputs are the figures. `photos`: the
    photo files beside the notebook (name, bytes): a photo replaced is a change of
    `dokumentasi` although its cell reads the same."""
    text = in_language(lang)
    parts: dict[str, list] = {FRONT_MATTER: [_front_matter(visit)]}
    for section in visit.sections:
        parts.setdefault(section.tag, []).append(
            [section.heading, text(section), section.not_discussed])
    for name, content in photos:
        parts.setdefault("dokumentasi", []).append([name, hashlib.sha256(content).hexdigest()])
    figures = [_figures(nb, visit) for nb in notebooks]
    if any(figures):
        parts.setdefault("evidence", []).extend(f for f in dict.fromkeys(map(_canonical, figures)))
    return {part: hashlib.sha256(_canonical(value).encode()).hexdigest()
            for part, value in parts.items()}


def content_digest(sections: dict[str, str]) -> str:
    """The content hash of a brief: one digest over its parts' digests."""
    return hashlib.sha256(_canonical(dict(sorted(sections.items()))).encode()).hexdigest()


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def _front_matter(visit: Visit) -> dict:
    return {f.name: _plain(getattr(visit, f.name)) for f in dataclasses.fields(visit)
            if f.name not in NOT_FRONT_MATTER}


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _figures(nb: NotebookNode, visit: Visit) -> list:
    """Every evidence figure the teknis report shows (a pimpinan brief shows a part of it)."""
    figures = []
    for evidence in visit.evidence:
        cell = nb.cells[evidence.cell - 1]
        if HIDDEN_TAGS & set(cell_tags(cell)):
            continue
        outputs = [_output(o) for o in cell.get("outputs", [])]
        outputs = [o for o in outputs if o is not None]
        if outputs:
            figures.append([evidence.caption, evidence.data_source, outputs])
    return figures


def _output(output: NotebookNode) -> object:
    kind = output.get("output_type")
    if kind == "stream":
        return ["stream", output.get("text", "")] if output.get("name") == "stdout" else None
    if kind not in ("display_data", "execute_result"):
        return None
    data = output.get("data", {})
    mime = next((m for m in DISPLAY_PRIORITY if m in data), None)
    if mime is None:
        return None
    value = data[mime]
    value = "".join(value) if isinstance(value, list) else str(value)
    if mime in ("image/svg+xml", "text/html"):
        for pattern in VOLATILE:
            value = pattern.sub("", value)
    return [mime, value]


# --- numbering and what a brief shows -------------------------------------------------------

def next_revision(known: Sequence[Revision], sections: dict[str, str], today: dt.date
                  ) -> Revision:
    """The revision of content whose parts' digests are `sections`: a known one when the same
    content was rendered before (its number and date), else the next number, dated `today`."""
    digest = content_digest(sections)
    for revision in known:
        if revision.digest == digest:
            return revision
    last = max((r.number for r in known), default=0)
    return Revision(last + 1, today, digest, dict(sections))


def revision_note(revision: Revision, known: Sequence[Revision], lang: str) -> RevisionNote:
    """What the brief in `lang` prints of `revision`, its history being `known` up to it."""
    L = Labels(lang)
    history = sorted({r.number: r for r in [*known, revision]
                      if r.number <= revision.number}.values(), key=lambda r: r.number)
    rows, before = [], None
    for entry in history:
        parts = changed_parts(before, entry)
        rows.append(RevisionRow(entry.number, L.date(entry.date), entry.short,
                                ", ".join(part_label(p, L) for p in parts)))
        before = entry
    return RevisionNote(revision.number, revision.date, revision.short, revision.label(lang),
                        tuple(rows))


def part_label(part: str, L: Labels) -> str:
    """A part's name for a reader: a section's label, or "front matter"."""
    if part == FRONT_MATTER:
        return L("revision.front_matter")
    try:
        return L.section(part)
    except KeyError:
        return part
