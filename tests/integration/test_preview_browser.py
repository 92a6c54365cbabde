"""The preview page in a real headless Chromium, driven over the DevTools protocol: an edit of
the notebook file shows up without a reload, an emptied section shows its problem and cell, a
broken cell its error above the last good brief, and the switches give teknis and en. The
browser opens the URL the server prints, token and all; from then on the page's links, its
frames and its event stream go without the token, on the cookie it earned.

Chromium comes from Debian (`scripts/install-chromium`); without it these tests skip, saying
how to get it (RINGKAS_REQUIRE_BROWSER=1 makes that a failure).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.integration.test_browser import CHROMIUM_FLAGS, INSTALL_HINT, chromium_binary
from tests.integration.test_preview import (
    VISIT,
    edit,
    make_project,
    start_preview,
    summary,
)
from tests.processes import descendants

websocket = pytest.importorskip("websocket", reason="pip install websocket-client")
pytestmark = pytest.mark.slow
WAIT = 180.0
REBOUND = "evil.example"


class Browser:
    """One Chromium page, over its DevTools websocket."""

    def __init__(self, binary: str, profile: str) -> None:
        flags = [f for f in CHROMIUM_FLAGS if not f.startswith("--virtual-time-budget")]
        self.process = subprocess.Popen(
            [binary, *flags, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             # a name of another site pointing at this machine: DNS rebinding, played out
             f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1", "--no-proxy-server",
             "--remote-allow-origins=*", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        active = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not active.exists() or len(active.read_text().split()) < 2:
            assert time.monotonic() < deadline, "Chromium did not start its DevTools"
            time.sleep(0.1)
        port = active.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            page = next(t for t in json.load(response) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=WAIT,
                                              suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method: str, **params: object) -> dict:
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == number:
                assert "error" not in message, message
                return message["result"]

    def js(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        return result["result"].get("value")

    def until(self, expression: str) -> object:
        """Wait for `expression` to be truthy in the page (nothing here asserts a speed)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                value = self.js(expression)
                if value:
                    return value
            time.sleep(0.2)
        pytest.fail(f"never true in the page: {expression}\n{self.js(PANEL)}")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


BRIEF = ("(() => { const f = document.getElementById('brief');"
         " return f && f.contentDocument ? f.contentDocument.body.innerText : ''; })()")
PANEL = "document.getElementById('panel') ? document.getElementById('panel').innerText : ''"


