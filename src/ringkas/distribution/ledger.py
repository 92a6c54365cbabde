"""The e-mail ledger: which revision of which brief went to whom and when, and what failed.

An SQLite file in the briefs folder (`briefs/distribution.sqlite`, standard library, no server).
A brief is identified by its visit, audience, language and revision; a recipient by their
address (lower-cased: servers treat the domain so, and people type it both ways). `sent` holds
one row per brief a recipient has received; `attempts` one row per brief per attempt, delivered
or not, with why it failed, so that the secretariat can answer "did the Bupati get it?".

A brief that failed is simply not in `sent`: the next run finds it missing and sends it again.

One run at a time sends from a briefs folder: `Ledger.sending` holds a lock file beside the
ledger (`.distribution.lock`, an flock: `ringkas.build.lock.file_lock`, released by the system
when its process dies, however it dies) from planning to the last message recorded. A second run
waits for it, then plans from what the first recorded: it finds sent what the first sent, and no
message goes twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from ringkas.build.lock import file_lock
from ringkas.build.revision_log import label_in
from ringkas.distribution.nofollow import check_folders

LEDGER_NAME = "distribution.sqlite"
LOCK_NAME = ".distribution.lock"  # a dot file, as .ringkas.lock: no catalogue input

SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    email TEXT NOT NULL, visit TEXT NOT NULL, audience TEXT NOT NULL, lang TEXT NOT NULL,
    revision TEXT NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL, sent_at TEXT NOT NULL,
    PRIMARY KEY (email, visit, audience, lang, revision)
);
CREATE TABLE IF NOT EXISTS attempts (
    at TEXT NOT NULL, email TEXT NOT NULL, visit TEXT NOT NULL, audience TEXT NOT NULL,
    lang TEXT NOT NULL, revision TEXT NOT NULL, delivered INTEGER NOT NULL, error TEXT NOT NULL
);
"""


def revision_of(path: Path) -> str:
    """The revision of the brief at `path`, as the ledger keys it: the revision label its HTML
    brief beside it carries ("Revisi 3 · 2 Desember 2026 · 4f9c2a1", `build.revision_log`), so
    that a brief rendered again with the same content (a new template) is not sent again.
    Without one (an HTML missing, or rendered before briefs had revisions), the SHA-256 of the
    PDF's bytes, which a re-render of unchanged content keeps (the PDFs are reproducible).
    """
    html = path.with_suffix(".html")
    if html.is_file():
        label = label_in(html.read_bytes())
        if label:
            return label
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class BriefKey:
    """A brief's identity in the ledger."""

    visit: str
    audience: str
    lang: str
    revision: str


@dataclass(frozen=True)
class Delivery:
    """One row of `sent`: a brief a recipient has had."""

    email: str
    name: str
    brief: BriefKey
    file: str
    sent_at: str


class Ledger:
    """The ledger file of a briefs folder; open it with `Ledger.open(folder)`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    @contextmanager
    def open(cls, folder: Path, *, create: bool = True) -> Iterator[Ledger]:
        """The ledger of `folder`; without `create` (a dry run), a project that has none gets
        an empty one in memory, so that planning writes no file."""
        path = folder / LEDGER_NAME
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        # SQLite follows links: one in place of the ledger or its journals is refused instead
        check_folders(folder, [LEDGER_NAME + end for end in ("", "-journal", "-wal", "-shm")])
        where = str(path) if create or path.exists() else ":memory:"
        with closing(sqlite3.connect(where, timeout=30)) as connection:
            connection.executescript(SCHEMA)
            yield cls(connection, path)

    @staticmethod
    @contextmanager
    def sending(folder: Path, waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
        """Hold the sending lock of `folder` for the block: plan, send and record under it.
        When another run holds it, call `waiting(lock file)` once and wait for it."""
        with file_lock(folder / LOCK_NAME, waiting):
            yield

    def has(self, email: str, brief: BriefKey) -> bool:
        """Whether `email` has received this revision of this brief."""
        row = self.connection.execute(
            "SELECT 1 FROM sent WHERE email = ? AND visit = ? AND audience = ? AND lang = ? "
            "AND revision = ?", (email.lower(), *_key(brief))).fetchone()
        return row is not None

    def delivered(self, email: str, name: str, briefs: Iterable[tuple[BriefKey, str]],
                  when: dt.datetime | None = None) -> None:
        """Record that `email` received `briefs` ((key, file name) pairs), now or `when`."""
        at = _stamp(when)
        with self.connection:  # one transaction: a message is recorded whole or not at all
            for brief, file in briefs:
                self.connection.execute(
                    "INSERT OR REPLACE INTO sent VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (email.lower(), *_key(brief), name, file, at))
                self._attempt(at, email, brief, "")

    def failed(self, email: str, briefs: Iterable[BriefKey], error: str,
               when: dt.datetime | None = None) -> None:
        """Record an attempt to send `briefs` to `email` that did not deliver, and why."""
        at = _stamp(when)
        with self.connection:
            for brief in briefs:
                self._attempt(at, email, brief, error or "?")

    def _attempt(self, at: str, email: str, brief: BriefKey, error: str) -> None:
        self.connection.execute("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                (at, email.lower(), *_key(brief), int(not error), error))

    def deliveries(self) -> list[Delivery]:
        """Every brief delivered, oldest first."""
        rows = self.connection.execute(
            "SELECT email, name, visit, audience, lang, revision, file, sent_at FROM sent "
            "ORDER BY sent_at, email, visit, audience, lang").fetchall()
        return [Delivery(r[0], r[1], BriefKey(*r[2:6]), r[6], r[7]) for r in rows]

    def attempts(self) -> list[tuple[str, str, BriefKey, bool, str]]:
        """(when, email, brief, delivered, error) of every attempt, in order."""
        rows = self.connection.execute(
            "SELECT at, email, visit, audience, lang, revision, delivered, error FROM attempts "
            "ORDER BY rowid").fetchall()
        return [(r[0], r[1], BriefKey(*r[2:6]), bool(r[6]), r[7]) for r in rows]


def _key(brief: BriefKey) -> tuple[str, str, str, str]:
    return (brief.visit, brief.audience, brief.lang, brief.revision)


def _stamp(when: dt.datetime | None) -> str:
    moment = when or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
