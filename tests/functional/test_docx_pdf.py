"""The Word brief of the example visit, as LibreOffice prints it: converted to PDF with
`soffice --headless` (Debian's libreoffice-writer-nogui) and its pages counted with pdfinfo.

LibreOffice runs with a profile in the test's own folder, never the user's ~/.config.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from ringkas.notebook.validate import validate_notebook
from ringkas.render.brief import build_brief
from ringkas.render.word_brief import render_docx
from tests.functional.test_pdf import executed_example
from tests.notebooks import EXAMPLE

pytestmark = pytest.mark.slow


def tool(name: str, advice: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not found: {advice}")
    return found


def to_pdf(docx_file: Path, work: Path) -> Path:
    soffice = tool("soffice", "run `make libreoffice` or `bash scripts/install-libreoffice` as "
                              "root (Debian's libreoffice-writer-nogui)")
    profile = work / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(work), str(docx_file)],
                          capture_output=True, text=True, timeout=300, check=False)
    pdf = work / f"{docx_file.stem}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


def pages(pdf: Path) -> int:
    pdfinfo = tool("pdfinfo", "run `make poppler` or `bash scripts/install-poppler` as root")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found, info
    return int(found.group(1))


def text(pdf: Path) -> str:
    pdftotext = tool("pdftotext", "run `bash scripts/install-poppler` as root")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize(("audience", "lang"), [("pimpinan", "id"), ("teknis", "en")])
def test_libreoffice_prints_the_example_brief(tmp_path_factory: pytest.TempPathFactory,
                                              tmp_path: Path, audience: str, lang: str) -> None:
    nb = executed_example(tmp_path_factory.getbasetemp(), lang)
    visit, problems = validate_notebook(nb, EXAMPLE, EXAMPLE.stem)
    assert visit is not None, problems
    data = render_docx(build_brief(nb, visit, audience, lang, dt.date(2024, 2, 29)))
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1  # the example's chart
    source = tmp_path / f"{EXAMPLE.stem}.{audience}.{lang}.docx"
    source.write_bytes(data)
    pdf = to_pdf(source, tmp_path)
    count = pages(pdf)
    printed = " ".join(text(pdf).split())
    # Word's fields filled in by LibreOffice: "Halaman 1 dari N" on every page
    of = "Halaman {} dari {}" if lang == "id" else "Page {} of {}"
    assert of.format(1, count) in printed and of.format(count, count) in printed
    assert "Studi Referensi Inovasi Penanggulangan Kemiskinan" in printed
    if audience == "pimpinan":  # leadership's brief is short (a DOCX has less room than PDF)
        assert 2 <= count <= 4, count
    else:
        assert count >= 4, count
    print(f"{source.name}: {count} pages")
