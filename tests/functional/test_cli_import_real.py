"""`ringkas import` on reports of the corpus (issue 20): what the import report says."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.functional.test_cli_import import front, no_traceback, run, section
from tests.import_corpus import CORPUS


def test_a_yearless_date_says_where_its_year_came_from(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(CORPUS / "g03-kulonprogo-terima-tanahdatar.html"),
                 "--host", "Kabupaten Kulon Progo")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('the year of the date "Kamis (7/3)" was taken from the publication date the '
            "document states (article:published_time 2024-03-08T13:00:00+07:00)") in result.stderr
    written = next((tmp_path / "notebooks" / "visits").glob("*.ipynb"))
    assert str(front(nbformat.read(written, as_version=4))["date"]) == "2024-03-07"


TOML = """[agency]
name = "{agency}"
unit = "Bidang Ekonomi"

[home]
name = "{home}"
bps_code = "{code}"
"""


def test_the_project_fills_a_silent_visiting_side(tmp_path: Path) -> None:
    (tmp_path / "ringkas.toml").write_text(TOML.format(
        agency="Bappeda Kabupaten Buleleng", home="Kabupaten Buleleng", code="5108"))
    result = run(tmp_path, "import", str(CORPUS / "heldout" / "x07-memo-jembrana.txt"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('home is not stated in the report: filled with "Kabupaten Buleleng" from '
            "ringkas.toml.") in result.output
    values = front(nbformat.read(next((tmp_path / "notebooks" / "visits").glob("*.ipynb")),
                                 as_version=4))
    assert values["home"] == {"name": "Kabupaten Buleleng", "bps_code": "5108"}
    assert values["agency"] == "Bappeda Kabupaten Buleleng"
    assert values["host"] == {"name": "Kabupaten Jembrana", "bps_code": "5101"}


def test_a_report_naming_another_visiting_side_is_followed_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "ringkas.toml").write_text(TOML.format(
        agency="Bappeda Kabupaten Sragen", home="Kabupaten Sragen", code="3314"))
    result = run(tmp_path, "import", str(CORPUS / "g01-sumedang-terima-grobogan.html"))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ('warning: the report names the visiting side "Kabupaten Grobogan" (home), not '
            '"Kabupaten Sragen" of ringkas.toml') in result.stderr
    values = front(nbformat.read(next((tmp_path / "notebooks" / "visits").glob("*.ipynb")),
                                 as_version=4))
    assert values["home"] == {"name": "Kabupaten Grobogan", "bps_code": "3315"}
    assert values["agency"] == "Bappeda Kabupaten Grobogan"
    assert values["host"] == {"name": "Kabupaten Sumedang", "bps_code": "3211"}
    assert values["led_by"] == "Hartono Wibisono, Sekretaris Bappeda"
    assert values["received_by"] == [{"name": "Asep Kurniawan",
                                      "position": "Kepala Bapperida Kabupaten Sumedang"}]
    assert "Sumedang" not in values["agency"] + values["home"]["name"] + values["led_by"]


def test_a_word_laporan_imports_with_no_unsorted_text(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(CORPUS))
    try:
        import make_docx
    finally:
        sys.path.remove(str(CORPUS))
    (source,) = [p for p in make_docx.build(tmp_path / "in") if p.stem.startswith("d01")]
    project = tmp_path / "proyek"
    result = run(project, "import", str(source))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "Unsorted text" not in result.output
    assert ("Left out as the report's closing formula and signature: 4 paragraphs, from "
            '"Demikian laporan ini kami sampaikan') in result.output
    nb = nbformat.read(project / "notebooks" / "visits" / "2024-03-08-banyuwangi.ipynb",
                       as_version=4)
    values = front(nb)
    assert values["title"] == ("LAPORAN HASIL STUDI BANDING BAPPEDA KABUPATEN GROBOGAN KE "
                               "KABUPATEN BANYUWANGI TAHUN 2024")
    assert values["sources"] == [
        "d01-laporan-studi-banding-banyuwangi.docx",
        "Surat Perintah Tugas Kepala Bappeda Kabupaten Grobogan Nomor 094/215/2024 tanggal "
        "4 Maret 2024."]
    assert values["participants"] == ["Sri Wahyuningtyas, Kepala Bappeda (ketua rombongan)",
                                      "Bambang Sutejo, Kepala Bidang Pemsosbud",
                                      "Dewi Lestari, Perencana Ahli Muda"]
    assert values["venue"] == "Aula Minak Jinggo, Kabupaten Banyuwangi"
    assert values["kind"] == "studi-banding"
    assert section(nb, "purpose")[0].startswith("Maksud studi banding adalah")
    assert section(nb, "lessons") == ["Pemutakhiran bulanan membuat sasaran bantuan lebih tepat."]
    assert section(nb, "recommendations")[0].splitlines()[2:] == [
        "| Bappeda menyusun petunjuk teknis pemutakhiran data bulanan. |  |  |  | usulan |",
        "| Dinas Sosial melatih operator desa. |  |  |  | usulan |"]
    assert "Rombongan diterima oleh Sekretaris Bappeda" in section(nb, "outcome")[0]
    assert not any("Belum dipilah" in c.source for c in nb.cells)
    check = run(project, "check")
    assert check.exit_code == 0 and " 0 errors," in check.output, check.output


def test_a_second_report_of_the_visit_is_added_into_it(tmp_path: Path) -> None:
    first = run(tmp_path, "import", str(CORPUS / "g02-grobogan-ke-banyuwangi.html"))
    assert first.exit_code == 0, first.output
    path = tmp_path / "notebooks" / "visits" / "2024-03-08-banyuwangi.ipynb"
    before = front(nbformat.read(path, as_version=4))
    result = run(tmp_path, "import", str(CORPUS / "m05-grobogan-banyuwangi-koran.html"),
                 "--into", "2024-03-08-banyuwangi")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert ("Report https://suarajateng.example/grobogan-timba-ilmu-banyuwangi added to "
            f"{path}.") in result.output
    assert "warning" not in result.stderr  # the same date, host and sides: no conflict
    nb = nbformat.read(path, as_version=4)
    values = front(nb)
    assert values["sources"] == [*before["sources"],
                                 "https://suarajateng.example/grobogan-timba-ilmu-banyuwangi"]
    assert before["themes"] == [] and values["themes"] == ["kemiskinan"]  # empty: filled
    assert "Fields that were empty, now filled from this report: themes." in result.output
    assert {k: v for k, v in values.items() if k not in ("sources", "themes")} == \
        {k: v for k, v in before.items() if k not in ("sources", "themes")}
    text = " ".join(c.source for c in nb.cells)
    assert "Grobogan berencana menguji pemutakhiran bulanan di lima desa" in text
    assert text.count("Sri Wahyuningtyas, mengatakan data yang mutakhir") == 1
    again = run(tmp_path, "import", str(CORPUS / "m05-grobogan-banyuwangi-koran.html"),
                "--into", "2024-03-08-banyuwangi")
    assert "New pieces of text added to the notebook's sections: 0." in again.output
    assert " ".join(c.source for c in nbformat.read(path, as_version=4).cells) == text


def test_into_keeps_a_front_matter_with_block_lists_and_comments(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(CORPUS / "g02-grobogan-ke-banyuwangi.html")).exit_code == 0
    path = tmp_path / "notebooks" / "visits" / "2024-03-08-banyuwangi.ipynb"
    nb = nbformat.read(path, as_version=4)
    old = "https://bappeda.grobogan.go.id/studi-banding-banyuwangi-2024"
    cell = nb.cells[0]
    lines = [line for line in cell.source.splitlines() if not line.startswith("sources:")]
    at = lines.index("text_lang: id  # bahasa teks catatan ini: id (Indonesia) | en (Inggris)")
    lines[at:at] = ["# the researcher's own note, kept", "sources:", f"  - {old}",
                    "  - laporan-cetak.pdf  # the printed laporan"]
    cell.source = "\n".join(lines)
    nbformat.write(nb, path)
    before = front(nb)
    result = run(tmp_path, "import", str(CORPUS / "m05-grobogan-banyuwangi-koran.html"),
                 "--into", "2024-03-08-banyuwangi")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    source = nbformat.read(path, as_version=4).cells[0].source
    values = front(nbformat.read(path, as_version=4))
    assert values["sources"] == [old, "laporan-cetak.pdf",
                                 "https://suarajateng.example/grobogan-timba-ilmu-banyuwangi"]
    assert values["themes"] == ["kemiskinan"]  # the empty field, filled
    assert {k: v for k, v in values.items() if k not in ("sources", "themes")} == \
        {k: v for k, v in before.items() if k not in ("sources", "themes")}
    assert "# the researcher's own note, kept" in source
    assert "# the printed laporan" in source  # an item's comment too (its quoting may differ)
    assert source.count(old) == 1


def test_into_lists_conflicts_and_changes_nothing_it_holds(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(CORPUS / "g02-grobogan-ke-banyuwangi.html")).exit_code == 0
    path = tmp_path / "notebooks" / "visits" / "2024-03-08-banyuwangi.ipynb"
    result = run(tmp_path, "import", str(CORPUS / "t04-bojonegoro-terima-sumedang.txt"),
                 "--into", "2024-03-08-banyuwangi")
    assert result.exit_code == 0, result.output
    assert ('warning: host differs: the notebook says "Kabupaten Banyuwangi", this report '
            '"Kabupaten Bojonegoro"; not changed, check it.') in result.stderr
    values = front(nbformat.read(path, as_version=4))
    assert values["host"]["name"] == "Kabupaten Banyuwangi"
    assert values["home"]["name"] == "Kabupaten Grobogan"


def test_into_a_visit_that_does_not_exist(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(CORPUS / "g02-grobogan-ke-banyuwangi.html"),
                 "--into", "2024-03-08-tidak-ada")
    no_traceback(result)
    assert result.exit_code == 1
    assert "Visit 2024-03-08-tidak-ada does not exist" in result.output


def test_ringkas_own_word_laporan_imports_with_no_unsorted_text(tmp_path: Path) -> None:
    from ringkas.authoring.importing.template import make_laporan, template_path

    assert template_path().is_file()  # shipped
    made = make_laporan(tmp_path / "laporan.docx")  # and made again from the reference doc
    for source in (template_path(), made):
        project = tmp_path / source.parent.name
        result = run(project, "import", str(source), "--date", "2024-12-02", "--host",
                     "Kabupaten Banyuwangi")
        no_traceback(result)
        assert result.exit_code == 0, result.output
        assert "unsorted" not in result.output
        nb = nbformat.read(project / "notebooks" / "visits" / "2024-12-02-banyuwangi.ipynb",
                           as_version=4)
        for tag in ("summary", "purpose", "background", "leadership", "outcome", "lessons"):
            assert section(nb, tag)[0].startswith("Tulis ") or \
                section(nb, tag)[0].startswith("Kunjungan dilaksanakan"), tag
        assert section(nb, "innovation")[0].startswith("### [Nama Inovasi]")
        assert section(nb, "roles")[0].splitlines()[-1] == "| [Nama OPD] | [Perannya] |"
        assert "Tulis satu saran tindak lanjut per butir." in section(nb, "recommendations")[0]
