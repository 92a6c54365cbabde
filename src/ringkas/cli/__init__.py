"""The `ringkas` command: parses arguments and calls the Python API (`ringkas.api`), nothing more.

One module per command group: check.py (check, list), new.py, render.py, synthesize.py,
knowledge.py (kb, search, followup). This module holds the group, `main()` and the error
handling; options.py the options the commands share, as decorators (a module of its own so that
the command modules need not import this one, which imports them).

Messages are Indonesian by default; `ringkas --lang en ...` (or RINGKAS_LANG=en) gives English,
and so does `--lang en` after a command, except on `render`, where `--lang` used to choose the
brief languages: there it is an error pointing to `--brief-lang`, so that an old command line
does not silently render something else. Every `RingkasError` is printed as `Galat: ...` /
`Error: ...` with exit code 1, never a traceback; so is an OSError of a full disk, a refused
permission or a file name too long (`ringkas.contract.oserrors`), which is no bug of ringkas.
Everything a command prints goes through `ringkas.project.terminal.PrintableStream`: no control
sequence from a notebook reaches the terminal.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from ringkas.cli import (
    approve,
    check,
    distribute,
    history,
    importing,
    init,
    knowledge,
    new,
    preview,
    render,
    synthesize,
)
from ringkas.cli.options import Prefixed, message_lang
from ringkas.contract.oserrors import writing_error
from ringkas.contract.problems import RingkasError
from ringkas.contract.spec import LANGS
from ringkas.project.imports import without_iri_grammar
from ringkas.project.paths import Project
from ringkas.project.terminal import PrintableStream


class UserError(Prefixed):
    """A RingkasError on its way out: printed in the user's language, exit code 1."""

    def __init__(self, error: RingkasError, lang: str) -> None:
        super().__init__(error.text(lang))
        self.lang = lang


class RingkasGroup(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:
        """The whole run, its error messages included, writes through PrintableStream."""
        with contextlib.redirect_stdout(PrintableStream(sys.stdout)), \
                contextlib.redirect_stderr(PrintableStream(sys.stderr)):
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RingkasError as exc:
            raise UserError(exc, message_lang(ctx)) from None
        except OSError as exc:
            error = writing_error(exc)
            if error is None:
                raise  # anything else is unexpected: the traceback helps whoever reports it
            raise UserError(error, message_lang(ctx)) from None


@click.group(cls=RingkasGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(list(LANGS)), envvar="RINGKAS_LANG", default="id",
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
    """The `ringkas` command: a process of ringkas's own, so nbformat's import leaves out the
    IRI grammar it never uses (`ringkas.project.imports`; 1.3 s of CPU for a check or render)."""
    without_iri_grammar()
    cli(prog_name="ringkas")


for _command in (check.check_command, check.list_command, new.new_command,
                 render.render_command, synthesize.synthesize_command, knowledge.kb_group,
                 knowledge.search_command, knowledge.followup_command):
    cli.add_command(_command)
cli.add_command(importing.import_command)
cli.add_command(preview.preview_command)
cli.add_command(init.init_command)
cli.add_command(distribute.distribute_command)
cli.add_command(approve.approve_command)
cli.add_command(approve.review_command)
cli.add_command(history.history_command)

if __name__ == "__main__":
    main()
