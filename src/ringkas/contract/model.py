"""The records a visit notebook holds, as typed dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.contract.problems import Problem


@dataclass(frozen=True)
class Region:
    name: str
    bps_code: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone named in the front matter (who received the delegation): name and position."""

    name: str
    position: str | None = None

    def __str__(self) -> str:
        return f"{self.name}, {self.position}" if self.position else self.name


@dataclass(frozen=True)
class Approval:
    """Who reviewed or approved a visit's report (front matter `reviewed`, `approved`)."""

    name: str
    position: str
    date: dt.date
    nip: str | None = None  # 18 digits, spaces removed

    @property
    def nip_text(self) -> str | None:
        """The NIP as it is printed under a signature: "19700101 199003 1 001"."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if n else None


@dataclass(frozen=True)
class SectionText:
    """One markdown cell in a section role: its tag, cell number and text (guidance removed)."""

    tag: str
    cell: int
    text: str
    heading: str | None = None
    not_discussed: bool = False  # marked "Tidak dibahas." or tagged not-discussed; text is ""
    en: str | None = None  # the English version, from the sibling cell tagged `en`
    en_cell: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Innovation:
    cell: int
    name: str
    description: str
    target: str | None = None
    start_year: int | None = None
    funding: str | None = None
    lead_opd: str | None = None
    evidence: str | None = None
    form: str | None = None
    source: str | None = None
    en_name: str | None = None  # from the English cell's heading
    en_description: str | None = None


@dataclass(frozen=True)
class Role:
    cell: int
    actor: str
    role: str


@dataclass(frozen=True)
class Recommendation:
    cell: int
    number: int  # 1-based row in the recommendations table
    recommendation: str
    lead_opd: str | None
    timeline: str | None
    due: dt.date | None  # last day of the timeline, None when no timeline is set
    priority: str
    status: str


@dataclass(frozen=True)
class EvidenceCell:
    cell: int
    source: str  # the code, never shown in briefs
    caption: str | None  # from the cell's metadata "caption", else the first comment line
    data_source: str | None  # from metadata "source"


@dataclass(frozen=True)
class Photo:
    """A photo of the `dokumentasi` section: `![caption](file "credit")` in its cell."""

    cell: int
    file: str  # relative to the notebook's folder (`<visit-id>/foto-1.jpg`), or the attachment
    caption: str
    credit: str
    on_pimpinan: bool = False  # its title ends in "| pimpinan": the leadership brief shows it
    attachment: bool = False  # `attachment:<file>`: the bytes are in the cell, not beside it


@dataclass
class Visit:
    """A study visit, as recorded in its notebook and checked against the contract."""

    id: str
    path: Path
    title: str
    date: dt.date
    kind: str
    host: Region
    status: str
    home: Region | None = None
    agency: str = ""
    unit: str = ""
    themes: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    led_by: str | None = None  # who led the delegation
    received_by: list[Person] = field(default_factory=list)  # who received it at the host
    venue: str | None = None  # where it met
    sources: list[str] = field(default_factory=list)
    approved_by: str | None = None  # the `approved` record's name when only it is written
    reviewed: Approval | None = None
    approved: Approval | None = None
    text_lang: str = "id"  # the language the visit's text is written in
    parameters: dict[str, object] = field(default_factory=dict)
    sections: list[SectionText] = field(default_factory=list)
    innovations: list[Innovation] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    evidence: list[EvidenceCell] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    code_cells: list[int] = field(default_factory=list)  # cells that would run, 1-based

    def section(self, tag: str) -> SectionText | None:
        """The first cell in role `tag`, or None."""
        return next((s for s in self.sections if s.tag == tag), None)

    def sections_tagged(self, tag: str) -> list[SectionText]:
        return [s for s in self.sections if s.tag == tag]

    @property
    def english_sections(self) -> tuple[int, int]:
        """(sections with English text, written sections): what `ringkas check` reports."""
        written = [s for s in self.sections if not s.is_empty]
        if self.text_lang == "en":  # written in English: every section has English text
            return len(written), len(written)
        return sum(bool(s.en) for s in written), len(written)

    @property
    def has_code(self) -> bool:
        """Whether executing the notebook would run anything beyond its parameters."""
        return bool(self.code_cells)
