"""The photos of a visit: its `dokumentasi` cell's images, checked and read.

A photo is `![caption](<visit-id>/foto-1.jpg "credit")` (the file beside the notebook, in the
visit's own folder) or `![caption](attachment:foto.jpg "credit")` (pasted into the cell in
JupyterLab, which keeps the bytes in the cell's `attachments`). `read_photos` checks what the
notebook alone says (the validator calls it); `check_photo_files` what only the disk can say
(missing, too big, not an image), in the main process, before a unit goes to a worker that may
run on another machine; `read_photo_files` gives the bytes that travel with the unit.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ringkas.contract import spec as C
from ringkas.contract.links import LinkOutside, read_inside
from ringkas.contract.model import Photo, SectionText, Visit
from ringkas.contract.problems import Findings, Problem
from ringkas.project.images import pixel_size, too_many_pixels

if TYPE_CHECKING:
    from nbformat import NotebookNode

TAG = "dokumentasi"
MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

#: The bytes of a photo file `check` reads first: its header, and so its pixel size, is there
#: (a PNG's in its first 33 bytes, a JPEG's after its EXIF, which is at most 64 KB); when it is
#: not, the whole file is read.
HEAD = 128 * 1024

#: (file relative to the notebook's folder, bytes) of a visit's photo files.
PhotoFiles = tuple[tuple[str, bytes], ...]


def image_type(data: bytes) -> str | None:
    """The mime type of PNG or JPEG bytes, from their first bytes; None for anything else."""
    return next((mime for magic, mime in MAGIC.items() if data.startswith(magic)), None)


def without_photos(text: str) -> str:
    """A dokumentasi cell's text without its photos: the prose a brief prints beside them."""
    return C.PHOTO_PATTERN.sub("", text).strip()


def read_photos(cells: list[NotebookNode], sections: list[SectionText], visit_id: str,
                found: Findings) -> list[Photo]:
    """The photos of the `dokumentasi` cell (none when it has none or is not discussed)."""
    section = next((s for s in sections if s.tag == TAG and s.text), None)
    if section is None:
        return []
    cell = cells[section.cell - 1]
    photos, matches = [], list(C.PHOTO_PATTERN.finditer(section.text))
    for match in matches:
        photo = _photo(section.cell, match.group("src").strip("<>"),
                       match.group("caption").strip(), match.group("title") or "")
        if _checked(photo, cell, visit_id, found):
            photos.append(photo)
    if not matches:
        found.warn(section.cell, TAG, "photo.none", visit=visit_id)
    return photos


def _photo(cell: int, src: str, caption: str, title: str) -> Photo:
    credit, mark = title.strip(), False
    head, bar, last = credit.rpartition("|")
    if bar and last.strip().lower() == C.PHOTO_PIMPINAN_MARK:
        credit, mark = head.strip(), True
    attachment = src.startswith(C.ATTACHMENT_PREFIX)
    name = src.removeprefix(C.ATTACHMENT_PREFIX) if attachment else src
    return Photo(cell, name, caption, credit, mark, attachment)


def _checked(photo: Photo, cell: NotebookNode, visit_id: str, found: Findings) -> bool:
    """Whether `photo` can be shown; what is wrong with it is reported."""
    where = (photo.cell, TAG)
    if not photo.caption:
        found.warn(*where, "photo.no_caption", file=photo.file)
    if not photo.credit:
        found.warn(*where, "photo.no_credit", file=photo.file, caption=photo.caption or "...")
    if photo.attachment:
        return _checked_attachment(photo, cell, found)
    relative = PurePosixPath(photo.file)
    if (relative.is_absolute() or ".." in relative.parts or ":" in photo.file
            or relative.parts[:1] != (visit_id,) or len(relative.parts) < 2):
        found.error(*where, "photo.outside", file=photo.file, visit=visit_id)
        return False
    if relative.suffix.lower() not in C.PHOTO_TYPES:
        found.error(*where, "photo.bad_type", file=photo.file)
        return False
    return True


