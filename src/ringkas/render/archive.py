"""What a brief's PDF carries as its own evidence (PDF/A-3 attachments): the executed notebook
it was made from and the data files that notebook read.

Which data files a notebook read is judged from its code, as the unit has no trace of the
kernel's file access: a file of data/ is attached when a code cell names it by its path under
data/ (`indicators/poverty_rate.csv`), its file name (`poverty_rate.csv`), or, for an indicator,
the name `read_indicator` takes (`read_indicator("poverty_rate")`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from nbformat import NotebookNode

from ringkas.i18n.translations import text
from ringkas.render.pdf import Embedded


def code_text(nb: NotebookNode) -> str:
    return "\n".join(str(c.source) for c in nb.cells if c.cell_type == "code")


def data_read(nb: NotebookNode, data: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files of `data` ((path under data/, bytes), as a unit carries them) that the code
    of `nb` names."""
    code = code_text(nb)
    read = []
    for name, content in data:
        path = PurePosixPath(name)
        short = [path.name] + ([path.stem] if path.parent.as_posix() == "indicators" else [])
        # the path as written, anywhere (`../../data/<name>`); the file name or indicator name
        # alone, but not as the end of another folder's path (`other/codes.csv`)
        if (_named(name, code, r"(?<![\w.-])")
                or any(_named(n, code, r"(?<![\w./-])") for n in short)):
            read.append((name, content))
    return read


def _named(name: str, code: str, before: str) -> bool:
    return re.search(rf"{before}{re.escape(name)}(?![\w-])", code) is not None


def evidence(stem: str, notebook: bytes, data: Sequence[tuple[str, bytes]], lang: str
             ) -> list[Embedded]:
    """The attachments of the brief `<stem>.pdf`: its executed notebook `<stem>.ipynb` (the
    source it was made from) and `data`, the data files the notebook read, named by their file
    name (their path under data/ when two share one) and described with their path."""
    files = [Embedded(f"{stem}.ipynb", notebook, text("pdf.attachment_notebook", lang),
                      "Source")]
    names = [PurePosixPath(n).name for n, _ in data]
    for (name, content), short in zip(data, names, strict=True):
        shown = short if names.count(short) == 1 else name.replace("/", "-")
        files.append(Embedded(shown, content, text("pdf.attachment_data", lang,
                                                   path=f"data/{name}"),
                              "Data"))
    return files
