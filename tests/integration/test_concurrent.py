"""Two renders into one folder at once: the second waits for the first (or, `--no-wait`, stops at
once), nothing of either is lost, and readers (`search`, `kb export`) never wait.

The probe of issue 14: two `ringkas render --force` started together once killed one another
(`FileNotFoundError` in finish: the second removed the first's temporaries as stale, leaving
others behind), and a short render beside a long one dropped a visit from the manifest and the
catalogue while both exited 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from ringkas.build.lock import LOCK_NAME
from ringkas.build.manifest import MANIFEST_NAME
from ringkas.i18n.messages import say
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def start(project: Path, *args: str, formats: str = "html") -> subprocess.Popen:
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render",
         "--format", formats, "--brief-lang", "id", *args],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


def manifest_visits(project: Path) -> set[str]:
    return set(json.loads((project / "briefs" / MANIFEST_NAME).read_text())["visits"])


def test_a_short_render_beside_a_long_one_drops_no_visit(project: Path) -> None:
    """The first render (a new visit) starts first; the second (another visit, slower) starts
    while it runs and, unlocked, ends after it with a manifest read before the first one
    recorded its visit: that visit would drop out of the manifest and the catalogue."""
    add_visit(project, "2023-03-14-lama")
    assert finished(start(project))[0] == 0
    add_visit(project, "2023-03-15-baru", "import time; time.sleep(2); print('BARU')")
    path = project / "notebooks" / "visits" / "2023-03-14-lama.ipynb"
    path.write_text(path.read_text().replace(
        "print('EVIDENCE-OUTPUT')", "import time; time.sleep(6); print('VERSI-2')"))
    first = start(project, "2023-03-15-baru")
    time.sleep(1)  # the order below is what the lock must make safe, whatever it is
    second = start(project, "2023-03-14-lama")
    results = [finished(first), finished(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    assert manifest_visits(project) == {"2023-03-14-lama", "2023-03-15-baru"}
    catalogue = (project / "briefs" / "index.html").read_text()
    assert "2023-03-15-baru" in catalogue and "2023-03-14-lama" in catalogue
    assert temporaries(project / "briefs") == []


def test_two_forced_renders_at_once_both_finish_and_leave_no_temporary(project: Path) -> None:
    """Each unit stages six files (PDFs take a while) before the main process moves them: the
    second render starts while the first has temporaries staged, and must not take them for a
    killed run's."""
    for number in range(1, 4):
        add_visit(project, f"2023-03-1{number}-kota{number}")
    assert finished(start(project, formats="html,pdf"))[0] == 0
    first = start(project, "--force", "--jobs", "1", formats="html,pdf")
    time.sleep(4)
    second = start(project, "--force", "--jobs", "1", formats="html,pdf")
    results = [finished(first), finished(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    assert temporaries(project / "briefs") == []
    assert len(manifest_visits(project)) == 3


def test_a_render_waits_for_the_lock_and_says_so(project: Path) -> None:
    add_visit(project, "2023-03-14-tunggu")
    briefs = project / "briefs"
    briefs.mkdir()
    lock = FileLock(str(briefs / LOCK_NAME))
    with lock:
        waiting = start(project)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # blocks until the render says it waits
        assert line.strip() == say("render.lock_waiting", "en", path=briefs)
        assert waiting.poll() is None  # still waiting: nothing written meanwhile
        assert not (briefs / MANIFEST_NAME).exists()
    code, out, err = finished(waiting)
    assert code == 0, err
    assert "2 briefs made" in out and manifest_visits(project) == {"2023-03-14-tunggu"}


def test_no_wait_fails_at_once_while_readers_keep_working(project: Path) -> None:
    add_visit(project, "2023-03-14-sibuk")
    assert finished(start(project))[0] == 0
    briefs = project / "briefs"
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    with FileLock(str(briefs / LOCK_NAME)):
        busy = start(project, "--no-wait")
        try:  # a --no-wait that waits after all fails here, instead of hanging the suite
            err = busy.communicate(timeout=120)[1]
        except subprocess.TimeoutExpired:
            busy.kill()
            busy.communicate()
            pytest.fail("render --no-wait waited for the lock")
        code = busy.returncode
        assert code == 1
        assert err.strip() == "Error: " + say("render.lock_busy", "en", path=briefs)
        assert "Traceback" not in err
        outputs = []
        for command in (["search", "layanan"], ["kb", "export", "--csv", str(project / "kb")]):
            done = subprocess.run(
                [sys.executable, "-m", "ringkas.cli", "--project", str(project), *command],
                cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)
            assert done.returncode == 0, done.stderr
            outputs.append(done.stdout)
    assert "2023-03-14-sibuk" in outputs[0]
    assert (project / "kb" / "visits.csv").is_file()
