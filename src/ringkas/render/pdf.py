"""A brief's HTML printed to PDF by WeasyPrint, fetching nothing from outside."""

from __future__ import annotations

from typing import Any


def render_pdf(html: str) -> bytes:
    """The PDF of a brief rendered by `render_html`. Nothing is fetched but data: URLs."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    return HTML(string=html, url_fetcher=offline_fetcher(), media_type="print").write_pdf()


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
