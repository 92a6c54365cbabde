"""`ringkas import`: the seed's news item, a Word document and a web page as draft notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml
from click.testing import CliRunner, Result

from ringkas.authoring.importing.document import sentences, strip_marker
from ringkas.cli import cli
from ringkas.notebook.cells import cell_tags
from ringkas.project.paths import templates_dir
from tests.notebooks import ROOT

SEED = ROOT / "tests" / "fixtures" / "import" / "studi-referensi-banyuwangi-2022.txt"
VISIT = "2022-11-28-banyuwangi"
#: The seed's first sentence as the import report quotes it (cut at 140 characters).
OPENING = ("Senin, 28 November 2022, Bidang Pemsosbud BAPPEDA Kab. Grobogan melakukan studi "
           "referensi Inovasi Penanggulangan Kemiskinan ke Kab. Banyu...")


def run(project: Path, *args: str, lang: str | None = "en") -> Result:
    options = ["--lang", lang] if lang else []
    return CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, [*options, "--project", str(project), *args])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def front(nb: nbformat.NotebookNode) -> dict:
    return yaml.safe_load(nb.cells[0].source.strip().strip("-"))


def section(nb: nbformat.NotebookNode, tag: str) -> list[str]:
    return [c.source for c in nb.cells if tag in cell_tags(c)]


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return " ".join(" ".join(c.source.replace("\\|", "|").split()) for c in nb.cells)


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    project = tmp_path_factory.mktemp("proyek")
    return project, run(project, "import", str(SEED))


@pytest.fixture(scope="module")
def seed_nb(seed_import: tuple[Path, Result]) -> nbformat.NotebookNode:
    project, _ = seed_import
    return nbformat.read(project / "notebooks" / "visits" / f"{VISIT}.ipynb", as_version=4)


# --- the seed ---------------------------------------------------------------------------

def test_the_seed_imports_and_says_what_it_missed(seed_import: tuple[Path, Result]) -> None:
    project, result = seed_import
    no_traceback(result)
    assert result.exit_code == 0, result.output
    path = project / "notebooks" / "visits" / f"{VISIT}.ipynb"
    assert result.stdout == (
        f"Visit notebook imported: {path}\n"
        "Found in the report, and where (check it):\n"
        '  - Date of visit: 2022-11-28; from: "28 November 2022"\n'
        "  - Host region: Kabupaten Banyuwangi; from: \"Studi Referensi Inovasi "
        "Penanggulangan Kemiskinan ke Kabupaten Banyuwangi\"\n"
        f'  - Home region: Kabupaten Grobogan; from: "{OPENING}"\n'
        f'  - Agency: Bappeda Kabupaten Grobogan; from: "{OPENING}"\n'
        "Not found in the report (fill in yourself): Executive summary, Reported results, "
        "Lessons.\n"
        "Pieces of text left unsorted (sentences, lists or tables whose section is unclear): "
        "4; see the \"Belum dipilah\" cell at the end of the "
        "notebook.\n"
        "Every imported cell is marked as not reviewed; ringkas check reports it until the key "
        f"\"ringkas\" (imported: true) is removed from the cell's metadata. Check with: "
        f"ringkas check {path}\n")


def test_the_seed_facts_are_found(seed_nb: nbformat.NotebookNode) -> None:
    values = front(seed_nb)
    assert values["title"] == ("Studi Referensi Inovasi Penanggulangan Kemiskinan ke "
                               "Kabupaten Banyuwangi")
    assert str(values["date"]) == "2022-11-28"
    assert values["host"] == {"name": "Kabupaten Banyuwangi", "bps_code": "3510"}
    assert values["home"] == {"name": "Kabupaten Grobogan", "bps_code": "3315"}
    assert values["agency"] == "Bappeda Kabupaten Grobogan"
    assert values["unit"] == "Bidang Pemsosbud"
    assert values["kind"] == "studi-referensi"
    assert values["status"] == "draft"
    assert values["themes"] == ["kemiskinan"]
    assert values["sources"] == [SEED.name]  # outside the project: its name, not its path


def test_the_five_topics_are_the_purpose(seed_nb: nbformat.NotebookNode) -> None:
    (purpose,) = section(seed_nb, "purpose")
    items = [line for line in purpose.splitlines() if line.startswith("- ")]
    assert [item[:5] for item in items] == ["- a. ", "- b. ", "- c. ", "- d. ", "- e. "]
    assert items[2] == ("- c. Inovasi “Rantang Kasih” serta efektifitas inovasi tersebut dalam "
                        "penanggulangan kemiskinan di Kab. Banyuwangi;")


def test_the_rantang_kasih_innovation_cell_exists(seed_nb: nbformat.NotebookNode) -> None:
    (innovation,) = section(seed_nb, "innovation")
    assert innovation.startswith("### Rantang Kasih\n\n")
    assert "**" not in innovation  # no field the report does not state


def test_text_goes_where_its_words_say(seed_nb: nbformat.NotebookNode) -> None:
    assert section(seed_nb, "background")[0].startswith("Awalnya, dimulai dari inovasi")
    assert "komitmen Kepala Daerah" in section(seed_nb, "leadership")[0]
    assert section(seed_nb, "roles")[0].startswith("Seluruh OPD ikut berperan")
    rows = [line for line in section(seed_nb, "recommendations")[0].splitlines()[2:]]
    assert [row[2:14] for row in rows] == ["Harapannya, ", "Tidak hanya "]
    assert all(row.endswith("|  |  |  | usulan |") for row in rows)  # owner, date left empty
    assert section(seed_nb, "summary")[0].startswith("> Petunjuk:")  # not written for them
    unsorted = seed_nb.cells[-1]
    assert cell_tags(unsorted) == [] and unsorted.source.startswith("## Belum dipilah\n")
    assert "Comments are closed." in unsorted.source


def test_no_sentence_of_the_seed_is_lost(seed_nb: nbformat.NotebookNode) -> None:
    text = notebook_text(seed_nb)
    source = SEED.read_text(encoding="utf-8")
    lost = [s for line in source.splitlines() for s in sentences(strip_marker(line))
            if s not in text]
    assert lost == []


def test_no_figure_is_invented(seed_nb: nbformat.NotebookNode) -> None:
    """Every number in an imported section is one the report states."""
    stated = set(re.findall(r"\d+", SEED.read_text(encoding="utf-8")))
    cells = [c.source for c in seed_nb.cells[1:] if c.metadata.get("ringkas")]
    assert set(re.findall(r"\d+", " ".join(cells))) <= stated


def test_the_shape_is_the_skeleton_of_new(seed_nb: nbformat.NotebookNode) -> None:
    skeleton = nbformat.read(templates_dir() / "visit.ipynb", as_version=4)
    assert [cell_tags(c) for c in seed_nb.cells[:-1]] == [cell_tags(c) for c in skeleton.cells]


def test_the_import_passes_check_with_a_warning_per_imported_cell(
        seed_import: tuple[Path, Result], seed_nb: nbformat.NotebookNode) -> None:
    project, _ = seed_import
    result = run(project, "check")
    assert result.exit_code == 0 and result.stderr == ""
    marked = [n for n, c in enumerate(seed_nb.cells, 1) if c.metadata.get("ringkas")]
    assert marked == [1, 5, 6, 7, 8, 9, 12, 15]
    path = project / "notebooks" / "visits" / f"{VISIT}.ipynb"
    for number in marked:
        assert (f"{path}, cell {number}, field \"imported\": warning: this cell was imported and "
                "is not reviewed yet. Compare it with the report, correct it, then delete the key "
                "\"ringkas\" (imported: true) from the cell's metadata.") in result.stdout
    assert result.stdout.splitlines()[-1] == "1 notebook checked: 0 errors, 13 warnings."


def test_a_reviewed_cell_is_no_longer_reported(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(SEED)).exit_code == 0
    path = tmp_path / "notebooks" / "visits" / f"{VISIT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("ringkas", None)
    nbformat.write(nb, path)
    result = run(tmp_path, "check")
    assert "imported" not in result.stdout
    assert result.stdout.splitlines()[-1] == "1 notebook checked: 0 errors, 5 warnings."


@pytest.mark.slow
def test_the_imported_seed_renders_its_briefs(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(SEED)).exit_code == 0
    (tmp_path / "data").mkdir()
    result = run(tmp_path, "render", "--format", "html", "--brief-lang", "id", "--jobs", "1")
    assert result.exit_code == 0, result.output
    for audience in ("pimpinan", "teknis"):
        brief = tmp_path / "briefs" / VISIT / f"{VISIT}.{audience}.id.html"
        assert "Kabupaten Banyuwangi" in brief.read_text(encoding="utf-8")
    teknis = (tmp_path / "briefs" / VISIT / f"{VISIT}.teknis.id.html").read_text(encoding="utf-8")
    assert "Rantang Kasih" in teknis and "ngantor di desa" in teknis


# --- a Word document --------------------------------------------------------------------

def write_docx(path: Path) -> Path:
    import docx

    word = docx.Document()
    word.add_heading("Studi Banding Pelayanan Publik ke Kota Surabaya", level=0)
    word.add_paragraph("Pada 13 September 2017 Bidang Ekonomi Bappeda Kota Malang melakukan "
                       "studi banding ke Kota Surabaya.")
    word.add_heading("Latar Belakang", level=1)
    word.add_paragraph("Antrean layanan di kelurahan panjang. Warga lansia sulit datang.")
    word.add_heading("Inovasi Layanan Keliling", level=1)
    word.add_paragraph("Mobil layanan datang ke kelurahan setiap pekan.")
    word.add_heading("Peran OPD", level=1)
    table = word.add_table(rows=3, cols=2)
    for row, (actor, role) in zip(table.rows, [("OPD", "Peran"), ("Dispendukcapil", "Pelayanan"),
                                              ("Kecamatan", "Jadwal keliling")], strict=True):
        row.cells[0].text, row.cells[1].text = actor, role
    word.add_heading("Rekomendasi", level=1)
    word.add_paragraph("Menyiapkan satu mobil layanan.", style="List Bullet")
    word.add_paragraph("Menyusun jadwal keliling per kecamatan.", style="List Bullet")
    word.save(path)
    return path


def test_a_word_document_keeps_its_headings_list_and_table(tmp_path: Path) -> None:
    source = write_docx(tmp_path / "laporan.docx")
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 0, result.output
    nb = nbformat.read(tmp_path / "notebooks" / "visits" / "2017-09-13-surabaya.ipynb",
                       as_version=4)
    values = front(nb)
    assert values["title"] == "Studi Banding Pelayanan Publik ke Kota Surabaya"
    assert (values["kind"], values["agency"], values["unit"]) == (
        "studi-banding", "Bappeda Kota Malang", "Bidang Ekonomi")
    assert section(nb, "background") == [
        "Antrean layanan di kelurahan panjang. Warga lansia sulit datang."]
    assert section(nb, "innovation") == [
        "### Layanan Keliling\n\nMobil layanan datang ke kelurahan setiap pekan."]
    assert section(nb, "roles")[0].splitlines()[2:] == [
        "| Dispendukcapil | Pelayanan |", "| Kecamatan | Jadwal keliling |"]
    assert section(nb, "recommendations")[0].splitlines()[2:] == [
        "| Menyiapkan satu mobil layanan. |  |  |  | usulan |",
        "| Menyusun jadwal keliling per kecamatan. |  |  |  | usulan |"]
    check = run(tmp_path, "check")
    assert check.exit_code == 0 and check.stderr == ""


# --- a web page -------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="id"><head><title>Berita | Bappeda Kota Malang</title>
<link rel="canonical" href="https://bappeda.malangkota.example/berita/studi-tiru-surabaya">
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/profil">Profil NAVIGASI-MENU</a></li>
<li><a href="/berita">Berita Kegiatan</a></li></ul></nav>
<article><h1>Studi Tiru Pelayanan Publik ke Kota Surabaya</h1>
<p>Kamis, 4 Mei 2023, Bidang Pemerintahan Bappeda Kota Malang melakukan studi tiru ke Kota
Surabaya. Rombongan diterima di Balai Kota dan berdiskusi tentang layanan keliling.</p>
<h2>Latar Belakang</h2>
<p>Antrean layanan kependudukan di kelurahan panjang dan warga lansia sulit datang sendiri ke
kantor kelurahan, sehingga Surabaya membawa layanan ke warga.</p>
<h2>Inovasi Layanan Keliling</h2>
<p>Mobil layanan kependudukan datang ke setiap kelurahan sekali sepekan sesuai jadwal.</p>
<h2>Rekomendasi</h2>
<ul><li>Menyiapkan satu mobil layanan untuk kelurahan terjauh.</li>
<li>Menyusun jadwal keliling per kecamatan bersama camat.</li></ul>
</article>
<div class="share-buttons">Bagikan: <a href="#">Facebook</a> <a href="#">TOMBOL-BAGIKAN</a></div>
<section id="comments"><h3>2 Komentar</h3>
<div class="comment"><p>KOMENTAR-PEMBACA: mantap sekali programnya, semoga sukses!</p></div>
</section><footer>Hak cipta 2023 Bappeda Kota Malang. KAKI-HALAMAN</footer></body></html>
"""


def test_only_the_article_of_a_page_comes_in(tmp_path: Path) -> None:
    source = tmp_path / "berita.html"
    source.write_text(PAGE, encoding="utf-8")
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 0, result.output
    nb = nbformat.read(tmp_path / "notebooks" / "visits" / "2023-05-04-surabaya.ipynb",
                       as_version=4)
    text = notebook_text(nb)
    for outside in ("NAVIGASI-MENU", "TOMBOL-BAGIKAN", "KOMENTAR-PEMBACA", "KAKI-HALAMAN"):
        assert outside not in text
    assert "Mobil layanan kependudukan datang" in section(nb, "innovation")[0]
    assert section(nb, "background")[0].startswith("Antrean layanan kependudukan")
    values = front(nb)
    assert values["title"] == "Studi Tiru Pelayanan Publik ke Kota Surabaya"
    assert values["kind"] == "studi-tiru"
    assert values["sources"] == [  # the page's own address, not the file
        "https://bappeda.malangkota.example/berita/studi-tiru-surabaya"]
    assert len(section(nb, "recommendations")[0].splitlines()) == 4
