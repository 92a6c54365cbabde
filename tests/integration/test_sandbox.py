"""`ringkas render --sandbox`: kernels under bubblewrap, with the file system read-only, a
private /tmp and no network, no capability even under root, no host secret, socket or
environment; where bubblewrap cannot run, it refuses rather than run code unsandboxed. The
tests that need bwrap skip, saying how to install it, when it is unusable."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from ringkas.i18n.messages import say
from ringkas.render.sandbox import KEPT_ENV, sandbox_problem
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow

needs_bwrap = pytest.mark.skipif(
    sandbox_problem() is not None,
    reason=f"bubblewrap cannot run here ({sandbox_problem()}): install it with "
           "`bash scripts/install-bubblewrap` (or `make sandbox`); user namespaces must be on")

A, B = "2023-03-14-satu", "2023-03-15-dua"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def render(project: Path, *args: str, path: str | None = None,
           extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path),
           **(extra_env or {})}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render", "--format",
         "html", "--brief-lang", "id", "--audience", "teknis", "--jobs", "1", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def executed(project: Path, visit_id: str, brief: str = "teknis.id") -> str:
    """The executed notebook of the visit's `brief` (audience.lang), as text."""
    return (project / "briefs" / visit_id / f"{visit_id}.{brief}.ipynb").read_text(
        encoding="utf-8")


def printed(project: Path, visit_id: str, brief: str = "teknis.id") -> str:
    """What the cells of the executed notebook printed."""
    nb = json.loads(executed(project, visit_id, brief))
    return "".join("".join(output.get("text", "")) for cell in nb["cells"]
                   for output in cell.get("outputs", ()) if output["output_type"] == "stream")


@needs_bwrap
def test_a_sandboxed_cell_cannot_write_into_the_project_and_has_its_own_tmp(project: Path
                                                                           ) -> None:
    probe = f"ringkas-sandbox-probe-{uuid.uuid4().hex}"
    add_visit(project, A, f"open('/tmp/{probe}', 'w').write('x')\nprint('TMP-OK')")
    written = project / "data" / "ditulis.txt"  # by its absolute path: the project itself
    add_visit(project, B, f"open({str(written)!r}, 'w').write('x')")
    done = render(project, "--sandbox")
    assert done.returncode == 1
    # the project is read-only in the sandbox, or (under /tmp, which the sandbox replaces with
    # its own) not there at all: the code runs on the scratch copy of data/
    assert (f"visit {B}, cell 12: OSError: [Errno 30] Read-only file system: '{written}'"
            in done.stderr or f"visit {B}, cell 12: FileNotFoundError: [Errno 2] No such file or "
            f"directory: '{written}'" in done.stderr), done.stderr
    assert not (project / "data" / "ditulis.txt").exists()
    assert "TMP-OK" in executed(project, A)  # its /tmp is writable, and its own
    assert not Path("/tmp", probe).exists()  # noqa: S108 (the host's /tmp, looked at)


