"""Fuzzing the whole read path: load, validate, render to HTML.

Generated notebooks (front matter, parameters, sections, innovation cells, tables, evidence
outputs), mostly valid so that rendering is reached, and mutations of a valid one (random bytes,
deleted keys, swapped types, random tags, random table cells). The properties:

- the loader and validator accept a notebook or raise `RingkasError`, never anything else;
- a notebook they accept renders to HTML (`export.render_html`) without an exception, in both
  audiences and languages, and the HTML holds no script, event handler or `javascript:` URL;
- and a fair share of what is generated is accepted and rendered, so that a validator refusing
  everything fails: each property runs inside a test that counts its examples (`Tally`).

The `fast` profile (tests/conftest.py) runs about a hundred examples per test; `make fuzz` runs
the `long` one (`HYPOTHESIS_PROFILE=long`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import string
import tempfile
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import event, given, note
from hypothesis import strategies as st
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from ringkas.contract import spec as C
from ringkas.contract.problems import RingkasError
from ringkas.notebook.read import check_visits, load_visit, read_notebook
from ringkas.render.exporters import render_html
from tests.notebooks import PARAMETERS, tagged, visit_notebook

pytestmark = pytest.mark.filterwarnings(  # nbconvert, about an output of text/latex only
    "ignore:Your element with mimetype:UserWarning")

VISIT_ID = "2023-03-14-contoh"
DATE = "2023-03-14"
RENDERED_ON = dt.date(2024, 1, 2)
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
               "form", "input", "button", "svg", "math", "link", "template"}
SAFE_URL = re.compile(r"^(?:https?:|mailto:|data:image/(?:png|jpeg|gif|svg\+xml);base64,|#)", re.I)


class ActiveContent(HTMLParser):
    """Everything in a page that could run or fetch: active tags, event handler attributes,
    links and sources that are not web, mail or data-image URLs, a meta refresh."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for attribute, value in attrs:
            if attribute.startswith("on"):
                self.found.append(f"<{tag} {attribute}=...>")
            if attribute in ("href", "src", "action", "formaction", "xlink:href") \
                    and not SAFE_URL.match((value or "").strip()):
                self.found.append(f"<{tag} {attribute}={value!r}>")
            if tag == "meta" and attribute == "http-equiv" and (value or "").lower() == "refresh":
                self.found.append("<meta refresh>")

# --- text ---------------------------------------------------------------------------------

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "[klik](javascript:alert(1))", "<svg onload=alert(1)>", "{{ 7*7 }}", "{% raw %}x",
    "</style><script>x</script>", "<iframe src=//x>", "<a href='javascript:x'>a</a>",
    "<scr<script>ipt>alert(1)</script>", "<object data=x>", "\" onmouseover=\"alert(1)",
    "<style>body{background:url(//x)}</style>", "![x](data:text/html,<script>1</script>)",
    "<base href=//x>", "<meta http-equiv=refresh content=0;url=//x>", "\u202e\u200b", "\x00",
    "---", "|", "\\|", "**", "# Judul", "> Petunjuk: isi", "- **Sasaran:** x", "```", "<",
    "&lt;script&gt;", "%", "!ls", "ꦗꦮ", "تطوير", "e\u0301", "\ufeff", "\r\n", "`x`", "_",
]
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
word = st.one_of(any_text, st.sampled_from(NASTY), st.text(string.ascii_letters, min_size=1,
                                                            max_size=12))
line = st.lists(word, min_size=1, max_size=5).map(" ".join)
prose = st.lists(line, max_size=5).map("\n".join)
#: Prose with something written in it: what a section the visit needs holds.
written = st.builds(lambda head, rest: f"{head}\n{rest}", st.text(string.ascii_letters,
                                                                   min_size=1), prose)
#: Text that names something: it starts with letters, whatever follows.
name = st.builds(lambda head, tail: f"{head} {tail}",
                 st.text(string.ascii_letters, min_size=1, max_size=10), word)
#: One table cell or field value: anything on one line, its pipes escaped.
cell_text = st.builds(lambda head, tail: f"{head} {tail}".replace("\r", " ").replace(
    "\n", " ").replace("|", "\\|"), st.text(string.ascii_letters, min_size=1, max_size=8), word)


