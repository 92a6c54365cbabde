"""Cross-visit synthesis briefs: notebooks/knowledge-base.ipynb through papermill, nbconvert and
WeasyPrint, for the fixture knowledge base (tests/fixtures/kb).

The selection, names and CLI checks run without a kernel; the renders are marked slow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from ringkas.build.synthesis import SynthesisOptions, render_synthesis
from ringkas.cli import cli
from ringkas.contract.problems import MessageError
from ringkas.contract.themes import BUILTIN
from ringkas.knowledge import kb
from ringkas.knowledge.synthesis import file_stem, parse_stem, select, since_date
from tests.notebooks import ROOT, visit_notebook, write

FIXTURES = ROOT / "tests" / "fixtures" / "kb"
NOTEBOOK = ROOT / "notebooks" / "knowledge-base.ipynb"
RENDERED = dt.date(2024, 3, 1)

#: The innovations of the three fixture visits on "digital" (Sumedang, Surabaya, Sragen).
DIGITAL_INNOVATIONS = [
    "Dasbor Perencanaan Daerah", "Sekolah Digital ASN", "Layanan Perizinan di Kelurahan",
    "Antrean dan Pengaduan Daring", "Petugas Jemput Bola", "Layanan Rujukan Terpadu",
    "Basis Data Terpadu Desa", "Pendampingan Keluarga Rentan"]
WORDS = {
    "id": ["Pelajaran studi kunjungan: Pemerintahan digital", "Semua daerah tujuan",
           "Kunjungan yang dicakup", "Inovasi yang dipelajari", "Rekomendasi dan tindak lanjutnya",
           "Rekomendasi menurut status tindak lanjut", "Rekomendasi menurut OPD pengampu",
           "Usulan", "Direncanakan", "Berjalan", "Selesai", "Ditolak", "OPD pengampu", "Sasaran",
           "20 Februari 2024", "Yang sama dan yang berbeda antarkunjungan",
           "OPD kita dan sejauh mana rekomendasinya berjalan",
           "Sejauh mana rekomendasi berjalan"],
    "en": ["Lessons from study visits: Digital government", "All host regions", "Visits covered",
           "Innovations studied", "Recommendations and their follow-up",
           "Recommendations by follow-up status", "Recommendations by lead agency", "Proposed",
           "Planned", "In progress", "Done", "Rejected", "Lead agency", "Target group",
           "20 February 2024", "What the visits share and where they differ",
           "Our agencies and how far their recommendations got",
           "How far the recommendations got"],
}


def options(out: Path, **changes: object) -> SynthesisOptions:
    base = SynthesisOptions(out=out, visits=FIXTURES, notebook=NOTEBOOK, data_dir=ROOT / "data",
                            rendered_on=RENDERED)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def text_of(html: str) -> str:
    """The page's words: inline tags dropped, the others a space."""
    inline = re.sub(r"</?(?:em|strong|b|i|a|code|span)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).replace("&amp;", "&").split())


# --- without a kernel -----------------------------------------------------------------------

def test_select_keeps_the_visits_on_the_theme_at_the_host_since_the_date() -> None:
    knowledge = kb.load(FIXTURES)

    def ids(**filters: str) -> list[str]:
        chosen = select(knowledge, **filters)  # type: ignore[arg-type]
        assert set(chosen.innovations["visit_id"]) <= set(chosen.visits["visit_id"])
        assert set(chosen.recommendations["visit_id"]) <= set(chosen.visits["visit_id"])
        return list(chosen.visits["visit_id"])

    assert ids(theme="digital") == ["2022-06-14-sumedang", "2023-05-16-surabaya",
                                    "2024-02-20-sragen"]
    assert ids(theme="Pemerintahan digital", host="SURABAYA") == ["2023-05-16-surabaya"]
    assert ids(theme="digital", host="3578") == ["2023-05-16-surabaya"]
    assert ids(theme="digital", since="2023-06") == ["2024-02-20-sragen"]
    assert ids(theme="kesehatan") == []
    assert len(select(knowledge, theme="digital").innovations) == len(DIGITAL_INNOVATIONS)


def test_an_unknown_theme_lists_the_themes_and_suggests_one() -> None:
    with pytest.raises(MessageError) as caught:
        BUILTIN.resolve_theme("kemiskinn")
    assert caught.value.text("en").startswith(
        'unknown theme "kemiskinn". Valid themes: kemiskinan,')
    assert caught.value.text("en").endswith('Did you mean "kemiskinan"?')
    assert BUILTIN.resolve_theme("Poverty reduction") == "kemiskinan"


@pytest.mark.parametrize("since", ["2022-13", "22", "2022/01", "2023-02-30"])
def test_since_must_be_a_year_or_a_date(since: str) -> None:
    with pytest.raises(MessageError) as caught:
        since_date(since)
    assert caught.value.text("en") == (f'--since "{since}" is not a year or a date; write for '
                                       "example 2022, 2022-06 or 2022-06-01.")
    assert since_date("2022") == dt.date(2022, 1, 1) and since_date("") is None


def test_file_names_name_the_selection_and_read_back() -> None:
    assert file_stem("kemiskinan") == "kemiskinan"
    assert file_stem("Poverty reduction", "Kabupaten Kulon Progo", "2021-09") == \
        "kemiskinan-kulon-progo-2021-09"
    assert file_stem("perlindungan-sosial", since="2022") == "perlindungan-sosial-2022"
    for stem in ("kemiskinan", "kemiskinan-kulon-progo-2021-09", "perlindungan-sosial-2022",
                 "tata-kelola-banyuwangi"):
        selection = parse_stem(stem)
        assert selection is not None
        assert file_stem(selection.theme, selection.host, selection.since) == stem
    assert parse_stem("catatan") is None and parse_stem("kemiskinan-") is None


@pytest.mark.parametrize(("arguments", "message"), [
    (["synthesize", "pendidkan"],
     'Error: unknown theme "pendidkan". Valid themes: kemiskinan, perlindungan-sosial, '
     "kesehatan, pendidikan, ekonomi-lokal, pariwisata, pertanian, infrastruktur, lingkungan, "
     'tata-kelola, pelayanan-publik, digital, pendanaan, sdm, perencanaan. '
     'Did you mean "pendidikan"?'),
    (["synthesize", "kemiskinan", "--since", "22"],
     'Error: --since "22" is not a year or a date; write for example 2022, 2022-06 or '
     "2022-06-01."),
    (["synthesize", "kemiskinan", "--visits", "nowhere"], "Error: nowhere not found."),
])
def test_cli_refuses_a_synthesis_it_cannot_make(tmp_path: Path, arguments: list[str],
                                                message: str) -> None:
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "notebooks")
    result = CliRunner().invoke(cli, ["--lang", "en", "--project", str(tmp_path), *arguments])
    assert result.exit_code == 1
    assert result.output.strip() == message


