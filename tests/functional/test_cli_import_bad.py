"""`ringkas import` with files it cannot use: an exact message naming the file and what to do,
exit code 1, no traceback, and no notebook written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from tests.functional.test_cli_import import SEED, VISIT

LEAD = ("Bidang Pemsosbud Bappeda Kab. Grobogan melakukan studi referensi ke Kab. Banyuwangi. "
        "Harapannya, Kab. Grobogan dapat mengadopsi inovasi tersebut.\n")


def run(project: Path, *args: str, lang: str = "en") -> Result:
    result = CliRunner(env={"RINGKAS_LANG": None, "RINGKAS_HOME": None}).invoke(
        cli, ["--lang", lang, "--project", str(project), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def visits(project: Path) -> list[str]:
    folder = project / "notebooks" / "visits"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


CASES = {
    "laporan.xyz": (b"teks", "Error: {path}: ringkas cannot read \".xyz\" files. Save the report "
                    "as one of: .docx, .htm, .html, .markdown, .md, .text, .txt, .xhtml, then "
                    "import it again."),
    "kosong.txt": (b"  \n\n", "Error: {path}: the file is empty. Choose the file that holds the "
                   "visit report."),
    "pindaian.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Error: {path}: ringkas does not read PDF. "
                     "If the PDF holds text, open it and save it as .docx or copy its text into "
                     "a .txt file; if it is a scan (images), run OCR first. Then import that "
                     "file."),
    "sampah.txt": (bytes(range(256)) * 4, "Error: {path}: its content is not text (binary "
                   "data). Check that this is the right report, or save the report as .txt or "
                   ".docx."),
    "rusak.docx": (b"PK\x03\x04 bukan zip yang utuh", "Error: {path}: not a complete Word "
                   "document (.docx). Open it in Word or LibreOffice and save it again as .docx, "
                   "then import it again."),
    "lama.doc": (b"\xd0\xcf\x11\xe0", "Error: {path}: old Word files (.doc) are not read. Open "
                 "it in Word or LibreOffice, save it as .docx, then import it again."),
    "kosong.html": (b"<html><body><nav><a href='/'>Beranda</a></nav></body></html>",
                    "Error: {path}: there is no text to read (a page with no article, or only "
                    "images). Save the report's text as .txt or .docx, then import it again."),
    "tanpa-tahun.txt": (("# Studi Referensi\n\nSenin (2/12), " + LEAD).encode(),
                        "Error: {path}: the report does not state what the visit id needs; no "
                        "file was written:\n  - the date \"Senin (2/12)\" states no year, and "
                        "ringkas does not guess one; give --date YYYY-MM-DD."),
    "tanpa-daerah.txt": (b"# Kunjungan\n\nPada 28 November 2022 tim Bappeda berkunjung.\n",
                         "Error: {path}: the report does not state what the visit id needs; no "
                         "file was written:\n  - no host region was found (such as \"ke "
                         "Kabupaten ...\"); give --host \"Kabupaten ...\"."),
    "tanpa-apa-apa.txt": (b"Tim melakukan kunjungan dan berdiskusi panjang.\n",
                          "Error: {path}: the report does not state what the visit id needs; "
                          "no file was written:\n  - no visit date with a year was found; give "
                          "--date YYYY-MM-DD.\n  - no host region was found (such as \"ke "
                          "Kabupaten ...\"); give --host \"Kabupaten ...\".\n  - no title was "
                          "found; give --title \"...\"."),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_it_cannot_use_gets_a_message_and_no_notebook(tmp_path: Path, name: str) -> None:
    content, message = CASES[name]
    source = tmp_path / name
    source.write_bytes(content)
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 1
    assert result.stderr == message.format(path=source) + "\n"
    assert result.stdout == ""
    assert visits(tmp_path) == []


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    source = tmp_path / "tidak-ada.txt"
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {source}: the file cannot be opened (No such file or "
                             "directory). Check its name and permissions.\n")


def test_the_messages_are_indonesian_by_default(tmp_path: Path) -> None:
    source = tmp_path / "tanpa-tahun.txt"
    source.write_text("# Studi Referensi\n\nSenin (2/12), " + LEAD, encoding="utf-8")
    result = CliRunner(env={"RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(tmp_path), "import", str(source)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Galat: {source}: teks laporan tidak menyebut yang diperlukan id kunjungan; tidak ada "
        "berkas yang ditulis:\n  - tanggal \"Senin (2/12)\" tidak menyebut tahun, dan ringkas "
        "tidak menebak tahun; berikan --date YYYY-MM-DD.\n")


def test_a_date_without_a_year_imports_with_date(tmp_path: Path) -> None:
    source = tmp_path / "tanpa-tahun.txt"
    source.write_text("# Studi Referensi ke Kabupaten Banyuwangi\n\nSenin (2/12), " + LEAD,
                      encoding="utf-8")
    result = run(tmp_path, "import", str(source), "--date", "2024-12-02")
    assert result.exit_code == 0, result.output
    assert visits(tmp_path) == ["2024-12-02-banyuwangi.ipynb"]


def test_host_and_id_can_be_given(tmp_path: Path) -> None:
    source = tmp_path / "tanpa-daerah.txt"
    source.write_text("# Kunjungan\n\nPada 28 November 2022 tim Bappeda berkunjung.\n",
                      encoding="utf-8")
    result = run(tmp_path, "import", str(source), "--host", "Kabupaten Banyuwangi",
                 "--id", "2022-11-28-bwi")
    assert result.exit_code == 0, result.output
    assert visits(tmp_path) == ["2022-11-28-bwi.ipynb"]
    assert run(tmp_path, "check").exit_code == 0


def test_an_id_that_disagrees_with_the_date_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(SEED), "--id", "2022-11-29-banyuwangi")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --id \"2022-11-29-banyuwangi\" does not match the visit date "
                             "2022-11-28. Make the id start with that date, or give --date.\n")
    assert visits(tmp_path) == []


def test_an_existing_notebook_is_replaced_only_with_force(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(SEED)).exit_code == 0
    path = tmp_path / "notebooks" / "visits" / f"{VISIT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].source = "Ringkasan yang sudah ditulis peneliti."
    nbformat.write(nb, path)
    again = run(tmp_path, "import", str(SEED))
    assert again.exit_code == 1
    assert again.stderr == (f"Error: {path} already exists; ringkas does not overwrite it. Add "
                            "--force to replace it, or give another --id.\n")
    assert "Ringkasan yang sudah ditulis" in path.read_text(encoding="utf-8")
    forced = run(tmp_path, "import", str(SEED), "--force")
    assert forced.exit_code == 0
    assert "Ringkasan yang sudah ditulis" not in path.read_text(encoding="utf-8")


def test_a_report_in_another_language_imports_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "verslag.txt"
    source.write_text(
        "# Studiebezoek ke Kabupaten Banyuwangi\n\n28 November 2022. " + " ".join(
            ["Het bezoek aan de regio bleek zeer leerzaam voor onze gemeente en haar ambtenaren."]
            * 6) + "\n", encoding="utf-8")
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 0
    assert result.stderr == ("warning: the report seems to be neither in Indonesian nor in "
                             "English; check every field carefully.\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2022-13-01"], "--date \"2022-13-01\" is not a date. Write it as YYYY-MM-DD."),
    (["--id", "28-11-2022-banyuwangi"], "--id \"28-11-2022-banyuwangi\" is not a visit id. Write "
                                        "it as YYYY-MM-DD-host, e.g. 2022-11-28-banyuwangi."),
    (["--host", "東京"], "--host \"東京\" does not give a valid id; use Latin letters."),
])
def test_a_bad_option_is_named(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(tmp_path, "import", str(SEED), *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert visits(tmp_path) == []


# --- hostile files (issue 21, 10, 11, 12, 16) ---------------------------------------------

MB = 1024 * 1024
BILLION_LAUGHS = (b'<!DOCTYPE w:document [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1
                                                             else b"&lol;") * 10)
                             for n in range(1, 10)) + b"]>")
EXTERNAL_ENTITY = b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def a_docx() -> bytes:
    import docx

    word = docx.Document()
    word.add_heading("Studi Referensi ke Kabupaten Banyuwangi", level=0)
    word.add_paragraph("Senin, 28 November 2022. " + LEAD)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def rezipped(data: bytes, parts: dict[str, bytes | int]) -> bytes:
    """`data` (a .docx) with `parts` replaced or added: bytes as given, an int as that many
    zero bytes, written in 1 MB chunks (deflated, 50 MB take 50 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info))
        for name, content in parts.items():
            if isinstance(content, bytes):
                target.writestr(name, content)
                continue
            with target.open(name, "w") as part:
                for start in range(0, content, MB):
                    part.write(bytes(min(MB, content - start)))
    return out.getvalue()


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def with_doctype(data: bytes, doctype: bytes, use: bytes) -> bytes:
    xml = document_xml(data)
    declaration, _, rest = xml.partition(b"?>")
    rest = rest.replace(b"Senin, 28 November", use + b" Senin, 28 November", 1)
    return rezipped(data, {"word/document.xml": declaration + b"?>" + doctype + rest})


