"""Full-text search over the visits: an SQLite FTS5 index of stemmed text, ranked hits, snippets.

`build_index()` turns the knowledge base (`ringkas.knowledge.kb`) into documents, one per visit
(title and front matter), section cell, innovation, recommendation and role, and writes them to
`briefs/kb.sqlite`. The FTS5 table holds each document's *stems* (`ringkas.knowledge.stem`), so
Indonesian words match whatever their affixes; the original text stays beside it for snippets. The
index is rebuilt only when the notebooks changed: a fingerprint of their names, sizes, modification
times and contents is kept in its `meta` table. It is built in a temporary file and renamed over the
old one, so a killed build leaves the old index, never a torn one.

`search()` translates the query (words, "phrases", OR, AND, NOT, parentheses, prefix*) into an
FTS5 expression over stems, ranks with bm25 (titles and innovation names weigh more than body
text) and marks the matched words in a snippet of the original text. `docs/search.md` is the
user's guide.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from ringkas import __version__ as ringkas_version
from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError, closest
from ringkas.i18n.messages import say
from ringkas.knowledge.kb import KnowledgeBase, load
from ringkas.knowledge.stem import Query, fold, folded, parse_query, snippet, stemmed
from ringkas.notebook.markdown import find_table, plain
from ringkas.notebook.read import find_notebooks
from ringkas.project.files import replace_with
from ringkas.project.paths import Project

INDEX_NAME = "kb.sqlite"
#: Bump when the documents or tables change, so existing indexes are rebuilt.
INDEX_FORMAT = 1
KINDS = ("visit", "section", "innovation", "recommendation", "role")
#: bm25 weight of the FTS columns (head, body, head_words, body_words): a hit in a title or an
#: innovation's name counts ten times one in body text.
WEIGHTS = (10.0, 1.0, 10.0, 1.0)
RESULT_COLUMNS = ["visit_id", "title", "kind", "label", "snippet", "score", "host", "date"]

SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, visit_id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT,
    head TEXT NOT NULL, body TEXT NOT NULL, title TEXT NOT NULL, host TEXT NOT NULL,
    date TEXT NOT NULL, year INTEGER NOT NULL,
    themes TEXT NOT NULL,  -- " key key ": theme keys between spaces
    host_key TEXT NOT NULL,  -- folded host name and BPS code
    opd TEXT NOT NULL  -- folded OPD names, one per line
);
-- head and body hold stems; *_words the words as written (folded), for prefixes ("pelay*")
-- and to rank a word's exact form a little higher.
CREATE VIRTUAL TABLE docs_fts USING fts5(head, body, head_words, body_words,
                                         tokenize = 'unicode61 remove_diacritics 2');
"""


# --- filters ------------------------------------------------------------------------------

def resolve_theme(theme: str | None) -> str | None:
    """The theme key for a key or label ("Kesehatan", "health"); MessageError otherwise."""
    if theme is None:
        return None
    key = C.spellings(C.THEMES).get(C.name_key(theme))
    if key is None:
        raise MessageError("search.unknown_theme", value=theme, choices=list(C.THEMES),
                           suggest=closest(theme, C.THEMES))
    return key


# --- documents ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    """One searchable unit: `head` is its title or name (weighs more), `body` the rest."""

    visit_id: str
    kind: str  # one of KINDS
    label: str | None  # section tag, innovation name, recommendation number, role actor
    head: str
    body: str
    opds: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The original text that snippets are cut from."""
        return " — ".join(part for part in (self.head, self.body) if part)


def _text(*values: Any, sep: str = " · ") -> str:
    """Present values joined by `sep`; missing ones (None, NA, "") left out."""
    return sep.join(str(v) for v in values if v is not None and not pd.isna(v) and str(v))


def _visit_document(row: pd.Series, opds: tuple[str, ...]) -> Document:
    themes = [label for key in row["themes"] for label in C.THEMES[key].labels()]
    kind = C.VISIT_KINDS[row["kind"]]
    body = _text(*kind.labels(), row["host_name"], row["home_name"], row["agency"],
                 row["unit"], *row["participants"], *themes, *row["sources"])
    return Document(row["visit_id"], "visit", row["kind"], row["title"], body, opds)


def _section_document(row: pd.Series, opds: tuple[str, ...]) -> Document | None:
    text = row["text"]
    if row["tag"] in C.TABLE_COLUMNS:  # the table's rows are documents of their own
        table = find_table(text)
        text = _text(table.before, table.after, sep="\n\n") if table else text
    body = plain(text)
    if not body:
        return None
    heading = row["heading"]
    head = plain(heading) if isinstance(heading, str) else ""
    if head and body.startswith(head):
        body = body[len(head):].strip()
    return Document(row["visit_id"], "section", row["tag"], head, body, opds)


def _innovation_document(row: pd.Series) -> Document:
    fields = [row[key] for key in C.INNOVATION_FIELDS]
    return Document(row["visit_id"], "innovation", row["name"], row["name"],
                    _text(row["description"], *fields), _opds(row["lead_opd"]))


def _recommendation_document(row: pd.Series) -> Document:
    return Document(row["visit_id"], "recommendation", str(row["number"]), "",
                    _text(row["recommendation"], row["lead_opd"], row["timeline"]),
                    _opds(row["lead_opd"]))


def _role_document(row: pd.Series) -> Document:
    return Document(row["visit_id"], "role", row["actor"], "",
                    f"{row['actor']}: {row['role']}", _opds(row["actor"]))


def _opds(*values: object) -> tuple[str, ...]:
    return tuple(str(v) for v in values if isinstance(v, str) and v.strip())


def documents(knowledge: KnowledgeBase) -> list[Document]:
    """Every document of the knowledge base. Visits and sections carry all the visit's OPDs."""
    opds: dict[str, tuple[str, ...]] = {}
    for frame, column in ((knowledge.innovations, "lead_opd"), (knowledge.roles, "actor"),
                          (knowledge.recommendations, "lead_opd")):
        for visit_id, name in zip(frame["visit_id"], frame[column], strict=True):
            opds[visit_id] = opds.get(visit_id, ()) + _opds(name)
    docs = [_visit_document(row, opds.get(row["visit_id"], ()))
            for _, row in knowledge.visits.iterrows()]
    docs += [doc for _, row in knowledge.sections.iterrows() if row["tag"] != "innovation"
             and (doc := _section_document(row, opds.get(row["visit_id"], ())))]
    docs += [_innovation_document(row) for _, row in knowledge.innovations.iterrows()]
    docs += [_recommendation_document(row) for _, row in knowledge.recommendations.iterrows()]
    docs += [_role_document(row) for _, row in knowledge.roles.iterrows()]
    return docs


