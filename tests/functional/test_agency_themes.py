"""ringkas.toml [[theme]]: a project's own themes join the built-in vocabulary everywhere a
theme is known (check, briefs, catalogue, search, the knowledge base, render workers), in that
project only."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ringkas import api
from ringkas.build.jobs import Job, RenderOptions
from ringkas.build.worker import unit_files
from ringkas.cli import cli
from ringkas.contract import spec as C
from ringkas.contract.config import ConfigError, load_settings
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.themes import BUILTIN_THEMES, AgencyTheme
from ringkas.knowledge.synthesis import parse_stem
from ringkas.project.paths import Project
from tests.notebooks import visit_notebook, write

STUNTING = '[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\nen = "Stunting reduction"\n'


@pytest.fixture(autouse=True)
def builtin_vocabulary() -> object:
    """No test changes the built-in vocabulary: a project's themes are its own value."""
    before = dict(C.THEMES)
    yield
    assert before == C.THEMES


def project(root: Path, toml: str = STUNTING, theme: str = "stunting") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ringkas.toml").write_text(toml, encoding="utf-8")
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("  - pelayanan-publik", f"  - {theme}")
    write(nb, root / "notebooks" / "visits")
    return root


def run(root: Path, *args: str) -> Result:
    return CliRunner(env={"RINGKAS_HOME": None, "RINGKAS_LANG": None}).invoke(
        cli, ["--project", str(root), "--lang", "en", *args])


def test_the_file_s_themes(tmp_path: Path) -> None:
    root = project(tmp_path)
    [theme] = load_settings(Project(root)).themes
    assert (theme.value, theme.label("id"), theme.label("en")) == (
        "stunting", "Penurunan stunting", "Stunting reduction")
    assert "stunting" not in BUILTIN_THEMES


def test_a_visit_with_the_agency_s_theme_is_valid_there_and_only_there(tmp_path: Path) -> None:
    ours = project(tmp_path / "ours")
    result = api.check(project=ours)
    assert not result.failed and result.visits[0].themes == ["stunting"]
    assert run(ours, "check").exit_code == 0
    other = project(tmp_path / "other", toml="")
    result = api.check(project=other)
    assert result.failed
    checked = run(other, "check")
    assert checked.exit_code == 1
    assert "\"stunting\"" in checked.stderr and "themes" in checked.stderr


def test_the_label_spelling_is_accepted_too(tmp_path: Path) -> None:
    root = project(tmp_path, theme="Stunting reduction")
    assert api.check(project=root).visits[0].themes == ["stunting"]


