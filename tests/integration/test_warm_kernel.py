"""A warm kernel over many notebooks: what one notebook's execution opens, it closes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from ringkas.notebook.read import read_notebook
from ringkas.render.execute import Failures, Kernel, execute_notebook, prepare
from tests.notebooks import tagged, visit_notebook, write

pytestmark = pytest.mark.slow


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_executions_in_a_warm_kernel_leave_no_client_behind(tmp_path: Path) -> None:
    nb = visit_notebook()
    nb.cells.append(tagged(new_code_cell("# Judul: Uji\n# Sumber: data uji\nprint('JALAN')"),
                           "evidence"))
    path = write(nb, tmp_path, "2023-03-14-hangat")
    source = prepare(read_notebook(path), {"lang": "id", "audience": "teknis"}, path.name)
    kernel = Kernel()
    try:
        counts = []
        for _ in range(4):
            executed = execute_notebook(source, kernel=kernel, cwd=tmp_path, data_dir=tmp_path,
                                        timeout=60, name=path.name,
                                        failures=Failures({"visit": path.stem}))
            assert "JALAN" in str(executed.cells[-1].outputs)
            counts.append((threading.active_count(), open_files()))
        # nbclient leaves open the client it makes for a kernel manager it was given: each
        # would keep a heartbeat thread and a dozen sockets, and grow with every notebook.
        assert counts[1:] == counts[:1] * 3, counts
        assert kernel.started == 1
    finally:
        kernel.shutdown()
