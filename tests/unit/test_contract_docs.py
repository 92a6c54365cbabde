"""docs/format.md and contract.py describe one contract: the tables of the one must be the other.

The docs' tables are parsed (heading -> rows keyed by column name) and compared, both ways, with
the names, labels, presences, types and allowed values in code. Examples written in the docs
(visit ids, timelines, guidance lines, innovation fields, the `ringkas check` output) are run.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.cli import cli
from ringkas.contract import spec as C
from ringkas.contract.timeline import due_date
from ringkas.i18n.translations import msgids
from ringkas.notebook.markdown import strip_guidance
from ringkas.notebook.validate import validate_notebook
from tests.notebooks import FRONT_MATTER, ROOT, visit_notebook, write

DOCS = ROOT / "docs" / "format.md"
SOURCES = ROOT / "src" / "ringkas"
VALIDATION_PREFIXES = ("file.", "fm.", "param.", "tag.", "section.", "innovation.", "evidence.",
                       "table.", "risky.", "font.", "markdown.", "photo.")
LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\(#(?P<anchor>[^)]+)\)$")

Rows = list[dict[str, str]]


# --- reading the docs ---------------------------------------------------------------------

def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def doc_tables(text: str) -> dict[str, Rows]:
    """Every table in the docs, keyed by the heading above it; fenced code is skipped."""
    tables: dict[str, Rows] = {}
    heading, fenced, lines = "", False, text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and i + 1 < len(lines) and set(lines[i + 1]) <= set("|-: "):
            if i > 0 and lines[i - 1].startswith("|"):
                continue  # a row, not a header
            assert heading not in tables, f"two tables under the heading {heading!r}"
            header = _cells(line)
            rows = []
            for row_line in lines[i + 2:]:
                if not row_line.startswith("|"):
                    break
                cells = _cells(row_line)
                assert len(cells) == len(header), f"{heading}: {row_line}"
                rows.append(dict(zip(header, cells, strict=True)))
            tables[heading] = rows
    return tables


def code(cell: str) -> str:
    """A cell's text without the backticks around code."""
    return cell.strip().strip("`")


def codes(cell: str) -> list[str]:
    return [code(c) for c in cell.split(",") if c.strip()]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@pytest.fixture(scope="module")
def docs() -> str:
    return DOCS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(docs: str) -> dict[str, Rows]:
    return doc_tables(docs)


def linked_table(cell: str, tables: dict[str, Rows]) -> Rows:
    match = LINK.match(cell)
    assert match, f"expected a link to a table, got {cell!r}"
    assert slug(match["text"]) == match["anchor"]
    return tables[match["text"]]


def choice_rows(rows: Rows) -> dict[str, tuple[str, str]]:
    return {code(r["Value"]): (r["Label (id)"], r["Label (en)"]) for r in rows}


def choices_of(choices: dict[str, C.Choice]) -> dict[str, tuple[str, str]]:
    return {c.value: (c.id, c.en) for c in choices.values()}


# --- the parser itself --------------------------------------------------------------------

def test_doc_tables_reads_a_table_per_heading_and_skips_code() -> None:
    text = "## A\n\n| K | V |\n| --- | --- |\n| `x` | 1 |\n| y | 2 |\n\n```\n| no | table |\n" \
           "| --- | --- |\n```\n### B\n| Only |\n|---|\n| z |\n"
    assert doc_tables(text) == {"A": [{"K": "`x`", "V": "1"}, {"K": "y", "V": "2"}],
                                "B": [{"Only": "z"}]}


# --- front matter -------------------------------------------------------------------------

def test_front_matter_fields_table_is_the_contract(tables: dict[str, Rows]) -> None:
    rows = tables["Front matter fields"]
    documented = {code(r["Key"]): (r["Label (id)"], r["Label (en)"], r["Presence"], r["Type"])
                  for r in rows}
    assert documented == {f.key: (f.id, f.en, f.presence, f.type)
                          for f in C.FRONT_MATTER_FIELDS.values()}
    assert [code(r["Key"]) for r in rows] == list(C.FRONT_MATTER_FIELDS)


