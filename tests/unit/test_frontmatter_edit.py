"""The panel's front-matter form: a ruamel.yaml round trip that changes the keys given and
nothing else (comments, order, quoting, guidance), and field checks that say what `ringkas
check` says."""

from __future__ import annotations

import datetime as dt
import difflib

import nbformat
import pytest

from ringkas.authoring.frontmatter_edit import (
    field_problems,
    front_matter_problems,
    read_values,
    update_front_matter,
)
from ringkas.authoring.new import skeleton
from ringkas.contract.problems import MessageError
from ringkas.contract.themes import AgencyTheme, Vocabulary
from ringkas.i18n.messages import say
from tests.notebooks import EXAMPLE


@pytest.fixture
def fresh() -> str:
    """The front matter `ringkas new` writes: every key, each with its guidance comment."""
    return str(skeleton(dt.date(2023, 3, 14), "Kota Contoh", "Judul: contoh").cells[0].source)


@pytest.fixture
def example() -> str:
    return str(nbformat.read(EXAMPLE, as_version=4).cells[0].source)


def changed_lines(before: str, after: str) -> list[str]:
    """The lines `after` has that `before` has not, and those it lost ('-' and '+')."""
    return [line for line in difflib.ndiff(before.split("\n"), after.split("\n"))
            if line[:2] in ("- ", "+ ")]


def test_no_change_gives_the_source_back(fresh: str, example: str) -> None:
    assert update_front_matter(fresh, {}) == fresh
    # a value written again as it is: the text stays byte for byte
    assert update_front_matter(example, {"kind": "studi-referensi"}) == example


def test_only_the_changed_key_changes_and_its_comment_stays(fresh: str) -> None:
    after = update_front_matter(fresh, {"title": "Studi Tiru: Pasar Desa"})
    assert changed_lines(fresh, after) == [
        '- title: "Judul: contoh"', '+ title: "Studi Tiru: Pasar Desa"']
    after = update_front_matter(fresh, {"agency": "Bappeda Kabupaten Grobogan"})
    assert changed_lines(fresh, after) == [
        '- agency: ""  # misalnya Bappeda Kabupaten Grobogan',
        '+ agency: "Bappeda Kabupaten Grobogan"  # misalnya Bappeda Kabupaten Grobogan']
    assert after.startswith("---\n") and after.endswith("\n---")


def test_a_nested_value_keeps_its_siblings_and_comment(fresh: str) -> None:
    after = update_front_matter(fresh, {"host": {"bps_code": "3510"}})
    assert changed_lines(fresh, after) == [
        '-   bps_code: ""  # kode wilayah BPS, 4 angka, misalnya "3510"',
        '+   bps_code: "3510"  # kode wilayah BPS, 4 angka, misalnya "3510"']
    assert read_values(after)["host"] == {"name": "Kota Contoh", "bps_code": "3510"}


def test_lists_keep_their_style_and_comment(fresh: str, example: str) -> None:
    after = update_front_matter(fresh, {"participants": ["Ani, Kepala Bidang", "Budi"],
                                        "themes": ["kemiskinan", "sdm"]})
    assert changed_lines(fresh, after) == [
        '- participants: []  # satu per peserta: "Nama, jabatan"',
        '+ participants: ["Ani, Kepala Bidang", "Budi"]  # satu per peserta: "Nama, jabatan"',
        '- themes: []  # lihat docs/format.md, misalnya [kemiskinan, sdm]',
        '+ themes: [kemiskinan, sdm]  # lihat docs/format.md, misalnya [kemiskinan, sdm]']
    # a block list stays a block list, the unchanged items as they were
    after = update_front_matter(example, {"themes": ["kemiskinan", "tata-kelola", "digital"]})
    assert sorted(changed_lines(example, after)) == [
        "+   - digital", "-   - pariwisata", "-   - pendanaan", "-   - sdm"]
    assert read_values(after)["themes"] == ["kemiskinan", "tata-kelola", "digital"]


def test_people_are_written_as_name_and_position(fresh: str) -> None:
    after = update_front_matter(fresh, {"received_by": [
        {"name": "Dr. Sari, M.Si.", "position": "Sekretaris Daerah"}, "Pak Joko"]})
    assert read_values(after)["received_by"] == [
        {"name": "Dr. Sari, M.Si.", "position": "Sekretaris Daerah"}, "Pak Joko"]
    assert [p for p in front_matter_problems(after) if p.is_error] == []


def test_a_date_is_written_as_a_date_and_text_that_yaml_would_misread_stays_text(
        fresh: str) -> None:
    after = update_front_matter(fresh, {"date": "2023-04-01", "venue": "yes",
                                        "unit": "2023", "led_by": "Ani: ketua # rombongan"})
    assert "\ndate: 2023-04-01\n" in after
    values = read_values(after)
    assert (values["date"], values["venue"], values["unit"], values["led_by"]) == (
        "2023-04-01", "yes", "2023", "Ani: ketua # rombongan")
    assert [p for p in front_matter_problems(after) if p.is_error] == []


