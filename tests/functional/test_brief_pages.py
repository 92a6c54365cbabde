"""The printed brief, measured with pypdf: where text sits on the page.

A leadership brief keeps its sources within two pages; a short visit (one innovation, one
recommendation) fills its one page instead of leaving a third of it blank; a technical report's
recommendations table keeps its headers and short values whole.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from pypdf import PageObject, PdfReader

from ringkas.render.exporters import render_html, render_pdf
from ringkas.render.labels import Labels
from tests.functional.test_pdf import executed_example
from tests.notebooks import EXAMPLE, SHORT_ID, short_visit_notebook, tagged

pytestmark = pytest.mark.slow

RENDERED = dt.date(2024, 2, 29)
A4_HEIGHT = 841.89  # points
MARGIN_BOTTOM = 17 / 25.4 * 72  # @page's bottom margin, where the page number is: not content


def lines(page: PageObject) -> list[tuple[float, float, str]]:
    """(y from the bottom, x, text) of every piece of text pypdf finds on `page`."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            y = cm[5] + tm[5] * cm[3]
            x = cm[4] + tm[4] * cm[0]
            found.append((round(y, 1), round(x, 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def pdf(nb: NotebookNode, audience: str, lang: str, visit_id: str = SHORT_ID) -> PdfReader:
    html = render_html(nb, audience=audience, lang=lang, visit_id=visit_id, rendered_on=RENDERED)
    return PdfReader(io.BytesIO(render_pdf(html)))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], PdfReader]:
    base, made = tmp_path_factory.getbasetemp(), {}

    def render(audience: str, lang: str) -> PdfReader:
        if (audience, lang) not in made:
            made[audience, lang] = pdf(executed_example(base, lang), audience, lang,
                                       EXAMPLE.stem)
        return made[audience, lang]

    return render


# --- sources ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "heading"), [("id", "Sumber"), ("en", "Sources")])
def test_the_example_s_leadership_brief_names_its_sources_within_two_pages(
        example, lang: str, heading: str) -> None:
    reader = example("pimpinan", lang)
    assert len(reader.pages) <= 2
    # a tagged PDF marks the label's generated ":" apart, so pypdf hands it over on its own
    last = " ".join(text for _, _, text in lines(reader.pages[-1])).replace(" :", ":")
    assert f"{heading.upper()}:" in last  # printed in capitals, as a label
    assert "Bappeda Kab. Grobogan, Bidang Pemsosbud: Studi Referensi Inovasi" in last


# --- a short visit fills page 1 ------------------------------------------------------------------

def ink_rows(pdf_bytes: bytes, page: int = 1, dpi: int = 40) -> list[bool]:
    """Per pixel row of `page`, top to bottom: does anything dark stand on it? The draft
    watermark is too light to count."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm not found: run `bash scripts/install-poppler` as root, or "
                    "apt-get install poppler-utils")
    done = subprocess.run([pdftoppm, "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page)],
                          input=pdf_bytes, capture_output=True, check=True)
    magic, width, height, depth, pixels = done.stdout.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    w, h = int(width), int(height)
    return [min(pixels[row * w:(row + 1) * w]) < 160 for row in range(h)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_short_visit_fills_its_page(lang: str) -> None:
    html = render_html(short_visit_notebook(), audience="pimpinan", lang=lang,
                       visit_id=SHORT_ID, rendered_on=RENDERED)
    made = render_pdf(html)
    assert len(PdfReader(io.BytesIO(made)).pages) == 1
    rows = ink_rows(made)
    body_end = round(len(rows) * (1 - MARGIN_BOTTOM / A4_HEIGHT))  # the page number is below
    last = max(row for row in range(body_end) if rows[row])
    blank = (body_end - last) / len(rows)
    assert blank < 0.1, f"{blank:.0%} of the page is blank above its footer"


def test_a_masthead_without_an_agency_shows_no_stray_dot() -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:  # pypdf does not see the masthead's first line
        pytest.skip("pdftotext not found: run `bash scripts/install-poppler` as root, or "
                    "apt-get install poppler-utils")
    nb = short_visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("agency: Bappeda Kabupaten Asal\n", "")
    html = render_html(nb, audience="pimpinan", lang="id", visit_id=SHORT_ID,
                       rendered_on=RENDERED)
    done = subprocess.run([pdftotext, "-f", "1", "-l", "1", "-", "-"], input=render_pdf(html),
                          capture_output=True, check=True)
    first = done.stdout.decode("utf-8").strip().splitlines()[0]
    assert first == "Bidang Pemerintahan dan Pembangunan Manusia"  # was "· Bidang ..."


@pytest.mark.parametrize("more", [6, 9, 11])
def test_no_page_of_a_leadership_brief_holds_only_its_sources(more: int) -> None:
    """A short visit a few lines longer: its sources once stood alone on page 2 (`more` 6 and
    9); now the brief is tightened onto one page or, when that cannot be, the section before
    the sources comes along with them."""
    nb = short_visit_notebook()
    for cell in nb.cells:
        if "leadership" in cell.metadata.get("tags", []):
            cell.source += " Tim juga mencatat cara petugas melayani warga di setiap gerai." * more
    reader = pdf(nb, "pimpinan", "id")
    last = reader.pages[-1].extract_text()
    if more <= 9:  # these fit one page with a little less space between things
        assert len(reader.pages) == 1, last[:200]
    assert len(reader.pages) <= 2
    if len(reader.pages) == 2:
        assert "Inovasi yang dipelajari" in last and "SUMBER" in last


def test_a_short_visit_with_long_texts_and_a_chart_still_fits_two_pages() -> None:
    nb = short_visit_notebook()
    sentence = "Kalimat panjang tentang kunjungan yang terus berlanjut."  # 7 words
    long = " ".join([sentence] * 20)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "summary" in tags:  # a summary is never cut: as long as a real one gets
            cell.source = " ".join([sentence] * 18)
        if set(tags) & {"background", "purpose", "leadership", "outcome"}:
            cell.source = f"{long}\n\n{long}"
        if "lessons" in tags:
            cell.source = "\n".join(f"- Pelajaran {n}: {long[:300]}" for n in range(8))
        if "innovation" in tags:
            cell.source = cell.source.replace("Satu gedung", f"{long} Satu gedung")
    chart = new_code_cell("# Judul: Grafik\n# Sumber: data uji\nplot()", execution_count=1,
                          outputs=[new_output("display_data", data={"image/png": png()})])
    nb.cells.append(tagged(chart, "evidence"))
    for lang in ("id", "en"):
        assert len(pdf(nb, "pimpinan", lang).pages) <= 2


def png(width: int = 600, height: int = 300) -> str:
    """A chart-sized PNG of one colour, base64."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\0" + b"\x40\x80\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))
    return base64.b64encode(data).decode("ascii")


# --- the technical report's recommendations table ------------------------------------------------

def rows_of(found: list[tuple[float, float, str]], *words: str) -> set[float]:
    """The heights at which the words of a header stand, in the header row (which ends, at the
    bottom, with "No.")."""
    (bottom,) = {y for y, _, text in found if text.startswith("No.")}
    return {y for y, _, text in found for part in text.split()
            if part in words and bottom <= y < bottom + 40}


UNSET = {"id": ("belum ditetapkan", "ditetapkan"), "en": ("not yet set", "yet")}
HEADERS = {"id": (("Status", "tindak", "lanjut"), ("OPD", "pengampu")),
           "en": (("Follow-up", "status"), ("Lead", "agency"))}
PROPOSED = {"id": "Usulan", "en": "Proposed"}  # the status of the example's recommendations


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_technical_table_keeps_headers_and_short_values_whole(example, lang: str) -> None:
    (page,) = [p for p in example("teknis", lang).pages if PROPOSED[lang] in p.extract_text()]
    found = lines(page)
    status, lead = HEADERS[lang]
    assert len(rows_of(found, *status)) <= 2, "the status header takes three lines"
    assert len(rows_of(found, *lead)) == 1, "the lead-agency header takes two lines"
    whole, part = UNSET[lang]
    signature = Labels(lang)("signature.not_approved")  # "Not yet approved": no value
    pieces = [text for _, _, text in found if part in text and text != signature]
    assert sum(text.count(whole) for text in pieces) >= 6, pieces
    assert all(text.count(part) == text.count(whole) for text in pieces), pieces