def test_front_matter_allowed_values_link_to_the_choices(tables: dict[str, Rows]) -> None:
    for row in tables["Front matter fields"]:
        spec = C.FRONT_MATTER_FIELDS[code(row["Key"])]
        if spec.choices is None:
            assert row["Allowed values"] == "", spec.key
        else:
            assert choice_rows(linked_table(row["Allowed values"], tables)) == \
                choices_of(spec.choices), spec.key


@pytest.mark.parametrize(("heading", "choices"), [
    ("Kinds of visit", C.VISIT_KINDS),
    ("Document status", C.VISIT_STATUSES),
    ("Themes", C.THEMES),
    ("Priorities", C.PRIORITIES),
    ("Follow-up status", C.RECOMMENDATION_STATUSES),
])
def test_choice_tables_are_the_contract(tables: dict[str, Rows], heading: str,
                                        choices: dict[str, C.Choice]) -> None:
    assert choice_rows(tables[heading]) == choices_of(choices)
    assert [code(r["Value"]) for r in tables[heading]] == list(choices)


def test_open_follow_up_statuses(tables: dict[str, Rows]) -> None:
    documented = {code(r["Value"]) for r in tables["Follow-up status"] if r["Open"] == "yes"}
    assert documented == set(C.OPEN_STATUSES)
    assert {r["Open"] for r in tables["Follow-up status"]} == {"yes", "no"}
    assert C.DONE_STATUS not in documented


def test_region_fields_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {code(r["Key"]): (r["Label (id)"], r["Label (en)"], r["Presence"], r["Type"])
                  for r in tables["Region fields"]}
    assert documented == {f.key: (f.id, f.en, f.presence, f.type)
                          for f in C.REGION_FIELDS.values()}


def test_person_fields_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {code(r["Key"]): (r["Label (id)"], r["Label (en)"], r["Presence"], r["Type"])
                  for r in tables["Person fields"]}
    assert documented == {f.key: (f.id, f.en, f.presence, f.type)
                          for f in C.PERSON_FIELDS.values()}


def test_approval_fields_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {code(r["Key"]): (r["Label (id)"], r["Label (en)"], r["Presence"], r["Type"])
                  for r in tables["Approval fields"]}
    assert documented == {f.key: (f.id, f.en, f.presence, f.type)
                          for f in C.APPROVAL_FIELDS.values()}


def test_every_type_and_presence_is_explained(tables: dict[str, Rows]) -> None:
    fields = [*C.FRONT_MATTER_FIELDS.values(), *C.REGION_FIELDS.values()]
    assert {r["Type"] for r in tables["Types"]} == {f.type for f in fields}
    presences = {f.presence for f in fields} | {s.presence for s in C.SECTIONS.values()}
    assert {r["Presence"] for r in tables["Presence"]} == presences


def test_type_examples_are_accepted(tables: dict[str, Rows]) -> None:
    for row in tables["Types"]:
        key, _, value = code(row["Example"]).partition(": ")
        nb = visit_notebook()
        lines = [line for line in FRONT_MATTER.splitlines() if not line.startswith(f"{key}:")]
        nb.cells[0].source = "\n".join(lines).replace("---\n", f"---\n{key}: {value}\n", 1)
        _, problems = validate_notebook(nb, Path("2022-11-28-contoh.ipynb"))
        errors = [p.text("en") for p in problems if p.is_error and p.field == key]
        assert errors == [], row["Example"]


# --- the visit id -------------------------------------------------------------------------

