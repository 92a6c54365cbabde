"""The catalogue page, briefs/index.html: every visit, links that work, nothing a title can run.

Most tests build a briefs folder by hand (a manifest with the facts `publish.catalogue_facts`
keeps, and empty brief files) and parse the page as a browser would. One slow test renders the
fixture visits and the example with the CLI; one runs the page's script in headless Chromium
when it is installed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html as html_module
import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from ringkas.build import catalogue
from ringkas.build.catalogue import embed_json, render_catalogue, write_catalogue_pages
from ringkas.build.manifest import Manifest
from ringkas.build.pipeline import publish_catalogue
from ringkas.cli import cli
from ringkas.project.paths import templates_dir
from tests.notebooks import EXAMPLE, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "kb"
HOSTILE = ["<script>alert(1)</script>", "</script><script>alert(2)</script>",
           "<!--<script>alert(3)</script>", "&lt;b&gt; & \u2028 \"quoted\" 'single'"]


class Page(HTMLParser):
    """The page as a browser's parser sees it: elements with attributes, and each script's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, ""))
        if tag in ("script", "style"):
            self._in = tag
            if tag == "style":
                self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        elif self._in == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())]

    def csp(self) -> dict[str, str]:
        (meta,) = self.all("meta", http_equiv="Content-Security-Policy")
        return dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))

    def data(self) -> dict:
        (blob,) = [text for attrs, text in self.scripts if attrs.get("type") == "application/json"]
        return json.loads(blob)


def facts(title: str, date: str, **changes: object) -> dict:
    """A manifest entry as `publish.catalogue_facts` writes it."""
    entry = {"title": title, "date": date, "year": date[:4], "kind": "studi-banding",
             "host": "Kota Contoh", "host_code": "3578", "status": "reviewed",
             "themes": ["kemiskinan", "digital"], "has_code": False, "source": "x.ipynb",
             "summary": "Ringkasan singkat.", "innovations": ["Layanan Keliling", "Dasbor Desa"],
             "recommendations": 4, "done": 1, "outputs": {}}
    entry.update(changes)
    return entry


def briefs_folder(tmp_path: Path, visits: dict[str, dict], files: dict[str, list[str]]) -> Path:
    """A briefs folder: the manifest holding `visits`, and (empty) brief files per visit."""
    out = tmp_path / "briefs"
    out.mkdir(exist_ok=True)
    Manifest(out / ".ringkas-manifest.json", visits).write()
    for visit_id, names in files.items():
        (out / visit_id).mkdir(exist_ok=True)
        for name in names:
            (out / visit_id / name).write_text("brief", encoding="utf-8")
    return out


@pytest.fixture
def two_visits(tmp_path: Path) -> Path:
    return briefs_folder(tmp_path, {
        "2022-11-28-contoh": facts("Studi Referensi Kemiskinan", "2022-11-28", status="draft"),
        "2024-02-20-lain": facts("Studi Banding Digital", "2024-02-20", host="Kabupaten Lain",
                                 themes=["digital"], done=3, innovations=["Antrean Daring"]),
    }, {
        "2022-11-28-contoh": ["2022-11-28-contoh.pimpinan.id.html",
                              "2022-11-28-contoh.pimpinan.id.pdf",
                              "2022-11-28-contoh.teknis.en.html"],
        "2024-02-20-lain": ["2024-02-20-lain.pimpinan.id.html"],
    })


def cards(page: Page) -> list[str]:
    return [attrs["data-visit"] for attrs in page.all("article")]


# --- what the page lists --------------------------------------------------------------------

def test_every_visit_is_a_card_newest_first_with_its_facts(two_visits: Path) -> None:
    html = render_catalogue(two_visits)
    page = Page(html)
    assert cards(page) == ["2024-02-20-lain", "2022-11-28-contoh"]
    text = " ".join(" ".join(page.text).split())
    for shown in ("Studi Banding Digital", "Studi Referensi Kemiskinan", "20 Februari 2024",
                  "28 November 2022", "Kabupaten Lain", "Kota Contoh", "Studi banding",
                  "Penanggulangan kemiskinan", "Pemerintahan digital", "Draf", "Ditelaah",
                  "Layanan Keliling · Dasbor Desa", "Antrean Daring",
                  "1 dari 4 rekomendasi selesai",
                  "3 dari 4 rekomendasi selesai", "Ringkasan singkat."):
        assert shown in text, shown
    assert page.all("progress", value="3", max="4")


