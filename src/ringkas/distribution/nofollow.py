"""Reading, writing and removing files under `dist/` without ever following a symbolic link.

`dist/` is a shared folder: someone may put a link there (`dist/<visit-id>` -> `/home/x`, or a
link under a name the folder's manifest lists). Every path below `out` is walked one folder at
a time from an open descriptor of the folder above it, each opened with `O_NOFOLLOW`, and the
file is then made, replaced (`os.replace` between two names of that folder) or unlinked there:
a link met on the way is refused with `distribute.link_refused`, naming it and where it points,
and nothing is written or removed through it; a link swapped in after a check cannot redirect
the operation either, as no path is looked up again from the top. `out` itself may be a link
(the user chose that folder).
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ringkas.contract.problems import MessageError
from ringkas.project.files import new_file_mode

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def refuse_link(out: Path, parts: list[str], folder: int) -> None:
    """Raise `distribute.link_refused` when `parts[-1]`, in the folder open as `folder`, is a
    symbolic link."""
    try:
        info = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(parts[-1], dir_fd=folder)
        raise MessageError("distribute.link_refused", link=out.joinpath(*parts), target=target,
                           out=out)


@contextmanager
def folders(out: Path, parts: list[str], create: bool) -> Iterator[list[int] | None]:
    """Descriptors of `out` and of each folder `parts` names under it, in order (None when one
    is missing and not `create`); a link among them is refused."""
    if create:
        out.mkdir(parents=True, exist_ok=True)
    try:
        fds = [os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)]
    except FileNotFoundError:
        if create:
            raise
        yield None
        return
    try:
        for index, part in enumerate(parts):
            refuse_link(out, parts[:index + 1], fds[-1])
            try:
                fds.append(os.open(part, _FOLDER, dir_fd=fds[-1]))
            except FileNotFoundError:
                if not create:
                    yield None
                    return
                with suppress(FileExistsError):  # made meanwhile: opened below, no link either
                    os.mkdir(part, 0o777, dir_fd=fds[-1])
                fds.append(os.open(part, _FOLDER, dir_fd=fds[-1]))
        yield fds
    finally:
        for fd in fds:
            os.close(fd)


def _parts(name: str) -> list[str]:
    return name.split("/")


def read_file(out: Path, name: str) -> bytes | None:
    """The bytes of `out/name`; None when it is not there (or is no file)."""
    parts = _parts(name)
    with folders(out, parts[:-1], create=False) as fds:
        if fds is None:
            return None
        refuse_link(out, parts, fds[-1])
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fds[-1])
        except OSError:
            return None
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            return file.read()


def write_file(out: Path, name: str, data: bytes) -> None:
    """Make `out/name` hold `data`: a temporary beside it (named as `project.files` names
    them), synced, moved over it atomically."""
    parts = _parts(name)
    with folders(out, parts[:-1], create=True) as fds:
        folder = fds[-1] if fds else -1  # create=True: never None
        refuse_link(out, parts, folder)
        temp = f".{parts[-1]}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     new_file_mode(), dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, parts[-1], src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(temp, dir_fd=folder)


def remove_file(out: Path, name: str) -> None:
    """Remove `out/name` (a link there: the link itself, never what it points to), then its
    folders up to `out` that it leaves empty."""
    parts = _parts(name)
    with folders(out, parts[:-1], create=False) as fds:
        if fds is None:
            return
        with suppress(FileNotFoundError):
            os.unlink(parts[-1], dir_fd=fds[-1])  # unlink never follows a link
        for index in range(len(parts) - 2, -1, -1):
            try:
                os.rmdir(parts[index], dir_fd=fds[index])  # only when empty
            except OSError:
                return


def check_folders(out: Path, names: list[str]) -> None:
    """Refuse, before anything is written, a link in place of any of the paths `names` (folders
    or files under `out`) or of a folder on the way to one."""
    for name in names:
        parts = _parts(name)
        with folders(out, parts[:-1], create=False) as fds:
            if fds is not None:
                refuse_link(out, parts, fds[-1])
