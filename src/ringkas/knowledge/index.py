"""The search index: every visit as documents in an SQLite FTS5 table of stemmed text.

The documents (`ringkas.knowledge.documents`: one per visit, section cell, innovation,
recommendation and role) are written by `build_index()` to `briefs/kb.sqlite`. The FTS5 table
holds each document's *stems* (`ringkas.knowledge.stem`), so Indonesian words match whatever
their affixes; the original text stays beside it for snippets. The index is rebuilt only when
the notebooks changed: its `meta` table keeps a digest of their names, sizes and modification
times (`listing`, compared before every search) and one of their contents (`digest`, compared
when the listing changed). It is built in a temporary file and renamed over the old one, so a
killed build leaves the old index, never a torn one. `SearchIndex` reads it without writing,
or updates it on request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ringkas import __version__ as ringkas_version
from ringkas.contract.config import load_settings
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.knowledge.documents import documents, joined
from ringkas.knowledge.kb import KnowledgeBase, load
from ringkas.knowledge.stem import fold, folded, stemmed
from ringkas.notebook.read import find_notebooks
from ringkas.project.files import replace_with
from ringkas.project.paths import Project

INDEX_NAME = "kb.sqlite"
#: Bump when the documents or tables change, so existing indexes are rebuilt.
INDEX_FORMAT = 2  # 2: a digest of the notebook list, not the list

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


# --- the index ----------------------------------------------------------------------------

@dataclass
class IndexInfo:
    """What a search index holds: where it is, whether this call rebuilt it, how many documents
    and visits, how long the build took, when, from which notebooks, and which were left out."""

    path: Path
    rebuilt: bool
    documents: int
    visits: int
    seconds: float = 0.0
    #: Notebooks left out because they break the format: path -> number of errors.
    skipped: dict[str, int] = field(default_factory=dict)
    #: When the index was built (UTC); None for an index made before ringkas recorded it.
    built: dt.datetime | None = None
    #: The resolved paths of the notebooks it was built from, one a line; `notebooks` as Paths.
    names: str = field(default="", repr=False)
    #: False when the index at `path` is missing or older than the notebooks, so that a
    #: read-only search answered from a temporary index built for it and left `path` alone.
    current: bool = True
    #: True when the file at `path` was damaged (not SQLite, or torn pages) and was rebuilt.
    damaged: bool = False

    @functools.cached_property
    def notebooks(self) -> tuple[Path, ...]:
        """The notebooks it was built from (the broken ones included, as in `skipped`). Made on
        first use: a thousand Path objects before every search made the garbage collector
        pause a long-running process for a tenth of a second."""
        return tuple(Path(name) for name in self.names.split("\n") if name)


def index_format(vocabulary: Vocabulary = BUILTIN) -> str:
    """What else an index depends on: its layout, ringkas' and the stemmer's versions. An index
    made by another ringkas or Sastrawi is rebuilt even when no notebook changed; so is one
    made before the project's own themes (ringkas.toml [[theme]]) changed: their labels are
    indexed."""
    made = f"{INDEX_FORMAT}/{ringkas_version}/{stemmer_version()}"
    added = vocabulary.digest()
    return f"{made}/{added}" if added else made


@functools.cache  # importlib.metadata scans the path: milliseconds, before every search
def stemmer_version() -> str:
    return version("Sastrawi")


def _resolved_folder(folder: str, cache: dict[str, str]) -> str:
    if folder not in cache:
        cache[folder] = os.path.realpath(folder or ".")
    return cache[folder]


def _walk(root: str, found: list[str]) -> None:
    """The notebooks under the resolved folder `root` as `Path.rglob("*.ipynb")` finds them:
    no symlinked folder followed, none under `.ipynb_checkpoints`; a symlinked notebook by its
    target's path."""
    try:
        with os.scandir(root) as entries:
            listed = list(entries)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return  # gone or closed since it was listed: as rglob, nothing from it
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != ".ipynb_checkpoints":
                _walk(entry.path, found)
        elif entry.name.endswith(".ipynb") and entry.is_file():
            found.append(os.path.realpath(entry.path) if entry.is_symlink() else entry.path)