def test_visit_id_examples(tables: dict[str, Rows]) -> None:
    rows = tables["Visit id examples"]
    assert {r["Valid"] for r in rows} == {"yes", "no"}
    for row in rows:
        visit_id = code(row["Id"])
        _, problems = validate_notebook(visit_notebook(), Path(f"{visit_id}.ipynb"))
        bad = [p for p in problems if p.code in ("file.bad_name", "file.bad_id_date")]
        assert (not bad) == (row["Valid"] == "yes"), visit_id


# --- parameters ---------------------------------------------------------------------------

def test_parameters_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {code(r["Name"]): (code(r["Default"]), codes(r["Allowed values"]))
                  for r in tables["Parameters"]}
    assert documented == {p.name: (p.default, list(p.choices)) for p in C.PARAMETERS.values()}


def test_parameter_values_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {(code(r["Parameter"]), code(r["Value"])): (r["Label (id)"], r["Label (en)"])
                  for r in tables["Parameter values"]}
    assert documented == {(p.name, c.value): (c.id, c.en)
                          for p in C.PARAMETERS.values() for c in p.choices.values()}


# --- sections and tags --------------------------------------------------------------------

def test_section_tags_table_is_the_contract(tables: dict[str, Rows]) -> None:
    rows = tables["Section tags"]
    documented = {code(r["Tag"]): (r["Cell type"], r["Presence"], r["Repeatable"] == "yes",
                                   r["Label (id)"], r["Label (en)"]) for r in rows}
    assert documented == {s.tag: (s.cell_type, s.presence, s.repeatable, s.id, s.en)
                          for s in C.SECTIONS.values()}
    assert {r["Repeatable"] for r in rows} == {"yes", "no"}
    assert all(r["What it holds"] for r in rows)


def test_other_tags_table_is_the_contract(tables: dict[str, Rows]) -> None:
    assert {code(r["Tag"]) for r in tables["Other tags"]} == set(C.OTHER_TAGS)


def test_guidance_examples(tables: dict[str, Rows]) -> None:
    rows = tables["Guidance examples"]
    assert {r["Guidance"] for r in rows} == {"yes", "no"}
    for row in rows:
        line = code(row["Line"])
        assert bool(C.GUIDANCE_PATTERN.match(line)) == (row["Guidance"] == "yes"), line
        assert (strip_guidance(line) == "") == (row["Guidance"] == "yes"), line


# --- innovations --------------------------------------------------------------------------

def test_innovation_fields_table_is_the_contract(tables: dict[str, Rows]) -> None:
    documented = {code(r["Key"]): (r["Field (id)"], r["Field (en)"], r["Type"])
                  for r in tables["Innovation fields"]}
    assert documented == {f.key: (f.id, f.en, f.type) for f in C.INNOVATION_FIELDS.values()}


@pytest.mark.parametrize("label", ["Field (id)", "Field (en)", "Key"])
def test_innovation_field_examples_are_read(tables: dict[str, Rows], label: str) -> None:
    rows = tables["Innovation fields"]
    lines = "\n".join(f"- **{code(r[label])}:** {r['Example']}" for r in rows)
    nb = visit_notebook()
    nb.cells[6].source = f"### Contoh\n\nUraian.\n\n{lines}"
    visit, problems = validate_notebook(nb, Path("2023-03-14-contoh.ipynb"))
    assert problems == []
    assert visit is not None
    innovation = visit.innovations[0]
    for row in rows:
        expected = int(row["Example"]) if row["Type"] == "year" else row["Example"]
        assert getattr(innovation, code(row["Key"])) == expected


# --- tables -------------------------------------------------------------------------------

@pytest.mark.parametrize(("heading", "tag"), [
    ("Roles table columns", "roles"),
    ("Recommendations table columns", "recommendations"),
])
def test_table_columns_are_the_contract(tables: dict[str, Rows], heading: str, tag: str) -> None:
    rows = tables[heading]
    documented = {code(r["Key"]): (r["Column (id)"], r["Column (en)"], r["Value required"] == "yes")
                  for r in rows}
    assert documented == {c.key: (c.id, c.en, c.required_value)
                          for c in C.TABLE_COLUMNS[tag].values()}
    for row in rows:
        column = C.TABLE_COLUMNS[tag][code(row["Key"])]
        if column.choices is not None:
            assert choice_rows(linked_table(row["Allowed values"], tables)) == \
                choices_of(column.choices)
        elif column.key == "timeline":
            assert linked_table(row["Allowed values"], tables) == tables["Timeline formats"]
        else:
            assert row["Allowed values"] == ""


