"""`ringkas search`: ranked hits with highlighted snippets, filters, JSON, and clear errors.

Each test points `--project` at a temporary project whose notebooks/visits/ holds copies of the
fixture visits (tests/fixtures/kb/README.md), so the index lands in its briefs/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.knowledge import search
from tests.notebooks import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "kb"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "notebooks" / "visits",
                    ignore=shutil.ignore_patterns("*.py", "*.md"))
    return tmp_path


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), *args])


def test_hits_are_ranked_with_the_match_highlighted(project: Path) -> None:
    result = run(project, "search", "penanggulangan", "kemiskinan")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1. Studi Referensi Layanan Terpadu Penanggulangan Kemiskinan ke Kabupaten Sragen\n"
        "   2024-02-20-sragen · 1 hasil\n"
        "   - kunjungan\n"
        "     Studi Referensi Layanan Terpadu «Penanggulangan» «Kemiskinan» ke Kabupaten Sragen"
        " — Studi referensi · Reference study visit · Kabupaten Sragen · "
        "Kabupaten Nusa Makmur · Bappeda Kabupaten Nusa Makmur · Bidang…\n\n"
        "1 hasil untuk penanggulangan kemiskinan.\n")


def test_sections_innovations_and_recommendations_are_named(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SNIPPETS_PER_VISIT", 40)  # every place of the visit shown
    result = run(project, "--lang", "en", "search", "lansia OR layanan OR dinas", "--limit", "40",
                 "--host", "surabaya")
    assert result.exit_code == 0, result.output
    places = {line.removeprefix("   - ") for line in result.stdout.splitlines()
              if line.startswith("   - ")}
    assert {"recommendation 3", "innovation: Petugas Jemput Bola", "Background",
            "role: Dinas Komunikasi dan Informatika", "visit"} <= places
    assert result.stdout.endswith(" results for lansia OR layanan OR dinas.\n")


def test_the_first_search_builds_the_index_and_the_next_reuses_it(project: Path) -> None:
    first = run(project, "search", "desa")
    assert first.exit_code == 0, first.output
    assert first.stderr.startswith("Indeks pencarian diperbarui: 72 dokumen dari 5 kunjungan, ")
    assert (project / "briefs" / "kb.sqlite").is_file()
    again = run(project, "search", "desa")
    assert again.stderr == "" and again.stdout == first.stdout


def test_filters_combine(project: Path) -> None:
    result = run(project, "search", "data OR layanan", "--theme", "digital", "--year", "2023",
                 "--host", "surabaya", "--opd", "diskominfo", "--limit", "50")
    assert result.exit_code == 0, result.output
    ids = {line.split(" · ")[0].strip() for line in result.stdout.splitlines()
           if line.startswith("   2")}
    assert ids == {"2023-05-16-surabaya"}


def test_no_result_is_said_and_is_not_an_error(project: Path) -> None:
    result = run(project, "search", "zzzyx", "--year", "2023", "--theme", "digital")
    assert result.exit_code == 0
    assert result.stdout == (
        "Tidak ada hasil untuk zzzyx dengan filter --theme digital, --year 2023.\n")
    english = run(project, "--lang", "en", "search", "zzzyx")
    assert english.exit_code == 0 and english.stdout == "No results for zzzyx.\n"


def test_json_lists_the_hits(project: Path) -> None:
    result = run(project, "search", "waste", "--limit", "2", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [(h["visit_id"], h["kind"], h["label"]) for h in hits] == [
        ("2023-10-03-badung", "innovation", "Hotel Waste Levy"),
        ("2023-10-03-badung", "innovation", "Village Waste Banks")]
    assert set(hits[0]) == {"visit_id", "title", "kind", "label", "snippet", "score", "host",
                            "date", "visit_rank", "rank_in_visit"}
    assert hits[0]["date"] == "2023-10-03" and hits[0]["host"] == "Kabupaten Badung"
    assert "«Waste»" in hits[0]["snippet"]


def test_json_without_hits_is_an_empty_list(project: Path) -> None:
    result = run(project, "search", "zzzyx", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("query", ["AND", "NEAR(", "miskin OR"])
def test_a_malformed_query_exits_1_with_the_syntax(project: Path, query: str) -> None:
    result = run(project, "--lang", "en", "search", query)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the search query cannot be read: {query}\n"
        "AND, OR and NOT need a word on each side, and every parenthesis must be closed. "
        "Examples of valid queries: poverty village | \"public services\" | poor OR vulnerable "
        "| poverty* | elderly NOT children\n")
    assert "Traceback" not in result.output


def test_an_unclosed_quote_exits_1(project: Path) -> None:
    result = run(project, "search", '"pelayanan', "publik")
    assert result.exit_code == 1
    assert result.stderr == (
        'Galat: kueri pencarian tidak dapat dibaca: "pelayanan publik\n'
        "Tanda kutip tidak berpasangan; tutup frasa dengan tanda kutip kedua, misalnya: "
        '"pelayanan publik"\n')


def test_an_unknown_theme_suggests_one(project: Path) -> None:
    result = run(project, "search", "data", "--theme", "kemiskinann")
    assert result.exit_code == 1
    assert result.stderr.startswith('Galat: tema "kemiskinann" tidak dikenal. Tema yang sah: ')
    assert result.stderr.endswith('Mungkin maksud Anda "kemiskinan"?\n')


def test_other_notebooks_with_visits(project: Path) -> None:
    result = run(project, "search", "waste", "--visits",
                 str(project / "notebooks" / "visits" / "2023-10-03-badung.ipynb"))
    assert result.exit_code == 0, result.output
    assert "dari 1 kunjungan" in result.stderr


def test_search_is_in_the_docs_and_has_help(project: Path) -> None:
    docs = (ROOT / "docs" / "search.md").read_text(encoding="utf-8")
    for option in ("--theme", "--host", "--year", "--opd", "--limit", "--json", "--visits"):
        assert option in docs
        assert option in run(project, "search", "--help").stdout


# --- hits grouped by visit (issue 15) -------------------------------------------------------

def test_hits_are_grouped_by_visit_best_first(project: Path) -> None:
    result = run(project, "search", "desa")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    titles = [line for line in lines if line[:2] in ("1.", "2.", "3.")]
    assert titles == [
        "1. Studi Referensi Layanan Terpadu Penanggulangan Kemiskinan ke Kabupaten Sragen",
        "2. Studi Tiru Penguatan Produk Lokal ke Kabupaten Kulon Progo"]
    assert lines[1] == "   2024-02-20-sragen · 6 hasil"
    assert lines[2:5] == [
        "   - inovasi: Basis Data Terpadu Desa",
        "     Basis Data Terpadu «Desa» — «Desa» memutakhirkan data warga miskin setiap "
        "triwulan dan membagikannya ke semua OPD. · pemerintah «desa» · 2015 · Dinas "
        "Komunikasi dan Informatika",
        "   - inovasi: Pendampingan Keluarga Rentan"]
    assert sum(line.startswith("   - ") for line in lines) == 6  # three per visit
    assert "   … 3 hasil lain (--json menampilkan semuanya)" in lines
    assert lines[-1] == "12 hasil untuk desa."


def test_grouped_hits_in_english(project: Path) -> None:
    result = run(project, "--lang", "en", "search", "toko")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["1. Studi Tiru Penguatan Produk Lokal ke Kabupaten Kulon Progo",
                         "   2021-09-07-kulon-progo · 9 results"]
    assert "   … 6 more (--json shows them all)" in lines
    one = run(project, "--lang", "en", "search", "kurasi", "--limit", "1")
    assert one.stdout.splitlines()[1].endswith(" · 1 result")


def test_json_keeps_one_object_per_hit_and_adds_the_visit_rank(project: Path) -> None:
    result = run(project, "search", "desa", "--json")
    hits = json.loads(result.stdout)
    assert len(hits) == 12
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    ranks = {(h["visit_id"], h["visit_rank"]) for h in hits}
    assert ranks == {("2024-02-20-sragen", 1), ("2021-09-07-kulon-progo", 2)}
    sragen = [h["rank_in_visit"] for h in hits if h["visit_id"] == "2024-02-20-sragen"]
    assert sragen == [1, 2, 3, 4, 5, 6]
