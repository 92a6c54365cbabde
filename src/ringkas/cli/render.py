"""`ringkas render`: the briefs of every visit that changed, then the catalogue page."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ringkas import api
from ringkas.cli.options import MovedOption, message_lang, project_of, split_choices
from ringkas.contract.problems import MessageError
from ringkas.contract.spec import ALL_FORMATS, AUDIENCES, FORMATS, LANGS
from ringkas.i18n.messages import count, say


def _lang_moved(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`render --lang` once chose the brief languages; say where that went, render nothing."""
    if value is not None:
        raise MovedOption("render.lang_moved", message_lang(ctx), value=value)


@click.command(name="render")
@click.argument("visits", nargs=-1)
@click.option("--brief-lang", "langs", default=",".join(LANGS), show_default=True,
              callback=split_choices(LANGS),
              help="Bahasa brief / brief languages: id, en (bawaan / default: ringkas.toml).")
@click.option("--audience", "audiences", default="pimpinan,teknis", show_default=True,
              callback=split_choices(AUDIENCES), help="pimpinan (2 halaman), teknis (lengkap).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              callback=split_choices(ALL_FORMATS), help="html, pdf, docx (Word).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder hasil / output folder. Bawaan: briefs/ proyek.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1,
              show_default="jumlah inti CPU", help="Proses paralel / parallel workers.")
@click.option("--scheduler", envvar="RINGKAS_SCHEDULER", metavar="tcp://HOST:PORT",
              help="Penjadwal Dask: render di klaster / Dask scheduler: render on a cluster "
                   "(env RINGKAS_SCHEDULER).")
@click.option("--force", is_flag=True, help="Render ulang walau tidak berubah / re-render all.")
@click.option("--fresh-kernel", is_flag=True, help="Kernel baru untuk setiap notebook.")
@click.option("--no-execute", is_flag=True,
              help="Jangan jalankan kode; pakai keluaran tersimpan (notebook dari luar tim).")
@click.option("--timeout", type=click.IntRange(1), default=120, show_default=True,
              help="Batas waktu per sel, detik / per-cell timeout, seconds.")
@click.option("--watch", is_flag=True,
              help="Terus berjalan, render ulang yang berubah / keep running, re-render changes.")
@click.option("--sandbox", is_flag=True,
              help="Jalankan kode dalam bubblewrap: berkas hanya-baca, tanpa jaringan / run code "
                   "under bubblewrap: read-only files, no network.")
@click.option("--no-wait", is_flag=True,
              help="Gagal segera bila render lain sedang menulis ke folder yang sama / fail at "
                   "once when another render is writing into the same folder.")
@click.option("--lang", hidden=True, expose_value=False, callback=_lang_moved)
@click.option("--synthesis", is_flag=True, hidden=True)
@click.option("--theme", hidden=True)
@click.option("--host", hidden=True)
@click.option("--since", hidden=True)
@click.pass_context
def render_command(ctx: click.Context, visits: tuple[str, ...], langs: tuple[str, ...],
                   audiences: tuple[str, ...], formats: tuple[str, ...], out: Path | None,
                   jobs: int, scheduler: str | None, force: bool, fresh_kernel: bool,
                   no_execute: bool, timeout: int, watch: bool, sandbox: bool, no_wait: bool,
                   synthesis: bool, theme: str | None, host: str | None,
                   since: str | None) -> None:
    """Render brief HTML dan PDF (bawaan: semua kunjungan, bahasa, audiens dan format).

    Render HTML and PDF briefs (default: every visit, language, audience and format); Word
    (DOCX) too with --format docx. For a cross-visit synthesis see `ringkas synthesize`.
    """
    lang = message_lang(ctx)
    if synthesis or theme or host or since:
        raise MovedOption("render.synthesis_moved", lang,
                          command=synthesize_line(theme, host, since))
    project = project_of(ctx)
    given_langs = ctx.get_parameter_source("langs") is not click.core.ParameterSource.DEFAULT
    chosen = langs if given_langs else None  # None: ringkas.toml's [briefs] languages
    if watch:
        if scheduler:  # the watch keeps its own warm pool; a cluster's workers are not restarted
            raise MessageError("render.watch_scheduler", scheduler=scheduler)
        if visits:
            raise MessageError("render.watch_visits", visits=list(visits))
        api.watch_briefs(langs=chosen, audiences=audiences, formats=formats, out=out,
                         force=force, execute=not no_execute, fresh_kernel=fresh_kernel,
                         timeout=timeout, jobs=jobs, sandbox=sandbox, project=project,
                         lang=lang, echo=click.echo)
        return

    def waiting(folder: Path) -> None:
        click.echo(say("render.lock_waiting", lang, path=folder), err=True)

    with progress_bar() as advance:
        # the page's first language is the user's (ringkas --lang), whatever briefs were
        # rendered; it is refreshed under the render's lock
        report = api.render_briefs(
            visits, langs=chosen, audiences=audiences, formats=formats, out=out, force=force,
            execute=not no_execute, fresh_kernel=fresh_kernel, timeout=timeout, jobs=jobs,
            catalogue=lang, progress=advance, scheduler=scheduler or None, project=project,
            sandbox=sandbox, wait=not no_wait, waiting=waiting)
    for visit_id in report.removed:
        click.echo(say("render.removed", lang, visit=visit_id))
    folder = out if out is not None else project.briefs_dir
    click.echo(say("render.catalogue", lang, path=folder / "index.html"))
    print_report(report, lang, audiences=audiences, formats=formats)


def synthesize_line(theme: str | None, host: str | None, since: str | None) -> str:
    """The `ringkas synthesize` command line an old `render --synthesis` one meant."""
    parts = ["ringkas synthesize", theme or "TEMA/THEME"]
    parts += [f"--{name} {value}" for name, value in (("host", host), ("since", since)) if value]
    return " ".join(parts)


@contextmanager
def progress_bar() -> Iterator[Callable[[Any], None]]:
    """A progress bar on a terminal; silent when output goes to a file or CI."""
    if not sys.stderr.isatty():  # nothing to show: no need to import tqdm (~20 ms)
        yield lambda result: None
        return
    from tqdm import tqdm

    bar = tqdm(unit="brief", desc="render", leave=False)

    def advance(result: Any) -> None:
        bar.update(1)
        bar.set_postfix_str(f"{result.job.visit_id} ({result.job.lang})")

    try:
        yield advance
    finally:
        bar.close()


def print_report(report: Any, lang: str, *, audiences: tuple[str, ...] = AUDIENCES,
                 formats: tuple[str, ...] = FORMATS) -> None:
    """The closing line in briefs and files (`RenderReport.summary`), the outputs repaired,
    then the failures."""
    click.echo(report.summary(lang, audiences, formats))
    for why in ("changed", "missing"):  # the outputs someone else touched: rendered again
        touched = sum(reason == why for reason in report.repaired.values())
        if touched:
            click.echo(count(f"render.repaired_{why}", lang, touched))
    if report.failed:
        click.echo(say("render.failed_header", lang), err=True)
        for error in report.failed.values():
            for line in error.text(lang).splitlines():
                click.echo(f"  {line}", err=True)
        sys.exit(1)
