"""`ringkas new`: a visit notebook from the skeleton, every front-matter field an option.

Choices (kind, themes, status) are checked as the options are read, by the contract's rule
(a key or a label, case aside): a wrong one is a usage error listing the valid choices, in the
message language (exit 2), before anything is written. In a terminal, what no option gave is
asked for (`ringkas.cli.prompts`); otherwise nothing is asked, what was not given stays empty,
and a missing date, host or title is a usage error naming the options to pass.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ringkas import api
from ringkas.authoring.details import CHOICES, DEFAULT_KIND, OPTIONS, VisitDetails, resolve_choice
from ringkas.cli.options import Prefixed, lang_option, message_lang, project_of
from ringkas.contract.config import load_settings, settings_or_defaults
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.spec import DRAFT_STATUS
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.messages import say
from ringkas.project.paths import Project

REQUIRED = ("date", "host", "title")  # the rest has a default (kind, status) or may stay empty


class BadOption(Prefixed, click.UsageError):
    """A wrong option value or a missing option: exit 2, in the message language."""

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.lang = lang


class ContractChoice(click.ParamType):
    """One of the contract's choices for a front-matter field, given by key or label."""

    name = "choice"

    def __init__(self, field: str) -> None:
        self.field = field

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        try:
            return resolve_choice(self.field, str(value), _vocabulary(ctx))
        except MessageError as exc:
            lang = message_lang(ctx) if ctx else "id"
            raise BadOption(exc.text(lang), lang) from None


def _vocabulary(ctx: click.Context | None) -> Vocabulary:
    """The project's themes for `--theme`; the built-in ones where ringkas.toml cannot be read
    (the command reports that file's error itself)."""
    project = ctx.find_object(Project) if ctx is not None else None
    return settings_or_defaults(project)[0].vocabulary if project is not None else BUILTIN


def _choices_help(field: str) -> str:
    return " | ".join(CHOICES[field])


def interactive() -> bool:
    """Whether a person is there to answer: prompts need a terminal on both ends."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command(name="new")
@click.option("--date", help="Tanggal kunjungan / visit date, YYYY-MM-DD.")
@click.option("--host", help='Daerah tujuan / host region, e.g. "Kabupaten Banyuwangi".')
@click.option("--title", help="Judul kunjungan / title of the visit.")
@click.option("--kind", type=ContractChoice("kind"),
              help=f"Jenis kunjungan / kind of visit: {_choices_help('kind')} "
                   f"(bawaan / default: {DEFAULT_KIND}).")
@click.option("--host-bps-code", default="",
              help='Kode BPS daerah tujuan / BPS code of the host region, e.g. "3510".')
@click.option("--home", default="", help="Daerah asal tim / home region of the team.")
@click.option("--home-bps-code", default="",
              help="Kode BPS daerah asal / BPS code of the home region (needs --home).")
@click.option("--agency", default="", help="Instansi / visiting agency, e.g. Bappeda.")
@click.option("--unit", default="", help="Unit kerja / visiting unit, e.g. Bidang Pemsosbud.")
@click.option("--participant", "participants", multiple=True,
              help='Peserta (boleh berulang) / participant, repeatable: "Nama, jabatan".')
@click.option("--led-by", default="",
              help='Ketua rombongan / who led the delegation: "Nama, jabatan".')
@click.option("--received-by", "received_by", multiple=True,
              help='Diterima oleh (boleh berulang) / received by, repeatable: "Nama; jabatan".')
@click.option("--venue", default="", help="Tempat pertemuan / venue of the meeting.")
@click.option("--theme", "themes", multiple=True, type=ContractChoice("themes"),
              help=f"Tema (boleh berulang) / theme, repeatable: {_choices_help('themes')}.")
@click.option("--source", "sources", multiple=True,
              help="Sumber (boleh berulang) / source, repeatable: a report, news item or URL.")
@click.option("--status", type=ContractChoice("status"),
              help=f"Status naskah / document status: {_choices_help('status')} "
                   f"(bawaan / default: {DRAFT_STATUS}).")
@click.option("--approved-by", default="",
              help="Disetujui oleh / approved by (needed with --status approved).")
@click.option("--text-lang", type=ContractChoice("text_lang"),
              help=f"Bahasa teks kunjungan / language the visit is written in: "
                   f"{_choices_help('text_lang')} (bawaan / default: id).")
@click.option("--force", is_flag=True,
              help="Ganti notebook yang sudah ada / replace an existing notebook.")
@lang_option
@click.pass_context
def new_command(ctx: click.Context, force: bool, **given: Any) -> None:
    """Buat notebook kunjungan baru dari kerangka. / Create a visit notebook from the skeleton."""
    lang = message_lang(ctx)
    settings = load_settings(project_of(ctx))
    given = agency_defaults(given, settings)
    if interactive():
        from ringkas.cli.prompts import ask_missing

        given = ask_missing(given, lang)
    missing = [OPTIONS[key] for key in REQUIRED if not (given.get(key) or "").strip()]
    if missing:
        raise BadOption(say("new.missing_options", lang, options=missing), lang)
    date, host, title = (given.pop(key) for key in REQUIRED)
    given["kind"] = given.get("kind") or DEFAULT_KIND
    given["status"] = given.get("status") or DRAFT_STATUS
    given["text_lang"] = given.get("text_lang") or "id"
    try:
        details = VisitDetails(**given, vocabulary=settings.vocabulary).resolved()
    except MessageError as exc:  # a BPS code without its region: the options disagree
        raise BadOption(exc.text(lang), lang) from None
    path = api.new_visit(date.strip(), host.strip(), title.strip(), force=force,
                         project=project_of(ctx), **details.fields())  # type: ignore[arg-type]
    click.echo(say("new.created", message_lang(ctx), path=path))


def agency_defaults(given: dict[str, Any], config: ProjectSettings) -> dict[str, Any]:
    """The options left empty filled from ringkas.toml: agency, unit and home region are the
    agency's, the same for every visit (an option given on the command line wins)."""
    defaults = {"agency": config.agency, "unit": config.unit, "home": config.home,
                # the file's code goes with the file's region only, never with --home
                "home_bps_code": config.home_bps_code if config.home and not given.get("home")
                else ""}
    return {**given, **{key: value for key, value in defaults.items()
                        if value and not (given.get(key) or "").strip()}}