def test_timeline_examples_and_due_dates(tables: dict[str, Rows]) -> None:
    groups = set()
    for row in tables["Timeline formats"]:
        example = code(row["Example"])
        assert due_date(example) == dt.date.fromisoformat(row["Due date"]), example
        match = C.TIMELINE_PATTERN.match(example)
        assert match is not None
        groups |= {name for name, value in match.groupdict().items() if value}
    assert groups == set(C.TIMELINE_PATTERN.groupindex)  # every format is documented


# --- evidence -----------------------------------------------------------------------------

def test_evidence_comment_lines_are_the_contract(tables: dict[str, Rows]) -> None:
    rows = tables["Evidence comment lines"]
    documented = {code(r["Key"]): (code(r["Comment (id)"]), code(r["Comment (en)"])) for r in rows}
    assert documented == {key: (f"# {id_}:", f"# {en}:")
                          for key, (id_, en) in ((k, (f.id, f.en))
                                                 for k, f in C.EVIDENCE_FIELDS.items())}
    assert {code(r["Key"]) for r in rows if r["Required"] == "yes"} == {"source"}


# --- what `ringkas check` reports -------------------------------------------------------------

def _severities_in_code() -> dict[str, set[str]]:
    """Each validation message code the source raises, with the severities it is raised at.

    `found.warn(..., "code")` raises a warning; every other use of a code (`found.error`,
    `Problem(...)` with the default severity, `fail(...)` in load.py) raises an error.
    """
    found: dict[str, set[str]] = {}
    for module in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            severity = "warning" if getattr(node.func, "attr", None) == "warn" else "error"
            for arg in node.args:
                if isinstance(arg, ast.Constant) and arg.value in msgids(C.DEFAULT_LANG) \
                        and str(arg.value).startswith(VALIDATION_PREFIXES):
                    found.setdefault(arg.value, set()).add(severity)
    return found


def test_every_problem_is_documented_with_its_severity(tables: dict[str, Rows]) -> None:
    documented = {code(r["Code"]): r["Severity"] for r in tables["Problems"]}
    raised = _severities_in_code()
    catalogue = {c for c in msgids(C.DEFAULT_LANG) if c.startswith(VALIDATION_PREFIXES)}
    assert set(documented) == catalogue  # no message undocumented, nothing documented unsaid
    assert set(raised) == catalogue  # no message in the catalogue that nothing raises
    assert {code: {severity} for code, severity in documented.items()} == raised


def test_exit_codes_are_documented(tables: dict[str, Rows]) -> None:
    assert [r["Exit code"] for r in tables["Exit codes"]] == ["0", "1", "2"]


def test_example_check_output_is_what_check_prints(docs: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    block = docs.split("```text\n", 1)[1].split("```", 1)[0]
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("kind: studi-banding", "kind: studi-bandig")
    nb.cells[10].source = nb.cells[10].source.replace("| BKPSDM |", "| |")
    write(nb, tmp_path / "notebooks" / "visits")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--lang", "en", "check",
                                      "notebooks/visits/2023-03-14-contoh.ipynb"])
    assert result.exit_code == 1
    assert result.output == block


def test_every_link_in_the_docs_has_its_heading(docs: str) -> None:
    anchors = {slug(line.lstrip("#").strip()) for line in docs.splitlines() if line.startswith("#")}
    links = set(re.findall(r"\]\(#([^)]+)\)", docs))
    assert links
    assert links <= anchors, links - anchors
