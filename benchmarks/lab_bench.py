"""How fast the ringkas panel is in a real JupyterLab: run by hand, never in CI.

    PYTHONPATH=src .venv/bin/python benchmarks/lab_bench.py [--edits 10] [--starts 3]

Needs Debian's Chromium and the built panel (`make labextension`). On a copy of the example
project, JupyterLab on 127.0.0.1 in a temporary Jupyter home (as tests/integration/
test_lab_browser.py runs it), driven over the DevTools protocol:

- panel: the example notebook opened by its /lab/tree address; timed in the page (a 10 ms
  poller installed before JupyterLab's own scripts) from the notebook's first cell on screen
  to the visit panel's form on screen (median of --starts page loads);
- edit: the docked preview open; the title changed in the form and saved (Ctrl+S, as a user
  does) until the docked brief holds the new title (median of --edits);
- start: JupyterLab's start with the extension (the panel and its server routes) against
  without it (neither installed): from the process start to /api/status answering, and from
  the /lab page's navigation to JupyterLab's launcher on screen (medians of --starts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.test_browser import chromium_binary  # noqa: E402
from tests.integration.test_lab_browser import (  # noqa: E402
    BUILT,
    EXAMPLE,
    TOKEN,
    lab_command,
    lab_environment,
    up,
)
from tests.integration.test_preview_browser import Browser  # noqa: E402
from tests.jupyter_server import free_port, stop_server  # noqa: E402

# in the page, before JupyterLab loads: when the first cell and the panel's form first show
WATCH = """window.__ringkas = {};
setInterval(() => {
  const w = window.__ringkas, now = performance.now();
  if (!w.cell && document.querySelector('.jp-Notebook .jp-Cell')) w.cell = now;
  if (!w.launcher && document.querySelector('.jp-Launcher')) w.launcher = now;
  const p = document.querySelector('#ringkas-visit-panel');
  if (!w.panel && p && p.offsetWidth > 0 && p.querySelector('.ringkas-form')) w.panel = now;
}, 10);"""
# the panel's REST calls of a page load: route, start and end, in ms from the first cell
CALLS = ("performance.getEntriesByType('resource').filter(e => e.name.includes('/ringkas/api/'))"
         ".map(e => e.name.split('/ringkas/api/')[1].split('?')[0] + ' '"
         " + Math.round(e.startTime - CELL) + '-' + Math.round(e.responseEnd - CELL)).join(', ')")
BRIEF = ("(() => { const f = document.querySelector('.ringkas-preview-dock iframe');"
         " const d = f && f.contentDocument; const b = d && d.getElementById('brief');"
         " return b && b.contentDocument ? b.contentDocument.body.innerText : ''; })()")


@contextmanager
def jupyterlab(work: Path, panel: bool) -> Iterator[tuple[str, float]]:
    """JupyterLab on the copied project, with or without the ringkas extension; yields its
    address and the seconds from its process start to /api/status answering."""
    env = lab_environment(Path(tempfile.mkdtemp(dir=work)), panel)
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        lab_command(port, work / "project"), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while not up(f"{base}/api/status?token={TOKEN}"):
            if process.poll() is not None or time.monotonic() - started > 180:
                raise SystemExit("JupyterLab did not start")
            time.sleep(0.02)
        yield base, time.monotonic() - started
    finally:
        stop_server(process)


def load(browser: Browser, url: str, ready: str) -> dict:
    """Navigates to `url` with the in-page watch installed; the watch's times once `ready`."""
    browser.call("Page.navigate", url=url)
    browser.until(f"window.__ringkas && window.__ringkas.{ready}")
    return browser.js("window.__ringkas")  # type: ignore[return-value]


