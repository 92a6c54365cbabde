"""What a PDF carries besides its pages, without rendering one: which data files count as read,
how attachments are named, where the QR block goes, and that base_url is in a unit's key."""

from __future__ import annotations

import base64
import re

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ringkas.build.manifest import Fingerprints
from ringkas.render.archive import data_read, evidence
from ringkas.render.qr import html_url, print_html, qr_svg

DATA = (("indicators/poverty_rate.csv", b"p"), ("indicators/poverty.csv", b"q"),
        ("regions/codes.csv", b"r"), ("other/codes.csv", b"s"))


def names_read(*code: str) -> list[str]:
    nb = new_notebook(cells=[new_markdown_cell("poverty.csv in prose is no read")] +
                      [new_code_cell(c) for c in code])
    return [name for name, _ in data_read(nb, DATA)]


def test_a_data_file_is_read_when_code_names_its_path_file_name_or_indicator() -> None:
    assert names_read('read_indicator("poverty_rate")') == ["indicators/poverty_rate.csv"]
    assert names_read('pd.read_csv("../../data/indicators/poverty.csv")') == [
        "indicators/poverty.csv"]
    assert names_read('open("../../data/regions/codes.csv")') == ["regions/codes.csv"]
    assert names_read('x = "codes.csv"') == ["regions/codes.csv", "other/codes.csv"]
    assert names_read('read_indicator("poverty_rates")', "print(1)") == []
    assert names_read() == []  # markdown mentions are no reads


def test_attachments_are_named_by_file_name_unless_two_share_one() -> None:
    files = evidence("v.pimpinan.id", b"{}", [*DATA[2:], DATA[0]], "en")
    assert [(f.name, f.relationship) for f in files] == [
        ("v.pimpinan.id.ipynb", "Source"), ("regions-codes.csv", "Data"),
        ("other-codes.csv", "Data"), ("poverty_rate.csv", "Data")]
    assert files[3].description == "Data file the notebook read: data/indicators/poverty_rate.csv"
    assert files[3].content == b"p"


def test_the_qr_block_goes_into_the_printed_html_only_with_a_url() -> None:
    html = "<html><head><title>t</title></head><body><main>x</main></body></html>"
    assert print_html(html, "", "id") == html
    url = html_url("https://example.go.id/ringkas/", "2022-11-28-x", "2022-11-28-x.teknis.en")
    assert url == "https://example.go.id/ringkas/2022-11-28-x/2022-11-28-x.teknis.en.html"
    printed = print_html(html, url, "en")
    assert printed.index("<style>") < printed.index("</head>")
    assert printed.index('class="brief-qr"') > printed.index("</main>")
    assert "HTML version" in printed and url in printed
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', printed)
    assert data and base64.b64decode(data.group(1)) == qr_svg(url)
    assert html_url("", "v", "s") == ""


def test_the_base_url_is_in_a_units_key_and_absent_leaves_it_as_it_was() -> None:
    prints = Fingerprints(code="c", data="d")
    plain = prints.key(b"nb", "id", True, True)
    assert prints.key(b"nb", "id", True, True, "") == plain
    assert prints.key(b"nb", "id", True, True, "https://a.id/") != plain
    assert prints.key(b"nb", "id", True, True, "https://a.id/") != prints.key(
        b"nb", "id", True, True, "https://b.id/")
