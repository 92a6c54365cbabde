"""`ringkas distribute --email`: each recipient's new briefs, as one message in their language.

The recipe: read the recipients (every address checked before anything is sent), the SMTP
settings (a From address required), the approved visits; bring their PDFs and HTML up to date
with build's incremental render; per recipient, the PDFs of their audience and language whose
revision the ledger says they have not had; compose; send, one message at a time, recording
each outcome in the ledger. A recipient with nothing new gets no message. A failure is one
recipient's: the others still get theirs, and the next run tries again what was not delivered.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from babel.dates import format_date

from ringkas.build.jobs import RenderOptions
from ringkas.build.pipeline import render_briefs
from ringkas.contract.config import load_settings
from ringkas.contract.model import Visit
from ringkas.contract.problems import InvalidVisit, RingkasError
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.spec import AUDIENCES, LANGS
from ringkas.distribution.ledger import BriefKey, Ledger, revision_of
from ringkas.distribution.recipients import Recipient, read_recipients
from ringkas.distribution.smtp import Connection, Failure, SmtpSettings, smtp_settings
from ringkas.i18n.messages import say
from ringkas.i18n.translations import babel_locale
from ringkas.notebook.read import find_notebooks, load_visit
from ringkas.project.paths import Project


@dataclass(frozen=True)
class OutgoingBrief:
    """One rendered brief as it goes out: its PDF, its ledger key, its web address."""

    visit: Visit
    audience: str
    lang: str
    pdf: Path
    key: BriefKey
    url: str  # its HTML version under site.base_url; "" without one


@dataclass
class Outgoing:
    """One message for one recipient."""

    recipient: Recipient
    briefs: list[OutgoingBrief]
    message: EmailMessage


@dataclass
class MailReport:
    """What a run did: `planned` every message; `sent` and `failed` (with why) after sending."""

    ledger: Path
    settings: SmtpSettings
    approved: int = 0
    planned: list[Outgoing] = field(default_factory=list)
    sent: list[Outgoing] = field(default_factory=list)
    failed: list[tuple[Outgoing, Failure]] = field(default_factory=list)
    render_failed: dict[str, RingkasError] = field(default_factory=dict)  # visit id -> why

    @property
    def ok(self) -> bool:
        return not self.failed and not self.render_failed


Progress = Callable[[Outgoing, Failure | None], None]


def email_briefs(project: Project, recipients_path: Path, *, dry_run: bool = False,
                 host: str | None = None, port: int | None = None, starttls: bool | None = None,
                 progress: Progress | None = None,
                 waiting: Callable[[Path], None] | None = None) -> MailReport:
    """Send every recipient of `recipients_path` the approved briefs they have not had.

    `dry_run` plans the messages (rendering what is out of date) but neither sends nor records.
    `progress(outgoing, failure)` is called after each message is tried. A run waits for
    another one sending from the same briefs folder (calling `waiting(lock file)` first), then
    plans from what that one recorded: no message goes twice.
    """
    recipients = read_recipients(recipients_path, need_email=True)
    config = load_settings(project)
    settings = smtp_settings(config, host=host, port=port, starttls=starttls)
    out = project.briefs_dir
    report = MailReport(ledger=out / "distribution.sqlite", settings=settings)
    visits = approved_visits(project, config)
    report.approved = len(visits)
    if not visits:
        return report
    visits = _render(project, visits, recipients, report, config)
    with ExitStack() as stack:
        if not dry_run:  # a dry run records nothing: it need not wait for a run that does
            stack.enter_context(Ledger.sending(out, waiting))
        ledger = stack.enter_context(Ledger.open(out, create=not dry_run))
        for person in recipients:
            briefs = [b for b in briefs_of(out, visits, person.audience, person.language,
                                           config.base_url) if not ledger.has(person.email, b.key)]
            if briefs:
                report.planned.append(Outgoing(person, briefs,
                                               compose(person, briefs, settings, config)))
        if not dry_run:
            _send(report, ledger, progress)
    return report


def approved_visits(project: Project, settings: ProjectSettings) -> list[Visit]:
    """The project's visits whose status is approved, in id order. A notebook that fails the
    check is left out: `ringkas check` says why, and it cannot have been approved as it is."""
    if not project.visits_dir.is_dir():
        return []
    visits = []
    for path in find_notebooks([project.visits_dir]):
        try:
            visit = load_visit(path, vocabulary=settings.vocabulary)
        except InvalidVisit:
            continue
        if visit.status == "approved":
            visits.append(visit)
    return sorted(visits, key=lambda v: v.id)


def _render(project: Project, visits: list[Visit], recipients: Sequence[Recipient],
            report: MailReport, settings: ProjectSettings) -> list[Visit]:
    """Bring the HTML and PDF the recipients need up to date; the visits that rendered."""
    options = RenderOptions(
        out=project.briefs_dir, data_dir=project.data_dir,
        langs=tuple(lang for lang in LANGS if any(r.language == lang for r in recipients)),
        audiences=tuple(a for a in AUDIENCES if any(r.audience == a for r in recipients)),
        formats=("html", "pdf"), workers=os.cpu_count() or 1,
        settings=settings)
    result = render_briefs([v.path for v in visits], options, all_visits=False)
    for visit in visits:
        for key in (visit.id, str(visit.path)):
            if key in result.failed:
                report.render_failed[visit.id] = result.failed[key]
    return [v for v in visits if v.id not in report.render_failed]


def briefs_of(out: Path, visits: Sequence[Visit], audience: str, lang: str,
              base_url: str) -> list[OutgoingBrief]:
    """The rendered PDF briefs of `visits` for one audience and language."""
    briefs = []
    for visit in visits:
        stem = f"{visit.id}.{audience}.{lang}"
        pdf = out / visit.id / f"{stem}.pdf"
        if not pdf.is_file():
            continue
        key = BriefKey(visit.id, audience, lang, revision_of(pdf))
        url = f"{base_url}{visit.id}/{stem}.html" if base_url else ""
        briefs.append(OutgoingBrief(visit, audience, lang, pdf, key, url))
    return briefs


def compose(person: Recipient, briefs: Sequence[OutgoingBrief], settings: SmtpSettings,
            config: ProjectSettings) -> EmailMessage:
    """The message to `person`: in their language, their briefs attached.

    Names go into headers through `Address`, which quotes commas and quotes and encodes
    non-ASCII; the recipients file cannot hold a line break (recipients.py refuses it), so no
    header can be injected from it.
    """
    lang = person.language
    message = EmailMessage()
    message["From"] = Address(display_name=_line(config.agency), addr_spec=settings.sender)
    message["To"] = Address(display_name=person.name, addr_spec=person.email)
    message["Subject"] = say("mail.subject", lang,
                             titles="; ".join(_line(b.visit.title) for b in briefs))
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message.set_content(body(person, briefs, config, settings))
    for brief in briefs:
        message.add_attachment(brief.pdf.read_bytes(), maintype="application", subtype="pdf",
                               filename=brief.pdf.name)
    return message


def shown_revision(revision: str) -> str:
    """The revision as a reader is told it: its label ("Revisi 3 · 2 Desember 2026 · 4f9c2a1"),
    or, for a brief rendered before briefs had labels, the start of its PDF's SHA-256."""
    return revision if " · " in revision else f"sha256 {revision[:12]}"