def spellings(named: dict) -> list[str]:
    """Every way a field, column or value may be written: key, Indonesian and English label."""
    return [s for key, spec in named.items() for s in (key, spec.id, spec.en)]


def either(wild: bool, valid: st.SearchStrategy, other: st.SearchStrategy) -> st.SearchStrategy:
    """`valid`, or when this part of the notebook is to be broken, mostly `other`."""
    return st.one_of(other, other, valid) if wild else valid


PARTS = ("front", "parameters", "sections", "innovations", "roles", "recommendations",
         "evidence")
#: Which parts of a generated notebook are broken: none in half the examples.
wild_parts = st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(PARTS), max_size=3))


# --- front matter -------------------------------------------------------------------------

def front_matter(wild: bool = False) -> st.SearchStrategy:
    region = st.one_of(name, st.fixed_dictionaries(
        {"name": name}, optional={"bps_code": st.sampled_from(["3578", "35"])}))
    bad = st.one_of(word, st.integers(), st.lists(word, max_size=2), st.dictionaries(
        st.sampled_from(["name", "bps_code", "x"]), word, max_size=2), st.none())
    return st.fixed_dictionaries(
        {
            "title": either(wild, name, bad),
            "date": either(wild, st.just(DATE), st.one_of(bad, st.dates().map(str))),
            "kind": either(wild, st.sampled_from(spellings(C.VISIT_KINDS)), bad),
            "host": either(wild, region, bad),
            "status": either(wild, st.sampled_from(["draft", "reviewed", "Draf", "Ditelaah"]),
                             bad),
        },
        optional={
            "home": either(wild, region, bad), "agency": either(wild, line, bad),
            "unit": either(wild, line, bad), "approved_by": either(wild, name, bad),
            "participants": either(wild, st.lists(line, max_size=3), bad),
            "themes": either(wild, st.lists(st.sampled_from(spellings(C.THEMES)), max_size=3),
                             bad),
            "sources": either(wild, st.lists(st.one_of(line, st.sampled_from(
                ["https://x.org/a", "javascript:alert(1)", "http://x.org/\"><script>"])),
                max_size=3), bad),
            **({"tittle": word, "x": bad} if wild else {}),
        },
    )


# --- cells --------------------------------------------------------------------------------

FIELD_KEYS = sorted(spellings(C.INNOVATION_FIELDS))


@st.composite
def innovation(draw: st.DrawFn, wild: bool = False, number: int = 1) -> str:
    """An innovation cell: a heading, prose, and `**Field:** value` lines."""
    keys = draw(st.lists(st.sampled_from(list(C.INNOVATION_FIELDS)), unique=True, max_size=7))
    lines = []
    for key in keys:
        spec = C.INNOVATION_FIELDS[key]
        label = draw(st.sampled_from([key, spec.id, spec.en, spec.id.upper()]))
        value = draw(st.integers(1900, 2100).map(str) if spec.type == "year" else cell_text)
        lines.append(f"{draw(st.sampled_from(['- ', '', '* ']))}**{label}:** {value}")
    if wild:
        lines += draw(st.lists(st.builds(lambda k, v: f"- **{k}:** {v}", st.one_of(
            st.sampled_from(FIELD_KEYS), word), word), max_size=3))
    heading = draw(either(wild, st.just(f"### {draw(name)} {number}"),
                          st.one_of(st.just(""), word.map(lambda w: f"**{w}**"), line)))
    return f"{heading}\n\n{draw(prose)}\n\n" + "\n".join(lines)