# --- the index ----------------------------------------------------------------------------

@dataclass
class IndexInfo:
    """What `build_index` found: the index, whether it was rebuilt, and what it holds."""

    path: Path
    rebuilt: bool
    documents: int
    visits: int
    seconds: float = 0.0
    #: Notebooks left out because they break the format: path -> number of errors.
    skipped: dict[str, int] = field(default_factory=dict)


def index_format() -> str:
    """What else an index depends on: its layout, ringkas' and the stemmer's versions. An index
    made by another ringkas or Sastrawi is rebuilt even when no notebook changed."""
    return f"{INDEX_FORMAT}/{ringkas_version}/{version('Sastrawi')}"


def _files(notebooks: list[Path]) -> list[list[object]]:
    """[name, size, mtime_ns] per notebook: the cheap part of the fingerprint."""
    rows: list[list[object]] = []
    for path in sorted(notebooks):
        stat = path.stat()
        rows.append([path.resolve().as_posix(), stat.st_size, stat.st_mtime_ns])
    return rows


def _digest(files: list[list[object]]) -> str:
    """One hash over every notebook's name and bytes."""
    sha = hashlib.sha256()
    for name, *_ in files:
        sha.update(f"{name}\0".encode())
        sha.update(hashlib.sha256(Path(str(name)).read_bytes()).digest())
    return sha.hexdigest()


def _read_meta(index: Path) -> dict[str, Any] | None:
    """The index's meta table, or None when it is missing, unreadable or of another format."""
    if not index.is_file():
        return None
    try:
        with closing(sqlite3.connect(index)) as db:
            meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except (sqlite3.Error, ValueError):
        return None  # torn by hand, or not ours: build it anew
    return meta if meta.get("format") == index_format() else None


def _remember_files(index: Path, files: list[list[object]]) -> None:
    """Touched but unchanged notebooks: keep the index, remember their new times."""
    try:
        with closing(sqlite3.connect(index)) as db, db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'files'", (json.dumps(files),))
    except sqlite3.Error:
        pass  # a read-only index still answers; it re-hashes the notebooks next time


def _info(index: Path, meta: dict[str, Any], rebuilt: bool) -> IndexInfo:
    return IndexInfo(index, rebuilt, int(meta["documents"]), int(meta["visits"]),
                     float(meta["seconds"]), dict(meta["skipped"]))


def _visit_facts(knowledge: KnowledgeBase) -> dict[str, tuple[object, ...]]:
    """visit_id -> (title, host, date, year, themes, host_key), the columns filters read."""
    return {row["visit_id"]: (row["title"], row["host_name"], row["date"].date().isoformat(),
                              int(row["year"]), f" {' '.join(row['themes'])} ",
                              fold(_text(row["host_name"], row["host_bps_code"])))
            for _, row in knowledge.visits.iterrows()}


def _write_index(target: Path, knowledge: KnowledgeBase, meta: dict[str, Any],
                 started: float) -> dict[str, Any]:
    """Build the index into `target`, a new file; returns the meta table it holds."""
    facts = _visit_facts(knowledge)
    docs = documents(knowledge)
    with closing(sqlite3.connect(target)) as db, db:
        db.executescript(SCHEMA_SQL)
        for number, doc in enumerate(docs, 1):
            db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                number, doc.visit_id, doc.kind, doc.label, doc.head, doc.body,
                *facts[doc.visit_id], "\n".join(fold(o) for o in doc.opds)))
            db.execute("INSERT INTO docs_fts (rowid, head, body, head_words, body_words) "
                       "VALUES (?,?,?,?,?)", (
                number, stemmed(doc.head), stemmed(doc.body), folded(doc.head), folded(doc.body)))
        meta = {**meta, "documents": len(docs), "visits": len(knowledge.visits),
                "skipped": {str(p): len(errors) for p, errors in knowledge.problems.items()},
                "seconds": round(time.perf_counter() - started, 3)}
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [(k, json.dumps(v)) for k, v in meta.items()])
    return meta