def test_links_go_to_the_briefs_that_exist_and_only_those(two_visits: Path) -> None:
    page = Page(render_catalogue(two_visits))
    hrefs = [a["href"] for a in page.all("a")]
    assert sorted(hrefs) == [
        "2022-11-28-contoh/2022-11-28-contoh.pimpinan.id.html",
        "2022-11-28-contoh/2022-11-28-contoh.pimpinan.id.pdf",
        "2022-11-28-contoh/2022-11-28-contoh.teknis.en.html",
        "2024-02-20-lain/2024-02-20-lain.pimpinan.id.html",
    ]
    assert all((two_visits / href).is_file() for href in hrefs)


def test_without_javascript_every_visit_shows_and_the_controls_stay_hidden(
        two_visits: Path) -> None:
    page = Page(render_catalogue(two_visits))
    assert all("hidden" not in attrs for attrs in page.all("article"))
    assert "hidden" in page.all("div", id="filters")[0]
    assert "hidden" in page.all("div", id="lang-switch")[0]


def test_an_empty_folder_says_how_to_make_briefs(tmp_path: Path) -> None:
    page = Page(render_catalogue(tmp_path / "briefs"))
    assert cards(page) == []
    assert "Belum ada brief. Buat dengan: ringkas render" in " ".join(page.text)


def test_wrong_values_in_a_shared_manifest_do_not_break_the_page(tmp_path: Path) -> None:
    out = briefs_folder(tmp_path, {"2023-01-02-aneh": facts(
        "Judul", "bukan-tanggal", themes="kemiskinan", done="banyak", recommendations=None,
        innovations=[1, None, "Satu"], status="tidak-dikenal", kind=None)}, {})
    page = Page(render_catalogue(out))
    assert cards(page) == ["2023-01-02-aneh"]
    assert "Satu" in " ".join(page.text)


# --- languages ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_label_carries_both_languages_and_shows_the_page_s(two_visits: Path,
                                                                 lang: str) -> None:
    page = Page(render_catalogue(two_visits, lang))
    assert page.all("html")[0]["lang"] == lang
    labelled = [a for _, a in page.elements if "data-en" in a]
    assert len(labelled) > 30 and all("data-id" in a for a in labelled)
    html = render_catalogue(two_visits, lang)
    for key in ("visits", "search", "theme", "reset"):
        pair = catalogue.texts()[key].all
        shown = pair[1] if lang == "en" else pair[0]
        assert f'data-id="{pair[0]}" data-en="{pair[1]}">{shown}<' in html
    assert page.data()["text"]["count"] == {"id": "{shown} dari {total} kunjungan ditampilkan",
                                            "en": "Showing {shown} of {total} visits"}


# --- nothing runs but our script --------------------------------------------------------------

def test_a_hostile_title_stays_text_and_only_our_scripts_exist(tmp_path: Path) -> None:
    visits = {f"2023-0{n}-01-x": facts(title, f"2023-0{n}-01", host=title, summary=title,
                                       innovations=[title], themes=[title], status=title)
              for n, title in enumerate(HOSTILE, 1)}
    html = render_catalogue(briefs_folder(tmp_path, visits, {}))
    page = Page(html)
    ours = (templates_dir() / "catalogue" / "catalogue.js").read_text(encoding="utf-8")
    assert [(attrs, text == ours) for attrs, text in page.scripts] == [
        ({"type": "application/json", "id": "catalogue-data"}, False), ({}, True)]
    assert {v["id"]: v["title"] for v in page.data()["visits"]} == {
        visit_id: entry["title"] for visit_id, entry in visits.items()}
    assert "<script>alert" not in html and "<!--" not in html
    shown = "".join(page.text)
    assert all(title in shown for title in HOSTILE)


