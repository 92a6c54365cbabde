"""validate_notebook on whole notebooks: the valid one yields a Visit and no problem at all.

The rules, one file per part of the notebook: test_validate_front_matter.py (front matter and
visit id), test_validate_parameters.py, test_validate_sections.py (tags, sections, evidence),
test_validate_innovations.py, test_validate_tables.py, and test_validate_robustness.py (no
input crashes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ringkas.contract.model import Innovation, Recommendation, Region, Role
from ringkas.notebook.read import load_visit
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import EXAMPLE, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")


def test_the_valid_notebook_has_no_problem() -> None:
    visit, problems = validate_notebook(visit_notebook(evidence=True), PATH)
    assert problems == []
    assert visit is not None
    assert visit.warnings == []


def test_front_matter_becomes_the_visit() -> None:
    visit, _ = validate_notebook(visit_notebook(), PATH)
    assert visit is not None
    assert (visit.id, visit.path, visit.title) == (
        "2023-03-14-contoh", PATH, "Studi Banding Pelayanan Publik ke Kota Contoh")
    assert visit.date == dt.date(2023, 3, 14)
    assert (visit.kind, visit.status, visit.approved_by) == ("studi-banding", "reviewed", None)
    assert visit.host == Region("Kota Contoh", "3578")
    assert visit.home == Region("Kabupaten Asal", "3315")
    assert (visit.agency, visit.unit) == ("Bappeda Kabupaten Asal", "Bidang Ekonomi")
    assert visit.participants == ["Ani, Kepala Bidang"]
    assert visit.themes == ["pelayanan-publik"]
    assert visit.sources == ["Laporan kunjungan tim"]
    assert visit.parameters == {"lang": "id", "audience": "pimpinan"}


def test_sections_innovations_and_tables_become_the_visit() -> None:
    visit, _ = validate_notebook(visit_notebook(evidence=True), PATH)
    assert visit is not None
    assert [s.tag for s in visit.sections] == [
        "summary", "background", "purpose", "leadership", "innovation", "roles", "outcome",
        "lessons", "recommendations"]
    assert visit.section("summary").text == "Ringkasan SENTINEL-SUMMARY kunjungan."  # type: ignore[union-attr]
    assert visit.innovations == [Innovation(
        7, "Layanan Keliling", "Mobil layanan datang ke kelurahan.", target="warga lansia",
        start_year=2019, funding="APBD", lead_opd="Dinas Contoh",
        evidence="1.200 layanan per bulan")]
    assert visit.roles == [Role(8, "Dinas Contoh", "Menjalankan layanan")]
    assert visit.recommendations == [
        Recommendation(11, 1, "Meniru layanan keliling", "Dinas Asal", "2023-S2",
                       dt.date(2023, 12, 31), "tinggi", "direncanakan"),
        Recommendation(11, 2, "Melatih petugas", "BKPSDM", "2024", dt.date(2024, 12, 31),
                       "sedang", "selesai"),
    ]
    assert [(e.cell, e.caption, e.data_source) for e in visit.evidence] == [
        (12, "Angka contoh", "data uji")]
    assert visit.code_cells == [12]  # the parameters cell never counts as code to run


def test_errors_mean_no_visit_but_every_problem() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("kind: studi-banding", "kind: banding")
    nb.cells[2].metadata.tags = ["sumary"]
    visit, problems = validate_notebook(nb, PATH)
    assert visit is None
    assert [(p.cell, p.field, p.code) for p in problems] == [
        (1, "kind", "fm.bad_choice"), (3, "sumary", "tag.unknown"),
        (None, "summary", "section.missing")]


def test_warnings_alone_still_give_a_visit_that_keeps_them() -> None:
    nb = visit_notebook()
    nb.cells[5].metadata.tags = []  # leadership: expected, so its absence is a warning
    visit, problems = validate_notebook(nb, PATH)
    assert visit is not None
    assert [p.code for p in problems] == ["section.absent"]
    assert visit.warnings == problems


def test_the_visit_id_can_be_given_for_a_renamed_copy() -> None:
    visit, problems = validate_notebook(visit_notebook(), Path("out/brief.ipynb"),
                                        visit_id="2023-03-14-contoh")
    assert problems == []
    assert visit is not None and visit.id == "2023-03-14-contoh"


def test_the_example_visit_loads_with_two_warnings() -> None:
    visit = load_visit(EXAMPLE)
    assert visit.id == "2022-11-28-banyuwangi"
    assert [i.name for i in visit.innovations] == [
        "Rantang Kasih", "Ngantor di Desa", "RTLH (Rumah Tidak Layak Huni)",
        "Inovasi Pariwisata sebagai Modal Awal"]
    assert [p.text("en") for p in visit.warnings] == [
        f"{EXAMPLE}, cell 15, column \"lead_opd\": warning: table row {n}: no lead agency "
        "assigned yet." for n in (1, 2)]
    assert [r.status for r in visit.recommendations] == ["usulan", "usulan"]
