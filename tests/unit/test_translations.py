"""The gettext catalogues: every language says everything, with the same placeholders, and a
new catalogue is a new language without code."""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from ringkas.contract import spec as C
from ringkas.i18n import translations
from ringkas.i18n.messages import say

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src" / "ringkas"
TEMPLATES = ROOT / "templates"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_languages_are_the_catalogues_indonesian_first() -> None:
    assert C.LANGS == translations.languages() == ("id", "en")


def test_every_catalogue_has_the_same_keys() -> None:
    keys = {lang: set(translations.msgids(lang)) for lang in C.LANGS}
    for lang in C.LANGS:
        assert keys[lang] == keys[C.DEFAULT_LANG], (
            f"{lang}: missing {sorted(keys[C.DEFAULT_LANG] - keys[lang])}, "
            f"extra {sorted(keys[lang] - keys[C.DEFAULT_LANG])}")


@pytest.mark.parametrize("key", sorted(translations.msgids(C.DEFAULT_LANG)))
def test_every_entry_has_the_same_placeholders_in_every_language(key: str) -> None:
    forms = {lang: translations.entries(lang)[key] for lang in C.LANGS}
    for lang, texts in forms.items():
        assert all(text.strip() for text in texts), (lang, key)
        assert {frozenset(_fields(text)) for text in texts} == {
            frozenset(_fields(forms[C.DEFAULT_LANG][0]))}, (lang, key)


@pytest.mark.parametrize("key", sorted(k for k in translations.msgids(C.DEFAULT_LANG)
                                       if translations.is_plural(k)))
def test_plural_entries_have_the_forms_of_their_language(key: str) -> None:
    assert len(translations.entries("id")[key]) == 1  # Indonesian: nplurals=1
    assert len(translations.entries("en")[key]) == 2
    assert all(translations.is_plural(key, lang) for lang in C.LANGS)


def test_no_message_says_s_in_brackets() -> None:
    """Counts go through ngettext: "1 error", "2 errors", never "error(s)"."""
    texts = [t for lang in C.LANGS for forms in translations.entries(lang).values() for t in forms]
    assert [t for t in texts if re.search(r"\w\(s\)", t)] == []


def test_a_plural_entry_needs_its_count() -> None:
    with pytest.raises(TypeError, match="pass count="):
        say("search.count", "en", query="x")
    assert say("search.count", "en", count=1, query="desa") == "1 result for desa."
    assert say("search.count", "id", count=2, query="desa") == "2 hasil untuk desa."


def _keys_in_code() -> set[str]:
    """Keys passed as the first literal argument of say(), L(), W(), _() and friends."""
    calls = {"say", "MessageError", "ExecutionFailed", "error", "warn", "text", "count", "_",
             "gettext", "ngettext"}
    found = set()
    for module in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                args = [a for a in node.args if isinstance(a, ast.Constant)
                        and isinstance(a.value, str)]
                if name in calls and args and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", args[0].value):
                    found.add(args[0].value)
    for template in TEMPLATES.rglob("*.j2"):
        found |= set(re.findall(r"\b(?:_|ngettext)\(['\"]([a-z_.]+)['\"]",
                                template.read_text(encoding="utf-8")))
    return found


def test_every_key_the_code_uses_is_in_the_catalogues() -> None:
    used = _keys_in_code()
    assert "brief.watermark" in used and "cli.check_summary" in used  # the scan finds them
    assert sorted(used - translations.msgids(C.DEFAULT_LANG)) == []


def test_a_new_catalogue_is_a_new_language(tmp_path: Path) -> None:
    """Copy a catalogue into a folder of catalogues: ringkas offers it, no code changed."""
    shutil.copytree(translations.PACKAGED, tmp_path / "locale")
    po = translations.translation_path("en", tmp_path / "locale")
    pirate = translations.translation_path("xx", tmp_path / "locale")
    pirate.parent.mkdir(parents=True)
    pirate.write_text(po.read_text(encoding="utf-8")
                      .replace('msgstr "file not found."', 'msgstr "arr, no such file."'),
                      encoding="utf-8")
    code = ("from ringkas.contract import spec; from ringkas.i18n.messages import say; "
            "print(spec.LANGS, say('file.missing', 'xx'), sorted(spec.PARAMETERS['lang'].choices))")
    env = {**os.environ, "RINGKAS_LOCALE_DIR": str(tmp_path / "locale"),
           "PYTHONPATH": str(SOURCES.parent)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, check=True)
    assert result.stdout.strip() == "('id', 'en', 'xx') arr, no such file. ['en', 'id', 'xx']"
    cli = "import sys; sys.argv = ['ringkas', '--help']; from ringkas.cli import main; main()"
    help_text = subprocess.run([sys.executable, "-c", cli],
                               capture_output=True, text=True, env=env)
    assert "[id|en|xx]" in help_text.stdout, help_text.stderr


def _fresh_load(path: Path) -> object:
    translations._load.cache_clear()  # as in a new process
    return translations._load(path)


def test_a_compiled_catalogue_is_read_from_the_cache_not_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = translations.translation_path("en", translations.PACKAGED)
    first = _fresh_load(path)
    assert len(list((tmp_path / "cache" / "ringkas").glob("catalogue-*.mo"))) == 1

    def no_parse(source: bytes) -> bytes:
        raise AssertionError("parsed again although its compiled form is in the cache")

    monkeypatch.setattr(translations, "_compile", no_parse)
    again = _fresh_load(path)
    translations._load.cache_clear()
    assert again._catalog == first._catalog  # type: ignore[attr-defined]
    assert again.info() == first.info()  # type: ignore[attr-defined]


def test_an_edited_catalogue_is_compiled_again_never_read_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "ringkas.po"
    shutil.copy(translations.translation_path("en", translations.PACKAGED), path)
    assert _fresh_load(path).gettext("render.catalogue") != "Edited {path}"  # type: ignore[attr-defined]
    text = path.read_text(encoding="utf-8")
    start = text.index('msgid "render.catalogue"')
    end = text.index("\n\n", start)
    path.write_text(text[:start] + 'msgid "render.catalogue"\nmsgstr "Edited {path}"' + text[end:],
                    encoding="utf-8")
    edited = _fresh_load(path)
    translations._load.cache_clear()
    assert edited.gettext("render.catalogue") == "Edited {path}"  # type: ignore[attr-defined]
    assert len(list((tmp_path / "cache" / "ringkas").glob("catalogue-*.mo"))) == 2


def test_a_cache_that_cannot_be_written_still_gives_the_catalogue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = translations.translation_path("id", translations.PACKAGED)
    loaded = _fresh_load(path)
    translations._load.cache_clear()
    assert loaded.gettext("render.catalogue").startswith("Katalog")  # type: ignore[attr-defined]
