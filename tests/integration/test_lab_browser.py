"""The ringkas panel in a real JupyterLab, driven in Debian's Chromium over the DevTools protocol:
the visit panel opens by itself with the front matter as a form, a form edit lands in the raw
cell of the open notebook, every tagged cell shows its section chip and the chip's menu changes
the tag, a problem leads to its cell, an imported cell is marked reviewed with a click, the
preview docks beside the notebook, and a notebook that is not a visit gets none of it.

JupyterLab runs on 127.0.0.1 with a token, its settings and workspaces in a temporary folder; it
loads the panel built by `make labextension` (src/ringkas/labextension/), through JUPYTER_PATH.
Without Chromium or the built panel these tests skip, saying how to get them
(RINGKAS_REQUIRE_BROWSER=1 makes that a failure).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tests.integration.test_browser import INSTALL_HINT, chromium_binary
from tests.integration.test_preview import NoRedirect, fetch
from tests.integration.test_preview_browser import WAIT, Browser
from tests.jupyter_server import free_port, stop_server
from tests.notebooks import ROOT

pytest.importorskip("websocket", reason="pip install websocket-client")
# the panel's REST routes (branch lab-server, docs/jupyterlab.md): the panel needs them
pytest.importorskip("ringkas.preview.lab", reason="the panel's REST routes are not here yet")
pytestmark = pytest.mark.slow

BUILT = ROOT / "src" / "ringkas" / "labextension"
BUILD_HINT = "the JupyterLab panel is not built: run `make labextension` (needs node and npm)"
EXAMPLE = "2022-11-28-banyuwangi"
TOKEN = "ringkas-lab-test-token"  # noqa: S105 (a test server's)
SCREENSHOT = ROOT / "docs" / "images" / "jupyterlab-panel.png"

RAW_CELL = ("(() => { const c = document.querySelector('.jp-Notebook .jp-Cell');"
            " return c ? c.querySelector('.cm-content').innerText : ''; })()")


def require(condition: bool, hint: str) -> None:
    if not condition:
        if os.environ.get("RINGKAS_REQUIRE_BROWSER"):
            pytest.fail(hint)
        pytest.skip(hint)


@dataclass
class Lab:
    base: str
    project: Path
    process: subprocess.Popen

    def url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/{notebook}?reset&token={TOKEN}"

    def notebook(self, name: str) -> nbformat.NotebookNode:
        return nbformat.read(self.project / "notebooks" / "visits" / f"{name}.ipynb", as_version=4)


def copy_example(project: Path, name: str) -> nbformat.NotebookNode:
    """The example visit as notebooks/visits/<name>.ipynb (a 2022-11-28-... id so it is a visit)."""
    source = ROOT / "notebooks" / "visits" / f"{EXAMPLE}.ipynb"
    target = project / "notebooks" / "visits" / f"{name}.ipynb"
    shutil.copy(source, target)
    return nbformat.read(target, as_version=4)


def up(url: str) -> bool:
    with contextlib.suppress(OSError):
        return fetch(url, 5)[0] == 200
    return False


def lab_environment(home: Path, panel: bool = True) -> dict[str, str]:
    """The environment of a JupyterLab whose config, extensions, settings and runtime files
    are all under `home`: the ringkas panel (this checkout's build) and server extension when
    `panel`, and no "get notified about Jupyter news?" toast over a screenshot."""
    (home / "jupyter" / "labextensions").mkdir(parents=True)
    config = home / "config" / "jupyter_server_config.d"
    config.mkdir(parents=True)
    if panel:
        (home / "jupyter" / "labextensions" / "ringkas-panel").symlink_to(BUILT)
        shutil.copy(ROOT / "jupyter-config" / "jupyter_server_config.d" / "ringkas.json", config)
    news = home / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_PATH": str(home / "jupyter"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "PYTHONPATH": str(ROOT / "src"), "JUPYTER_PLATFORM_DIRS": "1"}


def lab_command(port: int, root: Path) -> list[str]:
    """JupyterLab on 127.0.0.1:`port` over `root`, with the test token, no browser opened and
    no news or update checks."""
    return [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}", "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={root}", "--allow-root", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    require(chromium_binary() is not None, INSTALL_HINT)
    require((BUILT / "package.json").is_file(), BUILD_HINT)
    work = tmp_path_factory.mktemp("lab")
    project = work / "project"
    (project / "notebooks" / "visits").mkdir(parents=True)
    shutil.copy(ROOT / "ringkas.toml", project / "ringkas.toml")
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copy(ROOT / "notebooks" / "knowledge-base.ipynb", project / "notebooks")
    env = {**lab_environment(work), "TMPDIR": str(work)}
    port = free_port()
    process = subprocess.Popen(
        lab_command(port, project), stdout=subprocess.DEVNULL,
        stderr=open(work / "lab.log", "w"), env=env, start_new_session=True)  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while not up(f"{base}/api/status?token={TOKEN}"):
            assert process.poll() is None, (work / "lab.log").read_text()
            assert time.monotonic() < deadline, "JupyterLab did not start"
            time.sleep(0.3)
        yield Lab(base, project, process)
    finally:
        stop_server(process)


class LabBrowser(Browser):
    """Says what the ringkas panel shows when something never happens; with the Network domain
    enabled, keeps the address of every request the page (and its frames) started."""

    requested: list[str]

    def call(self, method: str, **params: object) -> dict:
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])
            if message.get("id") == number:
                assert "error" not in message, message
                return message["result"]

    def until(self, expression: str) -> object:
        try:
            return super().until(expression)
        except pytest.fail.Exception:
            panel = self.js("document.getElementById('ringkas-visit-panel')?.innerText")
            tabs = self.js("Array.from(document.querySelectorAll('.lm-TabBar-tab'))"
                           ".map(t => t.innerText).join(' | ')")
            dialog = self.js("document.querySelector('.jp-Dialog')?.innerText")
            pytest.fail(f"never true in JupyterLab: {expression}\ntabs: {tabs}\n"
                        f"dialog: {dialog}\npanel: {panel}")


@pytest.fixture
def browser() -> Iterator[Browser]:
    binary = chromium_binary()
    assert binary is not None
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        chromium = LabBrowser(binary, profile)
        chromium.requested = []
        try:
            chromium.call("Emulation.setDeviceMetricsOverride", width=1600, height=1000,
                          deviceScaleFactor=1, mobile=False)
            yield chromium
        finally:
            chromium.close()


def open_visit(browser: Browser, lab: Lab, path: str) -> None:
    browser.call("Page.navigate", url=lab.url(path))
    browser.until("document.querySelector('#ringkas-visit-panel .ringkas-form')"
                  " && document.querySelector('#ringkas-visit-panel').offsetWidth > 0")


def set_field(browser: Browser, element_id: str, value: str) -> None:
    """Types `value` into the form's input and leaves it, as a user does."""
    browser.js(f"(() => {{ const i = document.getElementById({element_id!r});"
               f" i.value = {value!r}; i.dispatchEvent(new Event('input', {{bubbles: true}}));"
               " i.dispatchEvent(new Event('change', {bubbles: true})); })()")


def click_at(browser: Browser, selector: str) -> None:
    """A real mouse click in the middle of `selector` (Lumino's tab bars ignore element.click())."""
    box = browser.js(f"(() => {{ const r = document.querySelector({selector!r})"
                     ".getBoundingClientRect();"
                     " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    assert isinstance(box, list), selector
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                     clickCount=1)


def save(browser: Browser) -> None:
    """Ctrl+S, JupyterLab's own save, until the notebook's tab is no longer dirty (a key sent
    while a dialog is still closing is lost: press again)."""
    for _ in range(int(WAIT)):
        browser.js("document.querySelector('.jp-Notebook').focus()")
        browser.call("Input.dispatchKeyEvent", type="keyDown", modifiers=2, key="s",
                     code="KeyS", windowsVirtualKeyCode=83)
        browser.call("Input.dispatchKeyEvent", type="keyUp", modifiers=2, key="s",
                     code="KeyS", windowsVirtualKeyCode=83)
        time.sleep(1)
        if browser.js("!document.querySelector('.jp-mod-dirty')"):
            return
    pytest.fail("the notebook could not be saved")


def test_the_panel_opens_with_the_form_and_writes_the_raw_cell(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-form")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-form.ipynb")
    title = "document.getElementById('ringkas-field-title').value"
    assert browser.js(title).startswith("Studi Referensi Inovasi Penanggulangan Kemiskinan")
    assert browser.js("document.getElementById('ringkas-field-date').type") == "date"
    assert browser.js("document.getElementById('ringkas-field-date').value") == "2022-11-28"
    themes = "document.querySelectorAll('#ringkas-field-themes input:checked').length"
    assert browser.js(themes) == 5

    set_field(browser, "ringkas-field-title", "Judul DIUBAH lewat panel")
    browser.until(f"{RAW_CELL}.includes('title: Judul DIUBAH lewat panel')")
    raw = browser.js(RAW_CELL)
    assert "bps_code: \"3510\"" in raw  # the rest of the YAML as it was, quotes and all
    save(browser)
    saved = lab.notebook("2022-11-28-form")
    assert "title: Judul DIUBAH lewat panel\n" in saved.cells[0].source
    assert saved.cells[1:] == copy_example_cells()[1:]  # no other cell touched

    # a field checked as it is typed: a BPS code that is no code
    browser.js("(() => { const i = document.getElementById('ringkas-field-host-bps_code');"
               " i.value = '35X'; i.dispatchEvent(new Event('input', {bubbles: true})); })()")
    message = browser.until("document.querySelector('.ringkas-field[data-key=host]"
                            " .ringkas-field-problem')?.innerText")
    assert "35X" in str(message)


def copy_example_cells() -> list:
    return nbformat.read(ROOT / "notebooks" / "visits" / f"{EXAMPLE}.ipynb", as_version=4).cells


def test_sections_show_as_chips_and_the_menu_changes_the_tag(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-chips")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-chips.ipynb")
    tagged = [i for i, c in enumerate(copy_example_cells())
              if set(c.metadata.get("tags", [])) - {"parameters"}]
    chip_count = "document.querySelectorAll('.jp-Cell .ringkas-section').length"
    browser.until(f"{chip_count} === {len(tagged)}")
    chips = browser.js("Array.from(document.querySelectorAll('.ringkas-section'))"
                       ".map(c => c.dataset.section)")
    assert chips[:2] == ["summary", "purpose"]
    # the purpose cell becomes background through the chip's menu
    browser.js("document.querySelector('.ringkas-section[data-section=purpose]').click()")
    browser.until("!!document.querySelector('.jp-Dialog select')")
    browser.js("(() => { const s = document.querySelector('.jp-Dialog select');"
               " s.value = Array.from(s.options).find(o => o.text.endsWith('(background)')).value;"
               " s.dispatchEvent(new Event('change', {bubbles: true}));"
               " document.querySelector('.jp-Dialog .jp-mod-accept').click(); })()")
    browser.until("!document.querySelector('.ringkas-section[data-section=purpose]')")
    save(browser)
    cell = lab.notebook("2022-11-28-chips").cells[4]
    assert cell.metadata["tags"] == ["background"]


def test_a_problem_leads_to_its_cell(lab: Lab, browser: Browser) -> None:
    nb = copy_example(lab.project, "2022-11-28-problem")
    nb.cells[3].source = ""  # the summary, required
    nbformat.write(nb, lab.project / "notebooks" / "visits" / "2022-11-28-problem.ipynb")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-problem.ipynb")
    item = "document.querySelector('.ringkas-problem[data-cell=\"3\"]')"
    browser.until(f"!!{item}")
    assert browser.js(f"{item}.querySelector('.ringkas-where').innerText") == "sel 4"  # as check
    browser.js(f"{item}.click()")
    browser.until("document.querySelectorAll('.jp-Notebook .jp-Cell')[3]"
                  ".classList.contains('jp-mod-active')")


def test_an_imported_cell_is_marked_reviewed_with_a_click(lab: Lab, browser: Browser) -> None:
    nb = copy_example(lab.project, "2022-11-28-imported")
    nb.cells[5].metadata["ringkas"] = {"imported": True}
    nbformat.write(nb, lab.project / "notebooks" / "visits" / "2022-11-28-imported.ipynb")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-imported.ipynb")
    browser.until("!!document.querySelectorAll('.jp-Notebook .jp-Cell')[5]"
                  ".querySelector('.ringkas-unreviewed')")
    assert browser.js("document.querySelectorAll('.ringkas-unreviewed').length") == 1
    browser.js("document.querySelector('.ringkas-mark-reviewed').click()")
    browser.until("!document.querySelector('.ringkas-unreviewed')")
    save(browser)
    assert "ringkas" not in lab.notebook("2022-11-28-imported").cells[5].metadata


def test_a_notebook_that_is_no_visit_gets_no_panel_or_chips(lab: Lab, browser: Browser) -> None:
    browser.call("Page.navigate", url=lab.url("notebooks/knowledge-base.ipynb"))
    browser.until("document.querySelectorAll('.jp-Notebook .jp-Cell').length > 0")
    browser.until("!!document.querySelector('#ringkas-visit-panel .ringkas-empty')")
    assert browser.js("document.querySelectorAll('.ringkas-section').length") == 0
    assert browser.js("document.querySelector('#ringkas-visit-panel').offsetWidth") == 0


def test_the_preview_docks_beside_the_notebook(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, EXAMPLE)
    browser.call("Network.enable")
    open_visit(browser, lab, f"notebooks/visits/{EXAMPLE}.ipynb")
    browser.until("!!document.querySelector('.ringkas-preview-button')")
    browser.js("document.querySelector('.ringkas-preview-button button,"
               " .ringkas-preview-button').click()")
    frame = "document.querySelector('.ringkas-preview-dock iframe')"
    browser.until(f"!!{frame}")
    # docked: the preview and the notebook side by side in the main area
    notebook = browser.js("document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
                          ".getBoundingClientRect().right")
    preview = browser.js("document.querySelector('.ringkas-preview-dock')"
                         ".getBoundingClientRect().left")
    assert preview >= notebook - 2
    src = browser.js(f"{frame}.src")
    assert f"/ringkas/preview/{EXAMPLE}?" in src and "audience=pimpinan" in src
    brief = (f"(() => {{ const d = {frame}.contentDocument;"
             " const b = d && d.getElementById('brief');"
             " return b && b.contentDocument ? b.contentDocument.body.innerText : ''; })()")
    browser.until(f"{brief}.includes('Banyuwangi')")
    if os.environ.get("RINGKAS_SCREENSHOT"):
        # room for the three: the file browser folded, the notebook at its section chips
        click_at(browser, ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        browser.js("document.querySelectorAll('.jp-Notebook .jp-Cell')[3].scrollIntoView()")
        time.sleep(1)
        shot = browser.call("Page.captureScreenshot", format="png")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(base64.b64decode(shot["data"]))
    # a form edit, saved, is in the docked brief (the page follows the file)
    set_field(browser, "ringkas-field-title", "Judul BARU di pratinjau")
    browser.until(f"{RAW_CELL}.includes('title: Judul BARU di pratinjau')")
    save(browser)
    browser.until(f"{brief}.includes('Judul BARU di pratinjau')")
    # nothing from the network: every request JupyterLab, the panel and the docked page
    # started (whether it succeeded or not) went to this server
    assert len(browser.requested) > 20
    elsewhere = [url for url in browser.requested
                 if not url.startswith((lab.base, "data:", "blob:", "about:"))]
    assert elsewhere == []
    # the audience switch reloads the docked page with teknis
    browser.js("(() => { const s = document.querySelector('.ringkas-switch-audience');"
               " s.value = 'teknis'; s.dispatchEvent(new Event('change')); })()")
    browser.until(f"{frame}.src.includes('audience=teknis')")


def test_a_recommendation_row_is_added_in_the_grid(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-grid")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-grid.ipynb")
    cell = "document.querySelectorAll('.jp-Notebook .jp-Cell')[14]"
    browser.until(f"!!{cell}.querySelector('.ringkas-edit-table')")
    browser.js(f"{cell}.querySelector('.ringkas-edit-table').click()")
    browser.until("document.querySelectorAll('.jp-Dialog .ringkas-grid tbody tr').length === 2")
    browser.js("document.querySelector('.jp-Dialog .ringkas-add-row').click()")
    browser.js("""(() => {
        const row = document.querySelector('.jp-Dialog .ringkas-grid tbody tr:last-child');
        const text = row.querySelector('.ringkas-grid-recommendation');
        text.value = 'Membentuk forum CSR kabupaten';
        text.dispatchEvent(new Event('input', {bubbles: true}));
        const priority = row.querySelector('select.ringkas-grid-priority');
        priority.value = priority.options[1].value;
        priority.dispatchEvent(new Event('change', {bubbles: true}));
        document.querySelector('.jp-Dialog .jp-mod-accept').click();
    })()""")
    browser.until(f"{cell}.textContent.includes('Membentuk forum CSR kabupaten')")
    save(browser)
    source = lab.notebook("2022-11-28-grid").cells[14].source
    rows = [line for line in source.splitlines() if line.startswith("| Membentuk forum CSR")]
    assert len(rows) == 1 and rows[0].rstrip().endswith("| usulan |"), source
    assert source.count("| usulan |") == 3  # the two rows there were, unchanged
    assert "OPD pengampu, waktu dan prioritas belum ditetapkan" in source  # the text after it


def test_add_innovation_inserts_a_tagged_cell(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-innovation")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-innovation.ipynb")
    chips = "document.querySelectorAll('.ringkas-section[data-section=innovation]').length"
    browser.until(f"{chips} === 4")
    browser.js("document.querySelector('.jp-Notebook').focus()")
    run_command(browser, "ringkas:add-innovation")
    browser.until(f"{chips} === 5")
    save(browser)
    cells = lab.notebook("2022-11-28-innovation").cells
    assert [c.metadata.get("tags") for c in cells].count(["innovation"]) == 5
    assert cells[11].metadata["tags"] == ["innovation"]  # after the last innovation
    assert cells[11].cell_type == "markdown" and cells[11].source.strip()


def run_command(browser: Browser, command: str) -> None:
    """Runs a command through the palette, as a user would (Ctrl+Shift+C, then its item)."""
    shown = "!!document.querySelector('.jp-ModalCommandPalette:not(.lm-mod-hidden)')"
    for _ in range(20):  # the shortcut is lost while JupyterLab moves the focus: press again
        browser.call("Input.dispatchKeyEvent", type="keyDown", modifiers=10, key="C",
                     code="KeyC", windowsVirtualKeyCode=67)
        browser.call("Input.dispatchKeyEvent", type="keyUp", modifiers=10, key="C",
                     code="KeyC", windowsVirtualKeyCode=67)
        time.sleep(0.5)
        if browser.js(shown):
            break
    item = f".jp-ModalCommandPalette .lm-CommandPalette-item[data-command=\"{command}\"]"
    browser.until(f"!!document.querySelector('{item}')")
    browser.js(f"document.querySelector('{item}').click()")


def test_review_from_the_panel_signs_the_visit(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-review")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-review.ipynb")
    browser.js("document.querySelector('#ringkas-visit-panel .ringkas-actions button').click()")
    browser.until("!!document.getElementById('ringkas-approval-name')")
    for key, value in (("name", "Dra. Sri Wahyuni"), ("position", "Kepala Bidang Pemsosbud"),
                       ("nip", "197001011990032001")):
        browser.js(f"document.getElementById('ringkas-approval-{key}').value = {value!r}")
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    browser.until("document.querySelector('.ringkas-status')?.innerText === 'reviewed'")
    browser.until(f"{RAW_CELL}.includes('Dra. Sri Wahyuni')")  # the notebook reloaded
    saved = lab.notebook("2022-11-28-review").cells[0].source
    assert "status: reviewed" in saved and "197001011990032001" in saved


def new_visit(lab: Lab, browser: Browser, **values: str) -> None:
    """From JupyterLab's launcher, the new-visit command through the palette, its dialog filled
    with `values` (date, host, title) and accepted."""
    browser.call("Page.navigate", url=f"{lab.base}/lab?reset&token={TOKEN}")
    browser.until("!!document.querySelector('.jp-Launcher')")
    run_command(browser, "ringkas:new-visit")
    browser.until("!!document.getElementById('ringkas-new-title')")
    for key, value in values.items():
        browser.js(f"document.getElementById('ringkas-new-{key}').value = {value!r}")
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")


def test_new_visit_from_the_palette(lab: Lab, browser: Browser) -> None:
    new_visit(lab, browser, date="2024-03-05", host="Kota Surabaya",
              title="Studi tiru layanan keliling")
    browser.until("document.querySelector('#ringkas-visit-panel .ringkas-visit-id')?.innerText"
                  " === '2024-03-05-surabaya'")
    title = "document.getElementById('ringkas-field-title').value"
    assert browser.js(title) == "Studi tiru layanan keliling"
    assert (lab.project / "notebooks" / "visits" / "2024-03-05-surabaya.ipynb").is_file()


REPORT = """Studi Referensi Penanggulangan Kemiskinan ke Kabupaten Contoh

Senin, 4 Maret 2024

Bappeda Kota Asal melaksanakan studi referensi ke Kabupaten Contoh untuk mempelajari
layanan keliling bagi warga lansia. Pemerintah Kabupaten Contoh menjelaskan bahwa mobil
layanan datang ke kelurahan setiap pekan.
"""


def test_import_a_report_by_upload(lab: Lab, browser: Browser, tmp_path: Path) -> None:
    report = tmp_path / "laporan.txt"
    report.write_text(REPORT, encoding="utf-8")
    browser.call("Page.navigate", url=f"{lab.base}/lab?reset&token={TOKEN}")
    browser.until("!!document.querySelector('.jp-Launcher')")
    run_command(browser, "ringkas:import")
    browser.until("!!document.getElementById('ringkas-import-file')")
    root = browser.call("DOM.getDocument")["root"]["nodeId"]
    node = browser.call("DOM.querySelector", nodeId=root, selector="#ringkas-import-file")
    browser.call("DOM.setFileInputFiles", files=[str(report)], nodeId=node["nodeId"])
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    # the report names no host region the importer can tell: it is asked for, then sent again
    browser.until("!!document.getElementById('ringkas-new-host')")
    asked = str(browser.js("document.querySelector('.jp-Dialog').innerText"))
    assert "laporan.txt" in asked and "Daerah tujuan" in asked
    browser.js("document.getElementById('ringkas-new-host').value = 'Kabupaten Contoh'")
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    # what the import did, and what the report did not say, before the visit opens
    said = browser.until("document.querySelector('.jp-Dialog .ringkas-import-report')?.innerText")
    assert "2024-03-04" in str(said)
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    visit = browser.until("document.querySelector('#ringkas-visit-panel .ringkas-visit-id')"
                          "?.innerText.startsWith('2024-03-04-') &&"
                          " document.querySelector('#ringkas-visit-panel .ringkas-visit-id')"
                          ".innerText")
    browser.until("document.querySelectorAll('.ringkas-unreviewed').length > 0")
    assert (lab.project / "notebooks" / "visits" / f"{visit}.ipynb").is_file()
    host = "document.getElementById('ringkas-field-host').value"
    assert browser.js(host) == "Kabupaten Contoh"


def box_of(browser: Browser, expression: str) -> list:
    """The middle of the element `expression` evaluates to, scrolled into view."""
    box = browser.js(f"(() => {{ const e = {expression}; e.scrollIntoView({{block: 'center'}});"
                     " const r = e.getBoundingClientRect();"
                     " return [r.x + r.width / 2, r.y + Math.min(r.height / 2, 12)]; })()")
    assert isinstance(box, list), expression
    return box


def write_cell(browser: Browser, index: int, prose: str) -> None:
    """Writes `prose` into markdown cell `index` as a user does: a click selects it, Enter
    opens its editor, Ctrl+A selects the guidance, the text is typed over it."""
    cell = f"document.querySelectorAll('.jp-Notebook .jp-Cell')[{index}]"
    x, y = box_of(browser, f"{cell}.querySelector('.jp-MarkdownOutput, .jp-InputArea')")
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    browser.until(f"{cell}.classList.contains('jp-mod-active')")
    editing = f"{cell}.querySelector('.cm-content') === document.activeElement"
    for _ in range(int(WAIT)):  # Enter: the selected cell's editor (a key lost while
        if browser.js(editing):  # JupyterLab moves the focus: press again)
            break
        browser.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter",
                     windowsVirtualKeyCode=13)
        browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter",
                     windowsVirtualKeyCode=13)
        time.sleep(0.5)
    browser.until(editing)
    browser.call("Input.dispatchKeyEvent", type="keyDown", modifiers=2, key="a", code="KeyA",
                 windowsVirtualKeyCode=65, commands=["selectAll"])
    browser.call("Input.dispatchKeyEvent", type="keyUp", modifiers=2, key="a", code="KeyA",
                 windowsVirtualKeyCode=65)
    browser.call("Input.insertText", text=prose)
    first = prose.splitlines()[0]
    browser.until(f"{cell}.querySelector('.cm-content').innerText.startsWith({first!r})"
                  f" && !{cell}.querySelector('.cm-content').innerText.includes('Petunjuk')")


