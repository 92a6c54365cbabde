"""A render killed at any moment loses nothing: every brief is the old one or the new one.

Two visits are rendered completely (version 1: HTML and PDF, id and en, `--jobs 2`) and their
search index built; the notebooks then change (version 2), and one complete render of them gives
the new briefs and the length of a render's startup and writing. Then, from the old briefs put
back each time, `ringkas render --jobs 2` is started and SIGKILLed with its whole process tree
(workers, forkserver, kernels) at seeded random moments spread over those two phases. After each
kill every brief must be whole (PDF parses, HTML ends with `</html>`, notebook valid) and byte
for byte the old or the new one (executed notebooks with their timestamps normalised); no
temporary file may pass for a brief; the manifest, catalogue and search index must be readable;
the sources untouched. A last, uninterrupted run must finish the job: exit 0, the new briefs, no
temporary file left by any kill, and a run after it finds everything fresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from pypdf import PdfReader

from ringkas.build import pipeline as publish
from ringkas.build.manifest import FORMAT, Fingerprints
from ringkas.knowledge import search
from tests.notebooks import tagged, visit_notebook, write

SEED = 20240115
#: Kill points: a few while the run starts up (imports, workers, kernels: nothing is written
#: yet), most while it writes and moves files, which is where anything could be lost.
STARTUP_KILLS, WRITING_KILLS = 2, 6
VISITS = ("2023-03-14-satu", "2023-03-15-dua")
BRIEF_NAMES = {f"{visit}.{audience}.{lang}.{ext}" for visit in VISITS
               for audience in ("pimpinan", "teknis") for lang in ("id", "en")
               for ext in ("html", "pdf", "ipynb")}
TEMPORARY = re.compile(r"^\.[^/]+\.tmp$")
#: Keys of an executed notebook that change on every run (papermill's clock, nbclient's).
VOLATILE_KEYS = {"start_time", "end_time", "duration", "execution"}
RUN_TAG = "RINGKAS_TEST_RUN"

Files = dict[str, bytes]


# --- the project and the runs -----------------------------------------------------------------

def make_project(root: Path) -> Path:
    for visit_id in VISITS:
        nb = visit_notebook()
        nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
        nb.cells[2].source = f"Ringkasan VERSI-1 kunjungan {visit_id}."
        nb.cells.append(tagged(new_code_cell(
            "# Judul: Uji\n# Sumber: data uji\nprint('EVIDENCE-OUTPUT')"), "evidence"))
        write(nb, root / "notebooks" / "visits", visit_id)
    (root / "data" / "indicators").mkdir(parents=True)
    (root / "tmp").mkdir()  # TMPDIR of the runs: what a killed kernel leaves stays in here
    return root


def sources(project: Path) -> list[Path]:
    return sorted((project / "notebooks" / "visits").glob("*.ipynb"))


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    tag: str  # in the environment of every process of the run, kernels included
    started: float = field(default_factory=time.perf_counter)


def start(project: Path, *args: str) -> Run:
    """`ringkas ARGS` in a session of its own, its output in tmp/<tag>.log."""
    tag = uuid.uuid4().hex
    env = {**os.environ, RUN_TAG: tag, "TMPDIR": str(project / "tmp"), "RINGKAS_LANG": "en"}
    with (project / "tmp" / f"{tag}.log").open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "ringkas.cli", "--project",
                                    str(project), *args], env=env, cwd=project, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return Run(process, tag)


def finish(project: Path, *args: str) -> str:
    """Run `ringkas ARGS` to the end; its summary line."""
    run = start(project, *args)
    code = run.process.wait(timeout=300)
    output = (project / "tmp" / f"{run.tag}.log").read_text()
    assert code == 0, output[-3000:]
    return next((line for line in output.splitlines() if line.startswith("Done in")), output)


def mtimes(briefs: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in briefs.rglob("*") if p.is_file()}


def wait_for_writing(run: Run, briefs: Path, before: dict[Path, int]) -> float:
    """Seconds from the start of `run` until it wrote its first file (or ended).

    Files that disappear do not count: the run starts by removing what a killed one left.
    """
    def wrote() -> bool:
        return any(before.get(path) != mtime for path, mtime in mtimes(briefs).items())

    while run.process.poll() is None and not wrote():
        time.sleep(0.05)
    return time.perf_counter() - run.started


@dataclass(frozen=True)
class KillPoint:
    phase: str  # "startup": counted from the start; "writing": from the run's first write
    after: float  # seconds

    def __str__(self) -> str:
        return f"{self.phase} + {self.after:4.1f} s"


def kill_points(first_write: float, ended: float) -> list[KillPoint]:
    """Seeded moments stratified over a run's startup and over its writing.

    Writing moments count from each run's own first write: how long startup takes (imports,
    workers, kernels) varies from run to run with the machine's load, the writing must be hit.
    """
    rng = random.Random(SEED)
    writing = ended - first_write
    return [KillPoint("startup", first_write * (k + rng.random()) / STARTUP_KILLS)
            for k in range(STARTUP_KILLS)] + [
            KillPoint("writing", writing * (k + rng.random()) / WRITING_KILLS)
            for k in range(WRITING_KILLS)]


def tagged_pids(tag: str) -> list[int]:
    """Processes of one run, found by the tag they inherited (a kernel has its own session)."""
    mark = f"{RUN_TAG}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone already
            continue
    return found


def kill_all(run: Run) -> None:
    """SIGKILL the run's process group, then any process of the run that lives elsewhere."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.process.pid, signal.SIGKILL)
    run.process.wait(timeout=30)
    for _ in range(50):
        pids = tagged_pids(run.tag)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
    raise AssertionError(f"processes of the killed run survive: {pids}")


