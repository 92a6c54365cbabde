"""The Word brief, read back with python-docx: headings, tables, charts, the draft's watermark
line, the footer, A4, core properties, and the styles of the reference document.

Built from notebooks in memory (`tests.notebooks`) with a PNG output put into the evidence cell,
as a kernel would: no kernel runs here.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Cm, Pt, RGBColor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from PIL import Image

from ringkas.cli import cli
from ringkas.contract.problems import MessageError
from ringkas.notebook.validate import validate_notebook
from ringkas.render import word
from ringkas.render.brief import build_brief
from ringkas.render.word_brief import render_docx
from tests.notebooks import add_visit, project_folders, visit_notebook

DAY = dt.date(2024, 2, 29)
TITLE = "Studi Banding Pelayanan Publik ke Kota Contoh"


def png() -> str:
    image = Image.new("RGB", (120, 80), (11, 58, 93))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def with_chart(nb: NotebookNode) -> NotebookNode:
    """`nb` (made with evidence) as executed: its evidence cell shows a PNG chart."""
    cell = next(c for c in nb.cells if "evidence" in c.metadata.get("tags", []))
    cell.outputs = [new_output("display_data", data={"image/png": png(),
                                                     "text/plain": "<Figure>"})]
    return nb


def brief_docx(nb: NotebookNode, audience: str = "teknis", lang: str = "id",
               reference: Path | None = None) -> docx.document.Document:
    visit, problems = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"), "2023-03-14-contoh")
    assert visit is not None, problems
    data = render_docx(build_brief(nb, visit, audience, lang, DAY), reference)
    return docx.Document(io.BytesIO(data))


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def rows(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_with(document: docx.document.Document, header: str) -> list[list[str]]:
    found = [rows(t) for t in document.tables if header in rows(t)[0]]
    assert found, [rows(t)[0] for t in document.tables]
    return found[0]


def test_teknis_has_the_parts_of_a_laporan_as_headings() -> None:
    document = brief_docx(with_chart(visit_notebook(evidence=True)))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [TITLE]
    found = headings(document)
    for heading in ("Ringkasan eksekutif", "A. Pendahuluan", "Latar belakang", "Inovasi",
                    "Layanan Keliling", "Peran OPD dan pemangku kepentingan",
                    "D. Simpulan dan saran", "Rekomendasi"):
        assert heading in found, found


def test_recommendations_and_roles_are_tables_with_their_cells() -> None:
    document = brief_docx(visit_notebook())
    recommendations = table_with(document, "Rekomendasi")
    assert recommendations[0] == ["No.", "Rekomendasi", "OPD pengampu", "Waktu", "Prioritas",
                                  "Status tindak lanjut"]
    assert recommendations[1] == ["1", "Meniru layanan keliling", "Dinas Asal", "2023-S2",
                                  "Tinggi", "Direncanakan"]
    assert recommendations[2][:2] == ["2", "Melatih petugas"]
    assert table_with(document, "Peran") == [["OPD/Pemangku kepentingan", "Peran"],
                                             ["Dinas Contoh", "Menjalankan layanan"]]


def test_the_pimpinan_brief_has_key_recommendations_and_one_chart() -> None:
    document = brief_docx(with_chart(visit_notebook(evidence=True)), "pimpinan", "en")
    found = headings(document)
    assert found[:2] == ["Executive summary", "Key recommendations"]
    assert "Supporting data" in found
    assert len(document.inline_shapes) == 1
    assert table_with(document, "Recommendation")[1][1] == "Meniru layanan keliling"
    caption = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert caption == ["Figure 1. Angka contoh Source: data uji"]


def test_a_dataframe_is_a_table_and_an_svg_only_chart_a_note() -> None:
    """What else an evidence cell shows (teknis: every output): a DataFrame's HTML as a Word
    table of its cells' text, markup left behind; an SVG has no raster to embed, so a note."""
    nb = visit_notebook(evidence=True)
    cell = next(c for c in nb.cells if "evidence" in c.metadata.get("tags", []))
    frame = ("<table><thead><tr><th></th><th>tahun</th><th>persen</th></tr>"
             "<tr><th>kab</th><th></th><th></th></tr></thead><tbody>"
             "<tr><th>Contoh</th><td>2023</td><td><b>7,5</b><script>x</script></td></tr>"
             "</tbody></table>")
    cell.outputs = [new_output("display_data", data={"text/html": frame, "text/plain": "df"}),
                    new_output("display_data", data={"image/svg+xml": "<svg/>",
                                                     "text/plain": "<Figure>"}),
                    new_output("stream", name="stdout", text="EVIDENCE-OUTPUT\n")]
    document = brief_docx(nb)
    assert table_with(document, "tahun") == [["kab", "tahun", "persen"],
                                             ["Contoh", "2023", "7,5"]]
    texts = [p.text for p in document.paragraphs]
    assert "Grafik ini hanya tersedia sebagai SVG; lihat ringkasan HTML atau PDF." in texts
    assert "EVIDENCE-OUTPUT" in texts
    assert not document.inline_shapes


