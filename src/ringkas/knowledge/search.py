"""Searching the visits: a query over the index's stems, ranked hits, snippets.

`search()` translates the query (words, "phrases", OR, AND, NOT, parentheses, prefix*) into an
FTS5 expression over stems, ranks with bm25 (titles and innovation names weigh more than body
text) and marks the matched words in a snippet of the original text. It returns a
`SearchResult`: the hits as a DataFrame and the index's info beside them. It reads only: when
`briefs/kb.sqlite` is missing or stale it answers from a temporary index, unless `update=True`
asks it to bring the file up to date (what `ringkas search` does). The index itself is
`ringkas.knowledge.index`; `docs/search.md` is the user's guide.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError
from ringkas.i18n.messages import count, say
from ringkas.knowledge.documents import KINDS, Document
from ringkas.knowledge.index import (
    INDEX_NAME,
    IndexInfo,
    SearchIndex,
    build_index,
    index_format,
    read_only,
)
from ringkas.knowledge.stem import Query, fold, parse_query, snippet
from ringkas.project.paths import Project

__all__ = ["INDEX_NAME", "KINDS", "IndexInfo", "SearchIndex", "SearchResult", "build_index",
           "format_hits", "hits_json", "index_format", "search"]

#: How many snippets `ringkas search` shows under each visit; `--json` has every hit.
SNIPPETS_PER_VISIT = 3
#: bm25 weight of the FTS columns (head, body, head_words, body_words): a hit in a title or an
#: innovation's name counts ten times one in body text.
WEIGHTS = (10.0, 1.0, 10.0, 1.0)
RESULT_COLUMNS = ["visit_id", "title", "kind", "label", "snippet", "score", "host", "date"]


@dataclass(frozen=True)
class SearchResult:
    """The hits of one search, best first, and what the index they came from holds.

    `hits` is a DataFrame (columns in `RESULT_COLUMNS`); `index` an `IndexInfo` (when it was
    built, from how many visits and which notebooks, which were left out). `len(result)` is the
    number of hits; `result.text(lang)` and `result.json()` show them.
    """

    query: str
    hits: pd.DataFrame
    index: IndexInfo

    def __len__(self) -> int:
        return len(self.hits)

    def text(self, lang: str = C.DEFAULT_LANG) -> str:
        """The hits by visit, best visit first, as `ringkas search` prints them."""
        return format_hits(self.hits, lang)

    def json(self) -> str:
        """The hits as a JSON list, best first, each with its visit's rank, as
        `ringkas search --json` prints them."""
        return hits_json(self.hits)

    def _repr_html_(self) -> str:  # a notebook cell shows the table
        return str(self.hits.to_html(index=False))


# --- searching ----------------------------------------------------------------------------

def _filters(theme: str | None, host: str | None, year: int | None,
             opd: str | None) -> tuple[str, list[object]]:
    """SQL conditions and their parameters for the filters given; all of them must hold."""
    conditions: list[str] = []
    values: list[object] = []
    if theme is not None:
        conditions.append("instr(d.themes, ?) > 0")
        values.append(f" {theme} ")
    if host:
        conditions.append("instr(d.host_key, ?) > 0")
        values.append(fold(host.strip()))
    if year is not None:
        conditions.append("d.year = ?")
        values.append(int(year))
    if opd:
        conditions.append("instr(d.opd, ?) > 0")
        values.append(fold(opd.strip()))
    return "".join(f" AND {c}" for c in conditions), values


def _rows(index: Path, query: Query, where: str, values: list[object],
          limit: int) -> list[sqlite3.Row]:
    rank = f"bm25(docs_fts, {', '.join(map(str, WEIGHTS))})"
    # only our own weights and conditions are formatted in; every value is a bound parameter
    sql = (f"SELECT d.*, -{rank} AS score FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid "  # noqa: S608
           f"WHERE docs_fts MATCH ?{where} ORDER BY {rank}, d.date DESC, d.id LIMIT ?")
    with closing(read_only(index)) as db:
        db.row_factory = sqlite3.Row
        try:
            return db.execute(sql, [query.match, *values, limit]).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax error" in str(exc):
                raise MessageError("search.bad_syntax", query=query.text) from None
            raise MessageError("search.index_failed", path=index, detail=exc) from None
        # any other sqlite3.DatabaseError ("database disk image is malformed") is torn pages:
        # the caller rebuilds the index once and asks again


def _answer(source: SearchIndex, query: Query, where: str, values: list[object], limit: int,
            update: bool) -> tuple[list[sqlite3.Row], IndexInfo]:
    """The rows and the info of the index they came from. A query that meets torn pages (its
    meta table read well, so they went unseen) rebuilds the index once and asks again:
    `update=True` rebuilds the file, a read-only search answers from a temporary index."""
    if update:
        info = source.update()
        try:
            return _rows(info.path, query, where, values, limit), info
        except sqlite3.DatabaseError:
            info = source.rebuild()
            return _again(info.path, query, where, values, limit), info
    try:
        with source.reading() as (path, info):
            return _rows(path, query, where, values, limit), info
    except sqlite3.DatabaseError:
        with source.reading(stored=False) as (path, info):
            return _again(path, query, where, values, limit), info


def _again(index: Path, query: Query, where: str, values: list[object],
           limit: int) -> list[sqlite3.Row]:
    try:
        return _rows(index, query, where, values, limit)
    except sqlite3.DatabaseError as exc:  # the new index too: a faulty disk, not a lost page
        raise MessageError("search.index_failed", path=index, detail=exc) from None


def search(query: str, *, theme: str | None = None, host: str | None = None,
           year: int | None = None, opd: str | None = None, limit: int = 20,
           index: str | Path | None = None,
           visits_path: str | Path | Sequence[str | Path] | None = None,
           markup: str = "text", project: Project | None = None,
           update: bool = False) -> SearchResult:
    """Ranked hits for `query` in the visits, best first, and the index's info.

    Filters (theme key or label, host region name or BPS code, visit year, OPD name) all apply;
    host and OPD match any part of the name, case and accents aside. Hit columns: visit_id,
    title, kind (visit/section/innovation/recommendation/role), label (section tag, innovation
    name, recommendation number or role actor), snippet (matched words in «» with
    `markup="text"`, in <mark> with `markup="html"`), score (higher is better), host, date.

    Reads only: a missing or stale index file is left as it is and the search runs on a
    temporary one. `update=True` brings the file up to date first (`SearchIndex.update`).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if markup not in ("text", "html"):
        raise ValueError(f"markup must be \"text\" or \"html\", not {markup!r}")
    parsed = parse_query(query)
    source = SearchIndex(visits_path, index, project=project)
    key = source.settings.vocabulary.resolve_theme(theme) if theme is not None else None
    where, values = _filters(key, host, year, opd)
    rows, info = _answer(source, parsed, where, values, limit, update)
    return SearchResult(query, _frame(rows, parsed, markup), info)