# --- what a kill left ---------------------------------------------------------------------------

def normalised(name: str, data: bytes) -> bytes:
    """Executed notebooks without their timestamps; everything else as it is."""
    if not name.endswith(".ipynb"):
        return data

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in VOLATILE_KEYS}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(json.loads(data)), sort_keys=True).encode()


@dataclass
class Inspection:
    files: Files = field(default_factory=dict)  # brief name -> normalised bytes
    problems: list[str] = field(default_factory=list)
    temporaries: list[str] = field(default_factory=list)


def inspect_briefs(project: Path, source_hashes: dict[Path, str]) -> Inspection:
    """Everything a reader could trip over after a kill, and the bytes of every brief."""
    seen = Inspection()
    briefs = project / "briefs"
    for visit_id in VISITS:
        for path in sorted((briefs / visit_id).iterdir()):
            if TEMPORARY.match(path.name):
                seen.temporaries.append(path.name)
            elif path.name == "revisions.json":  # the revision log: whole, as each brief
                try:
                    json.loads(path.read_bytes())
                except ValueError:
                    seen.problems.append(f"torn revision log of {visit_id}")
            elif path.name not in BRIEF_NAMES:
                seen.problems.append(f"unexpected file {path.name}")
            else:
                data = path.read_bytes()
                seen.problems += whole(path.name, data)
                seen.files[path.name] = normalised(path.name, data)
    seen.problems += [f"brief missing: {n}" for n in sorted(BRIEF_NAMES - seen.files.keys())]
    seen.problems += shared_files(briefs)
    seen.problems += [f"source written: {p.name}" for p, digest in source_hashes.items()
                      if sha256(p) != digest]
    return seen


def whole(name: str, data: bytes) -> list[str]:
    """Problems of one brief file read on its own: torn, empty, unparseable."""
    try:
        if name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), "does not end with </html>"
        elif name.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1, "no pages"
        else:
            nbformat.validate(nbformat.reads(data.decode(), as_version=4))
    except Exception as exc:  # noqa: BLE001 (any failure to read is the finding)
        return [f"{name} unreadable: {type(exc).__name__}: {exc}"[:300]]
    return []


def shared_files(briefs: Path) -> list[str]:
    """The manifest, the catalogue and the search index, each readable."""
    problems = []
    try:
        manifest = json.loads((briefs / ".ringkas-manifest.json").read_text())
        assert manifest["format"] == FORMAT and set(VISITS) <= set(manifest["visits"])
        assert (briefs / "index.html").read_text().rstrip().endswith("</html>")
        with sqlite3.connect(f"{(briefs / 'kb.sqlite').as_uri()}?mode=ro", uri=True) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("SELECT count(*) FROM docs").fetchone()[0] > 0
    except Exception as exc:  # noqa: BLE001
        problems.append(f"manifest, catalogue or index unreadable: {type(exc).__name__}: {exc}")
    return problems


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def neither_old_nor_new(after_kill: Files, old: Files, new: Files) -> list[str]:
    return [name for name, data in after_kill.items() if data not in (old[name], new[name])]


# --- the test ------------------------------------------------------------------------------------

def restore(briefs: Path, saved: Path) -> None:
    """Put the old briefs, manifest and index back; temporaries a kill left stay where they are."""
    for path in saved.rglob("*"):
        if path.is_file():
            shutil.copy2(path, briefs / path.relative_to(saved))


Kill = tuple[KillPoint, bool, Inspection]  # where, whether the run was still going, what it left