def _checked_attachment(photo: Photo, cell: NotebookNode, found: Findings) -> bool:
    where = (photo.cell, TAG)
    attachments = cell.get("attachments")
    bundle = attachments.get(photo.file) if isinstance(attachments, Mapping) else None
    if not isinstance(bundle, Mapping) or not bundle:
        found.error(*where, "photo.attachment_missing", file=photo.file)
        return False
    mime = next((m for m in bundle if m in C.PHOTO_TYPES.values()), None)
    if mime is None:
        found.error(*where, "photo.bad_type", file=photo.file)
        return False
    encoded = bundle[mime]
    size = len("".join(encoded) if isinstance(encoded, list) else str(encoded)) * 3 // 4
    if size > C.PHOTO_LIMIT:
        found.error(*where, "photo.too_large", file=photo.file, size=_mib(size),
                    limit=_mib(C.PHOTO_LIMIT))
        return False
    data = attachment_bytes(cell, photo.file)
    if data is None:
        found.error(*where, "photo.not_image", file=photo.file)
        return False
    errors = len(found.problems)
    _check_pixels(data, photo, found)
    return len(found.problems) == errors


def attachment_bytes(cell: Mapping[str, object], name: str) -> bytes | None:
    """The bytes of attachment `name` of `cell` (a PNG or JPEG), None when it has none."""
    attachments = cell.get("attachments")
    bundle = attachments.get(name) if isinstance(attachments, Mapping) else None
    if not isinstance(bundle, Mapping):
        return None
    for mime in dict.fromkeys(C.PHOTO_TYPES.values()):
        if mime in bundle:
            encoded = bundle[mime]
            try:
                return base64.b64decode("".join(encoded) if isinstance(encoded, list) else encoded)
            except (binascii.Error, ValueError, TypeError):
                return None
    return None


def check_photo_files(visit: Visit) -> list[Problem]:
    """What is wrong with the photo files of `visit` on disk: missing, a link out of the
    project, too big, not an image, too many pixels."""
    found = Findings(visit.path)
    root = project_root(visit)
    for photo in visit.photos:
        where = (photo.cell, TAG)
        if photo.attachment:
            continue  # its pixels are checked with the notebook (`_checked_attachment`)
        path = visit.path.parent / photo.file
        try:
            head = read_inside(path, root, HEAD)  # the header says the pixels
            size = path.stat().st_size
            if len(head) > HEAD and size <= C.PHOTO_LIMIT and pixel_size(head) is None:
                head = read_inside(path, root)  # a JPEG's EXIF can push its header far down
        except LinkOutside as exc:
            found.error(*where, "photo.link_outside", file=photo.file, target=exc.target,
                        root=exc.root)
            continue
        except OSError:
            found.error(*where, "photo.missing", file=photo.file, folder=path.parent)
            continue
        if size > C.PHOTO_LIMIT:
            found.error(*where, "photo.too_large", file=photo.file, size=_mib(size),
                        limit=_mib(C.PHOTO_LIMIT))
        elif image_type(head) is None:
            found.error(*where, "photo.not_image", file=photo.file)
        else:
            _check_pixels(head, photo, found)
    return found.problems


def _check_pixels(data: bytes, photo: Photo, found: Findings) -> None:
    size = pixel_size(data)
    if size is None:
        found.error(photo.cell, TAG, "photo.not_image", file=photo.file)
    elif (over := too_many_pixels(size)) is not None:
        found.error(photo.cell, TAG, "photo.too_many_pixels", file=photo.file, **over)


def project_root(visit: Visit) -> Path:
    """The project holding the visit's notebook: no photo may lead out of it."""
    from ringkas.project.paths import Project

    return Project.find(visit.path.parent).root


def read_photo_files(visit: Visit) -> PhotoFiles:
    """The bytes of `visit`'s photo files (not attachments: those are in the notebook), by name;
    a file that cannot be read, or leads out of the project, is left out (`check_photo_files`
    has said why)."""
    files = []
    root = project_root(visit)
    for name in dict.fromkeys(p.file for p in visit.photos if not p.attachment):
        try:
            files.append((name, read_inside(visit.path.parent / name, root)))
        except (OSError, LinkOutside):
            continue
    return tuple(files)


def photo_names(visit: Visit) -> list[str]:
    return list(dict.fromkeys(p.file for p in visit.photos if not p.attachment))


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}"
