"""Export: a visit notebook as a brief, in HTML (nbconvert and `templates/brief/`) and PDF.

`render_html(nb, audience=..., lang=...)` and `render_pdf(html)` are the stage's API; the two
exporters offer the same as `jupyter nbconvert --to ringkas_html|ringkas_pdf`, with audience and
language from the notebook's parameters (papermill's injected cell wins) unless configured.
The template prints `resources["brief"]`, a `Brief` built here from the validated `Visit`: the
template lays out, this module decides what goes in. Notebook text in it is escaped by Jinja's
autoescape or sanitized by `ringkas.render.sanitize`.
"""

from __future__ import annotations

import functools

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from nbconvert.exporters import TemplateExporter
from nbformat import NotebookNode
from traitlets import Any as AnyTrait
from traitlets import Unicode, default
from traitlets.config import Config

from ringkas import __version__
from ringkas.contract import spec as C
from ringkas.notebook import markdown as md
from ringkas.project.paths import templates_dir
from ringkas.contract.problems import InvalidVisit
from ringkas.render.labels import Labels
from ringkas.render.limits import OutputLimits
from ringkas.contract.model import Innovation, Recommendation, Visit
from ringkas.render.sanitize import clean_html, image_tag, inline_markdown, markdown_html, text_html
from ringkas.notebook.validate import tags_of, validate_notebook

AUDIENCES = tuple(C.PARAMETERS["audience"].choices)
KEY_RECOMMENDATIONS = 5  # rows on page 1 of a pimpinan brief; all are in the teknis report
CARD_INNOVATIONS = 4  # innovation cards in a pimpinan brief
CARD_FIELDS = ("target", "funding", "lead_opd", "evidence")
FINDING_TAGS = ("leadership", "outcome", "lessons")
FINDING_WORDS = 70  # a key finding is cut after the paragraph or list item that passes this
HIDDEN_TAGS = frozenset({"remove-cell", "remove-output", "hide-output", "hide-cell"})
PRIORITY_RANK = {value: rank for rank, value in enumerate(C.PRIORITIES)}
#: Output types a brief shows, most wanted first: never scripts, widgets or LaTeX.
DISPLAY_PRIORITY = ["image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown",
                    "text/plain"]


@dataclass(frozen=True)
class Entry:  # a line of an innovation card or of the visit's facts
    label: str
    value: Markup | str


@dataclass(frozen=True)
class InnovationView:
    name: str
    description: Markup
    fields: list[Entry]  # every field filled in, for the technical report
    card: list[Entry]  # target, funding, lead OPD and evidence, for leadership


@dataclass(frozen=True)
class Finding:
    tag: str
    html: Markup
    shortened: bool


@dataclass(frozen=True)
class Figure:
    number: int
    caption: str | None
    source: str | None
    outputs: list[NotebookNode]


@dataclass(frozen=True)
class Source:
    text: str
    href: str | None


@dataclass(frozen=True)
class Prose:  # what a researcher wrote above and below a section's table
    before: Markup
    after: Markup


@dataclass(frozen=True)
class Brief:
    """Everything the template prints; what holds HTML is already sanitized."""

    audience: str
    L: Labels
    visit: Visit
    rendered_on: dt.date
    doc_type: str
    draft: bool  # status is not approved: a watermark on every printed page
    short_title: str  # for the running head
    description: str  # the summary as plain text, for <meta> and the PDF's subject
    keywords: str
    facts: list[Entry]
    sections: dict[str, Markup]  # tag -> the cell as HTML, for the single-cell sections
    contexts: list[Markup]
    findings: list[Finding]
    innovations: list[InnovationView]
    roles_prose: Prose
    key_recommendations: list[Recommendation]
    recommendations_prose: Prose
    figures: list[Figure]
    sources: list[Source]
    css: Markup
    page_css: Markup

    @property
    def cards(self) -> list[InnovationView]:
        return self.innovations[:CARD_INNOVATIONS]

    @property
    def generator(self) -> str:
        return f"ringkas {__version__}"


# --- the public API -----------------------------------------------------------------------

def render_html(nb: NotebookNode, *, audience: str, lang: str, visit_id: str | None = None,
                source_path: str | Path | None = None, rendered_on: dt.date | None = None) -> str:
    """The brief of the visit in `nb` for `audience` in `lang`, as one self-contained HTML page.

    `nb` may be executed (its evidence outputs are shown) or not. `source_path` names the file in
    error messages; `visit_id` defaults to its name. Raises InvalidVisit when `nb` breaks the
    contract and ValueError for an unknown audience or language.
    """
    exporter = _exporter(audience, lang)
    exporter.rendered_on = rendered_on
    path = Path(source_path) if source_path else Path(f"{visit_id or 'notebook'}.ipynb")
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}, "visit_id": visit_id}
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    return html


@functools.lru_cache(maxsize=None)
def _exporter(audience: str, lang: str) -> BriefHTMLExporter:
    """One exporter per (audience, lang) per process: its jinja2 environment and compiled
    templates are reused, which saves most of the cost of a render after the first."""
    return BriefHTMLExporter(audience=audience, lang=lang)