def test_a_draft_says_so_on_every_page_and_in_the_body() -> None:
    document = brief_docx(visit_notebook())  # status: reviewed
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == ["Bappeda Kabupaten Asal · " + TITLE, "DRAF"]
    assert document.sections[0].header.paragraphs[1].style.name == word.WATERMARK_STYLE
    notice = "DRAF · Ditelaah: Belum disetujui untuk diedarkan."
    assert notice in [p.text for p in document.paragraphs]


def test_an_approved_brief_has_no_watermark_line() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace(
        "status: reviewed", "status: approved\napproved_by: Kepala Bappeda")
    document = brief_docx(nb)
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        "Bappeda Kabupaten Asal · " + TITLE]
    assert not any("DRAF" in p.text for p in document.paragraphs)


def test_the_footer_has_the_colophon_and_page_fields() -> None:
    section = brief_docx(visit_notebook(), "pimpinan").sections[0]
    footer = section.footer.paragraphs
    assert footer[0].text == ("Bappeda Kabupaten Asal · Ringkasan Kebijakan · "
                              "Dibuat 29 Februari 2024")
    fields = [f.get(docx.oxml.ns.qn("w:instr")) for f in
              footer[1]._p.iter(docx.oxml.ns.qn("w:fldSimple"))]
    assert fields == [" PAGE ", " NUMPAGES "]
    assert footer[1].text.startswith("Halaman ")


def test_the_page_is_a4_and_the_properties_describe_the_brief() -> None:
    document = brief_docx(visit_notebook(), "pimpinan", "en")
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    props = document.core_properties
    assert props.title == TITLE
    assert props.author == "Bappeda Kabupaten Asal"
    assert props.subject == "Ringkasan SENTINEL-SUMMARY kunjungan."
    assert props.keywords == "Kota Contoh, Public services"
    assert props.language == "en"


def test_the_same_brief_gives_the_same_bytes() -> None:
    """Rendered twice, a day apart in the clock but not in its render date: byte-identical
    (so checksums and `distribute`'s comparisons see no change)."""
    nb = with_chart(visit_notebook(evidence=True))
    visit, _ = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"), "2023-03-14-contoh")
    assert visit is not None
    first = render_docx(build_brief(nb, visit, "teknis", "id", DAY))
    time.sleep(2.1)  # past the zip format's two-second resolution of the saving time
    assert render_docx(build_brief(nb, visit, "teknis", "id", DAY)) == first


def test_control_characters_from_a_notebook_are_left_out() -> None:
    nb = visit_notebook()
    summary = next(c for c in nb.cells if "summary" in c.metadata.get("tags", []))
    summary.source = "Ringkasan\x07 dengan\x1b kontrol\x00 SENTINEL."
    document = brief_docx(nb, "pimpinan")
    assert "Ringkasan dengan kontrol SENTINEL." in [p.text for p in document.paragraphs]


def test_styles_come_from_the_reference_document(tmp_path: Path) -> None:
    """An agency edits the reference in Word: here, Heading 1 in red at 20 pt and a Letter page,
    which the brief follows (its page stays A4)."""
    reference = tmp_path / "reference.docx"
    edited = docx.Document(str(word.reference_path()))
    edited.styles["Heading 1"].font.color.rgb = RGBColor(0xCC, 0x00, 0x00)
    edited.styles["Heading 1"].font.size = Pt(20)
    edited.sections[0].left_margin = Cm(3.5)
    edited.sections[0].page_width = Cm(21.59)
    edited.save(str(reference))
    document = brief_docx(visit_notebook(), reference=reference)
    heading = document.styles["Heading 1"].font
    assert (heading.color.rgb, heading.size) == (RGBColor(0xCC, 0x00, 0x00), Pt(20))
    assert round(document.sections[0].left_margin.cm, 1) == 3.5
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert "ringkas reference document" not in "".join(p.text for p in document.paragraphs)


