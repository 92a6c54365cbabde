"""The pieces of `ringkas distribute` that need no render: words for numbers, deterministic
zips, the dist/ folder's bookkeeping, memo names and the memo page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from ringkas.distribution.bundle import DISTRIBUTED_FORMATS, NotApproved, brief_names
from ringkas.distribution.cover import AttachedBrief, MemoDetails, memo_html, memo_name
from ringkas.distribution.folder import MANIFEST_NAME, DistFolder, safe_name
from ringkas.distribution.numbers import in_words
from ringkas.distribution.recipients import Recipient
from ringkas.distribution.zips import zip_bytes


@pytest.mark.parametrize(("number", "indonesian", "english"), [
    (0, "nol", "zero"), (1, "satu", "one"), (4, "empat", "four"), (11, "sebelas", "eleven"),
    (12, "dua belas", "twelve"), (20, "dua puluh", "twenty"), (21, "dua puluh satu", "twenty-one"),
    (100, "seratus", "one hundred"), (115, "seratus lima belas", "one hundred and fifteen"),
    (1000, "seribu", "one thousand"), (2024, "dua ribu dua puluh empat",
                                       "two thousand and twenty-four"),
])
def test_numbers_in_words(number: int, indonesian: str, english: str) -> None:
    assert in_words(number, "id") == indonesian
    assert in_words(number, "en") == english


def test_zips_depend_on_their_members_alone() -> None:
    members = {"b/b.pdf": b"%PDF-1.7 b", "a/a.html": b"<p>a</p>" * 50}
    first = zip_bytes(members)
    assert zip_bytes(dict(reversed(list(members.items())))) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a/a.html", "b/b.pdf"]
        infos = {info.filename: info for info in archive.infolist()}
        assert infos["b/b.pdf"].compress_type == zipfile.ZIP_STORED
        assert infos["a/a.html"].compress_type == zipfile.ZIP_DEFLATED
        assert {info.external_attr >> 16 for info in infos.values()} == {0o100644}
        assert archive.read("a/a.html") == members["a/a.html"]
    assert zip_bytes({**members, "a/a.html": b"other"}) != first


def test_the_folder_writes_only_what_changed_and_removes_only_its_own(tmp_path: Path) -> None:
    folder = DistFolder.open(tmp_path)
    assert folder.put("v/a.html", b"a") and folder.put("v/b.html", b"b")
    folder.finish()
    assert (tmp_path / "SHA256SUMS").read_text().splitlines()[0].endswith("  v/a.html")
    mtime = (tmp_path / "v" / "a.html").stat().st_mtime_ns
    (tmp_path / "mine.txt").write_text("a person's file")

    again = DistFolder.open(tmp_path)
    assert not again.put("v/a.html", b"a")
    again.finish()
    assert again.removed == ["v/b.html"] and not (tmp_path / "v" / "b.html").exists()
    assert (tmp_path / "v" / "a.html").stat().st_mtime_ns == mtime
    assert (tmp_path / "mine.txt").is_file()

    gone = DistFolder.open(tmp_path)
    gone.finish()
    assert not (tmp_path / "v").exists()  # its last file removed, the empty folder too
    assert (tmp_path / MANIFEST_NAME).is_file()


def test_a_made_file_is_kept_while_its_key_and_bytes_are_as_recorded(tmp_path: Path) -> None:
    folder = DistFolder.open(tmp_path)
    folder.put("x.zip", b"zip", key="k1")
    folder.finish()
    assert DistFolder.open(tmp_path).fresh("x.zip", "k1")
    assert not DistFolder.open(tmp_path).fresh("x.zip", "k2")
    (tmp_path / "x.zip").write_bytes(b"touched")
    assert not DistFolder.open(tmp_path).fresh("x.zip", "k1")


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../b", ".hidden", "", "a\\b"])
def test_names_from_the_manifest_never_leave_the_folder(name: str) -> None:
    assert not safe_name(name)


def test_memo_names_are_slugs_and_unique() -> None:
    taken: set[str] = set()
    budi = Recipient("Dr. Budi Sántoso, M.Si.", "Bupati", "", "pimpinan", "id", 2)
    assert memo_name(budi, taken) == "dr-budi-santoso-m-si"
    twin = Recipient("Dr. Budi Sántoso, M.Si.", "Bupati", "", "teknis", "en", 3)
    assert memo_name(twin, taken) == "dr-budi-santoso-m-si-teknis-en"
    assert memo_name(Recipient("—", "Sekda", "", "teknis", "id", 4), taken) == "penerima-4"


def test_the_memo_escapes_what_it_is_given_and_invents_no_number() -> None:
    person = Recipient("<b>Budi</b>", "Bupati & Wakil", "", "pimpinan", "id", 2)
    brief = AttachedBrief("2023-01-10-x", "Judul <script>", dt.date(2023, 1, 10), "studi-tiru",
                          "Kota <i>", "2023-01-10-x/2023-01-10-x.pimpinan.id.pdf")
    html = memo_html(person, [brief, brief], MemoDetails(day=dt.date(2026, 12, 1)))
    assert "<b>Budi</b>" not in html and "&lt;b&gt;Budi&lt;/b&gt;" in html
    assert "Judul &lt;script&gt;" in html and "Bupati &amp; Wakil" in html
    assert "2 (dua) berkas" in html and "1 Desember 2026" in html
    assert "hasil studi tiru ke Kota &lt;i&gt;" in html
    assert html.count("…………") >= 4  # Dari, Nomor and the signature's name and NIP


def test_refused_visits_name_the_command_that_approves_them() -> None:
    error = NotApproved([("2023-01-10-x", "draft")])
    assert error.text("en").splitlines()[:2] == [
        "1 visit is not approved, so nothing was distributed:",
        '  2023-01-10-x (draft): ringkas approve 2023-01-10-x --by "NAME" --position "POSITION"']


def test_every_distributed_format_of_every_brief_is_named() -> None:
    names = [name for _, _, name in brief_names("v", ("id",))]
    assert len(names) == 2 * len(DISTRIBUTED_FORMATS)
    assert "v.teknis.id.pdf" in names


@pytest.mark.parametrize("out", ["briefs", "briefs/dist", "."])
def test_the_bundle_is_never_built_in_or_around_briefs(tmp_path: Path, out: str) -> None:
    from click.testing import CliRunner

    from ringkas.cli import cli
    from tests.notebooks import add_visit, project_folders

    project = project_folders(tmp_path)
    add_visit(project, "2023-01-10-satu", code=None)
    (project / "briefs").mkdir()
    result = CliRunner().invoke(cli, ["--project", str(project), "--lang", "en", "distribute",
                                      "--out", str(project / out)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: The output folder {(project / out).resolve()} must not be, lie inside or "
        f"contain the briefs folder {(project / 'briefs').resolve()}. Choose another with "
        "--out, e.g. dist/.\n")
    assert sorted(p.name for p in (project / "briefs").iterdir()) == []


def test_cram_md5_answers_with_a_password_outside_ascii() -> None:
    """Issue 21, 8: smtplib keys CRAM-MD5's HMAC with the password as ASCII (a
    UnicodeEncodeError for "rahasia-ä€"); Utf8Client keys it with the password's UTF-8."""
    import hmac

    from ringkas.distribution.smtp import Utf8Client

    client = Utf8Client()  # no host: not connected
    client.user, client.password = "bappedä", "rahasia-ä€"
    challenge = b"<1896.697170952@asal.go.id>"
    expected = hmac.HMAC("rahasia-ä€".encode(), challenge, "md5").hexdigest()
    assert client.auth_cram_md5() is None  # CRAM-MD5 has no initial response
    assert client.auth_cram_md5(challenge) == f"bappedä {expected}"