def notebook_names(visits: Sequence[str | Path]) -> list[str]:
    """The resolved paths of the notebooks `find_notebooks(visits)` finds, sorted, as plain
    strings from `os.scandir`: this runs before every search, and a Path per notebook (or a
    look-up per path component to resolve each) was most of a search's time and garbage."""
    names: list[str] = []
    folders: dict[str, str] = {}
    for entry in visits:
        text = os.fspath(entry)
        if os.path.isdir(text):
            if ".ipynb_checkpoints" not in Path(text).parts:
                _walk(os.path.realpath(text), names)
        elif os.path.islink(text):
            names.append(os.path.realpath(text))
        elif os.path.lexists(text):  # a notebook named, one of perhaps a thousand
            folder, base = os.path.split(text)
            names.append(os.path.join(_resolved_folder(folder, folders), base))
        else:
            find_notebooks([entry])  # missing: the same message as everywhere else
    names.sort()
    return [Path(name).as_posix() for name in names] if os.sep != "/" else names


def _listing(names: list[str]) -> str:
    """One hash over every notebook's name, size and mtime_ns: the cheap part of the
    fingerprint, taken before every search."""
    sha = hashlib.sha256()
    for name in names:
        stat = os.stat(name)
        sha.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return sha.hexdigest()


def _digest(names: list[str]) -> str:
    """One hash over every notebook's name and bytes."""
    sha = hashlib.sha256()
    for name in names:
        sha.update(f"{name}\0".encode())
        with open(name, "rb") as notebook:
            sha.update(hashlib.sha256(notebook.read()).digest())
    return sha.hexdigest()


def read_only(index: Path) -> sqlite3.Connection:
    """A connection that cannot write to the index (nor create it when it is missing)."""
    return sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)


def _read_meta(index: Path, fmt: str) -> dict[str, Any] | None:
    """The index's meta table, or None when it is missing, unreadable, damaged or of another
    format."""
    return _open_meta(index, fmt)[0]


def _open_meta(index: Path, fmt: str) -> tuple[dict[str, Any] | None, bool]:
    """(`_read_meta`, whether the file is damaged): not SQLite, or its meta table unreadable.

    Torn pages elsewhere are not looked for here, before every search (`PRAGMA quick_check`
    reads every page, some 3 ms a MB): `sound()` checks a kept index when it is updated, and a
    query that meets them raises `sqlite3.DatabaseError`, on which the search rebuilds it."""
    if not index.is_file():
        return None, False
    try:
        with closing(read_only(index)) as db:
            meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except sqlite3.OperationalError:
        return None, False  # locked, unreadable, not ours: build it anew
    except (sqlite3.DatabaseError, ValueError):
        return None, True  # "file is not a database", "database disk image is malformed"
    if meta.get("format") != fmt:
        return None, False  # another ringkas made it: rebuilt, and that is no damage
    return meta, False


def sound(index: Path) -> bool:
    """Whether every page of the index reads well (`PRAGMA quick_check`)."""
    try:
        with closing(read_only(index)) as db:
            return db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.OperationalError:
        return True  # locked or unreadable now: not known to be damaged
    except sqlite3.DatabaseError:
        return False


def _remember_listing(index: Path, listing: str) -> None:
    """Touched but unchanged notebooks: keep the index, remember their new times."""
    try:
        with closing(sqlite3.connect(index)) as db, db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'listing'", (json.dumps(listing),))
    except sqlite3.Error:
        pass  # a read-only index still answers; it re-hashes the notebooks next time


def _info(index: Path, meta: dict[str, Any], rebuilt: bool) -> IndexInfo:
    built = meta.get("built")
    return IndexInfo(index, rebuilt, int(meta["documents"]), int(meta["visits"]),
                     float(meta["seconds"]), dict(meta["skipped"]),
                     dt.datetime.fromisoformat(built) if isinstance(built, str) else None,
                     str(meta.get("names", "")))