def fill_grid(browser: Browser, index: int, rows: list[dict[str, str]]) -> None:
    """Opens cell `index`'s table in the grid, fills one row per dict (column key: value) over
    the rows there, and accepts."""
    cell = f"document.querySelectorAll('.jp-Notebook .jp-Cell')[{index}]"
    browser.until(f"!!{cell}.querySelector('.ringkas-edit-table')")
    browser.js(f"{cell}.querySelector('.ringkas-edit-table').click()")
    browser.until("!!document.querySelector('.jp-Dialog .ringkas-grid')")
    for number, row in enumerate(rows):
        have = browser.js("document.querySelectorAll('.jp-Dialog .ringkas-grid tbody tr').length")
        if number >= int(str(have)):
            browser.js("document.querySelector('.jp-Dialog .ringkas-add-row').click()")
        for key, value in row.items():
            browser.js(f"""(() => {{
                const tr = document.querySelectorAll('.jp-Dialog .ringkas-grid tbody tr')[{number}];
                const input = tr.querySelector('.ringkas-grid-{key}');
                input.value = {value!r};
                input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input',
                                              {{bubbles: true}}));
            }})()""")
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    browser.until(f"!document.querySelector('.jp-Dialog') && {cell}.textContent"
                  f".includes({next(iter(rows[0].values()))!r})")


