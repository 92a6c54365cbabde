"""A Word laporan made plain (issue 20, point 5), and documents of other shapes left alone."""

from __future__ import annotations

from pathlib import Path

from ringkas.authoring.importing.document import HEADING, LIST, PARAGRAPH, Block, Document
from ringkas.authoring.importing.facts import find_facts
from ringkas.authoring.importing.laporan import restructure
from ringkas.authoring.importing.placing import place


def doc(*texts: str) -> Document:
    return Document(Path("x.docx"), [Block(PARAGRAPH, t) for t in texts])


def test_title_paragraphs_sections_and_typed_lists() -> None:
    shaped = restructure(doc("LAPORAN HASIL STUDI TIRU", "KE KOTA BATU", "I. PENDAHULUAN",
                             "A. Dasar", "1. Surat Tugas Nomor 1/2024.", "II. HASIL KUNJUNGAN",
                             "Kota Batu mengelola desa wisata.", "1. Desa Wisata Petik Apel",
                             "Dikelola BUMDes."))
    assert [(b.kind, b.level, b.text or b.items) for b in shaped.blocks] == [
        (HEADING, 1, "LAPORAN HASIL STUDI TIRU KE KOTA BATU"), (HEADING, 2, "I. PENDAHULUAN"),
        (HEADING, 3, "A. Dasar"), (LIST, 0, ("1. Surat Tugas Nomor 1/2024.",)),
        (HEADING, 2, "II. HASIL KUNJUNGAN"), (PARAGRAPH, 0, "Kota Batu mengelola desa wisata."),
        (HEADING, 4, "1. Desa Wisata Petik Apel"), (PARAGRAPH, 0, "Dikelola BUMDes.")]
    facts = find_facts(shaped)
    assert facts.title == "LAPORAN HASIL STUDI TIRU KE KOTA BATU"
    placed = place(shaped, facts)
    assert placed.sources == ["Surat Tugas Nomor 1/2024."]
    assert placed.sections["outcome"] == ["Kota Batu mengelola desa wisata.",
                                          "### 1. Desa Wisata Petik Apel", "Dikelola BUMDes."]
    assert placed.unsorted == []


def test_another_shape_is_left_as_it_is() -> None:
    document = doc("Catatan kunjungan ke Kota Batu", "I. Satu hal saja.", "Demikian.")
    assert restructure(document) is document


def test_a_news_items_demikian_is_kept() -> None:
    document = doc("Demikian disampaikan Kepala Bappeda dalam pertemuan itu.")
    placed = place(document, find_facts(document))
    assert placed.dropped == [] and placed.unsorted == [
        "Demikian disampaikan Kepala Bappeda dalam pertemuan itu."]