def test_a_new_key_goes_where_the_skeleton_puts_it(example: str) -> None:
    after = update_front_matter(example, {"venue": "Ruang Rapat Bappeda", "text_lang": "id",
                                          "participants": ["Ani"]})
    keys = [line.split(":")[0] for line in after.split("\n")
            if line[:1].isalpha() and ":" in line]
    assert keys == ["title", "date", "kind", "host", "home", "agency", "unit", "participants",
                    "venue", "themes", "sources", "text_lang", "status"]
    assert changed_lines(example, after) == [
        "+ participants:", '+   - "Ani"', "+ venue: Ruang Rapat Bappeda", "+ text_lang: id"]


def test_none_removes_a_key(example: str) -> None:
    after = update_front_matter(example, {"unit": None})
    assert changed_lines(example, after) == ["- unit: Bidang Pemsosbud"]


def test_an_unknown_key_or_unreadable_yaml_is_refused_with_checks_message(example: str) -> None:
    with pytest.raises(MessageError) as caught:
        update_front_matter(example, {"titel": "x"})
    assert caught.value.code == "fm.unknown_field"
    assert 'Mungkin maksud Anda "title"?' in caught.value.text("id")
    with pytest.raises(MessageError) as caught:
        update_front_matter("---\ntitle: [\n---", {"title": "x"})
    assert caught.value.code == "fm.bad_yaml"
    with pytest.raises(MessageError) as caught:
        update_front_matter("no front matter", {"title": "x"})
    assert caught.value.code == "fm.missing"


def test_field_checks_give_the_message_check_gives() -> None:
    [problem] = field_problems("date", "2022-02-30")
    assert (problem.code, problem.field) == ("fm.not_date", "date")
    assert say(problem.code, "id", **problem.params) == say("fm.not_date", "id",
                                                            value="2022-02-30")
    [problem] = field_problems("title", "")
    assert problem.code == "fm.required"
    [problem] = field_problems("host", {"name": "Kota Contoh", "bps_code": "35100"})
    assert (problem.code, problem.field) == ("fm.bad_bps_code", "host.bps_code")
    assert field_problems("themes", ["kemiskinan", "Poverty reduction"]) == []
    assert field_problems("date", "2022-11-28") == []


def test_a_project_theme_is_accepted_in_its_project_only() -> None:
    [problem] = field_problems("themes", ["stunting"])
    assert problem.code == "fm.bad_choice"
    vocabulary = Vocabulary((AgencyTheme("stunting", "theme",
                                         (("id", "Stunting"), ("en", "Stunting"))),))
    assert field_problems("themes", ["stunting", "Stunting"], vocabulary) == []
    source = "---\ntitle: T\nthemes: [stunting]\n---"
    assert "fm.bad_choice" in [p.code for p in front_matter_problems(source)]
    assert "fm.bad_choice" not in [p.code for p in front_matter_problems(source, vocabulary)]


def without_key(source: str, key: str) -> list[str]:
    """The lines of `source` but the top-level `key:` line and the indented lines under it."""
    kept, inside = [], False
    for line in source.split("\n"):
        if line.startswith(f"{key}:"):
            inside = True
            continue
        if inside and line.startswith(" "):
            continue
        inside = False
        kept.append(line)
    return kept


SAMPLES: dict[str, object] = {
    "title": "Studi Tiru: Mal Pelayanan Publik", "date": "2024-01-31", "kind": "studi-tiru",
    "host": {"name": "Kabupaten Contoh", "bps_code": "3510"},
    "home": {"name": "Kabupaten Asal", "bps_code": "33"}, "agency": "Bappeda Kabupaten Asal",
    "unit": "Bidang Ekonomi", "participants": ["Ani, Kepala Bidang", "Budi, Staf"],
    "led_by": "Ani, Kepala Bidang", "received_by": [{"name": "Sari", "position": "Sekda"}],
    "venue": "Ruang Rapat", "themes": ["kemiskinan", "pelayanan-publik"],
    "sources": ["https://contoh.go.id/berita/1"], "text_lang": "en", "status": "reviewed",
    "approved_by": "Ir. Ani Lestari, M.T.",
}


@pytest.mark.parametrize("key", list(SAMPLES))
@pytest.mark.parametrize("start", ["fresh", "example"])
def test_each_field_alone_changes_its_own_value_and_nothing_else(
        key: str, start: str, request: pytest.FixtureRequest) -> None:
    before = request.getfixturevalue(start)
    after = update_front_matter(before, {key: SAMPLES[key]})
    old, new = read_values(before), read_values(after)
    assert new[key] == SAMPLES[key]
    assert {k: v for k, v in new.items() if k != key} == {k: v for k, v in old.items()
                                                            if k != key}
    # every other line (comments, guidance, other keys) is as it was, in its place
    assert without_key(before, key) == without_key(after, key)
    assert [p for p in front_matter_problems(after) if p.is_error and p.field == key] == []
