"""Rendering cross-visit synthesis briefs, through the same pipeline as visit briefs.

`notebooks/knowledge-base.ipynb`, parameterized by theme, host, since, lang and the visits'
folder, is executed like a visit notebook (`ringkas.render.execute.execute_notebook` in a
`Kernel`), exported by the synthesis exporter (a sibling of the visit brief's, same template
folder, CSS and sanitizing, `templates/brief/synthesis.html.j2`) and printed by
`ringkas.render.pdf`. Files land in `briefs/synthesis/<theme>[-<host>][-<since>].<lang>.{html,
pdf,ipynb}`, staged and committed (`ringkas.build.staging`) only when every language rendered.
The selection and the names are `ringkas.knowledge.synthesis`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.build.staging import Staging, commit
from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.knowledge.synthesis import FOLDER, Words, facts, file_stem, title

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["SynthesisOptions", "render_synthesis"]


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
    settings: ProjectSettings = DEFAULT_SETTINGS  # ringkas.toml: [branding], the own themes

    def targets(self, stem: str, lang: str) -> list[Path]:
        folder = self.out / FOLDER
        return [folder / f"{stem}.{lang}.{ext}" for ext in (*self.formats, "ipynb")]


def render_synthesis(theme: str, options: SynthesisOptions, *, host: str = "",
                     since: str = "") -> list[Path]:
    """Render the synthesis of `theme` (and `host`, `since`) in every language and format of
    `options`; returns the files written. An empty selection gives a brief that says so."""
    import nbformat

    from ringkas.render.brief_synthesis import build_synthesis_page
    from ringkas.render.execute import Failures, Kernel, execute_notebook, prepare
    from ringkas.render.exporters import render_synthesis_html

    vocabulary = options.settings.vocabulary  # the theme is checked before a kernel starts
    stem = file_stem(theme, host, since, vocabulary=vocabulary)
    key = vocabulary.resolve_theme(theme)
    if not options.notebook.is_file():
        raise MessageError("synthesis.no_notebook", path=options.notebook)
    if not options.visits.exists():
        raise MessageError("cli.path_missing", path=options.visits)
    source = nbformat.read(options.notebook, as_version=4)
    failures = Failures({"path": options.notebook}, failed="synthesis.cell_failed", exited=None,
                        timeout=None, died=None)
    kernel = Kernel()
    try:
        with Staging() as staging:
            for lang in options.langs:
                parameters: dict[str, object] = {
                    "theme": key, "host": host, "since": since, "lang": lang,
                    "visits": str(options.visits.resolve())}
                nb = execute_notebook(
                    prepare(source, parameters, options.notebook.name), kernel=kernel,
                    cwd=options.notebook.parent, data_dir=options.data_dir,
                    timeout=options.timeout, name=options.notebook.name, failures=failures)
                page = build_synthesis_page(
                    nb, lang=lang, title=title(key, lang, vocabulary),
                    facts=facts(host, since, lang),
                    doc_type=Words(lang)("doc_type"), rendered_on=options.rendered_on,
                    settings=options.settings)
                html = render_synthesis_html(nb, page)
                for target in options.targets(stem, lang):
                    staging.stage(target, _content(target.suffix, nb, html))
    finally:
        kernel.shutdown()
    return commit(staging.moves)


def _content(suffix: str, nb: NotebookNode, html: str) -> bytes:
    import nbformat

    from ringkas.render.pdf import render_pdf

    if suffix == ".pdf":
        return render_pdf(html)
    return html.encode("utf-8") if suffix == ".html" else nbformat.writes(nb).encode("utf-8")
