"""`ringkas history VISIT`: the revisions of a visit's briefs and what changed between them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.i18n.messages import say


@click.command(name="history")
@click.argument("visit")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder ringkasan / briefs folder. Bawaan: briefs/ proyek.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
@lang_option
@click.pass_context
def history_command(ctx: click.Context, visit: str, out: Path | None, as_json: bool) -> None:
    """Riwayat revisi ringkasan satu kunjungan dan bagian yang berubah.

    The revisions of a visit's briefs (number, date, content hash, per brief language) and
    which sections changed between each. VISIT: a visit id or its notebook.
    """
    from ringkas.render.labels import Labels
    from ringkas.render.revision import changed_parts, part_label

    lang = message_lang(ctx)
    project = project_of(ctx)
    path = api.resolve_visits((visit,), project=project)[0]
    history = api.revision_history(str(path), out=out, project=project)
    visit_id = path.stem
    if as_json:
        click.echo(json.dumps({"visit": visit_id, "languages": {
            brief_lang: [{**r.to_json(), "hash": r.short, "label": r.label(lang),
                          "changed": changed_parts(before, r)}
                         for before, r in zip([None, *revisions], revisions, strict=False)]
            for brief_lang, revisions in history.items()}}, ensure_ascii=False, indent=1))
    if not any(history.values()):
        folder = out if out is not None else project.briefs_dir
        click.echo(say("history.none", lang, visit=visit_id, path=folder), err=as_json)
        return
    if as_json:
        return
    L = Labels(lang)
    for brief_lang, revisions in history.items():
        click.echo(say("history.heading", lang, visit=visit_id, lang=brief_lang))
        for before, revision in zip([None, *revisions], revisions, strict=False):
            parts = changed_parts(before, revision)
            what = say("history.changed", lang, sections=", ".join(
                part_label(p, L) for p in parts)) if before else say("history.first", lang)
            click.echo(f"  {revision.label(lang)}  {what}")
