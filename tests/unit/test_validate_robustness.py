"""No input makes the validator crash: it returns a visit or problems, and every problem prints.

Hand-picked odd inputs first, then generated ones (hypothesis) for the front matter, cell texts,
tags, the parameters cell and whole files.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat import NotebookNode

from ringkas.contract.problems import InvalidVisit
from ringkas.contract.spec import OTHER_TAGS, SECTIONS
from ringkas.notebook.read import read_notebook
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import FRONT_MATTER, visit_notebook

PATH = Path("2023-03-14-contoh.ipynb")
BODY = FRONT_MATTER.removeprefix("---\n").removesuffix("\n---")
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(nb: NotebookNode) -> list[str]:
    """Validate, and render every problem in both languages; any exception fails the test."""
    visit, problems = validate_notebook(nb, PATH)
    assert (visit is None) == any(p.is_error for p in problems)
    return [p.text(lang) for p in problems for lang in ("id", "en")]


def with_front(yaml_text: str) -> NotebookNode:
    nb = visit_notebook()
    nb.cells[0].source = f"---\n{yaml_text}\n---"
    return nb


@pytest.mark.parametrize("yaml_text", [
    "- a\n- b",
    "title: 42\ndate: 2023-03-14\nkind: studi-banding\nhost: Kota Contoh\nstatus: draft",
    "title: {a: [1, {b: [c, {d: e}]}]}\ndate: [1, 2]\nkind: {x: y}\nhost: [1]\nstatus: [a, [b]]",
    BODY.replace("host:\n  name: Kota Contoh\n  bps_code: \"3578\"", "host: 42"),
    BODY.replace("themes:\n  - pelayanan-publik", "themes: kemiskinan"),
    BODY.replace("date: 2023-03-14", "date: 2023-03-14T10:00"),
    BODY.replace("date: 2023-03-14", "date: 2023-03-14 10:00:00+07:00"),
    BODY.replace("date: 2023-03-14", "date: 20230314"),
    BODY.replace("date: 2023-03-14", "date: .nan"),
    BODY + "\n? [a, b]\n: c",
    BODY + "\n1: 2\nnull: 3\ntrue: 4\n2023-03-14: 5",
    "a: &a [*a]",
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]",
    "title: " + "[" * 3000 + "]" * 3000,
    "title: !!python/object/apply:os.system ['true']",
    "title: !!binary aGVsbG8=",
    "title: \x07",
    "title: \"\\ud800\"",
    "themes:\n  - null\n  - 7\n  - [x]",
    "participants: {a: b}\nsources: 3.5\napproved_by: [x]",
    "host:\n  name: X\n  bps_code: {a: 1}\n  7: 8",
    "",
    "---",
    "...",
    "%YAML 1.1\n---\ntitle: x",
])
def test_odd_yaml_gives_a_visit_or_problems_not_a_crash(yaml_text: str) -> None:
    outcome(with_front(yaml_text))


def test_recursive_yaml_is_refused_before_it_is_walked() -> None:
    [line] = [t for t in outcome(with_front("a: &a [*a]")) if "error" in t]
    assert line.endswith("line 2: aliases (*name) are not allowed; write the value out in full.")


# --- generated inputs ---------------------------------------------------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20), st.sampled_from(["2023-03-14", "2022-02-30", "draft",
                                                                "approved", "studi-banding"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
front_keys = st.sampled_from(["title", "date", "kind", "host", "home", "agency", "unit",
                              "participants", "themes", "sources", "status", "approved_by",
                              "name", "bps_code", "x"])
markdownish = st.text(alphabet=string.printable + "—éı\u00a0", max_size=200) | st.lists(
    st.sampled_from(["### Nama", "- **Sasaran:** a", "**Mulai**: 20x", "| a | b |", "|---|---|",
                     "| OPD/Pemangku kepentingan | Peran |", "| Status tindak lanjut |",
                     "> Petunjuk: x",
                     "|", "\\|", "**:**", "# Sumber:", "", "2023-S1", "| - | — |"]),
    max_size=8).map("\n".join)


@SETTINGS
@given(st.dictionaries(front_keys, yaml_values, max_size=8))
def test_generated_front_matter(data: dict[str, object]) -> None:
    outcome(with_front(yaml.safe_dump(data, allow_unicode=True)))


@SETTINGS
@given(st.text(max_size=300))
def test_generated_front_matter_text(text: str) -> None:
    outcome(with_front(text))


@SETTINGS
@given(st.integers(min_value=1, max_value=10), markdownish)
def test_generated_cell_text(index: int, source: str) -> None:
    nb = visit_notebook()
    nb.cells[index].source = source
    outcome(nb)


@SETTINGS
@given(st.integers(min_value=0, max_value=10), st.lists(st.sampled_from(
    [*SECTIONS, *OTHER_TAGS, "x", "Summary", ""]), max_size=3, unique=True))
def test_generated_tags(index: int, tags: list[str]) -> None:
    nb = visit_notebook(evidence=True)
    nb.cells[index].metadata.tags = tags
    outcome(nb)


@SETTINGS
@given(st.text(alphabet=string.printable, max_size=120) | st.lists(st.sampled_from(
    ["lang = 'id'", "audience = 'teknis'", "lang = ['id']", "x = {[1]: 2}", "x = -(-(-1))",
     "import os", "lang: str = 'en'", "a, b = 1, 2", "x = {1, 2}", "x = b'1'", "x = 1j",
     "x = (", "x = None"]), max_size=5).map("\n".join))
def test_generated_parameters_cell(source: str) -> None:
    nb = visit_notebook()
    nb.cells[1].source = source
    outcome(nb)


# --- whole files --------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["cells", "nbformat", "nbformat_minor", "metadata", "cell_type",
                                 "source", "worksheets", "id", "outputs"]), inner, max_size=5)),
    max_leaves=15)


@SETTINGS
@given(json_values)
def test_generated_json_files(tmp_path: Path, data: object) -> None:
    path = tmp_path / "2023-03-14-contoh.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    _read_or_invalid(path)


@SETTINGS
@given(st.binary(max_size=200))
def test_generated_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "2023-03-14-contoh.ipynb"
    path.write_bytes(data)
    _read_or_invalid(path)


@SETTINGS
@given(st.integers(min_value=0, max_value=4000))
def test_every_truncation_of_a_notebook(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "2023-03-14-contoh.ipynb"
    path.write_bytes(nbformat.writes(visit_notebook()).encode()[:cut])
    _read_or_invalid(path)


def _read_or_invalid(path: Path) -> None:
    try:
        nb = read_notebook(path)
    except InvalidVisit as exc:
        assert all(p.code.startswith("file.") for p in exc.problems)
        assert all(p.text("id") and p.text("en") for p in exc.problems)
        return
    outcome(nb)
