"""Handing briefs on to leadership: the dist/ bundle with its cover memos, and e-mail.

Part of `ringkas.api` (see its docstring); imports stay inside the functions.
"""

from __future__ import annotations

import datetime as dt
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
from ringkas.contract.spec import DEFAULT_LANG, LANGS
from ringkas.project.paths import Project

if TYPE_CHECKING:
    from ringkas.distribution.bundle import DistributionReport, Progress
    from ringkas.distribution.mail import MailReport
    from ringkas.distribution.mail import Progress as MailProgress


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
    return run(resolve_visits(visits, project=where), options, progress)

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
