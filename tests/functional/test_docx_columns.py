"""Narrow columns of the Word brief fit their longest word: LibreOffice (and Word) break a word
that is wider than its column ("N/o.", "Priorita/s", "ditetapka/n"; issue 22, point 5).

The widths are read back from the DOCX's table grid (`w:tblGrid/w:gridCol`, twentieths of a
point), which LibreOffice lays out by; the words' widths are computed from their letters at a
factor measured on the brief's table font, DejaVu Sans 9 pt (the widest letters of the words
a brief's narrow columns hold: 0.21 cm, bold 0.24), plus Word's cell margins. A slow test
prints the DOCX with LibreOffice and reads the words back whole.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from nbformat import NotebookNode

from ringkas.notebook.validate import validate_notebook
from ringkas.render.brief import build_brief
from ringkas.render.word_brief import render_docx
from tests.functional.test_docx_pdf import text as pdf_text
from tests.functional.test_docx_pdf import to_pdf
from tests.notebooks import RECOMMENDATIONS, visit_notebook

DAY = dt.date(2024, 2, 29)
CM_PER_CHAR, CM_PER_BOLD_CHAR = 0.21, 0.24  # the widest letters, measured (see above)
MARGINS = 0.38  # cm: Word's default cell margins, 0.19 cm a side
TWIPS_PER_CM = 1440 / 2.54
#: Recommendations with every narrow column at its widest words: no timeline ("belum
#: ditetapkan"), no priority, a status of "direncanakan".
UNSET = """| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |
| --- | --- | --- | --- | --- |
| Meniru layanan keliling | Dinas Asal | | | direncanakan |
| Melatih petugas | BKPSDM | 2024 | sedang | berjalan |"""


def unset_visit() -> NotebookNode:
    nb = visit_notebook()
    cell = next(c for c in nb.cells if RECOMMENDATIONS in c.source)
    cell.source = cell.source.replace(RECOMMENDATIONS, UNSET)
    return nb


def docx_of(nb: NotebookNode, audience: str) -> bytes:
    visit, problems = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"), "2023-03-14-contoh")
    assert visit is not None, problems
    return render_docx(build_brief(nb, visit, audience, "id", DAY))


def grid_cm(table: Table) -> list[float]:
    grid = table._tbl.find(qn("w:tblGrid"))
    return [int(col.get(qn("w:w"))) / TWIPS_PER_CM for col in grid.findall(qn("w:gridCol"))]


def needed_cm(texts: list[str], header: str) -> float:
    """The width the longest word of a column needs on one line, its header's in bold."""
    words = [len(w) * CM_PER_CHAR for t in texts for w in t.split()]
    words += [len(w) * CM_PER_BOLD_CHAR for w in header.split()]
    return max(words) + MARGINS


def recommendation_tables(data: bytes) -> list[Table]:
    document = docx.Document(io.BytesIO(data))
    return [t for t in document.tables if t.rows[0].cells[0].text == "No."]


@pytest.mark.parametrize("audience", ["teknis", "pimpinan"])
def test_narrow_columns_are_as_wide_as_their_longest_word(audience: str) -> None:
    tables = recommendation_tables(docx_of(unset_visit(), audience))
    assert len(tables) == 1
    table = tables[0]
    header = [c.text for c in table.rows[0].cells]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert "belum ditetapkan" in [row[3] for row in body]  # the widest words are there
    widths = grid_cm(table)
    assert len(widths) == len(header)
    narrow = [i for i, name in enumerate(header) if name != "Rekomendasi"]
    for i in narrow:
        need = needed_cm([row[i] for row in body], header[i])
        assert widths[i] >= need, (header[i], round(widths[i], 2), round(need, 2))
    # and the recommendation keeps the rest of the line (17 cm between A4's 2 cm margins)
    assert sum(widths) == pytest.approx(17.0, abs=0.05)
    assert widths[header.index("Rekomendasi")] >= 4.0


@pytest.mark.slow
def test_libreoffice_breaks_no_word_of_the_recommendations(tmp_path: Path) -> None:
    """As LibreOffice prints it: every word of the narrow columns read back whole."""
    source = tmp_path / "2023-03-14-contoh.teknis.id.docx"
    source.write_bytes(docx_of(unset_visit(), "teknis"))
    pdf = to_pdf(source, tmp_path)
    printed = pdf_text(pdf)  # as laid out: a broken word is two lines of the table
    words = re.findall(r"\S+", printed)
    table = recommendation_tables(source.read_bytes())[0]
    narrow = {w for row in table.rows for cell in row.cells[2:] for w in cell.text.split()}
    narrow |= {w for cell in table.rows[0].cells for w in cell.text.split()}
    assert {"No.", "pengampu", "Prioritas", "ditetapkan", "Direncanakan"} <= narrow
    for word in sorted(narrow):
        assert word in words, (word, printed[-3000:])
