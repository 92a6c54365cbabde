"""Briefs: render them (once or on every change), preview one live, synthesise a theme,
the catalogue page, revisions.

Part of `ringkas.api` (see its docstring); imports stay inside the functions.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.api.project import (
    PathLike,
    project_of,
    resolve_visits,
    settings_of,
)
from ringkas.contract.spec import AUDIENCES, DEFAULT_LANG, FORMATS, LANGS
from ringkas.project.paths import Project

if TYPE_CHECKING:
    from ringkas.build.jobs import RenderOptions
    from ringkas.build.pipeline import JobResult, RenderReport
    from ringkas.render.revision import Revision, RevisionStep


def render_briefs(visits: Sequence[str] = (), *, langs: Sequence[str] | None = None,
                  audiences: Sequence[str] = AUDIENCES, formats: Sequence[str] = FORMATS,
                  out: PathLike | None = None, force: bool = False, execute: bool = True,
                  fresh_kernel: bool = False, timeout: int = 120, jobs: int | None = None,
                  catalogue: str | None = DEFAULT_LANG,
                  progress: Callable[[JobResult], None] | None = None,
                  scheduler: str | None = None,
                  project: Project | PathLike | None = None, sandbox: bool = False,
                  wait: bool = True,
                  waiting: Callable[[Path], None] | None = None) -> RenderReport:
    """Render the briefs of `visits` (ids or notebook paths; default: every visit) into the
    project's briefs/ (or `out`), skipping what did not change, as `ringkas render` does.
    `langs`: the briefs' languages (default: ringkas.toml's [briefs] languages).

    `execute=False` renders from the stored outputs without running code (for notebooks from
    outside the team). `jobs` worker processes (default: one per core), or, with `scheduler`
    (a Dask scheduler's address, `tcp://HOST:PORT`), the workers of that cluster (README,
    "Rendering on several machines"). `catalogue`: the first language of the catalogue page
    briefs/index.html, refreshed afterwards; None leaves it.
    Returns a `RenderReport` (`.rendered`, `.skipped`, `.failed`, `.removed`, `.repaired`,
    `.seconds`). A failed visit is in `.failed`, it raises nothing; the others still render.
    `sandbox=True` runs kernels under bubblewrap (read-only files, private /tmp, no network) and
    refuses where it cannot. One render at a time writes into a folder: another one waits for
    it (`waiting(folder)` is called first) or, `wait=False`, raises at once.

    Not named `ringkas.render`: that name is the subpackage `ringkas/render/`, and Python sets
    it on the package whenever the subpackage is imported, so a function of that name would not
    stay there.
    """
    from ringkas.build.pipeline import render_briefs as run_pipeline

    where = project_of(project)
    options = _render_options(where, out, langs=langs, audiences=tuple(audiences),
                              formats=tuple(formats), force=force, execute=execute,
                              fresh_kernel=fresh_kernel, timeout=timeout, jobs=jobs,
                              sandbox=sandbox)
    paths = resolve_visits(visits, project=where)
    with contextlib.ExitStack() as stack:
        executor = None
        if scheduler:
            from ringkas.build.cluster import cluster_executor  # distributed: a heavy import

            executor = stack.enter_context(cluster_executor(scheduler))
        # the catalogue page is refreshed under the render's lock of the folder
        return run_pipeline(paths, options, all_visits=not visits, progress=progress,
                            executor=executor, wait=wait, waiting=waiting, catalogue=catalogue)

def watch_briefs(*, langs: Sequence[str] | None = None, audiences: Sequence[str] = AUDIENCES,
                 formats: Sequence[str] = FORMATS, out: PathLike | None = None,
                 force: bool = False, execute: bool = True, fresh_kernel: bool = False,
                 timeout: int = 120, jobs: int | None = None, sandbox: bool = False,
                 lang: str = DEFAULT_LANG, echo: Callable[[str], None] = print,
                 project: Project | PathLike | None = None) -> None:
    """Render every visit, then again whenever a notebook, a photo, data/, a template or
    ringkas.toml changes, until SIGINT or SIGTERM, as `ringkas render --watch` does; `echo`
    receives each line of its log, in `lang`. Options as in `render_briefs`."""
    from ringkas.build.watch import watch_briefs as watch

    where = project_of(project)
    options = _render_options(where, out, langs=langs, audiences=tuple(audiences),
                              formats=tuple(formats), force=force, execute=execute,
                              fresh_kernel=fresh_kernel, timeout=timeout, jobs=jobs,
                              sandbox=sandbox)
    watch(where, options, lang=lang, echo=echo)

def _render_options(where: Project, out: PathLike | None, *, langs: Sequence[str] | None,
                    jobs: int | None, **given: object) -> RenderOptions:
    """The options of a render of `where`'s visits, with the settings of its ringkas.toml,
    which go with them to the workers (the logo as bytes): workers never read that file."""
    from ringkas.build.jobs import RenderOptions

    settings = settings_of(where)
    return RenderOptions(
        out=Path(out) if out is not None else where.briefs_dir, data_dir=where.data_dir,
        langs=tuple(langs) if langs is not None else settings.languages,
        workers=jobs or os.cpu_count() or 1, settings=settings, **given)  # type: ignore[arg-type]

def serve_preview(visit: str | None = None, *, port: int = 0, host: str = "127.0.0.1",
                  allow_hosts: Sequence[str] = (), browser: bool = True,
                  audience: str = AUDIENCES[0], brief_lang: str = DEFAULT_LANG,
                  timeout: int = 120, lang: str = DEFAULT_LANG,
                  listening: Callable[[str], None] = print,
                  project: Project | PathLike | None = None) -> None:
    """Serve the live preview of `visit` (an id or notebook; None: the list of visits) on
    `host`:`port` until SIGINT or SIGTERM, as `ringkas preview` does: `listening(url)` gets the
    address with this run's token. Only loopback names, `host` and `allow_hosts` are answered.
    The project's ringkas.toml is read again whenever it changes."""
    from urllib.parse import quote, urlencode

    from ringkas.contract.links import inside
    from ringkas.contract.problems import MessageError
    from ringkas.preview.access import allowed_host
    from ringkas.preview.previews import Previews
    from ringkas.preview.server import ROOT, serve

    where = project_of(project)
    allowed = tuple(allowed_host(name) for name in allow_hosts)  # a bad one: before any work
    notebooks: tuple[Path, ...] = ()
    path = f"{ROOT}/"
    if visit:
        found = resolve_visits((visit,), project=where)
        outside = [p for p in found if not inside(p, where.root)]
        if outside:
            raise MessageError("preview.outside_project", path=outside[0], project=where.root)
        notebooks = tuple(found)
        if len(found) == 1:
            query = urlencode({"audience": audience, "lang": brief_lang})
            path = f"{ROOT}/{quote(found[0].stem)}?{query}"
    previews = Previews(where, notebooks=notebooks, lang=lang, timeout=timeout)
    if len(notebooks) == 1:
        previews.warm(notebooks[0].stem, audience, brief_lang)
    serve(previews, host=host, port=port, path=path, browser=browser, allow_hosts=allowed,
          say=listening)

