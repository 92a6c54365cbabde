"""The markdown readers: guidance, headings, `**Field:** value` lines, pipe tables, plain text."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from ringkas.notebook import markdown as md
from ringkas.notebook.markdown import (
    FieldLine,
    Table,
    find_table,
    first_heading,
    parse,
    plain,
    split_fields,
    strip_guidance,
)
from ringkas.notebook.markdown import (
    read_tree as md_read_tree,
)

# --- guidance -----------------------------------------------------------------------------

def test_strip_guidance_removes_only_guidance_lines() -> None:
    text = ("> Petunjuk: tulis ringkasan.\nRingkasan.\n  >petunjuk : huruf kecil\n"
            "> Guidance: in English\n> Kutipan biasa\nPetunjuk: bukan kutipan")
    assert strip_guidance(text) == "Ringkasan.\n> Kutipan biasa\nPetunjuk: bukan kutipan"


def test_strip_guidance_trims_what_is_left() -> None:
    assert strip_guidance("> Petunjuk: a\n\n\nTeks.\n\n") == "Teks."
    assert strip_guidance("> Petunjuk: a\n> Petunjuk: b") == ""


# --- headings -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "heading", "rest"), [
    ("### Rantang Kasih\n\nUraian.", "Rantang Kasih", "Uraian."),
    ("\n\n# Satu #\nIsi", "Satu", "Isi"),
    ("   ## Tiga spasi\nIsi", "Tiga spasi", "Isi"),
    ("###### Enam", "Enam", ""),
    ("### RTLH (Rumah Tidak Layak Huni)", "RTLH (Rumah Tidak Layak Huni)", ""),
])
def test_first_heading(text: str, heading: str, rest: str) -> None:
    assert first_heading(text) == (heading, rest)


@pytest.mark.parametrize("text", ["Uraian.\n### Nanti", "####### Tujuh", "#Tanpa spasi",
                                  "    ### Empat spasi adalah kode", "", "#"])
def test_no_first_heading(text: str) -> None:
    assert first_heading(text) == (None, text.strip())


# --- fields -------------------------------------------------------------------------------

def test_split_fields_with_and_without_bullets() -> None:
    text = ("Uraian.\n- **Sasaran:** lansia\n* **Mulai**: 2017\n**Pendanaan:** APBD\n"
            "  + **OPD pengampu :** Dinsos\n- **Bukti:**\nPenutup.")
    fields, prose = split_fields(text)
    assert fields == [FieldLine("Sasaran", "lansia", 2), FieldLine("Mulai", "2017", 3),
                      FieldLine("Pendanaan", "APBD", 4), FieldLine("OPD pengampu", "Dinsos", 5),
                      FieldLine("Bukti", "", 6)]
    assert prose == "Uraian.\nPenutup."


@pytest.mark.parametrize("line", ["- **Ngantor di desa.** Bupati turun langsung.",
                                  "**Tebal** saja", "Sasaran: tanpa huruf tebal",
                                  "- *Sasaran:* miring"])
def test_lines_that_are_not_fields(line: str) -> None:
    assert split_fields(line) == ([], line)


def test_a_field_value_keeps_its_colons_and_emphasis() -> None:
    assert split_fields("- **Sumber:** BPS: data *2023*") == (
        [FieldLine("Sumber", "BPS: data *2023*", 1)], "")


# --- tables -------------------------------------------------------------------------------

def test_find_table_with_prose_around() -> None:
    text = "Di atas.\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n\nDi bawah."
    assert find_table(text) == Table(["A", "B"], [["1", "2"], ["3", "4"]], "Di atas.", "Di bawah.")


def test_escaped_pipes_stay_in_their_cell() -> None:
    table = find_table("| A | B |\n|---|---|\n| a \\| b | c\\|d \\| |\n| x | y \\|")
    assert table is not None
    assert table.rows == [["a | b", "c|d |"], ["x", "y |"]]


@pytest.mark.parametrize("rule", ["|---|---|", "| - | - |", "|:--|--:|", "| :-: | :---: |",
                                  "---|---", "-|-"])
def test_rules_github_accepts(rule: str) -> None:
    table = find_table(f"| A | B |\n{rule}\n| 1 | 2 |")
    assert table is not None and table.rows == [["1", "2"]]


def test_rows_without_outer_pipes() -> None:
    table = find_table("A | B\n--- | ---\n1 | 2")
    assert table is not None and (table.header, table.rows) == (["A", "B"], [["1", "2"]])


def test_rows_keep_their_width_for_the_validator_to_judge() -> None:
    table = find_table("| A | B |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n|  |  |")
    assert table is not None
    assert table.rows == [["1"], ["1", "2", "3"], ["", ""]]


@pytest.mark.parametrize("text", [
    "Tidak ada tabel.",
    "| A | B |\nTanpa garis.",
    "A | B\n---",  # a heading underline in markdown, not a table: the rule has one cell
    "| A | B | C |\n|---|---|",  # the rule must have as many cells as the header
    "---\n| A |",
])
def test_no_table(text: str) -> None:
    assert find_table(text) is None


def test_the_first_table_is_the_one() -> None:
    table = find_table("| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |")
    assert table is not None and table.header == ["A"] and table.after == "| B |\n|---|\n| 2 |"


# --- plain text ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("**Tebal** dan *miring* dan `kode`", "Tebal dan miring dan kode"),
    ("[Tautan](https://contoh.id) dan ![gambar](a.png)", "Tautan dan gambar"),
    ("### Judul", "Judul"),
    ("> kutipan", "kutipan"),
    ("__garis__ dan lead_opd", "garis dan lead_opd"),
    ("  banyak   spasi\t", "banyak spasi"),
])
def test_plain(text: str, expected: str) -> None:
    assert plain(text) == expected


# --- one parse: what the brief shows as code is code here too -----------------------------

FENCED_TABLE = "Di atas.\n\n```\n| A | B |\n| --- | --- |\n| 1 | 2 |\n```\n"


@pytest.mark.parametrize("text", [FENCED_TABLE, FENCED_TABLE.replace("```", "~~~"),
                                  "    | A | B |\n    | --- | --- |\n    | 1 | 2 |",
                                  "<pre>\n| A | B |\n| --- | --- |\n</pre>"])
def test_a_table_in_code_is_not_a_table(text: str) -> None:
    assert find_table(text) is None


def test_the_table_after_a_fenced_one_is_found() -> None:
    table = find_table(FENCED_TABLE + "\n| C |\n|---|\n| 3 |\n\nDi bawah.")
    assert table is not None and table.header == ["C"] and table.rows == [["3"]]
    assert table.before == FENCED_TABLE.strip() and table.after == "Di bawah."


def test_recommendations_only_in_a_fence_are_a_missing_table() -> None:
    from ringkas.notebook.validate import validate_notebook
    from tests.notebooks import visit_notebook

    def codes(source: str) -> list[tuple[str, str | None]]:
        nb = visit_notebook()
        nb.cells[10].source = source
        problems = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"))[1]
        return [(p.code, p.field) for p in problems]

    header = ("| Rekomendasi | OPD pengampu | Waktu | Prioritas | Status tindak lanjut |\n"
              "| --- | --- | --- | --- | --- |\n| Tiru | Dinsos | 2024 | tinggi | usulan |\n")
    assert codes("Tanpa tabel.") == codes(f"```\n{header}```") != []
    assert ("table.missing", "recommendations") in codes(f"```\n{header}```")
    assert codes(header) == []


def test_a_field_line_in_a_fence_is_not_a_field() -> None:
    text = "```\n**Sasaran:** lansia\n```\n- **Mulai:** 2017"
    assert split_fields(text) == ([FieldLine("Mulai", "2017", 4)], "```\n**Sasaran:** lansia\n```")


@pytest.mark.parametrize("text", ["```\n# Bukan judul\n```\n# Nanti", "~~~\n## Kode\n~~~"])
def test_a_heading_in_a_fence_is_not_a_heading(text: str) -> None:
    assert first_heading(text) == (None, text.strip())


def test_plain_has_no_tags_or_entities() -> None:
    assert plain("<b>x</b> &amp; y") == "x & y"
    assert plain("Dinas <i>Sosial</i> &lt;PPKB&gt; &#8212; *aktif*") == \
        "Dinas Sosial <PPKB> — aktif"
    assert plain("<div>\nBlok <b>HTML</b>\n</div>") == "Blok HTML"


def test_plain_keeps_code_as_written() -> None:
    assert plain("`a_b` dan\n\n```\n**x**\n```") == "a_b dan\n\n**x**"


def test_a_text_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Sekali saja.\n\n| A |\n|---|\n| 1 |"
    read = []
    monkeypatch.setattr(md, "read_tree", lambda t: read.append(t) or md_read_tree(t))
    md.forget()
    find_table(text), plain(text), first_heading(text), split_fields(text)
    assert read == [text]


def test_a_tree_handed_over_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker takes the trees its unit brings from the plan (another process: pickled)."""
    text = "Dari rencana.\n\n- satu\n- dua"
    md.forget()
    handed = pickle.loads(pickle.dumps({text: parse(text)}))
    md.forget()
    monkeypatch.setattr(md, "read_tree", lambda t: pytest.fail(f"parsed again: {t!r}"))
    md.remember(handed)
    assert plain(text) == "Dari rencana.\n\n- satu\n- dua"


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
def test_a_row_with_a_line_separator_in_a_cell_stays_one_row(separator: str) -> None:
    text = strip_guidance(f"| A | B |\n|---|---|\n| 1 {separator} x | 2 |")
    table = find_table(text)
    assert table is not None and table.rows == [[f"1 {separator} x", "2"]]


