"""The visit-notebook contract, written down once.

Every field name, tag, allowed value and label that a visit notebook may use lives here.
`docs/format.md` describes the same contract for people; `tests/unit/test_contract_docs.py`
checks that the two agree. Labels are not written here but in the gettext catalogues
(`ringkas.i18n`), under keys such as `label.section.summary` or `label.theme.kemiskinan`; the
languages are the catalogues found, and a notebook may spell a name in any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ringkas.i18n.translations import DEFAULT_LANG, languages, text

LANGS = languages()  # ("id", "en"): one per catalogue

#: `YYYY-MM-DD-<host-slug>`: lower-case letters, digits and hyphens only.
#: \Z, not $: "$" also matches before a trailing newline, and an id names a folder.
#: ASCII: without it \d also matches other scripts' digits (２０２３, ٢٠٢٣).
VISIT_ID_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\Z", re.ASCII)

#: A line in a markdown cell that guides the researcher and is never part of the content.
GUIDANCE_PATTERN = re.compile(r"^\s*>\s*(?:Petunjuk|Guidance)\s*:", re.IGNORECASE)


class Labelled:
    """A name with a label in every catalogued language, under the key `msgid`."""

    @property
    def msgid(self) -> str:
        raise NotImplementedError

    def label(self, lang: str) -> str:
        return text(self.msgid, lang)

    def labels(self) -> tuple[str, ...]:
        """The label in every language, in `LANGS` order."""
        return tuple(self.label(lang) for lang in LANGS)

    @property
    def id(self) -> str:
        """The Indonesian label: the one messages quote, as notebooks are written in it."""
        return self.label("id")

    @property
    def en(self) -> str:
        return self.label("en")


@dataclass(frozen=True)
class Choice(Labelled):
    """An allowed value of a list (`group`: kind, status, theme, ...), labelled
    `label.<group>.<value>`."""

    value: str
    group: str

    @property
    def msgid(self) -> str:
        return f"label.{self.group}.{self.value}"


def _choices(group: str, *values: str) -> dict[str, Choice]:
    return {value: Choice(value, group) for value in values}


def name_key(name: str) -> str:
    """How a written name is compared: case, spaces, hyphens, underscores and slashes aside."""
    return re.sub(r"[\s_/-]+", " ", name).strip().lower()


def spellings(named: Mapping[str, Any]) -> dict[str, str]:
    """Every accepted spelling of each entry (its key, its label in every language) -> its key.

    Works for choices, fields and columns alike: all of them are `Labelled`.
    """
    return {name_key(name): key for key, spec in named.items()
            for name in (key, *spec.labels())}


VISIT_KINDS = _choices(
    "kind", "studi-referensi", "studi-banding", "studi-tiru", "studi-komparasi",
)

VISIT_STATUSES = _choices(
    "status", "draft", "reviewed", "approved",
)
#: The one status under which required sections may still be unwritten (guidance only).
DRAFT_STATUS = "draft"

THEMES = _choices(
    "theme", "kemiskinan", "perlindungan-sosial", "kesehatan", "pendidikan", "ekonomi-lokal",
    "pariwisata", "pertanian", "infrastruktur", "lingkungan", "tata-kelola", "pelayanan-publik",
    "digital", "pendanaan", "sdm", "perencanaan",
)

PRIORITIES = _choices(
    "priority", "tinggi", "sedang", "rendah",
)

#: Follow-up status of a recommendation. `OPEN_STATUSES` still need work.
RECOMMENDATION_STATUSES = _choices(
    "follow_up", "usulan", "direncanakan", "berjalan", "selesai", "ditolak",
)
OPEN_STATUSES = ("usulan", "direncanakan", "berjalan")
DONE_STATUS = "selesai"


# --- front matter -------------------------------------------------------------------------

@dataclass(frozen=True)
class Field(Labelled):
    """A named field: its key in the notebook, type, whether required; labelled
    `label.<group>.<key>` (group: `field` in the front matter, `region` inside host and home)."""

    key: str
    type: str  # text | date | year | choice | choices | region | list | people
    presence: str  # required (error when absent) | expected (warning) | optional
    choices: dict[str, Choice] | None = None
    group: str = "field"

    @property
    def msgid(self) -> str:
        return f"label.{self.group}.{self.key}"


FRONT_MATTER_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("title", "text", "required"),
        Field("date", "date", "required"),
        Field("kind", "choice", "required", VISIT_KINDS),
        Field("host", "region", "required"),
        Field("home", "region", "expected"),
        Field("agency", "text", "expected"),
        Field("unit", "text", "expected"),
        Field("participants", "list", "optional"),
        Field("led_by", "text", "optional"),
        Field("received_by", "people", "optional"),
        Field("venue", "text", "optional"),
        Field("themes", "choices", "expected", THEMES),
        Field("sources", "list", "optional"),
        Field("status", "choice", "required", VISIT_STATUSES),
        Field("approved_by", "text", "optional"),
        Field("reviewed", "approval", "optional"),
        Field("approved", "approval", "optional"),
        Field("text_lang", "choice", "optional", _choices("lang", *LANGS)),
    )
}

#: Keys inside a `region` field (host, home).
REGION_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("name", "text", "required", group="region"),
        Field("bps_code", "text", "optional", group="region"),
    )
}
BPS_CODE_PATTERN = re.compile(r"^\d{2}(?:\d{2})?$")

#: Keys of each person in a `people` field (received_by): `- name: ...` and `position: ...`,
#: or the name alone as a line of text.
PERSON_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("name", "text", "required", group="person"),
        Field("position", "text", "optional", group="person"),
    )
}

#: Keys of an `approval` field (reviewed, approved): who signed it off, in which position, when.
#: `ringkas review` and `ringkas approve` write them.
APPROVAL_FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("name", "text", "required", group="approval"),
        Field("position", "text", "required", group="approval"),
        Field("nip", "text", "optional", group="approval"),
        Field("date", "date", "required", group="approval"),
    )
}
#: The status each approval field goes with, and the command that writes it.
APPROVAL_STATUS = {"reviewed": "reviewed", "approved": "approved"}
#: A civil servant's NIP (Nomor Induk Pegawai): 18 digits, birth date (YYYYMMDD), month of
#: appointment (YYYYMM), sex (1 or 2), serial number; written with or without spaces.
NIP_PATTERN = re.compile(r"^(?P<born>\d{8})(?P<appointed>\d{6})[12]\d{3}\Z", re.ASCII)


def nip_digits(value: str) -> str:
    """A NIP as its 18 digits: "19700101 199003 1 001" -> "197001011990031001"."""
    return re.sub(r"[\s.]+", "", value)


# --- parameters ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    name: str
    default: str
    choices: dict[str, Choice]


PARAMETERS: dict[str, Parameter] = {
    "lang": Parameter("lang", DEFAULT_LANG, _choices("lang", *LANGS)),
    "audience": Parameter("audience", "pimpinan", _choices("audience", "pimpinan", "teknis")),
}
AUDIENCES = tuple(PARAMETERS["audience"].choices)
FORMATS = ("html", "pdf")  # what a render writes unless asked otherwise
#: Every format a render can write: a Word brief (docx) on demand only (`--format docx`).
ALL_FORMATS = (*FORMATS, "docx")
PARAMETERS_TAG = "parameters"
INJECTED_PARAMETERS_TAG = "injected-parameters"  # papermill writes it; never hand-written


# --- sections -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Section(Labelled):
    """A role a cell plays in the visit, named by its tag; labelled `label.section.<tag>`."""

    tag: str
    cell_type: str  # markdown | code
    presence: str  # required (error when absent) | expected (warning) | optional
    repeatable: bool

    @property
    def msgid(self) -> str:
        return f"label.section.{self.tag}"


SECTIONS: dict[str, Section] = {
    s.tag: s
    for s in (
        Section("summary", "markdown", "required", False),
        Section("background", "markdown", "required", False),
        Section("purpose", "markdown", "optional", False),
        Section("leadership", "markdown", "expected", False),
        Section("innovation", "markdown", "required", True),
        Section("roles", "markdown", "expected", False),
        Section("outcome", "markdown", "optional", False),
        Section("lessons", "markdown", "expected", False),
        Section("recommendations", "markdown", "required", False),
        Section("context", "markdown", "optional", True),
        Section("dokumentasi", "markdown", "optional", False),
        Section("evidence", "code", "optional", True),
    )
}

#: A section the visit did not cover: the tag beside the section's, or the cell's whole text
#: (compared as `name_key` does, a closing full stop aside). Distinct from a section left empty.
NOT_DISCUSSED_TAG = "not-discussed"
NOT_DISCUSSED_TEXTS = ("Tidak dibahas.", "Not discussed.")
#: The English version of a section: a sibling cell tagged with the section and this tag.
EN_TAG = "en"
#: Tags that qualify a section cell and mean nothing on a cell without one.
SECTION_MARKS = (NOT_DISCUSSED_TAG, EN_TAG)

#: Tags a cell may carry besides section tags (Jupyter and papermill conventions, and ours).
OTHER_TAGS = frozenset({
    PARAMETERS_TAG, INJECTED_PARAMETERS_TAG, *SECTION_MARKS,
    "remove-cell", "remove-input", "remove-output", "hide-input", "hide-output", "hide-cell",
})

@dataclass(frozen=True)
class EvidenceField(Labelled):
    """A comment line at the top of an `evidence` cell: `# Judul: ...`, `# Sumber: ...`."""

    key: str

    @property
    def msgid(self) -> str:
        return f"label.evidence.{self.key}"


EVIDENCE_FIELDS: dict[str, EvidenceField] = {
    key: EvidenceField(key) for key in ("caption", "source")
}


# --- innovation fields --------------------------------------------------------------------

@dataclass(frozen=True)
class InnovationField(Labelled):
    key: str
    type: str  # text | year

    @property
    def msgid(self) -> str:
        return f"label.innovation.{self.key}"


INNOVATION_FIELDS: dict[str, InnovationField] = {
    f.key: f
    for f in (
        InnovationField("target", "text"),
        InnovationField("start_year", "year"),
        InnovationField("funding", "text"),
        InnovationField("lead_opd", "text"),
        InnovationField("evidence", "text"),
        InnovationField("form", "text"),
        InnovationField("source", "text"),
    )
}


# --- tables -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column(Labelled):
    key: str
    table: str  # roles | recommendations
    required_value: bool
    choices: dict[str, Choice] | None = None

    @property
    def msgid(self) -> str:
        return f"label.column.{self.table}.{self.key}"


ROLE_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("actor", "roles", True),
        Column("role", "roles", True),
    )
}

RECOMMENDATION_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("recommendation", "recommendations", True),
        Column("lead_opd", "recommendations", False),
        Column("timeline", "recommendations", False),
        Column("priority", "recommendations", False, PRIORITIES),
        Column("status", "recommendations", True, RECOMMENDATION_STATUSES),
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

#: What a researcher writes for a value not known yet. Wherever a value is read (a table cell,
#: an innovation's `**Field:**` line, a front-matter field) these words count as empty, so a
#: timeline of "belum ditetapkan" is no timeline, as an OPD of "belum ditetapkan" is no OPD.
#: Compared as `name_key` does, a closing full stop aside (docs/format.md, "Unknown values").
UNKNOWN_VALUES = ("belum ditetapkan", "belum diketahui", "tidak diketahui", "belum ada",
                  "not yet assigned", "not yet decided", "not yet known", "unknown", "tbd",
                  "n/a", "-", "—", "–")
_UNKNOWN_KEYS = frozenset(name_key(v) for v in UNKNOWN_VALUES)


_NOT_DISCUSSED_KEYS = frozenset(name_key(v.rstrip(".")) for v in NOT_DISCUSSED_TEXTS)


def says_not_discussed(text: str) -> bool:
    """Whether a section's whole text marks it as not discussed ("Tidak dibahas.")."""
    return name_key(text.strip().rstrip(".")) in _NOT_DISCUSSED_KEYS


