"""Dates as reports write them (issue 20, point 2): the visit's date, and a yearless date's year
only from a publication date the document states."""

from __future__ import annotations

import datetime as dt

import pytest

from ringkas.authoring.importing.dates import page_published, visit_date


@pytest.mark.parametrize(("text", "day"), [
    ("Jumat (8/3/2024) - Bappeda menerima", dt.date(2024, 3, 8)),
    ("Senin (21/10/2024), tim tiba", dt.date(2024, 10, 21)),
    ("pada 8/3/2024 tim berangkat", dt.date(2024, 3, 8)),
    ("Sragen, 08-03-2024 - Dinas", dt.date(2024, 3, 8)),
    ("Senin, 21 Oktober 2024, tim", dt.date(2024, 10, 21)),
    ("ke Kota Balikpapan pada 21 Okt. 2024.", dt.date(2024, 10, 21)),
    ("Purwodadi, 8 Maret 2024 - Bappeda", dt.date(2024, 3, 8)),
    ("berlangsung pada 7-8 Maret 2024.", dt.date(2024, 3, 7)),
    ("pada tanggal 20 s.d. 21 Mei 2024 tim", dt.date(2024, 5, 20)),
    ("on March 8, 2024 the team", dt.date(2024, 3, 8)),
    ("on Wednesday, 16 October 2024", dt.date(2024, 10, 16)),
    ("on the 8th of March 2024", dt.date(2024, 3, 8)),
    ("tanggal 2024-05-04", dt.date(2024, 5, 4)),
])
def test_every_common_form(text: str, day: dt.date) -> None:
    found = visit_date(text)
    assert (found.date, found.year_from) == (day, None)


def test_a_letter_date_and_a_publication_line_are_not_the_visit() -> None:
    text = ("Diterbitkan: Kamis, 18 Januari 2024\n\nSurat Tugas Nomor 094/215/2024 tanggal "
            "4 Januari 2024.\n\nTim tiba Rabu, 17 Januari 2024.")
    assert visit_date(text).date == dt.date(2024, 1, 17)


def test_a_yearless_date_takes_the_year_of_a_diterbitkan_line() -> None:
    found = visit_date("Diterbitkan: Kamis, 18 Januari 2024\n\nTim ke Surabaya, Rabu (17/1).")
    assert found.date == dt.date(2024, 1, 17)
    assert found.year_from == "Diterbitkan: Kamis, 18 Januari 2024"


def test_a_yearless_date_takes_the_year_of_the_page_and_never_goes_past_it() -> None:
    assert visit_date("Kamis (7/3), tim tiba.", dt.date(2024, 3, 8), "<time>").date == \
        dt.date(2024, 3, 7)
    found = visit_date("pada 30 Desember tim tiba.", dt.date(2024, 1, 3), "meta")
    assert (found.date, found.year_from) == (dt.date(2023, 12, 30), "meta")


def test_without_a_publication_date_no_year_is_guessed() -> None:
    found = visit_date("Kamis (7/3), tim tiba di Kota Batu.")
    assert (found.date, found.partial) == (None, "Kamis (7/3)")


def test_a_page_states_its_publication_date() -> None:
    html = ('<html><head><meta property="article:published_time" '
            'content="2024-03-08T13:00:00+07:00"></head><body><p>x</p></body></html>')
    assert page_published(html) == (dt.date(2024, 3, 8),
                                     "article:published_time 2024-03-08T13:00:00+07:00")
    timed = '<html><body><time datetime="2024-09-13">13 Sep</time></body></html>'
    assert page_published(timed)[0] == dt.date(2024, 9, 13)
    assert page_published("<html><body><p>no date</p></body></html>") == (None, None)
