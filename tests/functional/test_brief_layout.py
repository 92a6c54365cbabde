"""The brief's layout as HTML structure: sources on the leadership brief, innovation cards that
show what is filled in (and never an empty box), a short visit that fills its page, theme chips
in the masthead, and a recommendations table whose columns fit their content.

The PDF side of the same promises (two pages at most, page 1 filled, no value broken inside a
cell) is in test_brief_pages.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from nbformat import NotebookNode

from ringkas.render.brief import CARD_FIELDS
from ringkas.render.exporters import render_html
from ringkas.render.labels import Labels
from tests.notebooks import SHORT_ID, short_visit_notebook, visit_notebook

RENDERED = dt.date(2024, 2, 29)
ALL_FIELDS = ("- **Bentuk:** mobil layanan\n- **Sasaran:** warga lansia\n- **Mulai:** 2019\n"
              "- **Pendanaan:** APBD\n- **OPD pengampu:** Dinas Contoh\n"
              "- **Bukti:** 1.200 layanan per bulan\n- **Sumber:** berita daerah, 2023")


def render(nb: NotebookNode, audience: str = "pimpinan", lang: str = "id") -> str:
    visit_id = SHORT_ID if SHORT_ID[:10] in nb.cells[0].source else "2023-03-14-contoh"
    return render_html(nb, audience=audience, lang=lang, visit_id=visit_id, rendered_on=RENDERED)


def element(html: str, tag: str, cls: str) -> list[str]:
    """The inner HTML of every `<tag class="... cls ...">` (no nesting of the same tag inside)."""
    pattern = rf'<{tag} class="(?:[^"]* )?{cls}(?: [^"]*)?"[^>]*>(.*?)</{tag}>'
    return re.findall(pattern, html, flags=re.DOTALL)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def innovation_cell(nb: NotebookNode) -> NotebookNode:
    return next(c for c in nb.cells if "innovation" in c.metadata.get("tags", []))


def add_innovation(nb: NotebookNode, source: str) -> NotebookNode:
    cell = innovation_cell(nb).copy()
    cell.source, cell.id = source, f"cell-extra-{len(nb.cells)}"
    last = max(n for n, c in enumerate(nb.cells) if "innovation" in c.metadata.get("tags", []))
    nb.cells.insert(last + 1, cell)
    return nb


# --- sources on the leadership brief ---------------------------------------------------------

@pytest.mark.parametrize(("lang", "heading"), [("id", "Sumber"), ("en", "Sources")])
def test_the_leadership_brief_ends_with_the_visit_s_sources(lang: str, heading: str) -> None:
    html = render(short_visit_notebook(), lang=lang)
    (sources,) = element(html, "section", "brief-sources")
    assert text(sources).startswith(heading)
    assert "Humas Kabupaten Asal: Bappeda studi tiru mal pelayanan publik" in text(sources)
    assert ('<a href="https://example.org/berita/studi-tiru-mpp">'
            'https://example.org/berita/studi-tiru-mpp</a>') in sources
    assert html.index('class="brief-sources"') > html.index('class="innovations"')


def test_a_visit_without_sources_has_no_sources_section() -> None:
    nb = visit_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("sources:\n  - Laporan kunjungan tim\n", "")
    assert 'class="brief-sources"' not in render(nb)
    assert element(render(visit_notebook()), "section", "brief-sources")


# --- innovation cards --------------------------------------------------------------------------

def card_labels(html: str) -> list[list[str]]:
    return [re.findall(r"<dt>(.*?)</dt>", card) for card in element(html, "article", "card")]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_card_shows_every_filled_field_in_a_fixed_order(lang: str) -> None:
    nb = visit_notebook()
    cell = innovation_cell(nb)
    cell.source = cell.source.split("\n\n- ")[0] + "\n\n" + "\n".join(
        reversed(ALL_FIELDS.split("\n")))  # written in the opposite order
    labels = Labels(lang)
    assert card_labels(render(nb, lang=lang)) == [[labels.innovation_field(k)
                                                   for k in CARD_FIELDS]]
    assert set(CARD_FIELDS) == {"form", "start_year", "target", "funding", "lead_opd",
                                "evidence", "source"}


def test_a_card_with_form_year_and_source_shows_them() -> None:
    assert card_labels(render(short_visit_notebook())) == [["Bentuk", "Mulai", "Sumber"]]
    (card,) = element(render(short_visit_notebook()), "article", "card")
    assert "gedung layanan terpadu" in card and "2019" in card


def test_an_innovation_with_only_a_name_is_never_an_empty_card() -> None:
    nb = add_innovation(visit_notebook(), "### Inovasi Tanpa Isian\n\nHanya uraian singkat.")
    nb = add_innovation(nb, "### Inovasi Kosong")
    html = render(nb)
    for card in element(html, "article", "card"):
        assert "<dl>" in card or "card-summary" in card, card
    assert "Inovasi Tanpa Isian" not in text("".join(element(html, "article", "card")))
    (names,) = element(html, "ul", "innovation-names")
    assert [text(li) for li in re.findall(r"<li>(.*?)</li>", names, re.DOTALL)] == [
        "Inovasi Tanpa Isian — Hanya uraian singkat.", "Inovasi Kosong"]


# --- a short visit fills its page --------------------------------------------------------------

def test_a_short_visit_brings_its_purpose_and_descriptions_onto_the_page() -> None:
    html = render(short_visit_notebook())
    assert 'class="brief brief-pimpinan is-draft is-short"' in html
    findings = text("".join(element(html, "section", "findings")))
    assert findings.startswith("Temuan utama Maksud dan pokok bahasan Mempelajari pembentukan")
    (card,) = element(html, "article", "card")
    assert "Satu gedung tempat warga mengurus perizinan" in text(card)


def test_a_full_visit_keeps_the_short_layout_out() -> None:
    nb = visit_notebook()
    for n in range(3):
        nb = add_innovation(nb, f"### Inovasi {n}\n\nUraian.\n\n- **Pendanaan:** APBD")
    html = render(nb)
    assert "is-short" not in html and "Pokok bahasan." not in html
    assert "Mobil layanan datang" not in html  # cards carry fields, not descriptions


# --- theme chips in the masthead ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_theme_chips_sit_in_the_masthead(lang: str) -> None:
    html = render(short_visit_notebook(), lang=lang)
    (masthead,) = element(html, "header", "masthead")
    labels = Labels(lang)
    assert re.findall(r"<li>(.*?)</li>", "".join(element(masthead, "ul", "themes"))) == [
        labels.choice("theme", "pelayanan-publik"), labels.choice("theme", "digital")]
    assert html.count('class="themes"') == 1


# --- the recommendations table ------------------------------------------------------------------

def test_the_technical_table_gives_each_column_a_width_and_keeps_short_values_whole() -> None:
    html = render(short_visit_notebook(), "teknis")
    (table,) = re.findall(r'<table class="data stack recommendations">.*?</table>', html,
                          re.DOTALL)
    assert re.findall(r'<col class="([^"]+)">', table) == [
        "col-num", "col-rec", "col-lead", "col-time", "col-prio", "col-status"]
    cells = re.findall(r'<td class="([^"]*)" data-label', table)
    assert cells == ["num", "rec-text", "value", "value short", "value short", "value short"]
    assert table.count('<span class="unset nowrap">belum ditetapkan</span>') == 2
    assert re.findall(r'<th class="([^"]*)" scope="col">', table) == [
        "num", "rec", "lead", "short", "short", "short"]
    for rule in (r"\.nowrap \{[^}]*white-space: nowrap", r"table\.data[^{]*\{[^}]*hyphens: manual",
                 r"\.col-status \{ width:", r"\.col-lead \{ width:"):
        assert re.search(rule, html), rule  # brief.css is inlined
