"""Probes of issue 14 beside the bad-input corpus: what one hostile notebook does to the others.

A notebook with a number Python cannot read or a lone surrogate is one clear error: `check`,
`list`, `search`, `kb export` and `render` carry on with the other visits. Terminal control
sequences in notebook text never reach the terminal; a damaged search index is rebuilt; a `data:`
image in markdown is held to the image limit of outputs; a full disk, a refused permission or a
file name too long is said as such, never as "a bug".
"""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import zipfile
import zlib
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.ids import LONGEST_SUFFIX, MAX_ID_LENGTH, NAME_MAX
from ringkas.notebook.read import check_visits
from ringkas.project.terminal import printable
from ringkas.render.exporters import render_html
from ringkas.render.limits import IMAGE_LIMIT
from tests.notebooks import ROOT, visit_notebook, write

GOOD = "2023-03-14-contoh"
BAD = "2023-03-15-rusak"
OSC, CSI = "\x1b]0;DIBAJAK\x07", "\x1b[2J\x1b[31m"


def run(project: Path, *args: str | Path, color: bool = False) -> Result:
    result = CliRunner().invoke(cli, ["--project", str(project), "--lang", "en",
                                      *map(str, args)], color=color)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "a bug" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def bad_visit() -> dict:
    """The valid visit dated as BAD says, as JSON to break."""
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", "2023-03-15")
    return json.loads(nbformat.writes(nb))


def project_with(tmp_path: Path, bad: str) -> Path:
    """A project holding the good visit and BAD, whose file is the text `bad`."""
    project = tmp_path / "proyek"
    visits = project / "notebooks" / "visits"
    write(visit_notebook(), visits, GOOD)
    (visits / f"{BAD}.ipynb").write_text(bad, encoding="utf-8")
    (project / "data").mkdir()
    return project


def huge_number() -> str:
    data = bad_visit()
    data["cells"][3]["metadata"]["ukuran"] = 0
    return json.dumps(data, indent=1).replace('"ukuran": 0', '"ukuran": ' + "7" * 5000)


def lone_surrogate() -> str:
    data = bad_visit()
    data["cells"][2]["source"] = "Ringkasan \ud800 kunjungan."
    return json.dumps(data, indent=1)


# --- one broken notebook, the others carry on ---------------------------------------------

@pytest.mark.parametrize("bad, line", [
    (huge_number, "error: the file holds a number of 5000 digits (line 64, column 15)"),
    (lone_surrogate, "cell 3, field \"source\": error: the text holds a broken character"),
])
def test_one_unreadable_notebook_stops_no_command(tmp_path: Path, bad, line: str) -> None:
    project = project_with(tmp_path, bad())
    bad_path = project / "notebooks" / "visits" / f"{BAD}.ipynb"
    checked = run(project, "check")
    assert checked.exit_code == 1
    assert checked.stderr.startswith(f"{bad_path}, {line}" if line.startswith("cell")
                                     else f"{bad_path}: {line}")
    assert f"{GOOD}.ipynb: follows the format." in checked.stdout
    listed = run(project, "list")
    assert listed.stdout.startswith(f"{GOOD}  2023-03-14  Kota Contoh  [reviewed]  ")
    assert BAD not in listed.stdout and str(bad_path) in listed.stderr
    found = run(project, "search", "ringkasan")
    assert found.exit_code == 0
    assert found.stdout.endswith("1 result for ringkasan.\n")
    exported = run(project, "kb", "export", tmp_path / "csv", "--csv")
    assert exported.exit_code == 0
    visits = (tmp_path / "csv" / "visits.csv").read_text(encoding="utf-8")
    assert GOOD in visits and BAD not in visits


@pytest.mark.slow
def test_the_other_visits_still_render_past_a_huge_number(tmp_path: Path) -> None:
    project = project_with(tmp_path, huge_number())
    result = run(project, "render", "--format", "html", "--brief-lang", "en", "--jobs", "1")
    assert result.exit_code == 1
    assert "2 briefs made (2 files), 0 unchanged, 1 visit failed." in result.stdout
    assert (project / "briefs" / GOOD / f"{GOOD}.teknis.en.html").is_file()
    assert "the file holds a number of 5000 digits" in result.stderr