def test_the_shipped_reference_is_what_the_script_makes(tmp_path: Path) -> None:
    made = tmp_path / "reference.docx"
    word.make_reference(made)
    styles = {s.name for s in docx.Document(str(made)).styles}
    shipped = {s.name for s in docx.Document(str(word.reference_path())).styles}
    assert {word.WATERMARK_STYLE, word.NOTE_STYLE, word.CODE_STYLE, "Table Grid"} <= shipped
    assert styles == shipped


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_a_broken_reference_is_an_error_naming_it(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "reference.docx"
    broken.write_bytes(content)
    with pytest.raises(MessageError) as caught:
        brief_docx(visit_notebook(), reference=broken)
    assert caught.value.code == "render.bad_reference"
    assert str(broken) in caught.value.text("id")


def test_a_missing_reference_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        brief_docx(visit_notebook(), reference=tmp_path / "gone.docx")
    assert "gone.docx" in caught.value.text("en")


# --- through the command --------------------------------------------------------------------

def render(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(project), "render", *args, "--jobs", "1"])
    return result.exit_code, result.output


def test_render_format_docx_writes_word_briefs_only_and_then_skips_them(tmp_path: Path) -> None:
    project = project_folders(tmp_path)
    add_visit(project, "2023-03-14-contoh", code=None)
    code, output = render(project, "--format", "docx")
    assert code == 0, output
    folder = project / "briefs" / "2023-03-14-contoh"
    made = sorted(p.name for p in folder.iterdir() if p.suffix not in (".ipynb", ".json"))
    assert made == [f"2023-03-14-contoh.{a}.{lang}.docx"
                    for a in ("pimpinan", "teknis") for lang in ("en", "id")]
    assert "(4 berkas)" in output.splitlines()[-1]
    document = docx.Document(str(folder / "2023-03-14-contoh.teknis.en.docx"))
    assert "Executive summary" in headings(document)
    # the revision label of the build, as the HTML and PDF briefs carry it
    assert re.search(r" · Revision 1 · \d+ \w+ \d{4} · [0-9a-f]{7}$",
                     document.sections[0].footer.paragraphs[0].text)
    catalogue = (project / "briefs" / "index.html").read_text(encoding="utf-8")
    assert 'href="2023-03-14-contoh/2023-03-14-contoh.teknis.en.docx"' in catalogue
    # the default stays HTML and PDF: asking for HTML later renders it, the DOCX is kept
    before = (folder / "2023-03-14-contoh.teknis.en.docx").read_bytes()
    code, output = render(project, "--format", "html")
    assert code == 0, output
    assert (folder / "2023-03-14-contoh.teknis.en.html").exists()
    assert (folder / "2023-03-14-contoh.teknis.en.docx").read_bytes() == before
    code, output = render(project, "--format", "docx")
    assert "0 ringkasan dibuat (0 berkas), 4 tidak berubah" in output.splitlines()[-1]
    # a removed DOCX is made again
    (folder / "2023-03-14-contoh.pimpinan.id.docx").unlink()
    code, output = render(project, "--format", "docx")
    assert (folder / "2023-03-14-contoh.pimpinan.id.docx").exists(), output


def test_an_unknown_format_lists_the_choices(tmp_path: Path) -> None:
    code, output = render(project_folders(tmp_path), "--format", "odt")
    assert code == 2
    assert "'odt': html, pdf, docx" in output


def test_a_broken_reference_fails_the_render_naming_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = project_folders(tmp_path)
    add_visit(project, "2023-03-14-contoh", code=None)
    broken = tmp_path / "broken-reference.docx"
    shutil.copy(word.reference_path(), broken)
    broken.write_bytes(broken.read_bytes()[:500])  # cut short: no longer a zip
    monkeypatch.setattr(word, "reference_path", lambda: broken)
    code, output = render(project, "--format", "docx")
    assert code != 0
    assert str(broken) in output.replace("\n  ", " ").replace("\n", " ")
    assert "Traceback" not in output
    assert not (project / "briefs" / "2023-03-14-contoh").exists() or not any(
        (project / "briefs" / "2023-03-14-contoh").glob("*.docx"))


def test_a_visit_without_an_agency_has_no_stray_dot_in_the_running_head() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("agency: Bappeda Kabupaten Asal\n", "")
    document = brief_docx(nb)
    head = document.sections[0].header.paragraphs[0].text
    assert head == "Studi Banding Pelayanan Publik ke Kota Contoh"  # was "· Studi Banding ..."
