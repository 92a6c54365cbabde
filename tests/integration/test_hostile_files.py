"""Probes of issue 21 (points 4, 5 and 14) beside the bad-input corpus: hostile files, not
hostile notebooks.

- Symbolic links out of the project: a file under `data/`, a photo in the visit's folder and the
  logo are never read through one (`check` names the link and where it points, `render` fails
  the units concerned and renders the others); a link that stays inside the project is followed.
- Symbolic links inside `dist/`: `distribute` never deletes or writes through one, even one its
  own manifest names; a visit's folder replaced by a link is refused before anything is written.
- Decompression bombs: a 420 KB PNG of 12000 x 12000 pixels and a 30000 x 30000 one are refused
  at `import`, at `check` and in `render` by their header, with the pixel size and the limit,
  never with Pillow's own warning; a logo that is junk or huge is a config error.

The bombs are built by hand with zlib (tests/images.py): the test never decodes one.
"""

from __future__ import annotations

import base64
import io
import json
import os
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.build.jobs import Job, RenderOptions, read_data_files
from ringkas.build.manifest import data_digest
from ringkas.build.pipeline import with_data
from ringkas.cli import cli
from ringkas.contract.problems import MessageError
from ringkas.distribution.folder import MANIFEST_NAME, DistFolder
from ringkas.distribution.ledger import Ledger
from ringkas.notebook.photos import HEAD
from ringkas.notebook.read import check_visits
from ringkas.render.photos import downscaled
from tests.functional.test_photos import with_photos
from tests.images import RGB, blank_png, bomb_png
from tests.notebooks import add_visit, project_folders, write

VISIT = "2023-03-14-contoh"
SECRET = b"RAHASIA-DI-LUAR-PROYEK\n"


