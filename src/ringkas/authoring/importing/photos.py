"""The photos of a report, for its `dokumentasi` section: found, captioned, written.

A reader puts an `Image` where a picture sits among its blocks; `settle` turns each into a
`Picture` (PNG or JPEG bytes within the photo size cap) or counts why it cannot be one, and
gives it the caption and credit the text states: a caption that came with the image (a web
page's <figcaption> or alt), else the paragraph right after the image (or right before) when
it opens like a caption ("Foto 1: ...", "Gambar 2. ..."). That paragraph then leaves the text,
so it is neither lost nor doubled. Nothing is invented: no caption stated, none written
(`ringkas check` warns `photo.no_caption` / `photo.no_credit`).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ringkas.authoring.importing.document import PARAGRAPH, Block, Photos, Picture, clean
from ringkas.contract import spec as C
from ringkas.contract.links import LinkOutside, outside, read_inside
from ringkas.notebook.photos import image_type
from ringkas.project.images import pixel_size, too_many_pixels

MISSING = "missing"
TOO_LARGE = "too_large"
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}
#: A paragraph that opens so is a caption: "Foto 1: ...", "Gambar 2. ...", "Dokumentasi: ...".
CAPTION_START = re.compile(
    r"^(?:foto|gambar|dokumentasi|photo|figure|fig\.)"
    r"(?:\s*\d+[a-z]?\s*[:.–-]?|\s*[:.–-])\s*(?=\S)", re.I)
_CREDIT_WORD = r"(?:(?:sumber|source|foto|photo|dokumentasi|credit)\b\s*[:.]?|dok\.)"
#: "... (Sumber: Humas Banyuwangi)", "... [Dok. Bappeda]"
_CREDIT_BRACKETED = re.compile(
    rf"^(?P<caption>.*?)\s*[(\[](?P<credit>{_CREDIT_WORD}\s*[^()\[\]]+?)\s*[)\]]\s*\.?$", re.I)
#: "... . Sumber: Humas Banyuwangi", "... - Foto: Tim Bappeda", "..., Dok. Humas"
_CREDIT_TAIL = re.compile(
    r"^(?P<caption>.*?)(?:[.,;]|\s[–-])\s+"
    r"(?P<credit>(?:sumber|source|foto|photo|credit)\s*:\s*\S.*|dok\.\s*\S.*)$", re.I)


@dataclass(frozen=True)
class Image:
    """Where a reader found a picture: its bytes (None when they cannot be had, `reason` says
    why), and the caption that came with it, if any."""

    data: bytes | None
    caption: str | None = None  # stated with the image (figcaption, alt); None: look around
    reason: str = ""
    name: str = ""  # where it came from in the report, for a message: "word/media/image1.png"


def parse_caption(text: str, prefixed: bool = True) -> tuple[str, str] | None:
    """(caption, credit) of a caption's text, word for word, less its "Foto 1:" opening; None
    when `prefixed` and the text does not open like a caption."""
    text = clean(text)
    start = CAPTION_START.match(text)
    if start:
        text = text[start.end():]
    elif prefixed:
        return None
    for pattern in (_CREDIT_BRACKETED, _CREDIT_TAIL):
        found = pattern.match(text)
        if found and found.group("caption").strip():
            return _trimmed(found.group("caption")), found.group("credit").strip()
    return _trimmed(text), ""


def _trimmed(caption: str) -> str:
    return caption.strip().rstrip(",;–-").strip()


def settle(items: list[Block | Image], photos: Photos) -> list[Block]:
    """The blocks of `items`, less the caption paragraphs their images took; the images go
    into `photos`, in order."""
    used: set[int] = set()
    for index, item in enumerate(items):
        if not isinstance(item, Image):
            continue
        stated = parse_caption(item.caption, prefixed=False) if item.caption else None
        taken = None
        if stated is None and item.caption is None:
            for near in (index + 1, index - 1):
                block = items[near] if 0 <= near < len(items) else None
                if isinstance(block, Block) and block.kind == PARAGRAPH and near not in used:
                    stated = parse_caption(block.text)
                    if stated:
                        taken = near
                        break
        if add_picture(photos, item, *(stated or ("", ""))) and taken is not None:
            used.add(taken)
    return [item for index, item in enumerate(items)
            if isinstance(item, Block) and index not in used]


def add_picture(photos: Photos, image: Image, caption: str, credit: str) -> bool:
    """Whether `image` became a photo; when not, it is counted by why."""
    data = image.data
    if data is None:
        if image.reason == TOO_LARGE:
            photos.too_large += 1
        else:
            photos.missing += 1
        return False
    if len(data) > C.PHOTO_LIMIT:
        photos.too_large += 1
        return False
    mime = image_type(data)
    if mime is None:
        photos.unsupported += 1
        return False
    size = pixel_size(data)
    if size is None:
        photos.unsupported += 1
        return False
    if too_many_pixels(size):  # a decompression bomb, or a photo no brief needs
        photos.too_many_pixels.append((image.name or "?", size))
        return False
    photos.pictures.append(Picture(data, EXTENSIONS[mime], caption, credit))
    return True


# --- where readers find images ------------------------------------------------------------

def docx_images(paragraph: object, part: object) -> list[Image]:
    """The pictures of a Word paragraph, in order (inline and floating ones alike)."""
    images = []
    for rid in paragraph._p.xpath(".//a:blip/@r:embed"):  # type: ignore[attr-defined]
        related = part.related_parts.get(str(rid))  # type: ignore[attr-defined]
        name = str(getattr(related, "partname", "")).lstrip("/")
        images.append(Image(getattr(related, "blob", None), name=name))
    return images


def page_image(page: Path, src: str, caption: str | None, photos: Photos) -> Image | None:
    """The image a saved page's <img src> names: a file beside the page (never outside its
    folder) or a data: URL. A remote one is not fetched: its address is kept, None returned."""
    src = src.strip()
    if src.startswith(("http://", "https://", "//")):
        photos.online.append(src if not src.startswith("//") else f"https:{src}")
        return None
    if src.startswith("data:"):
        head, _, encoded = src.partition(",")
        try:
            data = base64.b64decode(encoded) if head.endswith(";base64") else None
        except (binascii.Error, ValueError):
            data = None
        return Image(data, caption, name=src[:40] + ("..." if len(src) > 40 else ""))
    folder = page.parent.resolve()
    target = (folder / unquote(urlsplit(src).path)).resolve()
    if not target.is_file():
        return Image(None, caption, MISSING)
    try:  # inside the page's folder, and read no further than the limit allows
        data = read_inside(target, folder, C.PHOTO_LIMIT)
    except (OSError, LinkOutside):
        return Image(None, caption, MISSING)
    if len(data) > C.PHOTO_LIMIT:
        return Image(None, caption, TOO_LARGE)
    return Image(data, caption, name=src)


def parse_page(html: str) -> Any:
    """The page as an lxml tree, parsed once for every look the readers take at it; None when
    lxml cannot read it."""
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, TypeError):
        return None


def page_captions(page: Any) -> dict[str, str]:
    """The caption each <img src> of a page (`parse_page`) comes with: its <figure>'s
    <figcaption>, else its alt text (trafilatura keeps neither)."""
    if page is None:
        return {}
    captions: dict[str, str] = {}
    for img in page.iter("img"):
        src = str(img.get("src") or "").strip()
        figure = next((a for a in img.iterancestors("figure")), None)
        figcaption = figure.find(".//figcaption") if figure is not None else None
        text = clean(figcaption.text_content()) if figcaption is not None else ""
        alt = clean(str(img.get("alt") or ""))
        if alt and alt.lower() == Path(urlsplit(src).path).name.lower():
            alt = ""  # a file name is no caption
        if src and src not in captions:
            captions[src] = text or alt
    return captions


def page_data_images(page: Any, captions: dict[str, str]) -> list[tuple[str, str]]:
    """(src, caption) of the data: URL images inside a page's <article>, <main> or <figure>
    (trafilatura drops data: URLs, so these are looked up in the page itself)."""
    if page is None:
        return []
    found: list[tuple[str, str]] = []
    for img in page.xpath("//article//img|//main//img|//figure//img"):
        src = str(img.get("src") or "").strip()
        if src.startswith("data:") and src not in (s for s, _ in found):
            found.append((src, captions.get(src, "")))
    return found


# --- into the notebook --------------------------------------------------------------------

def photo_name(index: int, picture: Picture) -> str:
    return f"foto-{index}{picture.extension}"


def photo_lines(visit: str, pictures: list[Picture]) -> list[str]:
    """One markdown image per photo, as docs/format.md "Photos" writes them."""
    lines = []
    for index, picture in enumerate(pictures, 1):
        caption = picture.caption.replace("[", "(").replace("]", ")")
        credit = picture.credit.replace('"', "”")
        title = f' "{credit}"' if credit else ""
        lines.append(f"![{caption}]({visit}/{photo_name(index, picture)}{title})")
    return lines


def photo_paths(folder: Path, pictures: list[Picture]) -> list[Path]:
    return [folder / photo_name(index, p) for index, p in enumerate(pictures, 1)]


def photo_folder_inside(folder: Path, root: Path | None = None) -> None:
    """Refuse a visit's photo folder that is a symbolic link out of the project (before the
    notebook is written): the photos would land wherever it points. `root` is the project's
    root, found from the folder when the caller does not know it."""
    if root is None:
        from ringkas.project.paths import Project

        root = Project.find(folder.parent).root
    target = outside(folder, root)
    if target is not None:
        raise LinkOutside(folder, target, root.resolve(), "import.link_outside")


def write_photos(folder: Path, pictures: list[Picture]) -> None:
    """The photos into the visit's own folder (the names `photo_lines` gives them); an earlier
    import's files of the same names are replaced (the caller has checked `--force`)."""
    from ringkas.project.files import write_atomic

    if pictures:
        folder.mkdir(parents=True, exist_ok=True)
    for path, picture in zip(photo_paths(folder, pictures), pictures, strict=True):
        write_atomic(path, picture.data)
