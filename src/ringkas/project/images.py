"""How many pixels an image has, read from its header before any pixel is decoded.

A PNG of one blank colour compresses about a thousand to one: 420 KB can hold 12000 x 12000
pixels, which take 430 MB to decode (more as RGBA, and again for each copy Pillow makes), and a
30000 x 30000 one is 2.7 GB. File-size caps cannot see that, so every photo and logo is held
to `PIXEL_LIMIT` by its header (`pixel_size`) at `import`, at `check` and in `render`, before
`Image.load()`; and Pillow's own guard is set to the same limit (`pillow`), its warning
turned into an error, for any image that reaches Pillow some other way.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

#: The most pixels a photo may have: 50 megapixels, room for a phone's 48- or 50-megapixel mode
#: (8160 x 6120) and any camera of the agency; about 200 MB decoded as RGBA.
PIXEL_LIMIT = 50_000_000
#: The most pixels a logo may have: it sits in every brief, 2 cm high.
LOGO_PIXEL_LIMIT = 16_000_000
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of PNG or JPEG `data` from its header alone; None when the bytes are not
    a PNG or JPEG Pillow can read the header of (junk behind the right first bytes included)."""
    from PIL import JpegImagePlugin, PngImagePlugin

    plugin = PngImagePlugin.PngImageFile if data.startswith(_PNG) else \
        JpegImagePlugin.JpegImageFile if data.startswith(_JPEG) else None
    if plugin is None:
        return None
    try:
        # the plugin class, not Image.open: this reads the header and no more, and it does not
        # run Pillow's bomb check, whose warning or error would be the user's message
        with plugin(io.BytesIO(data)) as image:
            width, height = image.size
    except (OSError, ValueError, SyntaxError, EOFError):
        return None
    return width, height


def megapixels(size: tuple[int, int]) -> str:
    return f"{size[0] * size[1] / 1e6:.1f}"


def too_many_pixels(size: tuple[int, int], limit: int = PIXEL_LIMIT) -> dict[str, object] | None:
    """What a message says of an image of `size` past `limit` pixels (its width, height,
    megapixels and the limit in megapixels); None within the limit."""
    if size[0] * size[1] <= limit:
        return None
    return {"width": size[0], "height": size[1], "megapixels": megapixels(size),
            "limit": limit // 10**6}


def pillow() -> ModuleType:
    """PIL.Image with its bomb guard at `PIXEL_LIMIT` (Pillow's default is 89 megapixels)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = PIXEL_LIMIT
    return Image


@contextmanager
def bombs_as_errors() -> Iterator[None]:
    """Within: Pillow's DecompressionBombWarning is raised as an exception, never printed."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield
