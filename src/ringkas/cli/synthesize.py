"""`ringkas synthesize`: the cross-visit synthesis brief of one theme."""

from __future__ import annotations

from pathlib import Path

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of, split_choices
from ringkas.contract.spec import FORMATS, LANGS
from ringkas.i18n.messages import say


@click.command(name="synthesize")
@click.argument("theme")
@click.option("--host", default="", help="Hanya daerah tujuan ini (bagian nama atau kode BPS). "
                                         "/ Only this host region (part of its name or code).")
@click.option("--since", default="", help="Sejak tahun atau tanggal / since: 2022, 2022-06-01.")
@click.option("--brief-lang", "langs", default=",".join(LANGS), show_default=True,
              callback=split_choices(LANGS), help="Bahasa brief / brief languages: id, en.")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              callback=split_choices(FORMATS), help="html, pdf.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder hasil / output folder (berkas di synthesis/). Bawaan: briefs/ proyek.")
@click.option("--visits", "source", type=click.Path(path_type=Path),
              help="Folder kunjungan / folder of visits. Bawaan: notebooks/visits.")
@click.option("--timeout", type=click.IntRange(1), default=120, show_default=True,
              help="Batas waktu per sel, detik / per-cell timeout, seconds.")
@lang_option
@click.pass_context
def synthesize_command(ctx: click.Context, theme: str, host: str, since: str,
                       langs: tuple[str, ...], formats: tuple[str, ...], out: Path | None,
                       source: Path | None, timeout: int) -> None:
    """Brief sintesis lintas kunjungan satu TEMA (notebooks/knowledge-base.ipynb).

    Cross-visit synthesis brief of one THEME (a key or label, e.g. kemiskinan), into
    briefs/synthesis/, then the catalogue page.
    """
    lang, project = message_lang(ctx), project_of(ctx)
    written = api.synthesize(theme, host=host, since=since, langs=langs, formats=formats,
                             out=out, visits=source, timeout=timeout, catalogue=None,
                             project=project)
    for path in written:
        click.echo(say("synthesis.written", lang, path=path))
    if not written:
        folder = (out if out is not None else project.briefs_dir) / "synthesis"
        click.echo(say("synthesis.unchanged", lang, path=folder))
    click.echo(say("render.catalogue", lang,
                   path=api.write_catalogue(lang, out=out, project=project)))
