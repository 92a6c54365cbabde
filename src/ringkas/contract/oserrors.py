"""Errors of the system, not of ringkas: a full disk, a refused permission, a name too long.

They happen to any program that writes files, so they are said as what they are, with what to
do, and never as "a bug" (`writing_error`). The CLI maps them for every command; a render
worker maps them for its visit, which then fails alone.
"""

from __future__ import annotations

import errno

from ringkas.contract.problems import MessageError, RingkasError
from ringkas.i18n.messages import say

#: errno -> message code: what a user can do something about.
CODES = {
    errno.ENOSPC: "oserror.no_space", errno.EDQUOT: "oserror.no_space",
    errno.EACCES: "oserror.permission", errno.EPERM: "oserror.permission",
    errno.EROFS: "oserror.permission", errno.ENAMETOOLONG: "oserror.name_too_long",
}


class WritingError(MessageError):
    """An OSError of `CODES`, about `path` (None when the system did not say which file), met
    while rendering `visit` (None outside a render)."""

    def __init__(self, code: str, path: str | None = None, visit: str | None = None) -> None:
        self.code, self.params = code, {"path": path, "visit": visit}
        self.path = path
        self.visit = visit
        RingkasError.__init__(self, self.text("en"))  # its message has a {target}, made here

    def text(self, lang: str = "id") -> str:
        target = say("oserror.to_path", lang, path=self.path) if self.path else \
            say("oserror.a_file", lang)
        message = say(self.code, lang, target=target)
        return say("oserror.in_visit", lang, visit=self.visit, message=message) \
            if self.visit else message

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple:
        return (type(self), (self.code, self.path, self.visit))


def writing_error(exc: BaseException, visit: str | None = None) -> WritingError | None:
    """The error to show for `exc` if it is an OSError a user can act on, else None."""
    if not isinstance(exc, OSError) or exc.errno not in CODES:
        return None
    path = exc.filename if exc.filename is not None else exc.filename2
    return WritingError(CODES[exc.errno], None if path is None else str(path), visit)