@pytest.mark.parametrize(("lang", "arguments", "message"), [
    ("en", ["--synthesis", "--theme", "kemiskinan", "--since", "2022"],
     "Error: ringkas render --synthesis is now a command of its own: ringkas synthesize "
     "kemiskinan --since 2022"),
    ("id", ["--synthesis"], "Galat: ringkas render --synthesis kini perintah tersendiri: "
                            "ringkas synthesize TEMA/THEME"),
    ("en", ["--theme", "digital", "--host", "Kota Surabaya"],
     "Error: ringkas render --synthesis is now a command of its own: ringkas synthesize "
     "digital --host Kota Surabaya"),
])
def test_render_synthesis_points_to_synthesize(tmp_path: Path, lang: str, arguments: list[str],
                                               message: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", lang, "--project", str(tmp_path), "render",
                                      *arguments])
    assert result.exit_code == 2  # a usage error: nothing was rendered
    assert result.output.strip() == message
    assert not (tmp_path / "briefs").exists()


def test_a_project_without_the_synthesis_notebook_is_told_where_it_goes(tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        render_synthesis("digital", options(tmp_path, notebook=tmp_path / "none.ipynb"))
    assert caught.value.text("en").startswith(f"the synthesis notebook {tmp_path / 'none.ipynb'}"
                                              " was not found.")


# --- rendered -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def digital(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("briefs")
    return out, render_synthesis("digital", options(out))


@pytest.mark.slow
def test_the_fixture_synthesis_renders_every_language_and_format(
        digital: tuple[Path, list[Path]]) -> None:
    out, written = digital
    folder = out / "synthesis"
    assert [p.name for p in written] == [
        "digital.id.html", "digital.id.pdf", "digital.id.ipynb",
        "digital.en.html", "digital.en.pdf", "digital.en.ipynb"]
    # beside them only the key of what they were made from (hidden, as the manifest is)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".digital.key", *(p.name for p in written)])
    executed = nbformat.read(folder / "digital.en.ipynb", as_version=4)
    assert 'lang = "en"' in executed.cells[2].source and executed.cells[2].metadata.tags == [
        "injected-parameters"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_html_shows_every_innovation_and_the_statuses_in_its_language(
        digital: tuple[Path, list[Path]], lang: str) -> None:
    html = (digital[0] / "synthesis" / f"digital.{lang}.html").read_text(encoding="utf-8")
    text = text_of(html)
    for expected in [*DIGITAL_INNOVATIONS, *WORDS[lang], "Kota Surabaya (2023)"]:
        assert expected in text, expected
    other = WORDS["en" if lang == "id" else "id"]
    assert not [w for w in other[2:7] if w in text]  # headings come in one language only
    assert f'<html lang="{lang}">' in html and "<script" not in html
    # the charts: by status, by lead agency, and the follow-up funnel
    assert "default-src 'none'" in html and html.count("<img src=\"data:image/png;base64,") == 3
    assert "import " not in text and "synthesis.table" not in text  # no code, no notebook prose


@pytest.mark.slow
def test_the_pdf_is_readable_and_holds_the_synthesis(digital: tuple[Path, list[Path]]) -> None:
    reader = PdfReader(io.BytesIO((digital[0] / "synthesis" / "digital.id.pdf").read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert 2 <= len(reader.pages) <= 5
    for expected in ("Pelajaran studi kunjungan: Pemerintahan digital", "Inovasi yang dipelajari",
                     "Sekolah Digital ASN", "Antrean dan Pengaduan Daring", "Halaman 1 dari"):
        assert expected in text, expected


@pytest.mark.slow
def test_an_empty_selection_renders_a_brief_that_says_so(tmp_path: Path) -> None:
    written = render_synthesis("kesehatan", options(tmp_path, langs=("en",), formats=("html",)),
                               since="2030")
    assert [p.name for p in written] == ["kesehatan-2030.en.html", "kesehatan-2030.en.ipynb"]
    text = text_of(written[0].read_text(encoding="utf-8"))
    assert "No visit matches this selection (theme Health; All host regions; Since 2030)." in text
    assert "Innovations studied" not in text


@pytest.mark.slow
def test_notebook_text_reaches_the_brief_as_text(tmp_path: Path) -> None:
    nb = visit_notebook()
    cell = next(c for c in nb.cells if "innovation" in c.metadata.get("tags", []))
    name = cell.source.splitlines()[0].lstrip("# ")
    cell.source = cell.source.replace(name, "Layanan <img src=x onerror=alert(1)> <b>Tebal</b>", 1)
    write(nb, tmp_path / "visits")
    written = render_synthesis("pelayanan-publik", options(
        tmp_path / "briefs", visits=tmp_path / "visits", langs=("id",), formats=("html",)))
    html = written[0].read_text(encoding="utf-8")
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "") and "<b>Tebal" not in html
    # the knowledge base keeps names as plain text (issue 10: no tags in plain text), so the
    # markup is gone before the page is made, and the words remain
    assert "Layanan Tebal" in html


@pytest.mark.slow
def test_a_failing_cell_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "innovations")
    cell.source = "1 / 0"
    broken = tmp_path / "notebooks" / "knowledge-base.ipynb"
    broken.parent.mkdir(parents=True)
    nbformat.write(nb, broken)
    number = [c.get("id") for c in nb.cells].index("innovations") + 1
    with pytest.raises(MessageError) as caught:
        render_synthesis("digital", options(tmp_path / "briefs", notebook=broken))
    assert caught.value.text("en") == (f"{broken}, cell {number}: ZeroDivisionError: "
                                       "division by zero")
    # nothing but the lock file every render of the folder takes
    assert [p.name for p in (tmp_path / "briefs").rglob("*") if p.is_file()] == [".ringkas.lock"]


@pytest.mark.slow
def test_cli_renders_the_synthesis_and_the_catalogue_links_it(tmp_path: Path) -> None:
    (tmp_path / "notebooks" / "visits").mkdir(parents=True)
    shutil.copy(NOTEBOOK, tmp_path / "notebooks")
    result = CliRunner().invoke(cli, [
        "--lang", "en", "--project", str(tmp_path), "synthesize", "digital",
        "--host", "Kota Surabaya", "--brief-lang", "en", "--format", "html",
        "--visits", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "briefs" / "synthesis"
    assert result.output.splitlines() == [
        f"Synthesis: {folder / 'digital-surabaya.en.html'}",
        f"Synthesis: {folder / 'digital-surabaya.en.ipynb'}",
        f"Catalogue: {tmp_path / 'briefs' / 'index.html'}"]
    page = (tmp_path / "briefs" / "index.html").read_text(encoding="utf-8")
    assert 'href="synthesis/digital-surabaya.en.html"' in page
    html = (folder / "digital-surabaya.en.html").read_text(encoding="utf-8")
    assert "Layanan Perizinan di Kelurahan" in html and "Sekolah Digital ASN" not in html
    again = CliRunner().invoke(cli, [
        "--lang", "en", "--project", str(tmp_path), "synthesize", "digital",
        "--host", "Kota Surabaya", "--brief-lang", "en", "--format", "html",
        "--visits", str(FIXTURES)])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [  # nothing changed: nothing rendered again
        f"Synthesis unchanged since it was last rendered: {folder}",
        f"Catalogue: {tmp_path / 'briefs' / 'index.html'}"]
