"""Distribute benchmark: `ringkas distribute` of N approved visits whose briefs are rendered.

Run by hand, never in CI:

    make distribute-bench                          # N = 20 visits: 80 briefs, HTML, PDF and DOCX
    .venv/bin/python benchmarks/distribute_bench.py --visits 5 --no-code

It copies the example visit N times (different ids, text and numbers; approved), renders their
briefs once (untimed), then measures wall time, CPU time and peak memory (the command's process,
`ru_maxrss`, and its whole tree, sampled) of:
  1. first:      `ringkas distribute` into an empty dist/ (copies, catalogue, zips, SHA256SUMS);
  2. unchanged:  the same again, nothing changed (must write nothing);
  3. covers:     the same with `--cover` for four recipients (four nota dinas, HTML and PDF).
The target (issue 13) is 1 and 2 within 10 s each for 20 visits. It prints a table and writes
the figures as JSON (default benchmarks/results/distribute.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import render_bench
from render_bench import ProcessTree

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = ("nama,jabatan,email,audiens,bahasa\n"
              "Bupati,Bupati Kabupaten Asal,,pimpinan,id\n"
              "Sekda,Sekretaris Daerah,,teknis,id\n"
              "Advisor,Policy Advisor,,pimpinan,en\n"
              "Analyst,Policy Analyst,,teknis,en\n")


def make_project(folder: Path, count: int, code: bool) -> list[str]:
    """`count` visits as the render benchmark makes them (different in id, text and numbers),
    approved; without `code`, their evidence cells are left out (no kernel: a quicker run)."""
    ids = render_bench.make_project(folder, count)
    for visit_id in ids:
        path = folder / "notebooks" / "visits" / f"{visit_id}.ipynb"
        nb = nbformat.read(path, as_version=4)
        front = nb.cells[0].source.replace("status: draft", "status: approved")
        if "approved_by:" not in front:
            front = front.replace("status: approved",
                                  "status: approved\napproved_by: Kepala Bappeda")
        nb.cells[0].source = front
        if not code:
            nb.cells = [c for c in nb.cells if "evidence" not in c.metadata.get("tags", [])]
        nbformat.write(nb, path)
    return ids




def ringkas(*args: str) -> list[str]:
    return [sys.executable, "-m", "ringkas", *args]


def timed(name: str, command: list[str], cwd: Path) -> dict:
    """Run `command`: wall time, CPU time, peak memory; fails loudly."""
    print(f"-- {name}", file=sys.stderr, flush=True)
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with ProcessTree() as memory:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{name}: {' '.join(command[2:])} exit {done.returncode}\n"
                         f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"name": name, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "peak_mib": round(memory.peak / 2**20, 1),
            # ru_maxrss: the largest child so far, in KiB on Linux
            "max_rss_mib": round(after.ru_maxrss / 1024, 1),
            "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=20)
    parser.add_argument("--no-code", action="store_true",
                        help="leave out the evidence cells (no kernel; a quick smoke run)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" /
                        "distribute.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ringkas-distribute-bench-"))
    try:
        make_project(folder, args.visits, code=not args.no_code)
        (folder / "recipients.csv").write_text(RECIPIENTS, encoding="utf-8")
        print(f"-- rendering {args.visits * 4} briefs once (untimed)", file=sys.stderr)
        subprocess.run(ringkas("render", "--format", "html,pdf,docx"), cwd=folder, check=True,
                       capture_output=True)
        rows = [timed("first", ringkas("distribute"), folder)]
        before = snapshot(folder / "dist")
        rows.append(timed("unchanged", ringkas("distribute"), folder))
        if snapshot(folder / "dist") != before:
            raise SystemExit("the unchanged run rewrote files in dist/")
        rows.append(timed("covers", ringkas("distribute", "--cover", "recipients.csv"), folder))
        report(rows, args, folder)
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def report(rows: list[dict], args: argparse.Namespace, folder: Path) -> None:
    zips = sorted(p.name for p in (folder / "dist").glob("*.zip"))
    size = sum(p.stat().st_size for p in (folder / "dist").rglob("*") if p.is_file())
    print(f"\n{args.visits} visits, {args.visits * 4} briefs, {len(zips)} zips, "
          f"dist/ {size / 2**20:.1f} MiB, {os.cpu_count()} cores, {platform.python_version()}")
    print(f"{'step':<10} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'maxrss MiB':>11}")
    for row in rows:
        print(f"{row['name']:<10} {row['seconds']:>8} {row['cpu_s']:>8} {row['peak_mib']:>9} "
              f"{row['max_rss_mib']:>11}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"visits": args.visits, "briefs": args.visits * 4,
                                     "code": not args.no_code, "zips": zips,
                                     "dist_mib": round(size / 2**20, 2), "rows": rows},
                                    indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
