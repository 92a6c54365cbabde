"""Cross-visit synthesis briefs: what every visit on a theme taught, and what came of it.

`notebooks/knowledge-base.ipynb` is the synthesis: a parameterized notebook (theme, host, since,
lang, visits) that reads the knowledge base with `ringkas.knowledge.kb` and pandas and displays headings,
tables and charts. This module gives that notebook its few tools (`select`, `Words`, `table`,
`chart`) and renders it through the brief pipeline: papermill in a warm `execute.Kernel`, then
`render_synthesis_html` (the brief exporter's template folder, CSS and sanitizing, with
`templates/brief/synthesis.html.j2`) and `export.render_pdf`. Files land in
`briefs/synthesis/<theme>[-<host>][-<since>].<lang>.{html,pdf,ipynb}`, moved into place only
when every language rendered.

Module imports stay light (no pandas, nbformat or papermill at import): the catalogue page reads
`parse_stem` and `title` after every render.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError
from ringkas.contract.themes import resolve_theme  # the one resolver, as search --theme
from ringkas.render.labels import Labels, Phrases

if TYPE_CHECKING:
    import pandas as pd
    from nbformat import NotebookNode

    from ringkas.render.execute import Kernel
    from ringkas.knowledge.kb import KnowledgeBase

FOLDER = "synthesis"  # below the briefs folder
NOTEBOOK = Path("notebooks") / "knowledge-base.ipynb"  # below the project root
SINCE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_THEME_ALTERNATION = "|".join(sorted(map(re.escape, C.THEMES), key=len, reverse=True))
STEM_PATTERN = re.compile(rf"^(?P<theme>{_THEME_ALTERNATION})(?:-(?P<host>[a-z][a-z0-9]*"
                          rf"(?:-[a-z0-9]+)*?))?(?:-(?P<since>\d{{4}}(?:-\d{{2}}){{0,2}}))?$")

#: The synthesis's own words (id, en); field, column and status labels come from the contract.
WORDS: dict[str, tuple[str, str]] = {
    "doc_type": ("Sintesis Lintas Kunjungan", "Cross-Visit Synthesis"),
    "title": ("Pelajaran studi kunjungan: {theme}", "Lessons from study visits: {theme}"),
    "all_hosts": ("Semua daerah tujuan", "All host regions"),
    "host": ("Daerah tujuan: {host}", "Host region: {host}"),
    "all_years": ("Semua tahun", "All years"),
    "since": ("Sejak {since}", "Since {since}"),
    "intro": ("Sintesis ini merangkum **{visits}** kunjungan bertema *{theme}*: **{innovations}** "
              "inovasi yang dipelajari dan **{recommendations}** rekomendasi, **{done}** di "
              "antaranya selesai.",
              "This synthesis brings together **{visits}** visit(s) on *{theme}*: "
              "**{innovations}** innovation(s) studied and **{recommendations}** "
              "recommendation(s), **{done}** of them done."),
    "none_matched": ("**Tidak ada kunjungan yang cocok** dengan pilihan ini (tema *{theme}*; "
                     "{filters}). Periksa tema, daerah dan tahun, atau tambahkan notebook "
                     "kunjungan.",
                     "**No visit matches** this selection (theme *{theme}*; {filters}). Check "
                     "the theme, region and year, or add visit notebooks."),
    "left_out": ("{count} notebook tidak dimasukkan karena tidak sesuai format: {names}. "
                 "Periksa dengan `ringkas check`.",
                 "{count} notebook(s) left out because they break the format: {names}. Check "
                 "them with `ringkas check`."),
    "h.visits": ("Kunjungan yang dicakup", "Visits covered"),
    "h.innovations": ("Inovasi yang dipelajari", "Innovations studied"),
    "h.recommendations": ("Rekomendasi dan tindak lanjutnya",
                          "Recommendations and their follow-up"),
    "h.figures": ("Tindak lanjut dalam angka", "Follow-up in figures"),
    "chart.status": ("Rekomendasi menurut status tindak lanjut",
                     "Recommendations by follow-up status"),
    "chart.opd": ("Rekomendasi menurut OPD pengampu", "Recommendations by lead agency"),
    "col.visit": ("Kunjungan", "Visit"),
    "col.innovation": ("Inovasi", "Innovation"),
    "col.count": ("Jumlah", "Count"),
    "col.done": ("Rekomendasi selesai", "Recommendations done"),
    "unassigned": ("belum ditetapkan", "not yet assigned"),
}


@dataclass(frozen=True)
class Words(Phrases):
    """The synthesis's words in one language: `W("intro", visits=3, ...)`."""

    TABLE: ClassVar[dict[str, tuple[str, str]]] = WORDS


