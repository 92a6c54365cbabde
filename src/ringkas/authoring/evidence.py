"""Helpers for `evidence` cells: find data under `data/`, format numbers for the brief's language.

When a brief is rendered, evidence cells run in a scratch folder holding a copy of `data/`, and
`$RINGKAS_DATA` names that copy; in JupyterLab, `read_indicator` asks the project where `data/`
is. Either way `read_indicator("x")` reads `data/indicators/x.csv`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from babel.numbers import format_decimal

from ringkas.contract.problems import MessageError
from ringkas.i18n.translations import babel_locale
from ringkas.project.paths import Project

#: Columns every indicator CSV has; `source` is never optional.
INDICATOR_COLUMNS = ("region_code", "region", "year", "indicator", "value", "unit", "source")


def data_dir() -> Path:
    return Path(os.environ.get("RINGKAS_DATA") or Project.find().data_dir)


def read_indicator(name: str) -> pd.DataFrame:
    """`data/indicators/<name>.csv` as a DataFrame; every row must name its source."""
    path = data_dir() / "indicators" / f"{name}.csv"
    if not path.exists():
        raise MessageError("indicator.not_found", path=path, name=name)
    frame = pd.read_csv(path, dtype={"region_code": str})
    missing = [c for c in INDICATOR_COLUMNS if c not in frame.columns]
    if missing:
        raise MessageError("indicator.missing_columns", path=path, columns=missing,
                           count=len(missing))
    unsourced = frame["source"].isna() | (frame["source"].astype(str).str.strip() == "")
    if unsourced.any():
        rows = [str(i + 2) for i in frame.index[unsourced]]
        raise MessageError("indicator.unsourced", path=path, rows=rows, count=len(rows))
    return frame


def number(value: float, lang: str = "id", digits: int = 2) -> str:
    """`value` in the language's number format: 7,52 in Indonesian, 7.52 in English."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=babel_locale(lang))
