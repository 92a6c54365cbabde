"""Export: a visit notebook as a brief, in HTML (nbconvert and `templates/brief/`) and PDF.

`render_html(nb, audience=..., lang=...)` and `render_pdf(html)` (ringkas.render.pdf) are the
stage's API; the exporters offer the same as `jupyter nbconvert --to ringkas_html|ringkas_pdf`,
with audience and language from the notebook's parameters (papermill's injected cell wins)
unless configured. `BriefExporter` holds what every ringkas page shares (template folder,
filters, autoescape, output priority); the visit brief and the synthesis page are its siblings.

The visit exporter's work on the notebook runs as nbconvert preprocessors, in order: output
limits (`LimitOutputs`), then the contract (`ValidateVisit`, which takes a `Visit` already
validated by the caller from `resources["visit"]` and validates only when there is none, as
under `jupyter nbconvert`); the `Brief` is then built from both (`ringkas.render.brief`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nbconvert.exporters import TemplateExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Any as AnyTrait
from traitlets import Unicode, default
from traitlets.config import Config

from ringkas.contract import spec as C
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.notebook.validate import validate_notebook
from ringkas.project.paths import templates_dir
from ringkas.render.brief import RevisionNote, as_date, build_brief
from ringkas.render.brief_synthesis import SynthesisPage
from ringkas.render.labels import Labels
from ringkas.render.limits import limit_notebook
from ringkas.render.pdf import render_pdf
from ringkas.render.sanitize import (
    clean_html,
    image_tag,
    inline_html,
    markdown_html,
    notes_in,
    text_html,
    tree_html,
)

#: Output types a brief shows, most wanted first: never scripts, widgets or LaTeX.
DISPLAY_PRIORITY = ["image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown",
                    "text/plain"]


# --- the public API -----------------------------------------------------------------------

def render_html(nb: NotebookNode, *, audience: str, lang: str, visit_id: str | None = None,
                source_path: str | Path | None = None, rendered_on: dt.date | None = None,
                visit: Visit | None = None, outputs_limited: bool = False,
                settings: ProjectSettings | None = None,
                photo_files: Mapping[str, bytes] | None = None,
                revision: RevisionNote | None = None) -> str:
    """The brief of the visit in `nb` for `audience` in `lang`, as one self-contained HTML page.

    `nb` may be executed (its evidence outputs are shown) or not. `source_path` names the file in
    error messages; `visit_id` defaults to its name. `visit`, when given, is `nb`'s visit already
    validated (its cell numbers those of `nb`), and `nb` is not validated again;
    `outputs_limited` says `nb`'s outputs are within `ringkas.render.limits` already;
    `photo_files` holds the bytes of its photo files (None: read beside `source_path`). Raises
    InvalidVisit when `nb` breaks the contract and ValueError for an unknown audience or language.
    `settings`: the project's ringkas.toml (its letterhead, logo and colours, its own themes;
    default: none).
    `revision`: the brief's revision label (`ringkas.render.revision`), which a build knows.
    """
    exporter = _exporter(audience, lang)
    exporter.rendered_on = rendered_on
    path = Path(source_path) if source_path else Path(f"{visit_id or 'notebook'}.ipynb")
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}, "visit_id": visit_id,
                 "visit": visit, "outputs_limited": outputs_limited, "settings": settings,
                 "photo_files": photo_files,
                 "revision": revision}
    with notes_in(lang):  # an image over the limit in markdown: a note in the brief's language
        html, _ = exporter.from_notebook_node(nb, resources=resources)
    return html


def render_synthesis_html(nb: NotebookNode, page: SynthesisPage) -> str:
    """An executed synthesis notebook as one self-contained HTML page, sanitized like a brief."""
    exporter = _synthesis_exporter()
    install_language(exporter.environment, page.L.lang)
    html, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": "synthesis"}, "synthesis": page})
    return html


@functools.cache
def _exporter(audience: str, lang: str) -> BriefHTMLExporter:
    """One exporter per (audience, lang) per process: its jinja2 environment and compiled
    templates are reused, which saves most of the cost of a render after the first."""
    return BriefHTMLExporter(audience=audience, lang=lang)


@functools.lru_cache(maxsize=1)
def _synthesis_exporter() -> SynthesisHTMLExporter:
    return SynthesisHTMLExporter()


# --- the preprocessors ----------------------------------------------------------------------

class LimitOutputs(Preprocessor):
    """Every output within `ringkas.render.limits` (a 50 MB print becomes a note), unless the
    caller says they are already (`resources["outputs_limited"]`)."""

    lang = Unicode(C.DEFAULT_LANG, help="Language of the notes that replace cut output")

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                   ) -> tuple[NotebookNode, dict[str, Any]]:
        if not resources.get("outputs_limited"):
            limit_notebook(nb, self.lang)
            resources["outputs_limited"] = True
        return nb, resources


class ValidateVisit(Preprocessor):
    """`resources["visit"]`: the caller's validated Visit, or `nb` checked against the contract
    here (InvalidVisit when it breaks it)."""

    visit_id = Unicode(None, allow_none=True, help="Visit id (default: the file name up to a dot)")

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                   ) -> tuple[NotebookNode, dict[str, Any]]:
        if resources.get("visit") is None:
            meta = resources.get("metadata") or {}
            name = str(meta.get("name") or "notebook")
            path = Path(str(meta.get("path") or ".")) / f"{name}.ipynb"
            # an executed copy is named <visit-id>.<audience>.<lang>.ipynb, beside its brief
            visit_id = self.visit_id or resources.get("visit_id") or name.split(".")[0]
            settings = resources.get("settings") or DEFAULT_SETTINGS
            visit, problems = validate_notebook(nb, path, visit_id,
                                                vocabulary=settings.vocabulary)
            if visit is None:
                raise InvalidVisit(path, problems)
            resources["visit"] = visit
        return nb, resources


# --- the exporters --------------------------------------------------------------------------

class BriefExporter(TemplateExporter):
    """What every ringkas page shares: `templates/brief/`, its filters, autoescape, and the
    output types shown. Not an nbconvert format by itself."""

    output_mimetype = "text/html"
    lang = Unicode(None, allow_none=True, help="id | en (default: the notebook's)").tag(config=True)

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

    def _preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                    ) -> tuple[NotebookNode, dict[str, Any]]:
        # `from_notebook_node` hands over a deep copy of the notebook already. nbconvert's own
        # `_preprocess` copies notebook and resources (the Visit with them) once more and runs
        # nbformat's schema validation after every preprocessor, enabled or not: together
        # more than the preprocessors cost. Ours keep a valid notebook valid.
        for preprocessor in self._preprocessors:
            nb, resources = preprocessor(nb, resources)
        return nb, resources

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.autoescape = True  # notebook text is data, never markup or template code
        environment.add_extension("jinja2.ext.i18n")  # _() and ngettext(), per language below
        environment.filters.update(brief_image=image_tag, brief_html=clean_html,
                                   brief_markdown=markdown_html, brief_text=text_html,
                                   brief_tree=tree_html, brief_inline=inline_html)
        return environment


class BriefHTMLExporter(BriefExporter):
    """`jupyter nbconvert --to ringkas_html`: a visit notebook as an HTML brief."""

    export_from_notebook = "Ringkas brief (HTML)"

    audience = Unicode(None, allow_none=True,
                       help="pimpinan | teknis (default: the notebook's)").tag(config=True)
    visit_id = Unicode(None, allow_none=True,
                       help="Visit id (default: the file name up to a dot)").tag(config=True)
    rendered_on = AnyTrait(None, allow_none=True,
                           help="Render date printed in the brief, YYYY-MM-DD (default: today)"
                           ).tag(config=True)

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.register_preprocessor(LimitOutputs(lang=self.lang or C.DEFAULT_LANG), enabled=True)
        self.register_preprocessor(ValidateVisit(visit_id=self.visit_id), enabled=True)

    def _preprocess(self, nb: NotebookNode, resources: dict[str, Any]
                    ) -> tuple[NotebookNode, dict[str, Any]]:
        nb, resources = super()._preprocess(nb, resources)
        visit = resources["visit"]
        audience = self.audience or str(visit.parameters.get("audience", "pimpinan"))
        lang = self.lang or str(visit.parameters.get("lang", C.DEFAULT_LANG))
        resources["brief"] = build_brief(nb, visit, audience, lang, as_date(self.rendered_on),
                                         resources.get("settings"),
                                         resources.get("photo_files"),
                                         revision=resources.get("revision"))
        install_language(self.environment, lang)
        return nb, resources


class BriefPDFExporter(BriefHTMLExporter):
    """`jupyter nbconvert --to ringkas_pdf`: the HTML brief, printed by WeasyPrint."""

    export_from_notebook = "Ringkas brief (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(self, nb: NotebookNode, resources: dict[str, Any] | None = None,  # type: ignore[override]
                           **kw: Any) -> tuple[bytes, dict[str, Any]]:
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return render_pdf(html), resources


def install_language(environment: Any, lang: str) -> None:
    """The templates' `_("brief.key", name=...)` and `ngettext(key, key, n)` in `lang`, from the
    catalogues. Our own callables (newstyle off), as the catalogues' placeholders are `{name}`
    (str.format, like every message), not gettext's `%(name)s`; output is still autoescaped."""
    labels = Labels(lang)
    environment.install_gettext_callables(labels.gettext, labels.ngettext, newstyle=False)


class SynthesisHTMLExporter(BriefExporter):
    """A cross-visit synthesis notebook's outputs as a page (`synthesis.html.j2`); it checks no
    visit contract. The page itself comes in `resources["synthesis"]`."""

    @default("template_file")
    def _template_file_default(self) -> str:
        return "synthesis.html.j2"

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        # the notebook's "## Heading" outputs are the page's sections
        environment.filters["synthesis_markdown"] = lambda text: markdown_html(text, top=1)
        return environment
