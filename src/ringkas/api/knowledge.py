"""The knowledge base: pandas tables of every visit, search, and what came of the recommendations.

Part of `ringkas.api` (see its docstring); imports stay inside the functions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ringkas.api.project import (
    PathLike,
    Paths,
    project_of,
    settings_of,
    visit_paths,
)
from ringkas.project.paths import Project

if TYPE_CHECKING:
    import pandas as pd

    from ringkas.knowledge.index import SearchIndex
    from ringkas.knowledge.kb import KnowledgeBase
    from ringkas.knowledge.search import SearchResult


def knowledge_base(paths: Paths | None = None, *,
                   project: Project | PathLike | None = None) -> KnowledgeBase:
    """Every visit as pandas tables: `.visits`, `.innovations`, `.roles`, `.recommendations`,
    `.sections` (columns in docs/knowledge-base.md). Notebooks that break the format are left
    out and listed in `.problems`. `.to_excel(path)`, `.to_csv(folder)`, `.overdue()`."""
    from ringkas.knowledge.kb import load

    where = project_of(project)
    return load(visit_paths(paths, project=where), project=where, settings=settings_of(where))

def search(query: str, *, theme: str | None = None, host: str | None = None,
           year: int | None = None, opd: str | None = None, limit: int = 20,
           markup: str = "text", visits: Paths | None = None, update: bool = False,
           project: Project | PathLike | None = None) -> SearchResult:
    """Search every visit: words (all must match), "phrases", OR, NOT, prefix* (docs/search.md).

    Returns a `SearchResult`: `.hits` (a DataFrame, best first) and `.index` (when the index
    was built, from how many visits and which notebooks, which were left out). Reads only: the
    stored index briefs/kb.sqlite is used when current and never written unless
    `update=True`; otherwise a stale one is left alone and a temporary index answers.
    """
    from ringkas.knowledge.search import search as find

    where = project_of(project)
    return find(query, theme=theme, host=host, year=year, opd=opd, limit=limit, markup=markup,
                visits_path=visit_paths(visits, project=where), project=where, update=update)

def search_index(project: Project | PathLike | None = None, *,
                 visits: Paths | None = None) -> SearchIndex:
    """The project's search index, briefs/kb.sqlite: `.stored()` tells what it holds when
    current (None otherwise), `.update()` brings it up to date (the only call that writes)."""
    from ringkas.knowledge.index import SearchIndex

    where = project_of(project)
    return SearchIndex(visit_paths(visits, project=where), project=where)

def followup(*, today: dt.date | None = None, opd: str | None = None,
             overdue_only: bool = False, visits: Paths | None = None,
             knowledge: KnowledgeBase | None = None,
             project: Project | PathLike | None = None) -> pd.DataFrame:
    """The open recommendations of every visit, by lead OPD (none last), overdue ones first,
    with `due`, `overdue` and `days_overdue` as of `today` (default: today). `opd` keeps those
    whose lead OPD contains it. `ringkas.knowledge.followup.write_xlsx` writes it for a
    meeting. With an OPD list in ringkas.toml, lead OPDs are grouped by their short names.
    `knowledge`: the knowledge base already loaded (default: `knowledge_base(visits)`)."""
    from ringkas.knowledge.followup import open_recommendations

    knowledge = knowledge or knowledge_base(visits, project=project)
    return open_recommendations(knowledge, today, opd=opd,
                                overdue_only=overdue_only, config=settings_of(project))