@pytest.fixture
def browser() -> Iterator[Browser]:
    binary = chromium_binary()
    if binary is None:
        if os.environ.get("RINGKAS_REQUIRE_BROWSER"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        chromium = Browser(binary, profile)
        try:
            yield chromium
        finally:
            chromium.close()


def test_the_page_follows_the_notebook_without_a_reload(browser: Browser, tmp_path: Path) -> None:
    path = make_project(tmp_path / "project")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    server, url = start_preview(tmp_path / "project", tmpdir, VISIT)
    try:
        assert "&token=" in url
        browser.call("Page.navigate", url=url)
        browser.until(f"{BRIEF}.includes('SENTINEL-SUMMARY')")
        browser.js("window.ringkasNotReloaded = 1")
        # the frame and the event stream came without the token: the cookie, not readable
        # by a script, let them in
        assert "token=" not in browser.js("document.getElementById('brief').src")
        assert browser.js("document.cookie") == ""
        assert browser.js("fetch(document.body.dataset.panel).then(r => r.status)") == 200
        assert browser.js("fetch(document.body.dataset.panel, {credentials: 'omit'})"
                          ".then(r => r.status)") == 403

        edit(path, summary("Ringkasan DIUBAH-LANGSUNG kunjungan."))
        browser.until(f"{BRIEF}.includes('DIUBAH-LANGSUNG')")
        assert browser.js("window.ringkasNotReloaded") == 1  # the same page, updated

        edit(path, summary(""))
        browser.until("document.querySelector('.problems td.cell') &&"
                      " document.querySelector('.level-error td.cell').innerText === '3'")
        assert "DIUBAH-LANGSUNG" in browser.js(BRIEF)  # the last good brief stays

        def breaks(nb: nbformat.NotebookNode) -> None:
            nb.cells[2].source = "Ringkasan lagi."
            nb.cells[-1].source = "# Judul: x\n# Sumber: y\nraise ValueError('RUSAK-SENGAJA')"
        edit(path, breaks)
        error = browser.until("document.querySelector('.render-error') &&"
                              " document.querySelector('.render-error').innerText")
        assert "cell 12" in error and "RUSAK-SENGAJA" in error
        assert "DIUBAH-LANGSUNG" in browser.js(BRIEF)
        assert browser.js("window.ringkasNotReloaded") == 1

        def mends(nb: nbformat.NotebookNode) -> None:
            nb.cells[-1].source = "# Judul: x\n# Sumber: y\nprint('DIPERBAIKI')"
        edit(path, mends)
        browser.until(f"!document.querySelector('.render-error') && {BRIEF}.includes('lagi')")
        assert browser.js("window.ringkasNotReloaded") == 1

        browser.js("document.querySelector('a[data-switch=teknis]').click()")
        browser.until("location.search.includes('audience=teknis')")
        assert "token=" not in browser.js("location.search")  # the switch's link: no token
        browser.js("document.querySelector('a[data-switch=en]').click()")
        browser.until("location.search.includes('lang=en')")
        assert browser.until("document.documentElement.lang === 'en' &&"
                             " document.getElementById('brief').contentDocument"
                             ".documentElement.lang === 'en'")
        frame = "document.getElementById('brief').contentDocument"
        assert browser.js(f"{frame}.body.className").startswith("brief brief-teknis")
        assert "DIPERBAIKI" in browser.js(BRIEF)  # teknis shows the evidence output
        assert browser.js("document.scripts.length") == 1  # the preview's own, nothing else
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=WAIT)


def test_a_rebound_name_gets_403_and_starts_nothing(browser: Browser, tmp_path: Path) -> None:
    """A page of evil.example, its name now resolving to 127.0.0.1, asks for the preview (even
    with the token, had it been leaked): the browser sends Host evil.example, refused."""
    make_project(tmp_path / "project")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    server, url = start_preview(tmp_path / "project", tmpdir)  # no warm-up
    try:
        rebound = url.replace("127.0.0.1", REBOUND).replace("/preview/?", f"/preview/{VISIT}?")
        browser.call("Page.navigate", url=rebound)
        text = browser.until("document.body && document.body.innerText")
        assert text.strip() == (
            f'403 Forbidden\nHost "{REBOUND}:{url.split(":")[2].split("/")[0]}" is not allowed: '
            "the preview answers only 127.0.0.1, localhost, ::1, the --host address and names "
            "given with --allow-host.")
        browser.call("Page.navigate", url=url.split("?")[0])  # the right host, no token
        assert browser.until("document.body && document.body.innerText.startsWith('403')")
        assert descendants(server.pid) == set()  # no kernel for either
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=WAIT)


def test_screenshot_for_the_docs(browser: Browser, tmp_path: Path) -> None:
    """Writes docs/images/preview.png from the example visit when RINGKAS_SCREENSHOT is set."""
    target = os.environ.get("RINGKAS_SCREENSHOT")
    if not target:
        pytest.skip("set RINGKAS_SCREENSHOT=docs/images/preview.png to refresh the screenshot")
    from tests.notebooks import ROOT

    project = Path(os.environ.get("RINGKAS_SCREENSHOT_PROJECT", ROOT))
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    server, url = start_preview(project, tmpdir, "2022-11-28-banyuwangi")
    try:
        browser.call("Page.navigate", url=url)
        browser.until(f"{BRIEF}.length > 200")
        time.sleep(1)
        import base64

        shot = browser.call("Page.captureScreenshot", format="png")
        Path(target).write_bytes(base64.b64decode(shot["data"]))
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=WAIT)