@pytest.mark.parametrize("text", [
    "| A | B |\n|---|---|\n| 1 | 2 |", "| A | B |\n---|---\n| 1 | 2 |", "A | B\n-|-\n1 | 2",
    "| A | B |\n|---|---|\n| 1 |", "Teks\n| A | B |\n|---|---|", FENCED_TABLE,
    "    | A | B |\n    |---|---|", "a | b\n---", "| A | B | C |\n|---|---|", "> | A |\n> |---|",
])
def test_the_brief_shows_a_table_exactly_where_one_is_read(text: str) -> None:
    from ringkas.render.sanitize import markdown_html
    assert (find_table(text) is not None) == ("<table>" in markdown_html(text)), text


# --- cutting a tree -------------------------------------------------------------------------

def test_leading_keeps_whole_paragraphs_and_items_within_the_words() -> None:
    parsed = parse("Satu dua tiga.\n\n- a b c\n- d e\n\n  lanjutan f\n- g\n\n1. x\n2. y")
    cut, shortened = md.leading(parsed, 8)
    assert shortened and md.plain_of(cut) == "Satu dua tiga.\n\n- a b c"
    assert [b.type for b in cut.blocks] == ["list" if i else "paragraph" for i in range(2)]
    assert len(cut.blocks[1].token["children"]) == 1 and cut.blocks[1].token["tight"] is False
    # the second item's continuation paragraph goes with its item, never alone
    cut, _ = md.leading(parsed, 13)
    assert md.plain_of(cut).endswith("- d e\nlanjutan f")
    whole, shortened = md.leading(parsed, 100)
    assert whole is parsed and not shortened


