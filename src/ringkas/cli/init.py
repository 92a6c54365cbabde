"""`ringkas init DIR`: a new project of the agency's own."""

from __future__ import annotations

from pathlib import Path

import click

from ringkas import api
from ringkas.cli import new
from ringkas.cli.options import lang_option, message_lang
from ringkas.i18n.messages import say


@click.command(name="init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--agency", default="", help="Instansi / the agency, e.g. Bappeda Kota Contoh.")
@click.option("--unit", default="", help="Unit kerja / the unit, e.g. Bidang Pemsosbud.")
@click.option("--home", default="", help="Daerah instansi / the agency's region.")
@click.option("--home-bps-code", default="", help="Kode BPS daerah / BPS code of the region.")
@click.option("--force", is_flag=True,
              help="Folder tidak kosong: tambah berkas yang belum ada / folder not empty: add "
                   "the missing files (none is replaced).")
@lang_option
@click.pass_context
def init_command(ctx: click.Context, folder: Path, agency: str, unit: str, home: str,
                 home_bps_code: str, force: bool) -> None:
    """Buat proyek baru: ringkas.toml, notebooks/visits/, data/, briefs/, CI.

    Create a new project: ringkas.toml, notebooks/visits/, data/, briefs/, .gitignore, README
    and CI workflows (GitHub Actions, GitLab CI). What is not given stays empty in ringkas.toml.
    In a terminal, asks for the names no option gave, as `ringkas new` does.
    """
    lang = message_lang(ctx)
    given = {"agency": agency.strip(), "unit": unit.strip(), "home": home.strip(),
             "home_bps_code": home_bps_code.strip()}
    if new.interactive():
        from ringkas.cli.prompts import ask_agency

        given = ask_agency(given, lang)
    written = api.init_project(folder, force=force, **given)
    click.echo(say("init.created", lang, path=folder, count=len(written)))