@st.composite
def table(draw: st.DrawFn, columns: dict, wild: bool = False) -> str:
    """A markdown table with every column (any order, either language) and rows of values
    that fit; when wild, columns go missing or extra and values are anything."""
    specs = draw(st.permutations(list(columns.values())))
    header = [draw(st.sampled_from([c.id, c.en, c.key])) for c in specs]
    if wild:
        header = draw(st.lists(st.one_of(st.sampled_from(header), word), max_size=7))

    def value(column: C.Column) -> st.SearchStrategy:
        if column.key == "timeline":
            return st.sampled_from(["2023", "2023-S1", "2023-Q3", "2024-02", "2024-02-29", "-"])
        if column.choices:
            return st.sampled_from(spellings(column.choices))
        return cell_text if column.required_value else st.one_of(cell_text, st.just("-"))

    rows = []
    for _ in range(draw(st.integers(0 if wild else 1, 4))):
        if wild:
            rows.append(draw(st.lists(st.one_of(cell_text, word), max_size=7)))
        else:
            rows.append([draw(value(c)) for c in specs])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return f"{draw(prose)}\n\n" + "\n".join(lines) + f"\n\n{draw(prose)}"


png = b"\x89PNG\r\n\x1a\n"
output = st.one_of(
    st.builds(lambda t: new_output("stream", name="stdout", text=t), prose),
    st.builds(lambda mime, value: new_output("display_data", data={mime: value}),
              st.sampled_from(["text/plain", "text/html", "text/markdown", "text/latex",
                               "application/javascript", "image/svg+xml"]),
              st.one_of(prose, st.sampled_from(NASTY), st.just(
                  "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>1</script>"
                  "</svg>"))),
    st.builds(lambda data: new_output("display_data", data={"image/png": data}),
              st.one_of(st.binary(max_size=40).map(lambda b: base64.b64encode(png + b).decode()),
                        word)),
    st.builds(lambda html: new_output("execute_result", data={"text/html": html,
                                                              "text/plain": "df"},
                                      execution_count=1), prose),
)


def evidence(wild: bool = False) -> st.SearchStrategy:
    return st.builds(_evidence, line, either(wild, name, st.just("")),
                     st.lists(output, max_size=3))


def _evidence(caption: str, source: str, outputs: list[NotebookNode]) -> NotebookNode:
    caption, source = (" ".join(t.split()) for t in (caption, source))  # one line each
    cell = new_code_cell(f"# Judul: {caption}\n# Sumber: {source}\nprint(1)")
    cell.outputs = outputs
    return tagged(cell, "evidence")


def markdown(text: str, *tags: str) -> NotebookNode:
    return tagged(new_markdown_cell(text), *tags)


@st.composite
def visits(draw: st.DrawFn) -> NotebookNode:
    """A visit notebook with generated content everywhere; valid in about half the examples,
    with one to three parts broken in the others."""
    wild = draw(wild_parts)
    note(f"broken parts: {sorted(wild)}")
    front = yaml.safe_dump(draw(front_matter("front" in wild)), allow_unicode=True)
    cells = [new_raw_cell(f"---\n{front}---"), tagged(new_code_cell(draw(either(
        "parameters" in wild, st.just(PARAMETERS), prose))), "parameters")]
    for tag in ("summary", "background", "purpose", "leadership", "outcome", "lessons"):
        text = draw(prose if "sections" in wild else written)
        tags = draw(st.sampled_from([(tag,), (), (tag, "context"), (tag.upper(),)])) \
            if "sections" in wild else (tag,)
        cells.append(markdown(text, *tags))
    cells += [markdown(draw(innovation("innovations" in wild, i)), "innovation")
              for i in range(draw(st.integers(1, 3)))]
    cells.append(markdown(draw(table(C.ROLE_COLUMNS, "roles" in wild)), "roles"))
    cells.append(markdown(draw(table(C.RECOMMENDATION_COLUMNS, "recommendations" in wild)),
                          "recommendations"))
    cells += [markdown(draw(prose), "context") for _ in range(draw(st.integers(0, 2)))]
    cells += draw(st.lists(evidence("evidence" in wild), max_size=2))
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3",
                                                              "display_name": "Python 3"}})


# --- mutations of a valid notebook ----------------------------------------------------------

def valid_json() -> dict:
    nb = visit_notebook(evidence=True)
    nb.cells[-1].outputs = [new_output("stream", name="stdout", text="EVIDENCE-OUTPUT\n"),
                            new_output("display_data", data={"text/html": "<b>tabel</b>",
                                                             "text/plain": "tabel"})]
    return json.loads(nbformat.writes(nb))


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text,
              st.sampled_from(NASTY)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(any_text, inner, max_size=3)),
    max_leaves=8)