def check_field(browser: Browser, key: str, values: list[str]) -> None:
    """Ticks the choices `values` of the form's field `key`, as clicks do."""
    for value in values:
        browser.js(f"(() => {{ const c = document.querySelector("
                   f"'#ringkas-field-{key} input[value=\"{value}\"]'); c.checked = true;"
                   " c.dispatchEvent(new Event('change', {bubbles: true})); })()")


def add_person(browser: Browser, key: str, name: str, position: str) -> None:
    """Adds a person to the form's people field `key` through its "add" link."""
    browser.js(f"document.querySelector('#ringkas-field-{key} > button').click()")
    browser.js(f"""(() => {{
        const row = document.querySelector('#ringkas-field-{key} .ringkas-person:last-child');
        for (const [cls, value] of [['name', {name!r}], ['position', {position!r}]]) {{
            const i = row.querySelector('.ringkas-person-' + cls);
            i.value = value;
            i.dispatchEvent(new Event('input', {{bubbles: true}}));
            i.dispatchEvent(new Event('change', {{bubbles: true}}));
        }}
    }})()""")


SECTIONS = {  # skeleton cell -> what a researcher writes there (prose, nothing else)
    3: "Tim mengunjungi Kota Surabaya untuk mempelajari layanan keliling bagi warga lansia. "
       "Layanan itu menjangkau warga yang sulit datang ke kantor kelurahan. Kami mengusulkan "
       "uji coba layanan serupa di dua kecamatan.",
    4: "Kunjungan ini bermaksud mempelajari cara Kota Surabaya menjangkau warga lansia.",
    5: "Banyak warga lansia di Kota Surabaya tidak dapat datang ke kantor pelayanan, "
       "sehingga layanan dibawa ke kelurahan.",
    6: "Wali kota menetapkan layanan keliling sebagai program prioritas dan memantaunya "
       "setiap bulan.",
    7: "### Layanan Keliling Lansia\n\nMobil layanan datang ke setiap kelurahan sekali sepekan "
       "untuk mengurus dokumen kependudukan dan bantuan sosial.",
    9: "Menurut paparan pemerintah kota, lebih dari seribu warga lansia terlayani pada tahun "
       "pertama.",
    10: "Layanan yang datang ke warga lebih mudah dijangkau daripada kantor yang menunggu warga.",
}


