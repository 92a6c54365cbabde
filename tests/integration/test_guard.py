"""Notebook code cannot damage briefs or sources unnoticed, nor outlive its render.

- an output changed or removed since ringkas wrote it (by a cell of another visit, by a
  person) is noticed by its hash on the next render, rendered again, and the summary says so;
- a cell that writes its own (or another) notebook fails its visit, and the notebook is put
  back from the bytes read at the start, the changed file kept beside it;
- processes a cell started (a forked child, a `sleep 300`, one in a session of its own) end
  with the kernel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ringkas.build.manifest import MANIFEST_NAME
from ringkas.i18n.messages import say
from tests.notebooks import add_visit, project_folders
from tests.processes import alive

pytestmark = pytest.mark.slow

A, B = "2023-03-14-satu", "2023-03-15-dua"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def render(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render", "--format",
         "html", "--brief-lang", "id", "--jobs", "1", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def brief(project: Path, visit_id: str, audience: str = "pimpinan", ext: str = "html") -> Path:
    return project / "briefs" / visit_id / f"{visit_id}.{audience}.id.{ext}"


def test_a_brief_defaced_by_another_visits_cell_is_noticed_and_rendered_again(project: Path
                                                                              ) -> None:
    add_visit(project, A)
    add_visit(project, B)
    assert render(project).returncode == 0
    good = brief(project, B).read_bytes()
    # visit A's code now writes over B's brief (by its absolute path: the code runs in a
    # scratch folder, no relative path reaches the project)
    target = str(brief(project, B))
    add_visit(project, A, f"open({target!r}, 'w').write('DEFACED')\nprint('EVIDENCE-OUTPUT')")
    assert render(project).returncode == 0
    assert brief(project, B).read_text() == "DEFACED"  # B was fresh when planned

    done = render(project)
    assert done.returncode == 0, done.stderr
    assert say("render.repaired_changed", "en", count=1) in done.stdout.splitlines()
    # B again, A unchanged
    assert "2 briefs made (2 files), 2 unchanged, 0 visits failed." in done.stdout
    assert brief(project, B).read_bytes() != b"DEFACED"
    assert b"SENTINEL-SUMMARY" in brief(project, B).read_bytes()
    assert len(brief(project, B).read_bytes()) == len(good)  # the same brief, rendered anew


def test_a_removed_brief_is_rendered_again_and_named(project: Path) -> None:
    add_visit(project, A)
    assert render(project).returncode == 0
    brief(project, A, "teknis").unlink()
    done = render(project)
    assert done.returncode == 0, done.stderr
    assert say("render.repaired_missing", "en", count=1) in done.stdout.splitlines()
    assert brief(project, A, "teknis").is_file()
    again = render(project)  # and then all is fresh, and nothing is rewritten
    manifest = project / "briefs" / MANIFEST_NAME
    assert "0 briefs made (0 files), 2 unchanged" in again.stdout
    assert "rendered again" not in again.stdout
    outputs = json.loads(manifest.read_text())["visits"][A]["outputs"]
    assert all(len(entry["sha256"]) == 64 for entry in outputs.values())


def test_a_cell_that_writes_its_own_notebook_fails_and_the_notebook_is_put_back(
        project: Path) -> None:
    path = project / "notebooks" / "visits" / f"{A}.ipynb"
    source = add_visit(project, A, "import os\n"
                       f"p = {str(path)!r}\nopen(p, 'w').write('{{}}')\nprint('DONE')")
    before = source.read_bytes()
    done = render(project)
    assert done.returncode == 1
    kept = path.with_name(f".{path.name}.changed")
    assert say("render.source_changed", "en", visit=A, path=path, kept=kept) in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == before
    assert kept.read_text() == "{}"
    assert not brief(project, A).exists()  # the unit failed: nothing published


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_processes_a_cell_started_end_with_the_render(project: Path) -> None:
    add_visit(project, A, "import os, subprocess, time\n"
              "sleeper = subprocess.Popen(['sleep', '300'])\n"
              "child = os.fork()\n"
              "if child == 0:\n    time.sleep(300)\n    os._exit(0)\n"
              "daemon = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
              "print('PIDS', sleeper.pid, child, daemon.pid)")
    add_visit(project, B)  # two units: they run in pool workers
    done = render(project, "--audience", "teknis", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    executed = brief(project, A, "teknis", "ipynb").read_text()
    pids = [int(n) for n in executed.split("PIDS ", 1)[1].split("\\n", 1)[0].split()]
    assert len(pids) == 3
    deadline = time.monotonic() + 10  # SIGKILL is delivered, not waited for: a moment at most
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids), pids
