"""The Python API (docs/api.md): every example of the doc runs, on a project built in tmp_path,
and does what the doc says; `import ringkas` stays cheap and lazy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ringkas
from tests.notebooks import ROOT, visit_notebook, write

DOC = ROOT / "docs" / "api.md"


def examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project as a researcher has it: one visit, the indicators, the synthesis notebook."""
    write(visit_notebook(), tmp_path / "notebooks" / "visits")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "notebooks" / "knowledge-base.ipynb", tmp_path / "notebooks")
    monkeypatch.delenv("RINGKAS_HOME", raising=False)
    monkeypatch.delenv("RINGKAS_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # a notebook cell runs in the project, as the doc assumes
    return tmp_path


def run_examples(blocks: list[str]) -> dict[str, object]:
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 (the doc's own examples)
    return namespace


def test_the_docs_examples_run_and_do_what_they_say(project: Path) -> None:
    blocks = [b for b in examples() if "synthesize(" not in b]
    assert len(blocks) >= 8
    seen = run_examples(blocks)
    assert [v.id for v in seen["checked"].visits] == ["2023-03-14-contoh"]  # type: ignore[attr-defined]
    assert seen["visit"].title == "Studi Banding Pelayanan Publik ke Kota Contoh"  # type: ignore[attr-defined]
    assert len(seen["report"].rendered) == 1  # type: ignore[attr-defined]
    assert (project / "briefs" / "2023-03-14-contoh" /
            "2023-03-14-contoh.pimpinan.id.html").is_file()
    assert (project / "briefs" / "index.html").is_file() and (project / "kb.xlsx").is_file()
    assert seen["info"].rebuilt is False  # type: ignore[attr-defined]  # update=True just ran
    assert (project / "briefs" / "kb.sqlite").is_file()
    assert list(seen["table"]["recommendation"]) == ["Meniru layanan keliling"]  # type: ignore[index]
    assert seen["poverty"]["source"].notna().all()  # type: ignore[index]


def test_searching_from_the_api_writes_nothing_until_asked(project: Path) -> None:
    result = ringkas.search("layanan keliling")
    assert len(result) and set(result.hits["visit_id"]) == {"2023-03-14-contoh"}
    assert not result.index.current and not (project / "briefs").exists()
    assert ringkas.search_index().stored() is None
    info = ringkas.search_index().update()
    assert info.rebuilt and ringkas.search_index().stored() is not None
    assert ringkas.search("layanan keliling").index.current


@pytest.mark.slow
def test_the_synthesis_example_runs(project: Path) -> None:
    seen = run_examples([b for b in examples() if "synthesize(" in b or b == "import ringkas\n"])
    assert [p.name for p in seen["files"]] == [  # type: ignore[attr-defined]
        "pelayanan-publik.en.html", "pelayanan-publik.en.ipynb"]


def test_every_public_name_is_documented_and_has_a_docstring() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ringkas.__all__:
        if name == "__version__":
            continue
        value = getattr(ringkas, name)
        assert value.__doc__, name
        if callable(value) and not isinstance(value, type):
            assert f"ringkas.{name}(" in text or f"import {name}" in text or \
                f", {name}" in text, f"docs/api.md does not show ringkas.{name}"


def test_import_is_lazy_and_cheap() -> None:
    code = ("import sys, ringkas; heavy = {'pandas', 'nbformat', 'papermill', 'click', "
            "'ringkas.api', 'jinja2'} & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        ringkas.nothing  # noqa: B018
    assert {"check", "render_briefs", "search", "knowledge_base", "followup", "synthesize"} <= set(
        dir(ringkas))


def test_api_names_survive_importing_the_subpackages() -> None:
    """Python sets `ringkas.<sub>` when a subpackage is imported: no API name may be one."""
    import ringkas.build.pipeline
    import ringkas.knowledge.search
    import ringkas.render.execute

    subpackages = {p.parent.name for p in (ROOT / "src" / "ringkas").glob("*/__init__.py")}
    assert subpackages & set(ringkas.__all__) == set()
    assert callable(ringkas.render_briefs) and callable(ringkas.search)