def run(project: Path, *args: str | Path) -> Result:
    result = CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(project), "--lang", "en", *map(str, args)])
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "a bug" not in out, out
    assert "DecompressionBomb" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path / "proyek").resolve()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that no brief may carry."""
    path = tmp_path / "di-luar" / "rahasia.csv"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path.resolve()


def photo_visit(project: Path, name: str = "foto-1.png") -> Path:
    """The valid visit with one photo, `<visit>/<name>`, in its dokumentasi cell (the file is
    for the test to make)."""
    nb = with_photos(f'![Kunjungan ke loket]({VISIT}/{name} "Foto: Tim")')
    path = write(nb, project / "notebooks" / "visits", VISIT)
    (path.parent / VISIT).mkdir()
    return path


def dokumentasi(path: Path) -> str:
    cell = len(json.loads(path.read_text(encoding="utf-8"))["cells"])
    return f'{path}, cell {cell}, section "dokumentasi"'


# --- point 4: links out of the project ---------------------------------------------------

def test_check_refuses_a_photo_that_links_out_of_the_project(project: Path,
                                                             secret: Path) -> None:
    path = photo_visit(project)
    (path.parent / VISIT / "foto-1.png").symlink_to(secret)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        f'{dokumentasi(path)}: error: "{VISIT}/foto-1.png" is a symbolic link to {secret}, '
        f"outside the project {project}: a brief never shows a file from outside the project. "
        "Copy the photo into the visit's folder in place of the link.\n")


def test_render_fails_the_visit_whose_photo_links_out_and_renders_the_others(
        project: Path, secret: Path) -> None:
    path = photo_visit(project)
    (path.parent / VISIT / "foto-1.png").symlink_to(secret)
    add_visit(project, "2023-04-01-lain", code=None)
    result = run(project, "render", "--format", "html", "--brief-lang", "en", "--jobs", "1")
    assert result.exit_code == 1
    assert f'"{VISIT}/foto-1.png" is a symbolic link to {secret}, outside the project' \
        in result.stderr
    assert (project / "briefs" / "2023-04-01-lain" / "2023-04-01-lain.teknis.en.html").is_file()
    assert not (project / "briefs" / VISIT).exists()


def test_a_photo_linked_inside_the_project_is_followed(project: Path) -> None:
    path = photo_visit(project)
    (project / "data" / "foto-bersama.png").write_bytes(blank_png(40, 30, RGB))
    (path.parent / VISIT / "foto-1.png").symlink_to("../../../data/foto-bersama.png")
    assert check_visits([path]).problems[path] == []


def test_check_names_a_data_file_that_links_out_on_each_visit_with_code(
        project: Path, secret: Path) -> None:
    with_code = add_visit(project, VISIT)
    add_visit(project, "2023-04-01-lain", code=None)
    (project / "data" / "rahasia.csv").symlink_to(secret)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{with_code}: error: the data file {project}/data/rahasia.csv is a symbolic link to "
        f"{secret}, outside the project {project}: this visit's render would refuse it. "
        "Copy the file into data/ in place of the link.\n")
    assert "2023-04-01-lain.ipynb: follows the format." in result.stdout


def unit(visit_id: str, has_code: bool) -> Job:
    return Job(visit_id, Path(f"{visit_id}.ipynb"), "en", "key", {"has_code": has_code}, b"{}")


def test_render_fails_the_units_with_code_and_never_reads_the_linked_data_file(
        project: Path, secret: Path) -> None:
    (project / "data" / "indikator.csv").write_text("tahun,nilai\n2023,1\n", encoding="utf-8")
    (project / "data" / "rahasia.csv").symlink_to(secret)
    message = (f"the data file {project}/data/rahasia.csv is a symbolic link to {secret}, "
               f"outside the project {project}: a brief would carry that file (a PDF "
               "attachment). Copy the file into data/ in place of the link; links that stay "
               "inside the project are followed.")
    with pytest.raises(MessageError) as refused:
        read_data_files(project / "data")
    assert refused.value.text("en") == message
    options = RenderOptions(out=project / "briefs", data_dir=project / "data")
    kept, failed = with_data([unit(VISIT, True), unit("2023-04-01-lain", False)], options)
    assert [job.visit_id for job in kept] == ["2023-04-01-lain"]
    assert [(r.job.visit_id, r.error.text("en")) for r in failed] == [(VISIT, message)]


def test_the_data_fingerprint_follows_the_link_not_the_file_outside(project: Path,
                                                                    secret: Path) -> None:
    (project / "data" / "rahasia.csv").symlink_to(secret)
    before = data_digest(project / "data")
    secret.write_bytes(b"something else entirely\n")
    assert data_digest(project / "data") == before  # the outside file was not read
    (project / "data" / "rahasia.csv").unlink()
    (project / "data" / "rahasia.csv").symlink_to(secret.parent)
    assert data_digest(project / "data") != before  # a link changed: briefs out of date


def test_data_linked_inside_the_project_is_read(project: Path) -> None:
    (project / "bersama.csv").write_text("a\n1\n", encoding="utf-8")
    (project / "data" / "bersama.csv").symlink_to("../bersama.csv")
    assert read_data_files(project / "data") == (("bersama.csv", b"a\n1\n"),)


@pytest.mark.slow
def test_the_render_with_a_linked_data_file_carries_none_of_it(project: Path,
                                                               secret: Path) -> None:
    add_visit(project, VISIT, code="print(open('../../data/rahasia.csv').read())")
    add_visit(project, "2023-04-01-lain", code=None)
    (project / "data" / "rahasia.csv").symlink_to(secret)
    result = run(project, "render", "--format", "html", "--format", "pdf", "--brief-lang", "en",
                 "--jobs", "1")
    assert result.exit_code == 1
    assert f"the data file {project}/data/rahasia.csv is a symbolic link to {secret}" \
        in result.stderr
    assert not (project / "briefs" / VISIT).exists()
    other = project / "briefs" / "2023-04-01-lain"
    assert (other / "2023-04-01-lain.teknis.en.pdf").is_file()
    made = [p for p in project.rglob("*") if p.is_file() and not p.is_symlink()]
    assert made and all(SECRET not in p.read_bytes() for p in made)


def logo_project(project: Path, logo: str = "logo.png") -> Path:
    (project / "ringkas.toml").write_text(f'[branding]\nlogo = "{logo}"\n', encoding="utf-8")
    return project / logo


def test_a_logo_that_links_out_of_the_project_is_a_config_error(project: Path,
                                                                tmp_path: Path) -> None:
    outside = tmp_path / "di-luar" / "logo.png"
    outside.parent.mkdir()
    outside.write_bytes(blank_png(40, 20, RGB))
    logo_project(project).symlink_to(outside)
    add_visit(project, VISIT, code=None)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: {project}/ringkas.toml: "branding.logo" = "logo.png" is a symbolic link to '
        f"{outside.resolve()}, outside the project {project}: ringkas reads no logo from outside "
        "the project. Copy the logo into the project folder in place of the link.\n")


def test_a_logo_linked_inside_the_project_is_followed(project: Path) -> None:
    (project / "aset").mkdir()
    (project / "aset" / "logo.png").write_bytes(blank_png(40, 20, RGB))
    logo_project(project).symlink_to("aset/logo.png")
    add_visit(project, VISIT, code=None)
    result = run(project, "check")
    assert result.exit_code == 0, result.output


# --- point 5: links inside dist/ ----------------------------------------------------------

def dist_manifest(dist: Path, *names: str) -> None:
    dist.mkdir(parents=True, exist_ok=True)
    (dist / MANIFEST_NAME).write_text(json.dumps(
        {"format": 1, "files": {name: "0" * 64 for name in names}, "keys": {}}), encoding="utf-8")


def reviewed_only(project: Path) -> None:
    """A project whose one visit is not approved: `distribute` hands nothing on and removes
    every file its manifest lists."""
    add_visit(project, VISIT, code=None)


def test_distribute_never_deletes_through_a_folder_link_its_manifest_names(
        project: Path, secret: Path) -> None:
    reviewed_only(project)
    dist = project / "dist"
    dist_manifest(dist, f"{VISIT}/rahasia.csv")
    (dist / VISIT).symlink_to(secret.parent)
    result = run(project, "distribute")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"{dist}/{VISIT} is a symbolic link (to {secret.parent}) inside {dist}: distribute "
        "never writes or removes anything through a link. Remove the link (distribute makes a "
        "real folder or file in its place) and run again.\n")
    assert secret.read_bytes() == SECRET


def test_distribute_removes_a_file_link_its_manifest_names_not_the_file_it_points_to(
        project: Path, secret: Path) -> None:
    reviewed_only(project)
    dist = project / "dist"
    dist_manifest(dist, "rahasia.csv")
    (dist / "rahasia.csv").symlink_to(secret)
    result = run(project, "distribute")
    assert result.exit_code == 0, result.output
    assert not (dist / "rahasia.csv").is_symlink()
    assert secret.read_bytes() == SECRET


def test_nothing_is_written_into_a_visit_folder_replaced_by_a_link(tmp_path: Path) -> None:
    dist, target = tmp_path / "dist", tmp_path / "di-luar"
    dist.mkdir()
    target.mkdir()
    (dist / VISIT).symlink_to(target)
    folder = DistFolder.open(dist)
    message = (f"{dist}/{VISIT} is a symbolic link (to {target}) inside {dist}: distribute "
               "never writes or removes anything through a link. Remove the link (distribute "
               "makes a real folder or file in its place) and run again.")
    with pytest.raises(MessageError) as before:
        folder.check([VISIT, "nota-dinas"])
    assert before.value.text("en") == message
    with pytest.raises(MessageError) as writing:
        folder.put(f"{VISIT}/{VISIT}.pimpinan.id.html", b"<html>")
    assert writing.value.text("en") == message
    assert list(target.iterdir()) == []


def test_a_file_link_is_never_written_through(tmp_path: Path, secret: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").symlink_to(secret)
    with pytest.raises(MessageError, match=r"index.html is a symbolic link \(to "):
        DistFolder.open(dist).put("index.html", b"<html>")
    assert secret.read_bytes() == SECRET


def test_the_e_mail_ledger_is_never_written_through_a_link(tmp_path: Path, secret: Path) -> None:
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    (briefs / "distribution.sqlite").symlink_to(secret)
    with pytest.raises(MessageError) as refused, Ledger.open(briefs):
        pass
    assert refused.value.text("en").startswith(
        f"{briefs}/distribution.sqlite is a symbolic link (to {secret}) inside {briefs}: ")
    assert secret.read_bytes() == SECRET


@pytest.mark.slow
def test_distribute_refuses_a_visit_folder_replaced_by_a_link(project: Path,
                                                              tmp_path: Path) -> None:
    path = add_visit(project, VISIT, code=None)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: reviewed", "status: approved\\napproved_by: Kepala Bappeda"), encoding="utf-8")
    target = tmp_path / "di-luar"
    target.mkdir()
    (project / "dist").mkdir()
    (project / "dist" / VISIT).symlink_to(target)
    result = run(project, "distribute")
    assert result.exit_code == 1
    assert f"{project}/dist/{VISIT} is a symbolic link (to {target}) inside {project}/dist" \
        in result.stderr
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in (project / "dist").iterdir()) == [".ringkas.lock", VISIT]


# --- point 14: decompression bombs and junk -----------------------------------------------

@pytest.fixture(scope="module")
def bomb_12000() -> bytes:
    """The issue's case: a 420 KB RGB PNG of 12000 x 12000 pixels (432 MB decoded)."""
    data = blank_png(12000, 12000, RGB)
    assert len(data) < 430_000
    return data


