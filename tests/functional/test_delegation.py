"""Who received the delegation, who led it, and where it met: the front-matter fields
`received_by`, `led_by` and `venue` (docs/format.md), read into the visit, the knowledge base
and the technical report's "Waktu dan tempat"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nbformat import NotebookNode

from ringkas.contract.model import Person
from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.validate import validate_notebook
from ringkas.render.exporters import render_html
from tests.notebooks import visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
DELEGATION = """received_by:
  - name: Dr. Sari Wulandari
    position: Kepala Bappeda Kota Contoh
  - name: Budi Santoso
  - Ir. Citra
led_by: Ani, Kepala Bidang
venue: Ruang Rapat Bappeda Kota Contoh
"""


def with_front(extra: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("status: reviewed", extra + "status: reviewed")
    return nb


def test_the_fields_are_read_into_the_visit() -> None:
    visit, problems = validate_notebook(with_front(DELEGATION), PATH)
    assert problems == []
    assert visit is not None
    assert visit.received_by == [Person("Dr. Sari Wulandari", "Kepala Bappeda Kota Contoh"),
                                 Person("Budi Santoso"), Person("Ir. Citra")]
    assert visit.led_by == "Ani, Kepala Bidang"
    assert visit.venue == "Ruang Rapat Bappeda Kota Contoh"


def test_they_are_optional() -> None:
    visit, problems = validate_notebook(visit_notebook(), PATH)
    assert problems == [] and visit is not None
    assert (visit.received_by, visit.led_by, visit.venue) == ([], None, None)


def test_the_technical_report_shows_them_under_time_and_place() -> None:
    html = render_html(with_front(DELEGATION), audience="teknis", lang="id", visit_id=PATH.stem,
                       rendered_on=dt.date(2024, 2, 29))
    part = html.split("Waktu dan tempat</h3>", 1)[1].split("<h3", 1)[0]
    assert "Ruang Rapat Bappeda Kota Contoh" in part
    assert "Dipimpin oleh" in part and "Ani, Kepala Bidang" in part
    assert "Diterima oleh" in part
    assert "Dr. Sari Wulandari" in part and "Kepala Bappeda Kota Contoh" in part
    assert "Budi Santoso" in part and "Ir. Citra" in part
    english = render_html(with_front(DELEGATION), audience="teknis", lang="en",
                          visit_id=PATH.stem, rendered_on=dt.date(2024, 2, 29))
    assert "Received by" in english and "Led by" in english


def test_the_knowledge_base_holds_them() -> None:
    visit, _ = validate_notebook(with_front(DELEGATION), PATH)
    assert visit is not None
    row = KnowledgeBase.from_visits([visit]).visits.iloc[0]
    assert list(row["received_by"]) == ["Dr. Sari Wulandari, Kepala Bappeda Kota Contoh",
                                        "Budi Santoso", "Ir. Citra"]
    assert row["led_by"] == "Ani, Kepala Bidang"
    assert row["venue"] == "Ruang Rapat Bappeda Kota Contoh"


@pytest.mark.parametrize("extra, field, code", [
    ("received_by:\n  - position: Sekretaris\n", "received_by", "fm.person_no_name"),
    ("received_by:\n  - nama: Budi\n", "received_by.nama", "fm.unknown_field"),
    ("received_by: 12\n", "received_by", "fm.not_list"),
    ("received_by:\n  - [Budi, Sekretaris]\n", "received_by", "fm.person_no_name"),
    ("led_by: [Ani, Budi]\n", "led_by", "fm.not_scalar"),
    ("venue:\n  name: Aula\n", "venue", "fm.not_scalar"),
])
def test_bad_values_are_named(extra: str, field: str, code: str) -> None:
    visit, problems = validate_notebook(with_front(extra), PATH)
    assert visit is None
    assert [(p.cell, p.field, p.code) for p in problems] == [(1, field, code)]