def test_the_embedded_json_cannot_end_its_element() -> None:
    text = str(embed_json({"t": "</script><!--<script>&\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!--<script>&\u2028"}


def test_the_csp_allows_our_inline_script_and_style_by_hash_and_nothing_else(
        two_visits: Path) -> None:
    page = Page(render_catalogue(two_visits))
    csp = page.csp()
    (script,) = [text for attrs, text in page.scripts if "type" not in attrs]
    (style,) = page.styles

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert csp == {"default-src": "'none'", "script-src": digest(script),
                   "style-src": digest(style), "base-uri": "'none'", "form-action": "'none'"}
    assert "unsafe" not in page.all("meta", http_equiv="Content-Security-Policy")[0]["content"]
    assert not [a for _, a in page.elements if "style" in a or any(k.startswith("on") for k in a)]


def test_an_asset_that_could_end_its_element_is_refused(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "templates" / "catalogue"
    shutil.copytree(templates_dir() / "catalogue", folder)
    (folder / "catalogue.js").write_text("var x = '</script>';", encoding="utf-8")
    monkeypatch.setattr(catalogue, "templates_dir", lambda: tmp_path / "templates")
    with pytest.raises(ValueError, match="must not contain"):
        render_catalogue(tmp_path / "briefs")


# --- syntheses ------------------------------------------------------------------------------

def test_synthesis_briefs_that_exist_are_listed_with_their_selection(tmp_path: Path) -> None:
    out = briefs_folder(tmp_path, {}, {"synthesis": [
        "kemiskinan.id.html", "kemiskinan.id.pdf", "kemiskinan.id.ipynb",
        "digital-kulon-progo-2021-09.en.html", "catatan.id.html", "kemiskinan.de.html"]})
    page = Page(render_catalogue(out, "en"))
    assert sorted(a["href"] for a in page.all("a")) == [
        "synthesis/digital-kulon-progo-2021-09.en.html", "synthesis/kemiskinan.id.html",
        "synthesis/kemiskinan.id.pdf"]
    text = " ".join(page.text)
    assert "Lessons from study visits: Digital government" in text
    assert "Host region: Kulon Progo · Since 2021-09" in text
    assert "Lessons from study visits: Poverty reduction" in text
    assert "All host regions · All years" in text


def test_write_catalogue_pages_replaces_the_page_atomically(two_visits: Path) -> None:
    (two_visits / "index.html").write_text("old", encoding="utf-8")
    path = write_catalogue_pages(two_visits)
    assert path == two_visits / "index.html" and "Studi Banding Digital" in path.read_text()
    assert not list(two_visits.glob(".index.html.*"))


def test_an_unchanged_folder_keeps_its_page_and_any_change_rebuilds_it(
        two_visits: Path, monkeypatch) -> None:
    day = dt.date(2024, 3, 1)
    page = publish_catalogue(two_visits, "id", day)
    made = page.stat().st_mtime_ns
    builds = []
    monkeypatch.setattr(catalogue, "render_pages",
                        lambda *args, **kwargs: builds.append(args)
                        or {"index.html": "<!doctype html>rebuilt"})
    assert publish_catalogue(two_visits, "id", day) == page
    assert builds == [] and page.stat().st_mtime_ns == made
    changes = [
        lambda: None,  # a new day: the page prints its date
        lambda: (two_visits / "2024-02-20-lain" / "2024-02-20-lain.teknis.id.pdf").write_text("x"),
        lambda: Manifest(two_visits / ".ringkas-manifest.json", {}).write(),
        lambda: (two_visits / ".ringkas-catalogue.sha256").write_text("rusak"),
        lambda: (two_visits / "index.html").unlink(),
    ]
    for number, change in enumerate(changes, 1):
        change()
        publish_catalogue(two_visits, "id", day + dt.timedelta(days=1))
        assert len(builds) == number
        assert (two_visits / "index.html").read_text() == "<!doctype html>rebuilt"
    publish_catalogue(two_visits, "en", day + dt.timedelta(days=1))  # the page's language
    assert len(builds) == len(changes) + 1


# --- the page in use -------------------------------------------------------------------------

@pytest.mark.slow
def test_render_lists_every_fixture_visit_and_the_example_even_when_nothing_changed(
        tmp_path: Path) -> None:
    visits = tmp_path / "notebooks" / "visits"
    visits.mkdir(parents=True)
    for notebook in [*FIXTURES.glob("*.ipynb"), EXAMPLE]:
        shutil.copy(notebook, visits)
    shutil.copytree(ROOT / "data", tmp_path / "data")  # the example's evidence reads it
    runner = CliRunner()
    command = ["--project", str(tmp_path), "render", "--format", "html", "--jobs", "1"]
    first = runner.invoke(cli, command)
    assert first.exit_code == 0, first.output
    index = tmp_path / "briefs" / "index.html"
    index.unlink()
    second = runner.invoke(cli, command)
    assert "0 ringkasan dibuat (0 berkas), 24 tidak berubah" in second.output and index.is_file()
    page = Page(index.read_text(encoding="utf-8"))
    assert sorted(cards(page)) == sorted(p.stem for p in visits.glob("*.ipynb"))
    hrefs = [a["href"] for a in page.all("a")]
    assert len(hrefs) == 6 * 4 and all((index.parent / href).is_file() for href in hrefs)
    assert "Rantang Kasih" in " ".join(page.text)


DRIVER = """<script>
function shown() {
  return [].filter.call(document.querySelectorAll("[data-visit]"), c => !c.hidden)
    .map(c => c.getAttribute("data-visit")).join(" ");
}
function set(id, value, event) {
  const el = document.getElementById(id); el.value = value; el.dispatchEvent(new Event(event));
}
const result = {all: shown()};
set("q", "DASBOR desa", "input"); result.search = shown();
set("q", "", "input"); set("f-year", "2022", "change"); result.year = shown();
document.getElementById("reset").click(); set("f-theme", "digital", "change");
result.theme = shown(); result.noMatchHidden = document.getElementById("no-match").hidden;
set("q", "tidak-ada-yang-cocok", "input");
result.none = shown(); result.noMatchShown = !document.getElementById("no-match").hidden;
document.querySelector('[data-set-lang="en"]').click();
result.lang = document.documentElement.lang; result.title = document.title;
result.heading = document.getElementById("visits-title").textContent;
result.count = document.getElementById("count").textContent;
result.placeholder = document.getElementById("q").placeholder;
result.filtersShown = !document.getElementById("filters").hidden;
document.body.setAttribute("data-result", JSON.stringify(result));
</script>"""


def chromium() -> str:
    binary = os.environ.get("RINGKAS_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not binary:
        pytest.skip("Chromium not found: run scripts/install-chromium as root")
    return binary


def driven(html: str, driver: str, folder: Path) -> dict:
    """What `driver` (a script that puts its findings, as JSON, in a `data-result` attribute)
    found in the catalogue page `html`, run in headless Chromium from `folder`."""
    # the driver is a second inline script: drop the CSP that (rightly) refuses it
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = folder / "driven.html"
    page.write_text(html.replace("</body>", driver + "</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        done = subprocess.run([chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
                               "--no-first-run", f"--user-data-dir={profile}", "--dump-dom",
                               page.as_uri()], capture_output=True, text=True, timeout=60)
    found = re.search(r'data-result="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    return json.loads(html_module.unescape(found.group(1)))


@pytest.mark.slow
def test_the_script_filters_searches_and_switches_language_in_a_browser(
        two_visits: Path) -> None:
    result = driven(render_catalogue(two_visits), DRIVER, two_visits)
    assert result == {
        "all": "2024-02-20-lain 2022-11-28-contoh", "search": "2022-11-28-contoh",
        "year": "2022-11-28-contoh", "theme": "2024-02-20-lain 2022-11-28-contoh",
        "noMatchHidden": True, "none": "", "noMatchShown": True, "lang": "en",
        "title": "Study-visit catalogue", "heading": "Visits",
        "count": "Showing 0 of 2 visits", "placeholder": "title, region, innovation…",
        "filtersShown": True}


# --- a thousand visits ----------------------------------------------------------------------

def many_visits(tmp_path: Path, count: int) -> Path:
    """A briefs folder of `count` visits, one a day (newest last), with two briefs each."""
    start = dt.date(2020, 1, 1)
    visits, files = {}, {}
    for number in range(count):
        day = (start + dt.timedelta(days=number)).isoformat()
        visit_id = f"{day}-kota-{number}"
        visits[visit_id] = facts(f"Studi Banding Nomor {number}", day, host=f"Kota {number % 40}",
                                 summary="Ringkasan kunjungan yang agak panjang. " * 7)
        files[visit_id] = [f"{visit_id}.pimpinan.id.html", f"{visit_id}.teknis.en.pdf"]
    return briefs_folder(tmp_path, visits, files)


def test_a_thousand_visits_are_paged_and_each_page_stays_small(tmp_path: Path) -> None:
    out = many_visits(tmp_path, 1000)
    newest_first = sorted(Manifest.read(out).visits, reverse=True)
    write_catalogue_pages(out)
    names = ["index.html", *(f"index-{n}.html" for n in range(2, 18))]
    assert sorted(p.name for p in out.glob("index*.html")) == sorted(names)
    listed = []
    for number, name in enumerate(names, 1):
        html = (out / name).read_text(encoding="utf-8")
        assert len(html.encode()) < (2_000_000 if number == 1 else 400_000), name
        page = Page(html)
        listed += cards(page)
        links = [a["href"] for a in page.all("a") if a["href"].startswith("index")]
        assert links[:len(names)] == names  # the pager links every page
        assert page.all("a", aria_current="page") == [{"href": name, "aria-current": "page"}]
        scripts = [attrs for attrs, _ in page.scripts]
        assert scripts == ([{"type": "application/json", "id": "catalogue-data"}, {}]
                           if number == 1 else [])
        if number > 1:
            assert page.csp()["script-src"] == "'none'"
    assert listed == newest_first  # every visit once, newest first, 60 a page
    assert len(cards(Page((out / "index.html").read_text()))) == catalogue.PAGE_SIZE
    data = Page((out / "index.html").read_text()).data()
    assert [v["id"] for v in data["visits"]] == newest_first and data["batch"] == 60
    oldest = data["visits"][-1]
    assert oldest["briefs"] == [["pimpinan", "id", ["html"]], ["teknis", "en", ["pdf"]]]
    assert data["labels"]["audience"]["teknis"] == ["Laporan Teknis", "Technical Report"]


def test_fewer_visits_remove_the_pages_no_longer_needed(tmp_path: Path) -> None:
    out = many_visits(tmp_path, 130)
    write_catalogue_pages(out)
    assert sorted(p.name for p in out.glob("index*.html")) == [
        "index-2.html", "index-3.html", "index.html"]
    (out / "index-12.html").write_text("a page of an older, larger catalogue")
    (out / "index-x.html").write_text("not ours")
    Manifest(out / ".ringkas-manifest.json",
             dict(list(Manifest.read(out).visits.items())[:5])).write()
    write_catalogue_pages(out)
    assert sorted(p.name for p in out.glob("index*.html")) == ["index-x.html", "index.html"]
    page = Page((out / "index.html").read_text())
    assert len(cards(page)) == 5 and not page.all("nav")


def test_the_catalogue_s_own_pages_do_not_make_it_stale(tmp_path: Path, monkeypatch) -> None:
    out = many_visits(tmp_path, 130)
    day = dt.date(2024, 3, 1)
    publish_catalogue(out, "id", day)
    assert (out / "index-3.html").is_file()
    builds = []
    monkeypatch.setattr(catalogue, "render_pages",
                        lambda *args, **kwargs: builds.append(args) or {})
    publish_catalogue(out, "id", day)
    assert builds == []


PAGED_DRIVER = """<script>
const cards = () => document.querySelectorAll("[data-visit]");
const more = document.getElementById("more");
function set(id, value, event) {
  const el = document.getElementById(id); el.value = value; el.dispatchEvent(new Event(event));
}
const result = {first: cards().length, more: more.textContent, moreShown: !more.hidden,
                pagerHidden: document.getElementById("pager").hidden};
more.click(); result.second = cards().length;
more.click(); result.third = cards().length; result.moreHiddenAtEnd = more.hidden;
set("q", "2020-01-02", "input");
result.found = [].map.call(cards(), c => c.getAttribute("data-visit"));
result.built = document.querySelector('[data-visit="2020-01-02-kota-1"]').outerHTML;
result.count = document.getElementById("count").textContent;
set("q", "", "input"); result.afterReset = cards().length;
document.querySelector('[data-set-lang="en"]').click();
set("q", "2020-01-02", "input");
result.status = document.querySelector('[data-visit="2020-01-02-kota-1"] .status-chip').textContent;
document.body.setAttribute("data-result", JSON.stringify(result));
</script>"""


def structure(html: str) -> tuple[list, str]:
    page = Page(html)
    return page.elements, "".join("".join(page.text).split())  # layout whitespace aside


@pytest.mark.slow
def test_the_script_lists_every_visit_of_a_paged_catalogue_in_batches(tmp_path: Path) -> None:
    out = many_visits(tmp_path, 150)
    write_catalogue_pages(out)
    result = driven((out / "index.html").read_text(encoding="utf-8"), PAGED_DRIVER, out)
    built = result.pop("built")
    assert result == {
        "first": 60, "more": "Tampilkan lebih banyak (90 lagi)", "moreShown": True,
        "pagerHidden": True, "second": 120, "third": 150, "moreHiddenAtEnd": True,
        "found": ["2020-01-02-kota-1"], "count": "1 dari 150 kunjungan ditampilkan",
        "afterReset": 60, "status": "Reviewed"}
    # the card the script built equals the one the older page holds, element for element
    served = (out / "index-3.html").read_text(encoding="utf-8")
    card = served[served.index('<article class="card status-reviewed" id="visit-2020-01-02-'
                               'kota-1"'):]
    card = card[:card.index("</article>") + len("</article>")]
    assert structure(built) == structure(card)