def bomb_line(path: Path, name: str, side: int) -> str:
    mp = f"{side * side / 1e6:.1f}"
    return (f'{dokumentasi(path)}: error: "{VISIT}/{name}" is {side} x {side} pixels ({mp} '
            "megapixels), more than the limit of 50 megapixels: an image this large takes "
            "gigabytes of memory to open. Export the photo again, smaller (e.g. 4000 pixels on "
            "its longest side).\n")


@pytest.mark.parametrize("side", [12000, 30000])
def test_check_refuses_a_photo_bomb_with_its_pixel_size(project: Path, side: int,
                                                        bomb_12000: bytes) -> None:
    path = photo_visit(project)
    data = bomb_12000 if side == 12000 else bomb_png(side, side)
    (path.parent / VISIT / "foto-1.png").write_bytes(data)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == bomb_line(path, "foto-1.png", side)


def test_a_pasted_bomb_is_refused_too(project: Path) -> None:
    path = photo_visit(project)
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = nb["cells"][-1]
    cell["source"] = '![Kunjungan ke loket](attachment:foto.png "Foto: Tim")'
    cell["attachments"] = {"foto.png": {
        "image/png": base64.b64encode(bomb_png(30000, 30000)).decode()}}
    path.write_text(json.dumps(nb), encoding="utf-8")
    problems = check_visits([path]).problems[path]
    assert [(p.code, p.params["width"], p.params["height"]) for p in problems] == [
        ("photo.too_many_pixels", 30000, 30000)]


