"""Unusual but valid visits render to HTML and PDF: other scripts, many cells, many innovations.

Built in memory from the valid visit of tests/notebooks.py and rendered in one batch (Indonesian,
both audiences, HTML and PDF). A script no installed font has (Javanese) is a `ringkas check`
warning; the PDF still renders, with boxes where the glyphs would be.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from pypdf import PdfReader

from ringkas.build.pipeline import RenderOptions, RenderReport, render_briefs
from ringkas.notebook import fonts
from ringkas.notebook.fonts import missing_characters
from ringkas.notebook.read import check_visits
from tests.notebooks import tagged, visit_notebook, write

ARABIC = "تطوير الخدمات العامة في المدينة"  # right to left, joined letters
COMBINING = "Bali\u0301 dan Nga\u0300nh, Vie\u0323\u0302t, ñ = n\u0303"  # marks on base letters
JAVANESE = "ꦗꦮ"  # U+A997 U+A9AE: no font on a stock Debian has them
INNOVATIONS = 50
CELLS = 200


def dated(nb: NotebookNode, visit_id: str) -> NotebookNode:
    nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number}"
    return nb


def scripts_visit() -> NotebookNode:
    """Arabic (right to left) and combining marks in prose, Javanese script in the title."""
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace(
        "title: Studi Banding Pelayanan Publik ke Kota Contoh",
        f"title: Studi Banding Aksara {JAVANESE} ke Kota Contoh")
    nb.cells[2].source = f"Ringkasan SENTINEL-SCRIPTS: «{ARABIC}» dan {COMBINING}."
    nb.cells[3].source = f"{ARABIC}\n\n{COMBINING}\n\n{ARABIC} 2023 {ARABIC}"
    return nb


def many_cells_visit() -> NotebookNode:
    """200 cells: the sections, context cells, notes for the team and small code cells."""
    nb = visit_notebook()
    while len(nb.cells) < CELLS:
        n = len(nb.cells)
        if n % 3 == 0:
            nb.cells.append(tagged(new_markdown_cell(f"Konteks CONTEXT-{n} (sumber: uji)."),
                                   "context"))
        elif n % 3 == 1:
            nb.cells.append(new_markdown_cell(f"Catatan tim nomor {n}."))
        else:
            nb.cells.append(new_code_cell(f"nilai_{n} = {n} * 2"))
    nb.cells[-1] = tagged(new_code_cell("# Judul: Terakhir\n# Sumber: uji\nprint('SEL-200')"),
                          "evidence")
    return nb


def many_innovations_visit() -> NotebookNode:
    nb = visit_notebook()
    cells = [tagged(new_markdown_cell(
        f"### Inovasi INOV-{i:02d}\n\nUraian inovasi {i}.\n\n- **Sasaran:** warga {i}\n"
        f"- **Mulai:** {2000 + i}\n- **OPD pengampu:** Dinas {i}"), "innovation")
        for i in range(1, INNOVATIONS + 1)]
    nb.cells[6:7] = cells
    return nb


VISITS = {
    "2023-04-01-aksara": scripts_visit,
    "2023-04-02-dua-ratus-sel": many_cells_visit,
    "2023-04-03-lima-puluh-inovasi": many_innovations_visit,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unusual")
    for visit_id, build in VISITS.items():
        write(dated(build(), visit_id), root / "notebooks" / "visits", visit_id)
    (root / "data").mkdir()
    return root


@pytest.fixture(scope="module")
def report(project: Path) -> RenderReport:
    options = RenderOptions(out=project / "briefs", data_dir=project / "data", langs=("id",),
                            formats=("html", "pdf"), rendered_on=dt.date(2024, 1, 2), workers=1)
    return render_briefs(sorted((project / "notebooks" / "visits").glob("*.ipynb")), options)


def output(project: Path, visit_id: str, audience: str, suffix: str) -> Path:
    return project / "briefs" / visit_id / f"{visit_id}.{audience}.id.{suffix}"


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_every_unusual_visit_passes_the_check(project: Path) -> None:
    result = check_visits(sorted((project / "notebooks" / "visits").glob("*.ipynb")))
    assert not result.failed
    assert len(result.visits) == 3
    visits = {v.id: v for v in result.visits}
    assert len(visits["2023-04-03-lima-puluh-inovasi"].innovations) == INNOVATIONS
    many = visits["2023-04-02-dua-ratus-sel"]
    assert len(many.code_cells) == 64 and many.code_cells[-1] == CELLS  # 63 notes in code, 1 chart
    assert all(not p.is_error for v in result.visits for p in v.warnings)


def test_a_script_without_a_font_is_a_warning_that_names_its_characters(project: Path) -> None:
    if not missing_characters(JAVANESE):
        pytest.skip("a font with Javanese script is installed here")
    path = project / "notebooks" / "visits" / "2023-04-01-aksara.ipynb"
    warnings = [p.text("en") for p in check_visits([path]).problems[path]]
    assert warnings == [
        f"{path}, cell 1: warning: no font on this computer has \"ꦗ\" (U+A997), \"ꦮ\" (U+A9AE); "
        "the PDF will show boxes or leave them out. Install a font that covers that script (the "
        "Noto family, for example), or write it in Latin letters."]


def test_arabic_and_combining_marks_have_fonts() -> None:
    assert missing_characters(ARABIC + COMBINING) == []


def test_without_fontconfig_there_is_no_font_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.covered_ranges.cache_clear()
    monkeypatch.setattr(fonts.shutil, "which", lambda command: None)
    try:
        assert missing_characters(JAVANESE + "\U0001F600") == []
    finally:
        fonts.covered_ranges.cache_clear()


def test_characters_that_need_no_glyph_are_not_reported() -> None:
    assert missing_characters("a\u200b\u200f\u202e\t\n\x00\ufeff b") == []


@pytest.mark.slow
def test_every_unusual_visit_renders_html_and_pdf(project: Path, report: RenderReport) -> None:
    assert not report.failed, {k: v.text("en") for k, v in report.failed.items()}
    assert len(report.rendered) == 3
    for visit_id in VISITS:
        for audience in ("pimpinan", "teknis"):
            assert output(project, visit_id, audience, "html").is_file()
            assert output(project, visit_id, audience, "pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_scripts_reach_the_brief_unchanged(project: Path, report: RenderReport) -> None:
    html = output(project, "2023-04-01-aksara", "teknis", "html").read_text(encoding="utf-8")
    assert ARABIC in html and COMBINING in html and f"Aksara {JAVANESE}" in html
    assert f'<p dir="rtl">{ARABIC}</p>' in html  # aligned right, in the browser and the PDF
    assert f'<p dir="rtl">{ARABIC} 2023 {ARABIC}</p>' in html
    pages, text = pdf_text(output(project, "2023-04-01-aksara", "pimpinan", "pdf"))
    assert "SENTINEL-SCRIPTS" in text and pages <= 4


@pytest.mark.slow
def test_two_hundred_cells_all_reach_the_report(project: Path, report: RenderReport) -> None:
    html = output(project, "2023-04-02-dua-ratus-sel", "teknis", "html").read_text(
        encoding="utf-8")
    contexts = sorted(int(n) for n in re.findall(r"CONTEXT-(\d+)", html))
    assert contexts == list(range(12, CELLS - 1, 3))
    assert "SEL-200" in html
    pages, _ = pdf_text(output(project, "2023-04-02-dua-ratus-sel", "pimpinan", "pdf"))
    assert pages <= 4


@pytest.mark.slow
def test_fifty_innovations_four_cards_for_leadership_all_in_the_report(
        project: Path, report: RenderReport) -> None:
    visit_id = "2023-04-03-lima-puluh-inovasi"
    pimpinan = output(project, visit_id, "pimpinan", "html").read_text(encoding="utf-8")
    teknis = output(project, visit_id, "teknis", "html").read_text(encoding="utf-8")
    assert pimpinan.count("INOV-") == 4
    assert "46 inovasi lain ada dalam laporan teknis." in pimpinan
    assert [f"INOV-{i:02d}" for i in range(1, INNOVATIONS + 1)] == sorted(
        set(re.findall(r"INOV-\d\d", teknis)))
    pages, text = pdf_text(output(project, visit_id, "teknis", "pdf"))
    assert "INOV-50" in text and pages > 4
    assert pdf_text(output(project, visit_id, "pimpinan", "pdf"))[0] <= 4