tag_names = st.lists(st.one_of(st.sampled_from([*C.SECTIONS, *C.OTHER_TAGS, "sumary",
                                                 "Summary", "innovations", " summary"]), word),
                     max_size=3)


def places(data: object, path: tuple = ()) -> list[tuple]:
    """The path of every value inside `data`."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*path, index))
    return found


def at(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


@st.composite
def mutated_notebooks(draw: st.DrawFn) -> bytes:
    """A valid visit's JSON with a few keys deleted, values swapped for others of any type,
    tags and text changed; then, sometimes, a few bytes changed."""
    data = valid_json()
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "replace", "tags", "tags", "text", "source",
                                       "source", "source"]))
        paths = [p for p in places(data) if p and (action not in ("text", "source") or (
            isinstance(at(data, p), str) and (action == "text" or p[-1] == "source")))]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        parent, key = at(data, path[:-1]), path[-1]
        note(f"{action} at {path}")
        if action == "delete":
            del parent[key]  # type: ignore[attr-defined]
        elif action == "replace":
            parent[key] = draw(json_value)  # type: ignore[index]
        elif action == "tags":
            cells = data.get("cells") if isinstance(data, dict) else None
            cell = draw(st.sampled_from(cells)) if isinstance(cells, list) and cells else None
            if isinstance(cell, dict) and isinstance(cell.get("metadata"), dict):
                cell["metadata"]["tags"] = draw(tag_names)
        elif isinstance(parent[key], str):  # type: ignore[index]
            text = parent[key]  # type: ignore[index]
            cut = draw(st.integers(0, len(text)))
            parent[key] = text[:cut] + draw(word) + text[cut + draw(st.integers(0, 5)):]  # type: ignore[index]
    raw = json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8")
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 0, 1, 3]))):
        spot = draw(st.integers(0, len(raw)))
        raw = raw[:spot] + draw(st.binary(max_size=3)) + raw[spot + draw(st.integers(0, 3)):]
    return raw


# --- the properties -------------------------------------------------------------------------

#: What the examples of the property running now came to: "accepted", "refused", "rendered".
TALLY: Counter[str] = Counter()


def fair_share(prop: Callable[[], None], accepted_at_least: float) -> Counter[str]:
    """Run the property `prop` (a `@given` function) and check that at least that share of its
    examples was accepted and rendered; a property that only ever sees refusals proves nothing."""
    TALLY.clear()
    prop()
    seen = TALLY["accepted"] + TALLY["refused"]
    assert seen, "the property ran no example"
    share = TALLY["rendered"] / seen
    assert TALLY["rendered"] == TALLY["accepted"], TALLY  # every accepted one was rendered
    assert share >= accepted_at_least, f"only {share:.0%} accepted and rendered: {dict(TALLY)}"
    return TALLY


def accepted(raw: bytes) -> NotebookNode | None:
    """The notebook if ringkas accepts the file, None if it refuses it with a RingkasError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{VISIT_ID}.ipynb"
        path.write_bytes(raw)
        result = check_visits([path])  # never raises, whatever the file holds
        try:
            nb = read_notebook(path)
            visit = load_visit(path)
        except RingkasError as refused:
            assert result.failed == [path]
            assert refused.text("id") and refused.text("en")
            event("refused")
            TALLY["refused"] += 1
            return None
    assert not result.failed and result.visits[0].id == visit.id == VISIT_ID
    event("accepted")
    TALLY["accepted"] += 1
    return nb


def renders_safely(nb: NotebookNode, audience: str, lang: str) -> str:
    html = render_html(nb, audience=audience, lang=lang, visit_id=VISIT_ID,
                       rendered_on=RENDERED_ON)
    assert "<script" not in html.lower()
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    assert parser.found == []
    TALLY["rendered"] += 1
    return html


#: The least share of each property's examples that must be accepted and rendered. Measured
#: over three runs of the `fast` profile: visits 56-74 %, mutated 8-17 %, front matter 59-67 %,
#: innovations and tables 38-73 %; a validator that refuses everything gets 0 %.
ACCEPTED = {"visits": 0.3, "mutated": 0.03, "front matter": 0.3, "innovations and tables": 0.2}
audiences = st.sampled_from(list(C.PARAMETERS["audience"].choices))
langs = st.sampled_from(C.LANGS)


