"""The PDF brief, read back with pypdf: A4, short enough for leadership, in the right language,
fonts embedded, metadata set, a watermark while it is a draft, and nothing fetched from outside.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode
from pypdf import PdfReader

from ringkas.render.exporters import render_html, render_pdf
from tests.notebooks import EXAMPLE, visit_notebook

pytestmark = pytest.mark.slow

A4 = (595.28, 841.89)  # points
SUMMARY_START = "Pada Senin, 28 November 2022, Bidang Pemsosbud Bappeda Kabupaten Grobogan"
TITLE = "Studi Referensi Inovasi Penanggulangan Kemiskinan ke Kabupaten Banyuwangi"
WORDS = {
    "id": ["Ringkasan eksekutif", "Rekomendasi utama", "Temuan utama", "Inovasi yang dipelajari",
           "Data pendukung", "belum ditetapkan", "Halaman 1 dari 2", "Senin, 28 November 2022"],
    "en": ["Executive summary", "Key recommendations", "Key findings", "Innovations studied",
           "Supporting data", "not yet set", "Page 1 of 2", "Monday, 28 November 2022"],
}
DOC_TYPE = {"id": "Ringkasan Kebijakan", "en": "Policy Brief"}


def executed_example(base: Path, lang: str) -> NotebookNode:
    """The example visit run by papermill in `lang`, once per session (shared with test_export)."""
    import papermill

    target = base / f"executed-{lang}" / EXAMPLE.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.stem}.partial.ipynb")
        papermill.execute_notebook(str(EXAMPLE), str(partial), parameters={"lang": lang},
                                   cwd=str(EXAMPLE.parent), kernel_name="python3",
                                   progress_bar=False)
        partial.replace(target)
    return nbformat.read(target, as_version=4)


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], PdfReader]:
    """The example visit's brief as a PDF, per audience and language, rendered once."""
    base, made = tmp_path_factory.getbasetemp(), {}

    def pdf(audience: str, lang: str) -> PdfReader:
        if (audience, lang) not in made:
            html = render_html(executed_example(base, lang), audience=audience, lang=lang,
                               source_path=EXAMPLE, rendered_on=dt.date(2024, 2, 29))
            made[audience, lang] = render_pdf(html)
        return PdfReader(io.BytesIO(made[audience, lang]))

    return pdf


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("audience", ["pimpinan", "teknis"])
def test_every_page_is_a4(example_pdf, audience: str) -> None:
    for page in example_pdf(audience, "id").pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=0.5)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_leadership_brief_fits_two_pages_and_its_first_page_stands_alone(example_pdf, lang) -> None:
    reader = example_pdf("pimpinan", lang)
    assert len(reader.pages) <= 2
    first = page_texts(reader)[0]
    for expected in (TITLE, SUMMARY_START, *WORDS[lang][:2], WORDS[lang][7],
                     "Meningkatkan kapasitas SDM agar mampu bersaing"):
        assert expected in first, expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_headings_and_summary_are_in_the_brief_s_language(example_pdf, lang: str) -> None:
    text = " ".join(page_texts(example_pdf("pimpinan", lang)))
    for expected in WORDS[lang]:
        assert expected in text, expected
    other = WORDS["en" if lang == "id" else "id"]
    assert not [word for word in other[:5] if word in text]


def test_technical_report_is_longer_and_follows_the_laporan(example_pdf) -> None:
    reader = example_pdf("teknis", "id")
    text = " ".join(page_texts(reader))
    assert len(reader.pages) > len(example_pdf("pimpinan", "id").pages)
    parts = ["A. Pendahuluan", "B. Kegiatan yang dilaksanakan", "C. Hasil yang dicapai",
             "D. Simpulan dan saran", "E. Sumber"]
    assert [text.index(p) for p in parts] == sorted(text.index(p) for p in parts)
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in text


def test_fonts_are_embedded_dejavu(example_pdf) -> None:
    reader = example_pdf("pimpinan", "id")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in
                                                ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts), fonts


@pytest.mark.parametrize("lang", ["id", "en"])
def test_metadata_names_the_brief(example_pdf, lang: str) -> None:
    reader = example_pdf("pimpinan", lang)
    meta = reader.metadata
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert meta.title == f"{TITLE} | {DOC_TYPE[lang]}"
    assert meta.author == "Bappeda Kabupaten Grobogan"
    assert meta.subject.startswith(SUMMARY_START)


def test_a_draft_is_marked_on_every_page(example_pdf) -> None:
    for lang, mark in (("id", "DRAF"), ("en", "DRAFT")):
        assert all(mark in text for text in page_texts(example_pdf("pimpinan", lang)))


def test_an_approved_brief_has_no_watermark() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace(
        "status: reviewed", "status: approved\napproved_by: Kepala Bappeda")
    for lang in ("id", "en"):
        html = render_html(nb, audience="pimpinan", lang=lang, visit_id="2023-03-14-contoh")
        text = " ".join(page_texts(PdfReader(io.BytesIO(render_pdf(html)))))
        assert "SENTINEL-SUMMARY" in text
        assert "DRAF" not in text  # nor DRAFT


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request made to it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def images_on(reader: PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def test_pdf_rendering_fetches_nothing_from_outside(web_server, tmp_path: Path) -> None:
    url, requests = web_server
    local = tmp_path / "chart.png"
    local.write_bytes(png_bytes())
    html = (f'<html><head><link rel="stylesheet" href="{url}/style.css"></head><body>'
            f'<img src="{url}/chart.png"><img src="{local.as_uri()}">'
            f'<p style="background: url({url}/bg.png)">teks</p></body></html>')
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    assert requests == []
    assert images_on(reader) == 0
    assert "teks" in reader.pages[0].extract_text()


def test_pdf_rendering_shows_embedded_images() -> None:
    data = base64.b64encode(png_bytes()).decode()
    reader = PdfReader(io.BytesIO(render_pdf(f'<img src="data:image/png;base64,{data}">')))
    assert images_on(reader) == 1
