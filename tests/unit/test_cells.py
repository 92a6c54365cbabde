"""One tag reader for every stage, robust to metadata edited by hand."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from ringkas.notebook.cells import cell_tags


@pytest.mark.parametrize(("metadata", "tags"), [
    ({"tags": ["summary", "hide-input"]}, ["summary", "hide-input"]),
    ({"tags": ("parameters",)}, ["parameters"]),
    ({"tags": ["summary", 5, None, True]}, ["summary", "5", "True"]),
    ({"tags": "parameters"}, []),  # a string is not a list of one tag
    ({"tags": {"summary": True}}, []),
    ({"tags": None}, []),
    ({}, []),
])
def test_tags_from_odd_metadata(metadata: dict[str, object], tags: list[str]) -> None:
    cell = new_markdown_cell("x")
    cell.metadata = metadata
    assert cell_tags(cell) == tags


@pytest.mark.parametrize("metadata", [None, "tags", ["summary"], 3])
def test_metadata_that_is_not_a_mapping_has_no_tags(metadata: object) -> None:
    cell = new_code_cell("x")
    cell["metadata"] = metadata
    assert cell_tags(cell) == []


def test_a_cell_without_metadata_has_no_tags() -> None:
    assert cell_tags({"cell_type": "code", "source": ""}) == []
