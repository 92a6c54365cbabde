"""`ringkas init DIR`: a new project of the agency's own, anywhere.

Writes ringkas.toml (the agency's names as given, else empty for the agency to fill: nothing is
invented), the folders a project has (notebooks/visits/, data/, briefs/ with a README), a
.gitignore, a short README and CI workflows for the agency's own repository (GitHub Actions and
GitLab CI) that install ringkas, check and render on every push and keep briefs/ as an artifact.
A folder that is not empty is refused unless `force`; even then no existing file is replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

from ringkas import __version__
from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError
from ringkas.project.paths import CONFIG_NAME

#: The commands the CI workflows run, in order; a test checks that each exists in the CLI.
CI_COMMANDS = ("ringkas check", "ringkas render")
#: WeasyPrint's system libraries, for the PDF briefs (Debian and Ubuntu names).
PDF_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
INSTALL = f'pip install "ringkas=={__version__}"'


def _toml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def config_text(agency: str = "", unit: str = "", home: str = "", home_bps_code: str = "") -> str:
    langs = ", ".join(_toml_text(lang) for lang in C.LANGS)
    return f"""# ringkas.toml: what belongs to the agency, not to one visit.
# Every key is described in ringkas's docs/config.md. Fill in the empty ones.

[agency]
name = {_toml_text(agency)}
unit = {_toml_text(unit)}

[home]
name = {_toml_text(home)}
bps_code = {_toml_text(home_bps_code)}  # 2 digits (province) or 4 (regency, city)

[briefs]
languages = [{langs}]

# The agency's OPDs, one [[opd]] each: `ringkas check` then points out a name not listed.
# [[opd]]
# name = "Dinas Sosial, Pemberdayaan Perempuan dan Keluarga Berencana"
# short = "Dinsos PPKB"

# The letterhead (kop surat) at the head of every brief, and its colours.
# [branding]
# logo = "branding/logo.png"  # PNG or JPEG, at most 1 MB, in this folder
# letterhead = ["PEMERINTAH KABUPATEN ...", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"]
# colour = "#0b3a5d"  # primary: white text on it
# accent = "#c99a2e"
"""


README = f"""# Basis pengetahuan studi banding / Study-visit knowledge base

Dibuat dengan / made with `ringkas init` (ringkas {__version__}).

    ringkas new          # catatan kunjungan baru / a new visit notebook (notebooks/visits/)
    ringkas import FILE  # dari laporan yang ada / from an existing report (.html, .docx, .txt)
    ringkas check        # periksa format / check the format
    ringkas render       # brief HTML dan PDF / HTML and PDF briefs (briefs/)
    ringkas search KATA  # cari / search

Pengaturan instansi / the agency's settings: `ringkas.toml`. Data untuk sel bukti / data for
evidence cells: `data/`.
"""

BRIEFS_README = """# briefs/

Hasil `ringkas render`: brief HTML dan PDF dan halaman katalog (index.html). Jangan disunting:
setiap render menulis ulang. / What `ringkas render` writes: do not edit, every render rewrites.
"""

GITIGNORE = """# rendered output; briefs/README.md stays
/briefs/*
!/briefs/README.md
# `ringkas kb export` without a path
/exports/
# `ringkas distribute`: what is handed to leadership, rebuilt from briefs/
/dist/
.ipynb_checkpoints/
__pycache__/
.venv/
"""

GITHUB_WORKFLOW = f"""# Check the visit notebooks and render the briefs on every push;
# the briefs are kept as an artifact of the run. Written by `ringkas init`.
name: ringkas
on: [push]
jobs:
  briefs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo apt-get update && sudo apt-get install -y {PDF_LIBRARIES}
      - run: {INSTALL}
      - run: {CI_COMMANDS[0]}
      - run: {CI_COMMANDS[1]}
      - uses: actions/upload-artifact@v4
        with:
          name: briefs
          path: briefs/
"""

GITLAB_CI = f"""# Check the visit notebooks and render the briefs on every push;
# the briefs are kept as an artifact of the pipeline. Written by `ringkas init`.
briefs:
  image: python:3.11
  script:
    - apt-get update && apt-get install -y {PDF_LIBRARIES}
    - {INSTALL}
    - {CI_COMMANDS[0]}
    - {CI_COMMANDS[1]}
  artifacts:
    paths:
      - briefs/
"""


def project_files(agency: str = "", unit: str = "", home: str = "",
                  home_bps_code: str = "") -> dict[str, str]:
    """Every file `init` writes, by its path in the project."""
    return {
        CONFIG_NAME: config_text(agency, unit, home, home_bps_code),
        "README.md": README,
        ".gitignore": GITIGNORE,
        "briefs/README.md": BRIEFS_README,
        ".github/workflows/ringkas.yml": GITHUB_WORKFLOW,
        ".gitlab-ci.yml": GITLAB_CI,
    }


FOLDERS = ("notebooks/visits", "data", "briefs")


def init_project(folder: Path, *, agency: str = "", unit: str = "", home: str = "",
                 home_bps_code: str = "", force: bool = False) -> list[Path]:
    """Make `folder` a ringkas project; returns the files written. A folder with anything in
    it is refused unless `force`, and even then a file already there is kept as it is."""
    if home_bps_code and not C.BPS_CODE_PATTERN.match(home_bps_code):
        raise MessageError("fm.bad_bps_code", value=home_bps_code)
    if folder.exists() and not folder.is_dir():
        raise MessageError("init.not_folder", path=folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise MessageError("init.not_empty", path=folder)
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in project_files(agency, unit, home, home_bps_code).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as out:  # "x": never over an existing file
                out.write(text)
        except FileExistsError:
            continue
        written.append(path)
    return written
