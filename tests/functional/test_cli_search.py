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
        "   2024-02-20-sragen · kunjungan\n"
        "   Studi Referensi Layanan Terpadu «Penanggulangan» «Kemiskinan» ke Kabupaten Sragen"
        " — Studi referensi · Reference study visit · Kabupaten Sragen · "
        "Kabupaten Nusa Makmur · Bappeda Kabupaten Nusa Makmur · Bidang…\n\n"
        "1 hasil untuk penanggulangan kemiskinan.\n")


def test_sections_innovations_and_recommendations_are_named(project: Path) -> None:
    result = run(project, "--lang", "en", "search", "lansia OR layanan OR dinas", "--limit", "40")
    assert result.exit_code == 0, result.output
    places = {line.split(" · ", 1)[1] for line in result.stdout.splitlines()
              if line.startswith("   2023-05-16-surabaya · ")}
    assert {"recommendation 3", "innovation: Petugas Jemput Bola", "Background",
            "role: Dinas Komunikasi dan Informatika", "visit"} <= places
    assert result.stdout.endswith(" results for lansia OR layanan OR dinas.\n")


def test_the_first_search_builds_the_index_and_the_next_reuses_it(project: Path) -> None:
    first = run(project, "search", "desa")
    assert first.exit_code == 0, first.output
    assert first.stderr.startswith("Indeks pencarian diperbarui: 71 dokumen dari 5 kunjungan, ")
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
                            "date"}
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