def test_a_complete_visit_is_written_through_the_panel_alone(lab: Lab, browser: Browser) -> None:
    """From the bare skeleton to a visit `ringkas check` passes, typing no YAML, tag or JSON:
    the new-visit command, the form, prose in the cells, the grids, Ctrl+S."""
    new_visit(lab, browser, date="2024-06-12", host="Kota Surabaya",
              title="Studi tiru layanan keliling lansia")
    visit = "2024-06-12-surabaya"
    browser.until("document.querySelector('#ringkas-visit-panel .ringkas-visit-id')?.innerText"
                  f" === {visit!r}")
    browser.until("!!document.getElementById('ringkas-field-host-bps_code')")
    # the front matter, field by field in the form
    set_field(browser, "ringkas-field-host-bps_code", "3578")
    set_field(browser, "ringkas-field-kind", "studi-tiru")
    set_field(browser, "ringkas-field-home", "Kabupaten Grobogan")
    set_field(browser, "ringkas-field-home-bps_code", "3315")
    set_field(browser, "ringkas-field-agency", "Bappeda")
    set_field(browser, "ringkas-field-unit", "Bidang Pemerintahan dan Pembangunan Manusia")
    set_field(browser, "ringkas-field-venue", "Ruang rapat Bappeda Kota Surabaya")
    check_field(browser, "themes", ["kemiskinan", "perlindungan-sosial"])
    set_field(browser, "ringkas-field-participants",
              "Ir. Budi Santoso, Kepala Bidang\nSiti Rahma, Analis Kebijakan")
    set_field(browser, "ringkas-field-led_by", "Ir. Budi Santoso, Kepala Bidang")
    add_person(browser, "received_by", "Dra. Ani Lestari", "Sekretaris Daerah")
    browser.until(f"{RAW_CELL}.includes('3578') && {RAW_CELL}.includes('perlindungan-sosial')"
                  f" && {RAW_CELL}.includes('Dra. Ani Lestari')")
    # the sections: prose typed into their cells
    for index, prose in SECTIONS.items():
        write_cell(browser, index, prose)
    # the two tables through the grid
    fill_grid(browser, 8, [{"actor": "Dinas Sosial", "role": "Menyusun jadwal layanan"},
                           {"actor": "Dispendukcapil", "role": "Mencetak dokumen di tempat"}])
    fill_grid(browser, 11, [{"recommendation": "Uji coba layanan keliling di dua kecamatan",
                             "lead_opd": "Dinas Sosial", "timeline": "2025-S1",
                             "priority": "tinggi", "status": "usulan"}])
    save(browser)
    path = lab.project / "notebooks" / "visits" / f"{visit}.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert "Layanan Keliling Lansia" in nb.cells[7].source
    assert "| Uji coba layanan keliling di dua kecamatan |" in nb.cells[11].source
    checked = subprocess.run(
        [sys.executable, "-m", "ringkas", "--lang", "en", "check", str(path)],
        capture_output=True, text=True, cwd=lab.project, env={**os.environ,
                                                               "PYTHONPATH": str(ROOT / "src")})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # no error, and nothing left to fill either: every warning the skeleton had is gone
    assert checked.stdout.strip().splitlines()[-1].endswith(": 0 errors, 0 warnings."), \
        checked.stdout


