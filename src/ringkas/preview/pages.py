"""The preview's HTML: the visit list, the preview page and its panel, every value escaped.

Texts come from the catalogues (`preview.*`), in the server's message language. The page holds
two frames: the brief (sandboxed: no script, no form, no navigation of the page) and, on
request, its PDF in the browser's viewer.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from ringkas.contract.problems import Problem
from ringkas.contract.spec import AUDIENCES, LANGS
from ringkas.i18n.messages import say
from ringkas.preview.previews import VisitEntry
from ringkas.preview.session import PreviewSession, View

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f4f5f7}
header{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;padding:.6em 1em;
background:#17324d;color:#fff}
header h1{font-size:1.05em;margin:0;font-weight:600}
header a{color:#fff}
nav{display:flex;gap:.3em}
nav a,nav span{padding:.15em .6em;border:1px solid #7d97b3;border-radius:3px;
text-decoration:none;font-size:.9em}
nav span{background:#fff;color:#17324d;font-weight:600}
#panel{padding:.4em 1em}
.status{font-size:.85em;color:#4a5563;margin:.3em 0}
.error{background:#fde8e8;border-left:4px solid #c81e1e;padding:.5em .8em;margin:.5em 0}
.problems{border-collapse:collapse;width:100%;margin:.5em 0;background:#fff;font-size:.9em}
.problems th,.problems td{border:1px solid #d8dce2;padding:.25em .5em;text-align:left;
vertical-align:top}
.level-error td:first-child{color:#c81e1e;font-weight:600}
.level-warning td:first-child{color:#9a6700;font-weight:600}
.ok{color:#1a7f37;font-size:.9em}
iframe{display:block;width:100%;height:calc(100vh - 9em);min-height:30em;border:0;
background:#fff}
ul.visits{background:#fff;margin:1em;padding:1em 2em}
ul.visits li{margin:.3em 0}
"""


def _script() -> str:
    return (Path(__file__).parent / "live.js").read_text(encoding="utf-8")


def _head(title: str, nonce: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{escape(title)}</title>\n<style nonce=\"{nonce}\">{STYLE}</style>\n</head>\n")


def visit_list(entries: list[VisitEntry], lang: str, nonce: str, path: str) -> str:
    items = []
    for entry in entries:
        note = (say("preview.list_errors", lang, errors=entry.errors) if entry.errors
                else say("preview.list_ok", lang))
        items.append(f'<li><a href="{quote(entry.visit_id)}">{escape(entry.visit_id)}</a> '
                     f"{escape(entry.title or '')} <small>({escape(note)})</small></li>")
    body = "\n".join(items) or f"<li>{escape(say('preview.list_empty', lang))}</li>"
    title = say("preview.list_title", lang)
    return (_head(title, nonce, lang) + f"<body>\n<header><h1>{escape(title)}</h1></header>\n"
            f'<ul class="visits">\n{body}\n</ul>\n</body>\n</html>\n')


def _switch(current: str, choices: tuple[str, ...], link: dict[str, str], name: str) -> str:
    parts = []
    for choice in choices:
        if choice == current:
            parts.append(f"<span>{escape(choice)}</span>")
        else:
            query = urlencode({**link, name: choice})
            parts.append(f'<a href="?{escape(query)}" data-switch="{escape(choice)}">'
                         f"{escape(choice)}</a>")
    return f'<nav aria-label="{escape(name)}">{"".join(parts)}</nav>'