@pytest.mark.parametrize("side", [12000, 30000])
def test_render_never_decodes_a_bomb(side: int, bomb_12000: bytes) -> None:
    data = bomb_12000 if side == 12000 else bomb_png(side, side)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's DecompressionBombWarning would raise here
        with pytest.raises(MessageError) as refused:
            downscaled(data, VISIT, f"{VISIT}/foto-1.png")
    mp = f"{side * side / 1e6:.1f}"
    assert refused.value.text("en") == (
        f'{VISIT}: photo "{VISIT}/foto-1.png" is {side} x {side} pixels ({mp} megapixels), more '
        "than the limit of 50 megapixels. Export it again, smaller (e.g. 4000 pixels on its "
        "longest side).")


def test_a_photo_that_is_junk_behind_png_bytes_is_not_an_image(project: Path) -> None:
    path = photo_visit(project)
    (path.parent / VISIT / "foto-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        f'{dokumentasi(path)}: error: "{VISIT}/foto-1.png" is not a PNG or JPEG image (its '
        "bytes say otherwise). Export the photo as JPEG or PNG again.\n")


def test_a_jpeg_whose_header_sits_past_the_first_bytes_read_is_checked_whole(
        project: Path) -> None:
    from PIL import Image

    out = io.BytesIO()  # 300 KB of colour profile before the frame header: check reads on
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", icc_profile=b"\0" * 300_000)
    path = photo_visit(project, "foto-1.jpg")
    (path.parent / VISIT / "foto-1.jpg").write_bytes(out.getvalue())
    assert out.getvalue().index(b"\xff\xc0") > HEAD
    assert check_visits([path]).problems[path] == []


