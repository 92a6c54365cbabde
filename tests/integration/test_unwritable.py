"""An output folder ringkas cannot write: a render with nothing to do succeeds and writes
nothing; one with work says "cannot write to <path>: <why>" (id/en), exits 1, no traceback.

A read-only folder is made real with a read-only bind mount (bubblewrap), since the tests run
as root, whom permissions do not stop; a full disk and a denied permission are made by the
writes failing as the operating system fails them.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.build import manifest as manifest_module
from ringkas.cli import cli
from ringkas.i18n.messages import say
from ringkas.render.sandbox import sandbox_problem
from tests.notebooks import visit_notebook, write

pytestmark = pytest.mark.slow

VISIT = "2023-03-14-contoh"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(visit_notebook(), tmp_path / "notebooks" / "visits", VISIT)
    (tmp_path / "data").mkdir()
    return tmp_path


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def render(project: Path, *args: str, read_only: Path | None = None
           ) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "ringkas.cli", "--project", str(project), "render",
               "--format", "html", "--brief-lang", "id", "--jobs", "1", *args]
    if read_only is not None:
        command = ["bwrap", "--bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                   "--ro-bind", str(read_only), str(read_only), "--", *command]
    env = {**os.environ, "RINGKAS_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.mark.skipif(sandbox_problem() is not None,
                    reason="a read-only mount needs bubblewrap: `bash scripts/install-bubblewrap`")
def test_a_read_only_briefs_folder_is_fine_until_something_must_be_written(project: Path
                                                                          ) -> None:
    briefs = project / "briefs"
    assert render(project).returncode == 0
    before = snapshot(briefs)

    done = render(project, read_only=briefs)
    assert done.returncode == 0, done.stderr
    assert "0 briefs made (0 files), 2 unchanged, 0 visits failed" in done.stdout
    assert snapshot(briefs) == before  # nothing written, not even the manifest or the lock

    path = project / "notebooks" / "visits" / f"{VISIT}.ipynb"
    path.write_text(path.read_text().replace("SENTINEL-SUMMARY", "VERSI-2"))
    done = render(project, read_only=briefs)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: " + say("render.unwritable_read_only", "en",
                                                  path=briefs)
    assert "Traceback" not in done.stderr
    assert snapshot(briefs) == before


@pytest.mark.parametrize(("number", "code"), [(errno.ENOSPC, "render.unwritable_full"),
                                              (errno.EACCES, "render.unwritable_denied")])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_full_or_forbidden_folder_is_said_so_not_called_a_bug(
        project: Path, monkeypatch: pytest.MonkeyPatch, number: int, code: str,
        lang: str) -> None:
    manifest = project / "briefs" / ".ringkas-manifest.json"

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(number, os.strerror(number), str(path))

    monkeypatch.setattr(manifest_module, "write_atomic", refuse)
    result = CliRunner().invoke(cli, ["--lang", lang, "--project", str(project), "render",
                                      "--format", "html", "--brief-lang", "id", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    prefix = "Galat: " if lang == "id" else "Error: "
    assert result.stderr.strip() == prefix + say(code, lang, path=str(manifest))
    assert not list((project / "briefs").rglob(".*.tmp"))