def _build(index: Path, notebooks: list[Path], project: Project,
           meta: dict[str, Any]) -> IndexInfo:
    """Load the knowledge base, write the index beside `index`, then rename it over."""
    started = time.perf_counter()
    knowledge = load(notebooks, project=project)
    written: dict[str, Any] = {}

    def write(temp: Path) -> None:
        written.update(_write_index(temp, knowledge, meta, started))

    try:
        replace_with(index, write)
    except (OSError, sqlite3.Error) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise MessageError("search.index_failed", path=index, detail=detail) from None
    meta = written
    return _info(index, meta, rebuilt=True)


def build_index(visits_path: str | Path | Sequence[str | Path] | None = None,
                index: str | Path | None = None, *, force: bool = False,
                project: Project | None = None) -> IndexInfo:
    """Bring the search index up to date with the visit notebooks; rebuild only on a change.

    `visits_path`: a folder, notebook or list of them (default: the project's notebooks/visits);
    `index`: the SQLite file (default: the project's briefs/kb.sqlite). `force` rebuilds anyway.
    """
    project = project or Project.find()
    index = Path(index) if index is not None else project.briefs_dir / INDEX_NAME
    if visits_path is None:
        paths: list[str | Path] = [project.visits_dir]
    elif isinstance(visits_path, (str, Path)):
        paths = [visits_path]
    else:
        paths = list(visits_path)
    notebooks = find_notebooks(paths)
    files = _files(notebooks)
    meta = None if force else _read_meta(index)
    if meta is not None and meta.get("files") == files:
        return _info(index, meta, rebuilt=False)
    digest = _digest(files)
    if meta is not None and meta.get("digest") == digest:
        _remember_files(index, files)
        return _info(index, meta, rebuilt=False)
    return _build(index, notebooks, project,
                  {"format": index_format(), "digest": digest, "files": files})


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
    with closing(sqlite3.connect(index)) as db:
        db.row_factory = sqlite3.Row
        try:
            return db.execute(sql, [query.match, *values, limit]).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax error" in str(exc):
                raise MessageError("search.bad_syntax", query=query.text) from None
            raise MessageError("search.index_failed", path=index, detail=exc) from None


def search(query: str, *, theme: str | None = None, host: str | None = None,
           year: int | None = None, opd: str | None = None, limit: int = 20,
           index: str | Path | None = None,
           visits_path: str | Path | Sequence[str | Path] | None = None,
           markup: str = "text", project: Project | None = None) -> pd.DataFrame:
    """Ranked hits for `query` in the visits, best first; the index is refreshed when stale.

    Filters (theme key or label, host region name or BPS code, visit year, OPD name) all apply;
    host and OPD match any part of the name, case and accents aside. Columns: visit_id, title,
    kind (visit/section/innovation/recommendation/role), label (section tag, innovation name,
    recommendation number or role actor), snippet (matched words in «» with `markup="text"`, in
    <mark> with `markup="html"`), score (higher is better), host, date.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if markup not in ("text", "html"):
        raise ValueError(f"markup must be \"text\" or \"html\", not {markup!r}")
    parsed = parse_query(query)
    where, values = _filters(resolve_theme(theme), host, year, opd)
    info = build_index(visits_path, index, project=project)
    rows = _rows(info.path, parsed, where, values, limit)
    frame = pd.DataFrame([{
        "visit_id": row["visit_id"], "title": row["title"], "kind": row["kind"],
        "label": row["label"], "score": round(row["score"], 4), "host": row["host"],
        "date": row["date"],
        "snippet": snippet(Document("", "", None, row["head"], row["body"]).text, parsed.wants,
                           markup=markup),
    } for row in rows], columns=RESULT_COLUMNS)
    for column in ("visit_id", "title", "kind", "label", "snippet", "host"):
        frame[column] = frame[column].astype(pd.StringDtype())
    frame["score"] = frame["score"].astype(float)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame.attrs["index"] = info  # the CLI reports a rebuild and the notebooks left out
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


def format_hits(hits: pd.DataFrame, lang: str = "id") -> str:
    """Numbered hits as text: title, visit and place, snippet; a blank line after each."""
    blocks = [f"{rank}. {hit['title']}\n   {hit['visit_id']} · "
              f"{hit_place(hit['kind'], hit['label'], lang)}\n   {hit['snippet']}\n"
              for rank, hit in enumerate(hits.to_dict("records"), 1)]
    return "\n".join(blocks)


def hits_json(hits: pd.DataFrame) -> str:
    """The hits as a JSON list of objects, dates as YYYY-MM-DD."""
    records = hits.assign(date=hits["date"].dt.strftime("%Y-%m-%d")).to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1)
