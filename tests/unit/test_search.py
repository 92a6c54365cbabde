"""Search: Indonesian stemming, folding, ranking, filters, query syntax, snippets, and an index
that is rebuilt only when a notebook changed.

Most tests search the fixture visits (tests/fixtures/kb/README.md); those about one behaviour
build small visits of their own with tests/notebooks.py. Every index is written under tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from ringkas.contract.problems import MessageError
from ringkas.knowledge import index as index_module
from ringkas.knowledge import search as S
from ringkas.knowledge.stem import fold, parse_query, snippet, stem
from ringkas.project.paths import Project
from tests.notebooks import FRONT_MATTER, ROOT, visit_notebook, write

FIXTURES = ROOT / "tests" / "fixtures" / "kb"


def make_visit(folder: Path, visit_id: str, *, title: str | None = None,
               **sections: str) -> Path:
    """A valid visit `visit_id` whose title and tagged cells (summary=..., ...) are replaced."""
    nb = visit_notebook()
    front = FRONT_MATTER.replace("date: 2023-03-14", f"date: {visit_id[:10]}")
    if title:
        front = front.replace("title: Studi Banding Pelayanan Publik ke Kota Contoh",
                              f"title: {title}")
    nb.cells[0].source = front
    for cell in nb.cells[1:]:
        tag = cell.metadata["tags"][0]
        if tag in sections:
            cell.source = sections[tag]
    return write(nb, folder, visit_id)


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("index") / "kb.sqlite"
    S.build_index(FIXTURES, index, project=Project(ROOT))
    return index


def find(index: Path, query: str, **filters: object) -> pd.DataFrame:
    return S.search(query, index=index, visits_path=FIXTURES, project=Project(ROOT),
                    **filters).hits  # type: ignore[arg-type]


def hits(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(frame["visit_id"], frame["kind"], frame["label"], strict=True))


# --- words --------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "root"), [
    ("kemiskinan", "miskin"), ("miskin", "miskin"), ("penanggulangan", "tanggulang"),
    ("menanggulangi", "tanggulang"), ("pelayanan", "layan"), ("poverty", "poverty"),
    ("households", "households"), ("2023", "2023"),
    # the examples in docs/search.md
    ("dimiskinkan", "miskin"), ("ditanggulangi", "tanggulang"), ("layanan", "layan"),
    ("melayani", "layan"), ("pendampingan", "damping"), ("didampingi", "damping"),
    ("banks", "banks"),
])
def test_words_are_reduced_to_their_stem(word: str, root: str) -> None:
    assert stem(word) == root


def test_folding_drops_case_and_accents() -> None:
    assert fold("Pelayanan PÚBLIK Café") == "pelayanan publik cafe"


# --- the query ----------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expression"), [
    ("kemiskinan desa", '"miskin" "desa"'),
    ('"pelayanan publik"', '"layan publik"'),
    ("miskin OR rentan", '"miskin" OR "rentan"'),
    ("miskin*", '"miskin" *'),
    ("kemiskin*", '("miskin" * OR "kemiskin" *)'),
    ("desa NOT (miskin OR lansia)", '"desa" NOT ( "miskin" OR "lansia" )'),
    ("e-KTP", '"e ktp"'),
    ("NEAR(miskin desa, 5)", 'NEAR ( "miskin" "desa" , 5 )'),
    ("data, desa", '"data" "desa"'),
    # FTS5 has no implicit AND next to a parenthesis: it is written out
    ("(gizi OR stunting) posyandu", '( "gizi" OR "stunting" ) AND "posyandu"'),
    ("posyandu (gizi OR stunting)", '"posyandu" AND ( "gizi" OR "stunting" )'),
    ("(miskin) (desa)", '( "miskin" ) AND ( "desa" )'),
    ('"pelayanan publik" (desa)', '"layan publik" AND ( "desa" )'),
    ("kemiskin* desa", '("miskin" * OR "kemiskin" *) AND "desa"'),
    ("desa NOT (miskin) rentan", '"desa" NOT ( "miskin" ) AND "rentan"'),
    ("NEAR(miskin desa) (rentan)", 'NEAR ( "miskin" "desa" ) AND ( "rentan" )'),
    ("(miskin OR rentan) AND desa", '( "miskin" OR "rentan" ) AND "desa"'),
    ("desa NEAR(miskin rentan)", '"desa" NEAR ( "miskin" "rentan" )'),
])
def test_queries_are_translated_to_stems(query: str, expression: str) -> None:
    assert parse_query(query).match == expression


def test_words_after_not_are_not_highlighted() -> None:
    terms = parse_query("desa NOT (miskin lansia) rentan").terms
    assert [t.text for t in terms] == ["desa", "rentan"]


@pytest.mark.parametrize(("grouped", "written"), [
    ("(miskin OR rentan) desa", "(miskin OR rentan) AND desa"),
    ("desa (miskin OR rentan)", "desa AND (miskin OR rentan)"),
    ("kemiskin* desa", "kemiskin* AND desa"),
])
def test_a_parenthesis_beside_a_word_means_and(fixture_index: Path, grouped: str,
                                               written: str) -> None:
    found = find(fixture_index, grouped)
    assert not found.empty
    assert hits(found) == hits(find(fixture_index, written))


@pytest.mark.parametrize(("query", "code"), [
    ('"pelayanan publik', "search.unbalanced_quote"),
    ('miskin "desa', "search.unbalanced_quote"),
    ("", "search.empty_query"),
    ("  ", "search.empty_query"),
])
def test_unreadable_queries_are_refused_before_searching(query: str, code: str) -> None:
    with pytest.raises(MessageError) as caught:
        parse_query(query)
    assert caught.value.code == code


@pytest.mark.parametrize("query", ["AND", "miskin AND", "OR miskin", "NEAR(", "(miskin",
                                   "miskin)", "NOT miskin", "miskin ) desa",
                                   "(miskin OR rentan) desa)", "((miskin) desa",
                                   "(miskin OR) desa"])
def test_malformed_queries_explain_the_syntax(fixture_index: Path, query: str) -> None:
    with pytest.raises(MessageError) as caught:
        find(fixture_index, query)
    assert caught.value.text("en") == (
        f"the search query cannot be read: {query}\n"
        "AND, OR and NOT need a word on each side, and every parenthesis must be closed. "
        "Examples of valid queries: poverty village | \"public services\" | poor OR vulnerable "
        "| poverty* | elderly NOT children")
    assert caught.value.text("id").startswith(f"kueri pencarian tidak dapat dibaca: {query}\n")


def test_an_unclosed_quote_says_so() -> None:
    with pytest.raises(MessageError) as caught:
        parse_query('"pelayanan publik')
    assert caught.value.text("id") == (
        'kueri pencarian tidak dapat dibaca: "pelayanan publik\nTanda kutip tidak berpasangan; '
        'tutup frasa dengan tanda kutip kedua, misalnya: "pelayanan publik"')


# --- matching -----------------------------------------------------------------------------

def test_a_stem_finds_its_derived_words(fixture_index: Path) -> None:
    found = find(fixture_index, "miskin")
    recommendation = found[found["kind"] == "recommendation"].iloc[0]
    assert recommendation["visit_id"] == "2024-02-20-sragen"
    assert recommendation["snippet"] == (
        "Memadukan data «kemiskinan» desa dengan data kabupaten · Diskominfo · 2025-Q2")


def test_derived_words_find_each_other(tmp_path: Path) -> None:
    make_visit(tmp_path / "visits", "2023-03-14-contoh",
               summary="Desa ini berhasil menanggulangi banjir tahunan.")
    found = S.search("penanggulangan", index=tmp_path / "kb.sqlite",
                     visits_path=tmp_path / "visits", project=Project(tmp_path)).hits
    assert hits(found) == [("2023-03-14-contoh", "section", "summary")]
    assert found["snippet"][0] == "Desa ini berhasil «menanggulangi» banjir tahunan."


@pytest.mark.parametrize(("query", "expected"), [
    ("cafe desa", "Warga membuka «Café» «Désa» di balai RW."),
    ('"CAFÉ DÉSA"', "Warga membuka «Café Désa» di balai RW."),
    ("Cafe", "Warga membuka «Café» Désa di balai RW."),
    ("caf*", "Warga membuka «Café» Désa di balai RW."),
])
def test_case_and_accents_do_not_matter(tmp_path: Path, query: str, expected: str) -> None:
    make_visit(tmp_path / "visits", "2023-03-14-contoh",
               summary="Warga membuka Café Désa di balai RW.")
    found = S.search(query, index=tmp_path / "kb.sqlite", visits_path=tmp_path / "visits",
                     project=Project(tmp_path)).hits
    assert list(found["snippet"]) == [expected]


def test_english_prose_is_found_in_english(tmp_path: Path) -> None:
    make_visit(tmp_path / "visits", "2023-03-14-contoh",
               background="Poverty in the coastal villages fell after the programme started.")
    found = S.search("poverty", index=tmp_path / "kb.sqlite", visits_path=tmp_path / "visits",
                     project=Project(tmp_path)).hits
    assert hits(found) == [("2023-03-14-contoh", "section", "background")]
    assert found["snippet"][0].startswith("«Poverty» in the coastal villages")


def test_english_fixture_visit_is_found(fixture_index: Path) -> None:
    found = find(fixture_index, "households")
    assert set(found["visit_id"]) == {"2023-10-03-badung"}
    assert ("2023-10-03-badung", "innovation", "Village Waste Banks") in hits(found)


def test_a_prefix_finds_words_as_written_and_by_stem(fixture_index: Path) -> None:
    found = find(fixture_index, "pelay*")
    assert set(found["visit_id"]) == {"2023-05-16-surabaya"}
    assert "«Pelayanan»" in found["snippet"][0]
    assert set(find(fixture_index, "kemiskin*")["visit_id"]) == {"2024-02-20-sragen"}


def test_a_phrase_needs_its_words_together(fixture_index: Path) -> None:
    together = find(fixture_index, '"pelayanan publik"')
    apart = find(fixture_index, "publik pelayanan")
    assert hits(together) == [("2023-05-16-surabaya", "visit", "studi-banding")]
    assert len(apart) >= len(together)
    assert find(fixture_index, '"publik pelayanan"').empty


def test_or_and_not(fixture_index: Path) -> None:
    either = set(find(fixture_index, "lansia OR tourism", limit=50)["visit_id"])
    assert either == {"2023-05-16-surabaya", "2023-10-03-badung"}
    without = find(fixture_index, "desa NOT miskin", limit=50)
    assert not without.empty
    assert not without["snippet"].str.contains("iskin").any()


# --- ranking ------------------------------------------------------------------------------

def ranking_visits(folder: Path) -> None:
    make_visit(folder, "2023-01-10-alfa", innovation=(
        "### Rantang Kasih\n\nMakanan hangat diantar ke lansia.\n\n- **Sasaran:** lansia"))
    make_visit(folder, "2023-02-10-beta", background=(
        "Warga membawa rantang ke balai desa. Rantang dipakai ulang, dan setiap rantang "
        "dicuci bersama."))


def test_an_innovation_name_outranks_body_text(tmp_path: Path) -> None:
    ranking_visits(tmp_path / "visits")
    found = S.search("rantang", index=tmp_path / "kb.sqlite", visits_path=tmp_path / "visits",
                     project=Project(tmp_path)).hits
    assert hits(found) == [("2023-01-10-alfa", "innovation", "Rantang Kasih"),
                           ("2023-02-10-beta", "section", "background")]
    assert found["score"][0] > found["score"][1]


def test_without_the_weights_body_text_would_win(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The weights, not chance, put the name first: with equal weights the order flips."""
    ranking_visits(tmp_path / "visits")
    monkeypatch.setattr(S, "WEIGHTS", (1.0, 1.0, 1.0, 1.0))
    found = S.search("rantang", index=tmp_path / "kb.sqlite", visits_path=tmp_path / "visits",
                     project=Project(tmp_path)).hits
    assert list(found["visit_id"]) == ["2023-02-10-beta", "2023-01-10-alfa"]


