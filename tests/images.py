"""PNG files built by hand, for tests of images: small real ones and decompression bombs.

A bomb is a PNG of one blank colour at a huge size: its rows are all zeros, which zlib
compresses about a thousand to one, so a 30000 x 30000 picture is a few hundred kilobytes on
disk and gigabytes once decoded. It is built a block of rows at a time, so that the test never
holds the picture itself in memory (Pillow is not used: it would decode it).
"""

from __future__ import annotations

import struct
import zlib

#: Colour types of the PNG header: grey (one channel), RGB (three).
GREY, RGB = 0, 2


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def blank_png(width: int, height: int, colour: int = GREY, depth: int = 8) -> bytes:
    """A valid PNG of `width` x `height` black pixels (grey or RGB, `depth` bits a channel)."""
    channels = 3 if colour == RGB else 1
    row = b"\0" * (1 + (width * channels * depth + 7) // 8)  # filter byte, then the pixels
    rows_at_once = max(1, (4 << 20) // len(row))
    packer = zlib.compressobj(9)
    compressed = []
    for start in range(0, height, rows_at_once):
        compressed.append(packer.compress(row * min(rows_at_once, height - start)))
    compressed.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", b"".join(compressed)) + _chunk(b"IEND", b""))


def bomb_png(width: int, height: int) -> bytes:
    """A decompression bomb: a 1-bit grey PNG of `width` x `height` pixels (Pillow decodes it to
    one byte a pixel: 12000 x 12000 is 144 MB, 30000 x 30000 is 900 MB)."""
    return blank_png(width, height, GREY, 1)