PAGE = """<!doctype html><html lang="id"><head><title>Berita</title></head><body>
<article><h1>Studi Tiru Pelayanan Publik ke Kota Surabaya</h1>
<p>Kamis, 4 Mei 2023, Bidang Pemerintahan Bappeda Kota Malang melakukan studi tiru ke Kota
Surabaya. Rombongan diterima di Balai Kota dan berdiskusi tentang layanan keliling.</p>
<figure><img src="Berita_files/bom.png" alt="foto">
<figcaption>Foto 1: Rombongan di Balai Kota (Sumber: Humas Surabaya)</figcaption></figure>
<p>Mobil layanan kependudukan datang ke setiap kelurahan sekali sepekan sesuai jadwal yang
diumumkan lewat kecamatan.</p>
</article></body></html>
"""


def test_import_leaves_a_bomb_out_and_names_it(tmp_path: Path, bomb_12000: bytes) -> None:
    (tmp_path / "Berita_files").mkdir()
    (tmp_path / "Berita_files" / "bom.png").write_bytes(bomb_12000)
    (tmp_path / "berita.html").write_text(PAGE, encoding="utf-8")
    result = run(tmp_path, "import", tmp_path / "berita.html")
    assert result.exit_code == 0, result.output
    assert ("Image Berita_files/bom.png not imported: 12000 x 12000 pixels (144.0 megapixels), "
            "more than the limit of 50 megapixels. Make it smaller and add it to dokumentasi "
            "yourself.\n") in result.stdout
    assert not (tmp_path / "notebooks" / "visits" / "2023-05-04-surabaya").exists()


def test_import_writes_no_photo_into_a_visit_folder_linked_out(project: Path,
                                                               tmp_path: Path) -> None:
    (project / "Berita_files").mkdir()
    (project / "Berita_files" / "bom.png").write_bytes(blank_png(40, 30, RGB))
    (project / "berita.html").write_text(PAGE, encoding="utf-8")
    elsewhere = (tmp_path / "di-luar").resolve()
    elsewhere.mkdir()
    visits = project / "notebooks" / "visits"
    (visits / "2023-05-04-surabaya").symlink_to(elsewhere)
    result = run(project, "import", project / "berita.html")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {visits}/2023-05-04-surabaya is a symbolic link to {elsewhere}, outside the "
        f"project {project}: ringkas writes no photo outside the project. Remove the link and "
        "import again.\n")
    assert list(elsewhere.iterdir()) == []
    assert not (visits / "2023-05-04-surabaya.ipynb").exists()


@pytest.mark.parametrize("content, problem", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 'is not a PNG or JPEG image. Save the logo as PNG or '
     "JPEG (SVG is not accepted: it can carry scripts)."),
    ("bomb", "is 30000 x 30000 pixels (900.0 megapixels), more than the limit of 16 megapixels "
     "for a logo. Save it smaller (a few hundred pixels high is plenty)."),
], ids=["junk", "bomb"])
def test_a_logo_that_is_junk_or_huge_is_a_config_error(project: Path, content: bytes | str,
                                                      problem: str) -> None:
    logo_project(project).write_bytes(bomb_png(30000, 30000) if content == "bomb" else content)
    add_visit(project, VISIT, code=None)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == \
        f'Error: {project}/ringkas.toml: "branding.logo" = "logo.png" {problem}\n'
