"""Themes as people write them ("kemiskinan", "Kesehatan", "Poverty reduction") to their key."""

from __future__ import annotations

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError, closest


def resolve_theme(theme: str) -> str:
    """The theme key for a key or a label in either language, case and spacing aside; else a
    MessageError that lists the themes and suggests the closest. `ringkas search --theme` and
    `ringkas synthesize` both go through here, so both accept the same spellings."""
    key = C.spellings(C.THEMES).get(C.name_key(theme or ""))
    if key is None:
        raise MessageError("search.unknown_theme", value=theme, choices=list(C.THEMES),
                           suggest=closest(theme or "", C.THEMES))
    return key
