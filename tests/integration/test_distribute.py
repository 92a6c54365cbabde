"""`ringkas distribute` through the CLI: approved visits only, a bundle that verifies, links that
resolve inside dist/, deterministic zips, a second run that changes nothing, cover memos.

One project is rendered once for the module (renders are slow on a shared machine): visits
without code (no kernel), briefs in Indonesian, English only for the English recipient's memo.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.distribution.bundle import DISTRIBUTED_FORMATS
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow

APPROVED, REVIEWED, DRAFT = "2023-01-10-satu", "2023-02-10-dua", "2023-03-10-tiga"
RECIPIENTS = ("nama,jabatan,email,audiens,bahasa\n"
              "Ir. Budi <Santoso>,Bupati Kabupaten Asal,,pimpinan,id\n"
              "Jane Doe,Policy Advisor,jane@example.org,teknis,en\n")


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "distribute", *args])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project_folders(tmp_path_factory.mktemp("distribute"))
    (root / "ringkas.toml").write_text(
        '[agency]\nname = "Bappeda Kabupaten Asal"\nunit = "Bidang Ekonomi"\n\n'
        '[briefs]\nlanguages = ["id"]\n', encoding="utf-8")
    for visit_id, status in ((APPROVED, "approved"), (REVIEWED, "reviewed"), (DRAFT, "draft")):
        path = add_visit(root, visit_id, code=None)
        extra = "\\napproved_by: Kepala Bappeda" if status == "approved" else ""
        path.write_text(path.read_text(encoding="utf-8").replace(
            "status: reviewed", f"status: {status}{extra}"), encoding="utf-8")
    (root / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def dist(project: Path) -> Path:
    result = run(project, APPROVED, "--cover", str(project / "recipients.csv"),
                 "--date", "2026-12-01", "--number", "005/123/Bappeda")
    assert result.exit_code == 0, result.output
    return project / "dist"


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_visits_not_approved_are_left_out_with_the_command_that_approves_them(
        project: Path, tmp_path: Path) -> None:
    result = run(project, "--out", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    assert "2 kunjungan belum disetujui dan tidak dibagikan:" in result.output
    for visit_id, status in ((REVIEWED, "reviewed"), (DRAFT, "draft")):
        assert (f'{visit_id} ({status}): ringkas approve {visit_id} --by "NAMA" '
                f'--position "JABATAN"') in result.output
    assert "--include-drafts" in result.output
    assert {p.name for p in (tmp_path / "dist").iterdir() if p.is_dir()} == {APPROVED}


def test_a_visit_named_but_not_approved_is_refused_before_anything_is_written(
        project: Path) -> None:
    result = run(project, APPROVED, REVIEWED, DRAFT)
    assert result.exit_code == 1
    assert "2 kunjungan belum disetujui, jadi tidak ada yang dibagikan:" in result.output
    for visit_id, status in ((REVIEWED, "reviewed"), (DRAFT, "draft")):
        assert (f'{visit_id} ({status}): ringkas approve {visit_id} --by "NAMA" '
                f'--position "JABATAN"') in result.output
    assert APPROVED + " (" not in result.output and "--include-drafts" in result.output
    assert not (project / "dist" / REVIEWED).exists()


def test_only_the_approved_visit_is_in_dist(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir() if p.is_dir()) == [APPROVED, "nota-dinas"]
    assert sorted(p.name for p in (dist / APPROVED).iterdir()) == sorted(
        f"{APPROVED}.{audience}.{lang}.{fmt}" for audience in ("pimpinan", "teknis")
        for lang in ("id", "en") for fmt in DISTRIBUTED_FORMATS)
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert f'data-visit="{APPROVED}"' in index and REVIEWED not in index and DRAFT not in index


def test_the_checksums_verify_with_sha256sum(dist: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed: apt-get install coreutils")
    done = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=dist,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = [line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(listed) and "index.html" in listed
    assert "nota-dinas/ir-budi-santoso.pdf" in listed and "ringkas-teknis-en.zip" in listed


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def test_every_link_of_the_catalogue_briefs_and_memos_resolves_inside_dist(dist: Path) -> None:
    pages = sorted(dist.rglob("*.html"))
    assert len(pages) == 1 + 8 // 2 + 2  # index, four HTML briefs, two memos
    checked = 0
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if link.startswith("#") or parts.scheme in ("data", "mailto"):
                continue
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), \
                f"{page.name}: {link} is not a relative link"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and dist.resolve() in target.parents, f"{page}: {link}"
            checked += 1
    assert checked >= 8 + 2  # the catalogue's eight brief links, one per memo


def test_one_deterministic_zip_per_audience_and_language(dist: Path) -> None:
    assert sorted(p.name for p in dist.glob("*.zip")) == [
        "ringkas-pimpinan-en.zip", "ringkas-pimpinan-id.zip", "ringkas-teknis-en.zip",
        "ringkas-teknis-id.zip"]
    with zipfile.ZipFile(dist / "ringkas-pimpinan-id.zip") as archive:
        assert archive.namelist() == sorted(f"{APPROVED}/{APPROVED}.pimpinan.id.{fmt}"
                                            for fmt in DISTRIBUTED_FORMATS)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read(f"{APPROVED}/{APPROVED}.pimpinan.id.pdf") == \
            (dist / APPROVED / f"{APPROVED}.pimpinan.id.pdf").read_bytes()


def test_a_second_run_changes_no_file(project: Path, dist: Path) -> None:
    before = files(dist)
    result = run(project, APPROVED, "--cover", str(project / "recipients.csv"),
                 "--date", "2026-12-01", "--number", "005/123/Bappeda")
    assert result.exit_code == 0, result.output
    assert "0 berkas ditulis" in result.output and "tidak berubah" in result.output
    assert files(dist) == before


def test_a_cover_memo_per_recipient_in_their_language(dist: Path) -> None:
    assert sorted(p.name for p in (dist / "nota-dinas").iterdir()) == [
        "ir-budi-santoso.html", "ir-budi-santoso.pdf", "jane-doe.html", "jane-doe.pdf"]
    memo = (dist / "nota-dinas" / "ir-budi-santoso.html").read_text(encoding="utf-8")
    for text in ("<h1>NOTA DINAS</h1>", "Kepada", "Yth. Bupati Kabupaten Asal",
                 "Ir. Budi &lt;Santoso&gt;", "Bidang Ekonomi, Bappeda Kabupaten Asal",
                 "1 Desember 2026", "005/123/Bappeda", "Biasa", "1 (satu) berkas",
                 "Penyampaian ringkasan kebijakan hasil studi banding ke Kota Contoh",
                 f"{APPROVED}.pimpinan.id.pdf", "NIP"):
        assert text in memo, text
    english = (dist / "nota-dinas" / "jane-doe.html").read_text(encoding="utf-8")
    for text in ("<h1>MEMO</h1>", "Policy Advisor", "1 December 2026", "Ordinary",
                 "1 (one) file", f"{APPROVED}.teknis.en.pdf"):
        assert text in english, text
    assert "Kepada" not in english
    assert (dist / "nota-dinas" / "jane-doe.pdf").read_bytes().startswith(b"%PDF")


def test_without_a_number_the_memo_leaves_a_dotted_line(project: Path, dist: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    result = run(project, APPROVED, "--out", str(out), "--cover",
                 str(project / "recipients.csv"), "--quiet")
    assert result.exit_code == 0, result.output
    memo = (out / "nota-dinas" / "ir-budi-santoso.html").read_text(encoding="utf-8")
    assert '<tr class="field-number"><th scope="row">Nomor</th><td>:</td><td>…' in memo
    assert result.output.count("\n") == 1  # --quiet: the summary alone


def test_drafts_included_are_marked_broken_visits_skipped_and_stale_files_removed(
        project: Path, dist: Path, tmp_path: Path) -> None:
    broken = tmp_path / "2023-04-10-rusak.ipynb"
    broken.write_text("{ not a notebook", encoding="utf-8")
    out = tmp_path / "bundle"
    result = run(project, "--include-drafts", "--out", str(out), APPROVED, REVIEWED, DRAFT,
                 str(broken))
    assert result.exit_code == 1, result.output
    assert "2023-04-10-rusak" in result.output and "tidak dibagikan" in result.output
    assert f"Disertakan sebagai draf (bertanda air, ditandai di katalog): {REVIEWED}, {DRAFT}" \
        in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'class="card status-draft" id="visit-{DRAFT}"' in index
    assert f'class="card status-reviewed" id="visit-{REVIEWED}"' in index
    assert (out / DRAFT / f"{DRAFT}.pimpinan.id.pdf").is_file()

    (out / "catatan.txt").write_text("not ringkas's", encoding="utf-8")
    again = run(project, APPROVED, "--out", str(out))
    assert again.exit_code == 0, again.output
    assert not (out / DRAFT).exists() and not (out / REVIEWED).exists()
    assert (out / "catatan.txt").is_file() and (out / APPROVED).is_dir()
    assert DRAFT not in (out / "SHA256SUMS").read_text()


def test_a_later_run_without_cover_keeps_the_memos_an_earlier_one_wrote(
        project: Path, tmp_path: Path) -> None:
    """The memos are the secretariat's records: a run without `--cover` once deleted them."""
    out = tmp_path / "bundle"
    first = run(project, APPROVED, "--out", str(out), "--cover",
                str(project / "recipients.csv"), "--date", "2026-12-01")
    assert first.exit_code == 0, first.output
    memos = {p.name: p.read_bytes() for p in (out / "nota-dinas").iterdir()}
    assert "ir-budi-santoso.pdf" in memos and "ir-budi-santoso.html" in memos
    again = run(project, APPROVED, "--out", str(out))
    assert again.exit_code == 0, again.output
    assert {p.name: p.read_bytes() for p in (out / "nota-dinas").iterdir()} == memos
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8")
    assert all(f"nota-dinas/{name}" in sums for name in memos)
    (out / "nota-dinas" / "jane-doe.pdf").unlink()  # removed by hand: not made again
    assert run(project, APPROVED, "--out", str(out)).exit_code == 0
    assert "nota-dinas/jane-doe.pdf" not in (out / "SHA256SUMS").read_text(encoding="utf-8")


