"""The visit-notebook contract, written down once.

Every field name, tag, allowed value and label that a visit notebook may use lives here.
`docs/format.md` describes the same contract for people; `tests/unit/test_contract_docs.py`
checks that the two agree. Labels come in Indonesian (`id`) and English (`en`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("id", "en")
DEFAULT_LANG = "id"

#: `YYYY-MM-DD-<host-slug>`: lower-case letters, digits and hyphens only.
#: \Z, not $: "$" also matches before a trailing newline, and an id names a folder.
#: ASCII: without it \d also matches other scripts' digits (２０２３, ٢٠٢٣).
VISIT_ID_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\Z", re.ASCII)

#: A line in a markdown cell that guides the researcher and is never part of the content.
GUIDANCE_PATTERN = re.compile(r"^\s*>\s*(?:Petunjuk|Guidance)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Choice:
    """An allowed value with its labels."""

    value: str
    id: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


def _choices(*rows: tuple[str, str, str]) -> dict[str, Choice]:
    return {value: Choice(value, id_label, en_label) for value, id_label, en_label in rows}


def name_key(name: str) -> str:
    """How a written name is compared: case, spaces, hyphens, underscores and slashes aside."""
    return re.sub(r"[\s_/-]+", " ", name).strip().lower()


def spellings(named: Mapping[str, Any]) -> dict[str, str]:
    """Every accepted spelling of each entry (its key, Indonesian and English label) -> its key.

    Works for choices, fields and columns alike: all of them have `id` and `en` labels.
    """
    return {name_key(name): key for key, spec in named.items()
            for name in (key, spec.id, spec.en)}


VISIT_KINDS = _choices(
    ("studi-referensi", "Studi referensi", "Reference study visit"),
    ("studi-banding", "Studi banding", "Comparative study visit"),
    ("studi-tiru", "Studi tiru", "Replication study visit"),
    ("studi-komparasi", "Studi komparasi", "Comparison study visit"),
)

VISIT_STATUSES = _choices(
    ("draft", "Draf", "Draft"),
    ("reviewed", "Ditelaah", "Reviewed"),
    ("approved", "Disetujui", "Approved"),
)
#: The one status under which required sections may still be unwritten (guidance only).
DRAFT_STATUS = "draft"

THEMES = _choices(
    ("kemiskinan", "Penanggulangan kemiskinan", "Poverty reduction"),
    ("perlindungan-sosial", "Perlindungan sosial", "Social protection"),
    ("kesehatan", "Kesehatan", "Health"),
    ("pendidikan", "Pendidikan", "Education"),
    ("ekonomi-lokal", "Ekonomi lokal dan UMKM", "Local economy and small business"),
    ("pariwisata", "Pariwisata", "Tourism"),
    ("pertanian", "Pertanian dan pangan", "Agriculture and food"),
    ("infrastruktur", "Infrastruktur", "Infrastructure"),
    ("lingkungan", "Lingkungan hidup", "Environment"),
    ("tata-kelola", "Tata kelola pemerintahan", "Governance"),
    ("pelayanan-publik", "Pelayanan publik", "Public services"),
    ("digital", "Pemerintahan digital", "Digital government"),
    ("pendanaan", "Pendanaan dan CSR", "Funding and CSR"),
    ("sdm", "Pengembangan SDM", "Human capacity"),
)

PRIORITIES = _choices(
    ("tinggi", "Tinggi", "High"),
    ("sedang", "Sedang", "Medium"),
    ("rendah", "Rendah", "Low"),
)

#: Follow-up status of a recommendation. `OPEN_STATUSES` still need work.
RECOMMENDATION_STATUSES = _choices(
    ("usulan", "Usulan", "Proposed"),
    ("direncanakan", "Direncanakan", "Planned"),
    ("berjalan", "Berjalan", "In progress"),
    ("selesai", "Selesai", "Done"),
    ("ditolak", "Ditolak", "Rejected"),
)
OPEN_STATUSES = ("usulan", "direncanakan", "berjalan")
DONE_STATUS = "selesai"


# --- front matter -------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """A named field: its key in the notebook, type, whether required, and its labels."""

    key: str
    type: str  # text | date | year | choice | choices | region | list
    presence: str  # required (error when absent) | expected (warning) | optional
    id: str
    en: str
    choices: dict[str, Choice] | None = None

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


FRONT_MATTER_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("title", "text", "required", "Judul", "Title"),
        Field("date", "date", "required", "Tanggal kunjungan", "Date of visit"),
        Field("kind", "choice", "required", "Jenis kunjungan", "Kind of visit", VISIT_KINDS),
        Field("host", "region", "required", "Daerah tujuan", "Host region"),
        Field("home", "region", "expected", "Daerah asal", "Home region"),
        Field("agency", "text", "expected", "Instansi", "Agency"),
        Field("unit", "text", "expected", "Unit kerja", "Visiting unit"),
        Field("participants", "list", "optional", "Peserta", "Participants"),
        Field("themes", "choices", "expected", "Tema", "Themes", THEMES),
        Field("sources", "list", "optional", "Sumber", "Sources"),
        Field("status", "choice", "required", "Status naskah", "Document status", VISIT_STATUSES),
        Field("approved_by", "text", "optional", "Disetujui oleh", "Approved by"),
    )
}

#: Keys inside a `region` field (host, home).
REGION_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("name", "text", "required", "Nama", "Name"),
        Field("bps_code", "text", "optional", "Kode BPS", "BPS code"),
    )
}
BPS_CODE_PATTERN = re.compile(r"^\d{2}(?:\d{2})?$")


# --- parameters ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    name: str
    default: str
    choices: dict[str, Choice]


PARAMETERS: dict[str, Parameter] = {
    "lang": Parameter("lang", "id", _choices(("id", "Bahasa Indonesia", "Indonesian"),
                                             ("en", "Bahasa Inggris", "English"))),
    "audience": Parameter("audience", "pimpinan", _choices(
        ("pimpinan", "Ringkasan 2 halaman untuk pimpinan", "2-page brief for leadership"),
        ("teknis", "Laporan teknis lengkap", "Full technical report"),
    )),
}
AUDIENCES = tuple(PARAMETERS["audience"].choices)
FORMATS = ("html", "pdf")
PARAMETERS_TAG = "parameters"
INJECTED_PARAMETERS_TAG = "injected-parameters"  # papermill writes it; never hand-written


# --- sections -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """A role a cell plays in the visit, named by its tag."""

    tag: str
    cell_type: str  # markdown | code
    presence: str  # required (error when absent) | expected (warning) | optional
    repeatable: bool
    id: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


SECTIONS: dict[str, Section] = {
    s.tag: s
    for s in (
        Section("summary", "markdown", "required", False, "Ringkasan eksekutif",
                "Executive summary"),
        Section("background", "markdown", "required", False, "Latar belakang", "Background"),
        Section("purpose", "markdown", "optional", False, "Maksud dan pokok bahasan",
                "Purpose and topics"),
        Section("leadership", "markdown", "expected", False, "Komitmen pimpinan daerah",
                "Leadership commitment"),
        Section("innovation", "markdown", "required", True, "Inovasi", "Innovations"),
        Section("roles", "markdown", "expected", False, "Peran OPD dan pemangku kepentingan",
                "Roles of agencies and stakeholders"),
        Section("outcome", "markdown", "optional", False, "Hasil yang dilaporkan",
                "Reported results"),
        Section("lessons", "markdown", "expected", False, "Pelajaran", "Lessons"),
        Section("recommendations", "markdown", "required", False, "Rekomendasi", "Recommendations"),
        Section("context", "markdown", "optional", True, "Konteks tambahan dari sumber publik",
                "Additional context from public sources"),
        Section("evidence", "code", "optional", True, "Data pendukung", "Supporting data"),
    )
}

#: Tags a cell may carry besides section tags (Jupyter and papermill conventions).
OTHER_TAGS = frozenset({
    PARAMETERS_TAG, INJECTED_PARAMETERS_TAG,
    "remove-cell", "remove-input", "remove-output", "hide-input", "hide-output", "hide-cell",
})

#: Comment lines at the top of an `evidence` cell: `# Judul: ...` and `# Sumber: ...`.
EVIDENCE_FIELDS: dict[str, tuple[str, str]] = {
    "caption": ("Judul", "Caption"),
    "source": ("Sumber", "Source"),
}


# --- innovation fields --------------------------------------------------------------------

@dataclass(frozen=True)
class InnovationField:
    key: str
    type: str  # text | year
    id: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


INNOVATION_FIELDS: dict[str, InnovationField] = {
    f.key: f
    for f in (
        InnovationField("target", "text", "Sasaran", "Target group"),
        InnovationField("start_year", "year", "Mulai", "Started"),
        InnovationField("funding", "text", "Pendanaan", "Funding"),
        InnovationField("lead_opd", "text", "OPD pengampu", "Lead agency"),
        InnovationField("evidence", "text", "Bukti", "Evidence"),
        InnovationField("form", "text", "Bentuk", "Form"),
        InnovationField("source", "text", "Sumber", "Source"),
    )
}


# --- tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    required_value: bool
    id: str
    en: str
    choices: dict[str, Choice] | None = None

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


ROLE_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("actor", True, "OPD/Pemangku kepentingan", "Agency/Stakeholder"),
        Column("role", True, "Peran", "Role"),
    )
}

RECOMMENDATION_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("recommendation", True, "Rekomendasi", "Recommendation"),
        Column("lead_opd", False, "OPD pengampu", "Lead agency"),
        Column("timeline", False, "Waktu", "Timeline"),
        Column("priority", False, "Prioritas", "Priority", PRIORITIES),
        Column("status", True, "Status tindak lanjut", "Follow-up status",
               RECOMMENDATION_STATUSES),
    )
}

TABLE_COLUMNS: dict[str, dict[str, Column]] = {
    "roles": ROLE_COLUMNS,
    "recommendations": RECOMMENDATION_COLUMNS,
}

#: Timeline values: a year (2023), a half (2023-S1), a quarter (2023-Q2), a month (2023-06) or
#: a day (2023-06-30). A recommendation is overdue after the last day of its timeline.
TIMELINE_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:S(?P<half>[12])|Q(?P<quarter>[1-4])|(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2}))?))?$"
)