def preview_page(session: PreviewSession, view: View, lang: str, nonce: str, *,
                 pdf: bool = False) -> str:
    """The page of one visit: switches, the panel, the brief (or its PDF) in a frame."""
    visit_id = session.visit_id
    query = {"audience": view.audience, "lang": view.lang}
    here = {**query, "view": "pdf" if pdf else "html"}
    encoded = urlencode(query)
    base = quote(visit_id)
    brief = f"{base}/brief.html?{encoded}&v={view.brief_version}"
    pdf_url = f"{base}/brief.pdf?{encoded}"
    switches = (_switch(view.audience, AUDIENCES, here, "audience")
                + _switch(view.lang, LANGS, here, "lang")
                + _switch("pdf" if pdf else "html", ("html", "pdf"), here, "view"))
    frame = (f'<iframe id="pdf" title="PDF" src="{escape(pdf_url)}&amp;v={view.brief_version}">'
             "</iframe>" if pdf else
             f'<iframe id="brief" title="{escape(say("preview.brief", lang))}" '
             f'sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" '
             f'src="{escape(brief)}"></iframe>')
    data = {"events": f"{base}/events?{encoded}", "panel": f"{base}/panel?{encoded}",
            "brief-url": f"{base}/brief.html?{encoded}", "pdf-url": pdf_url,
            "version": str(view.version), "brief": str(view.brief_version)}
    attributes = " ".join(f'data-{name}="{escape(value)}"' for name, value in data.items())
    title = say("preview.title", lang, visit=visit_id)
    return (_head(title, nonce, lang) + f'<body id="preview" {attributes}>\n'
            f'<header><h1><a href="./">{escape(say("preview.list_title", lang))}</a> / '
            f"{escape(visit_id)}</h1>{switches}"
            f'<a href="{escape(pdf_url)}" target="_blank" rel="noopener">PDF ↗</a></header>\n'
            f'<section id="panel" aria-live="polite">{panel(session, view, lang)}</section>\n'
            f"{frame}\n<script nonce=\"{nonce}\">{_script()}</script>\n</body>\n</html>\n")


def panel(session: PreviewSession, view: View, lang: str) -> str:
    """Status, error and problems: what the page replaces on every new version."""
    parts = [f'<p class="status" data-version="{view.version}">{escape(_status(view, lang))}</p>']
    if view.error is not None:
        parts.append(f'<div class="error render-error" role="alert"><strong>'
                     f'{escape(say("preview.render_failed", lang))}</strong><br>'
                     f"{escape(view.error.text(lang))}</div>")
    errors = [p for p in view.problems if p.is_error]
    if errors and view.html is not None:
        parts.append(f'<div class="error check-failed" role="alert">'
                     f'{escape(say("preview.check_failed", lang))}</div>')
    if view.problems:
        parts.append(_problems(view.problems, lang))
    elif view.generation >= 0 and view.error is None:
        parts.append(f'<p class="ok">{escape(say("preview.no_problems", lang))}</p>')
    if view.generation >= 0 and view.html is None:
        parts.append(f"<p>{escape(say('preview.no_brief', lang))}</p>")
    return "\n".join(parts)


def _status(view: View, lang: str) -> str:
    if view.busy or view.generation < 0:
        return say("preview.rendering", lang)
    if view.rendered_at is None:
        return say("preview.version", lang, version=view.version, time="-", seconds="-")
    return say("preview.version", lang, version=view.version,
               time=time.strftime("%H:%M:%S", time.localtime(view.rendered_at)),
               seconds=f"{view.seconds:.2f}")


def _problems(problems: list[Problem], lang: str) -> str:
    head = "".join(f"<th>{escape(say(f'preview.column_{name}', lang))}</th>"
                   for name in ("level", "cell", "field", "message"))
    rows = [f'<tr class="level-{escape(p.severity)}">'
            f'<td>{escape(say(f"severity.{p.severity}", lang))}</td>'
            f'<td class="cell">{"" if p.cell is None else p.cell}</td>'
            f"<td>{escape(p.field or '')}</td><td>{escape(say(p.code, lang, **p.params))}</td>"
            "</tr>" for p in problems]
    return (f'<table class="problems"><caption>{escape(say("preview.problems", lang))}'
            f"</caption><tr>{head}</tr>{''.join(rows)}</table>")


def no_brief(lang: str, brief_lang: str) -> str:
    """The frame's page while no render has succeeded yet."""
    return (f'<!DOCTYPE html><html lang="{escape(brief_lang)}"><head><meta charset="utf-8">'
            f"<title>-</title></head><body><p>{escape(say('preview.no_brief', lang))}</p>"
            "</body></html>")
