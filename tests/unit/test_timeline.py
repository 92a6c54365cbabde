"""Recommendation timelines and their due dates: the last day of the period they name."""

from __future__ import annotations

import datetime as dt

import pytest

from ringkas.contract.timeline import due_date


@pytest.mark.parametrize(("timeline", "due"), [
    ("2023", dt.date(2023, 12, 31)),
    ("2023-S1", dt.date(2023, 6, 30)),
    ("2023-S2", dt.date(2023, 12, 31)),
    ("2023-Q1", dt.date(2023, 3, 31)),
    ("2023-Q2", dt.date(2023, 6, 30)),
    ("2023-Q3", dt.date(2023, 9, 30)),
    ("2023-Q4", dt.date(2023, 12, 31)),
    ("2023-01", dt.date(2023, 1, 31)),
    ("2023-04", dt.date(2023, 4, 30)),
    ("2023-12", dt.date(2023, 12, 31)),
    ("2023-06-30", dt.date(2023, 6, 30)),
    (" 2023-06-15 ", dt.date(2023, 6, 15)),
])
def test_due_dates(timeline: str, due: dt.date) -> None:
    assert due_date(timeline) == due


@pytest.mark.parametrize(("timeline", "due"), [
    ("2024-02", dt.date(2024, 2, 29)),  # divisible by 4
    ("2023-02", dt.date(2023, 2, 28)),
    ("1900-02", dt.date(1900, 2, 28)),  # divisible by 100, not by 400
    ("2000-02", dt.date(2000, 2, 29)),  # divisible by 400
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("2024-Q1", dt.date(2024, 3, 31)),
])
def test_leap_years(timeline: str, due: dt.date) -> None:
    assert due_date(timeline) == due


@pytest.mark.parametrize("timeline", [
    "2023-02-29", "1900-02-29", "2023-04-31", "2023-00", "2023-13", "2023-00-10", "2023-01-00",
    "2023-S0", "2023-S3", "2023-Q0", "2023-Q5", "2023-s1", "2023-q2", "23", "20233", "2023-6",
    "2023-06-1", "2023/06", "Juni 2023", "2023-H1", "", "segera", "2023-06-30T00:00",
])
def test_not_a_timeline(timeline: str) -> None:
    assert due_date(timeline) is None