# --- the selection ------------------------------------------------------------------------

def since_date(since: str) -> dt.date | None:
    """The first day `since` names: 2022 -> 2022-01-01, 2022-06 -> 2022-06-01; None for ""."""
    text = (since or "").strip()
    if not text:
        return None
    match = SINCE_PATTERN.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(part) if part else 1 for part in match.groups())
        return dt.date(year, month, day)
    except ValueError:
        raise MessageError("synthesis.bad_since", value=since) from None


def select(knowledge: KnowledgeBase, *, theme: str, host: str = "",
           since: str = "") -> KnowledgeBase:
    """The visits on `theme` (a key or label), at a host whose name or BPS code contains `host`
    (case and accents aside), on or after `since`; every table cut to those visits."""
    import pandas as pd

    from ringkas.knowledge.kb import KnowledgeBase
    from ringkas.knowledge.stem import fold

    key, start, needle = resolve_theme(theme), since_date(since), fold((host or "").strip())
    visits = knowledge.visits
    keep = visits["themes"].map(lambda themes: key in themes)
    if needle:
        places = visits["host_name"].fillna("") + " " + visits["host_bps_code"].fillna("")
        keep &= places.map(lambda place: needle in fold(place))
    if start is not None:
        keep &= visits["date"] >= pd.Timestamp(start)
    chosen = set(visits.loc[keep.astype(bool), "visit_id"])
    tables = {name: frame[frame["visit_id"].isin(chosen)].reset_index(drop=True)
              for name, frame in knowledge.tables.items()}
    return KnowledgeBase(**tables, problems=dict(knowledge.problems))


# --- names and titles ---------------------------------------------------------------------

def file_stem(theme: str, host: str = "", since: str = "") -> str:
    """`kemiskinan`, `kemiskinan-banyuwangi`, `kemiskinan-banyuwangi-2022`: the files' name."""
    from ringkas.contract.ids import host_slug

    since_date(since)  # validates
    parts = [resolve_theme(theme), host_slug(host or ""), (since or "").strip()]
    return "-".join(part for part in parts if part)


@dataclass(frozen=True)
class Selection:
    theme: str
    host: str = ""  # the host's slug, as in the file name
    since: str = ""


def parse_stem(stem: str) -> Selection | None:
    """The selection a file stem names (the inverse of `file_stem`), None for another file."""
    match = STEM_PATTERN.match(stem)
    if match is None:
        return None
    return Selection(match["theme"], match["host"] or "", match["since"] or "")


def title(theme: str, lang: str) -> str:
    return Words(lang)("title", theme=C.THEMES[resolve_theme(theme)].label(lang))


def facts(host: str, since: str, lang: str) -> tuple[str, str]:
    """("Daerah tujuan: Banyuwangi", "Sejak 2022"), ("Semua daerah tujuan", "Semua tahun")."""
    W = Words(lang)
    return (W("host", host=host) if host else W("all_hosts"),
            W("since", since=since) if since else W("all_years"))


# --- tools the notebook displays with -----------------------------------------------------

