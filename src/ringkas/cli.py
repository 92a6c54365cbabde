"""The `ringkas` command: parses arguments and calls the stage modules, nothing more.

Messages are Indonesian by default; `ringkas --lang en ...` (or RINGKAS_LANG=en) gives English.
Every `RingkasError` is printed as `Galat: ...` / `Error: ...` with exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ringkas.config import Project
from ringkas.errors import MessageError, RingkasError
from ringkas.load import check_visits, find_notebooks
from ringkas.messages import say


class UserError(click.ClickException):
    """A RingkasError on its way out: printed in the user's language, exit code 1."""

    def __init__(self, error: RingkasError, lang: str) -> None:
        super().__init__(error.text(lang))
        self.lang = lang

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        prefix = "Error" if self.lang == "en" else "Galat"
        click.echo(f"{prefix}: {self.format_message()}", err=True)


class RingkasGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RingkasError as exc:
            raise UserError(exc, ctx.meta.get("ringkas.lang", "id")) from None


def message_lang(ctx: click.Context) -> str:
    return ctx.meta.get("ringkas.lang", "id")


@click.group(cls=RingkasGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["id", "en"]), envvar="RINGKAS_LANG", default="id",
              show_default=True, help="Bahasa pesan / message language.")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), envvar="RINGKAS_HOME",
              help="Folder proyek (berisi notebooks/, data/, briefs/). Bawaan: folder kerja.")
@click.version_option(package_name="ringkas")
@click.pass_context
def cli(ctx: click.Context, lang: str, project: Path | None) -> None:
    """ringkas: catatan studi banding menjadi basis pengetahuan dan ringkasan kebijakan.

    ringkas: study-visit notebooks into a knowledge base and policy briefs.
    """
    ctx.meta["ringkas.lang"] = lang
    ctx.obj = Project.find(project)


def _visit_paths(project: Project, paths: tuple[Path, ...]) -> list[Path]:
    notebooks = find_notebooks(paths or (project.visits_dir,))
    if not notebooks:
        raise MessageError("cli.no_visits", path=", ".join(map(str, paths)) or project.visits_dir)
    return notebooks


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Periksa notebook kunjungan terhadap format (bawaan: semua kunjungan).

    Check visit notebooks against the format (default: every visit). Exit 1 on any error.
    """
    lang = message_lang(ctx)
    result = check_visits(_visit_paths(ctx.obj, paths))
    for path, problems in result.problems.items():
        for problem in problems:
            click.echo(problem.text(lang), err=problem.is_error)
        if not problems:
            click.echo(say("cli.check_ok", lang, path=path))
    everything = result.all_problems()
    errors = sum(p.is_error for p in everything)
    click.echo(say("cli.check_summary", lang, files=len(result.problems), errors=errors,
                   warnings=len(everything) - errors))
    if errors:
        sys.exit(1)


@cli.command(name="list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def list_visits(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Daftar kunjungan yang sesuai format. / List the visits that follow the format."""
    lang = message_lang(ctx)
    result = check_visits(_visit_paths(ctx.obj, paths))
    for visit in result.visits:
        click.echo(say("cli.visit_line", lang, id=visit.id, date=visit.date, host=visit.host.name,
                       status=visit.status, title=visit.title))
    if result.failed:
        for path in result.failed:
            for problem in result.problems[path]:
                if problem.is_error:
                    click.echo(problem.text(lang), err=True)
        sys.exit(1)


@cli.command()
@click.option("--date", required=True, help="Tanggal kunjungan / visit date, YYYY-MM-DD.")
@click.option("--host", required=True, help='Daerah tujuan / host region, e.g. "Kabupaten Banyuwangi".')
@click.option("--title", required=True, help="Judul kunjungan / title of the visit.")
@click.pass_context
def new(ctx: click.Context, date: str, host: str, title: str) -> None:
    """Buat notebook kunjungan baru dari kerangka. / Create a visit notebook from the skeleton."""
    from ringkas.new import new_visit

    path = new_visit(ctx.obj.visits_dir, date, host, title)
    click.echo(say("new.created", message_lang(ctx), path=path))


def main() -> None:
    cli(prog_name="ringkas")


if __name__ == "__main__":
    main()
