"""The caption and credit `ringkas import` reads from a report's text: only what it states."""

from __future__ import annotations

import pytest

from ringkas.authoring.importing.photos import parse_caption


@pytest.mark.parametrize(("text", "expected"), [
    ("Foto 1: Tim Bappeda di MPP (Sumber: Humas Banyuwangi)",
     ("Tim Bappeda di MPP", "Sumber: Humas Banyuwangi")),
    ("Gambar 2. Diskusi dengan Dinsos. Dok. Bappeda Grobogan",
     ("Diskusi dengan Dinsos", "Dok. Bappeda Grobogan")),
    ("Dokumentasi: Rombongan di Balai Kota", ("Rombongan di Balai Kota", "")),
    ("Figure 3: The delegation - Photo: City PR office",
     ("The delegation", "Photo: City PR office")),
])
def test_a_caption_paragraph_gives_caption_and_credit(text: str, expected: tuple[str, str]) -> None:
    assert parse_caption(text) == expected


@pytest.mark.parametrize("text", ["Rombongan diterima di Balai Kota.",
                                  "Gambaran umum program ini sederhana.",
                                  "Fotokopi dokumen dibagikan."])
def test_prose_is_no_caption(text: str) -> None:
    assert parse_caption(text) is None


def test_a_stated_caption_needs_no_opening() -> None:
    assert parse_caption("Rombongan di Balai Kota", prefixed=False) == (
        "Rombongan di Balai Kota", "")
