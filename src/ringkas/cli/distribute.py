"""`ringkas distribute`: the approved briefs, a catalogue, zips, checksums and cover memos in
dist/ (`ringkas.distribution`).

The options come in blocks, one decorator each (`bundle_options`, `cover_options`), and the
command makes one call per step after the bundle: e-mail (distribution/mail.py) adds its own
block and its own call after `api.distribute` without touching the others.

Exit codes: 0 when every visit chosen was handed on; 1 when one was refused (not approved:
nothing is written), and 1 after the others were handed on when one failed its check or its
render (it is listed; the bundle holds the rest).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ringkas import api
from ringkas.cli.mail import email_options, send_email
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.i18n.messages import say

#: Mirrors ringkas.distribution.cover.SIFAT (not imported: the CLI loads no jinja2 to parse).
SIFAT = ("biasa", "segera", "sangat-segera", "terbatas", "rahasia")


def bundle_options(command: Callable) -> Callable:
    for option in reversed((
        click.argument("visits", nargs=-1),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                     help="Folder hasil / output folder. Bawaan / default: dist/ proyek."),
        click.option("--include-drafts", is_flag=True,
                     help="Sertakan kunjungan yang belum disetujui (bertanda air, ditandai di "
                          "katalog) / include visits not approved yet (watermarked, marked)."),
        click.option("--quiet", "-q", is_flag=True,
                     help="Hanya ringkasan dan galat / only the summary and errors."),
    )):
        command = option(command)
    return command


def cover_options(command: Callable) -> Callable:
    for option in reversed((
        click.option("--cover", type=click.Path(dir_okay=False, path_type=Path),
                     metavar="RECIPIENTS.CSV",
                     help="Nota dinas pengantar per penerima (nama, jabatan, audiens, bahasa) "
                          "/ a cover memo per recipient."),
        click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     metavar="YYYY-MM-DD",
                     help="Tanggal nota dinas / memo date, YYYY-MM-DD (bawaan: hari ini)."),
        click.option("--number", default="",
                     help="Nomor nota dinas (bawaan: titik-titik untuk sekretariat) / memo "
                          "number (default: a dotted line)."),
        click.option("--sifat", type=click.Choice(SIFAT), default="biasa", show_default=True,
                     help="Sifat nota dinas / memo classification."),
    )):
        command = option(command)
    return command


@click.command(name="distribute")
@bundle_options
@cover_options
@email_options
@lang_option
@click.pass_context
def distribute_command(ctx: click.Context, visits: tuple[str, ...], out: Path | None,
                       include_drafts: bool, quiet: bool, cover: Path | None,
                       date: dt.datetime | None, number: str, sifat: str,
                       email_path: Path | None, dry_run: bool, smtp_host: str | None,
                       smtp_port: int | None, no_starttls: bool) -> None:
    """Bagikan brief yang disetujui ke dist/: katalog, zip, SHA256SUMS, nota dinas, surel.

    Distribute approved briefs into dist/: catalogue, zips, SHA256SUMS, cover memos. With
    --email, instead, e-mail each recipient the approved PDFs they have not had (--dry-run:
    only say what would go).
    """
    lang = message_lang(ctx)
    if email_path is not None:  # the e-mail step: its own run, its own exit code
        ignored = [name for name, given in (
            ("VISIT", bool(visits)), ("--out", out is not None),
            ("--include-drafts", include_drafts), ("--cover", cover is not None),
            ("--date", date is not None), ("--number", bool(number))) if given]
        if ignored:  # said, not silently dropped: e-mail goes to every approved visit
            raise click.UsageError(say("distribute.email_alone", lang, options=ignored))
        ctx.exit(send_email(lang, project_of(ctx), email_path, dry_run, smtp_host, smtp_port,
                            no_starttls))
    # the catalogue page starts in Indonesian whatever --lang says (it switches to English):
    # the bundle must not change with the language of the messages
    report = api.distribute(
        visits, out=out, include_drafts=include_drafts, cover=cover,
        date=date.date() if date else None, number=number.strip(), sifat=sifat,
        progress=None if quiet else progress_printer(lang),
        project=project_of(ctx))
    if print_report(report, lang):
        sys.exit(1)


def progress_printer(lang: str) -> Callable[[Any], None]:
    """One line per visit copied, zip and memo made."""

    def show(step: Any) -> None:
        if not step.changed:
            state = say("distribute.unchanged", lang)
        elif step.kind == "visit":  # of its several files, how many
            state = say("distribute.changed", lang, count=step.changed)
        else:  # a zip, or a memo's HTML and PDF: made again
            state = say("distribute.written", lang)
        click.echo(say(f"distribute.step_{step.kind}", lang, name=step.name, total=step.total,
                       state=state))

    return show


def print_report(report: Any, lang: str) -> bool:
    """The visits not approved and left out, the drafts included, the closing line, then the
    visits that failed; whether any failed."""
    if report.waiting:
        click.echo(say("distribute.left_out", lang, count=len(report.waiting)))
        for visit, status in report.waiting:
            click.echo(say("distribute.approve_line", lang, visit=visit, status=status))
        click.echo(say("distribute.left_out_hint", lang))
    if report.drafts:
        click.echo(say("distribute.drafts", lang, visits=report.drafts))
    seconds = f"{report.seconds:.1f}" if lang == "en" else f"{report.seconds:.1f}".replace(".", ",")
    click.echo(say("distribute.summary", lang, path=report.out, visits=len(report.visits),
                   written=len(report.written), unchanged=len(report.unchanged),
                   removed=len(report.removed), seconds=seconds))
    if report.failed:
        click.echo(say("distribute.failed_header", lang), err=True)
        for error in report.failed.values():
            for line in error.text(lang).splitlines():
                click.echo(f"  {line}", err=True)
    return bool(report.failed)
