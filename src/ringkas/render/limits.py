"""How much of a cell's output a brief shows and the executed copy keeps.

Enough for any honest table or chart, never so much that memory, the HTML or the PDF grows
without bound: a cell that prints 50 MB or draws a 20 MB image still renders, and the brief says
what was left out and how to fix it. The limits are documented in docs/format.md ("Limits").
Limiting twice changes nothing: a cut text, note included, is within the limit it was cut to.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

# the image limit is the contract's: `ringkas check` holds markdown images to it too
from ringkas.contract.limits import IMAGE_LIMIT as IMAGE_LIMIT
from ringkas.contract.limits import MB as MB
from ringkas.render.labels import Labels

if TYPE_CHECKING:
    from nbformat import NotebookNode

TEXT_LIMIT = 20_000  # characters of one stream or text/plain output (about eight pages)
MARKUP_LIMIT = 500_000  # characters of one text/html or text/markdown output (a long table)
TOTAL_LIMIT = 20 * MB  # characters of every output of one notebook together
IMAGES = ("image/png", "image/jpeg", "image/gif")
NOTE_ROOM = 500  # characters kept free at the end of a cut text for the note


def _size(mime: str, value: object) -> int:
    """The size of one output value: decoded bytes for base64 images, characters otherwise."""
    text = "".join(value) if isinstance(value, list) else str(value)
    return len(text) * 3 // 4 if mime in IMAGES else len(text)


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _copy(output: NotebookNode) -> NotebookNode:
    """A copy that limiting may change: values are replaced, never changed in place."""
    copied = copy.copy(output)
    if isinstance(output.get("data"), dict):
        copied["data"] = copy.copy(output["data"])
    return copied


def _megabytes(L: Labels, size: int) -> str:
    return L.number(max(size, 1) / MB, 1)


@dataclass
class OutputLimits:
    """Applies the limits to outputs in turn, in one language, with a budget for all of them."""

    lang: str
    left: int = TOTAL_LIMIT

    def __post_init__(self) -> None:
        self.L = Labels(self.lang)

    def shown(self, outputs: Iterable[NotebookNode]) -> list[NotebookNode]:
        """Copies of `outputs` within the limits; the originals are not changed."""
        return [self.limit(_copy(output)) for output in outputs]

    def limit(self, output: NotebookNode) -> NotebookNode:
        """`output` itself, cut or replaced by a note where it passes a limit."""
        size = self._limit_one(output)
        if size > self.left:
            self._replace(output, "output.over_budget", limit=_megabytes(self.L, TOTAL_LIMIT))
            size = len(output["data"]["text/plain"])
        self.left -= size
        return output

    def _limit_one(self, output: NotebookNode) -> int:
        """Cut or replace `output` in place when one value passes its limit; its size after."""
        kind = output.get("output_type")
        if kind == "stream":
            output["text"] = self._cut(_text(output.get("text", "")))
            return len(output["text"])
        data = output.get("data")
        if kind not in ("display_data", "execute_result") or not isinstance(data, dict):
            return 0  # errors and unknown kinds are not shown in briefs
        for mime, value in data.items():
            limit = IMAGE_LIMIT if mime in IMAGES or mime == "image/svg+xml" else MARKUP_LIMIT
            size = _size(mime, value)
            if mime != "text/plain" and size > limit:
                self._replace(output, "output.too_large", size=_megabytes(self.L, size),
                              limit=_megabytes(self.L, limit))
                return len(output["data"]["text/plain"])
        if "text/plain" in data:
            data["text/plain"] = self._cut(_text(data["text/plain"]))
        return sum(_size(mime, value) for mime, value in data.items())

    def _cut(self, text: str) -> str:
        if len(text) <= TEXT_LIMIT:
            return text
        keep = TEXT_LIMIT - NOTE_ROOM
        note = self.L("output.cut", shown=self.L.number(keep), total=self.L.number(len(text)))
        return f"{text[:keep]}\n…\n{note}\n"

    def _replace(self, output: NotebookNode, key: str, **params: str) -> None:
        """Turn `output` into a display of the note `key`, keeping nothing of what it held."""
        for name in ("text", "name", "execution_count"):
            output.pop(name, None)
        output["output_type"] = "display_data"
        output["data"] = {"text/plain": self.L(key, **params)}
        output["metadata"] = {}


def limit_notebook(nb: NotebookNode, lang: str) -> NotebookNode:
    """Every code cell's outputs of `nb` within the limits, in place; returns `nb`."""
    limits = OutputLimits(lang)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = [limits.limit(o) for o in cell.get("outputs", [])]
    return nb
