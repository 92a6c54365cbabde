"""One overdue rule, one theme resolver, one Excel writer: each used by every caller."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from ringkas.contract.problems import MessageError
from ringkas.contract.themes import BUILTIN, AgencyTheme, Vocabulary
from ringkas.contract.timeline import is_overdue
from ringkas.knowledge import search, synthesis
from ringkas.knowledge.excel import write_workbook

DAY = dt.date(2024, 7, 1)


@pytest.mark.parametrize(("due", "status", "expected"), [
    (dt.date(2024, 6, 30), "berjalan", True),
    (dt.date(2024, 7, 1), "berjalan", False),  # due today is not late yet
    (dt.date(2024, 6, 30), "selesai", False),  # done is never overdue
    (dt.date(2024, 6, 30), "dibatalkan", False),
    (None, "usulan", False),  # no timeline, no due date
])
def test_the_overdue_rule(due: dt.date | None, status: str, expected: bool) -> None:
    assert is_overdue(due, status, DAY) is expected


def test_themes_resolve_by_one_rule_per_project() -> None:
    """Search, synthesis and `new` all ask the project's Vocabulary; nothing is shared."""
    resolve = BUILTIN.resolve_theme
    assert resolve("Poverty reduction") == resolve("kemiskinan") == "kemiskinan"
    with pytest.raises(MessageError) as caught:
        resolve("kemiskinn")
    assert caught.value.code == "search.unknown_theme"
    ours = Vocabulary((AgencyTheme("stunting", "theme", (("id", "Cegah stunting"),
                                                         ("en", "Stunting"))),))
    assert ours.resolve_theme("Cegah Stunting") == "stunting"
    with pytest.raises(MessageError):
        BUILTIN.resolve_theme("stunting")  # another project's theme is not ours
    assert not hasattr(search, "resolve_theme") and not hasattr(synthesis, "resolve_theme")


def test_the_writer_cleans_text_and_formats_dates_of_every_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    frames = {
        "typed": pd.DataFrame({"when": pd.to_datetime(["2024-01-02"]),
                               "text": pd.array(["a\x07b"], dtype="string")}),
        "people": pd.DataFrame({"when": [dt.date(2024, 1, 3)], "text": ["c\x01d"]}, dtype=object),
    }
    book = load_workbook(write_workbook(tmp_path / "x.xlsx", frames))
    for name, text in (("typed", "ab"), ("people", "cd")):
        sheet = book[name]
        assert sheet["A2"].number_format == "YYYY-MM-DD" and sheet["B2"].value == text
        assert sheet.freeze_panes == "A2"