def test_a_surrogate_anywhere_in_a_cell_is_named_with_its_field(tmp_path: Path) -> None:
    data = bad_visit()
    data["cells"][4]["metadata"]["catatan"] = "x\udfff"
    data["metadata"]["penulis"] = "\ud800"
    path = tmp_path / f"{BAD}.ipynb"
    path.write_text(json.dumps(data), encoding="ascii")
    problems = check_visits([path]).problems[path]
    assert [(p.cell, p.field, p.code) for p in problems] == [
        (None, "metadata.penulis", "file.lone_surrogate"),
        (5, "metadata.catatan", "file.lone_surrogate")]


def test_a_surrogate_pair_is_a_character_not_a_problem(tmp_path: Path) -> None:
    data = bad_visit()
    data["cells"][2]["source"] = "Ringkasan \U0001F600 kunjungan."  # \ud83d\ude00 in the JSON
    path = tmp_path / f"{BAD}.ipynb"
    path.write_text(json.dumps(data), encoding="ascii")
    assert check_visits([path]).problems[path] == []


# --- terminal control sequences -----------------------------------------------------------

def test_printable_removes_every_control_but_newline_and_tab() -> None:
    assert printable(f"a{OSC}b{CSI}c\x1b[0m\td\n\x07\x00\r\x7f\x9b31m\x9d0;x\x9ce\x1bPq#\x1b\\f"
                     ) == "abc\td\nef"
    assert printable("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert printable("Kabupaten Banyuwangi — «kemiskinan» 7,52 %") == \
        "Kabupaten Banyuwangi — «kemiskinan» 7,52 %"


def escaped_visit() -> str:
    nb = visit_notebook()
    # YAML refuses control characters in the file, but its "\e" and "\a" escapes make them
    title = 'title: "Studi \\e]0;DIBAJAK\\a\\e[2J\\e[31mBanding Pelayanan Publik ke Kota Contoh"'
    nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", "2023-03-15").replace(
        "title: Studi Banding Pelayanan Publik ke Kota Contoh", title)
    nb.cells[2].source = f"Ringkasan {OSC} rahasia {CSI} kunjungan."
    return nbformat.writes(nb)


@pytest.mark.parametrize("command", [("list",), ("search", "rahasia"), ("check",),
                                     ("followup",), ("kb", "summary")])
def test_no_control_sequence_from_a_notebook_reaches_the_terminal(tmp_path: Path,
                                                                  command: tuple[str, ...]
                                                                  ) -> None:
    project = project_with(tmp_path, escaped_visit())
    result = run(project, *command, color=True)  # as on a terminal: click strips no colour
    assert result.exit_code == 0, result.output
    out = result.stdout + result.stderr
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) < 0xa0 for c in out), out
    if command == ("list",):
        assert f"{BAD}  2023-03-15  Kota Contoh  [reviewed]  Studi " \
            "Banding Pelayanan Publik ke Kota Contoh\n" in result.stdout
    if command[0] == "search":
        assert "   Ringkasan  «rahasia»  kunjungan.\n" in result.stdout


@pytest.mark.slow
def test_a_failing_cell_prints_no_control_sequence(tmp_path: Path) -> None:
    nb = visit_notebook(evidence=True)
    nb.cells[-1].source += f"\nraise ValueError({OSC + 'data' + CSI + ' rusak'!r})"
    project = tmp_path / "proyek"
    write(nb, project / "notebooks" / "visits", GOOD)
    (project / "data").mkdir()
    result = run(project, "render", "--format", "html", "--brief-lang", "en", "--jobs", "1",
                 color=True)
    assert result.exit_code == 1
    assert f"  visit {GOOD}, cell 12: ValueError: data rusak\n" in result.stderr


# --- visit ids the file system takes --------------------------------------------------------

def test_the_longest_id_leaves_room_for_every_file_name_ringkas_writes() -> None:
    temporary = "." + "x" * MAX_ID_LENGTH + ".pimpinan.en.ipynb" + ".abcdefgh.tmp"
    assert len(temporary) <= MAX_ID_LENGTH + LONGEST_SUFFIX <= NAME_MAX
    assert MAX_ID_LENGTH == 150
    assert "150 characters" in (Path(__file__).parents[2] / "docs" / "format.md").read_text()


