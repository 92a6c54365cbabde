"""`ringkas preview`: a local web server showing a visit's brief, re-rendered on every save."""

from __future__ import annotations

import click

from ringkas import api
from ringkas.cli.options import lang_option, message_lang, project_of
from ringkas.contract.spec import AUDIENCES, LANGS
from ringkas.i18n.messages import say


@click.command(name="preview")
@click.argument("visit", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port (bawaan: port bebas) / port (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Alamat server; selain 127.0.0.1 terbuka bagi jaringan / listen address.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Nama host lain yang boleh dipakai untuk membuka pratinjau (boleh berulang) / "
                   "another host name the preview answers to (repeatable).")
@click.option("--no-browser", is_flag=True, help="Jangan buka peramban / do not open a browser.")
@click.option("--audience", type=click.Choice(AUDIENCES), default=AUDIENCES[0],
              show_default=True, help="Audiens halaman pertama / first page's audience.")
@click.option("--brief-lang", type=click.Choice(LANGS), default=LANGS[0], show_default=True,
              help="Bahasa brief halaman pertama / first page's brief language.")
@click.option("--timeout", type=click.IntRange(1), default=120, show_default=True,
              help="Batas waktu per sel, detik / per-cell timeout, seconds.")
@lang_option
@click.pass_context
def preview_command(ctx: click.Context, visit: str | None, port: int, host: str,
                    allow_hosts: tuple[str, ...], no_browser: bool, audience: str,
                    brief_lang: str, timeout: int) -> None:
    """Pratinjau brief di peramban, dirender ulang setiap notebook disimpan.

    Preview a visit's brief in the browser, re-rendered on every save of the notebook, its data
    or the templates, with `ringkas check`'s problems above it. VISIT: a visit id or notebook
    (none: the list of visits). The URL it prints carries a token made for this run, as
    `jupyter lab`'s does; only 127.0.0.1, localhost, ::1, --host and --allow-host names are
    answered. Ctrl-C stops it.
    """
    from ringkas.preview.access import LOOPBACK  # the names the preview answers by default

    lang = message_lang(ctx)
    if host not in LOOPBACK:
        click.echo(say("preview.open_to_network", lang, host=host), err=True)
    api.serve_preview(visit, port=port, host=host, allow_hosts=allow_hosts,
                      browser=not no_browser, audience=audience, brief_lang=brief_lang,
                      timeout=timeout, lang=lang, project=project_of(ctx),
                      listening=lambda url: click.echo(say("preview.listening", lang, url=url)))
    click.echo(say("preview.stopped", lang))