def test_a_title_outranks_body_text(tmp_path: Path) -> None:
    make_visit(tmp_path / "visits", "2023-01-10-alfa",
               title="Studi Banding Posyandu Remaja ke Kota Contoh")
    make_visit(tmp_path / "visits", "2023-02-10-beta", summary=(
        "Posyandu di setiap dusun. Kader posyandu dilatih; posyandu buka tiap bulan."))
    found = S.search("posyandu", index=tmp_path / "kb.sqlite", visits_path=tmp_path / "visits",
                     project=Project(tmp_path)).hits
    assert hits(found)[0] == ("2023-01-10-alfa", "visit", "studi-banding")
    assert found["snippet"][0].startswith("Studi Banding «Posyandu» Remaja")


# --- filters ------------------------------------------------------------------------------

@pytest.mark.parametrize(("filters", "visits"), [
    ({"theme": "digital"}, {"2022-06-14-sumedang", "2023-05-16-surabaya", "2024-02-20-sragen"}),
    ({"theme": "Pemerintahan digital"},
     {"2022-06-14-sumedang", "2023-05-16-surabaya", "2024-02-20-sragen"}),
    ({"theme": "Digital government"},
     {"2022-06-14-sumedang", "2023-05-16-surabaya", "2024-02-20-sragen"}),
    ({"host": "sragen"}, {"2024-02-20-sragen"}),
    ({"host": "KABUPATEN SUMEDANG"}, {"2022-06-14-sumedang"}),
    ({"host": "3578"}, {"2023-05-16-surabaya"}),
    ({"year": 2022}, {"2022-06-14-sumedang"}),
    ({"theme": "digital", "year": 2024}, {"2024-02-20-sragen"}),
    ({"theme": "tata-kelola", "host": "surabaya", "year": 2023}, {"2023-05-16-surabaya"}),
    ({"theme": "kemiskinan", "year": 2023}, set()),
])
def test_filters_combine(fixture_index: Path, filters: dict[str, object],
                         visits: set[str]) -> None:
    found = find(fixture_index, "data OR layanan OR desa OR digital", limit=100, **filters)
    assert set(found["visit_id"]) == visits