def test_an_id_of_the_longest_length_passes(tmp_path: Path) -> None:
    visit_id = "2023-03-14-" + "a" * (MAX_ID_LENGTH - 11)
    path = write(visit_notebook(), tmp_path, visit_id)
    assert check_visits([path]).problems[path] == []


# --- data: images in markdown -------------------------------------------------------------

def data_png(size: int) -> str:
    import base64

    raw = b"\x89PNG\r\n\x1a\n" + bytes(size - 8)
    return "data:image/png;base64," + base64.b64encode(raw).decode()


@pytest.mark.parametrize("markup", ["![peta]({url})", "<img src=\"{url}\" alt=\"peta\">"])
def test_a_data_image_over_the_limit_is_a_note_and_a_warning(tmp_path: Path, markup: str
                                                             ) -> None:
    nb = visit_notebook()
    nb.cells[2].source += "\n\n" + markup.format(url=data_png(IMAGE_LIMIT + 1_000_000))
    path = write(nb, tmp_path)
    problems = check_visits([path]).problems[path]
    assert [(p.cell, p.code, p.severity) for p in problems] == [
        (3, "markdown.image_too_large", "warning")]
    assert str(problems[0]) == (
        f"{path}, cell 3: warning: an image written into the text (a data: URL) is 6 MB, more "
        "than the limit of 5 MB; the brief shows a note in its place. Make the image smaller "
        "(a lower resolution, or JPEG), or show it from an evidence cell.")
    html = render_html(nb, audience="teknis", lang="id", visit_id=GOOD)
    assert len(html) < 200_000
    assert ("[Gambar ini tidak ditampilkan: 6,0 MB, melebihi batas 5,0 MB. Perkecil gambarnya "
            "(resolusi lebih rendah, atau JPEG).]") in html
    assert "SENTINEL-SUMMARY" in html


def test_a_small_data_image_in_markdown_is_kept(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells[2].source += f"\n\n![peta]({data_png(1000)})"
    path = write(nb, tmp_path)
    assert check_visits([path]).problems[path] == []
    assert data_png(1000) in render_html(nb, audience="teknis", lang="en", visit_id=GOOD)


# --- a damaged search index ---------------------------------------------------------------

def test_a_damaged_search_index_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    project = project_with(tmp_path, escaped_visit())
    assert run(project, "search", "ringkasan").exit_code == 0
    index = project / "briefs" / "kb.sqlite"
    data = bytearray(index.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[3 * page:7 * page] = bytes((i * 37 + 11) % 256 for i in range(4 * page))  # pages 4-7
    index.write_bytes(bytes(data))
    result = run(project, "search", "ringkasan")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"The search index {index} was damaged; it is rebuilt from "
                                    "the notebooks.\nSearch index rebuilt: ")
    assert result.stdout.endswith("2 results for ringkasan.\n")
    with sqlite3.connect(index) as db:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    again = run(project, "search", "ringkasan")
    assert again.stderr == ""


def test_a_file_that_is_not_sqlite_is_rebuilt_too(tmp_path: Path) -> None:
    project = project_with(tmp_path, escaped_visit())
    (project / "briefs").mkdir()
    (project / "briefs" / "kb.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(5000))
    result = run(project, "search", "ringkasan")
    assert result.exit_code == 0
    assert result.stdout.endswith("2 results for ringkasan.\n")


# --- a full disk, a refused permission, a file name too long ------------------------------

@pytest.mark.parametrize("number, said", [
    (errno.ENOSPC, "Error: cannot write to /data/briefs/x.html: disk full. Free some space on "
                   "that disk, then run the command again."),
    (errno.EACCES, "Error: cannot write to /data/briefs/x.html: permission denied. Ask for "
                   "write access to that folder, or choose another one."),
    (errno.ENAMETOOLONG, "Error: cannot write to /data/briefs/x.html: file name too long. Use "
                         "a shorter visit id or a folder with a shorter path."),
])
def test_an_os_error_of_writing_is_no_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          number: int, said: str) -> None:
    project = project_with(tmp_path, escaped_visit())

    def fail(*args: object, **kw: object) -> None:
        raise OSError(number, "strerror", "/data/briefs/x.html")

    monkeypatch.setattr("ringkas.api.check", fail)
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.stderr == said + "\n"


def test_an_os_error_in_indonesian_and_without_a_path(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ringkas.api.check", fail)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert result.stderr == ("Galat: tidak dapat menulis berkas: disk penuh. Kosongkan sebagian "
                             "ruang disk itu, lalu jalankan perintahnya lagi.\n")


def test_other_os_errors_are_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kw: object) -> None:
        raise OSError(errno.EIO, "Input/output error", "/x")

    monkeypatch.setattr("ringkas.api.check", fail)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "check"])
    assert isinstance(result.exception, OSError)