@pytest.mark.parametrize(("toml", "message"), [
    ('[[theme]]\ncode = "kemiskinan"\nid = "Kemiskinan ekstrem"\nen = "Extreme poverty"\n',
     '{path}: "theme[1].code" = "kemiskinan" is already the theme "kemiskinan" (Penanggulangan '
     'kemiskinan). Use that theme in the visits as it is, or give this one another code and '
     'labels.'),
    ('[[theme]]\ncode = "miskin"\nid = "Penanggulangan kemiskinan"\nen = "Poverty"\n',
     '{path}: "theme[1].id" = "Penanggulangan kemiskinan" is already the theme "kemiskinan" '
     '(Penanggulangan kemiskinan). Use that theme in the visits as it is, or give this one '
     'another code and labels.'),
    (STUNTING + STUNTING,
     '{path}: "theme[2].code" = "stunting" is already the theme "stunting" (stunting). Use '
     'that theme in the visits as it is, or give this one another code and labels.'),
    ('[[theme]]\ncode = "Stunting Anak"\nid = "Stunting"\nen = "Stunting"\n',
     '{path}: "theme[1].code" = "Stunting Anak" is no theme code: write lower-case letters, '
     'digits and hyphens, beginning with a letter, e.g. "stunting" or "air-bersih".'),
    ('[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\n',
     '{path}: "theme[1].en" is missing: every [[theme]] needs a code and a label in Indonesian '
     'and English, e.g. code = "stunting", id = "Penurunan stunting", en = "Stunting '
     'reduction".'),
    ('[[theme]]\ncode = "stunting"\nid = "Penurunan stunting"\nen = "Stunting"\nlabel = "x"\n',
     '{path}: unknown key "theme[1].label". Valid keys: theme.code, theme.id, theme.en.'),
    ('theme = "stunting"\n',
     '{path}: "theme" must be a list of themes, each written as [[theme]] with code = "...", '
     'id = "..." and en = "..." below it.'),
])
def test_a_bad_theme_is_an_exact_error(tmp_path: Path, toml: str, message: str) -> None:
    root = project(tmp_path, toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(Project(root))
    assert caught.value.text("en") == message.format(path=root / "ringkas.toml")
    result = run(root, "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == "Error: " + message.format(path=root / "ringkas.toml")


def test_new_takes_the_agency_s_theme(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run(root, "new", "--date", "2024-03-05", "--host", "Kota Surabaya", "--title",
                 "Studi tiru", "--theme", "Penurunan stunting")
    assert result.exit_code == 0, result.output
    path = root / "notebooks" / "visits" / "2024-03-05-surabaya.ipynb"
    assert api.load_visit(path).themes == ["stunting"]


def test_briefs_catalogue_and_search_know_the_theme(tmp_path: Path) -> None:
    root = project(tmp_path)
    report = api.render_briefs(langs=("en",), audiences=("pimpinan",), formats=("html",),
                               execute=False, jobs=1, catalogue="en", project=root)
    assert not report.failed, report.failed
    [brief] = (root / "briefs").rglob("*.pimpinan.en.html")
    assert "<li>Stunting reduction</li>" in brief.read_text(encoding="utf-8")
    catalogue = (root / "briefs" / "index.html").read_text(encoding="utf-8")
    assert ('<option value="stunting" data-id="Penurunan stunting" data-en="Stunting reduction">'
            'Stunting reduction</option>') in catalogue
    hits = api.search("pelayanan", theme="Stunting reduction", project=root).hits
    assert len(hits) >= 1
    assert api.knowledge_base(project=root).visits["themes"].tolist() == [["stunting"]]
    vocabulary = api.settings_of(root).vocabulary
    assert parse_stem("stunting-2023", vocabulary) is not None
    assert parse_stem("stunting-2023") is None  # not a built-in theme: another project's file


def test_a_worker_takes_the_themes_from_its_options(tmp_path: Path) -> None:
    """A pool or Dask worker never reads ringkas.toml: the themes travel in RenderOptions."""
    theme = AgencyTheme("stunting", "theme", (("id", "Penurunan stunting"),
                                              ("en", "Stunting reduction")))
    path = project(tmp_path / "p", toml="") / "notebooks" / "visits" / "2023-03-14-contoh.ipynb"
    options = pickle.loads(pickle.dumps(RenderOptions(
        out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
        audiences=("pimpinan",), formats=("html",), execute=False,
        settings=ProjectSettings(themes=(theme,)))))
    assert "stunting" not in C.THEMES  # as in a fresh worker process
    files = unit_files(Job(path.stem, path, "id", "key", {}, path.read_bytes()), options, None)
    assert "<li>Penurunan stunting</li>" in files[f"{path.stem}/{path.stem}.pimpinan.id.html"
                                                   ].decode("utf-8")


def test_new_themes_render_the_briefs_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    settings = {"langs": ("id",), "audiences": ("pimpinan",), "formats": ("html",),
                "execute": False, "jobs": 1, "catalogue": None, "project": root}
    assert api.render_briefs(**settings).rendered  # type: ignore[arg-type]
    assert api.render_briefs(**settings).skipped  # type: ignore[arg-type]
    (root / "ringkas.toml").write_text(STUNTING.replace("Penurunan stunting", "Cegah stunting"),
                                       encoding="utf-8")
    assert api.render_briefs(**settings).rendered  # type: ignore[arg-type]
