"""The QR code on a printed brief's last page, pointing to the brief's HTML version.

Added to the HTML that WeasyPrint prints only (`print_html`), so the HTML brief itself does not
carry it. The unit knows the address (`RenderOptions.base_url` + `<visit-id>/<stem>.html`, the
layout of briefs/ that a distributed bundle keeps); no worker reads ringkas.toml.
"""

from __future__ import annotations

import base64
import html as htmllib

from ringkas.i18n.translations import text

#: The block, last in <body>, is a running element shown in the bottom margin of the page it
#: falls on, the last: in the flow it would need room that a two-page brief has not got (it
#: would make a third page), while the margin box between the date and the page number is free.
#: It is narrow enough (62 mm) to leave the date and revision label on its left their room.
QR_CSS = ("@page{@bottom-center{content:element(brief-qr);vertical-align:middle}}"
          ".brief-qr{position:running(brief-qr);font-family:var(--sans,sans-serif);"
          "font-size:6.5pt;line-height:1.25;color:#444;text-align:left;width:62mm}"
          ".brief-qr img{width:15mm;height:15mm;float:left;margin-right:2.5mm}"
          ".brief-qr .brief-qr-url{display:block;word-break:break-all}"
          ".brief-qr strong{display:block;font-size:7pt;color:#222;padding-top:3mm}")


def html_url(base_url: str, visit_id: str, stem: str) -> str:
    """Where the HTML brief `<stem>.html` of `visit_id` is published under `base_url`
    (which ends in "/", as `load_settings` makes it); "" when there is no `base_url`."""
    if not base_url:
        return ""
    return f"{base_url}{visit_id}/{stem}.html"


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as SVG: the smallest version that holds it (the modules as large as
    the margin allows), at the best error correction that version affords."""
    import io

    import segno

    out = io.BytesIO()
    # xmldecl off: the SVG is an <img>'s data: URL; no width/height: CSS sizes it
    code = segno.make_qr(url, error="l", boost_error=True)
    code.save(out, kind="svg", scale=1, border=2, xmldecl=False, svgns=True, nl=False,
              omitsize=True)
    return out.getvalue()


def qr_block(url: str, lang: str) -> str:
    """The last-page block: the QR code, its label and the address printed beside it."""
    data = base64.b64encode(qr_svg(url)).decode("ascii")
    label = htmllib.escape(text("brief.html_version", lang))
    shown = htmllib.escape(url)
    return (f'<aside class="brief-qr" aria-label="{label}">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="QR: {shown}">'
            f'<div><strong>{label}</strong><span class="brief-qr-url">{shown}</span></div>'
            f'</aside>')


def print_html(html: str, url: str, lang: str) -> str:
    """`html` as WeasyPrint should print it: with the QR block to `url` at the end of its body
    and its style in its head; `html` unchanged when `url` is ""."""
    if not url:
        return html
    style = f"<style>{QR_CSS}</style>"
    head = html.rfind("</head>")
    if head >= 0:
        html = html[:head] + style + html[head:]
    body = html.rfind("</body>")
    block = qr_block(url, lang)
    return html[:body] + block + html[body:] if body >= 0 else html + block
