"""The `parameters` cell: read without running it, its values checked against the contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell

from ringkas.contract.problems import Problem
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import PARAMETERS, tagged, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
AT = f"{PATH}, cell 2"


def with_parameters(source: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[1].source = source
    return nb


def problems(nb: NotebookNode) -> list[Problem]:
    return validate_notebook(nb, PATH)[1]


def texts(nb: NotebookNode, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in problems(nb)]


def test_no_parameters_cell() -> None:
    nb = visit_notebook()
    nb.cells[1].metadata.tags = []
    assert texts(nb) == [
        f"{PATH}, parameter \"parameters\": error: no code cell is tagged \"parameters\". "
        "Add a cell "
        "holding\n  lang = \"id\"  # id | en\n  audience = \"pimpinan\"  # pimpinan | teknis\n"
        "and tag it \"parameters\"."]


def test_two_parameters_cells() -> None:
    nb = visit_notebook()
    nb.cells.append(tagged(new_code_cell(PARAMETERS), "parameters"))
    assert texts(nb) == [
        f"{PATH}, cell 12, parameter \"parameters\": error: more than one cell is tagged "
        "\"parameters\" (cell 2 too). Keep one."]
    assert texts(nb, "id") == [
        f"{PATH}, sel 12, parameter \"parameters\": galat: lebih dari satu sel bertag "
        "\"parameters\" "
        "(juga sel 2). Sisakan satu."]


def test_a_syntax_error() -> None:
    assert texts(with_parameters('lang = "id\naudience = "pimpinan"')) == [
        f"{AT}, parameter \"parameters\": error: the parameters cell is not valid Python (line 1: "
        "unterminated string literal (detected at line 1))."]  # not "lang is missing" too


def test_a_null_byte_is_a_syntax_error() -> None:
    assert [p.code for p in problems(with_parameters(PARAMETERS + "\x00"))] == ["param.syntax"]


@pytest.mark.parametrize("line", ["import os", "print(lang)", "x = len('a')", "y = f'{lang}'",
                                  "a, b = 1, 2", "z += 1", "w = {[1]: 2}"])
def test_a_line_that_is_not_a_plain_assignment(line: str) -> None:
    assert texts(with_parameters(f"{PARAMETERS}\n{line}")) == [
        f"{AT}, parameter \"parameters\": error: line 3: the parameters cell may only hold plain "
        "\"name = value\" lines (text in quotes, numbers, lists). Move imports and computations "
        "to a code cell below it."]


def test_a_non_literal_line_in_indonesian() -> None:
    assert texts(with_parameters(f"{PARAMETERS}\nimport os"), "id") == [
        f"{PATH}, sel 2, parameter \"parameters\": galat: baris 3: sel parameters hanya "
        "boleh berisi "
        "\"nama = nilai\" sederhana (teks dalam tanda kutip, angka, daftar). Pindahkan import "
        "dan perhitungan ke sel kode di bawahnya."]


def test_a_required_parameter_missing() -> None:
    assert texts(with_parameters('lang = "id"  # id | en')) == [
        f"{AT}, parameter \"audience\": error: parameter \"audience\" is missing. Add: audience = "
        "\"pimpinan\""]


def test_a_value_outside_its_choices() -> None:
    assert texts(with_parameters('lang = "fr"\naudience = "pimpinan"')) == [
        f"{AT}, parameter \"lang\": error: value 'fr' is not allowed. Choose one of: id, en."]


def test_a_value_outside_its_choices_with_a_suggestion() -> None:
    nb = with_parameters('lang = "id"\naudience = "teknik"')
    assert texts(nb) == [
        f"{AT}, parameter \"audience\": error: value 'teknik' is not allowed. Choose one of: "
        "pimpinan, teknis. Did you mean \"teknis\"?"]
    assert texts(nb, "id") == [
        f"{PATH}, sel 2, parameter \"audience\": galat: nilai 'teknik' tidak diizinkan. Pilihan: "
        "pimpinan, teknis. Mungkin maksud Anda \"teknis\"?"]


@pytest.mark.parametrize(("value", "shown"), [('["id"]', "['id']"), ("1", "1"), ("None", "None")])
def test_a_value_that_is_not_text(value: str, shown: str) -> None:
    assert texts(with_parameters(f'lang = {value}\naudience = "pimpinan"')) == [
        f"{AT}, parameter \"lang\": error: value {shown} is not allowed. Choose one of: id, en."]


def test_an_unknown_parameter_is_a_warning() -> None:
    nb = with_parameters(f"{PARAMETERS}\ntahun = 2023  # tahun data")
    [problem] = problems(nb)
    assert problem.text("en") == (
        f"{AT}, parameter \"tahun\": warning: parameter \"tahun\" is not known to ringkas "
        "and will be "
        "ignored. Known parameters: lang, audience.")
    visit = validate_notebook(nb, PATH)[0]
    assert visit is not None and visit.parameters["tahun"] == 2023


def test_annotated_assignments_and_comments_are_read() -> None:
    visit, found = validate_notebook(with_parameters(
        '# Parameter brief\nlang: str = "en"  # id | en\n\naudience = "teknis"'), PATH)
    assert found == []
    assert visit is not None and visit.parameters == {"lang": "en", "audience": "teknis"}


def test_injected_parameters_override_the_defaults() -> None:
    nb = visit_notebook()
    nb.cells.insert(2, tagged(new_code_cell('lang = "en"\naudience = "teknis"'),
                              "injected-parameters"))
    visit, found = validate_notebook(nb, PATH)
    assert found == []
    assert visit is not None and visit.parameters == {"lang": "en", "audience": "teknis"}
    assert visit.code_cells == []


def test_bad_injected_parameters_are_reported_at_the_parameters_cell() -> None:
    nb = visit_notebook()
    nb.cells.insert(2, tagged(new_code_cell('lang = "jv"'), "injected-parameters"))
    assert texts(nb) == [
        f"{AT}, parameter \"lang\": error: value 'jv' is not allowed. Choose one of: id, en."]


def test_a_parameters_tag_on_a_markdown_cell_is_not_the_parameters_cell() -> None:
    nb = visit_notebook()
    nb.cells[1].metadata.tags = []
    nb.cells[3].metadata.tags = ["background", "parameters"]
    assert [(p.cell, p.field, p.code) for p in problems(nb)] == [
        (None, "parameters", "param.missing"), (4, "parameters", "tag.wrong_cell_type")]