def edit_seconds(browser: Browser, title: str) -> float:
    """The title changed in the form and saved, until the docked brief shows it."""
    start = time.monotonic()
    browser.js("(() => { const i = document.getElementById('ringkas-field-title');"
               f" i.value = {title!r}; i.dispatchEvent(new Event('input', {{bubbles: true}}));"
               " i.dispatchEvent(new Event('change', {bubbles: true})); })()")
    browser.until(f"document.querySelector('.jp-Notebook .jp-Cell .cm-content')"
                  f".innerText.includes({title!r})")
    browser.js("document.querySelector('.jp-Notebook').focus()")
    for kind in ("keyDown", "keyUp"):
        browser.call("Input.dispatchKeyEvent", type=kind, modifiers=2, key="s", code="KeyS",
                     windowsVirtualKeyCode=83)
    while title not in str(browser.js(BRIEF)):
        if time.monotonic() - start > 120:
            raise SystemExit(f"the docked preview never showed {title!r}")
        time.sleep(0.01)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    binary = chromium_binary()
    if binary is None or not (BUILT / "package.json").is_file():
        raise SystemExit("needs Chromium (apt-get install chromium) and `make labextension`")
    with tempfile.TemporaryDirectory(prefix="ringkas-lab-bench-") as scratch:
        work = Path(scratch)
        project = work / "project"
        (project / "notebooks" / "visits").mkdir(parents=True)
        shutil.copy(ROOT / "ringkas.toml", project)
        shutil.copytree(ROOT / "data", project / "data")
        shutil.copy(ROOT / "notebooks" / "visits" / f"{EXAMPLE}.ipynb",
                    project / "notebooks" / "visits")
        notebook = f"notebooks/visits/{EXAMPLE}.ipynb"
        server: dict[bool, list[float]] = {True: [], False: []}
        page: dict[bool, list[float]] = {True: [], False: []}
        panel: list[float] = []
        edits: list[float] = []
        calls: list[object] = []
        for run in range(args.starts):
            for enabled in (True, False):
                with jupyterlab(work, enabled) as (base, seconds), \
                        tempfile.TemporaryDirectory(dir=work) as profile:
                    server[enabled].append(seconds)
                    browser = Browser(binary, profile)
                    try:
                        browser.call("Emulation.setDeviceMetricsOverride", width=1600,
                                     height=1000, deviceScaleFactor=1, mobile=False)
                        browser.call("Page.enable")
                        browser.call("Page.addScriptToEvaluateOnNewDocument", source=WATCH)
                        page[enabled].append(
                            load(browser, f"{base}/lab?reset&token={TOKEN}", "launcher")
                            ["launcher"] / 1000)
                        if not enabled:
                            continue
                        times = load(browser, f"{base}/lab/tree/{notebook}?reset&token={TOKEN}",
                                     "panel")
                        panel.append((times["panel"] - times["cell"]) / 1000)
                        calls.append(browser.js(CALLS.replace("CELL", str(times["cell"]))))
                        if run == 0:
                            edits = docked_edits(browser, args.edits)
                    finally:
                        browser.close()
    report(server, page, panel, edits)
    for run, made in enumerate(calls):  # where the panel's time goes: its REST calls
        print(f"panel's REST calls, page {run + 1} (ms from the first cell: start-end): {made}")


def docked_edits(browser: Browser, count: int) -> list[float]:
    browser.until("!!document.querySelector('.ringkas-preview-button')")
    browser.js("document.querySelector('.ringkas-preview-button button,"
               " .ringkas-preview-button').click()")
    browser.until(f"{BRIEF}.includes('Banyuwangi')")
    return [edit_seconds(browser, f"Judul bench {n} {time.time_ns()}") for n in range(count)]


def report(server: dict[bool, list[float]], page: dict[bool, list[float]], panel: list[float],
           edits: list[float]) -> None:
    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (of {len(values)}: " + \
            ", ".join(f"{v:.2f}" for v in values) + ")"

    print(f"panel on screen after the notebook's first cell: {median(panel)}")
    print(f"form edit + Ctrl+S to the docked brief: {median(edits)}")
    for enabled in (True, False):
        label = "with the extension   " if enabled else "without the extension"
        print(f"JupyterLab {label}: server up {median(server[enabled])};"
              f" /lab page to launcher {median(page[enabled])}")
    added = (statistics.median(server[True]) + statistics.median(page[True])
             - statistics.median(server[False]) - statistics.median(page[False]))
    print(f"the extension adds to JupyterLab's start: {added:+.2f} s (medians)")
    with suppress(OSError):
        print("load:", os.getloadavg())


if __name__ == "__main__":
    main()
