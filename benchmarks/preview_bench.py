"""How fast `ringkas preview` shows a save: run by hand, never in CI.

    PYTHONPATH=src .venv/bin/python benchmarks/preview_bench.py [--saves 10]

On a copy of the example project: the first page after `ringkas preview` starts against a
one-off `ringkas render` of that visit (HTML, pimpinan, id); then, with the server warm, one
markdown cell of the example changed on disk, timed until the served HTML holds the change
(median of `--saves`), and until the PDF does (the PDF view); and the memory of the server with
its kernel (resident set sizes summed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import nbformat
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
VISIT = "2022-11-28-banyuwangi"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 (our server)
        return response.read()


def save(path: Path, marker: str) -> float:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "summary" in c.metadata.get("tags", []))
    cell.source = f"{marker} " + cell.source.split(" ", 1)[1]
    started = time.perf_counter()
    nbformat.write(nb, path)
    return started


def until(url: str, marker: str, started: float, pdf: bool = False) -> float:
    while True:
        body = get(url)
        text = ("".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)
                if pdf else body.decode())
        if marker in text:
            return time.perf_counter() - started
        time.sleep(0.02)


def memory(pid: int) -> int:
    """Resident kB of `pid` and its descendants."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True,
                         text=True, check=True).stdout
    rows = [tuple(map(int, line.split())) for line in out.splitlines()]
    family, total, grew = {pid}, 0, True
    while grew:
        grew = False
        for child, parent, _ in rows:
            if parent in family and child not in family:
                family.add(child)
                grew = True
    return sum(rss for child, _, rss in rows if child in family) + total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=10)
    saves = parser.parse_args().saves
    with tempfile.TemporaryDirectory(prefix="ringkas-preview-bench-") as folder:
        project = Path(folder)
        for part in ("notebooks", "data"):
            shutil.copytree(ROOT / part, project / part)
        notebook = project / "notebooks" / "visits" / f"{VISIT}.ipynb"
        cli = [sys.executable, "-m", "ringkas.cli", "--project", str(project)]

        started = time.perf_counter()
        subprocess.run([*cli, "render", VISIT, "--format", "html", "--brief-lang", "id",
                        "--audience", "pimpinan", "--jobs", "1", "--out", str(project / "o")],
                       check=True, capture_output=True, env=ENV)
        render = time.perf_counter() - started

        started = time.perf_counter()
        server = subprocess.Popen([*cli, "--lang", "en", "preview", VISIT, "--no-browser"],
                                  stdout=subprocess.PIPE, text=True, env=ENV,
                                  start_new_session=True)
        try:
            url = server.stdout.readline().split(" at ")[1].split()[0]
            get(url)
            first = time.perf_counter() - started
            html_url = url.replace("?", "/brief.html?")
            pdf_url = url.replace("?", "/brief.pdf?")
            html = [until(html_url, f"UBAH{n}", save(notebook, f"UBAH{n}"))
                    for n in range(saves)]
            get(pdf_url)  # the PDF view open: from now on each save prints it too
            pdf = [until(pdf_url, f"CETAK{n}", save(notebook, f"CETAK{n}"), pdf=True)
                   for n in range(saves)]
            rss = memory(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(120)
    print(f"ringkas render {VISIT} (html, pimpinan, id), new process: {render:.2f} s")
    print(f"first preview page after start:                         {first:.2f} s")
    print(f"save -> served HTML current, median of {saves}: {statistics.median(html):.2f} s "
          f"(min {min(html):.2f}, max {max(html):.2f})")
    print(f"save -> PDF view current,    median of {saves}: {statistics.median(pdf):.2f} s "
          f"(min {min(pdf):.2f}, max {max(pdf):.2f})")
    print(f"server memory with its kernel: {rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