def table(frame: pd.DataFrame) -> Any:
    """`frame` as an HTML table without its index, for `display()`: cells escaped, empty ones
    shown as a dash. The brief sanitizes it again, like any output."""
    from IPython.display import HTML

    shown = frame.astype(object).where(frame.notna(), "–")  # pandas' NA, NaN and None alike
    return HTML(shown.to_html(index=False, escape=True, border=0))


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure as a PNG whose caption travels as the image's alt text; the brief
    prints it as the figure's caption."""

    png: bytes
    caption: str

    def _repr_mimebundle_(self, include: object = None,
                          exclude: object = None) -> tuple[dict, dict]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.caption}
        return data, {"image/png": {"alt": self.caption}}


def chart(figure: Any, caption: str, dpi: int = 150) -> Chart:
    """`figure` rendered to PNG and closed, for `display()`."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return Chart(buffer.getvalue(), caption)


# --- the page -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SynthesisPage:
    """What `templates/brief/synthesis.html.j2` prints: the outputs of the notebook's code cells,
    in order, under the brief's masthead. Inputs and markdown cells (the notebook explaining
    itself to its reader) stay out."""

    L: Labels
    title: str
    facts: tuple[str, ...]  # under the title: the selection
    doc_type: str
    rendered_on: dt.date
    outputs: list[NotebookNode]
    css: Markup
    page_css: Markup


def render_synthesis_html(nb: NotebookNode, *, lang: str, title: str,
                          facts: tuple[str, ...] = (), doc_type: str = "",
                          rendered_on: dt.date | None = None) -> str:
    """An executed synthesis notebook as one self-contained HTML page, sanitized like a brief:
    the same template folder, CSS, filters and autoescape (`export.BriefHTMLExporter`)."""
    from ringkas.render import exporters as export
    from ringkas.notebook.validate import tags_of

    L, day = Labels(lang), export._date(rendered_on)
    shown = ("display_data", "execute_result")
    outputs = [output for cell in nb.cells if cell.cell_type == "code"
               and not export.HIDDEN_TAGS & set(tags_of(cell))
               for output in cell.get("outputs", []) if output.get("output_type") in shown]
    page = SynthesisPage(L, title, tuple(facts), doc_type, day, outputs, export._css(),
                         Markup(L.page_css(day)))  # noqa: S704 (labels, CSS-quoted)
    html, _ = _exporter(lang).from_notebook_node(
        nb, resources={"metadata": {"name": "synthesis"}, "synthesis": page})
    return html


@functools.lru_cache(maxsize=None)
def _exporter(lang: str) -> Any:
    """The brief's exporter pointed at synthesis.html.j2; it checks no visit contract."""
    from nbconvert.exporters import TemplateExporter

    from ringkas.render.exporters import BriefHTMLExporter
    from ringkas.render.sanitize import markdown_html

    class SynthesisHTMLExporter(BriefHTMLExporter):
        def _create_environment(self) -> Any:
            environment = super()._create_environment()
            # the notebook's "## Heading" outputs are the page's sections
            environment.filters["synthesis_markdown"] = lambda text: markdown_html(text, top=1)
            return environment

        def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,
                               **kw: Any) -> tuple[str, dict[str, Any]]:
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return SynthesisHTMLExporter(lang=lang, template_file="synthesis.html.j2")


# --- rendering ----------------------------------------------------------------------------

@dataclass(frozen=True)
class SynthesisOptions:
    out: Path  # the briefs folder; files go to its synthesis/ folder
    visits: Path  # the folder (or notebook) of visits to synthesise
    notebook: Path  # the synthesis notebook, notebooks/knowledge-base.ipynb
    data_dir: Path
    langs: tuple[str, ...] = C.LANGS
    formats: tuple[str, ...] = C.FORMATS
    timeout: int = 120
    rendered_on: dt.date | None = None

    def targets(self, stem: str, lang: str) -> list[Path]:
        folder = self.out / FOLDER
        return [folder / f"{stem}.{lang}.{ext}" for ext in (*self.formats, "ipynb")]