def test_the_opd_filter_keeps_that_opds_records_and_the_visits_it_took_part_in(
        fixture_index: Path) -> None:
    found = find(fixture_index, "data OR dasbor OR antrean", opd="diskominfo", limit=100)
    kinds = {(v, k) for v, k, _ in hits(found)}
    assert ("2024-02-20-sragen", "recommendation") in kinds  # lead OPD Diskominfo
    assert ("2022-06-14-sumedang", "innovation") not in kinds  # the dasbor is Bappeda's
    recommendations = found[found["kind"] == "recommendation"]
    assert recommendations["snippet"].str.contains("Diskominfo").all()
    assert set(find(fixture_index, "rujukan", opd="dinas sosial", limit=50)["visit_id"]) == {
        "2024-02-20-sragen"}


def test_an_unknown_theme_suggests_the_closest(fixture_index: Path) -> None:
    with pytest.raises(MessageError) as caught:
        find(fixture_index, "data", theme="kesehatn")
    assert caught.value.text("en") == (
        'unknown theme "kesehatn". Valid themes: kemiskinan, perlindungan-sosial, kesehatan, '
        "pendidikan, ekonomi-lokal, pariwisata, pertanian, infrastruktur, lingkungan, "
        'tata-kelola, pelayanan-publik, digital, pendanaan, sdm, perencanaan. '
        'Did you mean "kesehatan"?')


