"""Nothing a render starts outlives it, however it ends.

- a daemon a cell starts in a session of its own with an empty environment (a double fork:
  no process group, no mark to find it by) ends with the render;
- `kill -9` of `ringkas render` ends its forkserver, pool workers, kernels and what their cells
  started, and its scratch folders are gone once the next render has run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notebooks import add_visit, project_folders
from tests.processes import alive, descendants

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="needs Linux (/proc, prctl)")]

A, B = "2023-03-14-satu", "2023-03-15-dua"


def command(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render", "--format",
            "html", "--brief-lang", "id", "--audience", "teknis", *args]


def environment(tmpdir: Path) -> dict[str, str]:
    return {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path),
            "TMPDIR": str(tmpdir)}


def wait_until(condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Return once `condition()` holds, or after `seconds`; the caller asserts it."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_daemon_started_with_an_empty_environment_ends_with_the_render(tmp_path: Path
                                                                        ) -> None:
    project = project_folders(tmp_path / "project")
    pidfile = tmp_path / "daemon.pid"
    setsid, sh, sleep = (shutil.which(name) for name in ("setsid", "sh", "sleep"))
    assert setsid and sh and sleep
    # sh backgrounds sleep and exits: sleep is orphaned, in a session of its own, unmarked
    add_visit(project, A, "import subprocess\n"
              f"subprocess.run([{setsid!r}, {sh!r}, '-c', "
              f"'{sleep} 600 >/dev/null 2>&1 & echo $! > {pidfile}'], env={{}}, check=True)\n"
              f"print('DAEMON', open({str(pidfile)!r}).read().strip())")
    (tmp_path / "tmp").mkdir()
    done = subprocess.run(command(project, "--jobs", "1"), env=environment(tmp_path / "tmp"),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    pid = int(pidfile.read_text())
    try:
        wait_until(lambda: not alive(pid), 10)  # SIGKILL is delivered, not waited for
        assert not alive(pid)
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_of_a_render_leaves_no_process_and_no_scratch_folder(tmp_path: Path, jobs: str
                                                                   ) -> None:
    project = project_folders(tmp_path / "project")
    tmpdir, running = tmp_path / "tmp", tmp_path / "running"
    tmpdir.mkdir()
    running.mkdir()
    for visit_id in (A, B):  # each cell starts a child, says it runs, and waits
        add_visit(project, visit_id, "import os, subprocess, time\n"
                  "subprocess.Popen(['sleep', '600'])\n"
                  f"open(os.path.join({str(running)!r}, str(os.getpid())), 'w').close()\n"
                  "time.sleep(600)")
    render = subprocess.Popen(command(project, "--jobs", jobs), env=environment(tmpdir),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree: set[int] = set()
    try:
        kernels = 1 if jobs == "1" else 2
        wait_until(lambda: len(os.listdir(running)) >= kernels, 300)
        assert len(os.listdir(running)) >= kernels, "no kernel ran its cell"
        tree = descendants(render.pid)  # workers, forkserver, kernels, the cells' sleeps
        assert len(tree) >= 2 * kernels, tree
        # the kernels' socket folders and the units' scratch folders, while it runs
        assert {p.name.rsplit("-", 1)[0] for p in tmpdir.iterdir()} >= {"ringkas-kernel",
                                                                          "ringkas-unit"}
        render.kill()
        render.wait()
        wait_until(lambda: not any(alive(pid) for pid in tree), 30)
        assert [pid for pid in tree if alive(pid)] == []
    finally:
        render.kill()
        for pid in tree:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    other = project_folders(tmp_path / "next")  # the next render, of anything
    add_visit(other, A, code=None)
    done = subprocess.run(command(other), env=environment(tmpdir), capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    # (multiprocessing's own pymp-* folder of the forkserver's socket may stay: not ringkas's)
    assert sorted(path.name for path in tmpdir.glob("ringkas-*")) == []
