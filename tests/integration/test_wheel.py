"""The package from its wheel, away from this repository: init, new, import, check, render, search.

The wheel is built from this checkout (`pip wheel --no-deps`) and installed with `--no-deps`
into a new venv whose dependencies come from the interpreter running the tests (a .pth file
naming its site-packages, and JUPYTER_PATH their data files such as nbconvert's base templates),
not from PyPI: a full install takes minutes. So this is not a fresh
install of the dependencies; what it proves is that the wheel carries ringkas whole (its
templates, message catalogues and skeleton notebook), because every command runs the venv's
`ringkas` from a temporary folder outside the repository, with PYTHONPATH and RINGKAS_HOME unset,
and the test checks that the ringkas imported is the venv's own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.notebooks import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # builds a wheel, installs it in a venv

REPORT = """Studi Referensi Penanggulangan Kemiskinan ke Kabupaten Banyuwangi

Senin, 4 Maret 2024

Bappeda Kota Malang melaksanakan studi referensi ke Kabupaten Banyuwangi untuk mempelajari
layanan keliling bagi warga lansia. Pemerintah Kabupaten Banyuwangi menjelaskan bahwa mobil
layanan datang ke kelurahan setiap pekan.
"""


def sh(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(list(map(str, command)), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RINGKAS_HOME")}
    sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT],
       work, env)
    [wheel] = (work / "dist").glob("ringkas-*.whl")
    sh([sys.executable, "-m", "venv", "--without-pip", work / "venv"], work, env)
    python = work / "venv" / "bin" / "python"
    site = Path(sh([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   work, env).strip())
    # the dependencies, after the venv's own site-packages (so that its ringkas comes first)
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    sh([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel],
       work, env)
    return work / "venv"


def test_the_wheel_carries_templates_catalogues_and_skeleton(venv: Path) -> None:
    [wheel] = (venv.parent / "dist").glob("ringkas-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ringkas/templates/brief/conf.json", "ringkas/templates/visit.ipynb",
                 "ringkas/templates/catalogue/index.html.j2",
                 "ringkas/i18n/locale/id/LC_MESSAGES/ringkas.po",
                 "ringkas/i18n/locale/en/LC_MESSAGES/ringkas.po",
                 "ringkas/authoring/importing/wilayah/regencies.csv",
                 "ringkas/authoring/importing/wilayah/districts.csv",
                 "ringkas/authoring/importing/wilayah/SOURCE.md",
                 "ringkas/templates/laporan/laporan-kunjungan.docx"):
        assert name in names, f"{name} is not in {wheel.name}"


def test_the_wheel_runs_a_project_of_its_own(venv: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RINGKAS_HOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["RINGKAS_LANG"] = "en"
    # the dependencies' data files (nbconvert's base templates) are where they were installed
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = sh([venv / "bin" / "python", "-c", "import ringkas; print(ringkas.__file__)"],
               tmp_path, env)
    assert Path(where.strip()).is_relative_to(venv)
    ringkas = venv / "bin" / "ringkas"
    sh([ringkas, "init", "kb", "--agency", "Bappeda Kota Asal"], tmp_path, env)
    project = tmp_path / "kb"
    sh([ringkas, "new", "--date", "2024-03-05", "--host", "Kota Surabaya", "--title",
        "Studi tiru layanan keliling", "--theme", "perencanaan"], project, env)
    (tmp_path / "laporan.txt").write_text(REPORT, encoding="utf-8")
    sh([ringkas, "import", tmp_path / "laporan.txt"], project, env)
    visits = sorted(p.name for p in (project / "notebooks" / "visits").glob("*.ipynb"))
    assert visits == ["2024-03-04-banyuwangi.ipynb", "2024-03-05-surabaya.ipynb"]
    assert "0 errors" in sh([ringkas, "check"], project, env)
    sh([ringkas, "render", "--format", "html"], project, env)
    briefs = sorted(p.name for p in (project / "briefs").rglob("*.html"))
    assert "index.html" in briefs and len(briefs) > 4
    assert "2024-03-04-banyuwangi" in sh([ringkas, "search", "layanan keliling"], project, env)



def test_the_wheel_carries_the_jupyterlab_panel(venv: Path, tmp_path: Path) -> None:
    """Built by `make labextension`, the panel is in the wheel where JupyterLab finds prebuilt
    extensions, and `jupyter labextension list` in the wheel's venv shows it enabled and OK."""
    if not (ROOT / "src" / "ringkas" / "labextension" / "package.json").is_file():
        pytest.skip("the JupyterLab panel is not built: run `make labextension`")
    [wheel] = (venv.parent / "dist").glob("ringkas-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shared = next(n for n in names if n.endswith("/labextensions/ringkas-panel/package.json"))
    shared = shared.removesuffix("package.json")
    assert shared.endswith(".data/data/share/jupyter/labextensions/ringkas-panel/")
    assert f"{shared}install.json" in names
    assert any(n.startswith(f"{shared}static/remoteEntry.") for n in names)
    assert not any(n.startswith("ringkas/labextension/") for n in names)  # not twice
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RINGKAS_HOME")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               NO_COLOR="1")
    lister = "import sys; from jupyterlab.labextensions import main; sys.exit(main())"
    done = subprocess.run([venv / "bin" / "python", "-c", lister, "list"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # its colours
    ours = output.split(str(venv / "share" / "jupyter" / "labextensions"), 1)
    assert len(ours) == 2, output  # the venv's own labextensions folder is listed...
    assert "ringkas-panel v0.1.0 enabled OK (python, ringkas)" in ours[1], output  # ...with it
