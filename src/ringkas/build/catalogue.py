"""`briefs/index.html`: one page listing every visit and synthesis, with links to their briefs.

Built from the manifest (the facts `publish.catalogue_facts` keeps per visit) and the files on
disk, never from notebooks, so it is rewritten after every render, even when nothing rendered.
The page works opened from a file or a shared drive: no server, nothing fetched. Past
`PAGE_SIZE` visits the list is split: `index.html` holds the newest `PAGE_SIZE` cards and
`index-2.html`, `index-3.html`, ... the older ones, with links between them, so every visit is a
plain HTML card with scripts off and the cards a browser lays out stay few (a thousand of them,
4 MB, took Chromium over two seconds). On `index.html` a small inline script
(`templates/catalogue/catalogue.js`) adds filters, a search over every visit's facts embedded as
JSON (from which it builds the cards of older visits that match, a batch at a time) and the
Indonesian/English switch; the other pages carry no script. The Content-Security-Policy allows
that script and the stylesheet by their sha256 hashes and nothing else. Values reach the page
through jinja2's autoescape, and the JSON is escaped so that no title can end its `<script>`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from ringkas.build.catalogue_cards import (
    PAGE_LANGS,
    PAGE_SIZE,
    Page,
    pair,
    search_index,
    synthesis_entries,
    texts,
    theme_options,
    value_options,
    visit_cards,
)
from ringkas.build.manifest import CATALOGUE_PAGE as PAGE_NAME
from ringkas.build.manifest import Manifest
from ringkas.contract import spec as C
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.project.files import write_atomic
from ringkas.project.paths import templates_dir

#: `index-2.html`, `index-3.html`, ...: the pages after the first.
MORE_PAGES = re.compile(r"^index-(?P<number>[2-9]|[1-9][0-9]+)\.html$")
PALETTE = re.compile(r"^:root \{.*?^\}", re.MULTILINE | re.DOTALL)


# --- the public API -----------------------------------------------------------------------

def write_catalogue_pages(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None, *,
                  vocabulary: Vocabulary = BUILTIN) -> Path:
    """Write `out/index.html` (and `index-2.html`, ... past `PAGE_SIZE` visits) from the
    manifest and the briefs on disk, removing pages no longer needed; returns the first's path.
    `vocabulary`: the project's, whose own themes the cards and the filter name."""
    pages = render_pages(out, lang, today, vocabulary=vocabulary)
    for name in extra_pages(out):
        if name not in pages:
            (out / name).unlink(missing_ok=True)
    for name, html in sorted(pages.items(), key=lambda item: item[0] == PAGE_NAME):
        write_atomic(out / name, html.encode("utf-8"))  # index.html last: it links the others
    return out / PAGE_NAME


def extra_pages(out: Path) -> list[str]:
    """The file names of the catalogue's pages after the first in `out`."""
    names = [p.name for p in out.iterdir()] if out.is_dir() else []
    return sorted(name for name in names if MORE_PAGES.match(name))


def page_name(number: int) -> str:
    return PAGE_NAME if number == 1 else f"index-{number}.html"


def render_catalogue(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None, *,
                   vocabulary: Vocabulary = BUILTIN) -> str:
    """The catalogue's first page `index.html` of the briefs folder `out`, in `lang` first
    (switchable)."""
    return render_pages(out, lang, today, vocabulary=vocabulary)[PAGE_NAME]


def render_pages(out: Path, lang: str = C.DEFAULT_LANG, today: dt.date | None = None,
                 page_size: int = PAGE_SIZE, *,
                 manifest: Manifest | None = None,
                 vocabulary: Vocabulary = BUILTIN) -> dict[str, str]:
    """Every page of the catalogue of `out`, by file name: `PAGE_SIZE` cards each.

    `manifest`: the visits to list (default: `out`'s own manifest). `ringkas distribute` gives
    the briefs folder's manifest cut down to the visits it hands on, and its `dist/` as `out`,
    where the briefs' files are looked for.
    """
    if lang not in PAGE_LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(PAGE_LANGS)}")
    cards = visit_cards(manifest if manifest is not None else Manifest.read(out), out,
                        vocabulary)
    shares = [cards[start:start + page_size] for start in range(0, len(cards), page_size)]
    pages = [(number, page_name(number)) for number in range(1, len(shares) + 1)] \
        or [(1, PAGE_NAME)]
    script = _asset("catalogue.js")
    style = _asset("catalogue.css", before=brief_palette())
    first_page = Page(
        lang=lang, t=texts(), cards=cards[:page_size], number=1, pages=pages,
        range=pair("page_range", first=min(1, len(cards)), last=min(page_size, len(cards)),
                   total=len(cards)),
        syntheses=synthesis_entries(out, vocabulary), themes=theme_options(cards, vocabulary),
        hosts=value_options(cards, "host"), years=value_options(cards, "year"),
        statuses=value_options(cards, "status"),
        updated=pair("updated", date=today or dt.date.today()),
        data=embed_json(search_index(cards, page_size)), style=Markup(style),  # noqa: S704 (ours)
        script=Markup(script),  # noqa: S704
        csp=Markup(content_security_policy(script, style)),  # noqa: S704 (hashes, quotes)
    )
    template = _environment().get_template("index.html.j2")
    rendered = {}
    for number, share in enumerate(shares or [[]], 1):
        first = (number - 1) * page_size
        # the older pages: their own cards, no syntheses, data or script
        page = first_page if number == 1 else dataclasses.replace(
            first_page, cards=share, number=number, syntheses=[], data=Markup(""),
            range=pair("page_range", first=first + 1, last=first + len(share),
                        total=len(cards)),
            script=Markup(""), csp=Markup(content_security_policy(None, style)))  # noqa: S704
        rendered[page_name(number)] = template.render(page=page)
    return rendered


def content_security_policy(script: str | None, style: str) -> str:
    """Nothing but the page's own inline script (if it has one) and stylesheet, each allowed
    by its hash."""
    scripts = f"'{sha256(script)}'" if script is not None else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src '{sha256(style)}'; "
            "base-uri 'none'; form-action 'none'")


def sha256(text: str) -> str:
    """A CSP hash source: 'sha256-' and the base64 digest of the element's text as UTF-8."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def embed_json(data: object) -> Markup:
    """`data` as JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&`
    as \\u escapes, so no string in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 (escaped just above)


# --- small helpers ------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "catalogue"),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def brief_palette() -> str:
    """The `:root` block of the brief's stylesheet: colours and fonts, shared by the catalogue."""
    css = (templates_dir() / "brief" / "static" / "brief.css").read_text(encoding="utf-8")
    match = PALETTE.search(css)
    if match is None:
        raise ValueError("templates/brief/static/brief.css has no ':root { ... }' palette")
    return match.group(0) + "\n\n"


def _asset(name: str, before: str = "") -> str:
    """A file inlined into the page (after `before`), newlines normalised as the HTML parser
    will (the CSP hash is of the parsed text), checked so it cannot end its own element."""
    text = before + (templates_dir() / "catalogue" / name).read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ValueError(f"templates/catalogue/{name} must not contain '</script', '</style' "
                         "or '<!--'")
    return text