@needs_bwrap
def test_a_sandboxed_cell_cannot_open_a_network_socket(project: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    port = server.getsockname()[1]
    try:
        add_visit(project, A, "import socket\ntry:\n"
                  f"    socket.create_connection(('127.0.0.1', {port}), timeout=5)\n"
                  "    print('CONNECTED')\nexcept OSError as exc:\n"
                  "    print('NO-NETWORK', type(exc).__name__)")
        done = render(project, "--sandbox")
        assert done.returncode == 0, done.stderr
        assert "NO-NETWORK ConnectionRefusedError" in executed(project, A)
        with pytest.raises(BlockingIOError):  # nothing ever reached the server
            server.accept()
        # the same notebook outside the sandbox does reach it: the test can fail
        unsandboxed = render(project, "--force")
        assert unsandboxed.returncode == 0 and "CONNECTED" in executed(project, A)
    finally:
        server.close()


def test_without_bubblewrap_sandbox_refuses_and_runs_nothing(project: Path) -> None:
    add_visit(project, A, "print('RAN')")
    done = render(project, "--sandbox", path=os.path.dirname(sys.executable))
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: " + say("render.sandbox_missing", "en")
    assert not (project / "briefs" / A).exists()


#: A cell that tries to get out: remount what it sees writable and write into the host's
#: scratch folder it runs in, and say what it is (capabilities, user).
ESCAPE = """import os, subprocess
for target in ('/', os.getcwd()):
    subprocess.run(['mount', '-o', 'remount,rw', target], capture_output=True)
try:
    open('escaped.txt', 'w').write('x')
    print('WROTE-HOST')
except OSError as exc:
    print('NOT-WRITTEN', type(exc).__name__)
caps = dict(line.split(':\\t') for line in open('/proc/self/status').read().splitlines()
            if line.startswith('Cap'))
print('CAPS', caps['CapEff'].strip(), caps['CapBnd'].strip(), 'UID', os.getuid())
"""


@needs_bwrap
def test_a_sandboxed_cell_has_no_capability_and_cannot_remount_even_under_root(
        project: Path) -> None:
    add_visit(project, A, ESCAPE)
    done = render(project, "--sandbox")
    assert done.returncode == 0, done.stderr
    out = printed(project, A)
    assert "NOT-WRITTEN OSError" in out and "WROTE-HOST" not in out
    assert "CAPS 0000000000000000 0000000000000000 UID 65534" in out


#: A cell that looks for what is not its business: secrets in files, in its environment,
#: and a Unix socket of the host.
SNOOP = """import json, os, socket, sys
seen = {{'shadow': os.path.exists('/etc/shadow'), 'etc': sorted(os.listdir('/etc')),
        'home': os.path.exists('/home'), 'run': os.path.exists('/run'),
        'var': os.path.exists('/var'), 'env': sorted(os.environ)}}
try:
    with socket.socket(socket.AF_UNIX) as probe:
        probe.connect({socket!r})
    seen['socket'] = 'CONNECTED'
except OSError as exc:
    seen['socket'] = type(exc).__name__
print('SEEN', json.dumps(seen))
"""


@needs_bwrap
def test_a_sandboxed_cell_sees_no_host_secret_socket_or_environment(project: Path) -> None:
    # a host socket outside /tmp (the sandbox has its own /tmp): /var/tmp, as a daemon's might be
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        path = os.path.join(folder, "host.sock")
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        server.listen(1)
        try:
            add_visit(project, A, SNOOP.format(socket=path))
            done = render(project, "--sandbox", extra_env={
                "RINGKAS_SMTP_PASSWORD": "rahasia-smtp", "AWS_SECRET_ACCESS_KEY": "rahasia-aws"})
            assert done.returncode == 0, done.stderr
            out = printed(project, A)
            seen = json.loads(out.split("SEEN ", 1)[1])
            # the same notebook outside the sandbox does see them (the test can fail)
            unsandboxed = render(project, "--force")
            assert unsandboxed.returncode == 0, unsandboxed.stderr
            assert json.loads(printed(project, A).split("SEEN ", 1)[1])["socket"] == "CONNECTED"
        finally:
            server.close()
    assert seen["socket"] in ("FileNotFoundError", "ConnectionRefusedError")
    assert not seen["shadow"] and not seen["home"] and not seen["run"] and not seen["var"]
    assert "shadow" not in seen["etc"] and "passwd" not in seen["etc"]
    assert "rahasia" not in out
    assert not {"RINGKAS_SMTP_PASSWORD", "AWS_SECRET_ACCESS_KEY"} & set(seen["env"])
    # the sandbox's own, and what ipykernel and debugpy set in the kernel itself
    allowed = {"HOME", "TMPDIR", "MPLCONFIGDIR", "IPYTHONDIR", "PWD", *KEPT_ENV, "MPLBACKEND",
               "TERM", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "PAGER", "GIT_PAGER",
               "PYDEVD_USE_FRAME_EVAL"}
    assert {name for name in seen["env"]
            if not name.startswith(("LC_", "JPY_"))} <= allowed, seen["env"]
