"""The agency's branding from ringkas.toml ([branding]): a logo, letterhead lines, colours.

Plain data that travels with a render (`RenderOptions.branding`) to a pool or Dask worker: the
logo goes as bytes, so no worker reads ringkas.toml or the logo file. The brief shows a letterhead
(*kop surat*) above its masthead and takes the colours as CSS custom properties overriding those
of templates/brief/static/brief.css; an empty `Branding` changes nothing in a brief.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass

from ringkas.project.images import (
    LOGO_PIXEL_LIMIT,
    bombs_as_errors,
    pillow,
    pixel_size,
    too_many_pixels,
)

#: Limits of [branding] (docs/config.md): a logo is embedded in every brief, so it stays small.
LOGO_LIMIT = 1024 * 1024
LETTERHEAD_LINES = 4
LETTERHEAD_LENGTH = 80
#: The image types a logo may have, by their first bytes. No SVG: it can carry scripts.
MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
#: The colours of brief.css that branding replaces (primary: masthead, headings, table heads;
#: accent: rules, card tops, the document-type chip behind primary text).
DEFAULT_COLOUR = "#0b3a5d"
DEFAULT_ACCENT = "#c99a2e"
#: Contrasts a brief keeps readable (WCAG 2): white text on the primary colour, and the
#: primary-coloured text of the document-type chip on the accent.
MIN_CONTRAST_WHITE = 4.5
MIN_CONTRAST_ACCENT = 3.0


@dataclass(frozen=True)
class Branding:
    """What ringkas.toml's [branding] says; the empty default is ringkas's own look."""

    logo: bytes = b""
    logo_type: str = ""  # image/png | image/jpeg
    letterhead: tuple[str, ...] = ()
    colour: str = ""  # #rrggbb, lower case
    accent: str = ""

    def __bool__(self) -> bool:
        return bool(self.logo or self.letterhead or self.colour or self.accent)

    @property
    def logo_url(self) -> str:
        """The logo as a data: URL (the only kind of URL a brief's PDF may fetch)."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"

    def css(self) -> str:
        """CSS custom properties overriding brief.css's colours; "" when none is set."""
        lines = []
        if self.colour:
            lines += [f"--navy: {self.colour};", f"--navy-soft: {mix(self.colour, 0.2)};",
                      f"--tint: {mix(self.colour, 0.92)};"]
        if self.accent:
            lines.append(f"--gold: {self.accent};")
        return ":root { " + " ".join(lines) + " }" if lines else ""

    def digest(self) -> str:
        """A hash of everything a brief shows of the branding ("" when empty): part of each
        brief's content key (`ringkas.build.manifest`), so a new logo renders briefs again."""
        if not self:
            return ""
        sha = hashlib.sha256(self.logo)
        sha.update("\0".join((self.logo_type, self.colour, self.accent, *self.letterhead))
                   .encode("utf-8"))
        return sha.hexdigest()


#: No branding: ringkas's own look (the default of every place a `Branding` goes).
NO_BRANDING = Branding()


def image_type(content: bytes) -> str | None:
    """"image/png" or "image/jpeg" by the file's first bytes, else None."""
    for magic, kind in MAGIC.items():
        if content.startswith(magic):
            return kind
    return None


def logo_trouble(content: bytes) -> tuple[str, dict[str, object]] | None:
    """What is wrong with a logo's bytes, as (message code, params); None when nothing is.

    Its header must say a size within `LOGO_PIXEL_LIMIT` and its pixels must decode: junk behind
    a PNG's first bytes, or a decompression bomb, is refused with ringkas.toml's key, not left
    for a brief to drop silently."""
    from PIL.Image import DecompressionBombError

    size = pixel_size(content)
    if size is None:
        return "config.logo_not_image", {}
    if (over := too_many_pixels(size, LOGO_PIXEL_LIMIT)) is not None:
        return "config.logo_too_many_pixels", over
    try:
        with bombs_as_errors(), pillow().open(io.BytesIO(content), formats=["PNG", "JPEG"]
                                              ) as image:
            image.load()
    except (OSError, ValueError, SyntaxError, DecompressionBombError, Warning):
        return "config.logo_not_image", {}
    return None


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def mix(colour: str, white: float) -> str:
    """`colour` mixed with `white` parts of white (0: the colour, 1: white), as #rrggbb."""
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in _rgb(colour))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of a #rrggbb colour."""
    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The contrast ratio (WCAG 2) of two #rrggbb colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
