"""`ringkas render --sandbox`: kernels under bubblewrap, with the file system read-only, a
private /tmp and no network; where bubblewrap cannot run, it refuses rather than run code
unsandboxed. The tests that need bwrap skip, saying how to install it, when it is unusable."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ringkas.i18n.messages import say
from ringkas.render.sandbox import sandbox_problem
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


def render(project: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render", "--format",
         "html", "--brief-lang", "id", "--audience", "teknis", "--jobs", "1", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def executed(project: Path, visit_id: str) -> str:
    return (project / "briefs" / visit_id / f"{visit_id}.teknis.id.ipynb").read_text()


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
