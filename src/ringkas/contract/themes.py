"""The theme vocabulary of one project: the built-in themes plus its own (ringkas.toml
[[theme]]), as a value (`Vocabulary`) that is passed to whatever checks or labels a theme.

Nothing here is module state a project changes: two projects in one process (a Jupyter server
with several open, a test suite) each have their own `Vocabulary`, and a render worker gets the
project's with its `RenderOptions`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError, closest


@dataclass(frozen=True)
class AgencyTheme(C.Choice):
    """A theme a project adds to the built-in vocabulary, labelled in ringkas.toml, not in the
    catalogues: `names` is ((lang, label), ...) for every catalogued language."""

    names: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str:
        labels = dict(self.names)
        return labels.get(lang) or labels.get(C.DEFAULT_LANG) or self.value


#: The vocabulary ringkas ships: `C.THEMES` is never changed.
BUILTIN_THEMES: Mapping[str, C.Choice] = C.THEMES


@dataclass(frozen=True)
class Vocabulary:
    """The themes a project's visits may use: the built-in ones, then `added` (ringkas.toml)."""

    added: tuple[AgencyTheme, ...] = ()
    themes: dict[str, C.Choice] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "themes",
                           {**BUILTIN_THEMES, **{theme.value: theme for theme in self.added}})

    def choices(self, spec: C.Field) -> Mapping[str, C.Choice]:
        """The allowed values of a front-matter field: the project's themes for `themes`."""
        return self.themes if spec.key == "themes" else (spec.choices or {})

    def resolve_theme(self, theme: str) -> str:
        """The theme key for a key or a label in either language, case and spacing aside; else
        a MessageError that lists the themes and suggests the closest. `ringkas search --theme`
        and `ringkas synthesize` both go through here, so both accept the same spellings."""
        key = C.spellings(self.themes).get(C.name_key(theme or ""))
        if key is None:
            raise MessageError("search.unknown_theme", value=theme, choices=list(self.themes),
                               suggest=closest(theme or "", self.themes))
        return key

    def theme_label(self, key: str, lang: str) -> str:
        """The theme's label in `lang`; the key itself for a theme this project does not know."""
        theme = self.themes.get(key)
        return theme.label(lang) if theme is not None else key

    def digest(self) -> str:
        """A hash of the added themes ("" when none): their labels show in briefs."""
        return themes_digest(self.added)


#: The vocabulary of a project without ringkas.toml [[theme]]s.
BUILTIN = Vocabulary()


def themes_digest(added: Iterable[AgencyTheme]) -> str:
    """A hash of a project's added themes ("" when none): their labels show in briefs."""
    names = [f"{t.value}\0" + "\0".join(f"{lang}={label}" for lang, label in t.names)
             for t in added]
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest() if names else ""
