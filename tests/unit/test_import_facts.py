"""The finder of facts and the sentence splitter of `ringkas import`: what a text states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ringkas.authoring.importing.document import LIST, PARAGRAPH, Block, Document, sentences
from ringkas.authoring.importing.facts import find_date, find_facts, find_host
from ringkas.authoring.importing.readers import read_text


@pytest.mark.parametrize(("text", "day"), [
    ("Senin, 28 November 2022, Bidang Pemsosbud ...", dt.date(2022, 11, 28)),
    ("pada 13 September 2017 tim berangkat", dt.date(2017, 9, 13)),
    ("Rabu, 2 Nopember 2016", dt.date(2016, 11, 2)),
    ("On November 28, 2022 the team visited", dt.date(2022, 11, 28)),
    ("on 4 May 2023", dt.date(2023, 5, 4)),
    ("tanggal 2023-05-04", dt.date(2023, 5, 4)),
    ("31 Februari 2023 lalu 1 Maret 2023", dt.date(2023, 3, 1)),  # no such day: the next one
])
def test_dates_in_indonesian_and_english(text: str, day: dt.date) -> None:
    assert find_date(text)[0] == day


@pytest.mark.parametrize("text", ["Senin (2/12), tim berangkat", "pada 2 Desember tim berangkat",
                                  "tanpa tanggal sama sekali"])
def test_no_year_no_date(text: str) -> None:
    assert find_date(text) == (None, None)


def test_a_date_without_a_year_is_kept_as_written() -> None:
    facts = find_facts(Document(Path("x.txt"), [Block(PARAGRAPH, "Senin (2/12), tim ke Kota "
                                                                  "Batu.")]))
    assert (facts.date, facts.partial_date, facts.host) == (None, "Senin (2/12)", "Kota Batu")


@pytest.mark.parametrize(("text", "host"), [
    ("studi referensi ke Kab. Banyuwangi. Beberapa", "Kabupaten Banyuwangi"),
    ("kunjungan kerja ke Kabupaten Kulon Progo untuk", "Kabupaten Kulon Progo"),
    ("studi tiru ke Kota Surabaya\nStudi Tiru", "Kota Surabaya"),
    ("a study visit to Banyuwangi Regency in East Java", "Kabupaten Banyuwangi"),
    ("rapat di Kabupaten Grobogan", None),
])
def test_the_host_region(text: str, host: str | None) -> None:
    assert find_host(text) == host


def test_agency_unit_and_kind() -> None:
    facts = find_facts(Document(Path("x.txt"), [Block(PARAGRAPH, (
        "Senin, 28 November 2022, Bidang Pemsosbud BAPPEDA Kab. Grobogan melakukan studi "
        "referensi Inovasi Penanggulangan Kemiskinan ke Kab. Banyuwangi."))]))
    assert (facts.agency, facts.home, facts.unit, facts.kind) == (
        "Bappeda Kabupaten Grobogan", "Kabupaten Grobogan", "Bidang Pemsosbud",
        "studi-referensi")


def test_a_kind_the_format_has_not_is_reported_not_set() -> None:
    facts = find_facts(Document(Path("x.txt"), [Block(PARAGRAPH, "Kunjungan kerja ke Kota Batu.")]))
    assert (facts.kind, facts.other_kind) == (None, "Kunjungan kerja")


def test_sentences_keep_abbreviations_and_split_a_missing_space() -> None:
    assert sentences("Tim ke Kab. Banyuwangi. Seluruh OPD ikut, sesuai tusi OPD.Hal-hal itu "
                     "baik, dsb. Harapannya begitu!") == [
        "Tim ke Kab. Banyuwangi.", "Seluruh OPD ikut, sesuai tusi OPD.", "Hal-hal itu baik, dsb.",
        "Harapannya begitu!"]


def test_a_text_file_reads_lists_split_by_blank_lines_as_one() -> None:
    text = ("Judul\n\nPokok yang dibahas:\n\na. Latar belakang;\n\nb. Komitmen;\n"
            "   yang berlanjut\n\nc. Peran OPD.\n\nPenutup.")
    document = read_text(Path("x.txt"), text.encode())
    assert [b.kind for b in document.blocks] == [PARAGRAPH, PARAGRAPH, LIST, PARAGRAPH]
    assert document.blocks[2].items == ("a. Latar belakang;", "b. Komitmen; yang berlanjut",
                                        "c. Peran OPD.")
    assert find_facts(document).topics == ["Latar belakang;", "Komitmen; yang berlanjut",
                                           "Peran OPD."]
