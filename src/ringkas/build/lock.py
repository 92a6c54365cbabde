"""One render at a time per output folder: a lock file `<out>/.ringkas.lock` (filelock, flock).

Whoever holds the lock is the only process that moves files into the folder, removes stale
temporaries and writes the manifest and the catalogue page; a second render waits for it (and
says so) or, with `wait=False`, fails at once. Readers (`search`, `kb export`, a web server)
never take it: every file is replaced atomically, so they see the old file or the new one.

The lock is reentrant within a process (the catalogue page takes it again inside a render).
A folder where the lock file cannot be created (read-only, or not ours) is opened read-only:
`Held.writable` is False and the caller must write nothing, which a render with nothing to do
manages; anything else is told "cannot write to ...".
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.contract.problems import MessageError

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCK_NAME = ".ringkas.lock"

#: errno values that mean "this folder cannot be written", not "a bug".
UNWRITABLE = {errno.EACCES: "denied", errno.EPERM: "denied", errno.EROFS: "read_only",
              errno.ENOSPC: "full", errno.EDQUOT: "full"}


@dataclass
class Held:
    path: Path  # the lock file
    writable: bool
    reason: str = ""  # why not writable: a key of UNWRITABLE's values
    depth: int = 1


_held: dict[Path, Held] = {}
_guard = threading.Lock()


def unwritable(error: OSError, where: Path) -> MessageError | None:
    """`error` as "cannot write to <path>: permission denied / disk full", or None when it is
    some other failure."""
    reason = UNWRITABLE.get(error.errno or 0)
    if reason is None:
        return None
    path = Path(os.fsdecode(error.filename)) if error.filename else where
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        path = path.parent  # a temporary's name means nothing to the reader: its folder does
    return MessageError(f"render.unwritable_{reason}", path=path)


@contextmanager
def output_lock(out: Path, *, wait: bool = True,
                waiting: Callable[[Path], None] | None = None) -> Iterator[Held]:
    """Hold the lock of the output folder `out` for the block.

    When another process holds it: call `waiting(out)` once and wait (`wait=True`), or raise
    `render.lock_busy`. When the folder cannot be written the block runs without the lock, with
    `writable=False`: nobody can be writing there then, not this process either.
    """
    key = Path(os.path.abspath(out))
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.depth += 1
    if held is not None:
        try:
            yield held
        finally:
            held.depth -= 1
        return
    lock, held = _acquire(key, wait, waiting)
    _held[key] = held
    try:
        yield held
    finally:
        del _held[key]
        if lock is not None:
            lock.release()


def _acquire(out: Path, wait: bool, waiting: Callable[[Path], None] | None
             ) -> tuple[BaseFileLock | None, Held]:
    from filelock import FileLock, Timeout

    path = out / LOCK_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                raise MessageError("render.lock_busy", path=out) from None
            if waiting is not None:
                waiting(out)
            lock.acquire()
    except OSError as exc:
        if exc.errno in UNWRITABLE and exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            return None, Held(path, writable=False, reason=UNWRITABLE[exc.errno])
        error = unwritable(exc, path)
        if error is None:
            raise
        raise error from None
    return lock, Held(path, writable=True)
