"""Revision labels end to end: rendered, kept, raised, listed, and never written by a failure."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.build.pipeline import RenderOptions, render_briefs
from ringkas.build.revision_log import log_path, read_log
from ringkas.cli import cli
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow

VISIT = "2023-03-14-contoh"
DAY = dt.date(2026, 12, 2)
LABEL = re.compile(r'<meta name="revision" content="([^"]+)">')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def options(project: Path, **changes: object) -> RenderOptions:
    base = RenderOptions(out=project / "briefs", data_dir=project / "data", langs=("id",),
                         formats=("html",), rendered_on=DAY, jobs=1)
    return replace(base, **changes)  # type: ignore[arg-type]


def render(project: Path, **changes: object) -> None:
    report = render_briefs(sorted((project / "notebooks" / "visits").glob("*.ipynb")),
                           options(project, **changes))
    assert not report.failed, report.failed


def labels(project: Path, lang: str = "id") -> set[str]:
    folder = project / "briefs" / VISIT
    return {LABEL.search(p.read_text())[1]  # type: ignore[index]
            for p in folder.glob(f"*.{lang}.html")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def history(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--project", str(project), "history", VISIT, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_content_keeps_its_label_through_force_resave_and_template(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = add_visit(project, VISIT, code=None)
    render(project)
    first = labels(project)
    assert len(first) == 1 and next(iter(first)).startswith("Revisi 1 · 2 Desember 2026 · ")
    log = log_path(project / "briefs", VISIT).read_bytes()

    render(project, force=True, rendered_on=DAY + dt.timedelta(days=1))
    # saved again with other formatting and metadata: other bytes, the same content
    nb = json.loads(source.read_text())
    nb["metadata"]["widgets"] = {}
    source.write_text(json.dumps(nb, indent=2))
    render(project, rendered_on=DAY + dt.timedelta(days=2))
    # a changed template (a copy of it, so the checkout's stays as it is)
    import ringkas.project.paths as paths

    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    with (templates / "brief" / "static" / "brief.css").open("a") as css:
        css.write("\n.masthead { letter-spacing: 0.01em; }\n")
    monkeypatch.setattr(paths, "_CHECKOUT_TEMPLATES", templates)
    render(project, rendered_on=DAY + dt.timedelta(days=3))
    html = (project / "briefs" / VISIT / f"{VISIT}.teknis.id.html").read_text()
    assert "letter-spacing: 0.01em" in html  # rendered again, with the new template
    assert labels(project) == first
    assert log_path(project / "briefs", VISIT).read_bytes() == log


def test_a_changed_section_raises_the_number_and_history_names_it(project: Path) -> None:
    source = add_visit(project, VISIT, code=None)
    render(project, langs=("id", "en"))
    edit(source, "Mulai dari yang kecil.", "Mulai dari yang kecil, lalu diperluas.")
    render(project, langs=("id", "en"), rendered_on=DAY + dt.timedelta(days=7))
    (label,) = labels(project)
    assert label.startswith("Revisi 2 · 9 Desember 2026 · ")
    assert {r.number for r in read_log(project / "briefs", VISIT)["id"]} == {1, 2}
    teknis = (project / "briefs" / VISIT / f"{VISIT}.teknis.id.html").read_text()
    assert '<p class="revision">' + label in teknis
    table = teknis[teknis.index('class="revision-table"'):]
    assert "Versi pertama" in table and "Pelajaran" in table

    out = history(project)
    assert "Revisi 1 · 2 Desember 2026" in out and "versi pertama" in out
    assert f"{label}  berubah: Pelajaran" in out
    assert "changed: Lessons" in history(project, "--lang", "en")
    data = json.loads(history(project, "--json"))
    assert [r["changed"] for r in data["languages"]["id"]] == [[], ["lessons"]]
    assert [r["number"] for r in data["languages"]["en"]] == [1, 2]


def test_the_label_is_in_the_pdf_metadata_and_its_page_foot(project: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pip install pypdf (reads the PDF back)")
    add_visit(project, VISIT, code=None)
    render(project, formats=("html", "pdf"), audiences=("pimpinan",))
    (label,) = labels(project)
    reader = pypdf.PdfReader(project / "briefs" / VISIT / f"{VISIT}.pimpinan.id.pdf")
    assert reader.metadata["/revision"] == label
    foot = reader.pages[0].extract_text().splitlines()[-1]  # the text layer spaces it its way
    assert label.replace(" ", "") in foot.replace(" ", "")


def test_a_failed_render_writes_no_revision(project: Path) -> None:
    source = add_visit(project, VISIT, code="1 / 0")
    report = render_briefs([source], options(project))
    assert VISIT in report.failed
    assert not log_path(project / "briefs", VISIT).exists()

    edit(source, "1 / 0", "print('EVIDENCE-OUTPUT')")
    render(project)
    log = log_path(project / "briefs", VISIT).read_bytes()
    edit(source, "print('EVIDENCE-OUTPUT')", "1 / 0")
    edit(source, "Mulai dari yang kecil.", "Pelajaran baru.")
    assert VISIT in render_briefs([source], options(project)).failed
    assert log_path(project / "briefs", VISIT).read_bytes() == log


def test_history_of_a_visit_never_rendered_or_unknown(project: Path) -> None:
    add_visit(project, VISIT, code=None)
    result = CliRunner().invoke(cli, ["--project", str(project), "--lang", "en", "history",
                                      VISIT])
    assert result.exit_code == 0 and "has no revisions yet" in result.output
    assert f"ringkas render {VISIT}" in result.output
    result = CliRunner().invoke(cli, ["--project", str(project), "history", "2023-03-14-lain"])
    assert result.exit_code == 1 and VISIT in result.output
