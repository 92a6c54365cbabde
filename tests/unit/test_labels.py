"""Brief labels, dates and numbers follow the brief's language; contract labels are not repeated."""

from __future__ import annotations

import datetime as dt

import pytest

from ringkas.contract import spec as C
from ringkas.i18n.translations import entries
from ringkas.render.labels import Labels

VISIT_DAY = dt.date(2022, 11, 28)


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", "Senin, 28 November 2022"),
    ("en", "Monday, 28 November 2022"),
])
def test_long_date_names_the_weekday_day_first(lang: str, expected: str) -> None:
    assert Labels(lang).long_date(VISIT_DAY) == expected


@pytest.mark.parametrize(("lang", "day", "expected"), [
    ("id", dt.date(2023, 8, 17), "17 Agustus 2023"),
    ("en", dt.date(2023, 8, 17), "17 August 2023"),
])
def test_short_date(lang: str, day: dt.date, expected: str) -> None:
    assert Labels(lang).date(day) == expected


@pytest.mark.parametrize(("lang", "value", "digits", "expected"), [
    ("id", 7.5234, 2, "7,52"),
    ("en", 7.5234, 2, "7.52"),
    ("id", 1234567, 0, "1.234.567"),
    ("en", 1234567, 0, "1,234,567"),
])
def test_numbers_use_the_locale(lang: str, value: float, digits: int, expected: str) -> None:
    assert Labels(lang).number(value, digits) == expected


def test_default_language_is_indonesian() -> None:
    assert Labels().lang == "id"
    assert Labels()("not_set") == "belum ditetapkan"


def test_unknown_language_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'; choose one of: id, en"):
        Labels("fr")


@pytest.mark.parametrize(("lang", "expected"), [("id", "Halaman 2 dari 3"), ("en", "Page 2 of 3")])
def test_placeholders_are_filled(lang: str, expected: str) -> None:
    assert Labels(lang)("page.of", page=2, pages=3) == expected


def test_section_field_and_column_labels_come_from_the_contract() -> None:
    id_, en = Labels("id"), Labels("en")
    assert (id_.section("summary"), en.section("summary")) == (
        "Ringkasan eksekutif", "Executive summary")
    assert id_.field("date") == "Tanggal kunjungan"
    assert en.column("recommendations", "lead_opd") == "Lead agency"
    assert en.innovation_field("target") == "Target group"
    assert id_.evidence_field("source") == "Sumber"
    assert en.choice("status", "draft") == "Draft"
    assert en.choice("follow_up", "berjalan") == "In progress"
    assert id_.choice("theme", "sdm") == "Pengembangan SDM"
    assert id_.choice("priority", None) is None


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("id", 1, "1 rekomendasi lain ada dalam laporan teknis."),
    ("id", 3, "3 rekomendasi lain ada dalam laporan teknis."),
    ("en", 1, "1 more recommendation is in the technical report."),
    ("en", 3, "3 more recommendations are in the technical report."),
])
def test_counts_take_the_language_s_plural_form(lang: str, count: int, expected: str) -> None:
    assert Labels(lang)("more_recommendations", count=count) == expected


def _contract_labels() -> set[str]:
    labelled = [*C.SECTIONS.values(), *C.FRONT_MATTER_FIELDS.values(),
                *C.INNOVATION_FIELDS.values(), *C.ROLE_COLUMNS.values(),
                *C.RECOMMENDATION_COLUMNS.values()]
    return {text.lower() for item in labelled for text in (item.id, item.en)}


def test_brief_labels_do_not_repeat_the_contract() -> None:
    contract = _contract_labels()
    brief = [form for lang in C.LANGS for key, forms in entries(lang).items()
             if key.startswith("brief.") for form in forms]
    repeated = sorted(t for t in brief if t.lower() in contract)
    assert not repeated, f"use ringkas.contract.spec for these labels: {sorted(repeated)}"


@pytest.mark.parametrize(("lang", "footer"), [
    ("id", '@bottom-right { content: "Halaman " counter(page) " dari " counter(pages); } '
           '@bottom-left { content: "Dibuat 2 Januari 2025"; }'),
    ("en", '@bottom-right { content: "Page " counter(page) " of " counter(pages); } '
           '@bottom-left { content: "Generated 2 January 2025"; }'),
])
def test_page_footer_css_is_in_the_brief_s_language(lang: str, footer: str) -> None:
    assert Labels(lang).page_css(dt.date(2025, 1, 2)) == f"@page {{ {footer} }}"
