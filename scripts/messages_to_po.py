"""Move messages added to a hand-written (id, en) dict into both gettext catalogues.

For branches written before the catalogues: they added entries such as
    "render.preview_ready": ("Pratinjau siap: {url}", "Preview ready: {url}"),
to `ringkas.i18n.messages.MESSAGES`. Paste those entries into a file as a Python dict literal
(or point at a module that still defines MESSAGES) and run, from the repository root:

    python scripts/messages_to_po.py added.py          # a file holding `{...}` or MESSAGES = {...}
    python scripts/messages_to_po.py added.py --dry-run

Entries already in the catalogues are left alone (a differing text is reported). Keys are added
to `src/ringkas/i18n/locale/{id,en}/LC_MESSAGES/ringkas.po`, sorted. A text with "(s)" is
reported: make it a plural entry by hand (msgid_plural, msgstr[0]/[1], a `count` parameter).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "ringkas" / "i18n" / "locale"


def added_entries(path: Path) -> dict[str, tuple[str, str]]:
    """The dict literal in `path`: the value of `MESSAGES = {...}`, or a bare `{...}`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            value = ast.literal_eval(node)
            if value and all(isinstance(v, tuple) and len(v) == 2 for v in value.values()):
                return value
    raise SystemExit(f"{path}: no dict of (Indonesian, English) pairs found")


def merge(entries: dict[str, tuple[str, str]], dry_run: bool = False) -> int:
    problems = 0
    for index, lang in enumerate(("id", "en")):
        po = LOCALE / lang / "LC_MESSAGES" / "ringkas.po"
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        added = 0
        for key, texts in entries.items():
            if "(s)" in texts[1]:
                print(f"{key}: '(s)' in the English text: make it a plural entry by hand")
                problems += 1
            existing = catalogue.get(key)
            if existing is None:
                catalogue.add(key, texts[index])
                added += 1
                print(f"{lang}: added {key}")
            elif existing.string != texts[index]:
                print(f"{lang}: {key} is already there with another text; left as it is")
                problems += 1
        if added and not dry_run:  # Babel rewrites the header's dates: only when needed
            with po.open("wb") as handle:
                write_po(handle, catalogue, width=100, sort_output=True, no_location=True)
    return problems


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--dry-run"]
    if len(args) != 1:
        raise SystemExit(__doc__)
    sys.exit(1 if merge(added_entries(Path(args[0])), "--dry-run" in sys.argv) else 0)
