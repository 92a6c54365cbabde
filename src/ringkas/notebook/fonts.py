"""Characters no installed font can draw: the PDF would show them as boxes or leave them out.

WeasyPrint draws text with Pango, which falls back to any font fontconfig knows. So a character
is drawable when some installed font has it; fontconfig's `fc-list` lists every font's character
set in one call, asked once per process. Without `fc-list` the check is skipped: a warning that
cannot be trusted is worse than none. Only text that reaches a brief is checked: the front
matter and the section cells.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from ringkas.notebook.cells import cell_tags

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from ringkas.contract.problems import Findings

#: Characters that need no glyph: controls, format marks (RLM, ZWJ), separators, surrogates.
NO_GLYPH = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
SHOWN = 8  # characters named in one warning


@lru_cache(maxsize=1)
def covered_ranges() -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(starts, ends) of the merged code-point ranges of every installed font, or None."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run([fc_list, "--format", "%{charset}\\n"], capture_output=True,  # noqa: S603
                                 text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = sorted(_ranges(listing))
    if not ranges:
        return None
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


def _ranges(listing: str) -> list[tuple[int, int]]:
    found = []
    for item in listing.split():
        first, _, last = item.partition("-")
        try:
            found.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return found


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` that no installed font has, in order of appearance."""
    ranges = covered_ranges()
    if ranges is None:
        return []
    return list(_missing(text, ranges))


@lru_cache(maxsize=4096)
def _missing(text: str, ranges: tuple[tuple[int, ...], tuple[int, ...]]) -> tuple[str, ...]:
    # Keyed on all the answer depends on, the text and the fonts (listed once per process): a
    # cell is checked once per process however often its notebook is validated.
    starts, ends = ranges
    missing: dict[str, None] = {}
    for char in dict.fromkeys(text):
        if unicodedata.category(char) in NO_GLYPH:
            continue
        i = bisect.bisect_right(starts, ord(char)) - 1
        if i < 0 or ord(char) > ends[i]:
            missing[char] = None
    return tuple(missing)


def check_fonts(cells: list[NotebookNode], found: Findings) -> None:
    """Warn, once per cell, about characters of the front matter and sections without a font."""
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") == "code" or (number > 1 and not cell_tags(cell)):
            continue  # code is never printed; untagged cells are notes for the team
        chars = missing_characters(str(cell.get("source", "")))
        if chars:
            named = [f"\"{c}\" (U+{ord(c):04X})" for c in chars[:SHOWN]]
            found.warn(number, None, "font.missing",
                       chars=", ".join(named) + (" …" if len(chars) > SHOWN else ""))
