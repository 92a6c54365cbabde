"""Creating a visit notebook from the skeleton: its id, its front matter, and never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from ringkas.authoring.new import VisitDetails, new_visit, skeleton
from ringkas.contract.ids import host_slug, visit_id
from ringkas.contract.model import Region
from ringkas.contract.problems import MessageError, RingkasError
from ringkas.contract.spec import THEMES
from ringkas.notebook.read import load_visit
from ringkas.project.paths import templates_dir


@pytest.mark.parametrize(("host", "slug"), [
    ("Kabupaten Banyuwangi", "banyuwangi"),
    ("Kota Batu", "batu"),
    ("Kab. Hulu Sungai Selatan", "hulu-sungai-selatan"),
    ("Provinsi Nusa Tenggara Barat", "nusa-tenggara-barat"),
    ("D.I. Yogyakarta", "d-i-yogyakarta"),
    ("Kota Bau-Bau", "bau-bau"),
    ("Pangkalpinang 2", "pangkalpinang-2"),
    ("Kabupaten Pidië", "pidie"),
    ("  Kota   Tegal  ", "tegal"),
])
def test_host_slug(host: str, slug: str) -> None:
    assert host_slug(host) == slug


def test_visit_id() -> None:
    assert visit_id(dt.date(2022, 11, 28), "Kabupaten Banyuwangi") == "2022-11-28-banyuwangi"


@pytest.mark.parametrize("host", ["Kota", "Kabupaten", "!!!", "", "東京"])
def test_a_host_that_gives_no_id(host: str) -> None:
    with pytest.raises(MessageError) as caught:
        visit_id(dt.date(2022, 11, 28), host)
    assert caught.value.text("en") == (
        f"--host \"{host}\" does not give a valid id; use Latin letters.")
    assert caught.value.text("id") == (
        f"--host \"{host}\" tidak menghasilkan nama id yang sah; gunakan huruf latin.")


def test_new_visit_writes_the_skeleton(tmp_path: Path) -> None:
    path = new_visit(tmp_path / "visits", "2024-05-06", "Kota Surabaya", "Studi Tiru Surabaya")
    assert path == tmp_path / "visits" / "2024-05-06-surabaya.ipynb"
    written = nbformat.read(path, as_version=4)
    skeleton = nbformat.read(templates_dir() / "visit.ipynb", as_version=4)
    assert [(c.cell_type, c.metadata.get("tags")) for c in written.cells] == [
        (c.cell_type, c.metadata.get("tags")) for c in skeleton.cells]
    assert written.cells[1].source.startswith("# Studi Tiru Surabaya\n")
    # the dokumentasi guidance names the visit's own folder; all else is the skeleton's
    assert [c.source for c in written.cells[2:]] == [
        c.source.replace("{visit-id}", "2024-05-06-surabaya") for c in skeleton.cells[2:]]
    assert "2024-05-06-surabaya/foto-1.jpg" in written.cells[-1].source


def test_the_new_notebook_passes_check_with_warnings_only(tmp_path: Path) -> None:
    path = new_visit(tmp_path, "2024-05-06", "Kota Surabaya", "Studi Tiru Surabaya")
    visit = load_visit(path)
    assert (visit.id, visit.title, visit.date) == (
        "2024-05-06-surabaya", "Studi Tiru Surabaya", dt.date(2024, 5, 6))
    assert (visit.host, visit.kind, visit.status) == (Region("Kota Surabaya"), "studi-referensi",
                                                       "draft")
    assert visit.warnings and not any(p.is_error for p in visit.warnings)
    assert {p.code for p in visit.warnings} == {"fm.expected", "section.empty",
                                                  "section.unwritten", "table.no_rows"}
    # an optional section still holding only the skeleton's guidance is no warning
    assert not {"purpose", "outcome", "context"} & {p.field for p in visit.warnings}


@pytest.mark.parametrize("title", [
    'Judul "berkutip": dengan titik dua', "{date} dan {host} dalam judul", "#tagar & *bintang*",
    "Studi: ke - [Kota] 'X'", "Baris\nkedua"])
def test_any_title_and_host_survive_the_yaml(tmp_path: Path, title: str) -> None:
    host = "Kota {title}: Contoh"
    visit = load_visit(new_visit(tmp_path, "2024-05-06", host, title))
    assert (visit.title, visit.host.name) == (title, host)


def test_a_date_is_normalised(tmp_path: Path) -> None:
    assert new_visit(tmp_path, "20240506", "Kota Batu", "x").name == "2024-05-06-batu.ipynb"


@pytest.mark.parametrize("date", ["06-05-2024", "2024-02-30", "besok", ""])
def test_a_bad_date(tmp_path: Path, date: str) -> None:
    with pytest.raises(MessageError) as caught:
        new_visit(tmp_path, date, "Kota Batu", "x")
    assert caught.value.text("en") == f"--date \"{date}\" is not a date. Write it as YYYY-MM-DD."
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites(tmp_path: Path) -> None:
    path = new_visit(tmp_path, "2024-05-06", "Kota Batu", "Pertama")
    before = path.read_bytes()
    with pytest.raises(MessageError) as caught:
        new_visit(tmp_path, "2024-05-06", "Kabupaten Batu", "Kedua")
    assert caught.value.text("en") == (
        f"{path} already exists; ringkas never overwrites a notebook. Choose another date or host "
        "name, delete that file first, or pass --force to replace it.")
    assert caught.value.text("id") == (
        f"{path} sudah ada; ringkas tidak menimpa notebook yang ada. Pilih tanggal atau nama "
        "daerah lain, hapus berkas itu lebih dulu, atau beri --force untuk menggantinya.")
    assert path.read_bytes() == before


def test_new_visit_takes_every_front_matter_field(tmp_path: Path) -> None:
    details = VisitDetails(kind="Studi banding", host_bps_code="3579", home="Kab. Grobogan",
                           home_bps_code="3315", agency="Bappeda", unit="Bidang: Ekonomi",
                           participants=("A, kepala",), themes=("Poverty reduction", "sdm"),
                           sources=("https://example.org",), status="Draf",
                           approved_by="Kepala Bappeda")
    visit = load_visit(new_visit(tmp_path, "2024-05-06", "Kota Batu", "T", details))
    assert (visit.kind, visit.host, visit.home) == (
        "studi-banding", Region("Kota Batu", "3579"), Region("Kab. Grobogan", "3315"))
    assert (visit.agency, visit.unit, visit.participants, visit.themes, visit.sources) == (
        "Bappeda", "Bidang: Ekonomi", ["A, kepala"], ["kemiskinan", "sdm"],
        ["https://example.org"])
    assert (visit.status, visit.approved_by) == ("draft", "Kepala Bappeda")


def test_bad_details_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(MessageError) as caught:
        new_visit(tmp_path, "2024-05-06", "Kota Batu", "T", VisitDetails(themes=("wisata",)))
    assert caught.value.text("en") == (
        "--theme \"wisata\": unknown value. Choose one of: " + ", ".join(THEMES)
        + ". Did you mean \"pariwisata\"?")
    with pytest.raises(RingkasError) as bad_code:
        new_visit(tmp_path, "2024-05-06", "Kota Batu", "T", VisitDetails(host_bps_code="1"))
    assert bad_code.value.text("id") == (
        "--host-bps-code: kode BPS \"1\" harus 2 atau 4 angka, misalnya \"3510\".")
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_and_the_skeleton_stays_the_one_import_uses(tmp_path: Path) -> None:
    path = new_visit(tmp_path, "2024-05-06", "Kota Batu", "Pertama")
    assert new_visit(tmp_path, "2024-05-06", "Kota Batu", "Kedua", force=True) == path
    assert load_visit(path).title == "Kedua"
    nb = skeleton(dt.date(2024, 5, 6), "Kota Batu", "Judul")  # `ringkas import` starts here
    assert "agency: \"\"  # misalnya Bappeda Kabupaten Grobogan\n" in nb.cells[0].source
    assert "kind: studi-referensi  # " in nb.cells[0].source