def test_no_hit_is_an_empty_table_with_the_columns(fixture_index: Path) -> None:
    found = find(fixture_index, "zzzyx")
    assert found.empty and list(found.columns) == S.RESULT_COLUMNS


def test_results_are_typed_and_limited(fixture_index: Path) -> None:
    found = find(fixture_index, "desa", limit=3)
    assert len(found) == 3
    assert str(found["date"].dtype) == "datetime64[ns]"
    assert found["score"].is_monotonic_decreasing
    assert set(found["kind"]) <= set(S.KINDS)
    with pytest.raises(ValueError):
        find(fixture_index, "desa", limit=0)
    with pytest.raises(ValueError):
        find(fixture_index, "desa", markup="markdown")


def test_html_snippets_from_search(fixture_index: Path) -> None:
    found = find(fixture_index, "kemiskinan", markup="html")
    recommendation = found[found["kind"] == "recommendation"].iloc[0]
    assert recommendation["snippet"].startswith("Memadukan data <mark>kemiskinan</mark> desa")


# --- snippets -----------------------------------------------------------------------------

def test_html_snippets_escape_the_text_and_mark_the_match() -> None:
    wanted = parse_query("miskin").wants
    assert snippet("Warga <b>miskin</b> & rentan", wanted, markup="html") == (
        "Warga &lt;b&gt;<mark>miskin</mark>&lt;/b&gt; &amp; rentan")


