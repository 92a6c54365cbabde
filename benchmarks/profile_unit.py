"""cProfile of one (visit, lang) unit in a warm process: both audiences, HTML and PDF.

Run by hand from the checkout, never in CI:

    PYTHONPATH=src .venv/bin/python benchmarks/profile_unit.py [LINES] [RUNS]

It renders the example visit twice to warm imports, exporters, fonts and the kernel (kept
running between the runs), then times RUNS more (default 0) unprofiled, printing the median
CPU time of this process (`time.process_time`: the exporters and WeasyPrint, not the kernel)
and wall time, then profiles one more render and prints the top LINES (default 15) functions
by cumulative time.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ringkas.build import worker
from ringkas.build.jobs import RenderOptions
from ringkas.build.pipeline import render_briefs

ROOT = Path(__file__).resolve().parent.parent
VISIT = ROOT / "notebooks" / "visits" / "2022-11-28-banyuwangi.ipynb"


def main(lines: int, runs: int = 0) -> None:
    out = Path(tempfile.mkdtemp(prefix="ringkas-profile-"))
    options = RenderOptions(out=out, data_dir=ROOT / "data", langs=("id",), force=True,
                            rendered_on=dt.date(2024, 1, 1))
    stop, worker.stop_kernel = worker.stop_kernel, lambda: None  # keep the kernel warm
    try:
        for _ in range(2):
            render_briefs([VISIT], options, all_visits=False)
        if runs:
            timed(lambda: render_briefs([VISIT], options, all_visits=False), runs)
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        report = render_briefs([VISIT], options, all_visits=False)
        profile.disable()
        print(f"one unit: {time.perf_counter() - started:.3f} s, {len(report.rendered)} rendered,"
              f" failed: {report.failed or 'none'}")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(lines)
    finally:
        stop()
        shutil.rmtree(out, ignore_errors=True)


def timed(render: Callable[[], object], runs: int) -> None:
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        render()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    print(f"{runs} units: CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f}),"
          f" wall median {statistics.median(wall):.3f} s (min {min(wall):.3f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15,
         int(sys.argv[2]) if len(sys.argv) > 2 else 0)