def interrupted_runs(project: Path, saved: Path, hashes: dict[Path, str],
                     points: list[KillPoint]) -> list[Kill]:
    """Start a render from the old briefs and kill it at each point; what each kill left."""
    briefs, kills = project / "briefs", []
    for point in points:
        restore(briefs, saved)
        before = mtimes(briefs)
        run = start(project, "render", "--jobs", "2")
        if point.phase == "writing":
            wait_for_writing(run, briefs, before)
        time.sleep(point.after)
        interrupted = run.process.poll() is None
        kill_all(run)
        kills.append((point, interrupted, inspect_briefs(project, hashes)))
    return kills


@pytest.mark.slow
def test_a_killed_render_loses_nothing_and_the_next_run_finishes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    briefs, saved = project / "briefs", tmp_path / "old-briefs"
    finish(project, "render", "--jobs", "2")
    finish(project, "search", "x")
    shutil.copytree(briefs, saved)
    for path in sources(project):
        path.write_text(path.read_text().replace("VERSI-1", "VERSI-2"))
    hashes = {path: sha256(path) for path in sources(project)}
    old = inspect_briefs(project, hashes)
    assert old.problems == [] and len(old.files) == len(BRIEF_NAMES)

    before = mtimes(briefs)  # the render the kills interrupt, measured once
    run = start(project, "render", "--jobs", "2")
    first_write = wait_for_writing(run, briefs, before)
    assert run.process.wait(timeout=300) == 0
    duration = time.perf_counter() - run.started
    new = inspect_briefs(project, hashes)
    assert new.problems == [] and all(new.files[n] != old.files[n] for n in BRIEF_NAMES)

    after_kills = interrupted_runs(project, saved, hashes, kill_points(first_write, duration))
    lost = report(after_kills, old.files, new.files, first_write, duration)

    code = Fingerprints.of(project / "data").code
    finish(project, "render", "--jobs", "2")  # finishes what the last kill left undone
    # the scratch folders the kills left, removed by it (its own: removed as it ended)
    assert sorted(p.name for p in (project / "tmp").glob("ringkas-*")) == []
    done = inspect_briefs(project, hashes)
    assert done.problems == [] and done.files == new.files
    assert done.temporaries == [] and list(briefs.glob(".*.tmp")) == []
    again = finish(project, "render", "--jobs", "2")
    edited = Fingerprints.of(project / "data").code != code  # a shared working tree, edited
    assert again.endswith("0 briefs made (0 files), 8 unchanged, 0 visits failed."), (again, edited)

    assert lost == [], lost


def report(after_kills: list[Kill], old: Files, new: Files,
           first_write: float, duration: float) -> list[str]:
    """Print what each kill left; return the kills that lost anything."""
    lost = []
    print(f"\nrender takes {duration:.1f} s, writing from {first_write:.1f} s; "
          f"{len(after_kills)} kill points (seed {SEED}):")
    for point, interrupted, seen in after_kills:
        mixed = neither_old_nor_new(seen.files, old, new)
        fresh = sum(seen.files[n] == new[n] != old[n] for n in seen.files)
        problems = seen.problems + [f"neither old nor new: {n}" for n in mixed]
        print(f"  kill at {point}: {'interrupted' if interrupted else 'had finished'}, "
              f"{fresh}/{len(BRIEF_NAMES)} files new, {len(seen.temporaries)} temporaries left, "
              f"{len(problems)} problems")
        if problems:
            lost.append(f"kill at {point}: {problems[:5]}")
    left = sum(len(seen.temporaries) for _, _, seen in after_kills)
    print(f"  {len(lost)} of {len(after_kills)} kills lost anything; {left} temporaries left, "
          f"for the next runs to remove")
    return lost


def test_a_render_removes_stale_temporaries_but_not_the_search_index_one(tmp_path: Path) -> None:
    """What a killed run left goes; a search building its index right now keeps its file."""
    out = tmp_path / "briefs"
    (out / VISITS[0]).mkdir(parents=True)
    (out / "notes").mkdir()
    left = [out / VISITS[0] / f".{VISITS[0]}.teknis.id.pdf.k3j2.tmp",
            out / ".index.html.x1.tmp", out / ".ringkas-manifest.json.y2.tmp"]
    kept = [out / f".{search.INDEX_NAME}.z3.tmp", out / "notes" / ".mine.tmp",
            out / VISITS[0] / f"{VISITS[0]}.teknis.id.pdf"]
    for path in left + kept:
        path.write_bytes(b"x")
    publish.remove_stale_temporaries(out)
    assert [p.exists() for p in left + kept] == [False] * len(left) + [True] * len(kept)
