"""Zip archives whose bytes depend on their members alone, so an unchanged bundle is unchanged.

`zipfile` writes the time each member is added and the file's permissions; here every member
gets one fixed date (1980-01-01, the first a zip can hold), mode 0644 from a Unix system, and
the members go in sorted by name. PDFs and Word files are compressed already: they are stored,
which keeps a bundle of eighty briefs fast to build; HTML is deflated.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
MODE = 0o100644  # a regular file, rw-r--r--
STORED_SUFFIXES = (".pdf", ".docx", ".zip", ".png", ".jpg")


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """A zip of `members` (name inside the archive -> bytes), the same bytes for the same
    members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.create_system = 3  # Unix, so that the mode below is read
            info.external_attr = MODE << 16
            stored = name.lower().endswith(STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name], compresslevel=None if stored else 6)
    return buffer.getvalue()
