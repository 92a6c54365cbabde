"""The panel's grid of the roles and recommendations tables: read as the validator reads them,
written back keeping every unchanged row byte for byte."""

from __future__ import annotations

import nbformat
import pytest

from ringkas.authoring.table_edit import grid_problems, read_grid, write_grid
from ringkas.contract.problems import MessageError
from ringkas.project.paths import templates_dir
from tests.notebooks import EXAMPLE


def tagged_source(path: object, tag: str) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(str(c.source) for c in nb.cells if tag in c.metadata.get("tags", []))


@pytest.mark.parametrize("table", ["roles", "recommendations"])
def test_the_examples_tables_round_trip_unchanged(table: str) -> None:
    source = tagged_source(EXAMPLE, table)
    grid = read_grid(source, table)
    assert grid.rows and all(len(row) == len(grid.keys) for row in grid.rows)
    assert write_grid(source, table, [list(row) for row in grid.rows]) == source


def test_a_row_added_then_removed_gives_the_table_back() -> None:
    source = tagged_source(EXAMPLE, "recommendations")
    grid = read_grid(source, "recommendations")
    assert grid.keys == ["recommendation", "lead_opd", "timeline", "priority", "status"]
    added = write_grid(source, "recommendations",
                       [*grid.rows, ["Bentuk tim | pokja", "Bappeda", "2024-Q1", "tinggi",
                                     "usulan"]])
    old_lines = source.split("\n")
    new_lines = added.split("\n")
    assert new_lines[:len(old_lines) - 2] == old_lines[:-2]  # the rows above, as written
    assert new_lines[-3] == "| Bentuk tim \\| pokja | Bappeda | 2024-Q1 | tinggi | usulan |"
    assert new_lines[-2:] == old_lines[-2:]  # the prose under the table, as written
    assert read_grid(added, "recommendations").rows[-1][0] == "Bentuk tim | pokja"
    assert write_grid(added, "recommendations", grid.rows) == source


def test_the_skeletons_empty_row_is_a_row_to_fill() -> None:
    source = tagged_source(templates_dir() / "visit.ipynb", "roles")
    grid = read_grid(source, "roles")
    assert grid.rows == [["", ""]]
    filled = write_grid(source, "roles", [["Dinas Sosial", "Mendata keluarga miskin"]])
    assert filled.endswith("| --- | --- |\n| Dinas Sosial | Mendata keluarga miskin |")
    assert filled.startswith("> Petunjuk:")
    assert grid_problems(filled, "roles") == []


def test_choices_are_checked_as_check_checks_them() -> None:
    source = tagged_source(templates_dir() / "visit.ipynb", "recommendations")
    written = write_grid(source, "recommendations",
                         [["Bentuk tim", "Bappeda", "2024-13", "penting", "Done"]])
    problems = {(p.code, p.field) for p in grid_problems(written, "recommendations", 12)}
    assert problems == {("table.bad_timeline", "timeline"), ("table.bad_choice", "priority")}
    assert all(p.cell == 12 for p in grid_problems(written, "recommendations", 12))


def test_a_wrong_table_is_refused_with_checks_message() -> None:
    with pytest.raises(MessageError) as caught:
        read_grid("| Pihak | Tugas |\n| --- | --- |\n| a | b |", "roles")
    assert caught.value.code == "table.extra_columns"
    with pytest.raises(MessageError) as caught:
        read_grid("Belum ada tabel.", "roles")
    assert caught.value.code == "table.missing"
    with pytest.raises(MessageError) as caught:
        read_grid("Belum ada tabel.", "anggaran")
    assert caught.value.code == "lab.unknown_table"
    source = tagged_source(EXAMPLE, "roles")
    with pytest.raises(MessageError) as caught:
        write_grid(source, "roles", [["a", "b", "c"]])
    assert caught.value.code == "table.row_width"
