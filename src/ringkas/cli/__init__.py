"""The `ringkas` command: parses arguments and calls the stage modules, nothing more.

Messages are Indonesian by default; `ringkas --lang en ...` (or RINGKAS_LANG=en) gives English.
Every `RingkasError` is printed as `Galat: ...` / `Error: ...` with exit code 1, never a traceback.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from babel.numbers import format_decimal

from ringkas.contract.problems import MessageError, RingkasError, closest
from ringkas.contract.spec import AUDIENCES, FORMATS, LANGS
from ringkas.i18n.catalogues import babel_locale
from ringkas.i18n.messages import count, say
from ringkas.notebook.read import check_visits, find_notebooks
from ringkas.project.paths import Project


class UserError(click.ClickException):
    """A RingkasError on its way out: printed in the user's language, exit code 1."""

    def __init__(self, error: RingkasError, lang: str) -> None:
        super().__init__(error.text(lang))
        self.lang = lang

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        prefix = say("cli.error_prefix", self.lang)
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
    files = count("count.notebooks", lang, len(result.problems))
    click.echo(say("cli.check_summary", lang, files=files,
                   errors=count("count.errors", lang, errors),
                   warnings=count("count.warnings", lang, len(everything) - errors)))
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
@click.option("--host", required=True,
              help='Daerah tujuan / host region, e.g. "Kabupaten Banyuwangi".')
@click.option("--title", required=True, help="Judul kunjungan / title of the visit.")
@click.pass_context
def new(ctx: click.Context, date: str, host: str, title: str) -> None:
    """Buat notebook kunjungan baru dari kerangka. / Create a visit notebook from the skeleton."""
    from ringkas.authoring.new import new_visit

    path = new_visit(ctx.obj.visits_dir, date, host, title)
    click.echo(say("new.created", message_lang(ctx), path=path))


