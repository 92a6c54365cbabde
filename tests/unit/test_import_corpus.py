"""The importer measured on the corpus (tests/fixtures/import/corpus): the figures are printed
(`pytest -s`) and each is held at the floor it has reached, so that a regression fails.
Targets of issue 20 that are met are asserted as such; see docs/import.md for the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_corpus import FIELDS, HELDOUT, HELDOUT2, Measure, details, measure, table

#: Share of reports right, per field: what the importer reached (floors, not wishes).
FLOORS = {"date": 1.0, "host": 1.0, "home": 1.0, "agency": 1.0, "kind": 1.0, "led_by": 1.0,
          "received_by": 1.0, "participants": 1.0}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Measure:
    result = measure(tmp_path_factory.mktemp("docx"))
    print("\n" + table(result))
    return result


def test_the_corpus_has_thirty_reports_or_more(measured: Measure) -> None:
    assert measured.reports >= 30


@pytest.mark.parametrize("name", FIELDS)
def test_each_field_holds_its_floor(measured: Measure, name: str) -> None:
    assert measured.right(name) >= FLOORS[name], details(measured)


def test_every_sentence_is_kept(measured: Measure) -> None:
    assert measured.sentences > 150
    assert measured.lost == [], details(measured)


def test_the_corpus_has_expected_facts_beside_each_report(tmp_path: Path) -> None:
    from tests.import_corpus import CORPUS, reports

    for path in reports(tmp_path):
        assert (CORPUS / f"{path.stem}.json").is_file(), path.name


def test_the_host_is_never_on_the_visiting_side(measured: Measure) -> None:
    assert measured.host_on_visiting_side == [], details(measured)


#: The held-out reports: what the importer reached on each set, as floors. The first set's
#: misses guided later changes; the second set was never tuned to.
HELDOUT_FLOORS = {
    "heldout": {"date": 1.0, "host": 1.0, "home": 1.0, "agency": 0.8, "kind": 1.0,
                "led_by": 1.0, "received_by": 1.0, "participants": 1.0},
    "heldout2": {"date": 0.9, "host": 0.9, "home": 0.9, "agency": 0.8, "kind": 1.0,
                 "led_by": 1.0, "received_by": 1.0, "participants": 1.0}}


@pytest.mark.parametrize("corpus", [HELDOUT, HELDOUT2], ids=lambda p: p.name)
def test_the_held_out_reports_hold_their_floors(tmp_path: Path, corpus: Path) -> None:
    result = measure(tmp_path, corpus)
    print(f"\n{corpus.name}: " + table(result))
    assert result.reports >= 10
    floors = HELDOUT_FLOORS[corpus.name]
    low = {name: result.right(name) for name in FIELDS if result.right(name) < floors[name]}
    assert low == {}, details(result)
    assert result.host_on_visiting_side == [] and result.lost == [], details(result)


def test_a_word_laporan_in_the_standard_structure_leaves_nothing_unsorted(
        measured: Measure) -> None:
    laporan = {stem: n for stem, n in measured.unsorted.items()
               if stem.startswith(("d01", "d02", "d03", "d04"))}
    assert laporan == dict.fromkeys(laporan, 0) and len(laporan) == 4
