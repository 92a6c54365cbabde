"""ringkas.toml [branding]: the letterhead (kop surat), logo and colours of every brief.

The settings are checked when read (tests/integration/test_bad_config.py holds the corpus of bad
values); they travel to the render unit in `RenderOptions` (the logo as bytes, no worker reads
ringkas.toml), show in the HTML and the PDF, and are part of each brief's content key.
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ringkas import api
from ringkas.build.jobs import Job, RenderOptions
from ringkas.build.worker import unit_files
from ringkas.contract.branding import Branding, contrast
from ringkas.contract.config import ConfigError, load_settings
from ringkas.contract.settings import ProjectSettings
from ringkas.project.paths import Project
from ringkas.render.exporters import render_html
from ringkas.render.pdf import render_pdf
from tests.notebooks import visit_notebook, write

VISIT = "2023-03-14-contoh"
LINES = ["PEMERINTAH KABUPATEN CONTOH", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"]


def image(kind: str = "PNG", size: tuple[int, int] = (60, 70), colour: str = "#1f6e3a") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def branded(root: Path, logo: bytes | None = None, extra: str = "") -> Path:
    """A project whose ringkas.toml brands its briefs, with one visit."""
    (root / "branding").mkdir(parents=True, exist_ok=True)
    (root / "branding" / "logo.png").write_bytes(logo or image())
    (root / "ringkas.toml").write_text(
        '[branding]\nlogo = "branding/logo.png"\n'
        f'letterhead = ["{LINES[0]}", "{LINES[1]}"]\ncolour = "#1F4E79"\n{extra}',
        encoding="utf-8")
    write(visit_notebook(), root / "notebooks" / "visits")
    return root


def test_the_file_s_branding(tmp_path: Path) -> None:
    root = branded(tmp_path)
    branding = load_settings(Project(root)).branding
    assert branding.logo == (root / "branding" / "logo.png").read_bytes()
    assert (branding.logo_type, branding.letterhead) == ("image/png", tuple(LINES))
    assert (branding.colour, branding.accent) == ("#1f4e79", "")
    assert branding.logo_url.startswith("data:image/png;base64,iVBORw0KGgo")
    assert branding.css() == (":root { --navy: #1f4e79; --navy-soft: #4c7194; "
                              "--tint: #edf1f4; }")


def test_a_jpeg_logo_and_an_accent(tmp_path: Path) -> None:
    root = branded(tmp_path, image("JPEG"), 'accent = "#e0b040"\n')
    branding = load_settings(Project(root)).branding
    assert branding.logo_type == "image/jpeg"
    assert "--gold: #e0b040;" in branding.css()


def test_a_logo_over_1_mb_is_refused(tmp_path: Path) -> None:
    root = branded(tmp_path, b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024))
    with pytest.raises(ConfigError) as caught:
        load_settings(Project(root))
    assert caught.value.text("en") == (
        f'{root / "ringkas.toml"}: "branding.logo" = "branding/logo.png" is 1025 KB; a logo may '
        'be at most 1024 KB (it is embedded in every brief). Save it smaller, e.g. 400 pixels '
        'wide.')


def test_a_changed_logo_is_read_again(tmp_path: Path) -> None:
    root = branded(tmp_path)
    first = load_settings(Project(root)).branding.logo
    (root / "branding" / "logo.png").write_bytes(image(size=(80, 80)))
    assert load_settings(Project(root)).branding.logo != first


def test_the_default_colours_stay_readable() -> None:
    assert contrast("#0b3a5d", "#ffffff") >= 4.5 and contrast("#0b3a5d", "#c99a2e") >= 3


def test_the_brief_shows_the_letterhead_logo_and_colours() -> None:
    branding = Branding(logo=image(), logo_type="image/png", letterhead=(*LINES, "<b>Jl. x</b>"),
                        colour="#1f4e79")
    html = render_html(visit_notebook(), audience="teknis", lang="en", visit_id=VISIT,
                       settings=ProjectSettings(branding=branding))
    head, body = html.split("<body", 1)
    assert ":root { --navy: #1f4e79;" in head
    assert re.search(r'<header class="letterhead has-logo">\s*<img class="letterhead-logo" '
                     r'src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="">', body)
    lines = re.findall(r'<p class="letterhead-line">(.*?)</p>', body)
    assert lines == [*LINES, "&lt;b&gt;Jl. x&lt;/b&gt;"]  # text, escaped
    assert body.index("letterhead") < body.index('class="masthead"')


def test_a_logo_alone_goes_with_the_agency_s_name() -> None:
    branding = Branding(logo=image(), logo_type="image/png")
    html = render_html(visit_notebook(), audience="pimpinan", lang="id", visit_id=VISIT,
                       settings=ProjectSettings(branding=branding))
    assert re.findall(r'<p class="letterhead-line">(.*?)</p>', html) == [
        "Bappeda Kabupaten Asal"]


def test_no_branding_is_the_brief_as_before() -> None:
    nb = visit_notebook()
    plain = render_html(nb, audience="pimpinan", lang="id", visit_id=VISIT)
    assert plain == render_html(nb, audience="pimpinan", lang="id", visit_id=VISIT,
                                 settings=ProjectSettings())
    body = plain.split("<body", 1)[1]
    assert 'class="letterhead' not in body and "--navy: #" not in plain.split("<style>")[-1]


@pytest.mark.slow
def test_the_pdf_shows_the_letterhead_and_the_logo() -> None:
    branding = Branding(logo=image(), logo_type="image/png", letterhead=tuple(LINES))
    html = render_html(visit_notebook(), audience="pimpinan", lang="id", visit_id=VISIT,
                       settings=ProjectSettings(branding=branding))
    page = PdfReader(io.BytesIO(render_pdf(html))).pages[0]
    text = page.extract_text()
    assert LINES[0] in text and LINES[1] in text
    assert len(page.images) == 1


def test_the_unit_takes_the_branding_from_its_options_not_from_a_file(tmp_path: Path) -> None:
    """A worker (a pool process, a Dask worker elsewhere) gets the options pickled; it reads no
    ringkas.toml and no logo file: here there is none."""
    path = write(visit_notebook(), tmp_path / "elsewhere")
    branding = Branding(logo=image(), logo_type="image/png", letterhead=tuple(LINES))
    options = pickle.loads(pickle.dumps(RenderOptions(
        out=tmp_path / "briefs", data_dir=tmp_path / "data", langs=("id",),
        audiences=("pimpinan",), formats=("html",), execute=False,
        settings=ProjectSettings(branding=branding))))
    assert options.branding == branding
    job = Job(path.stem, path, "id", "key", {}, path.read_bytes())
    files = unit_files(job, options, None)
    html = files[f"{path.stem}/{path.stem}.pimpinan.id.html"].decode("utf-8")
    assert LINES[1] in html and branding.logo_url in html


def test_render_brands_the_briefs_and_a_new_logo_renders_them_again(tmp_path: Path) -> None:
    root = branded(tmp_path)
    settings = {"langs": ("id",), "audiences": ("pimpinan",), "formats": ("html",),
                "execute": False, "jobs": 1, "catalogue": None, "project": root}
    first = api.render_briefs(**settings)  # type: ignore[arg-type]
    [html] = (root / "briefs").rglob("*.html")
    assert len(first.rendered) == 1 and LINES[1] in html.read_text(encoding="utf-8")
    assert api.render_briefs(**settings).skipped  # type: ignore[arg-type]
    (root / "branding" / "logo.png").write_bytes(image(colour="#8a1c1c"))
    again = api.render_briefs(**settings)  # type: ignore[arg-type]
    assert len(again.rendered) == 1
    assert load_settings(Project(root)).branding.logo_url in html.read_text(encoding="utf-8")


def test_the_synthesis_page_has_the_letterhead_too() -> None:
    from nbformat.v4 import new_code_cell, new_notebook

    from ringkas.render.brief_synthesis import build_synthesis_page
    from ringkas.render.exporters import render_synthesis_html

    nb = new_notebook(cells=[new_code_cell("1")])
    branding = Branding(letterhead=tuple(LINES), colour="#1f4e79")
    page = build_synthesis_page(nb, lang="en", title="Poverty reduction",
                                settings=ProjectSettings(branding=branding))
    html = render_synthesis_html(nb, page)
    assert re.findall(r'<p class="letterhead-line">(.*?)</p>', html) == LINES
    assert ":root { --navy: #1f4e79;" in html
    plain = render_synthesis_html(nb, build_synthesis_page(nb, lang="en", title="x"))
    assert 'class="letterhead' not in plain.split("<body", 1)[1]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("logo", [False, True])
def test_the_example_s_leadership_brief_stays_at_two_pages(
        tmp_path_factory: pytest.TempPathFactory, lang: str, logo: bool) -> None:
    """The letterhead takes room on page 1: with the example's lines (and a logo), executed,
    the leadership brief still has its two pages (DESIGN: 2 pages)."""
    from tests.functional.test_pdf import executed_example
    from tests.notebooks import EXAMPLE, ROOT

    letterhead = load_settings(Project(ROOT)).branding.letterhead
    assert letterhead == ("PEMERINTAH KABUPATEN GROBOGAN", "BADAN PERENCANAAN PEMBANGUNAN DAERAH")
    branding = Branding(logo=image() if logo else b"", logo_type="image/png" if logo else "",
                        letterhead=letterhead, colour="#1f4e79")
    html = render_html(executed_example(tmp_path_factory.getbasetemp(), lang),
                       audience="pimpinan", lang=lang, source_path=EXAMPLE,
                       settings=ProjectSettings(branding=branding))
    assert len(PdfReader(io.BytesIO(render_pdf(html))).pages) == 2
