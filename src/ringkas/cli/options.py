"""Options and errors the commands share: message language, visit folders, comma lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ringkas.contract.spec import LANGS
from ringkas.i18n.messages import say
from ringkas.project.paths import Project

F = TypeVar("F", bound=Callable[..., Any])


def error_prefix(lang: str) -> str:
    """"Galat" / "Error", before every message that ends a command."""
    return say("cli.error_prefix", lang)


class Prefixed(click.ClickException):
    """A click error printed as "Galat: ..." / "Error: ..." in the user's language (`lang`)."""

    lang: str

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"{error_prefix(self.lang)}: {self.format_message()}", err=True)


class MovedOption(Prefixed, click.UsageError):
    """An option that moved elsewhere: a usage error (exit 2) saying where, in the user's
    language."""

    def __init__(self, code: str, lang: str, **params: object) -> None:
        super().__init__(say(code, lang, **params))
        self.lang = lang


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
    return click.option("--lang", type=click.Choice(list(LANGS)), default=None, is_eager=True,
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
