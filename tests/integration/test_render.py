"""The render stage end to end: papermill, warm kernels, incremental work, nothing lost."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.build.pipeline import RenderOptions, render_briefs
from ringkas.cli import cli
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_folders(tmp_path)


def options(project: Path, **changes: object) -> RenderOptions:
    base = RenderOptions(out=project / "briefs", data_dir=project / "data", langs=("id",),
                         formats=("html",), rendered_on=dt.date(2024, 1, 2), workers=1)
    return replace(base, **changes)  # type: ignore[arg-type]


def visits(project: Path) -> list[Path]:
    return sorted((project / "notebooks" / "visits").glob("*.ipynb"))


def test_renders_every_audience_and_never_writes_the_source(project: Path) -> None:
    source = add_visit(project, "2023-03-14-contoh")
    before = source.read_bytes()
    report = render_briefs(visits(project), options(project))
    assert not report.failed
    folder = project / "briefs" / "2023-03-14-contoh"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2023-03-14-contoh.pimpinan.id.html", "2023-03-14-contoh.pimpinan.id.ipynb",
        "2023-03-14-contoh.teknis.id.html", "2023-03-14-contoh.teknis.id.ipynb",
        "revisions.json",
    ]
    assert source.read_bytes() == before
    executed = (folder / "2023-03-14-contoh.teknis.id.ipynb").read_text()
    assert "injected-parameters" in executed and 'audience = \\"teknis\\"' in executed
    assert "EVIDENCE-OUTPUT" in executed


def test_a_raising_cell_fails_its_visit_only_and_keeps_the_earlier_brief(project: Path) -> None:
    broken = add_visit(project, "2023-03-14-rusak")
    add_visit(project, "2023-03-15-baik")
    first = render_briefs(visits(project), options(project))
    assert not first.failed
    brief = project / "briefs" / "2023-03-14-rusak" / "2023-03-14-rusak.pimpinan.id.html"
    good = brief.read_bytes()

    nb_text = broken.read_text().replace("print('EVIDENCE-OUTPUT')", "1 / 0")
    broken.write_text(nb_text)
    second = render_briefs(visits(project), options(project, force=True))

    assert list(second.failed) == ["2023-03-14-rusak"]
    message = second.failed["2023-03-14-rusak"].text("en")
    assert message == "visit 2023-03-14-rusak, cell 12: ZeroDivisionError: division by zero"
    assert [job.visit_id for job in second.rendered] == ["2023-03-15-baik"]
    assert brief.read_bytes() == good
    assert not list(brief.parent.glob(".*.tmp"))


def test_a_cell_that_runs_too_long_is_stopped_and_named(project: Path) -> None:
    add_visit(project, "2023-03-14-lambat", code="import time\ntime.sleep(60)")
    report = render_briefs(visits(project), options(project, timeout=2))
    message = report.failed["2023-03-14-lambat"].text("id")
    assert message == ("kunjungan 2023-03-14-lambat, sel 12: sel berjalan lebih dari 2 detik dan "
                       "dihentikan. Percepat kodenya (misalnya baca data yang lebih kecil), atau "
                       "render dengan --timeout yang lebih besar.")


def test_unchanged_visits_are_skipped_without_a_kernel(project: Path) -> None:
    add_visit(project, "2023-03-14-satu")
    add_visit(project, "2023-03-15-dua")
    first = render_briefs(visits(project), options(project))
    assert len(first.rendered) == 2 and first.kernels_started == 1

    again = render_briefs(visits(project), options(project))
    assert (len(again.rendered), len(again.skipped), again.kernels_started) == (0, 2, 0)

    edited = visits(project)[1]
    edited.write_text(edited.read_text().replace("Latar belakang", "Latar belakang baru"))
    third = render_briefs(visits(project), options(project))
    assert [job.visit_id for job in third.rendered] == ["2023-03-15-dua"]

    forced = render_briefs(visits(project), options(project, force=True))
    assert len(forced.rendered) == 2


def test_a_data_change_rerenders_only_visits_with_code(project: Path) -> None:
    add_visit(project, "2023-03-14-kode")
    add_visit(project, "2023-03-15-teks", code=None)
    render_briefs(visits(project), options(project))
    (project / "data" / "indicators" / "baru.csv").write_text("a,source\n1,uji\n")
    report = render_briefs(visits(project), options(project))
    assert [job.visit_id for job in report.rendered] == ["2023-03-14-kode"]


def test_a_template_change_rerenders_everything(project: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ringkas.project import paths as config

    add_visit(project, "2023-03-14-satu", code=None)
    add_visit(project, "2023-03-15-dua", code=None)
    templates = tmp_path / "templates"
    shutil.copytree(config.templates_dir(), templates)
    monkeypatch.setattr(config, "_CHECKOUT_TEMPLATES", templates)
    render_briefs(visits(project), options(project))
    css = templates / "brief" / "static" / "brief.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    report = render_briefs(visits(project), options(project))
    assert len(report.rendered) == 2


def test_a_notebook_without_code_renders_without_a_kernel(project: Path) -> None:
    add_visit(project, "2023-03-14-teks", code=None)
    report = render_briefs(visits(project), options(project))
    assert not report.failed and report.kernels_started == 0


def test_notebooks_sharing_a_warm_kernel_do_not_see_each_other(project: Path) -> None:
    add_visit(project, "2023-03-14-pertama", code="RAHASIA = 42\nimport matplotlib\n"
              "matplotlib.rcParams['lines.linewidth'] = 9")
    add_visit(project, "2023-03-15-kedua", code=(
        "import matplotlib\n"
        "assert 'RAHASIA' not in globals(), 'namespace leaked'\n"
        "assert matplotlib.rcParams['lines.linewidth'] != 9, 'matplotlib state leaked'\n"
        "print('ISOLATED')"))
    report = render_briefs(visits(project), options(project))
    assert not report.failed, {k: v.text("en") for k, v in report.failed.items()}
    assert report.kernels_started == 1  # one warm kernel served both
    executed = project / "briefs" / "2023-03-15-kedua" / "2023-03-15-kedua.pimpinan.id.ipynb"
    assert "ISOLATED" in executed.read_text()


def test_fresh_kernel_starts_one_kernel_per_notebook(project: Path) -> None:
    add_visit(project, "2023-03-14-satu")
    add_visit(project, "2023-03-15-dua")
    report = render_briefs(visits(project), options(project, fresh_kernel=True))
    assert report.kernels_started == 2


def normalised(folder: Path) -> dict[str, str]:
    volatile = re.compile(r'"(?:start_time|end_time|duration|[a-z]+(?:\.[a-z_]+)+)":\s*'
                          r'("[^"]*"|[0-9.eE+-]+|null)')
    return {p.relative_to(folder).as_posix(): volatile.sub("", p.read_text())
            for p in sorted(folder.rglob("*.*")) if p.suffix in (".html", ".ipynb")}


def test_two_workers_give_the_same_briefs_as_one(project: Path, tmp_path: Path) -> None:
    add_visit(project, "2023-03-14-satu")
    add_visit(project, "2023-03-15-dua")
    add_visit(project, "2023-03-16-tiga", code="raise ValueError('rusak')")
    one = render_briefs(visits(project), options(project, out=tmp_path / "one", workers=1))
    two = render_briefs(visits(project), options(project, out=tmp_path / "two", workers=2))
    assert list(one.failed) == list(two.failed) == ["2023-03-16-tiga"]
    assert len(two.rendered) == 2
    assert normalised(tmp_path / "one") == normalised(tmp_path / "two")


def test_deleting_a_visit_removes_its_briefs(project: Path) -> None:
    add_visit(project, "2023-03-14-satu", code=None)
    gone = add_visit(project, "2023-03-15-hapus", code=None)
    render_briefs(visits(project), options(project))
    gone.unlink()
    report = render_briefs(visits(project), options(project))
    assert report.removed == ["2023-03-15-hapus"]
    assert not (project / "briefs" / "2023-03-15-hapus").exists()


def test_cli_render_reports_failures_and_exits_non_zero(project: Path) -> None:
    add_visit(project, "2023-03-14-baik", code=None)
    add_visit(project, "2023-03-15-rusak", code="undefined_name")
    result = CliRunner().invoke(cli, ["--project", str(project), "--lang", "en", "render",
                                      "--brief-lang", "id", "--format", "html", "--jobs", "1"])
    assert result.exit_code == 1
    assert "2 briefs made (2 files), 0 unchanged, 1 visit failed." in result.output
    assert "visit 2023-03-15-rusak, cell 12: NameError: name 'undefined_name' is not defined" \
        in result.output
    assert (project / "briefs" / "index.html").exists()
