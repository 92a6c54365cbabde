"""The rows of an HTML table (a pandas DataFrame's `text/html` output), as text for a Word table.

Only the text of the cells is read (`html.parser`, no markup kept), so nothing of the HTML
reaches the DOCX but words; a header row is the first row whose cells are all `<th>`.
"""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED = frozenset({"script", "style", "template", "svg", "math"})  # their text is not content
MAX_COLUMNS = 12  # wider than this, a table is unreadable on A4 portrait: its text stands in


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.heads: list[bool] = []
        self._cell: list[str] | None = None
        self._depth = 0  # tables inside the first one: their text joins the cell
        self._done = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        if self._done:
            return
        if tag == "table":
            self._depth += 1
        elif tag == "tr" and self._depth == 1:
            self.rows.append([])
            self.heads.append(True)
        elif tag in ("td", "th") and self._depth == 1 and self.rows:
            self._cell = []
            self.heads[-1] = self.heads[-1] and tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        if self._done:
            return
        if tag in ("td", "th") and self._cell is not None and self._depth == 1:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._depth -= 1
            self._done = self._depth == 0

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skipping:
            self._cell.append(data)


def table_rows(html: str) -> tuple[list[str], list[list[str]]]:
    """The first table of `html`: its header (its all-`<th>` rows merged column by column, as
    pandas writes the index name on a row of its own; blank cells when it has none) and its
    other rows, all as wide as the widest. No rows when there is no table or it is too wide
    to print."""
    parser = _Rows()
    parser.feed(html)
    parser.close()
    rows = [(row, head) for row, head in zip(parser.rows, parser.heads, strict=True) if row]
    width = max((len(row) for row, _ in rows), default=0)
    if not rows or width > MAX_COLUMNS:
        return [], []
    padded = [(row + [""] * (width - len(row)), head) for row, head in rows]
    heads = [row for row, head in padded if head]
    header = [" ".join(h[i] for h in heads if h[i]) for i in range(width)]
    return header, [row for row, head in padded if not head]
