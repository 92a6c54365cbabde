"""Which file events start a `render --watch` batch: visit notebooks, data, templates; never the
temporaries and checkpoints editors and JupyterLab write beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
import watchfiles

from ringkas.build.jobs import RenderOptions
from ringkas.build.watch import Watch
from ringkas.project.paths import Project, templates_dir


@pytest.fixture
def watch(tmp_path: Path) -> Watch:
    project = Project(tmp_path)
    for folder in (project.visits_dir, project.data_dir / "indicators"):
        folder.mkdir(parents=True)
    watch = Watch(project, RenderOptions(out=project.briefs_dir, data_dir=project.data_dir),
                  "id", print)
    watch.watched = watch.folders()
    watch.default_filter = watchfiles.DefaultFilter()  # type: ignore[assignment]
    return watch


@pytest.mark.parametrize(("relative", "wanted"), [
    ("notebooks/visits/2023-03-14-contoh.ipynb", True),
    ("notebooks/visits/2023/2023-03-14-contoh.ipynb", True),
    ("notebooks/visits/catatan.txt", False),
    ("notebooks/visits/2023-03-14-contoh/foto-1.jpg", True),  # a photo of its dokumentasi
    ("notebooks/visits/2023-03-14-contoh/foto-2.PNG", True),
    ("notebooks/visits/.~2023-03-14-contoh.ipynb", False),  # JupyterLab's atomic save
    ("notebooks/visits/.ipynb_checkpoints/2023-03-14-contoh-checkpoint.ipynb", False),
    ("data/indicators/kemiskinan.csv", True),
    ("data/indicators/kemiskinan.csv~", False),
    ("data/indicators/.kemiskinan.csv.swp", False),
    ("briefs/2023-03-14-contoh/2023-03-14-contoh.teknis.id.html", False),  # its own output
    ("notes.md", False),
])
def test_which_changes_start_a_render(watch: Watch, tmp_path: Path, relative: str,
                                      wanted: bool) -> None:
    assert watch.wanted(watchfiles.Change.modified, str(tmp_path / relative)) is wanted


def test_a_brief_template_change_is_told_apart(watch: Watch) -> None:
    css = str(templates_dir() / "brief" / "static" / "brief.css")
    assert watch.wanted(watchfiles.Change.modified, css)
    assert watch.touches({(watchfiles.Change.modified, css)}, ("brief",))
    catalogue = str(templates_dir() / "catalog" / "catalogue.css")
    assert not watch.touches({(watchfiles.Change.modified, catalogue)}, ("brief",))
