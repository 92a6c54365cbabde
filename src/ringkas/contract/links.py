"""Reading a project's own files without following a symbolic link out of the project.

A file under `data/`, a photo beside a visit notebook or the logo ringkas.toml names is read
and then embedded in a brief (a PDF attachment, an image): a symbolic link among them that
points outside the project would carry a file from elsewhere on the machine (`/etc/passwd`,
another user's notes) into a document handed to leadership. A link that stays inside the
project is followed: a shared `data/regions.csv` linked from two places is the project's own.

The check is made so that a link swapped in between cannot slip past it: the path is resolved
and compared with the project root's resolved path, then the resolved path itself is opened
with `O_NOFOLLOW` (a link put there since is refused by the kernel), and on Linux the file that
was actually opened (`/proc/self/fd/N`) is compared with the root once more.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ringkas.contract.problems import MessageError

_PROC_FD = Path("/proc/self/fd")


class LinkOutside(MessageError):
    """`path` is (or passes through) a symbolic link to `target`, outside `root`."""

    def __init__(self, path: Path, target: Path, root: Path,
                 code: str = "render.link_outside") -> None:
        self.path, self.target, self.root = Path(path), Path(target), Path(root)
        super().__init__(code, path=path, target=target, root=root)

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.target, self.root, self.code))


def outside(path: Path, root: Path) -> Path | None:
    """Where `path` really leads, when that is outside `root` (both resolved); else None."""
    real_root = root.resolve()
    target = path.resolve()
    return None if target.is_relative_to(real_root) else target


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, symbolic links followed, is `folder` or in it (False for a path that
    cannot be resolved, a symlink loop among them)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def check_inside(path: Path, root: Path) -> Path:
    """`path` resolved; raises `LinkOutside` when it leads outside `root`."""
    target = outside(path, root)
    if target is not None:
        raise LinkOutside(path, target, root.resolve())
    return path.resolve()


def read_inside(path: Path, root: Path, limit: int | None = None) -> bytes:
    """The bytes of `path`, which must lead to a regular file inside `root`.

    Raises `LinkOutside` for a link out of `root`, OSError when the file cannot be read (a link
    put in place of the resolved path meanwhile is ELOOP). With `limit`, reads at most
    `limit + 1` bytes, so that a caller can tell a file past its limit without reading it all.
    """
    real_root = root.resolve()
    target = check_inside(path, root)
    fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        opened = _opened(fd)
        if opened is not None and not opened.is_relative_to(real_root):
            raise LinkOutside(path, opened, real_root)  # a folder on the way was swapped
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(f"not a regular file: {path}")
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read() if limit is None else file.read(limit + 1)
    finally:
        os.close(fd)


def _opened(fd: int) -> Path | None:
    """The path the kernel opened for `fd` (Linux); None where the system cannot say."""
    try:
        return Path(os.readlink(_PROC_FD / str(fd)))
    except OSError:
        return None
