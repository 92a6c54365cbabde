"""`ringkas import`: a draft visit notebook from an existing report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.contract.spec import PHOTO_LIMIT
from ringkas.i18n.messages import say
from ringkas.i18n.translations import text
from ringkas.project.images import too_many_pixels

if TYPE_CHECKING:
    from ringkas.authoring.importing import ImportResult


@click.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--id", "visit_id", help="Id kunjungan / visit id, YYYY-MM-DD-daerah.")
@click.option("--date", help="Tanggal kunjungan bila laporan tidak menyebutnya / visit date "
                             "when the report does not state it, YYYY-MM-DD.")
@click.option("--host", help='Daerah tujuan bila laporan tidak menyebutnya / host region, '
                             'e.g. "Kabupaten Banyuwangi".')
@click.option("--title", help="Judul bila laporan tidak menyebutnya / title.")
@click.option("--into", "into", metavar="VISIT",
              help="Tambahkan laporan kedua ke kunjungan yang sudah ada / add a second report "
                   "to an existing visit (its id).")
@click.option("--force", is_flag=True, help="Ganti notebook yang sudah ada / replace an "
                                            "existing notebook.")
@lang_option
@click.pass_context
def import_command(ctx: click.Context, source: Path, visit_id: str | None, date: str | None,
                   host: str | None, title: str | None, into: str | None, force: bool) -> None:
    """Impor laporan (.html, .docx, .txt, .md) menjadi notebook kunjungan (draf).

    Import a report (.html, .docx, .txt, .md) as a draft visit notebook: it prints the path
    written and what the report did not state. Every imported cell is marked for review.
    """
    lang = message_lang(ctx)
    if into is not None:
        _into(ctx, source, into, lang, bool(visit_id or date or host or title or force))
        return
    result = api.import_report(source, visit_id=visit_id, date=date, host=host, title=title,
                               force=force, project=project_of(ctx))
    click.echo(say("import.written", lang, path=result.path))
    _found(result, lang, date)
    if result.facts.year_from:
        click.echo(say("import.year_from", lang, text=result.facts.date_text,
                       source=result.facts.year_from), err=True)
    if result.facts.other_kind:
        click.echo(say("import.kind_other", lang, text=result.facts.other_kind), err=True)
    for code in result.warnings:
        click.echo(say(code, lang), err=True)
    for code, params in result.notes:
        click.echo(say(code, lang, **params), err=code == "import.other_side")
    if result.not_found:
        items = [_label(what, lang) for what in result.not_found]
        click.echo(say("import.not_found", lang, items=items))
    else:
        click.echo(say("import.all_found", lang))
    if result.dropped:
        click.echo(say("import.dropped", lang, count=len(result.dropped),
                       text=result.dropped[0]))
    if result.unsorted:
        click.echo(say("import.unsorted_count", lang, count=result.unsorted))
    _photos(result, lang)
    click.echo(say("import.review", lang, path=result.path))


def _found(result: ImportResult, lang: str, date: str | None) -> None:
    """What the report states, each fact with the words it was read from (not a date that
    --date replaced)."""
    from ringkas.authoring.importing.writing import led_by

    facts, actors = result.facts, result.facts.actors
    lines = [("date", facts.date.isoformat() if facts.date and not date else None,
              facts.date_text),
             ("host", facts.host, actors.evidence.get("host")),
             ("home", facts.home, actors.evidence.get("home")),
             ("agency", facts.agency, actors.evidence.get("home")),
             ("led_by", led_by(actors), actors.evidence.get("led_by")),
             ("received_by", "; ".join(p.line() for p in actors.received_by) or None,
              actors.evidence.get("received_by")),
             ("venue", facts.venue, None)]
    shown = [(key, value, where) for key, value, where in lines if value]
    if not shown:
        return
    click.echo(say("import.found_heading", lang))
    for key, value, where in shown:
        label = text(f"label.field.{key}", lang)
        if where and where != "--host":
            quoted = where if len(where) <= 140 else where[:137] + "..."
            click.echo(say("import.found_line", lang, label=label, value=value, where=quoted))
        else:
            click.echo(say("import.found_value", lang, label=label, value=value))


def _into(ctx: click.Context, source: Path, visit: str, lang: str, other: bool) -> None:
    from ringkas.authoring.importing.merging import into_lines
    from ringkas.contract.problems import MessageError

    if other:  # the visit states its id, date, host and title already
        raise MessageError("import.into_options")
    result = api.import_into(source, visit, project=project_of(ctx))
    for line, warning in into_lines(result, lang):
        click.echo(line, err=warning)
    click.echo(say("import.review", lang, path=result.path))


def _photos(result: ImportResult, lang: str) -> None:
    """How many photos came into dokumentasi, how many lack what check will ask for, and how
    many images of the report could not come in, by why."""
    photos = result.photos
    pictures = photos.pictures
    if pictures:
        click.echo(say("import.photos", lang, count=len(pictures),
                       no_caption=sum(1 for p in pictures if not p.caption),
                       no_credit=sum(1 for p in pictures if not p.credit)))
    for code, number in (("import.photos_unsupported", photos.unsupported),
                         ("import.photos_too_large", photos.too_large),
                         ("import.photos_missing", photos.missing),
                         ("import.photos_online", len(photos.online))):
        if number:
            click.echo(say(code, lang, count=number, limit=PHOTO_LIMIT // 2**20))
    for name, size in photos.too_many_pixels:
        click.echo(say("import.photo_too_many_pixels", lang, file=name,
                       **(too_many_pixels(size) or {})))


def _label(what: str, lang: str) -> str:
    if what in ("topics", "innovations"):
        return say(f"import.nf.{what}", lang)
    group = "field" if what in ("kind", "agency", "unit", "home", "themes") else "section"
    return text(f"label.{group}.{what}", lang)
