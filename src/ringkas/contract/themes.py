"""Themes as people write them ("kemiskinan", "Kesehatan", "Poverty reduction") to their key,
and the vocabulary a project extends with its own themes (ringkas.toml [[theme]])."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass

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


# --- the agency's own themes (ringkas.toml [[theme]]) ----------------------------------------

@dataclass(frozen=True)
class AgencyTheme(C.Choice):
    """A theme a project adds to the built-in vocabulary, labelled in ringkas.toml, not in the
    catalogues: `names` is ((lang, label), ...) for every catalogued language."""

    names: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str:
        labels = dict(self.names)
        return labels.get(lang) or labels.get(C.DEFAULT_LANG) or self.value


#: The vocabulary ringkas ships, as it was before any project added to it.
BUILTIN_THEMES: dict[str, C.Choice] = dict(C.THEMES)
_lock = threading.Lock()


def use_themes(added: Iterable[AgencyTheme]) -> None:
    """Make the theme vocabulary the built-in one plus `added` (a project's ringkas.toml), for
    this process.

    `C.THEMES` is changed in place, so that everything holding it sees the same vocabulary: the
    front-matter field's choices (`check`), the brief's labels, the catalogue's filters, the
    search index, synthesis. The main process does this whenever it reads the project's
    settings (`ringkas.api.project_of`); a render worker, which never reads ringkas.toml, does it
    from the themes its `RenderOptions` carry. Another project's additions are dropped, so a
    visit using them is invalid there.
    """
    wanted = {**BUILTIN_THEMES, **{theme.value: theme for theme in added}}
    with _lock:
        # most calls change nothing; otherwise only the additions change, the built-in
        # themes stay put for a reader in another thread
        for code in [code for code in C.THEMES if code not in wanted]:
            del C.THEMES[code]
        for code, theme in wanted.items():
            if C.THEMES.get(code) != theme:
                C.THEMES[code] = theme


def themes_digest(added: Iterable[AgencyTheme]) -> str:
    """A hash of a project's added themes ("" when none): their labels show in briefs."""
    names = [f"{t.value}\0" + "\0".join(f"{lang}={label}" for lang, label in t.names)
             for t in added]
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest() if names else ""
