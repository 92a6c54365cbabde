"""Who receives briefs: the recipients file that `distribute --cover` and `--email` read.

A CSV file with a header row. Columns, by their English or Indonesian name:

    name / nama          the person, as the memo and the greeting address them (required)
    position / jabatan   their position (jabatan), e.g. "Bupati Grobogan" (required)
    email / surel        their address (required for e-mail, may be empty for a cover memo)
    audience / audiens   pimpinan or teknis: which brief they get (required)
    language / bahasa    id or en: the language of their briefs and message (default id)

Every row is checked before anything is made or sent: one bad row stops the run with a
message that names the file, the row (as a spreadsheet numbers it, the header being row 1)
and the column, and says what is valid.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path

from ringkas.contract.addresses import address_problem, is_plain_address, shown
from ringkas.contract.problems import MessageError
from ringkas.contract.spec import AUDIENCES, LANGS

#: Column name -> the aliases a header may use for it (case and spaces ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nama"),
    "position": ("position", "jabatan"),
    "email": ("email", "surel", "e-mail"),
    "audience": ("audience", "audiens"),
    "language": ("language", "bahasa", "lang"),
}
REQUIRED = ("name", "position", "audience")
MAX_BYTES = 1 << 20  # a recipients list is a page of names, not a database


class RecipientsError(MessageError):
    """The recipients file cannot be used as written."""


@dataclass(frozen=True)
class Recipient:
    """One person who receives the briefs of one audience in one language."""

    name: str
    position: str
    email: str
    audience: str
    language: str
    row: int  # the row of the file, counting the header as row 1

    @property
    def address(self) -> str:
        """"Name <addr>" as an e-mail header writes it ("" without an address)."""
        return str(Address(display_name=self.name, addr_spec=self.email)) if self.email else ""


def read_recipients(path: Path, *, need_email: bool = False) -> list[Recipient]:
    """Every recipient of `path`, checked; `need_email` makes the e-mail column required."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise RecipientsError("recipients.empty", path=path)
    columns = _columns(path, header, need_email)
    spelled = {name: header[i].strip() for name, i in columns.items()}  # as the file names it
    recipients = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line between people is harmless
        values = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
        recipients.append(_recipient(path, number, values, need_email, spelled))
    if not recipients:
        raise RecipientsError("recipients.no_rows", path=path)
    _no_duplicates(path, recipients)
    return recipients


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise RecipientsError("recipients.missing", path=path) from None
    if len(raw) > MAX_BYTES:
        raise RecipientsError("recipients.too_big", path=path, limit=MAX_BYTES // 1024)
    try:
        return raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError:
        raise RecipientsError("recipients.not_utf8", path=path) from None


def _columns(path: Path, header: list[str], need_email: bool) -> dict[str, int]:
    """Column name -> its index in the header."""
    aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = cell.strip().lower().replace(" ", "")
        if key in aliases and aliases[key] not in found:
            found[aliases[key]] = index
    required = REQUIRED + (("email",) if need_email else ())
    missing = [name for name in required if name not in found]
    if missing:
        raise RecipientsError("recipients.missing_columns", path=path, columns=missing,
                              choices=[f"{n}/{COLUMNS[n][1]}" for n in COLUMNS])
    return found


def _recipient(path: Path, row: int, values: dict[str, str], need_email: bool,
               spelled: dict[str, str]) -> Recipient:
    """One row, checked; its errors name a column as the file's header spells it (`spelled`)."""
    def column(name: str) -> str:
        return spelled.get(name, name)

    for name in REQUIRED + (("email",) if need_email else ()):
        if not values.get(name):
            raise RecipientsError("recipients.empty_value", path=path, row=row,
                                  column=column(name))
    for name in ("name", "position"):
        # a quoted CSV cell may hold a line break, which in a header would start a new one
        if any(ch < " " or ch == "\x7f" for ch in values.get(name, "")):
            raise RecipientsError("recipients.control_char", path=path, row=row,
                                  column=column(name))
    audience = values["audience"].lower()
    if audience not in AUDIENCES:
        raise RecipientsError("recipients.bad_choice", path=path, row=row,
                              column=column("audience"), value=values["audience"],
                              choices=list(AUDIENCES))
    language = (values.get("language") or "id").lower()
    if language not in LANGS:
        raise RecipientsError("recipients.bad_choice", path=path, row=row,
                              column=column("language"), value=values["language"],
                              choices=list(LANGS))
    email = values.get("email", "")
    why = address_problem(email) if email else None
    if why is not None:
        raise RecipientsError(_BAD_EMAIL[why], path=path, row=row, value=shown(email))
    return Recipient(values["name"], values["position"], email, audience, language, row)


def is_address(text: str) -> bool:
    """Whether `text` is one plain address, local@domain.tld, that a server can be given: the
    rule smtp.from is checked by too (`contract.addresses`)."""
    return is_plain_address(text)


#: address_problem's reason -> the message that says it for a row of the recipients file
_BAD_EMAIL = {"shape": "recipients.bad_email", "control": "recipients.email_control",
              "non_ascii": "recipients.email_non_ascii", "comment": "recipients.email_comment",
              "literal": "recipients.email_literal"}


def _no_duplicates(path: Path, recipients: list[Recipient]) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for person in recipients:
        key = (person.email.lower() or person.name.lower(), person.audience, person.language)
        if key in seen:
            raise RecipientsError("recipients.duplicate", path=path, row=person.row,
                                  first=seen[key], who=person.email or person.name)
        seen[key] = person.row
