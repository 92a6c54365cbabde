"""The words a brief prints around the visit's own content, in the brief's language.

The texts are in the gettext catalogues (`ringkas.i18n`): what a brief needs besides the
contract's labels (part headings, page footer, "not yet set") under `brief.<key>`, the labels of
sections, fields, columns and choices under the contract's keys (`ringkas.contract.spec`).
`Labels` reads both and formats dates and numbers with Babel in the catalogue's locale. Visit
content is never translated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from babel.dates import format_date
from babel.numbers import format_decimal

from ringkas.contract import spec as C
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.translations import babel_locale, text
from ringkas.render.sanitize import css_string

#: The contract's lists of allowed values, by the name templates use for them; themes come
#: from the project's `Vocabulary`, which `Labels` carries.
CHOICES: dict[str, dict[str, C.Choice]] = {
    "kind": C.VISIT_KINDS,
    "status": C.VISIT_STATUSES,
    "priority": C.PRIORITIES,
    "follow_up": C.RECOMMENDATION_STATUSES,
}


@dataclass(frozen=True)
class Phrases:
    """The catalogue entries under `PREFIX`, read in one language: `P("key", count=3)` is the
    entry `<PREFIX>key`; an entry with plural forms picks one by `count`."""

    PREFIX: ClassVar[str] = ""
    lang: str = C.DEFAULT_LANG

    def __post_init__(self) -> None:
        if self.lang not in C.LANGS:
            raise ValueError(f"unknown language {self.lang!r}; choose one of: {', '.join(C.LANGS)}")

    def __call__(self, key: str, /, **params: object) -> str:
        """The text `key`, placeholders filled."""
        return text(self.PREFIX + key, self.lang, **params)

    def gettext(self, msgid: str, /, **params: object) -> str:
        """Any catalogue entry by its full key, for templates' `_()` (jinja2.ext.i18n)."""
        return text(msgid, self.lang, **params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """A plural entry by its full key, for templates' `ngettext()`; `n` is the `count`."""
        return text(singular, self.lang, count=n, **params)


@dataclass(frozen=True)
class Labels(Phrases):
    """Every label and format a brief needs, in one language; templates call it as `L(...)`.
    `vocabulary` is the project's, whose own themes have their labels in ringkas.toml."""

    PREFIX: ClassVar[str] = "brief."
    vocabulary: Vocabulary = BUILTIN

    def section(self, tag: str) -> str:
        return C.SECTIONS[tag].label(self.lang)

    def field(self, key: str) -> str:
        return C.FRONT_MATTER_FIELDS[key].label(self.lang)

    def innovation_field(self, key: str) -> str:
        return C.INNOVATION_FIELDS[key].label(self.lang)

    def column(self, table: str, key: str) -> str:
        return C.TABLE_COLUMNS[table][key].label(self.lang)

    def evidence_field(self, key: str) -> str:
        return C.EVIDENCE_FIELDS[key].label(self.lang)

    def choice(self, kind: str, value: str | None) -> str | None:
        """The label of a value in a `CHOICES` list, e.g. ("priority", "tinggi"), or of a theme
        ("theme", "kemiskinan"); None for None."""
        if value is None:
            return None
        if kind == "theme":
            return self.vocabulary.theme_label(value, self.lang)
        return CHOICES[kind][value].label(self.lang)

    def long_date(self, day: dt.date) -> str:
        """"Senin, 28 November 2022" / "Monday, 28 November 2022"."""
        return format_date(day, "EEEE, d MMMM y", locale=babel_locale(self.lang))

    def date(self, day: dt.date) -> str:
        """"28 November 2022", in both languages."""
        return format_date(day, "d MMMM y", locale=babel_locale(self.lang))

    def number(self, value: float, digits: int = 0) -> str:
        """`value` in the locale's format: 1.234,5 in Indonesian, 1,234.5 in English."""
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=babel_locale(self.lang))

    def page_css(self, rendered_on: dt.date, revision: str = "") -> str:
        """Print CSS for the page margins: "Halaman X dari Y" and the render date, with the
        revision label under it (the middle of the foot is the last page's QR code's)."""
        parts = re.split(r"(\{page\}|\{pages\})", self("page.of", page="{page}", pages="{pages}"))
        counter = " ".join("counter(page)" if p == "{page}" else "counter(pages)" if p == "{pages}"
                           else css_string(p) for p in parts if p)
        rendered = css_string(self("rendered", date=self.date(rendered_on)))
        if revision:
            rendered += f' "\\A" {css_string(revision)}; white-space: pre'
        return (f"@page {{ @bottom-right {{ content: {counter}; }} "
                f"@bottom-left {{ content: {rendered}; }} }}")
