"""The nota dinas as printed: an attachment's file name wraps between its parts, never inside
a word (issue 22, point 5: "2023-01-10-kabupate/n-kepulauan-seribu-ut/ara.pimpinan.id.pdf")."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from pypdf import PdfReader

from ringkas.distribution.cover import AttachedBrief, MemoDetails, breakable_file_name, memo_html
from ringkas.distribution.recipients import Recipient
from ringkas.render.pdf import render_pdf

VISIT = "2023-01-10-kabupaten-banyuwangi"
FILE = f"{VISIT}.pimpinan.id.pdf"


def test_a_file_name_may_break_after_each_part_and_stays_escaped() -> None:
    assert breakable_file_name("2023-01-10-x.id.pdf") == (
        "2023-\u200b01-\u200b10-\u200bx.\u200bid.\u200bpdf")
    assert breakable_file_name("<b>_x") == "&lt;b&gt;_\u200bx"


@pytest.mark.slow
def test_a_long_file_name_wraps_between_its_parts_in_the_pdf() -> None:
    brief = AttachedBrief(VISIT, "Studi Tiru Pelayanan Publik Terpadu", dt.date(2023, 1, 10),
                          "studi-tiru", "Kabupaten Banyuwangi", f"{VISIT}/{FILE}")
    person = Recipient("Budi", "Bupati", "", "pimpinan", "id", 2)
    html = memo_html(person, [brief], MemoDetails(day=dt.date(2026, 12, 1)))
    text = PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text().splitlines()
    start = next(n for n, line in enumerate(text) if line.startswith("2023-01-10-"))
    end = next(n for n in range(start, len(text)) if text[n].endswith(".pdf"))
    pieces = text[start:end + 1]
    assert "".join(pieces) == FILE
    assert len(pieces) > 1  # the column is narrower than the name: it does wrap
    for piece, following in itertools.pairwise(pieces):
        assert piece[-1] in "-._" or following[0] in "-._", pieces