def body(person: Recipient, briefs: Sequence[OutgoingBrief], config: ProjectSettings,
         settings: SmtpSettings) -> str:
    lang = person.language
    lines = [say("mail.greeting", lang, name=person.name, position=person.position), "",
             say("mail.intro", lang), ""]
    for brief in briefs:
        lines.append(say("mail.item", lang, title=_line(brief.visit.title),
                         date=format_date(brief.visit.date, "long", locale=babel_locale(lang)),
                         revision=shown_revision(brief.key.revision), file=brief.pdf.name))
        if brief.url:
            lines.append(say("mail.item_link", lang, url=brief.url))
    lines += ["", say("mail.closing", lang, sender=_line(config.agency) or settings.sender)]
    return "\n".join(lines) + "\n"


def _send(report: MailReport, ledger: Ledger, progress: Progress | None) -> None:
    fatal: Failure | None = None  # a server that cannot be reached fails the rest the same way
    with Connection(report.settings) as connection:
        for outgoing in report.planned:
            person = outgoing.recipient
            failure = fatal or connection.send(outgoing.message, person.email)
            if failure is None:
                ledger.delivered(person.email, person.name,
                                 [(b.key, b.pdf.name) for b in outgoing.briefs])
                report.sent.append(outgoing)
            else:
                ledger.failed(person.email, [b.key for b in outgoing.briefs], failure.text("en"))
                report.failed.append((outgoing, failure))
                fatal = failure if failure.fatal else None
            if progress is not None:
                progress(outgoing, failure)


def _line(text: str) -> str:
    """`text` on one line: a title may be a YAML block of several."""
    return " ".join(text.split())
