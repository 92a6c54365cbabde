"""`ringkas distribute`: hands approved briefs on to leadership (here: by e-mail only).

A minimal command for the e-mail branch; the bundle's `distribute` (dist/ folder) takes
`email_options` and one `send_email` call from `ringkas.cli.mail` when the two meet.
"""

from __future__ import annotations

from pathlib import Path

import click

from ringkas.cli.mail import email_options, send_email
from ringkas.cli.options import lang_option, message_lang, project_of


@click.command(name="distribute")
@email_options
@lang_option
@click.pass_context
def distribute_command(ctx: click.Context, email_path: Path | None, dry_run: bool,
                       smtp_host: str | None, smtp_port: int | None, no_starttls: bool) -> None:
    """Kirim ringkasan yang disetujui kepada pimpinan.

    Hand approved briefs on to leadership: `--email recipients.csv` e-mails each recipient
    the PDFs of their audience and language they have not had (docs/email.md).
    """
    if email_path is None:
        raise click.UsageError("--email RECIPIENTS.csv")
    ctx.exit(send_email(message_lang(ctx), project_of(ctx), email_path, dry_run, smtp_host,
                        smtp_port, no_starttls))