def sign(browser: Browser, button: int, name: str, position: str, nip: str) -> None:
    """The panel's review (0) or approve (1) button, its dialog filled and accepted."""
    browser.until("!document.querySelector('.jp-Dialog')")
    browser.js(f"document.querySelectorAll('#ringkas-visit-panel .ringkas-actions button')"
               f"[{button}].click()")
    browser.until("!!document.getElementById('ringkas-approval-name')")
    for key, value in (("name", name), ("position", position), ("nip", nip)):
        browser.js(f"document.getElementById('ringkas-approval-{key}').value = {value!r}")
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")


def test_approve_from_the_panel_shows_the_status(lab: Lab, browser: Browser) -> None:
    copy_example(lab.project, "2022-11-28-approve")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-approve.ipynb")
    assert browser.js("document.querySelector('.ringkas-status').innerText") == "draft"
    sign(browser, 0, "Dra. Sri Wahyuni", "Kepala Bidang Pemsosbud", "197001011990032001")
    browser.until("document.querySelector('.ringkas-status')?.innerText === 'reviewed'")
    sign(browser, 1, "Ir. Bambang Hartono", "Kepala Bappeda", "196805121994031002")
    browser.until("document.querySelector('.ringkas-status')?.innerText === 'approved'")
    # who signed, shown under the status, and in the notebook as `ringkas approve` writes it
    signed = browser.until("Array.from(document.querySelectorAll('.ringkas-signed'))"
                           ".map(s => s.innerText).join('\\n').includes('Ir. Bambang Hartono')"
                           " && Array.from(document.querySelectorAll('.ringkas-signed'))"
                           ".map(s => s.innerText).join('\\n')")
    assert "Kepala Bappeda" in str(signed) and "NIP 196805121994031002" in str(signed)
    saved = lab.notebook("2022-11-28-approve").cells[0].source
    assert "status: approved" in saved and "196805121994031002" in saved
    assert "197001011990032001" in saved  # the review kept


