"""The recipients file of `distribute --cover` and `--email`: read, checked, every error exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from ringkas.distribution.recipients import RecipientsError, is_address, read_recipients

GOOD = ("nama,jabatan,email,audiens,bahasa\n"
        "Sri Sumarni,Bupati Grobogan,bupati@grobogan.go.id,pimpinan,id\n"
        "\n"
        "Tim Teknis,Kepala Bidang,tim@grobogan.go.id,teknis,en\n")


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "penerima.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_reads_indonesian_headers_a_bom_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    first, second = read_recipients(path, need_email=True)
    assert (first.name, first.position, first.audience, first.language, first.row) == (
        "Sri Sumarni", "Bupati Grobogan", "pimpinan", "id", 2)
    assert first.address == "Sri Sumarni <bupati@grobogan.go.id>"
    assert (second.audience, second.language, second.row) == ("teknis", "en", 4)


def test_english_headers_and_a_default_language(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Position,Audience\nSekda,Sekretaris Daerah,PIMPINAN\n")
    [person] = read_recipients(path)
    assert (person.email, person.audience, person.language, person.address) == (
        "", "pimpinan", "id", "")


@pytest.mark.parametrize(("text", "need_email", "message"), [
    ("", False, "{path} is empty: its first row must name the columns, e.g. "
                "name,position,email,audience,language."),
    ("nama,jabatan,audiens\n", False, "{path} lists no recipient below its header row."),
    ("nama,jabatan,audiens\n", True, "{path}: the first row lacks the columns \"email\". "
     "Known columns: name/nama, position/jabatan, email/surel, audience/audiens, "
     "language/bahasa."),
    ("nama,jabatan,audiens\nA,,teknis\n", False, '{path}, row 2: the column "jabatan" is '
     'empty.'),
    ("nama,jabatan,audiens\nA,B,kepala\n", False, '{path}, row 2: the column "audiens" holds '
     '"kepala", which is not valid. Choose from: pimpinan, teknis.'),
    ("nama,jabatan,audiens,bahasa\nA,B,teknis,fr\n", False, '{path}, row 2: the column '
     '"bahasa" holds "fr", which is not valid. Choose from: id, en.'),
    ("nama,jabatan,email,audiens\nA,B,a@b,teknis\n", False, '{path}, row 2: "a@b" is not a '
     'valid e-mail address (e.g. name@grobogan.go.id).'),
    ("nama,jabatan,email,audiens\nA,B,a@b.id,teknis\nC,D,A@B.ID,teknis\n", False,
     "{path}, row 3: A@B.ID is already listed in row 2 for the same audience and language. "
     "Remove one of them."),
])
def test_a_bad_file_names_the_row_and_column(tmp_path: Path, text: str, need_email: bool,
                                             message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RecipientsError) as caught:
        read_recipients(path, need_email=need_email)
    assert caught.value.text("en").replace('"', "") == message.format(path=path).replace('"', "")


def test_a_missing_or_binary_file(tmp_path: Path) -> None:
    with pytest.raises(RecipientsError, match="does not exist"):
        read_recipients(tmp_path / "tidak-ada.csv")
    with pytest.raises(RecipientsError, match="is not UTF-8"):
        read_recipients(write(tmp_path, b"nama\xff\n"))
    with pytest.raises(RecipientsError) as caught:
        read_recipients(tmp_path / "tidak-ada.csv")
    assert "Berkas penerima" in caught.value.text("id")


@pytest.mark.parametrize(("text", "valid"), [
    ("bupati@grobogan.go.id", True), ("a.b+c@sub.example.org", True),
    ("a@b", False), ("a@@b.id", False), ("A <a@b.id>", False), ("a@b.id, c@d.id", False),
    ("a@b..id", False), ("@b.id", False), ("a b@c.id", False), ("a@b.id\r\nBcc: x@y.id", False),
    ("a(x)@b.id", False), ("a@[127.0.0.1]", False), ("ä@b.id", False), ("a@b.id\x00", False),
])
def test_is_address(text: str, valid: bool) -> None:
    assert is_address(text) is valid


@pytest.mark.parametrize(("email", "message"), [
    ("a(x)@asal.go.id", '{path}, row 2: "a(x)@asal.go.id" holds brackets ( ), a comment that '
     "servers drop, so mail would go to another address than the one written: remove the "
     "comment (e.g. name@grobogan.go.id)."),
    ("a@[127.0.0.1]", '{path}, row 2: "a@[127.0.0.1]" has an IP address in square brackets as '
     "its domain: write local@domain.tld with the name of the domain (e.g. name@grobogan.go.id)."),
    ("bäppeda@asal.go.id", '{path}, row 2: "bäppeda@asal.go.id" holds letters outside ASCII, '
     "which an SMTP server cannot take as an address: write it in ASCII letters "
     "(e.g. name@grobogan.go.id)."),
    ("a\x00b@asal.go.id", '{path}, row 2: "a\\x00b@asal.go.id" holds a control character (such '
     "as a NUL or a line break), which would cut the command sent to the SMTP server: write the "
     "address alone (e.g. name@grobogan.go.id)."),
])
def test_an_address_sending_could_not_use_is_refused_saying_why(
        tmp_path: Path, email: str, message: str) -> None:
    """Issue 21, 17: `a(x)@b` went to `a@b` while the ledger keyed `a(x)@b`; an address literal
    broke the documented local@domain.tld rule. smtp.from is checked by the same rule."""
    path = write(tmp_path, f"nama,jabatan,surel,audiens\nAni,Kepala,{email},pimpinan\n")
    with pytest.raises(RecipientsError) as caught:
        read_recipients(path, need_email=True)
    assert caught.value.text("en") == message.format(path=path)
    assert caught.value.text("id").startswith(f"{path}, baris 2: ")
