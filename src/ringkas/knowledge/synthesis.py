"""Cross-visit synthesis briefs: what every visit on a theme taught, and what came of it.

`notebooks/knowledge-base.ipynb` is the synthesis: a parameterized notebook (theme, host, since,
lang, visits) that reads the knowledge base with `ringkas.knowledge.kb` and pandas and displays
headings, tables and charts. This module gives that notebook its few tools (`select`, `Words`,
`table`, `chart`), the selection (`select`, `since_date`) and the files' names
(`file_stem`, `parse_stem`, `title`, `facts`). Rendering it is `ringkas.build.synthesis`, through
the same pipeline as visit briefs.

Module imports stay light (no pandas, nbformat or papermill at import): the catalogue page reads
`parse_stem` and `title` after every render.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ringkas.contract.problems import MessageError
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.render.labels import Phrases

if TYPE_CHECKING:
    import pandas as pd

    from ringkas.knowledge.kb import KnowledgeBase

FOLDER = "synthesis"  # below the briefs folder
NOTEBOOK = Path("notebooks") / "knowledge-base.ipynb"  # below the project root
SINCE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@functools.lru_cache(maxsize=8)
def stem_pattern(themes: tuple[str, ...]) -> re.Pattern[str]:
    """File stems of syntheses of `themes` (the project's vocabulary, its own themes too)."""
    alternation = "|".join(sorted(map(re.escape, themes), key=len, reverse=True))
    return re.compile(rf"^(?P<theme>{alternation})(?:-(?P<host>[a-z][a-z0-9]*"
                      rf"(?:-[a-z0-9]+)*?))?(?:-(?P<since>\d{{4}}(?:-\d{{2}}){{0,2}}))?$")

@dataclass(frozen=True)
class Words(Phrases):
    """The synthesis's own words (`synth.<key>` in the catalogues) in one language:
    `W("intro", visits=3, ...)`. Field, column and status labels come from the contract."""

    PREFIX: ClassVar[str] = "synth."
    #: Placeholders that hold a count, by entry: each becomes its plural phrase ("**1** visit").
    COUNTS: ClassVar[dict[str, tuple[str, ...]]] = {
        "intro": ("visits", "innovations", "recommendations"),
    }

    def __call__(self, key: str, /, **params: object) -> str:
        for name in self.COUNTS.get(key, ()):
            params[name] = super().__call__(f"count.{name}", count=params[name])
        return super().__call__(key, **params)


# --- the selection ------------------------------------------------------------------------

def since_date(since: str) -> dt.date | None:
    """The first day `since` names: 2022 -> 2022-01-01, 2022-06 -> 2022-06-01; None for ""."""
    text = (since or "").strip()
    if not text:
        return None
    match = SINCE_PATTERN.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(part) if part else 1 for part in match.groups())
        return dt.date(year, month, day)
    except ValueError:
        raise MessageError("synthesis.bad_since", value=since) from None


def select(knowledge: KnowledgeBase, *, theme: str, host: str = "",
           since: str = "") -> KnowledgeBase:
    """The visits on `theme` (a key or label), at a host whose name or BPS code contains `host`
    (case and accents aside), on or after `since`; every table cut to those visits."""
    import pandas as pd

    from ringkas.knowledge.kb import KnowledgeBase
    from ringkas.knowledge.stem import fold

    key = knowledge.vocabulary.resolve_theme(theme)
    start, needle = since_date(since), fold((host or "").strip())
    visits = knowledge.visits
    keep = visits["themes"].map(lambda themes: key in themes)
    if needle:
        places = visits["host_name"].fillna("") + " " + visits["host_bps_code"].fillna("")
        keep &= places.map(lambda place: needle in fold(place))
    if start is not None:
        keep &= visits["date"] >= pd.Timestamp(start)
    chosen = set(visits.loc[keep.astype(bool), "visit_id"])
    tables = {name: frame[frame["visit_id"].isin(chosen)].reset_index(drop=True)
              for name, frame in knowledge.tables.items()}
    return KnowledgeBase(**tables, problems=dict(knowledge.problems),
                         vocabulary=knowledge.vocabulary)


# --- names and titles ---------------------------------------------------------------------

def file_stem(theme: str, host: str = "", since: str = "", *,
              vocabulary: Vocabulary = BUILTIN) -> str:
    """`kemiskinan`, `kemiskinan-banyuwangi`, `kemiskinan-banyuwangi-2022`: the files' name."""
    from ringkas.contract.ids import host_slug

    since_date(since)  # validates
    parts = [vocabulary.resolve_theme(theme), host_slug(host or ""), (since or "").strip()]
    return "-".join(part for part in parts if part)


@dataclass(frozen=True)
class Selection:
    theme: str
    host: str = ""  # the host's slug, as in the file name
    since: str = ""


def parse_stem(stem: str, vocabulary: Vocabulary = BUILTIN) -> Selection | None:
    """The selection a file stem names (the inverse of `file_stem`), None for another file."""
    match = stem_pattern(tuple(vocabulary.themes)).match(stem)
    if match is None:
        return None
    return Selection(match["theme"], match["host"] or "", match["since"] or "")


def title(theme: str, lang: str, vocabulary: Vocabulary = BUILTIN) -> str:
    return Words(lang)("title", theme=vocabulary.theme_label(vocabulary.resolve_theme(theme),
                                                               lang))


#: The tag of the synthesis notebook's markdown cells that hold the researcher's own lessons;
#: a `theme-<key>` tag beside it keeps a cell to the syntheses of that theme.
LESSONS_TAG = "lessons"
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def lessons(nb: Any, theme: str) -> tuple[str, ...]:
    """The researcher's cross-visit lessons for `theme` (a key): the text of the notebook's
    markdown cells tagged `lessons` (and, if they name themes, `theme-<key>`), guidance
    comments (`<!-- ... -->`) removed; cells left empty are not shown."""
    from ringkas.notebook.cells import cell_tags

    found = []
    for cell in nb.cells:
        tags = set(cell_tags(cell))
        themes = {tag.removeprefix("theme-") for tag in tags if tag.startswith("theme-")}
        if cell.cell_type != "markdown" or LESSONS_TAG not in tags or \
                (themes and theme not in themes):
            continue
        text = _COMMENT.sub("", str(cell.source)).strip()
        if text:
            found.append(text)
    return tuple(found)


def facts(host: str, since: str, lang: str) -> tuple[str, str]:
    """("Daerah tujuan: Banyuwangi", "Sejak 2022"), ("Semua daerah tujuan", "Semua tahun")."""
    W = Words(lang)
    return (W("host", host=host) if host else W("all_hosts"),
            W("since", since=since) if since else W("all_years"))


# --- tools the notebook displays with -----------------------------------------------------

def table(frame: pd.DataFrame) -> Any:
    """`frame` as an HTML table without its index, for `display()`: cells escaped, empty ones
    shown as a dash. The brief sanitizes it again, like any output."""
    from IPython.display import HTML

    shown = frame.astype(object).where(frame.notna(), "–")  # pandas' NA, NaN and None alike
    return HTML(shown.to_html(index=False, escape=True, border=0))


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure as a PNG whose caption travels as the image's alt text; the brief
    prints it as the figure's caption."""

    png: bytes
    caption: str

    def _repr_mimebundle_(self, include: object = None,
                          exclude: object = None) -> tuple[dict, dict]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.caption}
        return data, {"image/png": {"alt": self.caption}}


def chart(figure: Any, caption: str, dpi: int = 150) -> Chart:
    """`figure` rendered to PNG and closed, for `display()`."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return Chart(buffer.getvalue(), caption)
