"""`ringkas new`: a visit notebook from the skeleton."""

from __future__ import annotations

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.i18n.messages import say


@click.command(name="new")
@click.option("--date", required=True, help="Tanggal kunjungan / visit date, YYYY-MM-DD.")
@click.option("--host", required=True,
              help='Daerah tujuan / host region, e.g. "Kabupaten Banyuwangi".')
@click.option("--title", required=True, help="Judul kunjungan / title of the visit.")
@lang_option
@click.pass_context
def new_command(ctx: click.Context, date: str, host: str, title: str) -> None:
    """Buat notebook kunjungan baru dari kerangka. / Create a visit notebook from the skeleton."""
    path = api.new_visit(date, host, title, project=project_of(ctx))
    click.echo(say("new.created", message_lang(ctx), path=path))
