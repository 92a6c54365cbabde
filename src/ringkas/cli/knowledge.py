"""`ringkas kb`, `ringkas search` and `ringkas followup`: the knowledge base of every visit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from babel.numbers import format_decimal

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of, visits_option
from ringkas.contract.problems import MessageError
from ringkas.i18n.messages import count, say
from ringkas.i18n.translations import babel_locale


@click.group(name="kb")
@lang_option
def kb_group() -> None:
    """Basis pengetahuan: tabel kunjungan, inovasi, peran, rekomendasi, bagian.

    The knowledge base: tables of visits, innovations, roles, recommendations and sections.
    """


def load_kb(ctx: click.Context, sources: tuple[Path, ...]) -> Any:
    """The knowledge base, telling the user on stderr which notebooks were left out."""
    knowledge = api.knowledge_base(sources, project=project_of(ctx))
    for path, errors in knowledge.problems.items():
        click.echo(say("kb.skipped", message_lang(ctx), path=path, count=len(errors)), err=True)
    return knowledge


@kb_group.command(name="export")
@click.argument("target", type=click.Path(path_type=Path), required=False)
@click.option("--csv", "as_csv", is_flag=True,
              help="Tulis folder CSV, satu berkas per tabel. / Write a folder of CSV files.")
@visits_option
@lang_option
@click.pass_context
def kb_export(ctx: click.Context, target: Path | None, as_csv: bool,
              sources: tuple[Path, ...]) -> None:
    """Ekspor ke Excel (TARGET.xlsx) atau folder CSV (--csv); bawaan: exports/ proyek.

    Export to Excel (TARGET.xlsx, one sheet per table) or a folder of CSV files (--csv).
    Without TARGET: exports/kb.xlsx (or exports/kb/) of the project, a folder git ignores.
    """
    if target is None:
        # not the working folder: an export there shows up as an untracked file in git
        target = project_of(ctx).exports_dir / ("kb" if as_csv else "kb.xlsx")
    if not as_csv and target.suffix.lower() != ".xlsx":
        raise MessageError("kb.bad_target", path=target)
    knowledge = load_kb(ctx, sources)
    if as_csv:
        knowledge.to_csv(target)
    else:
        knowledge.to_excel(target)
    click.echo(say("kb.exported", message_lang(ctx), path=target))


@kb_group.command(name="summary")
@visits_option
@lang_option
@click.pass_context
def kb_summary(ctx: click.Context, sources: tuple[Path, ...]) -> None:
    """Jumlah baris per tabel dan tindak lanjut. / Rows per table and follow-up counts."""
    lang = message_lang(ctx)
    knowledge = load_kb(ctx, sources)
    for table, rows in knowledge.summary().items():
        click.echo(say("kb.summary_line", lang, table=table, count=rows))
    still_open = int(knowledge.recommendations["is_open"].sum())
    click.echo(say("kb.summary_followup", lang, open=still_open,
                   overdue=len(knowledge.overdue())))


@click.command(name="search")
@click.argument("query", nargs=-1, required=True)
@click.option("--theme", help="Tema / theme, e.g. kemiskinan (lihat docs/format.md).")
@click.option("--host", help="Daerah tujuan (bagian nama atau kode BPS) / host region.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Tahun kunjungan / visit year.")
@click.option("--opd", help="OPD (bagian nama) / agency (part of its name).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="Jumlah hasil / number of hits.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
@visits_option
@lang_option
@click.pass_context
def search_command(ctx: click.Context, query: tuple[str, ...], theme: str | None,
                   host: str | None, year: int | None, opd: str | None, limit: int,
                   as_json: bool, sources: tuple[Path, ...]) -> None:
    """Cari di semua kunjungan: kata, "frasa", OR, NOT, awalan*.

    Search every visit: words (all must match), "phrases", OR, NOT, prefix*. See docs/search.md.
    The command keeps briefs/kb.sqlite up to date; the Python API only reads it.
    """
    lang = message_lang(ctx)
    text = " ".join(query)
    # update=True: keeping the index file current is the command's job, so the next is quick
    result = api.search(text, theme=theme, host=host, year=year, opd=opd, limit=limit,
                        visits=sources, update=True, project=project_of(ctx))
    info = result.index
    if info.damaged:
        click.echo(say("search.index_damaged", lang, path=info.path), err=True)
    for path, errors in info.skipped.items():
        click.echo(say("kb.skipped", lang, path=path, count=errors), err=True)
    if info.rebuilt:
        seconds = format_decimal(round(info.seconds, 2), locale=babel_locale(lang))
        click.echo(say("search.rebuilt", lang,
                       documents=count("count.documents", lang, info.documents),
                       visits=count("count.visits", lang, info.visits), seconds=seconds),
                   err=True)
    if as_json:
        click.echo(result.json())
    if not len(result):
        filters = ", ".join(f"--{name} {value}" for name, value in (
            ("theme", theme), ("host", host), ("year", year), ("opd", opd)) if value is not None)
        shown = say("search.with_filters", lang, filters=filters) if filters else ""
        click.echo(say("search.no_results", lang, query=text, filters=shown), err=as_json)
    elif not as_json:
        click.echo(result.text(lang))
        click.echo(say("search.count", lang, count=len(result), query=text))


@click.command(name="followup")
@click.option("--opd", help="Hanya OPD ini (bagian nama) / only this agency (part of its name).")
@click.option("--overdue", is_flag=True, help="Hanya yang terlambat / only overdue ones.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Tanggal acuan / reference date, YYYY-MM-DD. Bawaan: hari ini.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Tulis tabel ke berkas Excel / write the table to an Excel file.")
@visits_option
@lang_option
@click.pass_context
def followup_command(ctx: click.Context, opd: str | None, overdue: bool, today: object,
                     xlsx: Path | None, sources: tuple[Path, ...]) -> None:
    """Rekomendasi terbuka per OPD pengampu, yang terlambat ditandai.

    Open recommendations of every visit by lead agency; overdue ones marked.
    """
    from ringkas.knowledge.followup import report, write_xlsx

    lang = message_lang(ctx)
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise MessageError("followup.bad_target", path=xlsx)
    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    # the project's OPD list groups lead OPDs by their short names, as in ringkas.api
    table = api.followup(today=day, opd=opd, overdue_only=overdue,
                         knowledge=load_kb(ctx, sources), project=project_of(ctx))
    click.echo(report(table, day, lang, opd=opd, overdue_only=overdue))
    if xlsx is not None:
        click.echo(say("followup.written", lang, path=write_xlsx(table, xlsx, lang)))
