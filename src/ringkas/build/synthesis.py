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
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.build.jobs import DataFiles, read_data_files
from ringkas.build.lock import output_lock
from ringkas.build.manifest import code_digest
from ringkas.build.staging import Staging, commit
from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.knowledge.synthesis import FOLDER, Words, facts, file_stem, lessons, title
from ringkas.project.files import write_atomic
from ringkas.project.paths import Project

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
                     since: str = "", project: Path | None = None) -> list[Path]:
    """Render the synthesis of `theme` (and `host`, `since`) in every language and format of
    `options`; returns the files written, none when they are current. An empty selection
    gives a brief that says so.

    As a visit's unit: under the output folder's lock, skipped when its inputs (the notebook,
    the visits, data/, the settings, the code) are those it was last made from, run in a
    scratch folder with a copy of data/. `project`: the root whose ringkas.toml the kernel's
    knowledge base reads (default: the one around the visits).
    """
    vocabulary = options.settings.vocabulary  # the theme is checked before a kernel starts
    stem = file_stem(theme, host, since, vocabulary=vocabulary)
    root = project if project is not None else Project.find(options.visits).root
    parameters: dict[str, object] = {
        "theme": vocabulary.resolve_theme(theme), "host": host, "since": since,
        "visits": str(options.visits.resolve()), "project": str(root.resolve())}
    if not options.notebook.is_file():
        raise MessageError("synthesis.no_notebook", path=options.notebook)
    if not options.visits.exists():
        raise MessageError("cli.path_missing", path=options.visits)
    with output_lock(options.out):
        data = read_data_files(options.data_dir)  # once: for the key and the scratch copy
        key = synthesis_key(options, parameters, data)
        stamp = options.out / FOLDER / f".{stem}.key"
        targets = [t for lang in options.langs for t in options.targets(stem, lang)]
        if _current(stamp, key) and all(t.is_file() for t in targets):
            return []
        written = _render_all(stem, options, parameters, data)
        write_atomic(stamp, key.encode("ascii"))  # after the files: a kill between re-renders
    return written


def synthesis_key(options: SynthesisOptions, parameters: dict[str, object],
                  data: DataFiles) -> str:
    """A hash of what the synthesis briefs are made from (`data`: data/'s files, as read);
    equal keys, equal files."""
    from ringkas.notebook.read import find_notebooks

    sha = hashlib.sha256(code_digest("brief").encode())
    sha.update(json.dumps([parameters, list(options.langs), list(options.formats),
                           options.settings.brief_digest(),
                           (options.rendered_on or dt.date.today()).isoformat()],
                          sort_keys=True).encode())
    sha.update(options.notebook.read_bytes())
    for path in find_notebooks([options.visits]):
        sha.update(f"\0{path.name}\0".encode() + path.read_bytes())
    for name, content in data:
        sha.update(f"\0{name}\0".encode() + content)
    return sha.hexdigest()


def _current(stamp: Path, key: str) -> bool:
    try:
        return stamp.read_text(encoding="ascii") == key
    except (OSError, ValueError):
        return False


def _render_all(stem: str, options: SynthesisOptions, parameters: dict[str, object],
                data: DataFiles) -> list[Path]:
    """Execute the notebook once per language in one kernel, in a scratch folder, and stage
    every file; moved into place only when every language rendered."""
    import nbformat

    from ringkas.build.worker import DATA_FOLDER, WORK_FOLDER, scratch_folder
    from ringkas.render.brief_synthesis import build_synthesis_page
    from ringkas.render.execute import Failures, Kernel, execute_notebook, prepare
    from ringkas.render.exporters import render_synthesis_html

    vocabulary = options.settings.vocabulary
    source = nbformat.read(options.notebook, as_version=4)
    failures = Failures({"path": options.notebook}, failed="synthesis.cell_failed", exited=None,
                        timeout=None, died=None)
    kernel = Kernel()
    kernel.hide((options.settings.smtp.password_env,))  # no SMTP password for notebook code
    try:
        with Staging() as staging, scratch_folder(data) as scratch:
            for lang in options.langs:
                nb = execute_notebook(
                    prepare(source, {**parameters, "lang": lang}, options.notebook.name),
                    kernel=kernel, cwd=scratch / WORK_FOLDER, data_dir=scratch / DATA_FOLDER,
                    timeout=options.timeout, name=options.notebook.name, failures=failures)
                key = str(parameters["theme"])
                page = build_synthesis_page(
                    nb, lang=lang, title=title(key, lang, vocabulary),
                    facts=facts(str(parameters["host"]), str(parameters["since"]), lang),
                    doc_type=Words(lang)("doc_type"), rendered_on=options.rendered_on,
                    settings=options.settings, lessons=lessons(source, key))
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
