"""One brief, two layouts: the HTML (and so the PDF) and the DOCX of the same visit, audience and
language show the same sections, in the same order, with the same words (issue 22).

Both are read back as a reader meets them: the HTML's <main> and the DOCX's body (python-docx,
paragraphs and tables in document order), cut into sections at each heading. The masthead above
the first heading differs by design (the HTML's is a designed block) and is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from nbformat import NotebookNode
from nbformat.v4 import new_output

from ringkas.notebook.validate import validate_notebook
from ringkas.render.brief import build_brief
from ringkas.render.exporters import render_html
from ringkas.render.word_brief import render_docx
from tests.functional.test_docx import png
from tests.functional.test_export import executed_visit, with_front_matter
from tests.functional.test_pdf import executed_example
from tests.notebooks import EXAMPLE, SHORT_ID, short_visit_notebook

DAY = dt.date(2024, 2, 29)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
Sections = list[tuple[str, str]]  # (heading, the words under it up to the next heading)


class _Main(HTMLParser):
    """The text of an HTML brief's <main>, cut at each heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list[str]] = []
        self._depth = 0  # inside <main>
        self._heading = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._depth += 1
        if not self._depth:
            return
        if tag in HEADINGS:
            self.sections.append(["", ""])
            self._heading = True
        elif tag in ("style", "script", "svg"):
            self._hidden += 1
        elif tag in ("p", "li", "td", "th", "dt", "dd", "div", "br", "tr", "figcaption", "pre"):
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._depth -= 1
        elif tag in HEADINGS:
            self._heading = False
        elif tag in ("style", "script", "svg") and self._depth:
            self._hidden -= 1
        elif self._depth:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if self._depth and not self._hidden and self.sections:
            if self._heading:
                self.sections[-1][0] += data
            else:
                self._add(data)

    def _add(self, text: str) -> None:
        if self.sections and not self._heading:
            self.sections[-1][1] += text


def html_sections(html: str) -> Sections:
    page = _Main()
    page.feed(html)
    return [(words(h), words(t)) for h, t in page.sections]


