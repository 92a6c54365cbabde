"""Recommendation timelines ("2023", "2023-S1", "2023-Q2", "2023-06", "2023-06-30") as due dates."""

from __future__ import annotations

import calendar
import datetime as dt

from ringkas.contract.spec import OPEN_STATUSES, TIMELINE_PATTERN


def due_date(timeline: str) -> dt.date | None:
    """The last day of the period a timeline names, or None when it names no period."""
    match = TIMELINE_PATTERN.match(timeline.strip())
    if not match:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            return dt.date(year, int(match["month"]), int(match["day"]))
        if match["month"]:
            month = int(match["month"])
        elif match["quarter"]:
            month = int(match["quarter"]) * 3
        elif match["half"]:
            month = int(match["half"]) * 6
        else:
            month = 12
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, calendar.IllegalMonthError):
        return None


def is_overdue(due: dt.date | None, status: str, today: dt.date) -> bool:
    """The overdue rule, in one place: a recommendation still open (`OPEN_STATUSES`) whose
    timeline ended before `today`. One without a timeline (no due date) is never overdue."""
    return due is not None and status in OPEN_STATUSES and due < today
