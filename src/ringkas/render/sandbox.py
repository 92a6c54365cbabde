"""Kernels under bubblewrap (`ringkas render --sandbox`): the file system read-only, a private
/tmp, no network, their own process tree.

Debian's `bubblewrap` package gives `bwrap` (scripts/install-bubblewrap installs it). It
needs unprivileged user namespaces, or root; where it cannot run, `require_sandbox` refuses
with a message saying why and what to do, and nothing runs unsandboxed in its place.

The kernel talks to ringkas over ZeroMQ IPC sockets (files), not TCP: with `--unshare-net` the
kernel has a loopback of its own, which the parent cannot reach, but a folder bound read-write
into the sandbox is shared. That folder, created per kernel, holds the sockets and the
connection file, and is the only writable place besides the private /tmp (`writable`). With
`--unshare-pid` the kernel and everything its cells start live in a process tree of their own,
which ends when the kernel's manager kills bwrap (or ringkas dies: `--die-with-parent`).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys

from ringkas.contract.problems import MessageError

BWRAP = "bwrap"
PRIVATE_TMP = "/tmp"  # noqa: S108 (a tmpfs of the sandbox's own, seen by nobody else)


@functools.cache
def sandbox_problem() -> tuple[str, str] | None:
    """Why bubblewrap cannot run here, as (message code, detail); None when it can. Asked once
    per process: `bwrap` with the options ringkas uses, running `true`."""
    exe = shutil.which(BWRAP)
    if exe is None:
        return "render.sandbox_missing", ""
    try:
        done = subprocess.run(  # noqa: S603 (our own fixed command line)
            [exe, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev",
             "--proc", "/proc", "true"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return "render.sandbox_unusable", str(exc)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        return "render.sandbox_unusable", lines[-1][:300] if lines else f"exit {done.returncode}"
    return None


def require_sandbox() -> None:
    """Raise a `MessageError` saying why the sandbox cannot be used here, if it cannot."""
    problem = sandbox_problem()
    if problem is not None:
        code, detail = problem
        raise MessageError(code, detail=detail)


def sandboxed(argv: list[str], *, writable: list[str], readable: tuple[str, ...] = ()) -> list[str]:
    """The command line that runs `argv` in the sandbox, with the folders `writable` bound
    read-write and `readable` read-only at their own paths (the file system is read-only
    anyway; this is for those under /tmp, which the sandbox replaces with its own). The working
    folder stays the caller's (bwrap keeps it)."""
    require_sandbox()
    exe = shutil.which(BWRAP) or BWRAP
    readable = (*readable, *python_under_tmp())
    bound = [arg for folder in readable for arg in ("--ro-bind", folder, folder)]
    bound += [arg for folder in writable for arg in ("--bind", folder, folder)]
    # what IPython and matplotlib write (profiles, font caches) goes to the private /tmp
    private = {"HOME": "", "TMPDIR": "", "MPLCONFIGDIR": "/matplotlib", "IPYTHONDIR": "/ipython"}
    env = [arg for name, value in private.items()
           for arg in ("--setenv", name, PRIVATE_TMP + value)]
    return [exe, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", PRIVATE_TMP,
            *bound, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent",
            # ipykernel would take the sandbox's init (its parent, pid 1) for an orphaning and
            # stop; 1 is its "no parent to watch" (and no banner): --die-with-parent does that
            "--setenv", "JPY_PARENT_PID", "1", *env, "--", *argv]


def python_under_tmp() -> tuple[str, ...]:
    """The folders of this Python (its prefix, the folders on its path) that lie under /tmp: the
    sandbox's private /tmp would hide them, and the kernel with them (a checkout and its .venv
    cloned into /tmp, as CI may). Bound read-only, at their own paths."""
    tmp = PRIVATE_TMP.rstrip("/") + "/"
    found: list[str] = []
    for folder in (sys.prefix, sys.base_prefix, *sys.path):
        real = os.path.realpath(folder) if folder else ""
        for path in {folder, real}:
            if path.startswith(tmp) and os.path.isdir(path) and path not in found:
                found.append(path)
    # a folder inside another is bound with it
    return tuple(p for p in found if not any(p != q and p.startswith(q + "/") for q in found))
