"""Rendering on a Dask cluster (`render --scheduler`): the same briefs, nothing lost to a kill.

Each test starts a `distributed.LocalCluster` of two worker processes on 127.0.0.1 and closes it.
The cluster's briefs equal the process pool's (HTML after the golden tests' normalisation, PDF
text through pypdf); a worker SIGKILLed while it renders a unit costs nothing (the unit runs
again, every brief is whole and none half-written); the CLI takes the cluster's address, from
`--scheduler` or RINGKAS_SCHEDULER; a scheduler nobody runs is a clear message and exit 1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell
from pypdf import PdfReader

from ringkas.build.jobs import JobResult, RenderOptions, RenderReport
from ringkas.build.pipeline import render_briefs
from ringkas.cli import cli
from tests.functional.test_export import normalise
from tests.notebooks import tagged, visit_notebook, write

distributed = pytest.importorskip("distributed", reason="pip install 'dask[distributed]'")

pytestmark = pytest.mark.slow

RENDERED_ON = dt.date(2024, 1, 2)
CSV = ("region_code,region,year,indicator,value,unit,source\n"
       "3510,Kabupaten Contoh,2022,persentase_penduduk_miskin,7.5,percent,BPS\n"
       "3510,Kabupaten Contoh,2023,persentase_penduduk_miskin,7.25,percent,BPS\n")
CHART = """# Judul: Kemiskinan
# Sumber: BPS
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from ringkas import read_indicator
rate = read_indicator("miskin")
relative = pd.read_csv("../../data/indicators/miskin.csv")
print("ROWS", len(rate), len(relative), "VISIT", {n})
rate.plot(x="year", y="value")
plt.show()"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data" / "indicators").mkdir(parents=True)
    (root / "data" / "indicators" / "miskin.csv").write_text(CSV, encoding="utf-8")
    for n in range(4):
        visit_id = f"2023-03-1{n}-kota{n}"
        nb = visit_notebook()
        nb.cells[0].source = nb.cells[0].source.replace("2023-03-14", visit_id[:10])
        nb.cells.append(tagged(new_code_cell(CHART.format(n=n)), "evidence"))
        write(nb, root / "notebooks" / "visits", visit_id)
    return root


@dataclass
class Cluster:
    local: Any  # distributed.LocalCluster
    killed: set[Path] = field(default_factory=set)  # kernel folders of workers a test killed

    @property
    def address(self) -> str:
        return str(self.local.scheduler_address)


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cluster]:
    # the workers' kernels put their socket folders in TMPDIR: gone once the cluster is closed,
    # but for those of a worker SIGKILLed
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    local = Cluster(distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None))
    try:
        yield local
    finally:
        local.local.close()
    assert set((tmp_path / "tmp").glob("ringkas-kernel-*")) == local.killed  # plugin teardown


def kernel_folders() -> list[str]:
    """On a worker: the socket folders of its kernels."""
    from ringkas.build import worker

    return [kernel.sockets for kernel in worker._kernels.values() if kernel.sockets]


def options(project: Path, out: str, **changes: object) -> RenderOptions:
    base = RenderOptions(out=project / out, data_dir=project / "data", langs=("id",),
                         rendered_on=RENDERED_ON, workers=2, force=True)
    return replace(base, **changes)  # type: ignore[arg-type]


def notebooks(project: Path) -> list[Path]:
    return sorted((project / "notebooks" / "visits").glob("*.ipynb"))


def briefs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*"))}


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def on_cluster(address: str, project: Path, out: str, **kwargs: Any) -> RenderReport:
    from ringkas.build.cluster import cluster_executor

    with cluster_executor(address) as executor:
        return render_briefs(notebooks(project), options(project, out), executor=executor,
                             **kwargs)


def test_the_cluster_renders_the_briefs_the_process_pool_renders(project: Path,
                                                                 cluster: Cluster) -> None:
    pool = render_briefs(notebooks(project), options(project, "pool"))
    dask = on_cluster(cluster.address, project, "dask")
    assert not pool.failed and not dask.failed, (pool.failed, dask.failed)
    assert len(dask.rendered) == len(pool.rendered) == 4
    expected, actual = briefs(project / "pool"), briefs(project / "dask")
    # 6 files per visit (2 audiences x html, pdf, ipynb) and its revision log
    assert sorted(actual) == sorted(expected) and len(actual) == 4 * (6 + 1)
    for name, data in expected.items():
        if name.endswith(".html"):
            assert normalise(actual[name].decode(), "id", RENDERED_ON) == \
                   normalise(data.decode(), "id", RENDERED_ON), name
            if ".teknis." in name:  # the technical report shows every evidence output
                assert "ROWS 2 2" in actual[name].decode(), name
        elif name.endswith(".pdf"):
            assert pdf_text(actual[name]) == pdf_text(data), name


def test_a_worker_killed_mid_unit_loses_nothing(project: Path, cluster: Cluster) -> None:
    client = distributed.Client(cluster.address)
    killed: list[str] = []

    def kill_a_busy_worker(result: JobResult) -> None:
        """After the first unit, SIGKILL a worker that is rendering one now."""
        if killed:
            return
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            folders = client.run(kernel_folders, workers=busy[:1])[busy[0]]
            cluster.killed.update(map(Path, folders))
            os.kill(pid, signal.SIGKILL)
            killed.append(busy[0])

    try:
        report = on_cluster(cluster.address, project, "briefs",
                            progress=kill_a_busy_worker)
    finally:
        client.close()
    assert killed, "no worker was busy after the first unit"
    assert not report.failed, {k: v.text("en") for k, v in report.failed.items()}
    assert len(report.rendered) == 4
    out = project / "briefs"
    files = briefs(out)
    assert len(files) == 4 * (6 + 1)  # with each visit's revision log
    for name, data in files.items():
        if name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), name
        elif name.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1, name
        elif name.endswith("revisions.json"):
            languages = json.loads(data)["languages"]  # one first revision per language
            assert languages and all([r["number"] for r in revisions] == [1]
                                     for revisions in languages.values()), name
    assert list(out.rglob(".*.tmp")) == []


def test_the_cli_renders_on_the_scheduler_it_is_given(project: Path, cluster: Cluster) -> None:
    address = cluster.address
    runner = CliRunner()
    result = runner.invoke(cli, ["--lang", "en", "--project", str(project), "render",
                                 "--scheduler", address, "--brief-lang", "id",
                                 "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "8 briefs made (8 files), 0 unchanged, 0 visits failed." in result.output
    (project / "notebooks" / "visits" / "2023-03-10-kota0.ipynb").touch()
    result = runner.invoke(cli, ["--lang", "en", "--project", str(project), "render", "--force",
                                 "--brief-lang", "en", "--format", "html"],
                           env={"RINGKAS_SCHEDULER": address})
    assert result.exit_code == 0, result.output
    assert "8 briefs made (8 files), 0 unchanged, 0 visits failed." in result.output
    assert len(list((project / "briefs").glob("*/*.en.html"))) == 8


def test_a_scheduler_that_cannot_be_reached_is_a_message_and_exit_1(project: Path) -> None:
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = CliRunner().invoke(cli, ["--lang", "en", "--project", str(project), "render",
                                      "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
    assert not (project / "briefs").exists()
