"""A unit runs its code in a scratch folder holding a copy of data/ and returns bytes.

The kernel's working folder is a scratch folder of the unit's own, with the project's data/ in
it, in `notebooks/visits/` as in the project: `read_indicator` and the one relative path the docs
name (`../../data/indicators/x.csv`, which works in JupyterLab too) both work, a path written
from the project's root (`data/...`) does not, and `ringkas check` warns
about exactly that one. The unit writes nothing under the output folder: its result carries the
rendered files' bytes, which the main process writes.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from ringkas.build import worker
from ringkas.build.jobs import DATA_LIMIT, Job, RenderOptions, read_data_files
from ringkas.build.pipeline import render_briefs
from ringkas.contract.problems import MessageError
from ringkas.notebook.read import check_visits
from tests.notebooks import tagged, visit_notebook, write

pytestmark = pytest.mark.slow

CSV = ("region_code,region,year,indicator,value,unit,source\n"
       "3510,Kabupaten Contoh,2023,persentase_penduduk_miskin,7.25,percent,BPS\n")
#: How the evidence cell of each visit reads data/indicators/miskin.csv.
READS = {
    "2023-03-14-helper": "from ringkas import read_indicator\n"
                         "print('VALUE', read_indicator('miskin')['value'].iloc[0])",
    "2023-03-15-relative": "import pandas as pd\n"
                           "print('VALUE', pd.read_csv('../../data/indicators/miskin.csv')"
                           "['value'].iloc[0])",
    "2023-03-16-from-root": "import pandas as pd\n"
                         "print('VALUE', pd.read_csv('data/indicators/miskin.csv')"
                         "['value'].iloc[0])",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "data" / "indicators").mkdir(parents=True)
    (root / "data" / "indicators" / "miskin.csv").write_text(CSV, encoding="utf-8")
    for visit_id, code in READS.items():
        nb = visit_notebook()
        nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
        nb.cells.append(tagged(new_code_cell(f"# Judul: Uji\n# Sumber: data uji\n{code}"),
                               "evidence"))
        write(nb, root / "notebooks" / "visits", visit_id)
    # scratch folders inside tmp_path/scratch, so that every one is seen to be removed
    (tmp_path / "scratch").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    return root


def options(project: Path, **changes: object) -> RenderOptions:
    return RenderOptions(out=project / "briefs", data_dir=project / "data", langs=("id",),
                         formats=("html",), rendered_on=dt.date(2024, 1, 2), workers=1,
                         **changes)  # type: ignore[arg-type]


def notebooks(project: Path) -> list[Path]:
    return sorted((project / "notebooks" / "visits").glob("*.ipynb"))


def test_data_is_read_by_the_helper_and_the_documented_path_and_check_agrees(
        project: Path, tmp_path: Path) -> None:
    report = render_briefs(notebooks(project), options(project))
    assert sorted(job.visit_id for job in report.rendered) == [
        "2023-03-14-helper", "2023-03-15-relative"]
    assert list(report.failed) == ["2023-03-16-from-root"]
    assert "FileNotFoundError" in report.failed["2023-03-16-from-root"].text("en")
    for visit_id in ("2023-03-14-helper", "2023-03-15-relative"):
        html = (project / "briefs" / visit_id / f"{visit_id}.teknis.id.html").read_text()
        assert "VALUE 7.25" in html
    assert list((tmp_path / "scratch").iterdir()) == []  # every scratch folder removed

    checked = check_visits(notebooks(project))
    warned = {path.stem: [p.code for p in problems]
              for path, problems in checked.problems.items()}
    assert [code for code in warned.get("2023-03-16-from-root", []) if code == "risky.path"] == [
        "risky.path"]
    for visit_id in ("2023-03-14-helper", "2023-03-15-relative"):
        assert "risky.path" not in warned.get(visit_id, [])


def test_the_unit_returns_bytes_and_writes_nothing_under_the_output_folder(
        project: Path) -> None:
    path = notebooks(project)[1]
    job = Job(path.stem, path, "id", "key", {"has_code": True}, path.read_bytes(),
              read_data_files(project / "data"))
    result = pickle.loads(pickle.dumps(worker.render_job(job, options(project))))
    worker.stop_kernel()
    assert result.error is None, result.error
    assert sorted(result.files) == [f"{path.stem}/{path.stem}.{audience}.id.{ext}"
                                    for audience in ("pimpinan", "teknis")
                                    for ext in ("html", "ipynb")]
    assert all(isinstance(data, bytes) and data for data in result.files.values())
    assert b"VALUE 7.25" in result.files[f"{path.stem}/{path.stem}.teknis.id.html"]
    assert result.job.data == ()  # the data does not travel back
    assert not (project / "briefs").exists()


def test_a_data_folder_past_the_limit_is_refused_with_a_message(project: Path) -> None:
    with pytest.raises(MessageError) as caught:
        read_data_files(project / "data", limit=10)
    assert caught.value.code == "render.data_too_large"
    assert "more than the limit of 0.0 MiB" in caught.value.text("en")
    assert read_data_files(project / "data", DATA_LIMIT)[0][0] == "indicators/miskin.csv"