def test_a_bad_recipients_file_is_an_exact_error(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "penerima.csv"
    bad.write_text("nama,jabatan,audiens\nBudi,Bupati,bos\n", encoding="utf-8")
    result = run(project, APPROVED, "--cover", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output == (f'Galat: {bad}, baris 2: kolom "audiens" berisi "bos", yang tidak '
                             "berlaku. Pilihan: pimpinan, teknis.\n")
    assert not (tmp_path / "out").exists()


def test_the_briefs_handed_on_are_those_render_makes_letterhead_and_qr_code_included(
        tmp_path: Path) -> None:
    root = project_folders(tmp_path / "kop")
    (root / "ringkas.toml").write_text(
        '[briefs]\nlanguages = ["id"]\n\n[branding]\nletterhead = ["PEMERINTAH KABUPATEN ASAL"]\n'
        '\n[site]\nbase_url = "https://asal.go.id/ringkas/"\n', encoding="utf-8")
    path = add_visit(root, APPROVED, code=None)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: reviewed", "status: approved\\napproved_by: Kepala Bappeda"), encoding="utf-8")
    rendered = CliRunner().invoke(cli, ["--project", str(root), "render"])
    assert rendered.exit_code == 0, rendered.output
    briefs = root / "briefs" / APPROVED
    before = {p.name: p.read_bytes() for p in briefs.iterdir()}
    result = run(root)
    assert result.exit_code == 0, result.output
    # nothing rendered again: distribute's settings are render's (it would otherwise drop the
    # letterhead and the QR code, and the two commands would undo each other)
    assert {p.name: p.read_bytes() for p in briefs.iterdir() if p.name in before} == before
    html = (root / "dist" / APPROVED / f"{APPROVED}.pimpinan.id.html").read_text("utf-8")
    assert 'class="letterhead' in html and "PEMERINTAH KABUPATEN ASAL" in html