def test_the_panel_speaks_english_when_jupyterlab_does(lab: Lab, browser: Browser) -> None:
    language = (lab.project.parent / "settings" / "@jupyterlab" / "translation-extension"
                / "plugin.jupyterlab-settings")
    language.parent.mkdir(parents=True, exist_ok=True)
    language.write_text('{"locale": "en"}')
    try:
        copy_example(lab.project, "2022-11-28-english")
        open_visit(browser, lab, "notebooks/visits/2022-11-28-english.ipynb")
        label = "document.querySelector('.ringkas-field[data-key=title] label').innerText"
        assert browser.js(label) == "Title *"
        buttons = browser.js("Array.from(document.querySelectorAll('#ringkas-visit-panel"
                             " .ringkas-actions button')).map(b => b.innerText)")
        assert buttons == ["Mark reviewed…", "Approve…"]
        # a field's message as `ringkas check --lang en` gives it
        browser.js("(() => { const i = document.getElementById('ringkas-field-host-bps_code');"
                   " i.value = '35X'; i.dispatchEvent(new Event('input', {bubbles: true})); })()")
        message = browser.until("document.querySelector('.ringkas-field[data-key=host]"
                                " .ringkas-field-problem')?.innerText")
        assert "35X" in str(message) and "kode" not in str(message).lower()
    finally:
        language.unlink()