def test_a_real_file_name_too_long(tmp_path: Path) -> None:
    project = project_with(tmp_path, escaped_visit())
    target = tmp_path / ("x" * 300)
    result = run(project, "kb", "export", target, "--csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write to {target}")
    assert "file name too long" in result.stderr


def test_a_full_disk_while_rendering_is_no_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    project = project_with(tmp_path, escaped_visit())
    (project / "notebooks" / "visits" / f"{BAD}.ipynb").unlink()

    def full(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/data/briefs/x.html.tmp")

    monkeypatch.setattr("ringkas.build.worker.render_unit", full)
    result = run(project, "render", "--format", "html", "--brief-lang", "en", "--jobs", "1")
    assert result.exit_code == 1
    assert ("  visit 2023-03-14-contoh: cannot write to /data/briefs/x.html.tmp: disk full. Free "
            "some space on that disk, then run the command again.\n") in result.stderr


# --- hostile reports for `ringkas import` (issue 21: 10, 11, 16) ----------------------------

IMPORTS = ROOT / "tests" / "fixtures" / "hostile" / "import"


def test_the_hostile_reports_are_what_their_script_writes() -> None:
    from tests.fixtures.hostile import make_hostile_imports as made

    assert json.loads((IMPORTS / "expected.json").read_text(encoding="utf-8")) == made.expected()
    assert sorted(p.name for p in IMPORTS.iterdir()) == sorted([*made.CASES, "expected.json"])
    for name, (content, _) in made.CASES.items():
        if isinstance(content, bytes):
            assert (IMPORTS / name).read_bytes() == content, name
            continue
        with zipfile.ZipFile(IMPORTS / name) as archive:
            assert [i.filename for i in archive.infolist()] == list(content), name
            for part, value in content.items():
                info = archive.getinfo(part)
                if isinstance(value, int):  # zeros: their size and CRC say it all
                    assert (info.file_size, info.CRC) == (value, zlib.crc32(bytes(value))), part
                else:
                    assert archive.read(part) == value, (name, part)


@pytest.mark.parametrize("name", sorted(json.loads(
    (IMPORTS / "expected.json").read_text(encoding="utf-8"))))
def test_a_hostile_report_is_refused_with_its_message_or_read(tmp_path: Path, name: str) -> None:
    expected = json.loads((IMPORTS / "expected.json").read_text(encoding="utf-8"))[name]
    source = tmp_path / name
    shutil.copyfile(IMPORTS / name, source)
    result = run(tmp_path / "proyek", "import", source)
    assert result.exit_code == expected["exit"], result.output
    visits = tmp_path / "proyek" / "notebooks" / "visits"
    if expected["exit"] == 0:
        assert [p.name for p in visits.iterdir()] == ["2022-11-28-banyuwangi.ipynb"]
        return
    assert not visits.exists() or not any(visits.iterdir())
    said = result.stderr.removeprefix("Error: ").rstrip("\n")
    if "en" in expected:
        assert said == str(expected["en"]).format(path=source)
    else:  # the reason is libxml2's: its start and end are ours
        assert said.startswith(str(expected["starts"]).format(path=source)), said
        assert said.endswith("). Open it in Word or LibreOffice and save it again as .docx, "
                             "then import it again."), said
