"""ringkas's own Word laporan: `templates/laporan/laporan-kunjungan.docx`.

A researcher who would rather write the whole visit in Word fills this laporan and imports it:
its parts are the tata naskah dinas structure that `laporan.py` reads, named so that each goes
to one section of the notebook (Ringkasan -> summary, Komitmen Pimpinan Daerah -> leadership,
"Inovasi ..." -> an innovation cell, Peran OPD -> the roles table, ...), and it imports with no
unsorted text. It is built on the brief template's reference document, so an agency that
restyles its Word briefs there restyles this laporan too (`scripts/make-laporan-docx`).
"""

from __future__ import annotations

from pathlib import Path

from ringkas.project.paths import templates_dir

TEMPLATE = ("laporan", "laporan-kunjungan.docx")

#: (kind, text): "title" a bold centred title paragraph, "h1" a section, "h2" a part, "p" a
#: paragraph, "item" a numbered item, "table" rows (the first is the header).
PARTS: list[tuple[str, object]] = [
    ("title", "LAPORAN HASIL STUDI REFERENSI"),
    ("title", "[NAMA INSTANSI] KE [DAERAH TUJUAN]"),
    ("h1", "I. PENDAHULUAN"),
    ("h2", "A. Dasar"),
    ("item", "1. Surat Perintah Tugas [pejabat] Nomor [nomor] tanggal [tanggal]."),
    ("h2", "B. Maksud dan Tujuan"),
    ("p", "Tulis maksud dan tujuan kunjungan: apa yang ingin dipelajari dari daerah tujuan."),
    ("h2", "C. Waktu dan Tempat"),
    ("p", "Kunjungan dilaksanakan pada [hari, tanggal bulan tahun] bertempat di [tempat "
          "pertemuan, daerah tujuan]."),
    ("h2", "D. Peserta"),
    ("table", [["No", "Nama", "Jabatan"],
               ["1", "[Nama ketua]", "[Jabatan] (ketua rombongan)"],
               ["2", "[Nama]", "[Jabatan]"]]),
    ("h2", "E. Latar Belakang"),
    ("p", "Tulis mengapa kunjungan ini dilakukan: masalah di daerah sendiri dan mengapa daerah "
          "tujuan dipilih."),
    ("h1", "II. HASIL KUNJUNGAN"),
    ("h2", "A. Ringkasan"),
    ("p", "Tulis ringkasan hasil kunjungan dalam beberapa kalimat untuk pimpinan."),
    ("h2", "B. Komitmen Pimpinan Daerah"),
    ("p", "Tulis peran kepala daerah tujuan dalam menjalankan inovasi."),
    ("h2", "C. Inovasi [Nama Inovasi]"),
    ("p", "Tulis apa inovasi itu, sasarannya, pendanaannya, dan bagaimana dijalankan. Satu "
          "bagian \"Inovasi ...\" untuk setiap inovasi."),
    ("h2", "D. Peran OPD dan Pemangku Kepentingan"),
    ("table", [["OPD / Pemangku Kepentingan", "Peran"], ["[Nama OPD]", "[Perannya]"]]),
    ("h2", "E. Capaian dan Dampak"),
    ("p", "Tulis hasil yang dilaporkan daerah tujuan, dengan sumber setiap angka."),
    ("h1", "III. KESIMPULAN DAN SARAN"),
    ("h2", "A. Pelajaran"),
    ("p", "Tulis pelajaran yang dapat diterapkan di daerah sendiri."),
    ("h2", "B. Saran"),
    ("item", "1. Tulis satu saran tindak lanjut per butir."),
    ("h1", "IV. PENUTUP"),
    ("p", "Demikian laporan ini kami sampaikan untuk menjadi bahan pertimbangan."),
]


def template_path() -> Path:
    return templates_dir().joinpath(*TEMPLATE)


def make_laporan(target: Path, reference: Path | None = None) -> Path:
    """Write the laporan template to `target`, styled by the brief's reference document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ringkas.render.word import open_reference

    document = open_reference(reference)
    document.core_properties.title = ""
    for kind, content in PARTS:
        if kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = document.styles["Table Grid"]
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(str(content))
        run.bold = kind in ("title", "h1", "h2")
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target
