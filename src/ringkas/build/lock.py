"""One render at a time per output folder: a lock file `<out>/.ringkas.lock` (flock).

Whoever holds the lock is the only process that moves files into the folder, removes stale
temporaries and writes the manifest and the catalogue page; a second render waits for it (and
says so) or, with `wait=False`, fails at once. Readers (`search`, `kb export`, a web server)
never take it: every file is replaced atomically, so they see the old file or the new one.

The lock is reentrant within a process (the catalogue page takes it again inside a render).
A folder where the lock file cannot be created (read-only, or not ours) is opened read-only:
`Held.writable` is False and the caller must write nothing, which a render with nothing to do
manages; anything else is told "cannot write to ...".

The lock is `fcntl.flock` on the lock file, as `filelock.FileLock` takes it on Unix (the two
exclude each other), called directly: importing filelock took 35-50 ms of a `ringkas render`
that has nothing to do. The system releases it when its process dies, however it dies; the
descriptor is not inherited by kernels or other children.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ringkas.contract.problems import MessageError

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
    descriptor, held = _acquire(key, wait, waiting)
    _held[key] = held
    try:
        yield held
    finally:
        del _held[key]
        if descriptor is not None:
            os.close(descriptor)  # closing the only descriptor releases the flock


@contextmanager
def file_lock(path: Path, waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
    """An exclusive lock on the file `path` (made if need be) for the block: at once, or after
    `waiting(path)`, blocking until its holder lets go. The same flock as the output folder's
    (and filelock's): the system releases it when its process dies, however it died."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        _flock(descriptor, path, True, waiting)
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the flock


def _acquire(out: Path, wait: bool, waiting: Callable[[Path], None] | None
             ) -> tuple[int | None, Held]:
    """The open, locked descriptor of `out`'s lock file (None when the folder cannot be
    written), and what the holder may do."""
    path = out / LOCK_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _flock(descriptor, out, wait, waiting)
        except BaseException:
            os.close(descriptor)
            raise
    except OSError as exc:
        if exc.errno in UNWRITABLE and exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            return None, Held(path, writable=False, reason=UNWRITABLE[exc.errno])
        error = unwritable(exc, path)
        if error is None:
            raise
        raise error from None
    return descriptor, Held(path, writable=True)


def _flock(descriptor: int, out: Path, wait: bool,
           waiting: Callable[[Path], None] | None) -> None:
    """Lock `descriptor` exclusively: at once, or after `waiting(out)`, blocking until the holder
    lets go (Ctrl-C still interrupts), or `render.lock_busy` when `wait` is False."""
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            raise MessageError("render.lock_busy", path=out) from None
        if waiting is not None:
            waiting(out)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
