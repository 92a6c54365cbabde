"""The `ringkas` command: parses arguments and calls the Python API (`ringkas.api`), nothing more.

One module per command group: check.py (check, list), new.py, render.py, synthesize.py,
knowledge.py (kb, search, followup). This module holds the group, `main()`, the options the
commands share (as decorators) and the error handling.

Messages are Indonesian by default; `ringkas --lang en ...` (or RINGKAS_LANG=en) gives English,
and so does `--lang en` after a command, except on `render`, where `--lang` used to choose the
brief languages: there it is an error pointing to `--brief-lang`, so that an old command line
does not silently render something else. Every `RingkasError` is printed as `Galat: ...` /
`Error: ...` with exit code 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ringkas.contract.problems import RingkasError
from ringkas.i18n.messages import say
from ringkas.project.paths import Project

F = TypeVar("F", bound=Callable[..., Any])


def error_prefix(lang: str) -> str:
    return "Error" if lang == "en" else "Galat"


class UserError(click.ClickException):
    """A RingkasError on its way out: printed in the user's language, exit code 1."""

    def __init__(self, error: RingkasError, lang: str) -> None:
        super().__init__(error.text(lang))
        self.lang = lang

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"{error_prefix(self.lang)}: {self.format_message()}", err=True)


class MovedOption(click.UsageError):
    """An option that moved elsewhere: a usage error (exit 2) saying where, in the user's
    language."""

    def __init__(self, code: str, lang: str, **params: object) -> None:
        super().__init__(say(code, lang, **params))
        self.lang = lang

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"{error_prefix(self.lang)}: {self.format_message()}", err=True)


class RingkasGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RingkasError as exc:
            raise UserError(exc, message_lang(ctx)) from None


def message_lang(ctx: click.Context) -> str:
    """The language of messages: `ringkas --lang`, or `--lang` after the command."""
    return str(ctx.meta.get("ringkas.lang", "id"))


def project_of(ctx: click.Context) -> Project:
    return ctx.find_object(Project) or Project.find()


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta["ringkas.lang"] = value


def lang_option(command: F) -> F:
    """`--lang id|en` after a command: the message language, as `ringkas --lang` before it.
    Eager, so that errors about the other options are already in that language."""
    return click.option("--lang", type=click.Choice(["id", "en"]), default=None, is_eager=True,
                        expose_value=False, callback=_set_lang,
                        help="Bahasa pesan / message language (bawaan: seperti ringkas --lang)."
                        )(command)


def visits_option(command: F) -> F:
    """`--visits PATH` (repeatable): other visit notebooks or folders than notebooks/visits."""
    return click.option(
        "--visits", "sources", multiple=True, type=click.Path(path_type=Path),
        help="Notebook atau folder kunjungan (boleh berulang; bawaan: notebooks/visits). "
             "/ Visit notebook or folder (repeatable).")(command)


def split_choices(choices: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A click callback for comma-separated options: "id,en" -> ("id", "en")."""

    def parse(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        wrong = [v for v in items if v not in choices]
        if wrong or not items:
            raise click.BadParameter(f"{', '.join(wrong) or value!r}: " + ", ".join(choices))
        return items

    return parse


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
    from ringkas.project.logs import quiet_libraries

    quiet_libraries()  # the CLI owns its process; a Python caller keeps its own logging
    ctx.meta["ringkas.lang"] = lang
    ctx.obj = Project.find(project)


def main() -> None:
    cli(prog_name="ringkas")


def _register() -> None:
    from ringkas.cli import check, knowledge, new, render, synthesize

    for command in (check.check_command, check.list_command, new.new_command,
                    render.render_command, synthesize.synthesize_command, knowledge.kb_group,
                    knowledge.search_command, knowledge.followup_command):
        cli.add_command(command)


_register()

if __name__ == "__main__":
    main()
