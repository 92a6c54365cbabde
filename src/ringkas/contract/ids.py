"""Visit ids: `YYYY-MM-DD-<host-slug>`, the host slug made from the host region's name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ringkas.contract.problems import MessageError
from ringkas.contract.spec import ALL_FORMATS, AUDIENCES, LANGS, VISIT_ID_PATTERN

#: The longest file name most file systems take (ext4, XFS, btrfs, NTFS, APFS), in bytes.
NAME_MAX = 255
#: What ringkas adds around an id in a file name: the longest is a brief's temporary,
#: `.<id>.<audience>.<lang>.<ext>.<8 random characters>.tmp` (ringkas.project.files).
LONGEST_SUFFIX = len(".") + max(len(f".{a}.{lang}.{ext}") for a in AUDIENCES for lang in LANGS
                                for ext in (*ALL_FORMATS, "ipynb")) + len(".abcdefgh.tmp")
#: The longest visit id: a round number, well inside NAME_MAX once the suffixes are added,
#: which leaves room for file systems that take a little less (docs/format.md says it).
MAX_ID_LENGTH = min(150, NAME_MAX - LONGEST_SUFFIX)

#: Words that name the kind of region, dropped from the id: "Kabupaten Banyuwangi" -> banyuwangi,
#: "Kecamatan Banyumanik, Kota Semarang" -> banyumanik-semarang.
REGION_WORDS = ("kabupaten", "kab", "kota", "provinsi", "prov", "kecamatan", "kec", "regency",
                "city", "province")


def host_slug(host: str) -> str:
    """The host part of a visit id: ASCII, lower case, hyphens, region-kind words dropped."""
    text = unicodedata.normalize("NFKD", host).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in REGION_WORDS]
    return "-".join(words)


def visit_id(date: dt.date, host: str) -> str:
    slug = host_slug(host)
    visit = f"{date.isoformat()}-{slug}"
    if not slug or not VISIT_ID_PATTERN.match(visit):
        raise MessageError("new.bad_host", value=host)
    return visit
