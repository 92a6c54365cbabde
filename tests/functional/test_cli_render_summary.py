"""`ringkas render`'s closing line counts briefs and files, not internal units (issue 15).

The pipeline is replaced by one that returns a made-up report, so these tests render nothing:
what they check is how the command counts and says what a render did.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas import api
from ringkas.build.jobs import Job, RenderReport
from ringkas.cli import cli
from ringkas.contract.problems import MessageError


def job(visit_id: str, lang: str) -> Job:
    return Job(visit_id, Path(f"{visit_id}.ipynb"), lang, key="k", facts={})


def fake_render(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, report: RenderReport) -> None:
    monkeypatch.setattr(api, "render_briefs", lambda *args, **kwargs: report)
    monkeypatch.setattr(api, "write_catalogue", lambda *args, **kwargs: tmp_path / "index.html")


def render(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(tmp_path), *args, "--jobs", "1"])


def summary(result: Result) -> str:
    return result.stdout.splitlines()[-1]


def test_one_new_visit_of_two_counts_briefs_and_files(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """Two languages of one visit rendered, two of another unchanged: with two audiences and
    two formats, 4 briefs made (8 files) and 4 unchanged, not "2 rendered, 2 skipped"."""
    fake_render(monkeypatch, tmp_path, RenderReport(
        rendered=[job("2023-01-01-a", "id"), job("2023-01-01-a", "en")],
        skipped=[job("2023-01-02-b", "id"), job("2023-01-02-b", "en")], seconds=3.21))
    result = render(tmp_path, "render")
    assert result.exit_code == 0, result.output
    assert summary(result) == (
        "Selesai dalam 3,2 detik: 4 ringkasan dibuat (8 berkas), 4 tidak berubah, "
        "0 kunjungan gagal.")
    english = render(tmp_path, "--lang", "en", "render")
    assert summary(english) == (
        "Done in 3.2 s: 4 briefs made (8 files), 4 unchanged, 0 visits failed.")


def test_the_counts_follow_the_audiences_and_formats_asked_for(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_render(monkeypatch, tmp_path, RenderReport(rendered=[job("2023-01-01-a", "id")],
                                                    seconds=1.0))
    result = render(tmp_path, "--lang", "en", "render", "--audience", "pimpinan",
                    "--format", "pdf", "--brief-lang", "id")
    assert summary(result) == "Done in 1 s: 1 brief made (1 file), 0 unchanged, 0 visits failed."


def test_failed_and_removed_visits_are_counted_as_visits(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    fake_render(monkeypatch, tmp_path, RenderReport(
        skipped=[job("2023-01-01-a", "id")], removed=["2023-01-03-c"], seconds=0.5,
        failed={"2023-01-02-b": MessageError("search.empty_query"),
                "x.ipynb": MessageError("search.empty_query")}))
    result = render(tmp_path, "--lang", "en", "render", "--format", "html")
    assert result.exit_code == 1
    assert summary(result) == (
        "Done in 0.5 s: 0 briefs made (0 files), 2 unchanged, 2 visits failed, "
        "1 visit removed.")
    indonesian = render(tmp_path, "render", "--format", "html")
    assert summary(indonesian) == (
        "Selesai dalam 0,5 detik: 0 ringkasan dibuat (0 berkas), 2 tidak berubah, "
        "2 kunjungan gagal, 1 kunjungan dihapus.")


@pytest.mark.parametrize("lang, words", [("id", "belum bisa dipakai bersama --scheduler"),
                                         ("en", "cannot be combined with --scheduler")])
def test_watch_on_a_cluster_is_refused_before_anything_runs(tmp_path: Path, lang: str,
                                                            words: str) -> None:
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "--lang", lang, "render",
                                      "--watch", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1, result.output
    assert words in result.output and "tcp://127.0.0.1:1" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
