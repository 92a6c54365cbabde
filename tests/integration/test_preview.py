"""`ringkas preview` at work: live re-renders, the last good brief kept through every kind of
breakage, debounce and supersede, a clean stop, and the Jupyter server extension behind its
token. Each server a test starts binds 127.0.0.1 and is stopped by the test."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from ringkas.preview import session as session_module
from ringkas.preview.previews import Previews
from ringkas.preview.session import PreviewSession, View
from ringkas.project.paths import Project, templates_dir
from tests.jupyter_server import TOKEN, running_jupyter
from tests.notebooks import ROOT, tagged, visit_notebook, write
from tests.processes import descendants

pytestmark = pytest.mark.slow
VISIT = "2023-03-14-contoh"
EVIDENCE = ("# Judul: Angka contoh\n# Sumber: data uji\nimport os\n"
            "print(open(os.path.join(os.environ['RINGKAS_DATA'], 'indicators', 'angka.csv'))"
            ".read())")
WAIT = 180.0  # seconds: generous, a loaded machine is slow; nothing here asserts a speed


def make_project(root: Path, *, evidence: bool = True) -> Path:
    nb = visit_notebook()
    if evidence:
        nb.cells.append(tagged(new_code_cell(EVIDENCE), "evidence"))
        nb.cells[-1].id = f"cell-{len(nb.cells)}"
    write(nb, root / "notebooks" / "visits", VISIT)
    (root / "data" / "indicators").mkdir(parents=True)
    (root / "data" / "indicators" / "angka.csv").write_text("tahun,nilai\n2023,DATA-1\n")
    return root / "notebooks" / "visits" / f"{VISIT}.ipynb"


def edit(path: Path, change: Callable[[nbformat.NotebookNode], None]) -> None:
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def summary(text: str) -> Callable[[nbformat.NotebookNode], None]:
    def change(nb: nbformat.NotebookNode) -> None:
        nb.cells[2].source = text
    return change


def until(session: PreviewSession, test: Callable[[View], bool]) -> View:
    view = session.wait("teknis", "id", lambda v: not v.busy and test(v), WAIT)
    assert test(view), (view.generation, view.error, view.problems)
    return view


@pytest.fixture
def previews(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Previews]:
    monkeypatch.setattr(session_module, "SETTLE", 1.0)  # two saves well within it render once
    make_project(tmp_path)
    live = Previews(Project(tmp_path), lang="en")
    yield live
    live.close()


def test_the_preview_follows_the_notebook_and_keeps_the_last_good_brief(
        previews: Previews, tmp_path: Path) -> None:
    session = previews.session(VISIT)
    assert session is not None
    path = session.path
    view = until(session, lambda v: v.html is not None and "DATA-1" in v.html)
    assert "SENTINEL-SUMMARY" in view.html and view.error is None

    # two saves in quick succession: one render, of the second
    before = session.renders
    edit(path, summary("Ringkasan PERTAMA."))
    edit(path, summary("Ringkasan KEDUA."))
    view = until(session, lambda v: "KEDUA" in (v.html or ""))
    assert session.renders == before + 1 and "PERTAMA" not in view.html

    # a save during a render supersedes it: its result is never shown
    with previews.render_lock:
        seen = session._generation
        edit(path, summary("Ringkasan KETIGA."))
        deadline = time.monotonic() + WAIT
        while session._generation == seen and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(session_module.SETTLE + 0.5)  # the render thread now waits for this lock
        edit(path, summary("Ringkasan KEEMPAT."))
        while session._generation == seen + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    view = until(session, lambda v: "KEEMPAT" in (v.html or ""))
    assert session.superseded >= 1 and view.generation == session._generation
    good = view.html

    # an empty required section: the problem with its cell number, the last good brief
    edit(path, summary(""))
    view = until(session, lambda v: any(p.is_error for p in v.problems))
    assert [p.cell for p in view.problems if p.is_error] == [3] and view.html == good

    # a failing cell: its number and error, the last good brief below
    def breaks(nb: nbformat.NotebookNode) -> None:
        nb.cells[2].source = "Ringkasan KELIMA."
        nb.cells[-1].source = "# Judul: x\n# Sumber: y\nraise ValueError('RUSAK-SENGAJA')"
    edit(path, breaks)
    view = until(session, lambda v: v.error is not None)
    assert "cell 12" in view.error.text("en") and "RUSAK-SENGAJA" in view.error.text("en")
    assert view.html == good

    # saved half-way, deleted, then back
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    view = until(session, lambda v: [p.code for p in v.problems] == ["file.not_json"])
    path.unlink()
    view = until(session, lambda v: [p.code for p in v.problems] == ["file.missing"])
    assert view.html == good
    make_project(tmp_path / "again")
    shutil.copy(tmp_path / "again" / "notebooks" / "visits" / f"{VISIT}.ipynb", path)
    until(session, lambda v: v.problems == [] and "SENTINEL-SUMMARY" in (v.html or ""))

    # a data file removed: the evidence cell fails, the brief stays
    (tmp_path / "data" / "indicators" / "angka.csv").unlink()
    view = until(session, lambda v: v.error is not None)
    assert "FileNotFoundError" in view.error.text("en") and "SENTINEL-SUMMARY" in view.html

    # a template edited: compiled again, every session re-rendered
    generation = session._generation
    previews.changed({templates_dir() / "brief" / "index.html.j2"})
    until(session, lambda v: v.generation > generation)
    assert previews._templates_changed is False


# --- stopping -------------------------------------------------------------------------------

def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def in_group(pgid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def fetch(url: str, timeout: float = WAIT) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http)
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def start_preview(project: Path, tmpdir: Path, *args: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "ringkas.cli", "--lang", "en", "--project", str(project),
         "preview", *args, "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, start_new_session=True)
    line = process.stdout.readline()
    assert "http://127.0.0.1:" in line, line + process.stderr.read()
    return process, line.split(" at ")[1].split()[0]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_server_and_leaves_nothing(tmp_path: Path, signum: int) -> None:
    make_project(tmp_path / "project")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    process, url = start_preview(tmp_path / "project", tmpdir, VISIT, "--audience", "teknis")
    try:
        status, _ = fetch(url)
        assert status == 200 and "DATA-1" in fetch(url.replace("?", "/brief.html?"))[1]
        children = descendants(process.pid)
        assert children, "the kernel runs in a child process"
        assert any(p.name.startswith("ringkas-kernel-") for p in tmpdir.iterdir())
        if signum == signal.SIGINT:  # Ctrl-C in a terminal: the whole foreground group
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        out, err = process.communicate(timeout=WAIT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, err
    assert "Preview stopped." in out and "Traceback" not in err
    assert [pid for pid in children if alive(pid)] == []
    assert in_group(process.pid) == []
    assert sorted(p.name for p in tmpdir.iterdir() if p.name.startswith("ringkas-")) == []


# --- inside Jupyter ---------------------------------------------------------------------------

def test_the_shipped_config_enables_the_extension(tmp_path: Path) -> None:
    config = tmp_path / "config" / "jupyter_server_config.d"
    config.mkdir(parents=True)
    shutil.copy(ROOT / "jupyter-config" / "jupyter_server_config.d" / "ringkas.json", config)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "PYTHONPATH": str(ROOT / "src")}
    listed = subprocess.run([sys.executable, "-m", "jupyter", "server", "extension", "list"],
                            capture_output=True, text=True, env=env, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # its colours
    assert "ringkas.preview enabled" in text and "- Validating ringkas.preview..." in text, text
    assert "ringkas.preview  OK" in text, text


def test_the_jupyter_extension_serves_the_preview_behind_the_token(tmp_path: Path) -> None:
    make_project(tmp_path / "project", evidence=False)  # no code: no kernel needed
    token = TOKEN
    with running_jupyter(tmp_path / "project", tmp_path) as base:
        page = f"{base}/ringkas/preview/{VISIT}"
        status, body = fetch(f"{page}?token={token}")
        assert status == 200 and "SENTINEL-SUMMARY" in fetch(
            f"{page}/brief.html?token={token}")[1]
        assert 'sandbox="allow-same-origin' in body
        opener = urllib.request.build_opener(NoRedirect)
        for url in (page, f"{page}/brief.html", f"{page}/brief.pdf", f"{page}/panel",
                    f"{page}/events", f"{base}/ringkas/preview/"):
            try:
                response = opener.open(url, timeout=WAIT)
                status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read().decode()
            assert status in (302, 403), (url, status)
            assert "SENTINEL" not in body and VISIT not in body.split("next=")[0]
        assert fetch(f"{base}/ringkas/preview/..%2F..%2Fetc%2Fpasswd?token={token}")[0] == 404


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_the_config_file_names_the_extension_module() -> None:
    config = json.loads((ROOT / "jupyter-config" / "jupyter_server_config.d" / "ringkas.json")
                        .read_text(encoding="utf-8"))
    assert config == {"ServerApp": {"jpserver_extensions": {"ringkas.preview": True}}}
    import ringkas.preview as extension

    assert extension._jupyter_server_extension_points() == [{"module": "ringkas.preview"}]
