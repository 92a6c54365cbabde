"""The catalogue page at a phone's width (390 px) in headless Chromium: the HTML and PDF buttons
of every brief row, in every card, stand at the same x, whatever the length of the labels."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from html import escape
from pathlib import Path

import pytest

from ringkas.build.catalogue import render_catalogue
from tests.functional.test_catalogue import briefs_folder, chromium, facts

#: Headless Chromium's window is at least 500 px wide: the page goes into a 390 px frame (srcdoc,
#: so the outer page may read it), and the outer page measures it once it has loaded.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" style="width:390px;height:3000px;border:0" srcdoc="{srcdoc}"></iframe>
<script>
document.getElementById("phone").addEventListener("load", () => {{
  const inner = document.getElementById("phone").contentWindow;
  const rows = [].map.call(inner.document.querySelectorAll(".card .briefs li"), li =>
    [].map.call(li.querySelectorAll("a.fmt"), a => {{
      const box = a.getBoundingClientRect();
      return [a.textContent, Math.round(box.left), Math.round(box.right)];
    }}));
  document.body.setAttribute("data-result", JSON.stringify({{width: inner.innerWidth, rows}}));
}});
</script></body></html>"""


@pytest.mark.slow
def test_at_390_px_the_buttons_of_every_card_line_up(tmp_path: Path) -> None:
    binary = chromium()
    names = [f"{audience}.{lang}.{fmt}" for audience in ("pimpinan", "teknis")
             for lang in ("id", "en") for fmt in ("html", "pdf")]
    out = briefs_folder(tmp_path, {
        "2022-11-28-contoh": facts("Studi Referensi Kemiskinan", "2022-11-28"),
        "2024-02-20-lain": facts("Studi Banding Digital dengan judul yang jauh lebih panjang",
                                 "2024-02-20"),
    }, {
        "2022-11-28-contoh": [f"2022-11-28-contoh.{name}" for name in names],
        "2024-02-20-lain": [f"2024-02-20-lain.{name}" for name in names
                            if name != "teknis.en.pdf"],  # one row with HTML only
    })
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", render_catalogue(out))
    page = out / "measured.html"
    page.write_text(FRAME.format(srcdoc=escape(html, quote=True)), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="ringkas-chromium-") as profile:
        done = subprocess.run([binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                               "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
                               "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=60)
    found = re.search(r'data-result="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert result["width"] == 390
    rows = result["rows"]
    assert len(rows) == 8 and sum(len(r) for r in rows) == 15
    for label in ("HTML", "PDF"):
        boxes = {(left, right) for row in rows for text, left, right in row if text == label}
        assert len(boxes) == 1, f"the {label} buttons stand at {sorted(boxes)}"