def test_check_render_and_the_catalogue_from_the_palette(lab: Lab, browser: Browser) -> None:
    nb = copy_example(lab.project, "2022-11-28-render")
    nb.cells[3].source = ""  # the summary, required: check names it
    nbformat.write(nb, lab.project / "notebooks" / "visits" / "2022-11-28-render.ipynb")
    open_visit(browser, lab, "notebooks/visits/2022-11-28-render.ipynb")
    item = "document.querySelector('.ringkas-problem[data-cell=\"3\"]')"
    browser.until(f"!!{item}")
    # the summary written on disk behind JupyterLab's back is not what check sees: the palette's
    # check saves the open notebook first, and lists its problems
    browser.js("document.querySelector('.jp-Notebook').focus()")
    write_cell(browser, 3, "Ringkasan yang ditulis sebelum pemeriksaan.")
    run_command(browser, "ringkas:check")
    browser.until(f"!{item} && !document.querySelector('.jp-mod-dirty')")
    run_command(browser, "ringkas:render")
    links = browser.until("Array.from(document.querySelectorAll('.jp-Dialog .ringkas-render-report"
                          " a')).map(a => a.getAttribute('href')).join(' ')")
    assert "/files/briefs/2022-11-28-render/2022-11-28-render." in str(links)
    assert ".html" in str(links) and ".pdf" in str(links)
    browser.js("document.querySelector('.jp-Dialog .jp-mod-accept').click()")
    browser.until("!document.querySelector('.jp-Dialog')")
    # the catalogue: the rendered briefs/index.html, through Jupyter's authenticated files/
    run_command(browser, "ringkas:catalogue")
    frame = "document.querySelector('.ringkas-catalogue-frame')"
    src = browser.until(f"{frame}?.getAttribute('src')")
    assert str(src).endswith("/files/briefs/index.html")
    assert (lab.project / "briefs" / "index.html").is_file()
    page = browser.js(f"fetch({frame}.src).then(r => r.text())")
    assert "2022-11-28-render" in str(page)
    # not without Jupyter's login
    status, _ = fetch_status(f"{lab.base}/files/briefs/index.html")
    assert status in (302, 403)


def fetch_status(url: str) -> tuple[int, str]:
    """The status of a GET of `url` without the token, redirects not followed."""
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=30) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, str(error.headers.get("Location", ""))