def test_leading_keeps_the_first_piece_however_long() -> None:
    parsed = parse(" ".join(["kata"] * 30) + "\n\nLagi.")
    cut, shortened = md.leading(parsed, 5)
    assert shortened and cut.source.strip() == " ".join(["kata"] * 30)


def test_a_cut_tree_is_what_parsing_its_source_gives() -> None:
    """Cut from the tree, not parsed again: for a tight list, the same blocks as a parse of
    the cut's text."""
    parsed = parse("Awal.\n\n1. satu\n2. dua **tebal**\n3. tiga\n\nAkhir.")
    cut, _ = md.leading(parsed, 5)
    again = md.read_tree(cut.source)
    assert [b.token for b in cut.blocks] == [b.token for b in again.blocks]
    assert [(b.start, b.end) for b in cut.blocks] == [(b.start, b.end) for b in again.blocks]


def test_a_cut_loose_list_stays_loose() -> None:
    """Items the author set apart with blank lines stay paragraphs when the list is cut, as in
    the whole text (parsing the cut's text alone could make it tight)."""
    cut, shortened = md.leading(parse("- a b\n\n- c d\n- e f"), 3)
    assert shortened and cut.blocks[0].token["tight"] is False
    assert len(cut.blocks[0].token["children"]) == 1


