"""`ringkas init DIR`: a new project of the agency's own."""

from __future__ import annotations

from pathlib import Path

import click

from ringkas import api
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
    """
    written = api.init_project(folder, agency=agency.strip(), unit=unit.strip(),
                               home=home.strip(), home_bps_code=home_bps_code.strip(),
                               force=force)
    click.echo(say("init.created", message_lang(ctx), path=folder, count=len(written)))
