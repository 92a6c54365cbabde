"""The ringkas.toml part of the bad-input corpus (tests/fixtures/bad/config/): every broken
settings file stops `ringkas check` and `ringkas render` with exactly its message (in English
and in Indonesian), exit 1, no traceback, and nothing rendered.

Each case is a folder holding a ringkas.toml (and the files it names); `expected.json` beside
them says what ringkas says, `{project}` standing for the folder. Both are written by
tests/fixtures/bad/make_config_corpus.py from tests/fixtures/bad/cases_config.py.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas.cli import cli
from ringkas.contract.config import KEYS, TABLES
from tests.notebooks import ROOT, visit_notebook, write

CORPUS = ROOT / "tests" / "fixtures" / "bad" / "config"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def run(project: Path, lang: str, *args: str) -> Result:
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(project), "--lang", lang, *args])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_corpus_is_what_its_script_writes() -> None:
    folder = ROOT / "tests" / "fixtures" / "bad"
    sys.path.insert(0, str(folder))
    try:
        import make_config_corpus
        from cases_config import CASES
    finally:
        sys.path.remove(str(folder))
    assert sorted(EXPECTED) == sorted(name for name, _, _ in CASES)
    for name, toml, files in CASES:
        case = CORPUS / name
        on_disk = {p.relative_to(case).as_posix() for p in case.rglob("*") if p.is_file()}
        assert on_disk == {"ringkas.toml", *files}, name
        assert (case / "ringkas.toml").read_text(encoding="utf-8") == toml, name
        for file, content in files.items():
            assert (case / file).read_bytes() == content, (name, file)
        assert make_config_corpus.messages(case) == EXPECTED[name], name


def test_the_corpus_covers_every_table_and_every_branding_key() -> None:
    said = " ".join(case["en"] for case in EXPECTED.values())
    for key in [*TABLES, *(k for k in KEYS if k.startswith("branding."))]:
        assert f'"{key}' in said, f"no bad ringkas.toml case names {key}"
    assert len({case["code"] for case in EXPECTED.values()}) >= 15


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A copy of the case's folder, with a good visit: only ringkas.toml is wrong."""
    folder = tmp_path / request.param
    shutil.copytree(CORPUS / request.param, folder)
    write(visit_notebook(), folder / "notebooks" / "visits")
    return folder


@pytest.mark.parametrize("project", sorted(EXPECTED), indirect=True)
def test_check_and_render_stop_with_the_exact_message(project: Path) -> None:
    case = EXPECTED[project.name]
    checked = run(project, "en", "check")
    no_traceback(checked)
    assert checked.exit_code == case["exit"] == 1
    assert checked.stderr.strip() == "Error: " + case["en"].format(project=project)
    rendered = run(project, "id", "render", "--no-execute", "--format", "html")
    no_traceback(rendered)
    assert rendered.exit_code == 1
    assert rendered.stderr.strip() == "Galat: " + case["id"].format(project=project)
    assert not (project / "briefs").exists()
