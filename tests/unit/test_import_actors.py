"""Who visited whom (issue 20, points 3 and 4): the gazetteer, both voices, people."""

from __future__ import annotations

from pathlib import Path

import pytest

from ringkas.authoring.importing.actors import Actors, find_actors, person
from ringkas.authoring.importing.document import PARAGRAPH, TABLE, Block, Document
from ringkas.authoring.importing.regions import mentions
from ringkas.contract.ids import visit_id


def actors(*paragraphs: str, title: str | None = None) -> Actors:
    return find_actors(Document(Path("x.txt"), [Block(PARAGRAPH, p) for p in paragraphs]), title)


@pytest.mark.parametrize(("text", "name", "code"), [
    ("ke Kab. Banyuwangi", "Kabupaten Banyuwangi", "3510"),
    ("ke KABUPATEN GROBOGAN", "Kabupaten Grobogan", "3315"),
    ("Pemkot Surabaya", "Kota Surabaya", "3578"),
    ("to Banyuwangi Regency", "Kabupaten Banyuwangi", "3510"),
    ("Pemerintah Provinsi Jawa Tengah", "Provinsi Jawa Tengah", "33"),
    ("rombongan Kukar", "Kabupaten Kutai Kartanegara", "6402"),
    ("tim dari Sleman", "Kabupaten Sleman", "3404"),
    ("ke Kecamatan Banyumanik, Kota Semarang", "Kecamatan Banyumanik, Kota Semarang", "3374"),
])
def test_the_gazetteer_names_regions_with_their_codes(text: str, name: str, code: str) -> None:
    (found,) = mentions(text)
    assert (found.region.name, found.region.bps_code) == (name, code)


def test_a_bare_name_two_regions_share_is_no_region() -> None:
    assert mentions("tim dari Malang") == []  # Kabupaten or Kota Malang?


@pytest.mark.parametrize("text", ["Puncak acara dihadiri warga.", "tepian Sungai Siak ditata",
                                  "di Jalan Banyuwangi nomor 3", "Desa Grobogan maju"])
def test_a_common_word_or_a_river_street_village_is_no_region(text: str) -> None:
    assert mentions(text) == []


def test_a_person_after_a_region_is_not_part_of_it() -> None:
    (found,) = mentions("Kepala Bapperida Kabupaten Sumedang Asep Kurniawan menerima")
    assert found.text == "Kabupaten Sumedang"


def test_the_host_voice_keeps_the_sides_apart() -> None:
    found = actors("Senin (21/10/2024) - Kepala Bapperida Kabupaten Sumedang Asep Kurniawan "
                   "menerima kunjungan studi tiru dari Bappeda Kabupaten Grobogan.",
                   "Rombongan dipimpin oleh Sekretaris Bappeda, Hartono Wibisono.")
    assert (found.host.name, found.home.name, found.agency) == (
        "Kabupaten Sumedang", "Kabupaten Grobogan", "Bappeda Kabupaten Grobogan")
    assert [(p.name, p.position) for p in found.received_by] == [
        ("Asep Kurniawan", "Kepala Bapperida Kabupaten Sumedang")]
    assert found.led_by.line() == "Hartono Wibisono, Sekretaris Bappeda"


def test_the_visitors_voice_with_led_and_received() -> None:
    found = actors("Tim Bappeda Provinsi Jawa Tengah melakukan studi banding ke Kabupaten "
                   "Sleman.", "Tim dipimpin oleh Kepala Bidang Infrastruktur dan Kewilayahan, "
                   "Retno Wulandari, dan diterima oleh Kepala BPBD Kabupaten Sleman, Marwoto.")
    assert (found.host.name, found.home.name, found.agency) == (
        "Kabupaten Sleman", "Provinsi Jawa Tengah", "Bappeda Provinsi Jawa Tengah")
    assert found.led_by.name == "Retno Wulandari"
    assert [p.name for p in found.received_by] == ["Marwoto"]


def test_a_host_province_is_not_the_visiting_side() -> None:
    found = actors("Pemerintah Kabupaten Gorontalo melakukan studi tiru ke Kabupaten Bantaeng, "
                   "Sulawesi Selatan.")
    assert (found.host.name, found.home.name) == ("Kabupaten Bantaeng", "Kabupaten Gorontalo")