def synthesize(theme: str, *, host: str = "", since: str = "",
               langs: Sequence[str] = LANGS, formats: Sequence[str] = FORMATS,
               out: PathLike | None = None, visits: PathLike | None = None,
               timeout: int = 120, catalogue: str | None = DEFAULT_LANG,
               project: Project | PathLike | None = None) -> list[Path]:
    """Render the cross-visit synthesis brief of `theme` (a key or label: "kemiskinan",
    "Poverty reduction"), optionally only at `host` (part of its name or BPS code) and since
    `since` (2022, 2022-06, 2022-06-01), through the project's notebooks/knowledge-base.ipynb
    (or, without one, the synthesis notebook ringkas ships), into briefs/synthesis/. `visits`:
    another folder of visit notebooks. Returns the files written (none when they are current);
    `catalogue` as in `render_briefs`."""
    from ringkas.build.pipeline import publish_catalogue
    from ringkas.build.synthesis import SynthesisOptions, render_synthesis
    from ringkas.knowledge.synthesis import NOTEBOOK
    from ringkas.project.paths import default_synthesis_notebook

    where = project_of(project)
    settings = settings_of(where)
    own = where.root / NOTEBOOK  # a project may have its own; else the one ringkas ships
    options = SynthesisOptions(
        out=Path(out) if out is not None else where.briefs_dir,
        notebook=own if own.is_file() else default_synthesis_notebook(),
        data_dir=where.data_dir, visits=Path(visits) if visits is not None else where.visits_dir,
        langs=tuple(langs), formats=tuple(formats), timeout=timeout,
        settings=settings)
    written = render_synthesis(theme, options, host=host, since=since, project=where.root)
    if catalogue is not None:
        publish_catalogue(options.out, catalogue, vocabulary=settings.vocabulary)
    return written

def write_catalogue(lang: str = DEFAULT_LANG, *, out: PathLike | None = None,
                    project: Project | PathLike | None = None) -> Path:
    """Refresh the catalogue page briefs/index.html (every rendered brief and synthesis, with
    filters and search; first language `lang`) unless it is current; returns its path."""
    from ringkas.build.pipeline import publish_catalogue

    where = project_of(project)
    return publish_catalogue(Path(out) if out is not None else where.briefs_dir, lang,
                             vocabulary=settings_of(where).vocabulary)

def revision_steps(visit: str, *, out: PathLike | None = None,
                   project: Project | PathLike | None = None
                   ) -> tuple[str, dict[str, list[RevisionStep]]]:
    """(visit id, per brief language the revisions of `visit`'s briefs, oldest first, each
    with the sections it changed), as `ringkas history` shows them; as `revision_history`."""
    from ringkas.render.revision import revision_steps as steps

    where = project_of(project)
    path = resolve_visits((visit,), project=where)[0]
    history = revision_history(str(path), out=out, project=where)
    return path.stem, {lang: steps(revisions) for lang, revisions in history.items()}

def revision_history(visit: str, *, out: PathLike | None = None,
                     project: Project | PathLike | None = None) -> dict[str, list[Revision]]:
    """The revisions of the briefs of `visit` (an id or a notebook path) rendered into the
    project's briefs/ (or `out`), per brief language, oldest first: each a `Revision` with
    `.number`, `.date` (the day that content was first rendered), `.short` (the content hash
    the label shows), `.label(lang)` and `.sections` (part -> digest; `changed_parts(a, b)` of
    `ringkas.render.revision` names what changed). {} when its briefs were never rendered. An
    unknown visit is an error that lists the known ones."""
    from ringkas.build.revision_log import read_log

    where = project_of(project)
    path = resolve_visits((visit,), project=where)[0]
    return read_log(Path(out) if out is not None else where.briefs_dir, path.stem)
