"""Render benchmark: ringkas against plain papermill + nbconvert + weasyprint, side by side.

Run by hand, never in CI:

    make bench                                    # N = 20 visits, all four measurements
    .venv/bin/python benchmarks/render_bench.py --visits 100 --skip-plain

It builds N synthetic visits from the example (different ids, text and numbers, one evidence
chart each) in a temporary project and measures wall time, CPU time and peak memory (the whole
process tree, sampled) of:
  1. plain:      per (visit, lang, audience): papermill CLI, `jupyter nbconvert --to html
                 --no-input`, `weasyprint` CLI, one after another;
  2. cold:       `ringkas render` from nothing;
  3. unchanged:  `ringkas render` again, nothing changed;
  4. one edit:   `ringkas render` after editing one visit;
  5. one alone:  that one visit rendered alone into an empty folder (the yardstick for 4).
It prints a table and the ratios, and writes them as JSON (default benchmarks/results/).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "notebooks" / "visits" / "2022-11-28-banyuwangi.ipynb"
BIN = Path(sys.executable).parent
LANGS = ("id", "en")
AUDIENCES = ("pimpinan", "teknis")


def make_project(folder: Path, count: int) -> list[str]:
    """`count` visits derived from the example, each different in id, text and numbers."""
    (folder / "notebooks" / "visits").mkdir(parents=True)
    shutil.copytree(ROOT / "data", folder / "data")
    source = nbformat.read(EXAMPLE, as_version=4)
    ids = []
    for i in range(count):
        day = dt.date(2022, 11, 28) + dt.timedelta(days=i)
        visit_id = f"{day.isoformat()}-bench-{i:03d}"
        nb = nbformat.from_dict(json.loads(json.dumps(source)))
        nb.cells[0].source = (nb.cells[0].source.replace("2022-11-28", day.isoformat())
                              .replace("Banyuwangi\n", f"Banyuwangi (uji {i})\n"))
        for cell in nb.cells[3:]:
            if cell.cell_type == "markdown":
                cell.source = cell.source.replace("Banyuwangi", f"Banyuwangi-{i}")
        evidence = nb.cells[-1]
        evidence.source = evidence.source.replace(
            'rate = read_indicator("poverty_rate")',
            f'rate = read_indicator("poverty_rate")\nrate["value"] = rate["value"] * {1 + i / 100}')
        nbformat.write(nb, folder / "notebooks" / "visits" / f"{visit_id}.ipynb")
        ids.append(visit_id)
    return ids


def edit_background(path: Path) -> None:
    """A researcher's edit: one more sentence in the background section."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "background" in c.metadata.get("tags", []))
    cell.source += "\n\nSuntingan peneliti: kalimat tambahan."
    nbformat.write(nb, path)


class ProcessTree:
    """Samples the measured command's process tree (this process's children, recursively):
    the peak of their summed RSS, and the CPU time (user + system) of every process in it, as
    last seen before it ended (so a process's last 50 ms may be missed, and a process that
    lives less than that entirely; a reused pid counts once). The CPU time counts
    the workers, forkserver and kernels a render starts, which `resource.RUSAGE_CHILDREN` does
    not (nobody here waits for them), and moves far less with the machine's load than wall
    time does."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._cpu: dict[int, float] = {}

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
                    times = child.cpu_times()
                    self._cpu[child.pid] = times.user + times.system
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> ProcessTree:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(name: str, commands: list[list[str]], cwd: Path) -> dict:
    print(f"-- {name}: {len(commands)} command(s)", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with ProcessTree() as tree:
        for command in commands:
            done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return {"name": name, "seconds": round(time.perf_counter() - started, 2),
            "cpu_s": round(tree.cpu, 2), "peak_mib": round(tree.peak / 2**20, 1),
            "commands": len(commands)}


def plain_commands(project: Path, ids: list[str]) -> list[list[str]]:
    out = project / "plain"
    out.mkdir()
    commands = []
    for visit_id in ids:
        for lang in LANGS:
            for audience in AUDIENCES:
                stem = out / f"{visit_id}.{audience}.{lang}"
                commands += [
                    [str(BIN / "papermill"), "--no-progress-bar", "--cwd",
                     str(project / "notebooks" / "visits"),
                     str(project / "notebooks" / "visits" / f"{visit_id}.ipynb"), f"{stem}.ipynb",
                     "-p", "lang", lang, "-p", "audience", audience],
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                     f"{stem}.ipynb", "--output", f"{stem}.html"],
                    [str(BIN / "weasyprint"), f"{stem}.html", f"{stem}.pdf"],
                ]
    return commands


def ringkas(project: Path, *args: str, out: str = "briefs") -> list[str]:
    return [str(BIN / "ringkas"), "--project", str(project), "render", "--out",
            str(project / out), *args]


def run(count: int, jobs: int, skip_plain: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="ringkas-bench-") as tmp:
        project = Path(tmp)
        ids = make_project(project, count)
        env_jobs = ["--jobs", str(jobs)]
        rows = []
        if not skip_plain:
            rows.append(measure("1 plain papermill+nbconvert+weasyprint",
                                plain_commands(project, ids), project))
        rows.append(measure("2 ringkas render (cold)", [ringkas(project, *env_jobs)], project))
        rows.append(measure("3 ringkas render (unchanged)", [ringkas(project, *env_jobs)], project))
        edit_background(project / "notebooks" / "visits" / f"{ids[0]}.ipynb")
        rows.append(measure("4 ringkas render (one visit edited)", [ringkas(project, *env_jobs)],
                            project))
        rows.append(measure("5 ringkas render (that visit alone)",
                            [ringkas(project, ids[0], *env_jobs, out="alone")], project))
    return summarise(rows, count, jobs)


def summarise(rows: list[dict], count: int, jobs: int) -> dict:
    by = {row["name"][0]: row for row in rows}
    ratios = {}
    if "1" in by:
        ratios["plain / cold"] = round(by["1"]["seconds"] / by["2"]["seconds"], 1)
    ratios["one edited / one alone"] = round(by["4"]["seconds"] / by["5"]["seconds"], 2)
    return {"visits": count, "briefs": count * 4, "jobs": jobs, "cores": os.cpu_count(),
            "python": platform.python_version(),
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "rows": rows, "ratios": ratios}


def print_table(result: dict) -> None:
    print(f"\n{result['visits']} visits x 2 languages x 2 audiences x HTML+PDF, "
          f"--jobs {result['jobs']} on {result['cores']} cores")
    print(f"{'measurement':42} {'seconds':>9} {'CPU s':>9} {'peak MiB':>9}")
    for row in result["rows"]:
        print(f"{row['name']:42} {row['seconds']:>9.2f} {row['cpu_s']:>9.2f} "
              f"{row['peak_mib']:>9.1f}")
    for name, value in result["ratios"].items():
        print(f"{name:42} {value:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-plain", action="store_true", help="skip measurement 1 (slow)")
    parser.add_argument("--json", type=Path,
                        default=ROOT / "benchmarks" / "results" / "render.json")
    args = parser.parse_args()
    result = run(args.visits, args.jobs, args.skip_plain)
    print_table(result)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
