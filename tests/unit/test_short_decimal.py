"""The closing line's seconds: Babel's text, without loading Babel's locale data each run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from ringkas.i18n import numbers
from ringkas.i18n.translations import babel_locale

VALUES = [0.0, 0.04, 0.05, 0.4, 1.0, 9.96, 54.5, 54.04, 999.95, 1234.5, 1234567.89]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_short_decimal_is_what_babel_writes(lang: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):  # asking Babel, then from the cache
        assert [numbers.short_decimal(v, lang) for v in VALUES] == [
            format_decimal(round(v, 1), locale=babel_locale(lang)) for v in VALUES]


def test_the_symbols_come_from_the_cache_once_babel_gave_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert numbers.short_decimal(1234.5, "id") == "1.234,5"
    [cached] = (tmp_path / "ringkas").glob("numbers-id_ID-babel-*.json")
    cached.write_text(json.dumps({"decimal": "D", "group": "G", "pattern": "#,##0.###"}))
    assert numbers.short_decimal(1234.5, "id") == "1G234D5"  # read, not asked again


def test_another_pattern_goes_to_babel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numbers, "number_symbols", lambda locale: ("D", "G", "#,##,##0.###"))
    assert numbers.short_decimal(1234567.8, "en") == format_decimal(1234567.8, locale="en_GB")