def _split(choices: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A click callback for comma-separated options: "id,en" -> ("id", "en")."""

    def parse(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        wrong = [v for v in items if v not in choices]
        if wrong or not items:
            raise click.BadParameter(f"{', '.join(wrong) or value!r}: " + ", ".join(choices))
        return items

    return parse


@cli.command()
@click.argument("visits", nargs=-1)
@click.option("--lang", "langs", default=",".join(LANGS), show_default=True,
              callback=_split(LANGS),
              help="Bahasa brief / brief languages: id, en.")
@click.option("--audience", "audiences", default="pimpinan,teknis", show_default=True,
              callback=_split(AUDIENCES), help="pimpinan (2 halaman), teknis (lengkap).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              callback=_split(FORMATS), help="html, pdf.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder hasil / output folder. Bawaan: briefs/ proyek.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=os.cpu_count() or 1,
              show_default="jumlah inti CPU", help="Proses paralel / parallel workers.")
@click.option("--force", is_flag=True, help="Render ulang walau tidak berubah / re-render all.")
@click.option("--fresh-kernel", is_flag=True, help="Kernel baru untuk setiap notebook.")
@click.option("--no-execute", is_flag=True,
              help="Jangan jalankan kode; pakai keluaran tersimpan (notebook dari luar tim).")
@click.option("--timeout", type=click.IntRange(1), default=120, show_default=True,
              help="Batas waktu per sel, detik / per-cell timeout, seconds.")
@click.option("--synthesis", is_flag=True,
              help="Brief sintesis lintas kunjungan satu tema (notebooks/knowledge-base.ipynb); "
                   "VISITS = folder kunjungan. / Cross-visit synthesis of one theme.")
@click.option("--theme", help="Tema sintesis / synthesis theme, e.g. kemiskinan.")
@click.option("--host", help="Sintesis: hanya daerah tujuan ini (bagian nama atau kode BPS).")
@click.option("--since", help="Sintesis: sejak tahun atau tanggal / since: 2022, 2022-06-01.")
@click.pass_context
def render(ctx: click.Context, visits: tuple[str, ...], langs: tuple[str, ...],
           audiences: tuple[str, ...], formats: tuple[str, ...], out: Path | None, jobs: int,
           force: bool, fresh_kernel: bool, no_execute: bool, timeout: int, synthesis: bool,
           theme: str | None, host: str | None, since: str | None) -> None:
    """Render brief HTML dan PDF (bawaan: semua kunjungan, bahasa, audiens dan format).

    Render HTML and PDF briefs (default: every visit, language, audience and format).
    """
    from ringkas.build.pipeline import RenderOptions, publish_catalogue, render_briefs

    if synthesis or theme or host or since:
        render_synthesis_brief(ctx, visits, langs, formats, out, timeout, synthesis=synthesis,
                               theme=theme, host=host, since=since)
        return
    project: Project = ctx.obj
    lang = render_message_lang(ctx, langs)
    options = RenderOptions(out=out or project.briefs_dir, data_dir=project.data_dir, langs=langs,
                            audiences=audiences, formats=formats, force=force,
                            execute=not no_execute, fresh_kernel=fresh_kernel, timeout=timeout,
                            jobs=jobs)
    paths = resolve_visits(project, visits)
    with progress_bar(lang) as advance:
        report = render_briefs(paths, options, all_visits=not visits, progress=advance)
    for visit_id in report.removed:
        click.echo(say("render.removed", lang, visit=visit_id))
    # the page's first language is the user's (ringkas --lang), whatever briefs were rendered
    click.echo(say("render.catalog", lang,
                   path=publish_catalogue(options.out, message_lang(ctx))))
    print_report(report, lang)


def render_synthesis_brief(ctx: click.Context, sources: tuple[str, ...], langs: tuple[str, ...],
                           formats: tuple[str, ...], out: Path | None, timeout: int, *,
                           synthesis: bool, theme: str | None, host: str | None,
                           since: str | None) -> None:
    """`ringkas render --synthesis --theme T [--host H] [--since Y] [FOLDER]`, then the
    catalogue."""
    from ringkas.build.pipeline import publish_catalogue
    from ringkas.build.synthesis import SynthesisOptions, render_synthesis
    from ringkas.knowledge.synthesis import NOTEBOOK

    if not synthesis:
        given = [f"--{k}" for k, v in (("theme", theme), ("host", host), ("since", since)) if v]
        raise MessageError("synthesis.needs_flag", options=given)
    if not theme:
        raise MessageError("synthesis.needs_theme")
    if len(sources) > 1:
        raise MessageError("synthesis.one_source", count=len(sources), paths=list(sources))
    project, lang = ctx.obj, render_message_lang(ctx, langs)
    options = SynthesisOptions(
        out=out or project.briefs_dir, notebook=project.root / NOTEBOOK, data_dir=project.data_dir,
        visits=Path(sources[0]) if sources else project.visits_dir, langs=langs, formats=formats,
        timeout=timeout)
    for path in render_synthesis(theme, options, host=host or "", since=since or ""):
        click.echo(say("synthesis.written", lang, path=path))
    click.echo(say("render.catalog", lang,
                   path=publish_catalogue(options.out, message_lang(ctx))))


def render_message_lang(ctx: click.Context, langs: tuple[str, ...]) -> str:
    """`ringkas render --lang en` speaks English too, unless the group's --lang says otherwise."""
    parent = ctx.parent
    explicit = parent is not None and parent.get_parameter_source("lang") not in (
        click.core.ParameterSource.DEFAULT, None)
    return message_lang(ctx) if explicit or langs != ("en",) else "en"


def resolve_visits(project: Project, visits: tuple[str, ...]) -> list[Path]:
    """Visit ids or notebook paths to paths; no argument means every visit."""
    if not visits:
        return _visit_paths(project, ())
    known = {p.stem: p for p in find_notebooks([project.visits_dir])} \
        if project.visits_dir.is_dir() else {}
    paths = []
    for value in visits:
        if Path(value).exists():
            paths.extend(find_notebooks([Path(value)]))
        elif value in known:
            paths.append(known[value])
        else:
            raise MessageError("render.unknown_visit", value=value, folder=project.visits_dir,
                               choices=sorted(known) or "-", suggest=closest(value, known))
    return paths


@contextmanager
def progress_bar(lang: str):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; silent when output goes to a file or CI."""
    from tqdm import tqdm

    bar = tqdm(unit="brief", desc="render", disable=not sys.stderr.isatty(), leave=False)

    def advance(result) -> None:  # type: ignore[no-untyped-def]
        bar.update(1)
        bar.set_postfix_str(f"{result.job.visit_id} ({result.job.lang})")

    try:
        yield advance
    finally:
        bar.close()


def print_report(report, lang: str) -> None:  # type: ignore[no-untyped-def]
    seconds = format_decimal(round(report.seconds, 1), locale=babel_locale(lang))
    click.echo(say("render.summary", lang, seconds=seconds, rendered=len(report.rendered),
                   skipped=len(report.skipped), failed=len(report.failed)))
    if report.failed:
        click.echo(say("render.failed_header", lang), err=True)
        for error in report.failed.values():
            for line in error.text(lang).splitlines():
                click.echo(f"  {line}", err=True)
        sys.exit(1)


@cli.group(name="kb")
@click.option("--lang", type=click.Choice(list(LANGS)), default=None,
              help="Bahasa pesan / message language (bawaan: seperti ringkas --lang).")
@click.pass_context
def kb_group(ctx: click.Context, lang: str | None) -> None:
    """Basis pengetahuan: tabel kunjungan, inovasi, peran, rekomendasi, bagian.

    The knowledge base: tables of visits, innovations, roles, recommendations and sections.
    """
    if lang:
        ctx.meta["ringkas.lang"] = lang


_kb_visits = click.option(
    "--visits", "sources", multiple=True, type=click.Path(path_type=Path),
    help="Notebook atau folder kunjungan (boleh berulang; bawaan: notebooks/visits). "
         "/ Visit notebook or folder (repeatable).")


def _load_kb(ctx: click.Context, sources: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    """The knowledge base, telling the user on stderr which notebooks were left out."""
    from ringkas.knowledge.kb import load

    project: Project = ctx.obj
    knowledge = load(_visit_paths(project, sources), project=project)
    for path, errors in knowledge.problems.items():
        click.echo(say("kb.skipped", message_lang(ctx), path=path, count=len(errors)), err=True)
    return knowledge


@kb_group.command(name="export")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--csv", "as_csv", is_flag=True,
              help="Tulis folder CSV, satu berkas per tabel. / Write a folder of CSV files.")
@_kb_visits
@click.pass_context
def kb_export(ctx: click.Context, target: Path, as_csv: bool, sources: tuple[Path, ...]) -> None:
    """Ekspor ke Excel (TARGET.xlsx) atau folder CSV (--csv).

    Export to Excel (TARGET.xlsx, one sheet per table) or a folder of CSV files (--csv).
    """
    if not as_csv and target.suffix.lower() != ".xlsx":
        raise MessageError("kb.bad_target", path=target)
    knowledge = _load_kb(ctx, sources)
    if as_csv:
        knowledge.to_csv(target)
    else:
        knowledge.to_excel(target)
    click.echo(say("kb.exported", message_lang(ctx), path=target))


@kb_group.command(name="summary")
@_kb_visits
@click.pass_context
def kb_summary(ctx: click.Context, sources: tuple[Path, ...]) -> None:
    """Jumlah baris per tabel dan tindak lanjut. / Rows per table and follow-up counts."""
    lang = message_lang(ctx)
    knowledge = _load_kb(ctx, sources)
    for table, rows in knowledge.summary().items():
        click.echo(say("kb.summary_line", lang, table=table, count=rows))
    click.echo(say("kb.summary_followup", lang, open=int(knowledge.recommendations["is_open"].sum()),
                   overdue=len(knowledge.overdue())))


@cli.command(name="search")
@click.argument("query", nargs=-1, required=True)
@click.option("--theme", help="Tema / theme, e.g. kemiskinan (lihat docs/format.md).")
@click.option("--host", help="Daerah tujuan (bagian nama atau kode BPS) / host region.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Tahun kunjungan / visit year.")
@click.option("--opd", help="OPD (bagian nama) / agency (part of its name).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="Jumlah hasil / number of hits.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
@_kb_visits
@click.pass_context
def search_command(ctx: click.Context, query: tuple[str, ...], theme: str | None,
                   host: str | None, year: int | None, opd: str | None, limit: int,
                   as_json: bool, sources: tuple[Path, ...]) -> None:
    """Cari di semua kunjungan: kata, "frasa", OR, NOT, awalan*.

    Search every visit: words (all must match), "phrases", OR, NOT, prefix*. See docs/search.md.
    """
    from ringkas.knowledge.search import format_hits, hits_json, search

    lang = message_lang(ctx)
    text = " ".join(query)
    hits = search(text, theme=theme, host=host, year=year, opd=opd, limit=limit,
                  visits_path=_visit_paths(ctx.obj, sources), project=ctx.obj)
    info = hits.attrs["index"]
    for path, errors in info.skipped.items():
        click.echo(say("kb.skipped", lang, path=path, count=errors), err=True)
    if info.rebuilt:
        seconds = format_decimal(round(info.seconds, 2), locale=babel_locale(lang))
        documents = count("count.documents", lang, info.documents)
        click.echo(say("search.rebuilt", lang, documents=documents, seconds=seconds,
                       visits=count("count.visits", lang, info.visits)), err=True)
    if as_json:
        click.echo(hits_json(hits))
    if hits.empty:
        filters = ", ".join(f"--{name} {value}" for name, value in (
            ("theme", theme), ("host", host), ("year", year), ("opd", opd)) if value is not None)
        shown = say("search.with_filters", lang, filters=filters) if filters else ""
        click.echo(say("search.no_results", lang, query=text, filters=shown), err=as_json)
    elif not as_json:
        click.echo(format_hits(hits, lang))
        click.echo(say("search.count", lang, count=len(hits), query=text))


@cli.command(name="followup")
@click.option("--opd", help="Hanya OPD ini (bagian nama) / only this agency (part of its name).")
@click.option("--overdue", is_flag=True, help="Hanya yang terlambat / only overdue ones.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Tanggal acuan / reference date, YYYY-MM-DD. Bawaan: hari ini.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Tulis tabel ke berkas Excel / write the table to an Excel file.")
@_kb_visits
@click.pass_context
def followup_command(ctx: click.Context, opd: str | None, overdue: bool, today: object,
                     xlsx: Path | None, sources: tuple[Path, ...]) -> None:
    """Rekomendasi terbuka per OPD pengampu, yang terlambat ditandai.

    Open recommendations of every visit by lead agency; overdue ones marked.
    """
    import datetime as dt

    from ringkas.knowledge.followup import open_recommendations, report, write_xlsx

    lang = message_lang(ctx)
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise MessageError("followup.bad_target", path=xlsx)
    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    table = open_recommendations(_load_kb(ctx, sources), day, opd=opd, overdue_only=overdue)
    click.echo(report(table, day, lang, opd=opd, overdue_only=overdue))
    if xlsx is not None:
        click.echo(say("followup.written", lang, path=write_xlsx(table, xlsx, lang)))


def main() -> None:
    cli(prog_name="ringkas")


if __name__ == "__main__":
    main()