def render_pdf(html: str) -> bytes:
    """The PDF of a brief rendered by `render_html`. Nothing is fetched but data: URLs."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    return HTML(string=html, url_fetcher=_offline_fetcher(), media_type="print").write_pdf()


def _offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses everything but the data: URLs a brief embeds."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 70 takes a function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"a brief fetches nothing from outside: {url[:80]}")
            return default_url_fetcher(url, *args, **kwargs)
        return fetch
    return URLFetcher(allowed_protocols={"data"})


# --- the nbconvert exporters --------------------------------------------------------------

class BriefHTMLExporter(TemplateExporter):
    """`jupyter nbconvert --to ringkas_html`: a visit notebook as an HTML brief."""

    export_from_notebook = "Ringkas brief (HTML)"
    output_mimetype = "text/html"

    audience = Unicode(None, allow_none=True,
                       help="pimpinan | teknis (default: the notebook's)").tag(config=True)
    lang = Unicode(None, allow_none=True, help="id | en (default: the notebook's)").tag(config=True)
    visit_id = Unicode(None, allow_none=True,
                       help="Visit id (default: the file name up to a dot)").tag(config=True)
    rendered_on = AnyTrait(None, allow_none=True,
                           help="Render date printed in the brief, YYYY-MM-DD (default: today)"
                           ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "brief"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(templates_dir())]

    @property
    def default_config(self) -> Config:
        config = super().default_config.copy()
        config.merge(Config({"NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY}}))
        return config

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.autoescape = True  # notebook text is data, never markup or template code
        environment.add_extension("jinja2.ext.i18n")  # _() and ngettext(), per language below
        environment.filters.update(brief_image=image_tag, brief_html=clean_html,
                                   brief_markdown=markdown_html, brief_text=text_html)
        return environment

    def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[str, dict[str, Any]]:
        resources = dict(resources or {})
        visit = self._visit(nb, resources)
        audience = self.audience or str(visit.parameters.get("audience", "pimpinan"))
        lang = self.lang or str(visit.parameters.get("lang", C.DEFAULT_LANG))
        resources["brief"] = build_brief(nb, visit, audience, lang, _date(self.rendered_on))
        install_language(self.environment, lang)
        return super().from_notebook_node(nb, resources, **kw)

    def _visit(self, nb: NotebookNode, resources: dict[str, Any]) -> Visit:
        meta = resources.get("metadata") or {}
        name = str(meta.get("name") or "notebook")
        path = Path(str(meta.get("path") or ".")) / f"{name}.ipynb"
        # an executed copy is named <visit-id>.<audience>.<lang>.ipynb, beside its brief
        visit_id = self.visit_id or resources.get("visit_id") or name.split(".")[0]
        visit, problems = validate_notebook(nb, path, visit_id)
        if visit is None:
            raise InvalidVisit(path, problems)
        return visit


class BriefPDFExporter(BriefHTMLExporter):
    """`jupyter nbconvert --to ringkas_pdf`: the HTML brief, printed by WeasyPrint."""

    export_from_notebook = "Ringkas brief (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[bytes, dict[str, Any]]:  # type: ignore[override]
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return render_pdf(html), resources


def install_language(environment: Any, lang: str) -> None:
    """The templates' `_("brief.key", name=...)` and `ngettext(key, key, n)` in `lang`, from the
    catalogues. Our own callables (newstyle off), as the catalogues' placeholders are `{name}`
    (str.format, like every message), not gettext's `%(name)s`; output is still autoescaped."""
    labels = Labels(lang)
    environment.install_gettext_callables(labels.gettext, labels.ngettext, newstyle=False)


def _date(value: object) -> dt.date:
    if value is None or value == "":
        return dt.date.today()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# --- what goes into the brief ---------------------------------------------------------------

