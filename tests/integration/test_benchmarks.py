"""The benchmarks still run: tiny `scale_bench.py` and `distribute_bench.py` runs end to end
(figures are not checked).

The benchmarks are run by hand (`make scale-bench`, `make distribute-bench`), so nothing else
would notice when a change to the package breaks one; this runs the scale benchmark on four
visits without rendering, and the distribute benchmark on one visit without code (no kernel).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notebooks import ROOT

pytestmark = pytest.mark.slow


def run_benchmark(tmp_path: Path, script: str, *args: str) -> dict:
    """The figures `benchmarks/<script>` writes as JSON, run on the package under test."""
    results = tmp_path / "figures.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args, "--json", str(results)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures: dict = json.loads(results.read_text(encoding="utf-8"))
    return figures


def test_the_scale_benchmark_runs_on_a_few_visits(tmp_path: Path) -> None:
    figures = run_benchmark(tmp_path, "scale_bench.py", "--visits", "4", "--no-render")
    assert figures, "the benchmark wrote no figures"


def test_the_distribute_benchmark_runs_on_one_visit(tmp_path: Path) -> None:
    figures = run_benchmark(tmp_path, "distribute_bench.py", "--visits", "1", "--no-code")
    assert [row["name"] for row in figures["rows"]] == ["first", "unchanged", "covers"]
    assert figures["zips"] == ["ringkas-pimpinan-en.zip", "ringkas-pimpinan-id.zip",
                               "ringkas-teknis-en.zip", "ringkas-teknis-id.zip"]
