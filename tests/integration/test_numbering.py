"""The technical report numbers its subsections per part (A. 1. 2. ... B. 1. 2. ...) in a
browser as in the PDF.

Issue 22, point 5: the HTML numbered them straight through (5, 6, ... 10) in Chromium while
WeasyPrint restarted per part, from the same stylesheet (a `counter-reset` on each part's
heading is scoped differently by the two). The browser's own print of the page is read back
as text, beside WeasyPrint's PDF.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest

from ringkas.render.exporters import render_html, render_pdf
from tests.integration.test_browser import CHROMIUM_FLAGS, CHROMIUM_TIMEOUT, _kill_group, chromium
from tests.notebooks import EXAMPLE

pytestmark = pytest.mark.slow
__all__ = ["chromium"]  # the fixture, imported to be used here

#: The example's technical report (Indonesian): each part's subsections, numbered from 1.
EXPECTED = ["A. Pendahuluan", "1. Latar belakang", "2. Maksud dan pokok bahasan",
            "3. Waktu dan tempat", "4. Peserta", "B. Kegiatan yang dilaksanakan",
            "1. Komitmen pimpinan daerah", "2. Inovasi", "3. Peran OPD dan pemangku kepentingan",
            "C. Hasil yang dicapai", "1. Hasil yang dilaporkan",
            "2. Konteks tambahan dari sumber publik", "D. Simpulan dan saran", "1. Pelajaran",
            "2. Rekomendasi", "E. Sumber"]


def pdftotext(pdf: bytes) -> str:
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.skip("pdftotext not found: run `bash scripts/install-poppler` as root, or "
                    "apt-get install poppler-utils")
    return subprocess.run([binary, "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def headings(text: str) -> list[str]:
    """The part and subsection headings of a technical report, in order, as printed."""
    names = {re.sub(r"^\S+ ", "", line) for line in EXPECTED}
    found = []
    for line in text.splitlines():
        match = re.match(r"^([A-E]|\d+)\. (.+)$", line.strip())
        if match and match.group(2) in names:
            found.append(line.strip())
    return found


@pytest.fixture(scope="module")
def teknis_html() -> str:
    nb = nbformat.read(EXAMPLE, as_version=4)
    return render_html(nb, audience="teknis", lang="id", visit_id=EXAMPLE.stem,
                       rendered_on=dt.date(2024, 2, 29))


def test_the_pdf_numbers_subsections_per_part(teknis_html: str) -> None:
    assert headings(pdftotext(render_pdf(teknis_html))) == EXPECTED


def test_the_browser_numbers_subsections_per_part(chromium: str, teknis_html: str,
                                                  tmp_path: Path) -> None:
    page, printed = tmp_path / "teknis.html", tmp_path / "teknis.pdf"
    page.write_text(teknis_html, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri()]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            process.communicate(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"Chromium did not print {page.name} in {CHROMIUM_TIMEOUT} s")
        finally:
            _kill_group(process.pid)
    assert headings(pdftotext(printed.read_bytes())) == EXPECTED
