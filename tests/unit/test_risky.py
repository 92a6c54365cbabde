"""`ringkas check` warns about code cells that reach the network or files outside data/.

Each case puts code in an evidence cell (cell 12) of the valid visit and asserts the exact
warnings, in English and, for one of each kind, in Indonesian. Code that only reads data/ and
draws charts gets no warning at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from ringkas.notebook.risky import risky_uses
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import tagged, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
AT = f"{PATH}, cell 12: warning:"
HEADER = "# Judul: Uji\n# Sumber: data uji\n"  # lines 1 and 2 of every cell below

NETWORK = ("which reaches the network. A brief must be reproducible from data/: download the "
           "data into data/ once, with its source, and read it from there.")
FILES = ("which writes, moves or deletes files or runs other programs. Code cells only need to "
         "read from data/; read this code before rendering, or render with --no-execute.")
SHELL = ("runs a shell command, which can change any file. Do the work in Python on files under "
         "data/, or read the command before rendering.")
PATHS = ("does not reach the project's data/ folder from the notebook's folder "
         "(notebooks/visits/), where code runs in JupyterLab and when rendering. Read data with "
         "read_indicator(\"kemiskinan\") or the relative path "
         "../../data/indicators/kemiskinan.csv.")


def warnings(code: str, lang: str = "en", header: str = HEADER) -> list[str]:
    """Warnings about an evidence cell (cell 12) holding `code` below the caption and source;
    without the header, an untagged code cell (it runs all the same)."""
    nb = visit_notebook()
    cell = new_code_cell(header + code)
    nb.cells.append(tagged(cell, "evidence") if header else cell)
    visit, problems = validate_notebook(nb, PATH)
    assert visit is not None  # warnings never stop a visit
    return [p.text(lang) for p in problems]


def network(line: int, name: str) -> str:
    return f"{AT} line {line}: the code uses \"{name}\", {NETWORK}"


def files(line: int, name: str) -> str:
    return f"{AT} line {line}: the code uses \"{name}\", {FILES}"


def shell(line: int, name: str) -> str:
    return f"{AT} line {line}: \"{name}\" {SHELL}"


def path(line: int, name: str) -> str:
    return f"{AT} line {line}: the path \"{name}\" {PATHS}"


@pytest.mark.parametrize(("code", "expected"), [
    ("import socket", [network(3, "socket")]),
    ("import urllib.request as u", [network(3, "urllib.request")]),
    ("from urllib.request import urlopen", [network(3, "urllib.request")]),
    ("import requests\nrequests.get(url)", [network(3, "requests")]),
    ("import httpx", [network(3, "httpx")]),
    ("import http.client", [network(3, "http.client")]),
    ("from ftplib import FTP", [network(3, "ftplib")]),
    ("import smtplib", [network(3, "smtplib")]),
    ("import pandas as pd\ndf = pd.read_csv('https://data.bps.go.id/a.csv')",
     [network(4, "pd.read_csv")]),
    ("df = read_excel(url='HTTP://x.org/a.xlsx')", [network(3, "read_excel")]),
    ("!curl -O https://x.org/a.csv", [network(3, "!curl")]),
    ("!wget https://x.org/a.csv", [network(3, "!wget")]),
    ("%pip install requests", [network(3, "%pip")]),
    ("mod = __import__('socket')", [network(3, "socket")]),
    ("import importlib\nimportlib.import_module('requests')", [network(4, "requests")]),
])
def test_network_use(code: str, expected: list[str]) -> None:
    assert warnings(code) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("with open('../../data/hasil.csv', 'w') as f:\n    f.write('x')", [files(3, "open")]),
    ("open('catatan.txt', mode='a')", [files(3, "open")]),
    ("open('x.bin', 'rb+')", [files(3, "open")]),
    ("open(name, mode)", [files(3, "open")]),
    ("import os\nos.remove('../../data/a.csv')", [files(4, "os.remove")]),
    ("import os\nos.system('ls')", [files(4, "os.system")]),
    ("from os import system, getcwd", [files(3, "os.system")]),
    ("import shutil\nshutil.rmtree('data')", [files(3, "shutil")]),
    ("import subprocess\nsubprocess.run(['ls'])", [files(3, "subprocess")]),
    ("from pathlib import Path\nPath('../../data/a.txt').write_text('x')",
     [files(4, ".write_text")]),
    ("p.unlink()", [files(3, ".unlink")]),
    ("df.to_csv('hasil.csv')", [files(3, ".to_csv")]),
    ("df.to_excel(excel_writer=f'{nama}.xlsx')", [files(3, ".to_excel")]),
    ("fig.savefig('grafik.png', dpi=100)", [files(3, ".savefig")]),
])
def test_file_and_program_use(code: str, expected: list[str]) -> None:
    assert warnings(code) == expected


def test_a_cell_magic_on_the_first_line_takes_the_whole_cell() -> None:
    assert warnings("%%writefile catatan.txt\nimport socket", header="") == [
        f"{AT} line 1: the code uses \"%%writefile\", {FILES}"]


@pytest.mark.parametrize(("code", "expected"), [
    ("!ls data", [shell(3, "!ls")]),
    ("files = !ls data", [shell(3, "!ls")]),
    ("for x in range(2):\n    !echo {x}", [shell(4, "!echo")]),
    ("!/usr/bin/env rm -rf data", [shell(3, "!env")]),
    ("x = 1\n%%bash\nrm -rf /", [shell(4, "%%bash")]),
    ("%system ls", [shell(3, "%system")]),
])
def test_shell_use(code: str, expected: list[str]) -> None:
    assert warnings(code) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("open('/etc/passwd').read()", [path(3, "/etc/passwd")]),
    ("pd.read_csv('../rahasia/gaji.csv')", [path(3, "../rahasia/gaji.csv")]),
    ("pd.read_csv('data/../../rahasia.csv')", [path(3, "data/../../rahasia.csv")]),
    ("pd.read_csv('~/unduhan/a.csv')", [path(3, "~/unduhan/a.csv")]),
    ("pd.read_csv(r'C:\\Users\\ani\\a.csv')", [path(3, "C:\\Users\\ani\\a.csv")]),
    ("Path('data') / '..' / 'x'", [path(3, "..")]),
    ("pd.read_csv(path='file:///etc/passwd')", [path(3, "file:///etc/passwd")]),
    # written from the project's root: from notebooks/visits/ it finds nothing
    ("pd.read_csv('data/indicators/a.csv')", [path(3, "data/indicators/a.csv")]),
    ("pd.read_csv('./data/a.csv')", [path(3, "./data/a.csv")]),
    ("pd.read_csv('../../data/../notebooks/x.csv')", [path(3, "../../data/../notebooks/x.csv")]),
])
def test_paths_outside_data(code: str, expected: list[str]) -> None:
    assert warnings(code) == expected


def test_code_built_from_text() -> None:
    assert warnings("exec(teks)\neval('1 + 1')") == [
        f"{AT} line 3: \"exec\" runs code built from text, which ringkas cannot check. Write the "
        "code out in the cell.",
        f"{AT} line 4: \"eval\" runs code built from text, which ringkas cannot check. Write the "
        "code out in the cell."]


@pytest.mark.parametrize("code", [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nfrom ringkas.authoring.evidence import "
    "read_indicator\ndf = read_indicator('kemiskinan')\ndf.plot()\nplt.show()",
    "df = pd.read_csv('../../data/indicators/kemiskinan.csv', sep=';')",
    "teks = 'a/b'.split('/')\nlabel = 'Jiwa/km2'\nx = re.sub(r'/\\d+', '', s)",
    "with open('../../data/indicators/a.csv') as f:\n    f.read()",
    "print(df.to_csv(index=False, sep=';'))\nhtml = df.to_html()",
    "df = df.rename(columns={'a': 'b'}).replace('-', None)",
    "x = 10 % 3\nif a != b:\n    pass",
    "import os\nbase = os.environ['RINGKAS_DATA']\nos.path.join(base, 'a.csv')",
    "%matplotlib inline\nimport numpy as np",
    "def f(:\n    pass  # not Python: only imports are looked for",
])
def test_code_that_only_reads_data_gets_no_warning(code: str) -> None:
    assert warnings(code) == []


def test_a_cell_that_is_not_python_is_still_searched_for_imports() -> None:
    assert warnings("import requests\ndef f(:") == [network(3, "requests")]


def test_each_name_is_reported_once_per_cell_and_in_line_order() -> None:
    code = "import socket\nimport socket\nopen('a', 'w')\nopen('b', 'w')\n!ls\n!ls"
    assert warnings(code) == [network(3, "socket"), files(5, "open"), shell(7, "!ls")]


def test_every_code_cell_is_read_but_not_the_parameters() -> None:
    nb = visit_notebook()
    nb.cells[1].source += "\nx = 'https://x.org'"  # a plain value: not a call to a URL
    nb.cells.append(new_code_cell("import socket"))  # untagged: it runs all the same
    _visit, problems = validate_notebook(nb, PATH)
    assert [p.text("en") for p in problems] == [
        f"{PATH}, cell 2, parameter \"x\": warning: parameter \"x\" is not known to ringkas and "
        "will be ignored. Known parameters: lang, audience.",
        f"{AT} line 1: the code uses \"socket\", {NETWORK}"]


def test_warnings_in_indonesian() -> None:
    code = "import socket\nimport shutil\n!ls\nopen('/etc/x')\neval(s)"
    assert warnings(code, "id") == [
        f"{PATH}, sel 12: peringatan: baris 3: kode memakai \"socket\", yang mengakses jaringan. "
        "Brief harus dapat dibuat ulang dari data/: unduh datanya sekali ke data/ beserta "
        "sumbernya, lalu baca dari sana.",
        f"{PATH}, sel 12: peringatan: baris 4: kode memakai \"shutil\", yang menulis, memindahkan "
        "atau menghapus berkas atau menjalankan program lain. Sel kode cukup membaca dari data/; "
        "periksa kode ini sebelum merender, atau render dengan --no-execute.",
        f"{PATH}, sel 12: peringatan: baris 5: \"!ls\" menjalankan perintah shell, yang dapat "
        "mengubah berkas apa pun. Kerjakan dengan Python pada berkas di data/, atau periksa "
        "perintahnya sebelum merender.",
        f"{PATH}, sel 12: peringatan: baris 6: jalur \"/etc/x\" tidak sampai ke folder data/ "
        "proyek dari folder notebook (notebooks/visits/), tempat kode berjalan di JupyterLab "
        "dan saat dirender. Baca data dengan read_indicator(\"kemiskinan\") atau jalur relatif "
        "../../data/indicators/kemiskinan.csv.",
        f"{PATH}, sel 12: peringatan: baris 7: \"eval\" menjalankan kode yang disusun dari teks, "
        "yang tidak dapat diperiksa ringkas. Tulis kodenya langsung di sel."]


@pytest.mark.parametrize("source", ["(" * 300 + ")" * 300, "x = " + "-" * 100_000 + "1",
                                    "\x00", "!", "%", "%%", "import"])
def test_odd_code_never_breaks_the_check(source: str) -> None:
    risky_uses(source)  # any finding is fine; an exception is not


def test_reading_code_prints_no_python_warning(recwarn: pytest.WarningsRecorder) -> None:
    """An invalid escape (SyntaxWarning from Python 3.12) is the author's business, and a
    warning printed by the parser would interleave with `ringkas check`'s own lines."""
    assert warnings("x = re.sub('\\d+', '', s)\ny = 'a\\%'\nz = 1 is 1") == []
    assert not [w for w in recwarn if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]
