"""What `ringkas import` agrees to read (authoring/importing/limits.py and decode_text), with caps
lowered through their parameter so that each branch costs kilobytes; the default caps are
tested through the command in tests/functional/test_cli_import_bad.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ringkas.authoring.importing.limits import FILE_LIMITS, DocxLimits, check_docx, check_size
from ringkas.authoring.importing.readers import decode_text
from ringkas.contract.problems import MessageError

PATH = Path("laporan.docx")
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="urn:w"><w:body/></w:document>'


def docx(**parts: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", parts.pop("document", XML))
        for name, content in parts.items():
            archive.writestr(f"word/media/{name}.png", content)
    return out.getvalue()


def refusal(data: bytes, limits: DocxLimits) -> tuple[str, dict[str, object]]:
    with pytest.raises(MessageError) as caught:
        check_docx(PATH, data, limits)
    return caught.value.code, caught.value.params


def test_a_docx_within_its_caps_passes() -> None:
    check_docx(PATH, docx(image1=bytes(400)), DocxLimits(document=len(XML), part=400, total=2000))


def test_each_cap_names_the_part_and_its_limit() -> None:
    mb = 1024 * 1024
    assert refusal(docx(document=XML + bytes(10)), DocxLimits(document=len(XML))) == (
        "import.docx_too_large", {"path": PATH, "part": "word/document.xml", "limit": "0.1"})
    assert refusal(docx(image1=bytes(mb + 1)), DocxLimits(part=mb)) == (
        "import.docx_too_large", {"path": PATH, "part": "word/media/image1.png", "limit": "1"})
    parts = {f"image{n}": bytes(mb) for n in range(3)}
    assert refusal(docx(**parts), DocxLimits(part=mb, total=2 * mb + len(XML))) == (
        "import.docx_too_large_total", {"path": PATH, "limit": "2.1"})


def test_a_dtd_is_refused_in_any_xml_part_and_damaged_xml_is_named() -> None:
    with_dtd = XML.replace(b"\n", b'\n<!DOCTYPE w:document [<!ENTITY a "b">]>\n')
    assert refusal(docx(document=with_dtd), DocxLimits()) == (
        "import.docx_dtd", {"path": PATH, "part": "word/document.xml"})
    code, params = refusal(docx(document=XML[:-5]), DocxLimits())
    assert (code, params["part"]) == ("import.docx_damaged", "word/document.xml")
    assert "(<string>" not in str(params["reason"]) and str(params["reason"])


def test_a_file_that_is_no_zip_is_left_to_python_docx() -> None:
    check_docx(PATH, b"PK\x03\x04 bukan zip", DocxLimits())  # import.bad_docx says it later


def test_the_size_of_a_file_is_checked_against_its_format() -> None:
    check_size(Path("a.html"), FILE_LIMITS[".html"])
    with pytest.raises(MessageError) as caught:
        check_size(Path("a.HTML"), FILE_LIMITS[".html"] + 1)
    assert caught.value.params == {"path": Path("a.HTML"), "size": "10.1", "limit": "10"}
    check_size(Path("a.xyz"), 1 << 40)  # an unknown format is refused by its reader lookup


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_a_byte_order_mark_names_the_encoding(encoding: str) -> None:
    text = "Kunjungan ke Kabupaten Banyuwangi: “Mal Pelayanan Publik”.\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no BOM themselves
        data = ("\ufeff" + text).encode(encoding)
    assert decode_text(Path("a.txt"), data) == text


def test_a_bom_before_bytes_of_another_encoding_is_binary() -> None:
    with pytest.raises(MessageError) as caught:
        decode_text(Path("a.txt"), b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate in UTF-16
    assert caught.value.code == "import.binary"
    with pytest.raises(MessageError):
        decode_text(Path("a.txt"), "teks\x00".encode("utf-16"))  # a NUL is no text
