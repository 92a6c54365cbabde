"""The output folder's lock and the manifest's merge, without rendering anything."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from ringkas.build.lock import LOCK_NAME, output_lock
from ringkas.build.manifest import Manifest
from ringkas.contract.problems import MessageError

#: Holds the lock until its stdin closes, or for two minutes at most: a `wait=False` that
#: waits after all then gets the lock and the test fails, instead of hanging for good.
HOLD = """
import select, sys
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire(); print("held", flush=True)
select.select([sys.stdin], [], [], 120)
"""


def test_the_lock_is_reentrant_in_one_process(tmp_path: Path) -> None:
    with output_lock(tmp_path) as outer, output_lock(tmp_path, wait=False) as inner:
        assert outer is inner and outer.writable
    with output_lock(tmp_path, wait=False):  # released: free again
        pass
    assert (tmp_path / LOCK_NAME).exists()


@pytest.mark.timeout(300)
def test_another_process_holding_the_lock_makes_no_wait_fail(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / LOCK_NAME)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(MessageError) as caught, output_lock(tmp_path, wait=False):
            pass
        assert caught.value.code == "render.lock_busy"
    finally:
        holder.communicate("")
    with output_lock(tmp_path, wait=False) as held:
        assert held.writable


def test_a_waiting_render_takes_the_lock_once_the_holder_lets_go(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / LOCK_NAME)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    told: list[Path] = []

    def waiting(folder: Path) -> None:
        told.append(folder)
        assert holder.stdin is not None
        holder.stdin.close()  # the holder's read ends: it exits, and the system frees the lock

    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with output_lock(tmp_path, waiting=waiting) as held:
            assert held.writable
            assert holder.wait() == 0  # it let go before we got in
    finally:
        holder.kill()
        holder.wait()
    assert told == [tmp_path]


def test_the_manifest_merges_what_another_writer_recorded(tmp_path: Path) -> None:
    (tmp_path / "2023-03-14-a").mkdir()
    ours, theirs = Manifest.read(tmp_path), Manifest.read(tmp_path)
    theirs.record("2023-03-15-b", {"title": "B"}, {"x.html": "1" * 64}, "kunci")
    assert theirs.write()
    ours.record("2023-03-14-a", {"title": "A"}, {"y.html": "2" * 64}, "kunci")
    assert ours.write()
    assert set(Manifest.read(tmp_path).visits) == {"2023-03-14-a", "2023-03-15-b"}
    before = (tmp_path / ".ringkas-manifest.json").stat().st_mtime_ns
    assert not Manifest.read(tmp_path).write()  # nothing changed: nothing written
    assert (tmp_path / ".ringkas-manifest.json").stat().st_mtime_ns == before


def test_an_output_is_stale_when_changed_or_missing(tmp_path: Path) -> None:
    folder = tmp_path / "2023-03-14-a"
    folder.mkdir()
    (folder / "a.html").write_text("asli")
    (folder / "b.html").write_text("asli")
    digest = hashlib.sha256(b"asli").hexdigest()
    manifest = Manifest.read(tmp_path)
    manifest.record("2023-03-14-a", {}, {"a.html": digest, "b.html": digest}, "k")
    assert manifest.fresh("2023-03-14-a", ["a.html", "b.html"], "k", folder)
    (folder / "a.html").write_text("diubah")
    (folder / "b.html").unlink()
    assert manifest.stale("2023-03-14-a", ["a.html", "b.html", "c.html"], "k", folder) == {
        "a.html": "changed", "b.html": "missing", "c.html": "outdated"}
    assert manifest.stale("2023-03-14-a", ["a.html"], "other", folder) == {"a.html": "outdated"}
