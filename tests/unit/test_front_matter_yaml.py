"""The front matter's YAML said in the reader's language, its duplicate keys, its size limits.

Issue 21 (points 18, 19) and issue 22 (point 5): PyYAML's English ("expected ',' or ']'") became
a sentence of the catalogues with the line; two `status:` lines were silently one; a 10 MB title
passed `check` and then took a render 33 s and 1.3 GB.
"""

from __future__ import annotations

import pytest

from ringkas.contract.limits import FRONT_MATTER_LIMIT, LIST_LIMIT
from ringkas.i18n.messages import Phrase
from tests.unit.test_validate_front_matter import AT, BODY, changed, problems, texts, with_front

SEL = AT.replace("cell", "sel")


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ("kind: studi-banding", "kind: [studi-banding", "yaml.unclosed_bracket", 4),
    ("  name: Kota Contoh", "  name: {Kota Contoh", "yaml.unclosed_bracket", 6),
    ("unit: Bidang Ekonomi", "unit:\tBidang", "yaml.tab", 12),
    ("unit: Bidang Ekonomi", "unit: @bidang", "yaml.reserved_character", 12),
    ("unit: Bidang Ekonomi", "unit: Bidang: Ekonomi", "yaml.colon_in_value", 12),
    ("unit: Bidang Ekonomi", 'unit: "Bidang Ekonomi', "yaml.unclosed_quote", 12),
    ("unit: Bidang Ekonomi", "unit: Bidang\nEkonomi saja\nlagi: x", "yaml.no_colon", 14),
    ("  name: Kota Contoh", "  name: Kota Contoh\n bps: 1", "yaml.indentation", 7),
    ("unit: Bidang Ekonomi", 'unit: "Bidang\\q"', "yaml.bad_escape", 12),
    ("unit: Bidang Ekonomi", "unit: !!python/object/apply:os.getcwd []", "yaml.tag", 12),
    ("unit: Bidang Ekonomi", "unit: Bidang\x07Ekonomi", "yaml.control_character", 12),
])
def test_a_yaml_problem_is_said_in_the_reader_s_language_with_its_line(
        old: str, new: str, code: str, line: int) -> None:
    [problem] = problems(changed(old, new))
    assert problem.code == "fm.bad_yaml"
    assert problem.params["line"] == line
    detail = problem.params["detail"]
    assert isinstance(detail, Phrase) and detail.code == code
    english, indonesian = problem.text("en"), problem.text("id")
    assert english.startswith(f"{AT}: error: the YAML front matter cannot be read, line {line}: ")
    assert indonesian.startswith(f"{SEL}: galat: YAML front matter tidak dapat dibaca, "
                                 f"baris {line}: ")
    for text in (english, indonesian):  # none of the parser's own English is left
        assert "expected" not in text and "found" not in text and "scanning" not in text


def test_a_reserved_character_is_named() -> None:
    assert texts(changed("unit: Bidang Ekonomi", "unit: `bidang`")) == [
        f"{AT}: error: the YAML front matter cannot be read, line 12: a value starts with \"`\", "
        "which cannot start a value in YAML. Put the value in quotes (title: \"`...\")."]


def test_a_duplicate_key_is_a_warning_naming_the_key_and_both_lines() -> None:
    nb = with_front(BODY + "\nstatus: draft")
    assert texts(nb) == [
        f"{AT}, field \"status\": warning: the key \"status\" is written twice (lines 19 and "
        "20); YAML keeps only the last value. Remove one of them."]
    assert texts(nb, "id") == [
        f"{SEL}, isian \"status\": peringatan: kunci \"status\" ditulis dua kali (baris 19 dan "
        "20); YAML hanya memakai nilai yang terakhir. Hapus salah satunya."]


def test_a_duplicate_key_inside_a_region_is_found_too() -> None:
    [problem] = problems(changed("  name: Kota Contoh", "  name: Kota Contoh\n  name: Kota Lain"))
    assert (problem.code, problem.field, problem.params) == (
        "fm.duplicate_key", "name", {"key": "name", "first": 6, "second": 7})


def test_a_title_over_300_characters_is_an_error_naming_length_and_limit() -> None:
    title = "Studi " + "x" * 295
    assert texts(changed("title: Studi Banding Pelayanan Publik ke Kota Contoh",
                         f"title: {title}")) == [
        f"{AT}, field \"title\": error: \"title\" is 301 characters long, over the limit of "
        "300 characters. Shorten it; long text belongs in the notebook's sections."]
    assert problems(changed("title: Studi Banding Pelayanan Publik ke Kota Contoh",
                            f"title: {title[:300]}")) == []


@pytest.mark.parametrize(("old", "new", "field", "length", "limit"), [
    ("unit: Bidang Ekonomi", "unit: " + "u" * 501, "unit", 501, 500),
    ("  name: Kota Contoh", "  name: " + "k" * 600, "host.name", 600, 500),
    ("  - Ani, Kepala Bidang", "  - " + "a" * 700, "participants", 700, 500),
    ("  - Laporan kunjungan tim", "  - " + "s" * 1001, "sources", 1001, 1000),
])
def test_other_text_fields_have_limits(old: str, new: str, field: str, length: int,
                                       limit: int) -> None:
    [problem] = problems(changed(old, new))
    assert (problem.code, problem.field) == ("fm.too_long", field)
    assert problem.params == {"key": field, "length": length, "limit": limit}


def test_a_list_of_too_many_items_is_refused() -> None:
    people = "\n".join(f"  - Peserta {n}" for n in range(LIST_LIMIT + 1))
    [problem] = problems(changed("  - Ani, Kepala Bidang", people))
    assert (problem.code, problem.field, problem.params) == (
        "fm.too_many", "participants", {"key": "participants", "items": LIST_LIMIT + 1,
                                        "limit": LIST_LIMIT})


def test_a_ten_megabyte_title_is_refused_at_once_naming_the_field() -> None:
    title = "Judul " * 1_750_000  # 10.5 MB
    nb = changed("title: Studi Banding Pelayanan Publik ke Kota Contoh", f"title: {title}")
    [problem] = problems(nb)  # refused before YAML reads it (a render of it took 33 s)
    size = len(nb.cells[0].source.encode())
    assert (problem.code, problem.field) == ("fm.too_large", "title")
    assert problem.text("en") == (
        f"{AT}, field \"title\": error: the front matter is {size} bytes, over the limit of "
        f"{FRONT_MATTER_LIMIT} bytes; its longest line (line 2) holds {len(title) + 7} "
        "characters. The front matter holds the visit's facts only; move long text into the "
        "notebook's sections.")
