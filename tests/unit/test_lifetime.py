"""Scratch folders name the process that made them; a render removes those whose process is
gone (and kills what still runs with its mark), never those of a live process, nor those of a
process it cannot judge (another pid namespace)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ringkas.render import lifetime

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


def dead_stamp() -> str:
    """The stamp of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    started = lifetime.start_time(child.pid)
    child.kill()
    child.wait()
    return f"{child.pid}.{started}.{lifetime.owner_stamp().split('.')[2]}"


def folder(tmp_path: Path, name: str, stamp: str | None) -> Path:
    path = tmp_path / name
    path.mkdir()
    if stamp is not None:
        (path / lifetime.OWNER_FILE).write_text(stamp, "ascii")
    return path


def test_the_folders_of_a_dead_owner_go_with_what_runs_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # TMPDIR read again
    stamp = dead_stamp()
    dead = folder(tmp_path, "ringkas-unit-dead", stamp)
    live = folder(tmp_path, "ringkas-kernel-live", lifetime.owner_stamp())
    foreign = folder(tmp_path, "ringkas-kernel-foreign", stamp.rsplit(".", 1)[0] + ".1")
    young = folder(tmp_path, "ringkas-unit-young", None)  # its owner is writing the stamp
    other = folder(tmp_path, "something-else", stamp)
    orphan = subprocess.Popen(["sleep", "60"], env={**os.environ,
                                                    lifetime.OWNER_MARK: stamp})
    try:
        assert lifetime.sweep_dead_scratch() == [str(dead)]
        deadline = time.monotonic() + 10
        while orphan.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert orphan.poll() is not None
    finally:
        orphan.kill()
        orphan.wait()
    assert not dead.exists() and live.exists() and foreign.exists() and young.exists()
    assert other.exists()
