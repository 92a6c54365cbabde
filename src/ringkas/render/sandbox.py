"""Kernels under bubblewrap (`ringkas render --sandbox`): they see the system and this Python
read-only, the unit's scratch copies of the notebook's folder and data read-only, a private
/tmp, and nothing else; no network, no capability, an environment of their own.

Debian's `bubblewrap` package gives `bwrap` (scripts/install-bubblewrap installs it). It
needs unprivileged user namespaces, or root; where it cannot run, `require_sandbox` refuses
with a message saying why and what to do, and nothing runs unsandboxed in its place.

Started by root too, the kernel runs in a user namespace of its own as nobody with every
capability dropped (`ISOLATION`): it cannot remount what it sees writable, and cannot make
another user namespace to get capabilities back. It sees no /etc but the few files programs
read (not /etc/shadow), no /root or /home (but the folders of this Python, which may lie
there), no /run or /var (no host Unix socket), and its environment is cleared but for
`KEPT_ENV` (no SMTP password, no token of the caller).

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
from collections.abc import Iterable, Mapping

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
            [exe, *ISOLATION, *system_binds(), "--dev", "/dev", "--proc", "/proc",
             "--tmpfs", PRIVATE_TMP, *python_binds(), "true"],
            capture_output=True, timeout=30, check=False)
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


#: What the sandbox shows of the host, read-only: the system's programs and libraries and the
#: few files of /etc they read (shared libraries, time zone, fonts, Debian's alternatives);
#: never /etc as a whole (/etc/shadow), /root, /home, /run or /var (host sockets).
SYSTEM = ("/usr",)
SYSTEM_ETC = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
              "/etc/timezone", "/etc/alternatives", "/etc/fonts", "/etc/mime.types",
              "/etc/matplotlibrc", "/etc/ssl/certs")
MERGED = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")  # links into /usr, mostly
#: The id the kernel runs as, in a user namespace of its own (also when ringkas runs as root).
NOBODY = "65534"
#: The environment a sandboxed kernel keeps (bwrap --clearenv drops the rest): what Python,
#: ipykernel and the locale need, and ringkas's own markers.
KEPT_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "PYTHONPATH", "PYTHONHASHSEED",
            "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS",
            "PYTHONUNBUFFERED", "VIRTUAL_ENV", "PYDEVD_DISABLE_FILE_VALIDATION",
            "RINGKAS_DATA", "RINGKAS_KERNEL", "RINGKAS_OWNER")
KEPT_PREFIXES = ("LC_", "JPY_")


def sandboxed(argv: list[str], *, writable: list[str], readable: tuple[str, ...] = (),
              env: Mapping[str, str] | None = None) -> list[str]:
    """The command line that runs `argv` in the sandbox, with the folders `writable` bound
    read-write and `readable` read-only at their own paths; the system and this Python
    read-only (`system_binds`); a private /tmp; `env` reduced to `KEPT_ENV` (`kept_env`).
    The kernel runs as nobody in a user namespace of its own, every capability dropped, in its
    own network, process, IPC and UTS namespaces. The working folder stays the caller's."""
    require_sandbox()
    exe = shutil.which(BWRAP) or BWRAP
    bound = [arg for folder in readable for arg in ("--ro-bind", folder, folder)]
    bound += [arg for folder in writable for arg in ("--bind", folder, folder)]
    # what IPython and matplotlib write (profiles, font caches) goes to the private /tmp
    private = {"HOME": "", "TMPDIR": "", "MPLCONFIGDIR": "/matplotlib", "IPYTHONDIR": "/ipython"}
    kept = {**kept_env(env or {}), **{name: PRIVATE_TMP + value
                                      for name, value in private.items()},
            # ipykernel would take the sandbox's init (its parent, pid 1) for an orphaning and
            # stop; 1 is its "no parent to watch" (and no banner): --die-with-parent does that
            "JPY_PARENT_PID": "1"}
    setenv = [arg for name, value in kept.items() for arg in ("--setenv", name, value)]
    # this Python's folders after the private /tmp: a venv under /tmp (a checkout there) would
    # be hidden by it otherwise
    return [exe, *ISOLATION, *system_binds(), "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", PRIVATE_TMP, *python_binds(), *bound, "--clearenv", *setenv, "--", *argv]


#: bwrap's options that isolate the kernel (`sandbox_problem` tries them all).
ISOLATION = ("--unshare-all", "--unshare-user", "--uid", NOBODY, "--gid", NOBODY,
             "--disable-userns", "--cap-drop", "ALL", "--die-with-parent", "--new-session")


def kept_env(env: Mapping[str, str]) -> dict[str, str]:
    """The variables of `env` a sandboxed kernel keeps."""
    return {name: value for name, value in env.items()
            if name in KEPT_ENV or name.startswith(KEPT_PREFIXES)}


def system_binds() -> list[str]:
    """bwrap's options showing, read-only, the system (`SYSTEM`, `SYSTEM_ETC`, the links of a
    merged /usr)."""
    args: list[str] = []
    for folder in MERGED:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    for path in (*SYSTEM, *SYSTEM_ETC):
        args += ["--ro-bind-try", path, path]
    return args


def python_binds() -> list[str]:
    """bwrap's options showing, read-only, the folders of this Python (`python_folders`)."""
    return [arg for folder in python_folders() for arg in ("--ro-bind", folder, folder)]


def python_folders() -> tuple[str, ...]:
    """The folders of this Python (its prefix, the folders on its path, as given and resolved)
    that the system folders do not hold already, each once (a folder inside another is bound
    with it). Not the working folder (`python -m` puts it on the path): the project."""
    here = os.path.realpath(os.getcwd())
    found: list[str] = []
    for folder in (sys.prefix, sys.base_prefix, *sys.path):
        if not folder:
            continue
        for path in dict.fromkeys((os.path.abspath(folder), os.path.realpath(folder))):
            if (path != here and os.path.isdir(path) and path not in found
                    and not _inside(path, SYSTEM)):
                found.append(path)
    return tuple(p for p in found if not _inside(p, [q for q in found if q != p]))


def _inside(path: str, folders: Iterable[str]) -> bool:
    return any(path == q or path.startswith(q.rstrip("/") + "/") for q in folders)
