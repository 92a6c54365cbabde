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
    from ringkas.render.revision import part_label

    lang = message_lang(ctx)
    project = project_of(ctx)
    visit_id, history = api.revision_steps(visit, out=out, project=project)
    if as_json:
        click.echo(json.dumps({"visit": visit_id, "languages": {
            brief_lang: [{**step.revision.to_json(), "hash": step.revision.short,
                          "label": step.revision.label(lang), "changed": list(step.changed)}
                         for step in steps]
            for brief_lang, steps in history.items()}}, ensure_ascii=False, indent=1))
    if not any(history.values()):
        folder = out if out is not None else project.briefs_dir
        click.echo(say("history.none", lang, visit=visit_id, path=folder), err=as_json)
        return
    if as_json:
        return
    L = Labels(lang)
    for brief_lang, steps in history.items():
        click.echo(say("history.heading", lang, visit=visit_id, lang=brief_lang))
        for step in steps:
            what = say("history.first", lang) if step.first else say(
                "history.changed", lang, sections=", ".join(part_label(p, L)
                                                            for p in step.changed))
            click.echo(f"  {step.revision.label(lang)}  {what}")
