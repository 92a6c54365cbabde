"""The benchmarks still run: `scale_bench.py`'s generator against `ringkas check` at full
size, and a tiny `distribute_bench.py` run end to end (timings are not checked).

The benchmarks are run by hand (`make scale-bench`, `make distribute-bench`), so nothing else
would notice when a change to the package breaks one. The scale benchmark's first step is
`check` of the visits it generates: one invalid visit in a thousand stops it (it did, with
approvals dated before their visit), so its generator is checked at the full 1,000 visits
(generation and check only, no render). The distribute benchmark runs on one visit without
code (no kernel).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notebooks import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]  # whole benchmark runs


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


def test_every_visit_the_scale_benchmark_generates_passes_check(tmp_path: Path) -> None:
    figures = run_benchmark(tmp_path, "scale_bench.py", "--visits", "1000", "--check-only")
    summary = figures["check"]["summary"]
    assert summary.startswith("1000 notebook diperiksa: 0 galat,"), summary


def test_the_distribute_benchmark_runs_on_one_visit(tmp_path: Path) -> None:
    figures = run_benchmark(tmp_path, "distribute_bench.py", "--visits", "1", "--no-code")
    assert [row["name"] for row in figures["rows"]] == ["first", "unchanged", "covers"]
    assert figures["zips"] == ["ringkas-pimpinan-en.zip", "ringkas-pimpinan-id.zip",
                               "ringkas-teknis-en.zip", "ringkas-teknis-id.zip"]
