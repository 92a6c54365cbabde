"""Staging rendered files: written beside their targets, moved into place together or not at all.

Only the main process writes under the output folder. A worker (a pool process, a Dask worker on
another machine) returns the bytes of a whole unit (`JobResult.files`); `publish` stages them as
temporary files `.<name>.<random>.tmp` in each target's folder, so that `os.replace` is atomic,
and moves them all into place once every one is written; a failure while staging rolls them
back. A unit that failed or was killed returns nothing, so every earlier file stays whole. A
killed run's temporaries are removed by the next run that holds the output folder's lock. The
synthesis stages its files here too.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from ringkas.contract.spec import VISIT_ID_PATTERN
from ringkas.project.files import temporary_beside

#: (temporary file, target).
Move = tuple[str, str]

#: The search index's temporary (ringkas.knowledge.search.INDEX_NAME), which a search may be
#: writing now.
SEARCH_INDEX_TEMPORARY = ".kb.sqlite."


class Staging:
    """Temporary files for one unit; a failure while staging removes those staged so far."""

    def __init__(self) -> None:
        self.moves: list[Move] = []

    def stage(self, target: Path, data: bytes) -> None:
        temp = temporary_beside(target)
        self.moves.append((str(temp), str(target)))
        temp.write_bytes(data)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if kind is not None:  # BaseException too: a KeyboardInterrupt leaves no temporary
            rollback(self.moves)


def publish(out: Path, files: Mapping[str, bytes], allowed: Collection[str]) -> list[Path]:
    """Write `files` (names relative to `out`) in place together: staged, then committed.

    Every name must be one of `allowed`: the bytes come from a worker, possibly another
    machine, and a name such as `../x` must never reach the file system.
    """
    unexpected = sorted(set(files) - set(allowed))
    if unexpected:
        raise ValueError(f"unexpected files from a worker: {unexpected[:3]}")
    with Staging() as staging:
        for name, data in files.items():
            staging.stage(out / name, data)
    return commit(staging.moves)


def commit(moves: Iterable[Move]) -> list[Path]:
    """Move every staged file over its target; returns the targets. If one cannot be moved
    (a full disk, a folder made read-only meanwhile), the rest are deleted, and it raises."""
    moves = list(moves)
    done: list[Path] = []
    try:
        for temp, target in moves:
            os.replace(temp, target)
            done.append(Path(target))
    except BaseException:
        rollback(moves[len(done):])
        raise
    return done


def rollback(moves: Iterable[Move]) -> None:
    """Delete the staged files; their targets stay as they were."""
    for temp, _ in moves:
        Path(temp).unlink(missing_ok=True)


def remove_stale_temporaries(out: Path) -> None:
    """Delete the `.<name>.<random>.tmp` files a killed run left in `out` and its folders.

    Only the main process of a render moves temporaries into place, and only while it holds
    the folder's lock (`ringkas.build.lock`); the caller holds it and has not started yet, so
    any found now are dead. Without the lock, this would delete a running render's files.
    """
    if not out.is_dir():
        return
    folders = [p for p in out.iterdir() if p.is_dir() and VISIT_ID_PATTERN.match(p.name)]
    for folder in [out, *folders]:
        for stale in folder.glob(".*.tmp"):
            if not stale.name.startswith(SEARCH_INDEX_TEMPORARY):
                stale.unlink(missing_ok=True)