def is_unknown(value: str) -> bool:
    """Whether a written value is empty, or one of UNKNOWN_VALUES ("Belum ditetapkan.")."""
    return name_key(value.strip().rstrip(".")) in _UNKNOWN_KEYS | {""}



# --- photos (the `dokumentasi` section) ---------------------------------------------------

#: A photo is a markdown image in the `dokumentasi` cell: `![caption](file "credit")`, the file
#: inside `<visit-id>/` beside the notebook or a cell attachment (`attachment:foto.jpg`).
PHOTO_PATTERN = re.compile(
    r'!\[(?P<caption>[^\]]*)\]\(\s*(?P<src><[^>]*>|[^\s)]+)(?:\s+"(?P<title>[^"]*)")?\s*\)')
#: The image types a photo may be, by file extension, and what each is.
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
#: The most bytes one photo file may have (a phone's photo is 3-8 MB; the PDF gets a copy of at
#: most PHOTO_SIDE pixels on its longest side).
PHOTO_LIMIT = 20 * 1024 * 1024
PHOTO_SIDE = 1600
#: The last word of a photo's title, after "|", that puts it on the leadership brief:
#: `"Foto: Humas Banyuwangi | pimpinan"`.
PHOTO_PIMPINAN_MARK = "pimpinan"
ATTACHMENT_PREFIX = "attachment:"
