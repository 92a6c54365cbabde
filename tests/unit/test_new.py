"""Creating a visit notebook from the skeleton: its id, its front matter, and never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from ringkas.authoring.new import new_visit
from ringkas.contract.ids import host_slug, visit_id
from ringkas.contract.model import Region
from ringkas.contract.problems import MessageError
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
    assert [c.source for c in written.cells[2:]] == [c.source for c in skeleton.cells[2:]]


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
        "name, or delete that file first.")
    assert caught.value.text("id") == (
        f"{path} sudah ada; ringkas tidak menimpa notebook yang ada. Pilih tanggal atau nama "
        "daerah lain, atau hapus berkas itu lebih dulu.")
    assert path.read_bytes() == before