def refused(tmp_path: Path, name: str, content: bytes) -> tuple[Path, str]:
    source = tmp_path / name
    source.write_bytes(content)
    result = run(tmp_path, "import", str(source))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert visits(tmp_path) == []
    return source, result.stderr


DTD_REFUSED = ("Error: {path}: word/document.xml inside the Word file contains a DTD "
               "(<!DOCTYPE>), refused: Word never writes one, and it can make a reader fetch or "
               "expand entities. Open the file in Word or LibreOffice and save it again as "
               ".docx.\n")


@pytest.mark.parametrize(("doctype", "use"), [(BILLION_LAUGHS, b"&lol9;"),
                                              (EXTERNAL_ENTITY, b"&secret;")],
                         ids=["billion-laughs", "external-entity"])
def test_a_docx_with_a_dtd_is_refused(tmp_path: Path, doctype: bytes, use: bytes) -> None:
    source, said = refused(tmp_path, "entitas.docx", with_doctype(a_docx(), doctype, use))
    assert said == DTD_REFUSED.format(path=source)


def test_a_docx_with_a_truncated_document_xml_is_damaged(tmp_path: Path) -> None:
    data = a_docx()
    xml = document_xml(data)
    source, said = refused(tmp_path, "terpotong.docx",
                           rezipped(data, {"word/document.xml": xml[:len(xml) // 2]}))
    start = f"Error: {source}: word/document.xml inside the Word file is damaged ("
    assert said.startswith(start), said
    assert said.endswith("). Open it in Word or LibreOffice and save it again as .docx, then "
                         "import it again.\n")
    assert "\n" not in said[len(start):-1]  # libxml2's reason, on one line


@pytest.mark.parametrize(("part", "size", "limit"), [
    ("word/media/image9.png", 20 * MB + 1, 20), ("word/document.xml", 50 * MB + 1, 50)])
def test_a_docx_part_that_inflates_past_its_cap_is_refused(tmp_path: Path, part: str, size: int,
                                                           limit: int) -> None:
    """The default caps, with a part one byte over (a zip bomb inflates to gigabytes)."""
    data = rezipped(a_docx(), {part: size})
    assert len(data) < MB  # a small file...
    source, said = refused(tmp_path, "bom.docx", data)
    assert said == (f"Error: {source}: {part} inside the Word file inflates to more than "
                    f"{limit} MB, the most ringkas unpacks for it, so the file was refused. Make "
                    "its pictures smaller (Word: Compress Pictures), save it again and import it "
                    "again.\n")


def test_a_docx_whose_parts_inflate_past_the_total_cap_is_refused(tmp_path: Path) -> None:
    data = rezipped(a_docx(), {f"word/media/image{n}.png": 19 * MB for n in range(11)})
    source, said = refused(tmp_path, "bom-total.docx", data)
    assert said == (f"Error: {source}: the Word file inflates to more than 200 MB in all, the "
                    "most ringkas unpacks, so it was refused. Make its pictures smaller (Word: "
                    "Compress Pictures) or split it, then import it again.\n")


def test_a_docx_part_whose_header_lies_about_its_size_is_damaged(tmp_path: Path) -> None:
    """A part that says 1 KB and inflates to 30 MB: reading stops at what it said, and the
    check of its CRC says the part is damaged."""
    data = bytearray(rezipped(a_docx(), {"word/media/image9.png": 30 * MB}))
    name = b"word/media/image9.png"
    at = data.find(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(name)] != name:  # its record in the central directory
        at = data.find(b"PK\x01\x02", at + 1)
    assert int.from_bytes(data[at + 24:at + 28], "little") == 30 * MB
    data[at + 24:at + 28] = (1024).to_bytes(4, "little")  # the uncompressed size
    source, said = refused(tmp_path, "bohong.docx", bytes(data))
    assert said.startswith(f"Error: {source}: word/media/image9.png inside the Word file is "
                           "damaged ("), said


def test_a_web_page_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    page = b"<html><body><article><p>" + b"Kunjungan ke Kabupaten Banyuwangi. " * 300_000
    page = page[:10 * MB] + b"</p></article></body></html>"
    source, said = refused(tmp_path, "besar.html", page)
    assert said == (f"Error: {source} is 10.1 MB; ringkas imports a file of this kind of at most "
                    "10 MB, so it was refused. Save only the report's text (a web page as \"HTML "
                    "only\", or its article copied into a .txt file), then import it again.\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_text_report_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    """Notepad's "Unicode" is UTF-16 with a BOM: text, not binary data. It makes the notebook
    the same report in UTF-8 makes."""
    text = SEED.read_text(encoding="utf-8")
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""  # "utf-16" writes its own
    notebooks = []
    for folder, data in (("bom", bom + text.encode(encoding)), ("utf8", SEED.read_bytes())):
        project = tmp_path / folder
        project.mkdir()
        source = project / "laporan.txt"
        source.write_bytes(data)
        result = run(project, "import", str(source))
        assert result.exit_code == 0, result.output
        assert visits(project) == [f"{VISIT}.ipynb"]
        notebook = project / "notebooks" / "visits" / f"{VISIT}.ipynb"
        cells = nbformat.read(notebook, as_version=4).cells
        notebooks.append([(c.cell_type, c.source.replace(str(project), "")) for c in cells])
    assert notebooks[0] == notebooks[1]
