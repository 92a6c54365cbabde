"""`ringkas render --watch` as a server runs it: a subprocess in a session of its own, driven by
editing files, stopped by a signal.

One long run goes through what people do while it watches (edit, save twice, add, delete, break,
save half-way) and is stopped by SIGINT sent to its process group, as a terminal's Ctrl-C is;
a short one is stopped by SIGTERM to its main process right after a change, as a service manager
does, most likely while it renders. Each time no process of the run (workers, forkserver,
kernels, found by a tag in their environment: a kernel has a session of its own) and no
temporary file may remain.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from tests.notebooks import tagged, visit_notebook, write

pytestmark = pytest.mark.slow

RUN_TAG = "RINGKAS_TEST_WATCH"
#: Long enough for a first render on a loaded machine; a deadline, not a speed check.
PATIENCE = 300.0
MADE = re.compile(r"^\S+ \S+  (?P<visit>[\w-]+): made \d+ briefs? .* new kernels: (?P<k>\d+)\.$")


def add_visit(project: Path, visit_id: str, summary: str) -> Path:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
    nb.cells[2].source = summary
    nb.cells.append(tagged(new_code_cell(
        "# Judul: Uji\n# Sumber: data uji\nprint('EVIDENCE-OUTPUT')"), "evidence"))
    return write(nb, project / "notebooks" / "visits", visit_id)


def set_summary(path: Path, summary: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = summary
    nbformat.write(nb, path)


def make_project(root: Path) -> Path:
    add_visit(root, "2023-03-14-satu", "Ringkasan VERSI-1 kunjungan satu.")
    add_visit(root, "2023-03-15-dua", "Ringkasan VERSI-1 kunjungan dua.")
    (root / "data" / "indicators").mkdir(parents=True)
    (root / "tmp").mkdir()  # TMPDIR of the run: kernel sockets and connection files go here
    return root


@dataclass
class Watch:
    process: subprocess.Popen[bytes]
    tag: str
    log: Path
    seen: int = 0  # log lines read so far

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def wait_for(self, pattern: str) -> list[str]:
        """The log lines since the last wait, up to the first one matching `pattern`."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            lines = self.lines()
            for number in range(self.seen, len(lines)):
                if re.search(pattern, lines[number]):
                    new, self.seen = lines[self.seen:number + 1], number + 1
                    return new
            assert self.process.poll() is None, "\n".join(lines[-30:])
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}:\n" + "\n".join(self.lines()[-30:]))


def start(project: Path, *args: str, lang: str = "en") -> Watch:
    tag = uuid.uuid4().hex
    env = {**os.environ, RUN_TAG: tag, "TMPDIR": str(project / "tmp"), "RINGKAS_LANG": lang,
           "JUPYTER_RUNTIME_DIR": str(project / "tmp")}
    log = project / f"watch-{tag}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render", "--watch",
             "--format", "html", "--brief-lang", "id", "--jobs", "1", *args],
            env=env, cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    return Watch(process, tag, log)


def processes_of(watch: Watch) -> list[int]:
    """Live processes of the run: in its process group, or carrying its tag."""
    mark = f"{RUN_TAG}={watch.tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] == "Z":
                continue  # exited; only its parent's wait is missing
            in_group = int(fields[2]) == watch.process.pid
            if in_group or mark in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def assert_ended_cleanly(watch: Watch, project: Path) -> None:
    assert watch.process.wait(timeout=PATIENCE) == 0, "\n".join(watch.lines()[-30:])
    for _ in range(100):  # the forkserver and resource tracker leave when they see it gone
        left = processes_of(watch)
        if not left:
            break
        time.sleep(0.1)
    else:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"processes of the watch survive it: {left}")
    assert sorted(p.name for p in (project / "tmp").iterdir()) == []  # sockets, connections
    assert [p for p in (project / "briefs").rglob("*.tmp")] == []


def brief(project: Path, visit_id: str) -> str:
    return (project / "briefs" / visit_id / f"{visit_id}.teknis.id.html").read_text()


def kernels(lines: list[str]) -> int:
    return sum(int(m["k"]) for line in lines if (m := MADE.match(line)))


