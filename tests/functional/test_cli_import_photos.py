"""`ringkas import` brings a report's photos into the `dokumentasi` section: a Word document's
pictures with their stated captions, a saved page's local figure; remote images are listed."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import pytest

from tests.functional.test_cli_import import no_traceback, notebook_text, run, section

VISIT = "2022-11-28-banyuwangi"
CAPTION = "Foto 1: Tim Bappeda di Mal Pelayanan Publik (Sumber: Humas Banyuwangi)"


def image(fmt: str, colour: str = "red") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, fmt)
    return out.getvalue()


def write_docx(path: Path, *, gif: bool = False) -> tuple[bytes, bytes]:
    import docx

    jpeg, png = image("JPEG"), image("PNG", "blue")
    word = docx.Document()
    word.add_heading("Studi Referensi Pelayanan Publik ke Kabupaten Banyuwangi", level=0)
    word.add_paragraph("Senin, 28 November 2022, Bidang Pemsosbud Bappeda Kab. Grobogan "
                       "melakukan studi referensi ke Kabupaten Banyuwangi.")
    word.add_picture(io.BytesIO(jpeg))
    word.add_paragraph(CAPTION)
    word.add_paragraph("Rombongan diterima di Mal Pelayanan Publik.")
    word.add_picture(io.BytesIO(png))
    if gif:
        word.add_picture(io.BytesIO(image("GIF")))
    word.add_paragraph("Diskusi berlangsung hangat.")
    word.save(path)
    return jpeg, png


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes, str]:
    project = tmp_path_factory.mktemp("proyek")
    jpeg, png = write_docx(project / "laporan.docx")
    result = run(project, "import", str(project / "laporan.docx"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    return project, jpeg, png, result.stdout


def test_the_pictures_are_written_beside_the_notebook(
        imported: tuple[Path, bytes, bytes, str]) -> None:
    project, jpeg, png, _ = imported
    folder = project / "notebooks" / "visits" / VISIT
    assert (folder / "foto-1.jpg").read_bytes() == jpeg
    assert (folder / "foto-2.png").read_bytes() == png
    assert sorted(p.name for p in folder.iterdir()) == ["foto-1.jpg", "foto-2.png"]


def test_the_cell_states_only_what_the_text_says(imported: tuple[Path, bytes, bytes, str]) -> None:
    project, _, _, stdout = imported
    nb = nbformat.read(project / "notebooks" / "visits" / f"{VISIT}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "dokumentasi" in c.metadata.get("tags", []))
    assert cell.source.splitlines() == [
        f'![Tim Bappeda di Mal Pelayanan Publik]({VISIT}/foto-1.jpg "Sumber: Humas Banyuwangi")',
        f"![]({VISIT}/foto-2.png)"]
    assert cell.metadata["ringkas"] == {"imported": True}
    text = notebook_text(nb)
    assert text.count("Tim Bappeda di Mal Pelayanan Publik") == 1  # not also left unsorted
    assert "Foto 1:" not in text
    assert "Diskusi berlangsung hangat." in text  # the text around the pictures stays
    assert ("Photos imported into dokumentasi: 2 (1 without caption, 1 without credit; "
            "ringkas check warns about each).") in stdout


def test_check_warns_about_the_missing_caption_only(
        imported: tuple[Path, bytes, bytes, str]) -> None:
    project, _, _, _ = imported
    check = run(project, "check")
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.stdout
    photo_lines = [line for line in check.output.splitlines()
                   if "dokumentasi" in line and "has no" in line]
    assert len(photo_lines) == 2 and all("foto-2.png" in line for line in photo_lines)
    assert any("has no caption" in line for line in photo_lines)


def test_a_reimport_needs_force_and_replaces_the_photos(
        imported: tuple[Path, bytes, bytes, str], tmp_path: Path) -> None:
    project, jpeg, _, _ = imported
    again = run(project, "import", str(project / "laporan.docx"))
    assert again.exit_code == 1 and "--force" in again.output
    forced = run(project, "import", "--force", str(project / "laporan.docx"))
    assert forced.exit_code == 0, forced.output
    assert (project / "notebooks" / "visits" / VISIT / "foto-1.jpg").read_bytes() == jpeg


def test_a_picture_neither_png_nor_jpeg_is_reported(tmp_path: Path) -> None:
    write_docx(tmp_path / "laporan.docx", gif=True)
    result = run(tmp_path, "import", str(tmp_path / "laporan.docx"))
    assert result.exit_code == 0, result.output
    assert "1 image not imported: it is neither PNG nor JPEG" in result.stdout
    folder = tmp_path / "notebooks" / "visits" / VISIT
    assert sorted(p.name for p in folder.iterdir()) == ["foto-1.jpg", "foto-2.png"]


PAGE = """<!doctype html><html lang="id"><head><title>Berita</title></head><body>
<nav><a href="/">Beranda</a></nav>
<article><h1>Studi Tiru Pelayanan Publik ke Kota Surabaya</h1>
<p>Kamis, 4 Mei 2023, Bidang Pemerintahan Bappeda Kota Malang melakukan studi tiru ke Kota
Surabaya. Rombongan diterima di Balai Kota dan berdiskusi tentang layanan keliling.</p>
<figure><img src="Berita_files/foto%20balai.jpg" alt="foto">
<figcaption>Foto 1: Rombongan di Balai Kota (Sumber: Humas Surabaya)</figcaption></figure>
<p>Mobil layanan kependudukan datang ke setiap kelurahan sekali sepekan sesuai jadwal yang
diumumkan lewat kecamatan.</p>
<p><img src="https://cdn.example.org/foto-daring.jpg" alt="Layanan keliling"></p>
<p>Warga lansia tidak perlu lagi datang sendiri ke kantor kelurahan untuk mengurus dokumen.</p>
<img src="../rahasia.jpg" alt="di luar folder">
</article><footer>Hak cipta</footer></body></html>
"""


def test_a_saved_page_brings_its_local_figure_and_lists_remote_ones(tmp_path: Path) -> None:
    (tmp_path / "Berita_files").mkdir()
    jpeg = image("JPEG", "green")
    (tmp_path / "Berita_files" / "foto balai.jpg").write_bytes(jpeg)
    (tmp_path.parent / "rahasia.jpg").write_bytes(jpeg)
    (tmp_path / "berita.html").write_text(PAGE, encoding="utf-8")
    result = run(tmp_path, "import", str(tmp_path / "berita.html"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    visit = "2023-05-04-surabaya"
    assert (tmp_path / "notebooks" / "visits" / visit / "foto-1.jpg").read_bytes() == jpeg
    nb = nbformat.read(tmp_path / "notebooks" / "visits" / f"{visit}.ipynb", as_version=4)
    assert section(nb, "dokumentasi") == [
        f'![Rombongan di Balai Kota]({visit}/foto-1.jpg "Sumber: Humas Surabaya")']
    assert "- <https://cdn.example.org/foto-daring.jpg>" in nb.cells[-1].source
    assert "1 photo is online only and was not downloaded" in result.stdout
    assert "1 image of the page not imported" in result.stdout  # ../rahasia.jpg: outside


def test_a_data_url_image_comes_in(tmp_path: Path) -> None:
    png = image("PNG")
    page = PAGE.replace('src="Berita_files/foto%20balai.jpg"',
                        f'src="data:image/png;base64,{base64.b64encode(png).decode()}"')
    (tmp_path / "berita.html").write_text(page, encoding="utf-8")
    result = run(tmp_path, "import", str(tmp_path / "berita.html"))
    assert result.exit_code == 0, result.output
    visit = "2023-05-04-surabaya"
    assert (tmp_path / "notebooks" / "visits" / visit / "foto-1.png").read_bytes() == png


@pytest.mark.slow
def test_the_imported_photos_render_in_the_teknis_brief(
        imported: tuple[Path, bytes, bytes, str]) -> None:
    project, _, _, _ = imported
    (project / "data").mkdir(exist_ok=True)
    result = run(project, "render", VISIT, "--brief-lang", "id", "--audience", "teknis",
                 "--format", "html", "--jobs", "1")
    assert result.exit_code == 0, result.output
    html = (project / "briefs" / VISIT / f"{VISIT}.teknis.id.html").read_text(encoding="utf-8")
    assert "Tim Bappeda di Mal Pelayanan Publik" in html
    assert "Sumber: Humas Banyuwangi" in html
    assert html.count("data:image/") >= 2  # both photos embedded
