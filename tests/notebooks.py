"""Small visit notebooks built in memory, for tests to take apart.

`visit_notebook()` returns a notebook that passes `ringkas check` with no problem at all; a test
changes the one thing it is about and asserts the exact message.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "notebooks" / "visits" / "2022-11-28-banyuwangi.ipynb"

FRONT_MATTER = """---
title: Studi Banding Pelayanan Publik ke Kota Contoh
date: 2023-03-14
kind: studi-banding
host:
  name: Kota Contoh
  bps_code: "3578"
home:
  name: Kabupaten Asal
  bps_code: "3315"
agency: Bappeda Kabupaten Asal
unit: Bidang Ekonomi
participants:
  - Ani, Kepala Bidang
themes:
  - pelayanan-publik
sources:
  - Laporan kunjungan tim
status: reviewed
---"""

PARAMETERS = 'lang = "id"  # id | en\naudience = "pimpinan"  # pimpinan | teknis'

ROLES = """| OPD/Pemangku kepentingan | Peran |
| --- | --- |
| Dinas Contoh | Menjalankan layanan |"""

RECOMMENDATIONS = """| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |
| --- | --- | --- | --- | --- |
| Meniru layanan keliling | Dinas Asal | 2023-S2 | tinggi | direncanakan |
| Melatih petugas | BKPSDM | 2024 | sedang | selesai |"""


def tagged(cell: NotebookNode, *tags: str) -> NotebookNode:
    cell.metadata["tags"] = list(tags)
    return cell


def visit_notebook(*, evidence: bool = False) -> NotebookNode:
    """A complete, valid visit: every section filled, no warnings."""
    cells = [
        new_raw_cell(FRONT_MATTER),
        tagged(new_code_cell(PARAMETERS), "parameters"),
        tagged(new_markdown_cell("Ringkasan SENTINEL-SUMMARY kunjungan."), "summary"),
        tagged(new_markdown_cell("Latar belakang kunjungan."), "background"),
        tagged(new_markdown_cell("Pokok bahasan."), "purpose"),
        tagged(new_markdown_cell("Wali kota turun langsung."), "leadership"),
        tagged(new_markdown_cell(
            "### Layanan Keliling\n\nMobil layanan datang ke kelurahan.\n\n"
            "- **Sasaran:** warga lansia\n- **Mulai:** 2019\n- **Pendanaan:** APBD\n"
            "- **OPD pengampu:** Dinas Contoh\n- **Bukti:** 1.200 layanan per bulan"),
        "innovation"),
        tagged(new_markdown_cell(ROLES), "roles"),
        tagged(new_markdown_cell("Layanan menjangkau lebih banyak warga."), "outcome"),
        tagged(new_markdown_cell("Mulai dari yang kecil."), "lessons"),
        tagged(new_markdown_cell(RECOMMENDATIONS), "recommendations"),
    ]
    if evidence:
        cells.append(tagged(new_code_cell(
            "# Judul: Angka contoh\n# Sumber: data uji\nprint('EVIDENCE-OUTPUT')"), "evidence"))
    return as_notebook(cells)


def as_notebook(cells: list[NotebookNode]) -> NotebookNode:
    """A Python 3 notebook of `cells`, whose ids are `cell-1`, `cell-2`, ... (stable goldens)."""
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number}"
    return nb


def project_folders(root: Path) -> Path:
    """`root` with the folders of a project (notebooks/visits/, data/indicators/)."""
    (root / "notebooks" / "visits").mkdir(parents=True, exist_ok=True)
    (root / "data" / "indicators").mkdir(parents=True, exist_ok=True)
    return root


def add_visit(project: Path, visit_id: str, code: str | None = "print('EVIDENCE-OUTPUT')"
              ) -> Path:
    """Write visit `visit_id` (its date from the id) into `project`, with an evidence cell
    running `code` after its caption and source lines (None: no code cell)."""
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
    if code is not None:
        nb.cells.append(tagged(new_code_cell(f"# Judul: Uji\n# Sumber: data uji\n{code}"),
                               "evidence"))
    return write(nb, project / "notebooks" / "visits", visit_id)


def write(nb: NotebookNode, folder: Path, visit_id: str = "2023-03-14-contoh") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{visit_id}.ipynb"
    nbformat.write(nb, path)
    return path


SHORT_ID = "2023-08-09-contoh"  # the id short_visit_notebook() is valid under
SHORT_FRONT_MATTER = """---
title: Studi Tiru Mal Pelayanan Publik ke Kabupaten Contoh
date: 2023-08-09
kind: studi-tiru
host:
  name: Kabupaten Contoh
