"""Word tables' text and widths: the rows of an HTML table (a pandas DataFrame's `text/html`
output), and the width of each column (`fit_widths`) so that no word breaks.

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


TABLE_POINTS = 9  # a table's text, smaller than the page's 10 pt as in the HTML brief
#: A character's width in cm at 9 pt DejaVu Sans, the brief's font: its lowercase letters
#: measure 0.14-0.21 cm, bold 0.17-0.24 (an "m" is wider than most), so near the widest is
#: taken: a word that fits on paper fits in LibreOffice and Word alike.
CM_PER_CHAR = 0.22
CM_PER_BOLD_CHAR = 0.245  # a header's
CELL_PADDING = 0.45  # cm: Word's cell margins (0.19 cm a side) and a little room


def word_width(text: str, bold: bool = False) -> float:
    """The width in cm a cell needs for the longest word of `text` on one line."""
    longest = max((len(word) for word in text.split()), default=0)
    return longest * (CM_PER_BOLD_CHAR if bold else CM_PER_CHAR) + CELL_PADDING


def fit_widths(header: list[str] | None, rows: list[list[str]], widths: tuple[float, ...],
               line: float, columns: int) -> list[float]:
    """The width in cm of each of `columns` columns on a line `line` cm wide: at least its
    longest word (and the width asked, if any); what is left of the line goes to the columns
    asked as 0 (all of them when no widths are asked, by the length of their text). A table
    whose words alone are wider than the line is shrunk to it, every column alike."""
    widths = widths if len(widths) == columns else ()
    texts = [[r[i] for r in rows if i < len(r)] for i in range(columns)]
    heads = [(header or [])[i] if i < len(header or []) else "" for i in range(columns)]
    least = [max([word_width(t) for t in column] + [word_width(heads[i], bold=True)]
                 + [widths[i] if widths else 0.0]) for i, column in enumerate(texts)]
    total = sum(least)
    if total > line:
        return [size * line / total for size in least]
    shared = [i for i in range(columns) if not widths or not widths[i]]
    if not shared:
        return least
    weights = [1.0 if widths else float(sum(len(t) for t in texts[i]) + len(heads[i])) or 1.0
               for i in shared]
    sizes = list(least)
    for i, weight in zip(shared, weights, strict=True):
        sizes[i] += (line - total) * weight / sum(weights)
    return sizes
