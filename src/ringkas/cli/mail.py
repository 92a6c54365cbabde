"""`ringkas distribute --email`: the options and the run, for the `distribute` command to use.

`email_options` adds --email, --dry-run, --smtp-host, --smtp-port and --no-starttls to a
command; `send_email(...)` does the run and returns the exit code (1 when any message or
brief failed). Kept apart from the command so that the bundle's `distribute` takes them whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ringkas import api
from ringkas.i18n.messages import count, say
from ringkas.project.paths import Project

F = TypeVar("F", bound=Callable[..., Any])


def email_options(command: F) -> F:
    """The five options of `distribute --email`, outermost first."""
    options = [
        click.option("--email", "email_path", metavar="RECIPIENTS.CSV",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Kirim PDF ringkasan kepada penerima di berkas CSV ini (nama, jabatan, "
                          "email, audiens, bahasa) / e-mail the briefs to the recipients of "
                          "this CSV file (docs/email.md)."),
        click.option("--dry-run", is_flag=True,
                     help="Tampilkan apa yang akan dikirim, tanpa mengirim / print what would "
                          "be sent, send nothing."),
        click.option("--smtp-host", metavar="HOST",
                     help="Server SMTP untuk run ini / SMTP server for this run "
                          "(bawaan / default: smtp.host)."),
        click.option("--smtp-port", type=click.IntRange(1, 65535), metavar="PORT",
                     help="Port SMTP untuk run ini / SMTP port for this run "
                          "(bawaan / default: smtp.port)."),
        click.option("--no-starttls", is_flag=True,
                     help="Tanpa STARTTLS untuk run ini (hanya jaringan tepercaya) / no STARTTLS "
                          "for this run (trusted networks only)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def send_email(lang: str, project: Project, email_path: Path, dry_run: bool,
               smtp_host: str | None, smtp_port: int | None, no_starttls: bool) -> int:
    """Run `distribute --email email_path`, printing in `lang`; the exit code."""

    def progress(outgoing: Any, failure: Any) -> None:
        to = outgoing.recipient.address
        if failure is None:
            click.echo(say("mail.sent", lang, to=to,
                           briefs=count("count.mail_briefs", lang, len(outgoing.briefs))))
        else:
            click.echo(say("mail.failed", lang, to=to, reason=failure.text(lang)), err=True)

    report = api.email_briefs(email_path, dry_run=dry_run, smtp_host=smtp_host,
                              smtp_port=smtp_port, starttls=False if no_starttls else None,
                              progress=progress, project=project,
                              waiting=lambda lock: click.echo(say("mail.waiting", lang, lock=lock),
                                                              err=True))
    for visit_id, error in report.render_failed.items():
        click.echo(say("mail.render_failed", lang, visit=visit_id, error=error.text(lang)),
                   err=True)
    if not report.approved:
        click.echo(say("mail.no_approved", lang, folder=project.visits_dir))
    elif dry_run:
        print_plan(report, lang)
    elif not report.planned:
        click.echo(say("mail.nothing_new", lang))
    else:
        click.echo(say("mail.summary", lang, sent=count("count.messages", lang, len(report.sent)),
                       failed=count("count.messages", lang, len(report.failed)),
                       ledger=report.ledger))
    return 0 if report.ok else 1


def print_plan(report: Any, lang: str) -> None:
    """`--dry-run`: every message that would go, to whom, its subject and attachments."""
    settings = report.settings
    click.echo(say("mail.plan_from" if settings.starttls else "mail.plan_from_plain", lang,
                   sender=settings.sender, host=settings.host, port=settings.port))
    for outgoing in report.planned:
        click.echo(say("mail.plan_to", lang, to=outgoing.recipient.address,
                       subject=outgoing.message["Subject"]))
        for brief in outgoing.briefs:
            click.echo(say("mail.plan_attachment", lang, name=brief.pdf.name,
                           size=brief.pdf.stat().st_size))
            if brief.url:
                click.echo(say("mail.plan_link", lang, url=brief.url))
    if report.planned:
        click.echo(say("mail.dry_run", lang,
                       messages=count("count.messages", lang, len(report.planned))))
    else:
        click.echo(say("mail.nothing_new", lang))
