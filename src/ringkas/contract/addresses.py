"""The one rule for an e-mail address ringkas sends to or from: `local@domain.tld`.

The recipients file (`distribution.recipients`) and `smtp.from` in ringkas.toml
(`contract.config`) are both checked here, so that what a check accepts is what sending can
use. The rule is narrower than RFC 5322 on purpose: what a check accepts goes on the SMTP
command line as it is written, and the ledger keys the address as it was sent.

- the local part is a dot-atom of ASCII letters, digits and ``!#$%&'*+/=?^_`{|}~-``: no
  quotes, no spaces, no comments (`a(x)@b.id` is delivered to `a@b.id`, so the ledger would
  key an address that was never used), and no letters outside ASCII (a server needs SMTPUTF8
  for those, which few offer and smtplib does not use without being asked);
- the domain is a name with at least one dot, of ASCII letters, digits and hyphens: not an
  address literal such as `[127.0.0.1]`;
- no control character anywhere (a NUL or a line break would end or split the SMTP command).
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_ATOM}(\.{_ATOM})*@{_LABEL}(\.{_LABEL})+")
MAX_LOCAL = 64  # RFC 5321, 4.5.3.1
MAX_LENGTH = 254

#: Why an address is refused -> what the messages call it (the suffix of their keys).
REASONS = ("control", "non_ascii", "comment", "literal", "shape")


def address_problem(text: str) -> str | None:
    """None when `text` is one plain address that can be sent to or from; otherwise why not,
    one of `REASONS` ("shape" when it is simply not local@domain.tld)."""
    if any(ch < " " or ch == "\x7f" for ch in text):
        return "control"
    if not text.isascii():
        return "non_ascii"
    if "(" in text or ")" in text:
        return "comment"
    local, at, domain = text.rpartition("@")
    if at and domain.startswith("["):
        return "literal"
    if (not _ADDRESS.fullmatch(text) or len(local) > MAX_LOCAL or len(text) > MAX_LENGTH):
        return "shape"
    return None


def is_plain_address(text: str) -> bool:
    """Whether `text` passes `address_problem`."""
    return address_problem(text) is None


def shown(text: str) -> str:
    """`text` as a message may print it: control characters written as escapes (a NUL or a
    line break in an error message would cut it or hide what follows)."""
    return "".join(ch if ch >= " " and ch != "\x7f" else f"\\x{ord(ch):02x}" for ch in text)