def docx_sections(data: bytes) -> Sections:
    document: Document = docx.Document(io.BytesIO(data))
    sections: list[list[str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.style is not None \
                and block.style.name.startswith("Heading"):
            sections.append([block.text, ""])
        elif sections:
            sections[-1][1] += " " + text_of(block)
    # Word shows a link's address after its text (a DOCX run is not clickable); the HTML links it
    return [(words(h), words(re.sub(r" \(https?://[^)\s]+\)", "", t))) for h, t in sections]


def text_of(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return " ".join(cell.text for row in block.rows for cell in row.cells)


def words(text: str) -> str:
    """The words of `text`; the numbers of list items (CSS counters in HTML, text in Word) out."""
    return " ".join(w for w in text.split() if not re.fullmatch(r"\d+\.", w))


def both(nb: NotebookNode, visit_id: str, audience: str, lang: str) -> tuple[Sections, Sections]:
    visit, problems = validate_notebook(nb, Path(f"{visit_id}.ipynb"), visit_id)
    assert visit is not None, problems
    html = render_html(nb, audience=audience, lang=lang, visit_id=visit_id, rendered_on=DAY,
                       visit=visit)
    data = render_docx(build_brief(nb, visit, audience, lang, DAY))
    return html_sections(html), docx_sections(data)


def assert_same(html: Sections, word: Sections) -> None:
    assert [h for h, _ in html] == [h for h, _ in word]
    for (heading, in_html), (_, in_word) in zip(html, word, strict=True):
        assert in_html == in_word, f"section {heading!r} differs"


@pytest.mark.parametrize("audience", ["pimpinan", "teknis"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_example_says_the_same_in_html_and_docx(tmp_path_factory: pytest.TempPathFactory,
                                                    audience: str, lang: str) -> None:
    nb = executed_example(tmp_path_factory.getbasetemp(), lang)
    html, word = both(nb, EXAMPLE.stem, audience, lang)
    assert len(html) >= (5 if audience == "pimpinan" else 12)
    assert_same(html, word)


@pytest.mark.parametrize("audience", ["pimpinan", "teknis"])
def test_a_short_visit_says_the_same_in_html_and_docx(audience: str) -> None:
    html, word = both(short_visit_notebook(), SHORT_ID, audience, "id")
    assert len(html) >= 4
    assert_same(html, word)


def test_an_approved_teknis_docx_leaves_out_the_empty_section_the_pdf_leaves_out() -> None:
    chart = new_output("display_data", data={"image/png": png(), "text/plain": "<Figure>"})
    nb = with_front_matter(executed_visit(chart), "status: reviewed", "status: approved\n"
                           "approved:\n  name: Ir. Ani Lestari, M.T.\n"
                           "  position: Kepala Bappeda\n  date: 2023-03-20")
    outcome = next(c for c in nb.cells if "outcome" in c.metadata.get("tags", []))
    outcome.source = ""  # an optional section left empty
    html, word = both(nb, "2023-03-14-contoh", "teknis", "id")
    assert_same(html, word)
    assert "Hasil yang dilaporkan" not in [h for h, _ in word]
    assert not any("Bagian ini belum ditulis" in text for _, text in word)


def test_photos_and_letterhead_are_in_the_docx_as_in_the_html() -> None:
    from ringkas.contract.branding import Branding
    from ringkas.contract.settings import ProjectSettings
    from tests.functional.test_branding import image
    from tests.functional.test_photos import PHOTOS, VISIT, jpeg, with_photos
    from tests.functional.test_photos import png as photo_png

    nb = with_photos(PHOTOS)
    files = {f"{VISIT}/foto-1.jpg": jpeg((400, 300)), f"{VISIT}/foto-2.jpg": jpeg((300, 400)),
             f"{VISIT}/foto-3.png": photo_png((200, 200))}
    lines = ("PEMERINTAH KABUPATEN ASAL", "BADAN PERENCANAAN PEMBANGUNAN DAERAH")
    settings = ProjectSettings(branding=Branding(logo=image(), logo_type="image/png",
                                                 letterhead=lines))
    visit, problems = validate_notebook(nb, Path(f"{VISIT}.ipynb"), VISIT)
    assert visit is not None, problems
    for audience, photos in (("teknis", 3), ("pimpinan", 1)):
        html = render_html(nb, audience=audience, lang="id", visit_id=VISIT, rendered_on=DAY,
                           visit=visit, settings=settings, photo_files=files)
        data = render_docx(build_brief(nb, visit, audience, "id", DAY, settings=settings,
                                       photo_files=files))
        assert_same(html_sections(html), docx_sections(data))
        document = docx.Document(io.BytesIO(data))
        assert len(document.inline_shapes) == 1 + photos  # the logo and the photos
        first = [p.text for p in document.paragraphs[:4] if p.text]
        assert first[:2] == list(lines)  # the letterhead above the masthead
        captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
        assert any("Kunjungan ke <MPP> & loket" in c and "Foto: Humas" in c for c in captions)


def test_the_brief_holds_markdown_trees_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model holds syntax trees, not HTML, and the HTML is made from them: no second parse
    of the notebook's markdown (mistune's own parser is never called)."""
    import mistune

    from ringkas.notebook.markdown import Parsed

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("markdown parsed a second time")

    nb = short_visit_notebook()
    visit, problems = validate_notebook(nb, Path(f"{SHORT_ID}.ipynb"), SHORT_ID)
    assert visit is not None, problems
    brief = build_brief(nb, visit, "teknis", "id", DAY)
    background = brief.part("background")
    assert background is not None and isinstance(background.body, Parsed)
    assert all(isinstance(i.description, Parsed) for i in brief.innovations)
    monkeypatch.setattr(mistune.Markdown, "parse", refused)
    monkeypatch.setattr(mistune.Markdown, "__call__", refused)
    html = render_html(nb, audience="teknis", lang="id", visit_id=SHORT_ID, rendered_on=DAY,
                       visit=visit)
    assert "Mal Pelayanan Publik" in html