def _frame(rows: list[sqlite3.Row], parsed: Query, markup: str) -> pd.DataFrame:
    frame = pd.DataFrame([{
        "visit_id": row["visit_id"], "title": row["title"], "kind": row["kind"],
        "label": row["label"], "score": round(row["score"], 4), "host": row["host"],
        "date": row["date"],
        "snippet": snippet(Document("", "", None, row["head"], row["body"]).text, parsed,
                           markup=markup),
    } for row in rows], columns=RESULT_COLUMNS)
    for column in ("visit_id", "title", "kind", "label", "snippet", "host"):
        frame[column] = frame[column].astype(pd.StringDtype())
    frame["score"] = frame["score"].astype(float)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


# --- showing hits -------------------------------------------------------------------------

def hit_place(kind: str, label: str, lang: str) -> str:
    """Where in its visit a hit is: "kunjungan", a section's name, "inovasi: <name>", ..."""
    if kind == "section":
        return C.SECTIONS[label].label(lang)
    name = say(f"search.kind.{kind}", lang)
    if kind == "recommendation":
        return f"{name} {label}"
    return name if kind == "visit" else f"{name}: {label}"


def by_visit(hits: pd.DataFrame) -> pd.DataFrame:
    """The hits (best first) with `visit_rank`, 1 for the visit of the best hit, 2 for the
    visit of the best hit among the other visits, ..., and `rank_in_visit`, 1 for its best."""
    visit_rank = {visit: rank for rank, visit in enumerate(dict.fromkeys(hits["visit_id"]), 1)}
    return hits.assign(visit_rank=hits["visit_id"].map(visit_rank).astype("int64"),
                       rank_in_visit=hits.groupby("visit_id", sort=False).cumcount() + 1)


def format_hits(hits: pd.DataFrame, lang: str = "id") -> str:
    """The hits by visit, best visit first: its title once, its id and number of hits, then
    its best `SNIPPETS_PER_VISIT` places with their snippets, and how many more it holds."""
    blocks = []
    ranked = by_visit(hits)
    for rank, (_, group) in enumerate(ranked.groupby("visit_rank", sort=True), 1):
        rows = group.to_dict("records")
        lines = [f"{rank}. {rows[0]['title']}",
                 f"   {rows[0]['visit_id']} · {count('count.results', lang, len(rows))}"]
        for hit in rows[:SNIPPETS_PER_VISIT]:
            lines += [f"   - {hit_place(hit['kind'], hit['label'], lang)}",
                      f"     {hit['snippet']}"]
        if len(rows) > SNIPPETS_PER_VISIT:
            lines.append(f"   {say('search.more', lang, count=len(rows) - SNIPPETS_PER_VISIT)}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def hits_json(hits: pd.DataFrame) -> str:
    """The hits as a JSON list of objects, best first, dates as YYYY-MM-DD; `visit_rank` and
    `rank_in_visit` say how `ringkas search` groups them (see `by_visit`)."""
    ranked = by_visit(hits)
    records = ranked.assign(date=ranked["date"].dt.strftime("%Y-%m-%d")).to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1)
