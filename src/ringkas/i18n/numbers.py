"""A short number (seconds in a closing line) in the user's locale, without Babel's locale data.

`babel.numbers.format_decimal` loads the locale's CLDR data, a pickle whose loading imports
`babel.dates`, which looks the local time zone up through pytz: 30-60 ms, most of what a
`ringkas render` with nothing to do then spends, for the one number of its closing line.
`short_decimal(value, lang)` gives the text `format_decimal(round(value, 1), locale=...)` gives,
from the locale's decimal and group symbols and its decimal pattern, which Babel is asked for once
and which are kept in the user's cache folder (`ringkas.i18n.translations.cache_dir`) under the
locale and Babel's version. A locale whose pattern is not the common `#,##0.###` (grouping by
two, say), or a negative value, goes to Babel itself.
"""

from __future__ import annotations

import contextlib
import json

from ringkas.i18n.translations import babel_locale, cache_dir, write_cache

#: The decimal pattern `short_decimal` writes out itself: groups of three, up to three decimals.
COMMON_PATTERN = "#,##0.###"


def short_decimal(value: float, lang: str) -> str:
    """`value` rounded to one decimal, written as `lang`'s locale writes it ("54,5", "1.234")."""
    locale = babel_locale(lang)
    decimal, group, pattern = number_symbols(locale)
    rounded = round(value, 1)
    if pattern != COMMON_PATTERN or rounded < 0:
        from babel.numbers import format_decimal

        return format_decimal(rounded, locale=locale)
    whole, tenth = divmod(round(rounded * 10), 10)
    text = f"{whole:,}".replace(",", group)
    return f"{text}{decimal}{tenth}" if tenth else text


def number_symbols(locale: str) -> tuple[str, str, str]:
    """The decimal symbol, group symbol and decimal pattern of the Babel `locale` (Latin
    digits, as `format_decimal` uses by default), from the cache when they are there."""
    import babel

    cached = cache_dir() / f"numbers-{locale}-babel-{babel.__version__}.json"
    try:
        found = json.loads(cached.read_text(encoding="utf-8"))
        return str(found["decimal"]), str(found["group"]), str(found["pattern"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from babel.core import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    pattern = Locale.parse(locale).decimal_formats[None].pattern
    symbols = get_decimal_symbol(locale), get_group_symbol(locale), pattern
    with contextlib.suppress(OSError):  # a read-only home: no cache, still right
        record = dict(zip(("decimal", "group", "pattern"), symbols, strict=True))
        write_cache(cached, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return symbols
