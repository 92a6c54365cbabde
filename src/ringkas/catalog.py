"""`briefs/index.html`: a page listing every visit and links to its briefs.

Built from the manifest alone, so it is rewritten after every render, even when nothing was
rendered, without opening a notebook. Every value reaches the page through jinja2's autoescape.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ringkas.manifest import Manifest, write_atomic

PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ t.title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem;
       color: #1d2733; line-height: 1.45; }
h1 { font-size: 1.5rem; border-bottom: 3px solid #0b4f6c; padding-bottom: .4rem; }
li { margin: .8rem 0; list-style: none; }
ul { padding: 0; }
.meta { color: #5a6570; font-size: .9rem; }
a { color: #0b4f6c; margin-right: .6rem; }
</style>
</head>
<body>
<h1>{{ t.title }}</h1>
<ul>
{% for id, v in visits %}
<li><strong>{{ v.title }}</strong><br>
<span class="meta">{{ v.date }} · {{ v.host }} · {{ v.status }}
 · {{ t.followup }}: {{ v.done }}/{{ v.recommendations }}</span><br>
{% for name in v.outputs | sort if not name.endswith(".ipynb") %}<a href="{{ id }}/{{ name }}">{{ name }}</a>{% endfor %}
</li>
{% endfor %}
</ul>
</body>
</html>
"""

TEXT = {
    "id": {"title": "Katalog ringkasan kebijakan studi kunjungan", "followup": "Rekomendasi selesai"},
    "en": {"title": "Catalogue of study-visit policy briefs", "followup": "Recommendations done"},
}


def write_catalog(out: Path, lang: str = "id") -> Path:
    """Write `out/index.html` from the manifest; returns its path."""
    manifest = Manifest.read(out)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    visits = sorted(manifest.visits.items(), key=lambda item: item[1].get("date", ""), reverse=True)
    html = env.from_string(PAGE).render(visits=visits, lang=lang, t=TEXT[lang])
    path = out / "index.html"
    write_atomic(path, html.encode("utf-8"))
    return path
