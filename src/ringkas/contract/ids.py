"""Visit ids: `YYYY-MM-DD-<host-slug>`, the host slug made from the host region's name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ringkas.contract.problems import MessageError
from ringkas.contract.spec import VISIT_ID_PATTERN

#: Words that name the kind of region, dropped from the id: "Kabupaten Banyuwangi" -> banyuwangi.
REGION_WORDS = ("kabupaten", "kab", "kota", "provinsi", "prov", "regency", "city", "province")


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