def test_a_long_text_is_cut_around_the_match() -> None:
    text = " ".join(f"kata{n}" for n in range(60)) + " kemiskinan " + " ".join(
        f"akhir{n}" for n in range(60))
    cut = snippet(text, parse_query("miskin").wants, size=8)
    assert cut == "…kata58 kata59 «kemiskinan» akhir0 akhir1 akhir2 akhir3 akhir4…"


def test_a_short_text_is_shown_whole() -> None:
    text = "Membentuk tim jemput bola untuk lansia"
    assert snippet(text, parse_query("lansia").wants) == (
        "Membentuk tim jemput bola untuk «lansia»")


def test_the_snippet_prefers_the_stretch_with_most_matches() -> None:
    text = "desa " + "isi " * 30 + "desa miskin di sini " + "isi " * 30
    cut = snippet(text, parse_query("desa miskin").wants, size=6)
    assert cut == "…isi «desa» «miskin» di sini isi…"


# --- the index ----------------------------------------------------------------------------

def copy_fixtures(folder: Path) -> Path:
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return folder


def test_the_index_is_rebuilt_only_when_a_notebook_changed(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "briefs" / "kb.sqlite"
    first = S.build_index(visits, index, project=Project(tmp_path))
    assert (first.rebuilt, first.visits, first.documents) == (True, 5, 72)
    assert not S.build_index(visits, index, project=Project(tmp_path)).rebuilt
    notebook = visits / "2022-06-14-sumedang.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace(
        "Sekolah Digital ASN", "Akademi Digital ASN"), encoding="utf-8")
    assert S.build_index(visits, index, project=Project(tmp_path)).rebuilt
    found = S.search("akademi", index=index, visits_path=visits, project=Project(tmp_path)).hits
    assert set(found["visit_id"]) == {"2022-06-14-sumedang"}
    assert not S.build_index(visits, index, project=Project(tmp_path)).rebuilt