home:
  name: Kabupaten Asal
agency: Bappeda Kabupaten Asal
unit: Bidang Pemerintahan dan Pembangunan Manusia
themes:
  - pelayanan-publik
  - digital
sources:
  - "Humas Kabupaten Asal: Bappeda studi tiru mal pelayanan publik (berita, 9 Agustus 2023)"
  - https://example.org/berita/studi-tiru-mpp
status: reviewed
---"""

SHORT_RECOMMENDATION = """| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |
| --- | --- | --- | --- | --- |
| Menyiapkan kajian pembentukan mal pelayanan publik di Kabupaten Asal | | | tinggi | usulan |"""


def short_visit_notebook() -> NotebookNode:
    """A short visit as a news item reports it: one innovation, one recommendation, a few
    paragraphs. Its leadership brief fits one page."""
    cells = [
        new_raw_cell(SHORT_FRONT_MATTER),
        tagged(new_code_cell(PARAMETERS), "parameters"),
        tagged(new_markdown_cell(
            "Pada Rabu, 9 Agustus 2023, Bappeda Kabupaten Asal melakukan studi tiru ke Mal "
            "Pelayanan Publik (MPP) Kabupaten Contoh. Tim mempelajari cara MPP menghimpun "
            "layanan perizinan, kependudukan dan perpajakan di satu gedung, serta cara "
            "pemerintah daerah mengajak instansi vertikal dan BUMN ikut membuka gerai. "
            "Kabupaten Asal diharapkan dapat menyiapkan kajian pembentukan MPP."), "summary"),
        tagged(new_markdown_cell(
            "Warga Kabupaten Asal masih harus mendatangi beberapa kantor untuk mengurus "
            "perizinan dan dokumen kependudukan."), "background"),
        tagged(new_markdown_cell(
            "Mempelajari pembentukan, pengelolaan dan pendanaan MPP."), "purpose"),
        tagged(new_markdown_cell(
            "Bupati Contoh menetapkan MPP sebagai program prioritas dan memimpin sendiri "
            "rapat dengan instansi vertikal agar mereka membuka gerai di MPP."), "leadership"),
        tagged(new_markdown_cell(
            "### Mal Pelayanan Publik\n\n"
            "Satu gedung tempat warga mengurus perizinan, dokumen kependudukan, pajak daerah "
            "dan layanan instansi vertikal, dengan satu antrean dan jam layanan yang sama.\n\n"
            "- **Bentuk:** gedung layanan terpadu\n- **Mulai:** 2019\n"
            "- **Sumber:** berita Humas Kabupaten Asal, 2023"), "innovation"),
        tagged(new_markdown_cell(ROLES), "roles"),
        tagged(new_markdown_cell(
            "Menurut pengelola, MPP melayani sekitar 400 warga per hari."), "outcome"),
        tagged(new_markdown_cell(
            "- Komitmen kepala daerah membuka jalan bagi instansi vertikal.\n"
            "- Mulai dari layanan yang paling banyak dicari warga."), "lessons"),
        tagged(new_markdown_cell(SHORT_RECOMMENDATION), "recommendations"),
    ]
    return as_notebook(cells)
