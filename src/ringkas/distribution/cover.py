"""The *nota dinas* that covers the briefs a recipient receives, in the format of *tata naskah
dinas* (the regional government's rules for official correspondence): heading NOTA DINAS, then
Kepada, Dari, Tanggal, Nomor, Sifat, Lampiran and Hal, a short body listing the attached briefs
and the signature area. English memos carry the same fields under "Memo".

Nothing is invented: the number (*nomor*) is left as a dotted line for the secretariat unless
given; "Dari" is the agency and unit of ringkas.toml, or a dotted line; the signature area is
dotted lines for the official who signs. Every value from a notebook or the recipients file
reaches the page through jinja2's autoescape. `templates/cover/nota-dinas.html.j2` is the page,
`nota-dinas.css` its style (inlined: the PDF fetches nothing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ringkas import __version__
from ringkas.contract import spec as C
from ringkas.distribution.numbers import in_words
from ringkas.distribution.recipients import Recipient
from ringkas.project.paths import templates_dir
from ringkas.render.labels import Labels

FOLDER = "nota-dinas"
#: The *sifat* (classification) a memo may carry; its label is `cover.sifat_<key>`.
SIFAT = ("biasa", "segera", "sangat-segera", "terbatas", "rahasia")
DOTS = "…………………………"


@dataclass(frozen=True)
class AttachedBrief:
    """One brief attached to a memo: what the memo's list says of it."""

    visit_id: str
    title: str
    day: dt.date
    kind: str
    host: str
    file: str  # relative to dist/
    #: The brief's revision label ("Revisi 3, 2 Desember 2026, a1b2c3d"), once briefs carry one
    #: (build/revision_log.py); empty: the list shows the file name alone.
    revision: str = ""


@dataclass(frozen=True)
class MemoDetails:
    """What every memo of one run shares: sender, date, number, sifat."""

    agency: str = ""
    unit: str = ""
    day: dt.date | None = None
    number: str = ""
    sifat: str = "biasa"


def memo_name(recipient: Recipient, taken: set[str]) -> str:
    """The file stem of a recipient's memo: their name as a slug, made unique in `taken`."""
    folded = unicodedata.normalize("NFKD", recipient.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-") \
        or f"penerima-{recipient.row}"
    name = slug
    if name in taken:
        name = f"{slug}-{recipient.audience}-{recipient.language}"
    number = 2
    while name in taken:
        name, number = f"{slug}-{recipient.audience}-{recipient.language}-{number}", number + 1
    taken.add(name)
    return name


def memo_html(recipient: Recipient, briefs: list[AttachedBrief], details: MemoDetails,
              *, link_prefix: str = "../") -> str:
    """The memo to `recipient`, as a standalone HTML page (its links relative to
    `dist/nota-dinas/`)."""
    lang = recipient.language
    labels = Labels(lang)
    day = details.day or dt.date.today()
    sender = ", ".join(part for part in (details.unit, details.agency) if part)
    environment = _environment()
    environment.globals["_"] = labels.gettext
    page = environment.get_template("nota-dinas.html.j2").render(
        lang=lang, recipient=recipient, sender=sender, dots=DOTS,
        date=labels.date(day), number=details.number,
        sifat=labels.gettext(f"cover.sifat_{details.sifat.replace('-', '_')}"),
        attachments=labels.ngettext("cover.attachment_count", "cover.attachment_count",
                                    len(briefs), words=in_words(len(briefs), lang)),
        subject=subject(briefs, labels), agency=details.agency,
        briefs=[(brief, labels.date(brief.day), link_prefix + brief.file) for brief in briefs],
        style=Markup(_style()),  # noqa: S704 (our own stylesheet)
        generator=f"ringkas {__version__}")
    return page


def subject(briefs: list[AttachedBrief], labels: Labels) -> str:
    """*Hal*: the briefs of one visit name its kind and host; of several, study visits."""
    if len(briefs) == 1 or len({b.visit_id for b in briefs}) == 1:
        brief = briefs[0]
        kind = C.VISIT_KINDS[brief.kind].label(labels.lang) if brief.kind in C.VISIT_KINDS \
            else brief.kind
        return labels.gettext("cover.subject_one", kind=kind[:1].lower() + kind[1:],
                              host=brief.host)
    return labels.gettext("cover.subject_many")


def pdf_key(html: str) -> str:
    """The key a memo's PDF is made from: its HTML and the version of ringkas (WeasyPrint's)."""
    return hashlib.sha256(f"{__version__}\0{html}".encode()).hexdigest()


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "cover"),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def _style() -> str:
    css = (templates_dir() / "cover" / "nota-dinas.css").read_text(encoding="utf-8")
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("templates/cover/nota-dinas.css must not contain '</style'")
    return css
