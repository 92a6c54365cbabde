"""`ringkas approve` and `ringkas review`: record who signed a visit off, in its front matter.

The only commands that write a researcher's notebook (`ringkas.authoring.approval` says how
little they change). The date used is printed, as it defaults to today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.i18n.messages import say


def _sign_off_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed((
        click.argument("visit"),
        click.option("--by", "by", default="", metavar="NAME",
                     help="Nama yang menandatangani / the signer's name."),
        click.option("--position", default="",
                     help="Jabatan / position, e.g. \"Kepala Bappeda Kabupaten Grobogan\"."),
        click.option("--nip", default="", help="NIP, 18 angka (boleh dikosongkan) / 18 digits."),
        click.option("--date", "day", default="", metavar="YYYY-MM-DD",
                     help="Tanggal (bawaan: hari ini) / date (default: today)."),
        lang_option,
        click.pass_context,
    )):
        command = decorator(command)
    return command


def _run(ctx: click.Context, act: str, visit: str, by: str, position: str, nip: str,
         day: str) -> None:
    lang = message_lang(ctx)
    path, record = api.sign_off(visit, act, by=by, position=position, nip=nip,
                                date=day or None, project=project_of(ctx))
    click.echo(say(f"approval.{act}", lang, path=path, name=record.name,
                   position=record.position, date=record.date.isoformat()))


@click.command(name="approve")
@_sign_off_options
def approve_command(ctx: click.Context, visit: str, by: str, position: str, nip: str,
                    day: str) -> None:
    """Setujui kunjungan: status approved dan catatan persetujuan di front matter.

    Approve a visit: sets `status: approved` and the `approved:` record (name, position, NIP,
    date) in its front matter, nothing else. VISIT: a visit id or notebook. A visit that
    `ringkas check` finds errors in is refused.
    """
    _run(ctx, "approved", visit, by, position, nip, day)


@click.command(name="review")
@_sign_off_options
def review_command(ctx: click.Context, visit: str, by: str, position: str, nip: str,
                   day: str) -> None:
    """Catat penelaahan kunjungan: status reviewed dan catatan penelaah di front matter.

    Record a visit's review: sets `status: reviewed` and the `reviewed:` record (name,
    position, NIP, date) in its front matter, nothing else. VISIT: a visit id or notebook.
    """
    _run(ctx, "reviewed", visit, by, position, nip, day)