def test_a_kecamatan_host_and_its_visit_id() -> None:
    found = actors("Para camat melakukan studi tiru ke Kecamatan Banyumanik, Kota Semarang.")
    assert found.host.name == "Kecamatan Banyumanik, Kota Semarang"
    import datetime as dt
    assert visit_id(dt.date(2024, 5, 15), found.host.name) == "2024-05-15-banyumanik-semarang"


def test_english_both_voices() -> None:
    found = actors("Bandung City received a comparative study visit from the Sumedang Regency "
                   "government. The visitors, led by Tuti Ruswati, were welcomed by Euis Sumirat "
                   "at Bandung City Hall.")
    assert (found.host.name, found.home.name, found.agency) == (
        "Kota Bandung", "Kabupaten Sumedang", "Pemerintah Kabupaten Sumedang")
    assert (found.led_by.name, [p.name for p in found.received_by]) == (
        "Tuti Ruswati", ["Euis Sumirat"])


def test_a_participants_table_and_its_leader() -> None:
    table = Block(TABLE, rows=(("No", "Nama", "Jabatan"),
                               ("1", "Sri Wahyuningtyas", "Kepala Bappeda (ketua rombongan)"),
                               ("2", "Dewi Lestari", "Perencana Ahli Muda")))
    found = find_actors(Document(Path("x.docx"), [table]), None)
    assert [p.line() for p in found.participants] == [
        "Sri Wahyuningtyas, Kepala Bappeda (ketua rombongan)", "Dewi Lestari, Perencana Ahli Muda"]
    assert found.led_by.name == "Sri Wahyuningtyas"


@pytest.mark.parametrize(("segment", "name"), [
    ("Kepala Bappeda Kabupaten Banyuwangi, Rudi Santoso", "Rudi Santoso"),
    ("Fitri Handayani", "Fitri Handayani"),
    ("Wali Kota Balikpapan, Harun Ma'arif", "Harun Ma'arif"),
    ("Pemerintah Kota Batu", None),
    ("Tim DLH", None),
    ("Bupati", None),
    ("SRI LESTARI", "SRI LESTARI"),
])
def test_a_person_from_a_segment(segment: str, name: str | None) -> None:
    found = person(segment)
    assert (found.name if found else None) == name


def test_more_voices_popular_names_and_leaders() -> None:
    found = actors("CIREBON - Komisi II DPRD Kota Cirebon menyambangi Pemerintah Kota Solo.",
                   "Ketua rombongan, Asisten Perekonomian, Dian Kusuma, menyebut pasar bersih.")
    assert (found.host.name, found.home.name, found.agency) == (
        "Kota Surakarta", "Kota Cirebon", "DPRD Kota Cirebon")
    assert found.led_by.name == "Dian Kusuma"
    hosted = actors("Kabupaten Magelang mendapat kunjungan studi banding dari Pemerintah "
                    "Kabupaten Purworejo.")
    assert (hosted.host.name, hosted.home.name) == ("Kabupaten Magelang", "Kabupaten Purworejo")
    english = actors("Officials of Kendari City travelled to Makassar City. Their leader, "
                     "deputy head La Ode Harmin, met the city's head of planning, Andi Zulham.")
    assert (english.led_by.name, [p.name for p in english.received_by]) == (
        "La Ode Harmin", ["Andi Zulham"])


@pytest.mark.parametrize(("text", "led", "received"), [
    ("Rombongan dipimpin oleh Drs. Ahmad Yani, M.M. dan diterima oleh Kepala Bappeda, Dr. Ir. "
     "H. Rudi Santoso, M.Si., di Aula.", "Drs. Ahmad Yani", "Dr. Ir. H. Rudi Santoso"),
    ("Tim dipimpin Hj. Siti Aminah, S.E. dan disambut Kepala Dinas Kesehatan dr. Budi Hartono.",
     "Hj. Siti Aminah", "Budi Hartono"),
])
def test_honorifics_and_degrees(text: str, led: str, received: str) -> None:
    found = actors(text)
    assert (found.led_by.name, [p.name for p in found.received_by]) == (led, [received])