def test_the_watch_renders_what_changes_and_leaves_nothing_after_sigint(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    visits = project / "notebooks" / "visits"
    watch = start(project)
    first = watch.wait_for(r"  Watching ")
    assert {m["visit"] for line in first if (m := MADE.match(line))} == {
        "2023-03-14-satu", "2023-03-15-dua"}, first
    assert any(line.startswith("Done in ") for line in first)
    made = [line for line in first if MADE.match(line)]

    set_summary(visits / "2023-03-14-satu.ipynb", "Ringkasan VERSI-2 kunjungan satu.")
    new = watch.wait_for(r"2023-03-14-satu: made")
    assert len(new) == 1 and "VERSI-2" in brief(project, "2023-03-14-satu")
    made += new

    # two saves in quick succession: one render, of the second
    set_summary(visits / "2023-03-14-satu.ipynb", "Ringkasan VERSI-3 kunjungan satu.")
    set_summary(visits / "2023-03-14-satu.ipynb", "Ringkasan VERSI-4 kunjungan satu.")
    new = watch.wait_for(r"2023-03-14-satu: made")
    assert len(new) == 1 and "VERSI-4" in brief(project, "2023-03-14-satu")
    made += new

    add_visit(project, "2023-03-16-tiga", "Ringkasan VERSI-1 kunjungan tiga.")
    new = watch.wait_for(r"2023-03-16-tiga: made")
    assert len(new) == 1, new  # and not the other render once more for the save two steps back
    made += new
    assert "VERSI-1 kunjungan tiga" in brief(project, "2023-03-16-tiga")
    catalogue = (project / "briefs" / "index.html").read_text()
    assert "2023-03-16-tiga" in catalogue and "2023-03-15-dua" in catalogue

    (visits / "2023-03-15-dua.ipynb").unlink()
    assert len(watch.wait_for(r"2023-03-15-dua: its notebook was deleted, its briefs")) == 1
    assert not (project / "briefs" / "2023-03-15-dua").exists()
    manifest = json.loads((project / "briefs" / ".ringkas-manifest.json").read_text())
    assert sorted(manifest["visits"]) == ["2023-03-14-satu", "2023-03-16-tiga"]
    assert "2023-03-15-dua" not in (project / "briefs" / "index.html").read_text()

    # a cell that raises: the failure, with its cell, and the last good brief kept
    nb = nbformat.read(visits / "2023-03-14-satu.ipynb", as_version=4)
    nb.cells[2].source = "Ringkasan VERSI-5 kunjungan satu."
    nb.cells.append(tagged(new_code_cell(
        "# Judul: Rusak\n# Sumber: data uji\nraise ValueError('RUSAK-SENGAJA')"), "evidence"))
    nbformat.write(nb, visits / "2023-03-14-satu.ipynb")
    new = watch.wait_for(r"2023-03-14-satu: failed")
    assert len(new) == 1 and "RUSAK-SENGAJA" in new[0] and "the last good briefs stay" in new[0]
    assert "VERSI-4" in brief(project, "2023-03-14-satu")

    # saved half-way: not a notebook yet, a failure line, the briefs still there
    text = (visits / "2023-03-16-tiga.ipynb").read_text()
    (visits / "2023-03-16-tiga.ipynb").write_text(text[: len(text) // 2])
    new = watch.wait_for(r"2023-03-16-tiga: failed")
    assert len(new) == 1 and "VERSI-1 kunjungan tiga" in brief(project, "2023-03-16-tiga")

    # one worker, one kernel, warm from the first render to the last
    assert kernels(made) == 1, made

    assert processes_of(watch)  # the watch, its forkserver, worker and kernel are there
    os.killpg(watch.process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    assert re.search(r"  Stopped: workers and kernels shut down\.$",
                     watch.wait_for(r"  Stopped: ")[-1])
    assert_ended_cleanly(watch, project)


def test_sigterm_while_rendering_stops_the_watch_cleanly(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    watch = start(project, lang="id")  # and the log in the default language
    watch.wait_for(r"  Memantau ")
    set_summary(project / "notebooks" / "visits" / "2023-03-14-satu.ipynb", "Ringkasan baru.")
    time.sleep(0.5)  # most likely rendering now; whenever it comes, SIGTERM must end it cleanly
    os.kill(watch.process.pid, signal.SIGTERM)
    assert watch.wait_for(r"  Berhenti: ")[-1].endswith("Berhenti: pekerja dan kernel sudah "
                                                        "dimatikan.")
    assert_ended_cleanly(watch, project)
    assert "VERSI-1 kunjungan dua" in brief(project, "2023-03-15-dua")