def _visit_facts(knowledge: KnowledgeBase) -> dict[str, tuple[object, ...]]:
    """visit_id -> (title, host, date, year, themes, host_key), the columns filters read."""
    return {row["visit_id"]: (row["title"], row["host_name"], row["date"].date().isoformat(),
                              int(row["year"]), f" {' '.join(row['themes'])} ",
                              fold(joined(row["host_name"], row["host_bps_code"])))
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
                "seconds": round(time.perf_counter() - started, 3),
                "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [(k, json.dumps(v)) for k, v in meta.items()])
    return meta


def _build(index: Path, notebooks: list[Path], project: Project, meta: dict[str, Any],
           settings: ProjectSettings) -> IndexInfo:
    """Load the knowledge base, write the index beside `index`, then rename it over."""
    started = time.perf_counter()
    knowledge = load(notebooks, project=project, settings=settings)
    folders: dict[str, str] = {}
    meta = {**meta, "names": "\n".join(  # the resolved paths, once per folder as in search
        os.path.realpath(p) if p.is_symlink() else os.path.join(
            _resolved_folder(os.path.dirname(p), folders), p.name) for p in notebooks)}
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
                project: Project | None = None,
                settings: ProjectSettings | None = None) -> IndexInfo:
    """Bring the search index up to date with the visit notebooks; rebuild only on a change.

    `visits_path`: a folder, notebook or list of them (default: the project's notebooks/visits);
    `index`: the SQLite file (default: the project's briefs/kb.sqlite). `force` rebuilds anyway.
    `settings`: the project's (default: read from its ringkas.toml): its own themes are indexed.
    """
    project = project or Project.find()
    settings = settings or load_settings(project)
    fmt = index_format(settings.vocabulary)
    index = Path(index) if index is not None else project.briefs_dir / INDEX_NAME
    paths = _visit_paths(visits_path, project)
    names = notebook_names(paths)
    listing = _listing(names)
    meta, damaged = (None, False) if force else _open_meta(index, fmt)
    if damaged:
        return dataclasses.replace(_build(index, find_notebooks(paths), project,
                                          _new_meta(_digest(names), listing, fmt), settings),
                                   damaged=True)
    if meta is not None and meta.get("listing") == listing:
        return _info(index, meta, rebuilt=False)
    digest = _digest(names)
    if meta is not None and meta.get("digest") == digest:
        if not sound(index):  # kept for longer: worth reading every page once
            return dataclasses.replace(_build(index, find_notebooks(paths), project,
                                              _new_meta(digest, listing, fmt), settings),
                                       damaged=True)
        _remember_listing(index, listing)
        return _info(index, meta, rebuilt=False)
    return _build(index, find_notebooks(paths), project, _new_meta(digest, listing, fmt),
                  settings)


def _new_meta(digest: str, listing: str, fmt: str) -> dict[str, Any]:
    return {"format": fmt, "digest": digest, "listing": listing}


def _visit_paths(visits_path: str | Path | Sequence[str | Path] | None,
                 project: Project) -> list[str | Path]:
    if visits_path is None:
        return [project.visits_dir]
    if isinstance(visits_path, (str, Path)):
        return [visits_path]
    return list(visits_path)


class SearchIndex:
    """The search index of a project's visits: `briefs/kb.sqlite` unless `path` says otherwise.

    Reading never writes: `stored()` tells what the file holds when it is up to date, and
    `reading()` gives an index to query, the stored one or, when that is stale or missing, a
    temporary one. Only `update()` writes the file.
    """

    def __init__(self, visits: str | Path | Sequence[str | Path] | None = None,
                 path: str | Path | None = None, *, project: Project | None = None) -> None:
        self.project = project or Project.find()
        self.settings = load_settings(self.project)
        self.path = Path(path) if path is not None else self.project.briefs_dir / INDEX_NAME
        self.visits = _visit_paths(visits, self.project)

    def notebooks(self) -> list[Path]:
        """The visit notebooks the index is made from."""
        return find_notebooks(self.visits)

    def update(self, *, force: bool = False) -> IndexInfo:
        """Bring the file up to date with the notebooks (rebuilt only on a change, or `force`)."""
        return build_index(self.visits, self.path, force=force, project=self.project,
                           settings=self.settings)

    def stored(self) -> IndexInfo | None:
        """What the file holds if it is up to date with the notebooks; None when it is missing,
        of another format or older than them. Reads only."""
        meta = _read_meta(self.path, index_format(self.settings.vocabulary))
        if meta is None:
            return None
        names = notebook_names(self.visits)
        if meta.get("listing") == _listing(names) or meta.get("digest") == _digest(names):
            return _info(self.path, meta, rebuilt=False)
        return None

    def rebuild(self) -> IndexInfo:
        """Rebuild the file, which a query found damaged (torn pages the meta table did not
        show); its info says `damaged=True`."""
        return dataclasses.replace(self.update(force=True), damaged=True)

    @contextmanager
    def reading(self, *, stored: bool = True) -> Iterator[tuple[Path, IndexInfo]]:
        """(file to query, its info): the stored index when current (and `stored`), else a
        temporary one that is deleted afterwards (its info says `current=False` and names the
        stored path)."""
        info = self.stored() if stored else None
        if info is not None:
            yield self.path, info
            return
        notebooks = self.notebooks()
        names = notebook_names(self.visits)
        with tempfile.TemporaryDirectory(prefix="ringkas-search-") as folder:
            temp = Path(folder) / INDEX_NAME
            fmt = index_format(self.settings.vocabulary)
            built = _build(temp, notebooks, self.project,
                           _new_meta(_digest(names), _listing(names), fmt), self.settings)
            yield temp, dataclasses.replace(built, path=self.path, current=False)


