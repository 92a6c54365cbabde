"""Nothing a render starts outlives it: workers, kernels, what cells start, scratch folders.

- A kernel is a child subreaper (`ringkas.render.kernel_guard`): whatever its cells start stays
  among its descendants, even a daemon that left its session and cleared its environment, and
  is killed with the kernel (`kill_descendants`) and between notebooks.
- A pool worker watches the process that made its pool (`watch_owner`): when that one dies, even
  by `kill -9`, the worker kills its descendants (its kernels and all they started) and exits.
  A kernel watches its parent the same way (the kernel guard).
- Scratch folders (kernel sockets, unit copies of `data/`) hold the id and start time of the
  process that made them (`scratch_dir`); the next render removes those whose owner is gone,
  and kills what still runs with that owner's mark (`sweep_dead_scratch`).

Linux only (prctl, /proc); elsewhere every step does what it can and nothing more.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
#: The scratch folders ringkas makes in $TMPDIR: a kernel's sockets, a unit's copy of data/.
SCRATCH_PREFIXES = ("ringkas-kernel-", "ringkas-unit-")
OWNER_FILE = ".owner"  # in a scratch folder: the stamp of the process that made it
OWNER_MARK = "RINGKAS_OWNER"  # in a kernel's environment: the stamp of the process it serves
POLL = 0.2  # seconds between two looks at a parent or owner, where no pidfd can wait for it

def become_subreaper() -> bool:
    """Make orphaned descendants of this process its children (Linux's PR_SET_CHILD_SUBREAPER),
    not init's; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def start_time(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, from /proc), None if it is gone or
    a zombie: with the pid, it names one process, whatever reuses the number later."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def parents() -> dict[int, int]:
    """Every process's parent, by pid (from /proc; empty where there is none)."""
    found: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                    found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):  # gone meanwhile
                    continue
    return found


def descendants(pid: int) -> list[int]:
    """The processes below `pid`, children first."""
    children: dict[int, list[int]] = {}
    for child, parent in parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = [], list(children.get(pid, ()))
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo.extend(children.get(child, ()))
    return found


def kill_descendants(pid: int, rounds: int = 5) -> None:
    """SIGKILL every process below `pid`, again while new ones appear (a fork between the look
    and the kill), at most `rounds` times."""
    for _ in range(rounds):
        found = [p for p in descendants(pid) if p != os.getpid()]
        if not found:
            return
        for child in found:
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)


def reap_children() -> None:
    """Collect the exit status of this process's children that ended (a subreaper inherits
    orphans that no one else waits for)."""
    with contextlib.suppress(ChildProcessError, OSError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def owner_stamp() -> str:
    """This process: its pid, start time and pid namespace (`pid.start.namespace`), naming it
    for good, whatever reuses the number later."""
    return f"{os.getpid()}.{start_time(os.getpid()) or ''}.{_namespace()}"


def _namespace() -> str:
    """This process's pid namespace, as a number ("" where unknown): a pid means nothing in
    another one (two containers sharing a /tmp)."""
    try:
        return "".join(c for c in os.readlink("/proc/self/ns/pid") if c.isdigit())
    except OSError:
        return ""


def scratch_dir(prefix: str) -> str:
    """A new folder in $TMPDIR (`tempfile.mkdtemp`), holding the stamp of the process that made
    it (`OWNER_FILE`): if that process is killed before it removes the folder, the next render
    does (`sweep_dead_scratch`). Kept short: the kernel's sockets live in it, and a Unix
    socket's path has at most 107 bytes."""
    folder = tempfile.mkdtemp(prefix=prefix)
    Path(folder, OWNER_FILE).write_text(owner_stamp(), "ascii")
    return folder


def remove_scratch(folder: str) -> None:
    """Remove a folder `scratch_dir` made."""
    shutil.rmtree(folder, ignore_errors=True)


def sweep_dead_scratch() -> list[str]:
    """Remove the scratch folders (in $TMPDIR) whose owner is gone, first killing whatever still
    runs with that owner's mark; returns the folders removed."""
    dead: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(tempfile.gettempdir()):
            if entry.name.startswith(SCRATCH_PREFIXES) and entry.is_dir(follow_symlinks=False):
                stamp = _owner(entry.path)
                if not (stamp_running(stamp) if stamp else not _old(entry.path)):
                    dead[entry.path] = stamp or ""
    marks = {f"{OWNER_MARK}={stamp}".encode() for stamp in dead.values() if stamp}
    if marks:
        for pid in marked(marks):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    for folder in dead:
        shutil.rmtree(folder, ignore_errors=True)
    return sorted(dead)


def stamp_running(stamp: str) -> bool:
    """Whether the process `stamp` names (`owner_stamp`) still runs; True when it cannot be
    told (another pid namespace's process, a stamp not understood)."""
    pid, started, namespace = ([*stamp.split("."), "", ""])[:3]
    if not pid.isdigit() or namespace != _namespace():
        return True
    return running(int(pid), started)


def _owner(folder: str) -> str | None:
    try:
        return Path(folder, OWNER_FILE).read_text("ascii").strip()
    except (OSError, ValueError):
        return None


def _old(path: str) -> bool:
    """A scratch folder without its owner file: one whose owner died while making it (or an
    older ringkas made it); a day on, nothing uses it any more."""
    with contextlib.suppress(OSError):
        return time.time() - os.stat(path).st_mtime > 86400
    return False


def marked(marks: set[bytes]) -> list[int]:
    """The processes (other than this one) with one of `marks` (`NAME=value`) in their
    environment. Linux (/proc) only; and a process may clear its environment: a kernel's
    descendants are found as such (`descendants`), a sandbox's in their own process tree."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and int(entry.name) != os.getpid():
                try:
                    environ = Path(entry.path, "environ").read_bytes()
                except OSError:
                    continue
                if marks & set(environ.split(b"\0")):
                    found.append(int(entry.name))
    return found


def watch_owner(owner: int) -> None:
    """End this process (a pool worker) as soon as `owner` (the process that made the pool)
    ends, however it ended: its descendants killed (its kernels, and all they started)."""
    def watch() -> None:
        wait_for_exit(owner)
        kill_descendants(os.getpid())
        # its scratch folders stay for the next render (`sweep_dead_scratch`): removed here,
        # the unit still running would make them again, without their owner's stamp
        os._exit(1)

    threading.Thread(target=watch, name="ringkas-owner-watch", daemon=True).start()


def running(pid: int, started: str | None) -> bool:
    """Whether process `pid`, which started at `started` (`start_time`), still runs; without
    /proc, whether any process `pid` does."""
    if Path("/proc/self/stat").exists():
        now = start_time(pid)
        return now is not None and (not started or now == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's: it runs
        return True
    return True


def wait_for_exit(pid: int) -> None:
    """Return when process `pid` has ended (a pidfd where Linux has them, else polling)."""
    started = start_time(pid)
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        try:
            select.select([fd], [], [])
            return
        finally:
            os.close(fd)
    while running(pid, started):
        time.sleep(POLL)