def render_synthesis(theme: str, options: SynthesisOptions, *, host: str = "",
                     since: str = "") -> list[Path]:
    """Render the synthesis of `theme` (and `host`, `since`) in every language and format of
    `options`; returns the files written. An empty selection gives a brief that says so."""
    stem, key = file_stem(theme, host, since), resolve_theme(theme)  # checked before a kernel
    if not options.notebook.is_file():
        raise MessageError("synthesis.no_notebook", path=options.notebook)
    if not options.visits.exists():
        raise MessageError("cli.path_missing", path=options.visits)
    moves: list[tuple[Path, Path]] = []  # (temporary file, target), moved when all succeeded
    kernel = _kernel()
    try:
        for lang in options.langs:
            parameters = {"theme": key, "host": host, "since": since, "lang": lang,
                          "visits": str(options.visits.resolve())}
            nb = execute_synthesis(options.notebook, parameters, kernel, options)
            html = render_synthesis_html(
                nb, lang=lang, title=title(key, lang), facts=facts(host, since, lang),
                doc_type=Words(lang)("doc_type"), rendered_on=options.rendered_on)
            for target in options.targets(stem, lang):
                _stage(moves, target, _content(target.suffix, nb, html))
    except BaseException:
        for temp, _ in moves:
            temp.unlink(missing_ok=True)
        raise
    finally:
        kernel.shutdown()
    for temp, target in moves:
        os.replace(temp, target)
    return [target for _, target in moves]


def _kernel() -> Kernel:
    from ringkas.render.execute import Kernel

    return Kernel()


def _content(suffix: str, nb: NotebookNode, html: str) -> bytes:
    import nbformat

    from ringkas.render.exporters import render_pdf

    if suffix == ".pdf":
        return render_pdf(html)
    return html.encode("utf-8") if suffix == ".html" else nbformat.writes(nb).encode("utf-8")


def _stage(moves: list[tuple[Path, Path]], target: Path, data: bytes) -> None:
    from ringkas.project.files import temporary_beside

    temp = temporary_beside(target)
    moves.append((temp, target))
    temp.write_bytes(data)


def execute_synthesis(notebook: Path, parameters: dict[str, object], kernel: Kernel,
                      options: SynthesisOptions) -> NotebookNode:
    """The synthesis notebook, parameterized and executed in `kernel`; the file is only read."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from ringkas.render.execute import KERNEL_NAME, parameterize

    source = parameterize(nbformat.read(notebook, as_version=4), parameters)
    try:
        manager = kernel.ready(notebook.parent.resolve(), options.data_dir.resolve())
        return papermill.execute_notebook(source, None, kernel_name=KERNEL_NAME,
                                          progress_bar=False, km=manager,
                                          execution_timeout=options.timeout)
    except PapermillExecutionError as exc:
        raise _failed(notebook, source, exc.cell_index, exc.ename, exc.evalue) from None
    except Exception as exc:  # noqa: BLE001 (a timeout or a dead kernel: start afresh next time)
        kernel.shutdown()
        name = "Timeout" if "timed out" in str(exc).lower() else type(exc).__name__
        raise _failed(notebook, source, None, name, str(exc)) from None


def _failed(notebook: Path, source: NotebookNode, index: int | None, ename: str,
            evalue: str) -> MessageError:
    """The error, naming the cell as the notebook's author counts it (no injected cell)."""
    from ringkas.render.execute import ANSI

    own = [c.get("id") for c in source.cells if c.get("id") != C.INJECTED_PARAMETERS_TAG]
    cell_id = source.cells[index].get("id") if index is not None else None
    cell = own.index(cell_id) + 1 if cell_id in own else "?"
    lines = [line for line in ANSI.sub("", str(evalue)).splitlines() if line.strip()]
    return MessageError("synthesis.cell_failed", path=notebook, cell=cell, ename=ename,
                        evalue=lines[0][:300] if lines else "")
