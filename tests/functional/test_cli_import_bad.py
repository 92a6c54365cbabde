"""`ringkas import` with files it cannot use: an exact message naming the file and what to do,
exit code 1, no traceback, and no notebook written."""

from __future__ import annotations

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