def test_a_touched_but_unchanged_notebook_keeps_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    notebook = visits / "2022-06-14-sumedang.ipynb"
    os.utime(notebook, ns=(notebook.stat().st_atime_ns, notebook.stat().st_mtime_ns + 10**9))
    assert not S.build_index(visits, index, project=Project(tmp_path)).rebuilt
    # The new time is remembered: the next look compares times and sizes, no hashing.
    monkeypatch.setattr(index_module, "_digest", lambda files: pytest.fail("hashed again"))
    assert not S.build_index(visits, index, project=Project(tmp_path)).rebuilt


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_adding_removing_or_renaming_a_notebook_rebuilds(tmp_path: Path, change: str) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    notebook = visits / "2022-06-14-sumedang.ipynb"
    if change == "add":
        make_visit(visits, "2023-03-14-contoh")
    elif change == "remove":
        notebook.unlink()
    else:
        notebook.rename(visits / "sub.ipynb")
    assert S.build_index(visits, index, project=Project(tmp_path)).rebuilt


def test_a_damaged_index_is_rebuilt(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    index.write_bytes(b"not a database")
    assert S.build_index(visits, index, project=Project(tmp_path)).rebuilt
    assert not find(index, "miskin").empty


def test_a_killed_build_leaves_the_old_index(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    before = index.read_bytes()

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(index_module, "_write_index", killed)
    with pytest.raises(KeyboardInterrupt):
        S.build_index(visits, index, project=Project(tmp_path), force=True)
    assert index.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.sqlite", "visits"]


def test_the_index_remembers_its_fingerprint(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    with sqlite3.connect(index) as db:
        meta = {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM meta")}
    notebook = visits / "2021-09-07-kulon-progo.ipynb"
    names = meta["names"].split("\n")
    assert notebook.resolve().as_posix() in names and len(names) == 5
    stat = notebook.stat()
    assert f"{notebook.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n" in "".join(
        f"{name}\0{Path(name).stat().st_size}\0{Path(name).stat().st_mtime_ns}\n"
        for name in sorted(names))
    assert len(meta["listing"]) == len(meta["digest"]) == 64 and "files" not in meta
    assert (meta["format"], meta["visits"], meta["documents"]) == (S.index_format(), 5, 72)


def test_an_index_of_another_format_is_rebuilt(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    monkeypatch.setattr(index_module, "INDEX_FORMAT", index_module.INDEX_FORMAT + 1)
    assert S.build_index(visits, index, project=Project(tmp_path)).rebuilt


def test_broken_notebooks_are_left_out_and_remembered(tmp_path: Path) -> None:
    visits = copy_fixtures(tmp_path / "visits")
    (visits / "2020-01-01-rusak.ipynb").write_text("{", encoding="utf-8")
    index = tmp_path / "kb.sqlite"
    first = S.build_index(visits, index, project=Project(tmp_path))
    again = S.build_index(visits, index, project=Project(tmp_path))
    assert first.skipped == again.skipped == {str(visits / "2020-01-01-rusak.ipynb"): 1}
    assert first.visits == 5


def test_the_default_index_is_in_the_projects_briefs(tmp_path: Path) -> None:
    make_visit(tmp_path / "notebooks" / "visits", "2023-03-14-contoh")
    info = S.build_index(project=Project(tmp_path))
    assert info.path == tmp_path / "briefs" / "kb.sqlite" and info.path.is_file()
    assert oct(info.path.stat().st_mode & 0o777) == "0o644"


def test_an_index_that_cannot_be_written_is_explained(tmp_path: Path) -> None:
    (tmp_path / "briefs").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(MessageError) as caught:
        S.build_index(FIXTURES, tmp_path / "briefs" / "kb.sqlite", project=Project(tmp_path))
    assert caught.value.code == "search.index_failed"
    assert caught.value.text("en").startswith(
        f"the search index {tmp_path / 'briefs' / 'kb.sqlite'} cannot be written (")


# --- reading only -------------------------------------------------------------------------

def test_searching_writes_no_index(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "briefs" / "kb.sqlite"
    result = S.search("desa", index=index, visits_path=visits, project=Project(tmp_path))
    assert len(result) and not index.exists() and not (tmp_path / "briefs").exists()
    assert (result.index.current, result.index.rebuilt, result.index.visits) == (False, True, 5)
    assert result.index.path == index


def test_a_stale_index_is_left_alone_and_the_hits_are_fresh(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    notebook = visits / "2022-06-14-sumedang.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace(
        "Sekolah Digital ASN", "Akademi Digital ASN"), encoding="utf-8")
    result = S.search("akademi", index=index, visits_path=visits, project=Project(tmp_path))
    assert set(result.hits["visit_id"]) == {"2022-06-14-sumedang"}
    assert not result.index.current
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    updated = S.search("akademi", index=index, visits_path=visits, project=Project(tmp_path),
                       update=True)
    assert updated.index.current and updated.index.rebuilt and index.read_bytes() != before[0]
    assert S.SearchIndex(visits, index, project=Project(tmp_path)).stored() is not None


def test_the_result_carries_the_index_info(fixture_index: Path) -> None:
    result = S.search("desa", index=fixture_index, visits_path=FIXTURES, project=Project(ROOT))
    info = result.index
    assert info.current and not info.rebuilt and info.path == fixture_index
    assert info.built is not None and info.built.tzinfo is not None
    assert sorted(p.name for p in info.notebooks) == sorted(
        p.name for p in FIXTURES.glob("*.ipynb"))
    assert result.text("en").startswith("1. ") and json.loads(result.json())


# --- phrases in snippets (issue 15) -------------------------------------------------------

def test_a_phrase_marks_only_the_phrase_not_words_of_the_same_stem() -> None:
    text = "Tim meniru layanan itu. Studi tiru ke Banyuwangi; studi lain menyusul."
    assert snippet(text, parse_query('"studi tiru"')) == (
        "Tim meniru layanan itu. «Studi tiru» ke Banyuwangi; studi lain menyusul.")


def test_a_phrase_matches_by_stem_and_words_still_mark_alone() -> None:
    text = "Pelayanan publik membaik; layanan kesehatan dan publik puas."
    assert snippet(text, parse_query('"layanan publik" puas')) == (
        "«Pelayanan publik» membaik; layanan kesehatan dan publik «puas».")
    assert snippet(text, parse_query("layanan publik")) == (
        "«Pelayanan» «publik» membaik; «layanan» kesehatan dan «publik» puas.")


def test_a_phrase_in_html_is_one_mark() -> None:
    assert snippet("Studi tiru <b>", parse_query('"studi tiru"'), markup="html") == (
        "<mark>Studi tiru</mark> &lt;b&gt;")


# --- the freshness check before every search (issue 14, point 2) --------------------------

class _Counted(type(Path())):  # type: ignore[misc]
    """A Path that counts how often index.py makes one."""

    made = 0

    def __new__(cls, *args: object) -> _Counted:
        cls.made += 1
        return super().__new__(cls, *args)  # type: ignore[arg-type]


def test_checking_an_unchanged_index_makes_nothing_per_notebook(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    source = S.SearchIndex(visits, index, project=Project(tmp_path))
    source.update()
    decoded: list[object] = []
    loads = index_module.json.loads

    def counted_loads(text: str) -> object:
        decoded.append(value := loads(text))
        return value

    def no_glob(paths: object) -> list[Path]:
        raise AssertionError("find_notebooks makes a Path per notebook")

    _Counted.made = 0
    monkeypatch.setattr(index_module, "Path", _Counted)
    monkeypatch.setattr(index_module, "find_notebooks", no_glob)
    monkeypatch.setattr(index_module.json, "loads", counted_loads)
    info = source.stored()
    updated = source.update()
    assert info is not None and not updated.rebuilt
    # the folder's and the index's, a few in all, none per notebook (five here, ten before)
    assert _Counted.made <= 3
    assert decoded and not any(isinstance(value, list) for value in decoded)  # no file list
    monkeypatch.undo()
    assert sorted(p.name for p in info.notebooks) == sorted(p.name for p in visits.iterdir())


def test_the_notebook_names_are_those_find_notebooks_finds(tmp_path: Path) -> None:
    visits = copy_fixtures(tmp_path / "visits")
    (visits / "sub" / ".ipynb_checkpoints").mkdir(parents=True)
    shutil.copy(visits / "2022-06-14-sumedang.ipynb", visits / "sub" / "2023-01-01-a.ipynb")
    shutil.copy(visits / "2022-06-14-sumedang.ipynb",
                visits / "sub" / ".ipynb_checkpoints" / "x-checkpoint.ipynb")
    (visits / "notes.txt").write_text("not a notebook", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(visits / "2022-06-14-sumedang.ipynb", tmp_path / "elsewhere" / "b.ipynb")
    (visits / "linked.ipynb").symlink_to(tmp_path / "elsewhere" / "b.ipynb")
    (visits / "folder-link").symlink_to(tmp_path / "elsewhere")  # not followed, as rglob
    single = tmp_path / "elsewhere" / "b.ipynb"
    paths: list[str | Path] = [visits, str(single)]
    expected = sorted(os.path.realpath(p) for p in index_module.find_notebooks(paths))
    assert index_module.notebook_names(paths) == expected
    assert len(expected) == 8  # five fixtures, sub/, the linked one and the one named


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the index and the search run on a read-only connection."""
    seen: list[str] = []
    opened = index_module.read_only

    def traced(index: Path) -> sqlite3.Connection:
        db = opened(index)
        db.set_trace_callback(seen.append)
        return db

    monkeypatch.setattr(index_module, "read_only", traced)
    monkeypatch.setattr(S, "read_only", traced)
    return seen


@pytest.mark.parametrize("update", [False, True])
def test_a_search_of_a_sound_index_reads_no_page_it_needs_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update: bool) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    seen = _statements(monkeypatch)
    result = S.search("desa", index=index, visits_path=visits, project=Project(tmp_path),
                      update=update)
    assert len(result) and result.index.current and not result.index.damaged
    assert any("MATCH" in sql for sql in seen)
    assert not any("quick_check" in sql for sql in seen)


def _tear(index: Path) -> None:
    """Garble every page past the third: the meta table still reads, a query does not."""
    data = bytearray(index.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[3 * page:] = bytes((i * 37 + 11) % 256 for i in range(len(data) - 3 * page))
    index.write_bytes(bytes(data))


def test_a_torn_index_met_by_a_query_is_rebuilt_once(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    expected = hits(S.search("desa", index=index, visits_path=visits,
                             project=Project(tmp_path)).hits)
    _tear(index)
    assert index_module._read_meta(index, S.index_format()) is not None  # unseen before the query
    result = S.search("desa", index=index, visits_path=visits, project=Project(tmp_path),
                      update=True)
    assert result.index.damaged and result.index.rebuilt and hits(result.hits) == expected
    assert index_module.sound(index)
    again = S.search("desa", index=index, visits_path=visits, project=Project(tmp_path),
                     update=True)
    assert not again.index.damaged and not again.index.rebuilt


def test_a_read_only_search_of_a_torn_index_answers_and_leaves_it(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    expected = hits(S.search("desa", index=index, visits_path=visits,
                             project=Project(tmp_path)).hits)
    _tear(index)
    torn = index.read_bytes()
    result = S.search("desa", index=index, visits_path=visits, project=Project(tmp_path))
    assert hits(result.hits) == expected and not result.index.current
    assert index.read_bytes() == torn


def test_a_torn_index_kept_for_touched_notebooks_is_checked(tmp_path: Path) -> None:
    visits, index = copy_fixtures(tmp_path / "visits"), tmp_path / "kb.sqlite"
    S.build_index(visits, index, project=Project(tmp_path))
    _tear(index)
    notebook = visits / "2022-06-14-sumedang.ipynb"
    os.utime(notebook, ns=(notebook.stat().st_atime_ns, notebook.stat().st_mtime_ns + 10**9))
    info = S.build_index(visits, index, project=Project(tmp_path))
    assert info.damaged and info.rebuilt and index_module.sound(index)
