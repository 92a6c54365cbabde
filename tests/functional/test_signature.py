"""The sign-off in the briefs: the technical report's closing signature block and the
leadership brief's "Disetujui oleh" line, from the front matter's `approved` record."""

from __future__ import annotations

import pytest
from nbformat import NotebookNode

from tests.functional.test_export import Page, executed_visit, render, with_front_matter

APPROVED = """status: approved
led_by: Budi Santoso, S.E.
approved:
  name: Ir. Ani Lestari, M.T.
  position: Kepala Bappeda Kabupaten Asal
  nip: "197001011990031001"
  date: 2023-03-20"""


def approved_visit(record: str = APPROVED) -> NotebookNode:
    return with_front_matter(executed_visit(), "status: reviewed", record)


def signature(html: str) -> str:
    """The text of the signature block, in order."""
    start = html.index('<section class="signature"')
    return Page(html[start:html.index("</section>", start)]).text


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", "Kabupaten Asal, 20 Maret 2023 Mengetahui, Kepala Bappeda Kabupaten Asal Ir. Ani "
           "Lestari, M.T. NIP 19700101 199003 1 001 Ketua Tim, Budi Santoso, S.E."),
    ("en", "Kabupaten Asal, 20 March 2023 Acknowledged by, Kepala Bappeda Kabupaten Asal Ir. Ani "
           "Lestari, M.T. NIP 19700101 199003 1 001 Head of the delegation, Budi Santoso, S.E."),
])
def test_the_technical_report_ends_with_the_signature_block(lang: str, expected: str) -> None:
    html = render(approved_visit(), "teknis", lang)
    assert signature(html) == expected
    assert html.rindex('<section class="signature"') > html.rindex("<h2")  # the last part


@pytest.mark.parametrize(("lang", "pending"), [("id", "Mengetahui, Belum disetujui"),
                                               ("en", "Acknowledged by, Not yet approved")])
def test_before_approval_the_block_says_so_and_invents_nothing(lang: str, pending: str) -> None:
    assert signature(render(executed_visit(), "teknis", lang)) == pending  # reviewed, no led_by
    # an approval record on a visit set back to draft or reviewed does not sign it either
    back = approved_visit(APPROVED.replace("status: approved", "status: reviewed"))
    assert signature(render(back, "teknis", lang)).startswith(pending)


def test_the_leadership_brief_says_who_approved_it_under_its_masthead() -> None:
    html = render(approved_visit(), "pimpinan")
    assert "Disetujui oleh Ir. Ani Lestari, M.T., Kepala Bappeda Kabupaten Asal, 20 Maret 2023" \
        in Page(html).text
    assert '<section class="signature"' not in html
    english = Page(render(approved_visit(), "pimpinan", "en"))
    assert "Approved by Ir. Ani Lestari, M.T., Kepala Bappeda Kabupaten Asal, 20 March 2023" \
        in english.text
    assert "Disetujui oleh" not in Page(render(executed_visit(), "pimpinan")).text


def test_the_signature_block_never_breaks_across_pages() -> None:
    from ringkas.render.brief import brief_css

    css = str(brief_css())
    rule = css[css.index(".signature {"):]
    assert "break-inside: avoid" in rule[:rule.index("}")]


def test_names_in_the_sign_off_are_escaped() -> None:
    hostile = APPROVED.replace("name: Ir. Ani Lestari, M.T.",
                               'name: "<script>x()</script> {{ 7*7 }}"')
    for audience in ("teknis", "pimpinan"):
        html = render(approved_visit(hostile), audience)
        assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt; {{ 7*7 }}" in html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_field_of_the_signature_is_in_html_pdf_and_docx(lang: str) -> None:
    """Name, position, NIP, date (with the place) and the labels, in each of the three formats:
    the DOCX lays out the same `Signature` as the HTML and so the PDF (issue 22)."""
    import io
    from pathlib import Path

    import docx
    from pypdf import PdfReader

    from ringkas.notebook.validate import validate_notebook
    from ringkas.render.brief import build_brief
    from ringkas.render.pdf import render_pdf
    from ringkas.render.word_brief import render_docx
    from tests.functional.test_export import RENDERED, VISIT_ID

    nb = approved_visit()
    visit, problems = validate_notebook(nb, Path(f"{VISIT_ID}.ipynb"), VISIT_ID)
    assert visit is not None, problems
    html = render(nb, "teknis", lang)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(html))).pages)
    data = render_docx(build_brief(nb, visit, "teknis", lang, RENDERED))
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    month = "Maret" if lang == "id" else "March"
    fields = {
        "name": "Ir. Ani Lestari, M.T.", "position": "Kepala Bappeda Kabupaten Asal",
        "nip": "NIP 19700101 199003 1 001", "date": f"Kabupaten Asal, 20 {month} 2023",
        "label": "Mengetahui," if lang == "id" else "Acknowledged by,",
        "reporter": "Budi Santoso, S.E.",
    }
    block = signature(html)
    printed = " ".join(pdf.split())
    for key, value in fields.items():
        assert value in block, ("html", key)
        assert value in printed, ("pdf", key)
        assert value in word.split("\n"), ("docx", key)  # each a paragraph of its own
