"""A printed brief's last page never holds next to nothing.

WeasyPrint lays a brief out once. When its last page holds only a line or two (a short visit's
leadership brief once put only its one-line "SUMBER" on page 2), the brief is laid out again
with `fit-one-page` on its <body>, a slightly tighter spacing (templates/brief/static/brief.css),
and that layout is kept when it has fewer pages. Otherwise the first one stands: the sources
block keeps with what precedes it (`break-before: avoid`), so even then the last page carries
a real section with it.
"""

from __future__ import annotations

from typing import Any

#: The last page is "next to nothing" when its content ends in the top part of the page.
NEARLY_EMPTY = 0.25  # of the page's height
TIGHT_CLASS = "fit-one-page"


def content_bottom(page: Any) -> float:
    """How far down `page` (a WeasyPrint page) its text goes, running heads and the fixed
    watermark aside, in CSS pixels from the top."""
    from weasyprint.formatting_structure import boxes

    bottom = 0.0
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.MarginBox) or box.style["position"] == "fixed":
            continue
        if isinstance(box, boxes.TextBox) and box.text.strip():
            bottom = max(bottom, box.position_y + box.height)
        stack.extend(getattr(box, "children", ()))
    return bottom


def nearly_empty_last_page(document: Any) -> bool:
    """Whether `document` (a laid-out WeasyPrint document) has more than one page and its last
    holds next to nothing."""
    if len(document.pages) < 2:
        return False
    last = document.pages[-1]
    return content_bottom(last) < NEARLY_EMPTY * last.height


def tightened(html: str) -> str | None:
    """`html` with the tighter spacing asked for on its <body>, or None when it has no brief
    body to ask it of."""
    marker = '<body class="brief '
    if marker not in html:
        return None
    return html.replace(marker, f'<body class="{TIGHT_CLASS} brief ', 1)
