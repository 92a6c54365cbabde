"""The widths of a Word table's columns (`ringkas.render.word_tables.fit_widths`): no column
narrower than its longest word, the rest of the line to the columns that share it."""

from __future__ import annotations

import pytest

from ringkas.render.word_tables import CELL_PADDING, fit_widths, word_width


def test_a_narrow_column_widens_to_its_longest_word() -> None:
    header = ["No.", "Rekomendasi", "Prioritas"]
    rows = [["1", "Meniru layanan keliling", "belum ditetapkan"]]
    sizes = fit_widths(header, rows, (0.9, 0, 1.5), 17.0, 3)
    assert sizes[0] >= word_width("No.", bold=True) > 0.9
    assert sizes[2] >= word_width("ditetapkan") and sizes[2] >= word_width("Prioritas", bold=True)
    assert sum(sizes) == pytest.approx(17.0)  # the recommendation takes the rest
    assert sizes[1] == pytest.approx(17.0 - sizes[0] - sizes[2])


def test_a_width_asked_is_kept_when_the_words_need_less() -> None:
    sizes = fit_widths(["A", "B"], [["x", "y"]], (4.5, 0), 17.0, 2)
    assert sizes == pytest.approx([4.5, 12.5])


def test_with_no_widths_asked_the_line_is_shared_by_the_length_of_the_text() -> None:
    rows = [["a", "a much longer text in this column"]]
    sizes = fit_widths(None, rows, (), 17.0, 2)
    assert sum(sizes) == pytest.approx(17.0)
    assert sizes[1] > 3 * sizes[0]


def test_words_wider_than_the_line_shrink_the_table_to_the_line() -> None:
    words = ["x" * 40] * 3
    sizes = fit_widths(None, [words], (), 17.0, 3)
    assert sum(sizes) == pytest.approx(17.0)
    assert word_width("") == CELL_PADDING
