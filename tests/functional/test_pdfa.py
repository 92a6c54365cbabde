"""Archival PDFs: PDF/A-3b with the XMP an archive reads, the brief's evidence attached byte for
byte, fonts embedded, tagged, and with site.base_url a QR code to the HTML version on the last
page (and none without it). Rendered through `render_briefs`, as `ringkas render` does.

veraPDF, the reference PDF/A validator, is Java from verapdf.org with no Debian package, so it
is not run here; these tests check the parts of PDF/A that ringkas is responsible for.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import ringkas
from tests.notebooks import add_visit, project_folders

pytestmark = pytest.mark.slow

VISIT = "2023-03-14-contoh"
STEM = f"{VISIT}.pimpinan.id"
BASE_URL = "https://example.go.id/ringkas/"
URL = f"{BASE_URL}{VISIT}/{STEM}.html"
READ = "../../data/indicators/uji.csv"
CSV = b"region_code,region,year,indicator,value,unit,source\n3315,Grobogan,2023,x,1.5,%,BPS\n"
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
CONFIG = '[home]\nname = "Kabupaten Asal"\n'
AGENCY = "Bappeda Kabupaten Asal"  # the visit's front matter (tests/notebooks.py) names it


def render_project(root: Path, config: str) -> Path:
    """A project with one visit whose evidence reads data/indicators/uji.csv (and not the
    other data file), rendered in Indonesian for leadership; its briefs/ folder."""
    project_folders(root)
    (root / "ringkas.toml").write_text(config, encoding="utf-8")
    (root / "data" / "indicators" / "uji.csv").write_bytes(CSV)
    (root / "data" / "unread.csv").write_bytes(b"a,b\n1,2\n")
    add_visit(root, VISIT, f"print(len(open({READ!r}).read()))")
    report = ringkas.render_briefs(langs=["id"], audiences=["pimpinan"], jobs=1,
                                   catalogue=None, project=root)
    assert not report.failed, report.failed
    return root / "briefs" / VISIT


@pytest.fixture(scope="module")
def with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(tmp_path_factory.mktemp("site"),
                          CONFIG + f'[site]\nbase_url = "{BASE_URL}"\n')


@pytest.fixture(scope="module")
def without_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(tmp_path_factory.mktemp("nosite"), CONFIG)


def reader(folder: Path) -> PdfReader:
    return PdfReader(io.BytesIO((folder / f"{STEM}.pdf").read_bytes()))


def xmp(pdf: PdfReader) -> ET.Element:
    stream = pdf.trailer["/Root"]["/Metadata"].get_object()
    packet = stream.get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
    return ET.fromstring(packet)  # noqa: S314 (the PDF this test just rendered)


def test_the_xmp_says_pdf_a_3b(with_url: Path) -> None:
    described = xmp(reader(with_url)).find(".//rdf:Description[@pdfaid:part]", NS)
    assert described is not None
    assert described.get(f"{{{NS['pdfaid']}}}part") == "3"
    assert described.get(f"{{{NS['pdfaid']}}}conformance") == "B"


def test_the_xmp_has_title_author_subject_keywords_and_language(with_url: Path) -> None:
    root = xmp(reader(with_url))
    values = {name: [e.text for e in root.iterfind(f".//{name}//rdf:li", NS)]
              for name in ("dc:title", "dc:creator", "dc:description", "dc:language")}
    assert values["dc:title"][0].startswith("Studi Banding Pelayanan Publik ke Kota Contoh")
    assert values["dc:creator"] == [AGENCY]
    assert values["dc:description"][0]  # the summary as plain text
    assert values["dc:language"] == ["id"]
    keywords = root.find(".//pdf:Keywords", NS)
    assert keywords is not None and keywords.text


def test_the_attachments_are_the_executed_notebook_and_the_data_it_read(with_url: Path) -> None:
    pdf = reader(with_url)
    attached = {name: contents for name, contents in pdf.attachments.items()}
    assert sorted(attached) == [f"{STEM}.ipynb", "uji.csv"]  # not data/unread.csv
    assert attached[f"{STEM}.ipynb"] == [(with_url / f"{STEM}.ipynb").read_bytes()]
    assert attached["uji.csv"] == [CSV]
    executed = (with_url / f"{STEM}.ipynb").read_text(encoding="utf-8")
    assert str(len(CSV.decode())) in executed  # it is the executed copy: the output is there


def test_each_attachment_is_listed_once_with_its_relationship(with_url: Path) -> None:
    catalog = reader(with_url).trailer["/Root"]
    specs = [ref.get_object() for ref in catalog["/AF"]]
    assert len({ref.idnum for ref in catalog["/AF"]}) == len(specs) == 2
    relationships = {str(spec["/F"]): str(spec["/AFRelationship"]) for spec in specs}
    assert relationships == {f"{STEM}.ipynb": "/Source", "uji.csv": "/Data"}
    for spec in specs:
        assert spec["/EF"]["/F"].get_object()["/Subtype"]  # PDF/A-3 wants a MIME type


def fonts(pdf: PdfReader) -> list[DictionaryObject]:
    found = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in font.get("/DescendantFonts", [font]):
                part = part.get_object()
                found[part["/BaseFont"]] = part
    return list(found.values())


def test_every_font_is_embedded(with_url: Path) -> None:
    used = fonts(reader(with_url))
    assert used
    for font in used:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts not found: run `bash scripts/install-poppler` as root, or "
                    "apt-get install poppler-utils")
    table = subprocess.run([pdffonts, str(with_url / f"{STEM}.pdf")], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert table and all(" yes " in line for line in table), table


def test_the_pdf_is_tagged_for_screen_readers(with_url: Path) -> None:
    catalog = reader(with_url).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "id"


def squeezed(pdf: PdfReader, page: int) -> str:
    return "".join(pdf.pages[page].extract_text().split())


def test_with_a_base_url_the_last_page_shows_the_html_address(with_url: Path) -> None:
    pdf = reader(with_url)
    assert "VersiHTML" in squeezed(pdf, -1) and URL in squeezed(pdf, -1)
    assert all(URL not in squeezed(pdf, n) for n in range(len(pdf.pages) - 1))
    html = (with_url / f"{STEM}.html").read_text(encoding="utf-8")
    assert "brief-qr" not in html and URL not in html  # the QR is the printed page's alone


def decoded_qr(pdf: Path) -> list[str]:
    zbarimg, pdftoppm = shutil.which("zbarimg"), shutil.which("pdftoppm")
    if zbarimg is None or pdftoppm is None:
        pytest.skip("zbarimg or pdftoppm not found: run `bash scripts/install-zbar` and "
                    "`bash scripts/install-poppler` as root (Debian's zbar-tools, poppler-utils)")
    pages = len(PdfReader(pdf).pages)
    image = subprocess.run([pdftoppm, "-png", "-r", "300", "-f", str(pages), "-l", str(pages),
                            str(pdf)], capture_output=True, check=True).stdout
    done = subprocess.run([zbarimg, "--quiet", "--raw", "-"], input=image, capture_output=True)
    assert done.returncode in (0, 4), done.stderr  # 4: no code found
    return done.stdout.decode().split()


def test_the_qr_code_decodes_to_the_html_version(with_url: Path) -> None:
    assert decoded_qr(with_url / f"{STEM}.pdf") == [URL]


def test_without_a_base_url_there_is_no_qr_code(without_url: Path) -> None:
    pdf = reader(without_url)
    assert all("VersiHTML" not in squeezed(pdf, n) for n in range(len(pdf.pages)))
    assert decoded_qr(without_url / f"{STEM}.pdf") == []
    assert sorted(pdf.attachments) == [f"{STEM}.ipynb", "uji.csv"]  # evidence all the same


def test_the_same_brief_prints_to_the_same_bytes(with_url: Path) -> None:
    """Attachment dates are fixed and the PDF identifier comes from the content: a render of
    unchanged input changes no byte (what `distribute` relies on to change nothing)."""
    from ringkas.render.archive import evidence
    from ringkas.render.pdf import render_pdf

    html = (with_url / f"{STEM}.html").read_text(encoding="utf-8")
    attached = evidence(STEM, (with_url / f"{STEM}.ipynb").read_bytes(),
                        [("indicators/uji.csv", CSV)], "id")
    again = render_pdf(html, attachments=attached, html_url=URL, lang="id")
    assert again == (with_url / f"{STEM}.pdf").read_bytes()