@given(visits(), audiences, langs)
def generated_visits(nb: NotebookNode, audience: str, lang: str) -> None:
    read = accepted(nbformat.writes(nb).encode("utf-8"))
    if read is not None:
        renders_safely(read, audience, lang)


def test_generated_visits_are_refused_or_render_safely() -> None:
    fair_share(generated_visits, ACCEPTED["visits"])


@given(mutated_notebooks(), audiences, langs)
def mutated(raw: bytes, audience: str, lang: str) -> None:
    read = accepted(raw)
    if read is not None:
        renders_safely(read, audience, lang)


def test_mutated_notebooks_are_refused_or_render_safely() -> None:
    fair_share(mutated, ACCEPTED["mutated"])


@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_random_bytes_are_refused(raw: bytes) -> None:
    assert accepted(raw) is None


@given(st.sampled_from([False, False, True]).flatmap(front_matter), audiences, langs)
def generated_front_matter(front: dict, audience: str, lang: str) -> None:
    nb = visit_notebook()
    nb.cells[0].source = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---"
    read = accepted(nbformat.writes(nb).encode("utf-8"))
    if read is not None:
        html = renders_safely(read, audience, lang)
        assert "SENTINEL-SUMMARY" in html


def test_generated_front_matter_is_refused_or_printed_escaped() -> None:
    fair_share(generated_front_matter, ACCEPTED["front matter"])


rarely = st.sampled_from([False, False, False, False, False, True])  # broken, now and then


def numbered_innovations(count: int) -> st.SearchStrategy:
    """`count` innovation cells, numbered so that their names differ as a visit's must."""
    return st.tuples(*(rarely.flatmap(lambda wild, i=i: innovation(wild, i))
                       for i in range(1, count + 1))).map(list)


@given(st.integers(1, 4).flatmap(numbered_innovations),
       rarely.flatmap(lambda wild: table(C.ROLE_COLUMNS, wild)),
       rarely.flatmap(lambda wild: table(C.RECOMMENDATION_COLUMNS, wild)),
       audiences, langs)
def generated_innovations_and_tables(cells: list[str], roles: str, recommendations: str,
                                     audience: str, lang: str) -> None:
    nb = visit_notebook()
    nb.cells[6:7] = [tagged(new_markdown_cell(text), "innovation") for text in cells]
    nb.cells[-4].source, nb.cells[-1].source = roles, recommendations
    read = accepted(nbformat.writes(nb).encode("utf-8"))
    if read is not None:
        renders_safely(read, audience, lang)


def test_generated_innovations_and_tables_are_refused_or_render_safely() -> None:
    fair_share(generated_innovations_and_tables, ACCEPTED["innovations and tables"])


@given(st.lists(output, min_size=1, max_size=4), audiences, langs)
def test_generated_outputs_render_safely(outputs: list[NotebookNode], audience: str,
                                         lang: str) -> None:
    nb = visit_notebook(evidence=True)
    nb.cells[-1].outputs = outputs
    read = accepted(nbformat.writes(nb).encode("utf-8"))
    assert read is not None  # outputs never make a visit invalid
    renders_safely(read, audience, lang)


code_tokens = st.sampled_from([
    "import ", "from ", " as ", "os", "socket", "requests", "open(", "'w'", "'/etc/x'",
    "'../x'", "'https://x'", ")", "(", ".", ",", "=", "!", "!curl ", "%", "%%bash\n", "\n",
    "    ", "df.to_csv(", "eval(", "__import__(", "Path(", " / ", "f'{x}'", "lambda: ", "[",
    "]", ":", "\\", "#", "'''", "\x00", "x", "1"])


@given(st.one_of(any_text, st.lists(code_tokens, max_size=40).map("".join)))
def test_any_code_cell_is_read_without_an_exception(source: str) -> None:
    nb = visit_notebook()
    nb.cells.append(new_code_cell(source))
    read = accepted(nbformat.writes(nb).encode("utf-8"))
    assert read is not None  # code never makes a visit invalid: it only gets warnings
