"""A visit's photos made ready for a brief: downscaled, turned upright, stripped of metadata.

A phone's photo is 3-8 MB with EXIF metadata, GPS position among it (personal data: where
someone was). The brief gets a JPEG copy of at most `PHOTO_SIDE` pixels on its longest side,
EXIF orientation applied and no metadata kept, embedded as a data: URL (the HTML is
self-contained and `render.pdf` fetches data: URLs only).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass

from nbformat import NotebookNode

from ringkas.contract import spec as C
from ringkas.contract.model import Photo, Visit
from ringkas.contract.problems import MessageError
from ringkas.notebook.photos import attachment_bytes
from ringkas.project.images import bombs_as_errors, pillow, pixel_size, too_many_pixels

QUALITY = 80


@dataclass(frozen=True)
class PhotoView:
    """A photo as a brief shows it (and the DOCX writer takes it): bytes, mime, caption, credit,
    and whether the leadership brief shows it."""

    data: bytes
    mime: str
    caption: str
    credit: str
    on_pimpinan: bool
    number: int = 0

    @property
    def url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def photo_views(nb: NotebookNode, visit: Visit, files: Mapping[str, bytes]) -> list[PhotoView]:
    """Every photo of `visit`, made ready; `files` holds the bytes of those beside the notebook
    (by name), the others are `nb`'s cell attachments. Raises
    MessageError("render.photo_unreadable") for bytes Pillow cannot read."""
    views = []
    for number, photo in enumerate(visit.photos, 1):
        raw = _raw(nb, photo, files)
        if raw is None:
            raise MessageError("render.photo_unreadable", visit=visit.id, file=photo.file,
                               detail="missing")
        data = downscaled(raw, visit.id, photo.file)
        views.append(PhotoView(data, "image/jpeg", photo.caption, photo.credit,
                               photo.on_pimpinan, number))
    return views


def _raw(nb: NotebookNode, photo: Photo, files: Mapping[str, bytes]) -> bytes | None:
    if photo.attachment:
        return attachment_bytes(nb.cells[photo.cell - 1], photo.file)
    return files.get(photo.file)


def downscaled(raw: bytes, visit_id: str = "", name: str = "") -> bytes:
    """`raw` (PNG or JPEG) as a JPEG of at most `PHOTO_SIDE` pixels, upright, with no metadata.

    An image past `PIXEL_LIMIT` is refused by its header, before a pixel is decoded."""
    size = pixel_size(raw)
    over = too_many_pixels(size) if size is not None else None
    if over is not None:
        raise MessageError("render.photo_too_many_pixels", visit=visit_id, file=name, **over)
    from PIL.Image import DecompressionBombError

    try:
        with bombs_as_errors():
            return _downscaled(hashlib.sha256(raw).hexdigest(), raw)
    except (OSError, ValueError, SyntaxError, DecompressionBombError, Warning) as exc:
        raise MessageError("render.photo_unreadable", visit=visit_id, file=name,
                           detail=f"{type(exc).__name__}: {exc}") from None


@functools.lru_cache(maxsize=64)  # each audience and format of a unit shows the same photos
def _downscaled(digest: str, raw: bytes) -> bytes:
    from PIL import ImageOps

    Image = pillow()
    with Image.open(io.BytesIO(raw), formats=["PNG", "JPEG"]) as opened:
        image = ImageOps.exif_transpose(opened)  # upright, as the camera held it
        image.thumbnail((C.PHOTO_SIDE, C.PHOTO_SIDE))
        if image.mode in ("RGBA", "LA", "P"):  # transparency on white, as on the page
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        elif image.mode != "RGB":
            image = image.convert("RGB")
        out = io.BytesIO()
        # a new image saved without `exif=`: no EXIF, no GPS, no comment goes along
        image.save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()
