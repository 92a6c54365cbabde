"""The Python API: what `ringkas` does, callable from a notebook cell or a script.

`import ringkas` makes these names available lazily (see `ringkas/__init__.py`); the CLI is a
thin layer over them. Every function finds the project from the working folder (or
$RINGKAS_HOME) unless given `project=`, a `Project` or a folder. `docs/api.md` shows each in use.

Imports stay inside the functions: the CLI imports this module on every command, and
`ringkas render` with nothing to do must stay well under a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.contract.spec import AUDIENCES, DEFAULT_LANG, FORMATS, LANGS
from ringkas.project.paths import Project

if TYPE_CHECKING:
    import pandas as pd

    from ringkas.authoring.importing import ImportResult
    from ringkas.authoring.importing.merging import MergeResult
    from ringkas.build.jobs import RenderOptions
    from ringkas.build.pipeline import JobResult, RenderReport
    from ringkas.contract.model import Approval, Visit
    from ringkas.contract.settings import ProjectSettings
    from ringkas.distribution.bundle import DistributionReport, Progress
    from ringkas.distribution.mail import MailReport
    from ringkas.distribution.mail import Progress as MailProgress
    from ringkas.knowledge.index import SearchIndex
    from ringkas.knowledge.kb import KnowledgeBase
    from ringkas.knowledge.search import SearchResult
    from ringkas.notebook.read import CheckResult
    from ringkas.render.revision import Revision, RevisionStep

PathLike = str | Path
Paths = PathLike | Sequence[PathLike]


def project_of(project: Project | PathLike | None = None) -> Project:
    """The project `project` names: a Project, a folder inside one, or None for the one
    around the working folder (or $RINGKAS_HOME)."""
    return project if isinstance(project, Project) else Project.find(
        Path(project) if project is not None else None)


def settings_of(project: Project | PathLike | None = None) -> ProjectSettings:
    """The settings in `project`'s ringkas.toml (the defaults without one), read now: a
    ConfigError names what is wrong in the file. Every function here reads them once and passes
    them on; nothing in the process is changed by reading them."""
    from ringkas.contract.config import load_settings

    return load_settings(project_of(project))


def visit_paths(paths: Paths | None = None, *,
                project: Project | PathLike | None = None) -> list[Path]:
    """The visit notebooks `paths` names (notebooks or folders; default: the project's
    notebooks/visits); a MessageError when there are none."""
    from ringkas.contract.problems import MessageError
    from ringkas.notebook.read import find_notebooks

    where = project_of(project)
    given = [paths] if isinstance(paths, (str, Path)) else list(paths or ())
    notebooks = find_notebooks(given or [where.visits_dir])
    if not notebooks:
        raise MessageError("cli.no_visits",
                           path=", ".join(map(str, given)) or where.visits_dir)
    return notebooks


def resolve_visits(visits: Sequence[str] = (), *,
                   project: Project | PathLike | None = None) -> list[Path]:
    """Visit ids (`2022-11-28-banyuwangi`) or notebook paths to paths; none means every visit.
    An unknown id is an error that lists the known ones and suggests the closest."""
    from ringkas.contract.problems import MessageError, closest
    from ringkas.notebook.read import find_notebooks

    where = project_of(project)
    if not visits:
        return visit_paths(project=where)
    known = ({p.stem: p for p in find_notebooks([where.visits_dir])}
             if where.visits_dir.is_dir() else {})
    paths: list[Path] = []
    for value in visits:
        if Path(value).exists():
            paths.extend(find_notebooks([Path(value)]))
        elif value in known:
            paths.append(known[value])
        else:
            raise MessageError("render.unknown_visit", value=value, folder=where.visits_dir,
                               choices=sorted(known) or "-", suggest=closest(value, known))
    return paths


def check(paths: Paths | None = None, *,
          project: Project | PathLike | None = None) -> CheckResult:
    """Check visit notebooks against the format (default: every visit of the project).

    Returns a `CheckResult`: `.visits` (the notebooks that load, as `Visit`), `.problems`
    (path -> problems, errors and warnings; `problem.text("en")` explains each) and `.failed`
    (the paths with an error). Never raises for a broken notebook. With an OPD list in the
    project's ringkas.toml, an OPD the tables name that it does not list is a warning.
    """
    from ringkas.contract.opds import opd_problems
    from ringkas.notebook.read import check_visits

    settings = settings_of(project)
    result = check_visits(visit_paths(paths, project=project), vocabulary=settings.vocabulary)
    for visit in result.visits:
        result.problems[visit.path] += opd_problems(visit, settings)
    from ringkas.build.jobs import data_link_problems

    for path, problems in data_link_problems(result.visits, project_of(project).data_dir).items():
        result.problems[path] += problems
    return result


def load_visit(path: PathLike, *, project: Project | PathLike | None = None) -> Visit:
    """The checked visit recorded in one notebook, as a typed `Visit` (title, date, host,
    innovations, roles, recommendations, sections); `InvalidVisit` lists what is wrong. The
    project (default: the one around the notebook) gives the themes its visits may use."""
    from ringkas.notebook.read import load_visit as load

    where = project if project is not None else Path(path).resolve().parent
    return load(path, vocabulary=settings_of(where).vocabulary)


def new_visit(date: str, host: str, title: str, *, kind: str = "studi-referensi",
              host_bps_code: str = "", home: str = "", home_bps_code: str = "",
              agency: str = "", unit: str = "", participants: Sequence[str] = (),
              themes: Sequence[str] = (), sources: Sequence[str] = (), status: str = "draft",
              approved_by: str = "", led_by: str = "", received_by: Sequence[str] = (),
              venue: str = "", text_lang: str = "id", force: bool = False,
              project: Project | PathLike | None = None) -> Path:
    """Write `notebooks/visits/<date>-<host>.ipynb` from the skeleton; returns its path.

    Every other front-matter field may be given (choices by key or label: `kind="Studi
    banding"`, `themes=["kemiskinan"]`; `received_by=["Nama; jabatan"]`); what is not stays
    empty for the researcher to fill.
    Values are checked by the contract's rules before anything is written. An existing
    notebook is never overwritten, unless `force`.
    """
    from ringkas.authoring.details import VisitDetails
    from ringkas.authoring.new import new_visit as new

    where = project_of(project)
    details = VisitDetails(vocabulary=settings_of(where).vocabulary, kind=kind,
                           host_bps_code=host_bps_code, home=home,
                           home_bps_code=home_bps_code, agency=agency, unit=unit,
                           participants=tuple(participants), themes=tuple(themes),
                           sources=tuple(sources), status=status, approved_by=approved_by,
                           led_by=led_by, received_by=tuple(received_by), venue=venue,
                           text_lang=text_lang)
    return new(where.visits_dir, date, host, title, details, force=force)


def sign_off(visit: PathLike, act: str = "approved", *, by: str, position: str, nip: str = "",
             date: str | dt.date | None = None, project: Project | PathLike | None = None
             ) -> tuple[Path, Approval]:
    """Record who approved (`act="approved"`) or reviewed (`act="reviewed"`) a visit, by id or
    notebook path, on `date` (default: today): sets `status` and the `approved:` / `reviewed:`
    block of its front matter, and nothing else in the notebook. Returns (path, record).

    A visit `check` finds errors in is refused (`ApprovalRefused`, listing them); so are a
    blank name or position, a bad NIP, and a date that is not real, in the future or before
    the visit.
    """
    from ringkas.authoring.approval import sign_off as sign
    from ringkas.contract.problems import MessageError

    paths = resolve_visits((str(visit),), project=project)
    if len(paths) != 1:
        raise MessageError("approval.one_visit", value=visit, number=len(paths))
    return paths[0], sign(paths[0], act, name=by, position=position, nip=nip, day=date,
                          vocabulary=settings_of(project).vocabulary)


def import_report(source: PathLike, *, visit_id: str | None = None, date: str | None = None,
                  host: str | None = None, title: str | None = None, force: bool = False,
                  project: Project | PathLike | None = None) -> ImportResult:
    """Write a draft visit notebook under `notebooks/visits/` from an existing report (.html,
    .docx, .txt, .md). Returns an `ImportResult`: `.path`, `.facts` (what the text states) and
    `.not_found`. Missing date year or host: `MissingFacts`, asking for `date=` / `host=`; an
    existing notebook is replaced only with `force=True`."""
    from ringkas.authoring.importing import import_report as run

    where = project_of(project)
    return run(Path(source), where.visits_dir, visit_id=visit_id, date=date, host=host,
               title=title, force=force, root=where.root, config=settings_of(where))


def import_into(source: PathLike, visit: str, *,
                project: Project | PathLike | None = None) -> MergeResult:
    """Add a second report of a visit to its notebook (`ringkas import FILE --into VISIT`):
    fills only empty fields, adds the text the notebook does not hold yet, adds the source and
    returns a `MergeResult` listing every conflict (another date, another host) unchanged."""
    from ringkas.authoring.importing import source_name
    from ringkas.authoring.importing.merging import import_into as run

    where = project_of(project)
    return run(Path(source), where.visits_dir, visit, source_name(Path(source), where.root))


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

    if isinstance(visits, str):
        visits = [visits]  # one visit id, not its characters
    where = project_of(project)
    options = _render_options(where, out, langs=langs, audiences=tuple(audiences),
                              formats=tuple(formats), force=force, execute=execute,
                              fresh_kernel=fresh_kernel, timeout=timeout, jobs=jobs,
                              sandbox=sandbox)
    paths = resolve_visits(tuple(visits), project=where)
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

    from ringkas.contract.problems import MessageError
    from ringkas.preview.access import allowed_host
    from ringkas.preview.previews import Previews, inside
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


def knowledge_base(paths: Paths | None = None, *,
                   project: Project | PathLike | None = None) -> KnowledgeBase:
    """Every visit as pandas tables: `.visits`, `.innovations`, `.roles`, `.recommendations`,
    `.sections` (columns in docs/knowledge-base.md). Notebooks that break the format are left
    out and listed in `.problems`. `.to_excel(path)`, `.to_csv(folder)`, `.overdue()`."""
    from ringkas.knowledge.kb import load

    where = project_of(project)
    return load(visit_paths(paths, project=where), project=where, settings=settings_of(where))


def search(query: str, *, theme: str | None = None, host: str | None = None,
           year: int | None = None, opd: str | None = None, limit: int = 20,
           markup: str = "text", visits: Paths | None = None, update: bool = False,
           project: Project | PathLike | None = None) -> SearchResult:
    """Search every visit: words (all must match), "phrases", OR, NOT, prefix* (docs/search.md).

    Returns a `SearchResult`: `.hits` (a DataFrame, best first) and `.index` (when the index
    was built, from how many visits and which notebooks, which were left out). Reads only: the
    stored index briefs/kb.sqlite is used when current and never written unless
    `update=True`; otherwise a stale one is left alone and a temporary index answers.
    """
    from ringkas.knowledge.search import search as find

    where = project_of(project)
    return find(query, theme=theme, host=host, year=year, opd=opd, limit=limit, markup=markup,
                visits_path=visit_paths(visits, project=where), project=where, update=update)


def search_index(project: Project | PathLike | None = None, *,
                 visits: Paths | None = None) -> SearchIndex:
    """The project's search index, briefs/kb.sqlite: `.stored()` tells what it holds when
    current (None otherwise), `.update()` brings it up to date (the only call that writes)."""
    from ringkas.knowledge.index import SearchIndex

    where = project_of(project)
    return SearchIndex(visit_paths(visits, project=where), project=where)


def init_project(folder: PathLike, *, agency: str = "", unit: str = "", home: str = "",
                 home_bps_code: str = "", force: bool = False) -> list[Path]:
    """Make `folder` a new ringkas project (ringkas.toml, notebooks/visits/, data/, briefs/,
    .gitignore, README, CI workflows); returns the files written. A folder that is not empty
    is refused unless `force`, and no existing file is ever replaced."""
    from ringkas.authoring.init import init_project as init

    return init(Path(folder), agency=agency, unit=unit, home=home, home_bps_code=home_bps_code,
                force=force)


def followup(*, today: dt.date | None = None, opd: str | None = None,
             overdue_only: bool = False, visits: Paths | None = None,
             knowledge: KnowledgeBase | None = None,
             project: Project | PathLike | None = None) -> pd.DataFrame:
    """The open recommendations of every visit, by lead OPD (none last), overdue ones first,
    with `due`, `overdue` and `days_overdue` as of `today` (default: today). `opd` keeps those
    whose lead OPD contains it. `ringkas.knowledge.followup.write_xlsx` writes it for a
    meeting. With an OPD list in ringkas.toml, lead OPDs are grouped by their short names.
    `knowledge`: the knowledge base already loaded (default: `knowledge_base(visits)`)."""
    from ringkas.knowledge.followup import open_recommendations

    knowledge = knowledge or knowledge_base(visits, project=project)
    return open_recommendations(knowledge, today, opd=opd,
                                overdue_only=overdue_only, config=settings_of(project))


def write_catalogue(lang: str = DEFAULT_LANG, *, out: PathLike | None = None,
                    project: Project | PathLike | None = None) -> Path:
    """Refresh the catalogue page briefs/index.html (every rendered brief and synthesis, with
    filters and search; first language `lang`) unless it is current; returns its path."""
    from ringkas.build.pipeline import publish_catalogue

    where = project_of(project)
    return publish_catalogue(Path(out) if out is not None else where.briefs_dir, lang,
                             vocabulary=settings_of(where).vocabulary)


def email_briefs(recipients: PathLike, *, dry_run: bool = False, smtp_host: str | None = None,
                 smtp_port: int | None = None, starttls: bool | None = None,
                 progress: MailProgress | None = None,
                 project: Project | PathLike | None = None,
                 waiting: Callable[[Path], None] | None = None) -> MailReport:
    """E-mail every recipient of the CSV file `recipients` the approved briefs (PDF, with links
    to the HTML under site.base_url) whose revision they have not had, as
    `ringkas distribute --email` does (docs/email.md). The briefs are rendered first where out of
    date. SMTP settings come from ringkas.toml's [smtp] (`smtp_host`, `smtp_port`, `starttls`
    override them), the password from the environment variable smtp.password_env names.
    Returns a `MailReport` (`.planned`, `.sent`, `.failed`, `.render_failed`); `dry_run` plans
    without sending or recording. The ledger is briefs/distribution.sqlite; a run sending from
    the same briefs folder is waited for (`waiting(lock file)` is called first).
    """
    from ringkas.distribution.mail import email_briefs as send

    return send(project_of(project), Path(recipients), dry_run=dry_run, host=smtp_host,
                port=smtp_port, starttls=starttls, progress=progress, waiting=waiting)


def distribute(visits: Sequence[str] = (), *, out: PathLike | None = None,
               include_drafts: bool = False, cover: PathLike | None = None,
               date: dt.date | None = None, number: str = "", sifat: str = "biasa",
               catalogue: str = DEFAULT_LANG, jobs: int | None = None,
               progress: Callable[[Progress], None] | None = None,
               project: Project | PathLike | None = None) -> DistributionReport:
    """Build the folder handed to leadership, `dist/` (or `out`), from `visits` (ids or
    notebook paths; default: every visit), as `ringkas distribute` does (docs/distribute.md).

    Only approved visits: the others are left out and listed in `.waiting`, and a visit named
    in `visits` that is not approved raises `NotApproved` (listing them and the command that
    approves them) before anything is written; unless `include_drafts` (their briefs keep the
    watermark and the catalogue shows their status). Their briefs are brought up to date first
    (a no-op when fresh). `cover`: a recipients CSV file (`ringkas.distribution.recipients`),
    one nota dinas each, dated `date` (default today), numbered `number` (default a dotted
    line for the secretariat), of `sifat` (`ringkas.distribution.cover.SIFAT`). A visit that
    fails its check or render is in `.failed` and left out; the others still go. Returns a
    `DistributionReport` (`.visits`, `.drafts`, `.failed`, `.written`, `.unchanged`,
    `.removed`, `.zips`, `.covers`, `.seconds`).
    """
    from ringkas.distribution.bundle import DistributeOptions
    from ringkas.distribution.bundle import distribute as run
    from ringkas.distribution.cover import MemoDetails
    from ringkas.distribution.recipients import read_recipients

    if isinstance(visits, str):
        visits = [visits]
    where = project_of(project)
    config = settings_of(where)
    recipients = tuple(read_recipients(Path(cover))) if cover is not None else ()
    # the recipients' languages are rendered too, whatever ringkas.toml's [briefs] says
    langs = tuple(dict.fromkeys((*config.languages, *(r.language for r in recipients))))
    options = DistributeOptions(
        out=Path(out) if out is not None else where.dist_dir, briefs=where.briefs_dir,
        data_dir=where.data_dir, langs=tuple(lang for lang in LANGS if lang in langs),
        include_drafts=include_drafts, named=bool(visits), recipients=recipients,
        memo=MemoDetails(agency=config.agency, unit=config.unit, day=date, number=number,
                         sifat=sifat),
        catalogue_lang=catalogue, workers=jobs or os.cpu_count() or 1,
        settings=config)
    return run(resolve_visits(tuple(visits), project=where), options, progress)


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
