"""Visits one at a time: check them, read one, start one (new or from a report), sign one
off, start a project.

Part of `ringkas.api` (see its docstring); imports stay inside the functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.api.project import (
    PathLike,
    Paths,
    project_of,
    resolve_visits,
    settings_of,
    visit_paths,
)
from ringkas.project.paths import Project

if TYPE_CHECKING:
    from ringkas.authoring.importing import ImportResult
    from ringkas.authoring.importing.merging import MergeResult
    from ringkas.contract.model import Approval, Visit
    from ringkas.notebook.read import CheckResult


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

def init_project(folder: PathLike, *, agency: str = "", unit: str = "", home: str = "",
                 home_bps_code: str = "", force: bool = False) -> list[Path]:
    """Make `folder` a new ringkas project (ringkas.toml, notebooks/visits/, data/, briefs/,
    .gitignore, README, CI workflows); returns the files written. A folder that is not empty
    is refused unless `force`, and no existing file is ever replaced."""
    from ringkas.authoring.init import init_project as init

    return init(Path(folder), agency=agency, unit=unit, home=home, home_bps_code=home_bps_code,
                force=force)