def build_brief(nb: NotebookNode, visit: Visit, audience: str, lang: str,
                rendered_on: dt.date) -> Brief:
    """What the template needs to print the brief of `visit` for `audience` in `lang`."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; choose one of: {', '.join(AUDIENCES)}")
    L = Labels(lang)
    prose = {t for t, spec in C.SECTIONS.items() if not spec.repeatable} - set(C.TABLE_COLUMNS)
    summary = visit.section("summary")
    return Brief(
        audience=audience, L=L, visit=visit, rendered_on=rendered_on, doc_type=L(f"doc.{audience}"),
        draft=visit.status != "approved", short_title=_shorten(visit.title, 64),
        description=_shorten(md.plain(summary.text) if summary else visit.title, 300),
        keywords=", ".join([visit.host.name, *(L.choice("theme", t) or t for t in visit.themes)]),
        facts=_facts(visit, L),
        sections={s.tag: _section_html(s.text, C.SECTIONS[s.tag], L)
                  for s in visit.sections if s.tag in prose},
        contexts=[markdown_html(s.text) for s in visit.sections_tagged("context") if s.text],
        findings=_findings(visit), innovations=[_innovation(i, L) for i in visit.innovations],
        roles_prose=_prose(visit, "roles"),
        key_recommendations=_key_recommendations(visit.recommendations),
        recommendations_prose=_prose(visit, "recommendations"),
        figures=_figures(nb, visit, audience == "pimpinan", lang), sources=_sources(visit),
        css=_css(), page_css=Markup(L.page_css(rendered_on)),  # noqa: S704 (labels, CSS-quoted)
    )


def _section_html(text: str, spec: C.Section, L: Labels) -> Markup:
    """A prose section as HTML; a required one a draft has not written yet says so."""
    if not text and spec.presence == "required":
        return Markup('<p class="unwritten">{}</p>').format(L("unwritten"))
    return markdown_html(text)


def _shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _facts(visit: Visit, L: Labels) -> list[Entry]:
    host = visit.host.name
    if visit.host.bps_code:
        host += f" ({L('bps_code', code=visit.host.bps_code)})"
    facts = [Entry(L.field("kind"), L.choice("kind", visit.kind) or ""),
             Entry(L.field("date"), L.long_date(visit.date)), Entry(L.field("host"), host)]
    if visit.home:
        facts.append(Entry(L.field("home"), visit.home.name))
    team = ", ".join(x for x in (visit.unit, visit.agency) if x)
    if team:
        facts.append(Entry(L("visiting_team"), team))
    if visit.themes:
        themes = ", ".join(L.choice("theme", t) or t for t in visit.themes)
        facts.append(Entry(L.field("themes"), themes))
    facts.append(Entry(L.field("status"), L.choice("status", visit.status) or ""))
    return facts


def _innovation(innovation: Innovation, L: Labels) -> InnovationView:
    values = [(key, str(getattr(innovation, key) or "").strip()) for key in C.INNOVATION_FIELDS]
    filled = [(key, value) for key, value in values if value]
    fields = [Entry(L.innovation_field(key), inline_markdown(value)) for key, value in filled]
    card = [entry for entry, (key, _) in zip(fields, filled) if key in CARD_FIELDS]
    return InnovationView(innovation.name, markdown_html(innovation.description, 5), fields, card)


def _key_recommendations(recs: list[Recommendation]) -> list[Recommendation]:
    """The first few by priority (high first, unset last), shown in the order written."""
    ranked = sorted(recs, key=lambda r: (PRIORITY_RANK.get(r.priority or "", 99), r.number))
    chosen = {r.number for r in ranked[:KEY_RECOMMENDATIONS]}
    return [r for r in recs if r.number in chosen]


def _prose(visit: Visit, tag: str) -> Prose:
    section = visit.section(tag)
    table = md.find_table(section.text) if section else None
    if table is None:
        return Prose(Markup(""), Markup(""))
    return Prose(markdown_html(table.before), markdown_html(table.after))


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def _blocks(text: str) -> list[str]:
    """Markdown split into paragraphs and list items, each kept whole."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or _LIST_ITEM.match(line) or not blocks:
            blocks.append([])
        if line.strip():
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks if b]


def short_markdown(text: str, words: int = FINDING_WORDS) -> tuple[str, bool]:
    """The first whole paragraphs and list items of `text` within about `words` words, and
    whether anything was left out."""
    blocks, kept, count = _blocks(text), [], 0
    for block in blocks:
        size = len(md.plain(block).split())
        if kept and count + size > words:
            break
        kept.append(block)
        count += size
    return "\n\n".join(kept), len(kept) < len(blocks)


def _findings(visit: Visit) -> list[Finding]:
    findings = []
    for tag in FINDING_TAGS:
        section = visit.section(tag)
        if section and not section.is_empty:
            text, shortened = short_markdown(section.text)
            findings.append(Finding(tag, markdown_html(text), shortened))
    return findings


def _figures(nb: NotebookNode, visit: Visit, first_only: bool, lang: str) -> list[Figure]:
    """Evidence cells with something to show; for leadership, only the first chart of all.

    Outputs are copies within `ringkas.render.limits`: a huge print or image becomes a note."""
    shown = ("display_data", "execute_result")
    figures: list[Figure] = []
    limits = OutputLimits(lang)
    for evidence in visit.evidence:
        cell = nb.cells[evidence.cell - 1]
        if HIDDEN_TAGS & set(tags_of(cell)):
            continue
        outputs = [o for o in cell.get("outputs", []) if o.get("output_type") in shown or (
            not first_only and o.get("output_type") == "stream" and o.get("name") == "stdout")]
        if outputs:
            figures.append(Figure(len(figures) + 1, evidence.caption, evidence.data_source,
                                  limits.shown(outputs[:1] if first_only else outputs)))
        if first_only and figures:
            break
    return figures


def _sources(visit: Visit) -> list[Source]:
    from_evidence = (e.data_source for e in visit.evidence if e.data_source)
    texts = dict.fromkeys([*visit.sources, *from_evidence])
    return [Source(t, t if re.fullmatch(r"https?://\S+", t) else None) for t in texts]


def _css() -> Markup:
    css = (templates_dir() / "brief" / "static" / "brief.css").read_text(encoding="utf-8")
    return Markup(css.replace("</", "<\\/"))  # noqa: S704 (our own file, kept inside its <style>)
