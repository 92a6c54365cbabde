"""Dates as reports write them, and the visit's date among them.

Indonesian news writes "Jumat (8/3/2024)", "Senin, 21 Oktober 2024", "21 Okt. 2024" or a
dateline ("Purwodadi, 8 Maret 2024"); letters "08-03-2024" or "8/3/2024" (day first); a laporan
a range ("7-8 Mei 2024", "20 s.d. 21 Mei 2024"); English "March 8, 2024" or "8 March 2024". The
visit's date is the first such date that is neither the page's publication date ("Diterbitkan:
...") nor the date of a letter ("Nomor 094/215/2024 tanggal 4 Maret 2024"). A date written
without a year ("Kamis (7/3)", "7 Maret") takes its year only from a publication date the same
document states (a page's meta or <time>, a "Diterbitkan" line), never from today's date, and
the finder says which statement gave it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12, "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11,
    "des": 12, "dec": 12,
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
#: The second day of a range: "7-8", "20 s.d. 21", "20 sampai dengan 21", "7 and 8", "7 to 8".
_RANGE = r"(?:\s*(?:-|–|s\.\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga|and|to)\s*\d{1,2})?"
_ORDINAL = r"(?:st|nd|rd|th)?(?:\s+of)?"
_FULL = (
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}{_RANGE}\s+{_MONTH}\s*,?\s+(?P<year>\d{{4}})\b",
               re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}{_RANGE},?\s+(?P<year>\d{{4}})\b",
               re.I),
    re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
               r"(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
_WEEKDAY = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
_NO_YEAR = (
    re.compile(rf"\b{_WEEKDAY}\s*,?\s*\((?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})\)", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_RANGE}\s+{_MONTH}(?!\s*,?\s*\d)", re.I),
)
#: A line that states when the page was published, not when the visit took place.
PUBLISHED_LINE = re.compile(r"^\W*(diterbitkan|dipublikasikan|dipublish|diposting|diunggah|"
                            r"terbit|published|posted|diperbarui|updated?)\b", re.I)
#: Words before a date that make it a letter's date ("Nomor 094/215/2024 tanggal 4 Maret").
_LETTER = re.compile(r"\b(nomor|no\.)\s*:?\s*\S+(\s+\S+){0,3}\s*$", re.I)


@dataclass(frozen=True)
class DateFound:
    """The visit's date, the words it was read from, and where its year came from."""

    date: dt.date | None = None
    text: str | None = None
    year_from: str | None = None  # the publication statement that gave the year, else None
    partial: str | None = None  # a date without a year, as written, when none could be had


@dataclass(frozen=True)
class _Candidate:
    start: int
    text: str
    day: int
    month: int
    year: int | None
    published: bool


def _month(value: str) -> int:
    value = value.lower().rstrip(".")
    return int(value) if value.isdigit() else MONTHS.get(value, 0)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for patterns, full in ((_FULL, True), (_NO_YEAR, False)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue  # "8 Maret" inside "8 Maret 2024", or one form inside another
                line_start = text.rfind("\n", 0, match.start()) + 1
                before = text[line_start:match.start()]
                if _LETTER.search(before[-60:]):
                    continue
                taken.append((match.start(), match.end()))
                year = int(match.group("year")) if full else None
                found.append(_Candidate(match.start(), match.group(0), int(match.group("day")),
                                        _month(match.group("month")), year,
                                        bool(PUBLISHED_LINE.match(before))))
    return sorted(found, key=lambda c: c.start)


def find_date(text: str) -> tuple[dt.date | None, str | None]:
    """The first full date the text states that exists ("31 Februari" is none), and its
    words."""
    for candidate in _candidates(text):
        if candidate.year is not None:
            day = _make(candidate.year, candidate.month, candidate.day)
            if day is not None:
                return day, candidate.text
    return None, None


def published_in_text(text: str) -> tuple[dt.date | None, str | None]:
    """The date of a "Diterbitkan: ..." line, and that line."""
    for candidate in _candidates(text):
        if candidate.published and candidate.year is not None:
            day = _make(candidate.year, candidate.month, candidate.day)
            if day is not None:
                start = text.rfind("\n", 0, candidate.start) + 1
                end = text.find("\n", candidate.start)
                return day, text[start:end if end >= 0 else None].strip()
    return None, None


def visit_date(text: str, published: dt.date | None = None,
               published_from: str | None = None) -> DateFound:
    """The visit's date: the first date that is no publication or letter date. Without a year,
    the year of `published` (the page's own publication date, which `published_from` names)
    or of a "Diterbitkan" line, the latest that does not put the visit after publication."""
    if published is None:
        published, published_from = published_in_text(text)
    candidates = [c for c in _candidates(text) if not c.published]
    partial = None
    for candidate in candidates:
        if candidate.year is not None:
            day = _make(candidate.year, candidate.month, candidate.day)
            if day is not None:
                return DateFound(day, candidate.text)
            continue
        if published is None:
            partial = partial or candidate.text
            continue
        day = _make(published.year, candidate.month, candidate.day)
        if day is not None and day > published:
            day = _make(published.year - 1, candidate.month, candidate.day)
        if day is not None:
            return DateFound(day, candidate.text, published_from)
    return DateFound(partial=partial)


def page_published(page: Any) -> tuple[dt.date | None, str | None]:
    """A saved page's own publication date: meta article:published_time (or a meta date),
    else the first <time datetime>; and the statement it came from. `page`: the page as an
    lxml tree (`photos.parse_page`, parsed once), or its HTML text."""
    if isinstance(page, str):
        from ringkas.authoring.importing.photos import parse_page

        page = parse_page(page)
    if page is None:
        return None, None
    queries = (('//meta[@property="article:published_time"]/@content',
                "article:published_time"),
               ('//meta[@name="pubdate" or @name="publishdate" or @name="date" '
                'or @name="DC.date.issued" or @itemprop="datePublished"]/@content', "meta date"),
               ("//time/@datetime", "<time>"))
    for query, name in queries:
        for value in page.xpath(query):
            match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
            day = _make(int(match.group(1)), int(match.group(2)), int(match.group(3))) \
                if match else None
            if day is not None:
                return day, f"{name} {str(value).strip()}"
    return None, None
