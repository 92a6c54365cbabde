"""Writing files so that a reader, or a run killed half-way, sees the old file or the new one.

Every file ringkas publishes (briefs, the manifest, the catalogue, the search index, exports) is
written to a temporary file beside its target and moved over it with `os.replace`, which is
atomic on one file system. Temporaries are named `.<target name>.<random>.tmp`, so a later
render can recognise and remove those a killed run left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def new_file_mode() -> int:
    """The permissions `open()` would give a new file under the process's umask.

    `tempfile.mkstemp` makes files 0600; briefs, exports and the catalogue are for everyone in
    the agency (a shared folder, a web server), so they get the usual mode.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def temporary_beside(target: Path) -> Path:
    """A new empty file in the target's folder (so that os.replace is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.fchmod(fd, new_file_mode())
    os.close(fd)
    return Path(name)


def replace_with(target: Path, write: Callable[[Path], object]) -> None:
    """Let `write(temporary)` fill a temporary beside `target`, then move it over `target`."""
    temp = temporary_beside(target)
    try:
        write(temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path`, synced to disk before it replaces the old file."""

    def write(temp: Path) -> None:
        with temp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    replace_with(path, write)
