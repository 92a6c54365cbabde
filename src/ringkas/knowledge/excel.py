"""The one Excel writer: DataFrames as sheets of an .xlsx file, written atomically.

Both the knowledge-base export (`KnowledgeBase.to_excel`, a sheet per table) and the follow-up
table (`followup.write_xlsx`) go through `write_workbook`, so every workbook ringkas writes has
the same habits: a frozen header row, a filter on it, dates shown as YYYY-MM-DD, and text that
openpyxl accepts (no control characters, no cell longer than Excel allows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ringkas.contract.problems import MessageError
from ringkas.project.files import replace_with

#: Excel refuses longer cells; the CSV export keeps the full text.
EXCEL_CELL_LIMIT = 32_767
EXCEL_DATE_FORMAT = "YYYY-MM-DD"


def write_workbook(target: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write each DataFrame to a sheet of its name, in order, atomically; returns the path.

    A failed write leaves any earlier file untouched and raises `kb.write_failed`.
    """
    path = Path(target)
    cleaned = {name: _cleaned(frame) for name, frame in sheets.items()}
    try:
        replace_with(path, lambda temp: _write(temp, cleaned))
    except OSError as exc:
        raise MessageError("kb.write_failed", path=path, detail=exc.strerror or exc) from None
    return path


def _write(path: Path, sheets: Mapping[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _write_sheet(writer, name, frame)


def _write_sheet(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame) -> None:
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Set here, not through ExcelWriter(datetime_format=...): pandas' openpyxl writer ignores
    # that argument (pandas 3.1) and writes "YYYY-MM-DD HH:MM:SS".
    for number, column in enumerate(frame.columns, 1):
        if _is_date(frame[column]):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.number_format = EXCEL_DATE_FORMAT


def _is_date(values: pd.Series) -> bool:
    """datetime64 columns, and object columns of dates (as a table for people holds them)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return True
    present = values.dropna()
    return values.dtype == object and not present.empty and all(
        isinstance(v, dt.date) for v in present)


def _cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """Text without the control characters that make openpyxl refuse the whole workbook, cut to
    the longest cell Excel holds."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: object) -> object:
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
        return value

    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.StringDtype):
            out[column] = (out[column].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
                           .str.slice(0, EXCEL_CELL_LIMIT))
        elif out[column].dtype == object:
            out[column] = out[column].map(clean)
    return out
