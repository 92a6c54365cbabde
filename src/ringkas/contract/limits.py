"""The size limits a brief holds notebook content to, where checking and rendering both need them.

`ringkas.render.limits` applies them to code cells' outputs; an image written into markdown as a
`data:` URL is held to the same image limit (`data_images` finds them), which `ringkas check`
warns about and the brief replaces by a note. docs/format.md ("Limits") lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MB = 1_000_000
IMAGE_LIMIT = 5 * MB  # bytes of one image, decoded

#: A base64 `data:` URL of an image, as markdown (`![x](data:...)`) or HTML (`src="data:..."`)
#: writes one: the payload runs to the first character base64 does not use.
DATA_IMAGE = re.compile(r"data:(image/[\w.+-]+);base64,([A-Za-z0-9+/=]*)", re.I)


@dataclass(frozen=True)
class DataImage:
    start: int
    end: int
    mime: str
    size: int  # bytes, decoded

    @property
    def too_large(self) -> bool:
        return self.size > IMAGE_LIMIT


def data_images(text: str) -> Iterator[DataImage]:
    """Every base64 `data:` image URL in `text`, with its decoded size."""
    if "data:" not in text:  # most text has none: skip the scan
        return
    for match in DATA_IMAGE.finditer(text):
        yield DataImage(match.start(), match.end(), match.group(1).lower(),
                        len(match.group(2)) * 3 // 4)


def megabytes(size: int) -> int:
    """A size in whole megabytes for a message, at least 1."""
    return max(1, round(size / MB))


#: The front matter is a page's worth of facts, not a document: its sizes are bounded so that
#: a pasted report (a 10 MB title) is refused by `ringkas check` instead of slowing every
#: render and page. docs/format.md ("Limits") lists them.
FRONT_MATTER_LIMIT = 64_000  # bytes (UTF-8) of the whole front-matter cell
TEXT_LIMITS = {"title": 300, "sources": 1_000}  # characters of one value (of each list item)
TEXT_LIMIT = 500  # characters of any other text value: agency, unit, a name, a position, ...
LIST_LIMIT = 200  # items of a list field (participants, sources, themes, received_by)


def text_limit(field: str) -> int:
    """The most characters one text value of front-matter `field` ("title", "host.name") holds."""
    return TEXT_LIMITS.get(field.split(".", 1)[0], TEXT_LIMIT)
