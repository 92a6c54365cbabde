"""The words a brief prints around the visit's own content, in Indonesian and English.

Labels of sections, fields, columns and choices belong to the contract (`ringkas.contract.spec`);
`Labels` reads them from there, so each label is written once. This module adds only what a
brief needs besides them (part headings, page footer, "not yet set") and formats dates and
numbers for the brief's language with Babel. Visit content is never translated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from babel.dates import format_date
from babel.numbers import format_decimal

from ringkas.contract import spec as C
from ringkas.render.sanitize import css_string

#: Brief labels by key: (Indonesian, English). `{name}` placeholders are filled by `Labels`.
BRIEF_LABELS: dict[str, tuple[str, str]] = {
    "doc.pimpinan": ("Ringkasan Kebijakan", "Policy Brief"),
    "doc.teknis": ("Laporan Teknis", "Technical Report"),
    "not_set": ("belum ditetapkan", "not yet set"),
    "not_recorded": ("belum dicatat", "not recorded"),
    "unwritten": ("Bagian ini belum ditulis.", "This section is not written yet."),
    "watermark": ("DRAF", "DRAFT"),
    "draft_notice": ("Belum disetujui untuk diedarkan.", "Not yet approved for circulation."),
    "approved_notice": ("Disetujui oleh {name}.", "Approved by {name}."),
    "page.of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "rendered": ("Dibuat {date}", "Generated {date}"),
    "key_recommendations": ("Rekomendasi utama", "Key recommendations"),
    "more_recommendations": ("{count} rekomendasi lain ada dalam laporan teknis.",
                             "{count} more recommendations are in the technical report."),
    "findings": ("Temuan utama", "Key findings"),
    "more_in_report": ("Selengkapnya dalam laporan teknis.", "More in the technical report."),
    "innovations_seen": ("Inovasi yang dipelajari", "Innovations studied"),
    "more_innovations": ("{count} inovasi lain ada dalam laporan teknis.",
                         "{count} more innovations are in the technical report."),
    "number": ("No.", "No."),
    "part.a": ("A. Pendahuluan", "A. Introduction"),
    "part.b": ("B. Kegiatan yang dilaksanakan", "B. Activities"),
    "part.c": ("C. Hasil yang dicapai", "C. Results"),
    "part.d": ("D. Simpulan dan saran", "D. Conclusions and recommendations"),
    "part.e": ("E. Sumber", "E. Sources"),
    "time_place": ("Waktu dan tempat", "Time and place"),
    "time_place.text": ("{kind} ke {host} pada {date}.", "{kind} to {host} on {date}."),
    "visiting_team": ("Tim kunjungan", "Visiting team"),
    "public_context": ("Konteks publik: bukan dari laporan kunjungan",
                       "Public context: not from the visit report"),
    "figure": ("Gambar {number}", "Figure {number}"),
    "facts": ("Ringkasan data kunjungan", "Visit at a glance"),
    "bps_code": ("kode BPS {code}", "BPS code {code}"),
    # notes in place of what passes the output limits of ringkas.render.limits
    "output.cut": ("[Keluaran dipotong: {shown} pertama dari {total} karakter ditampilkan. Cetak "
                   "lebih sedikit, atau ringkas datanya dalam tabel atau grafik.]",
                   "[Output cut: the first {shown} of {total} characters are shown. Print less, "
                   "or summarise the data in a table or chart.]"),
    "output.too_large": ("[Keluaran ini tidak ditampilkan: {size} MB, melebihi batas {limit} MB. "
                         "Perkecil gambar (dpi lebih rendah, titik lebih sedikit) atau tabelnya.]",
                         "[This output is not shown: {size} MB, more than the limit of {limit} MB. "
                         "Make the image (a lower dpi, fewer points) or the table smaller.]"),
    "output.over_budget": ("[Keluaran ini tidak ditampilkan: keluaran sel kode notebook ini sudah "
                           "mencapai batas {limit} MB.]",
                           "[This output is not shown: the outputs of this notebook's code cells "
                           "have reached the limit of {limit} MB.]"),
}

_LOCALES = {"id": "id_ID", "en": "en_GB"}  # en_GB: "Monday, 28 November 2022", day first

#: The contract's lists of allowed values, by the name templates use for them.
CHOICES: dict[str, dict[str, C.Choice]] = {
    "kind": C.VISIT_KINDS,
    "status": C.VISIT_STATUSES,
    "theme": C.THEMES,
    "priority": C.PRIORITIES,
    "follow_up": C.RECOMMENDATION_STATUSES,
}


@dataclass(frozen=True)
class Phrases:
    """A table of texts by key, (Indonesian, English), read in one language: `P("key", n=3)`."""

    TABLE: ClassVar[dict[str, tuple[str, str]]] = {}
    lang: str = C.DEFAULT_LANG

    def __post_init__(self) -> None:
        if self.lang not in C.LANGS:
            raise ValueError(f"unknown language {self.lang!r}; choose one of: {', '.join(C.LANGS)}")

    @property
    def _en(self) -> bool:
        return self.lang == "en"

    def __call__(self, key: str, **params: object) -> str:
        """The text `key`, placeholders filled."""
        text = self.TABLE[key][1 if self._en else 0]
        return text.format(**params) if params else text


@dataclass(frozen=True)
class Labels(Phrases):
    """Every label and format a brief needs, in one language; templates call it as `L(...)`."""

    TABLE: ClassVar[dict[str, tuple[str, str]]] = BRIEF_LABELS

    def section(self, tag: str) -> str:
        return C.SECTIONS[tag].label(self.lang)

    def field(self, key: str) -> str:
        return C.FRONT_MATTER_FIELDS[key].label(self.lang)

    def innovation_field(self, key: str) -> str:
        return C.INNOVATION_FIELDS[key].label(self.lang)

    def column(self, table: str, key: str) -> str:
        return C.TABLE_COLUMNS[table][key].label(self.lang)

    def evidence_field(self, key: str) -> str:
        return C.EVIDENCE_FIELDS[key][1 if self._en else 0]

    def choice(self, kind: str, value: str | None) -> str | None:
        """The label of a value in a `CHOICES` list, e.g. ("priority", "tinggi"); None for None."""
        return None if value is None else CHOICES[kind][value].label(self.lang)

    def long_date(self, day: dt.date) -> str:
        """"Senin, 28 November 2022" / "Monday, 28 November 2022"."""
        return format_date(day, "EEEE, d MMMM y", locale=_LOCALES[self.lang])

    def date(self, day: dt.date) -> str:
        """"28 November 2022", in both languages."""
        return format_date(day, "d MMMM y", locale=_LOCALES[self.lang])

    def number(self, value: float, digits: int = 0) -> str:
        """`value` in the locale's format: 1.234,5 in Indonesian, 1,234.5 in English."""
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=_LOCALES[self.lang])

    def page_css(self, rendered_on: dt.date) -> str:
        """Print CSS for the page margins: "Halaman X dari Y" and the render date."""
        parts = re.split(r"(\{page\}|\{pages\})", self("page.of", page="{page}", pages="{pages}"))
        counter = " ".join("counter(page)" if p == "{page}" else "counter(pages)" if p == "{pages}"
                           else css_string(p) for p in parts if p)
        rendered = css_string(self("rendered", date=self.date(rendered_on)))
        return (f"@page {{ @bottom-right {{ content: {counter}; }} "
                f"@bottom-left {{ content: {rendered}; }} }}")
