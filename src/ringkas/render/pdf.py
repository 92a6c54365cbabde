"""A brief's HTML printed to PDF by WeasyPrint, fetching nothing from outside.

Every PDF is PDF/A-3b (ISO 19005-3, level B) with tagged structure for screen readers, so an
archive can keep it and a reader can follow it; PDF/A-3 allows attachments, which carry the
brief's own evidence (`Embedded`: the executed notebook and the data files it read,
`ringkas.render.archive`). The XMP metadata comes from the page's <title>, <meta name=author>,
<meta name=description>, <meta name=keywords> and <html lang>.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from ringkas.render.fit import nearly_empty_last_page, tightened
from ringkas.render.printcss import detached_styles, print_only
from ringkas.render.qr import print_html

#: The PDF variant of every brief (WeasyPrint's name).
PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class Embedded:
    """A file attached to a PDF. `relationship` is its PDF/A-3 AFRelationship: "Source" for
    what the brief was made from (the executed notebook), "Data" for what it shows."""

    name: str
    content: bytes = field(repr=False)
    description: str = ""
    relationship: str = "Unspecified"  # its MIME type WeasyPrint guesses from `name`


def render_pdf(html: str, *, attachments: Sequence[Embedded] = (), html_url: str = "",
               lang: str | None = None) -> bytes:
    """The PDF/A-3b of a brief rendered by `render_html`. Nothing is fetched but data: URLs.

    `attachments` are embedded; `html_url`, when given, is printed with its QR code at the end
    of the last page, labelled in `lang` (default: Indonesian).
    """
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    def layout(page: str) -> Any:
        # WeasyPrint parses only the CSS that can apply to this page in print (printcss), and
        # a stylesheet it has parsed for an earlier brief is not parsed again
        page = print_only(page)
        detached = detached_styles(page)
        sheets: list[Any] = []
        if detached is not None:
            page, sheets = detached[0], [parsed_css(css) for css in detached[1]]
        return HTML(string=page, url_fetcher=offline_fetcher(), media_type="print").render(
            stylesheets=sheets, font_config=font_config(), pdf_variant=PDF_VARIANT,
            pdf_tags=True)

    printed = print_html(html, html_url, lang or "id")
    document = layout(printed)
    tight = tightened(printed) if nearly_empty_last_page(document) else None
    if tight is not None:  # a line or two spilled over: try the tighter spacing once
        retried = layout(tight)
        if len(retried.pages) < len(document.pages):
            document = retried
    with_language(document.metadata)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, finisher=one_af_entry,
                              custom_metadata=True,
                              attachments=[weasy_attachment(a) for a in attachments])


def one_af_entry(document: Any, pdf: Any) -> None:
    """Each attachment once in the catalogue's /AF: WeasyPrint 70 lists it there twice (from
    the name tree and from the file specification), which PDF/A validators may flag."""
    listed = pdf.catalog.get("AF")
    if listed:
        unique = list(dict.fromkeys(listed))
        listed.clear()
        listed.extend(unique)


def weasy_attachment(embedded: Embedded) -> Any:
    from weasyprint import Attachment

    # a fixed date: the same brief gives the same bytes, whatever the clock says
    when = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return Attachment(file_obj=io.BytesIO(embedded.content), name=embedded.name,
                      description=embedded.description or None, created=when, modified=when,
                      relationship=embedded.relationship)


def with_language(metadata: Any) -> None:
    """Add dc:language (the page's <html lang>) to the XMP WeasyPrint writes, which leaves it
    out; PDF/A readers and archives look for it there."""
    lang = metadata.lang
    if not lang:
        return
    generate = metadata.generate_rdf_metadata
    description = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>").encode()

    def rdf(*args: Any, **kwargs: Any) -> bytes:
        xml: bytes = generate(*args, **kwargs)
        end = xml.rfind(b"</rdf:RDF>")
        return xml[:end] + description + xml[end:] if end >= 0 else xml

    metadata.generate_rdf_metadata = rdf


@functools.lru_cache(maxsize=1)
def font_config() -> Any:
    """One WeasyPrint font configuration per process. Without one, every PDF sets up
    fontconfig and Pango's font map anew and measures the same fonts again: a sixth of the
    time of a brief. (Briefs declare no @font-face, so nothing is added to it between them.)"""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=64)
def parsed_css(css: str) -> Any:
    """The brief's <style> text parsed once per process (a brief's print CSS depends only on
    which classes it uses, so briefs of the same audience share it). WeasyPrint takes it as a
    user stylesheet: the only author styles left are style="" attributes, which beat any
    stylesheet rule as before; only an !important on both sides would now resolve the other
    way, and brief.css's few !important rules are on template-made elements."""
    from weasyprint import CSS

    return CSS(string=css, media_type="print", url_fetcher=offline_fetcher(),
               font_config=font_config())


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses everything but the data: URLs a brief embeds."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 70 takes a function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"a brief fetches nothing from outside: {url[:80]}")
            return default_url_fetcher(url, *args, **kwargs)
        return fetch
    return URLFetcher(allowed_protocols={"data"})