def test_a_ragged_list_is_cut_between_its_items() -> None:
    """Items one space in are the same list's items (CommonMark): still cut item by item."""
    items = "\n".join(("- " if i % 2 == 0 else " - ") + " ".join(["kata"] * 19)
                       for i in range(12))
    cut, shortened = md.leading(parse(items), 70)
    assert shortened and len(cut.blocks[0].token["children"]) == 3
    cut, shortened = md.leading(parse(f"Pembuka satu dua.\n\n{items}"), 70)
    assert shortened and len(cut.blocks[1].token["children"]) == 3


def test_a_list_whose_items_cannot_be_told_apart_is_not_cut_inside() -> None:
    # a nested list's markers sit further right: the lines still give one start per item
    nested = parse("- a b\n  - dalam\n- c d\n- e f")
    cut, _ = md.leading(nested, 4)
    assert md.plain_of(cut).splitlines()[0] == "- a b" and "c d" not in md.plain_of(cut)
    # markers followed by a tab: the lines do not tell where the items start
    tabbed = "-\ta\n-\tb c\n-\td e"
    cut, shortened = md.leading(parse(f"Kalimat pembuka yang panjang.\n\n{tabbed}"), 6)
    assert shortened and md.plain_of(cut) == "Kalimat pembuka yang panjang."  # left out whole
    cut, shortened = md.leading(parse(tabbed), 2)
    assert not shortened and len(cut.blocks[0].token["children"]) == 3  # kept whole


def test_every_cut_of_a_list_is_a_list_of_that_many_items() -> None:
    """Where a list's lines give its items' starts, the text up to item k's start is read as
    one list of k items: 2,000 lists of random markers, indents, continuations and code."""
    rng = random.Random(22)
    markers, extras = ["-", "*", "+", "1.", "2.", "1)", "10."], [
        "  lanjut", "", "    - bersarang", "malas", "  ```", "  kode", "\tx"]
    told = 0
    for _ in range(2000):
        lines = []
        for i in range(rng.randint(1, 6)):
            lines.append(" " * rng.choice([0, 0, 0, 1, 2, 3, 4]) + rng.choice(markers)
                         + " " * rng.choice([1, 1, 2, 5]) + f"butir {i}")
            lines += rng.choice([[], [], [rng.choice(extras)]])
        parsed = parse("\n".join(lines))
        for block in (b for b in parsed.blocks if b.type == "list"):
            starts = md._item_starts(parsed, block)
            told += starts is not None
            for k in range(1, len(starts or ())):
                again = md.read_tree(parsed.source[block.start:(starts or [])[k]])
                assert [b.type for b in again.blocks] == ["list"], lines
                assert len(md._items(again.blocks[0])) == k, lines
    assert told > 3000  # most lists are told apart (the rest are kept or left out whole)


def test_part_gives_the_prose_around_a_table_from_the_one_parse() -> None:
    parsed = parse("Di atas.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nDi bawah *ini*.")
    table = [b.type for b in parsed.blocks].index("table")
    before, after = parsed.part(0, table), parsed.part(table + 1)
    assert before is not None and before.source.strip() == "Di atas."
    assert after is not None and md.plain_of(after) == "Di bawah ini."
    assert parsed.part(3) is None
