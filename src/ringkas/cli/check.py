"""`ringkas check` and `ringkas list`: the visits against the format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.contract.problems import in_cell_order
from ringkas.i18n.messages import count, say


@click.command(name="check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@lang_option
@click.pass_context
def check_command(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Periksa notebook kunjungan terhadap format (bawaan: semua kunjungan).

    Check visit notebooks against the format (default: every visit). Exit 1 on any error.
    """
    lang = message_lang(ctx)
    result = api.check(paths, project=project_of(ctx))
    for path, problems in result.problems.items():
        for problem in in_cell_order(problems):
            click.echo(problem.text(lang), err=problem.is_error)
        if not problems:
            click.echo(say("cli.check_ok", lang, path=path))
    for visit in result.visits:  # a count, not a problem: only once there is English text
        english, written = visit.english_sections
        if english:
            click.echo(say("cli.check_english", lang, path=visit.path, english=english,
                           sections=written))
    everything = result.all_problems()
    errors = sum(p.is_error for p in everything)
    click.echo(say("cli.check_summary", lang,
                   files=count("count.notebooks", lang, len(result.problems)),
                   errors=count("count.errors", lang, errors),
                   warnings=count("count.warnings", lang, len(everything) - errors)))
    if errors:
        sys.exit(1)


@click.command(name="list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@lang_option
@click.pass_context
def list_command(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Daftar kunjungan yang sesuai format: id, tanggal, daerah tujuan, status, judul.

    List the visits that follow the format: id, date, host, status, title. Exit 1 when a
    notebook breaks the format (its errors go to stderr).
    """
    lang = message_lang(ctx)
    result = api.check(paths, project=project_of(ctx))
    for visit in result.visits:
        click.echo(say("cli.visit_line", lang, id=visit.id, date=visit.date, host=visit.host.name,
                       status=visit.status, title=visit.title))
    if result.failed:
        for path in result.failed:
            for problem in in_cell_order(result.problems[path]):
                if problem.is_error:
                    click.echo(problem.text(lang), err=True)
        sys.exit(1)
