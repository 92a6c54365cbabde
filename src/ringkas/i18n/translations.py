"""The gettext catalogues: `locale/<lang>/LC_MESSAGES/ringkas.po`, one per language.

Every text ringkas shows a user has a symbolic key as its msgid ("file.missing",
"brief.watermark", "label.section.summary"). The languages are the catalogues found: a new
language is a new `.po` file, no code (docs/i18n.md). The `Language` header of each catalogue
names its Babel locale ("id_ID", "en_GB"), which dates and numbers use.

The `.po` files are read at run time (no compiled `.mo` to keep in step, so a checkout and an
installed wheel behave alike): Babel parses a catalogue into an in-memory
`gettext.GNUTranslations` the first time a language is asked for, once per process. Babel's
parse is the largest part of a `ringkas render` with nothing to do (importing `babel.messages`
alone pulls in `babel.dates`, pytz and the local time zone), so the compiled catalogue is kept in
the user's cache folder (`$XDG_CACHE_HOME/ringkas`, else `~/.cache/ringkas`) under the SHA-256
of the `.po` file's bytes and Babel's version: an edited catalogue has another name and is
compiled again, never read stale. A cache that cannot be written is no error, only slower.
`RINGKAS_LOCALE_DIR` points at another folder of catalogues, to try a translation before it
joins the package.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import hashlib
import io
import os
from pathlib import Path

DOMAIN = "ringkas"
DEFAULT_LANG = "id"
PACKAGED = Path(__file__).parent / "locale"


def locale_dir() -> Path:
    """The folder of catalogues: `RINGKAS_LOCALE_DIR`, else the one in the package."""
    return Path(os.environ.get("RINGKAS_LOCALE_DIR") or PACKAGED)


def translation_path(lang: str, folder: Path | None = None) -> Path:
    return (folder or locale_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(folder: Path | None = None) -> tuple[str, ...]:
    """The languages with a catalogue, the default (Indonesian) first, then by code."""
    root = folder or locale_dir()
    found = sorted(p.name for p in root.iterdir() if translation_path(p.name, root).is_file()) \
        if root.is_dir() else []
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANG, lang)))


def cache_dir() -> Path:
    """Where compiled catalogues are kept: `$XDG_CACHE_HOME/ringkas`, else `~/.cache/ringkas`."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "ringkas"


def write_cache(path: Path, data: bytes) -> None:
    """`data` into the cache file `path`, whole or not at all: written beside it, then renamed
    over (a reader never sees half a file). Here, not `project.files.write_atomic`: i18n and
    project are sibling layers. Raises OSError where the cache cannot be written."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@functools.cache
def _load(path: Path) -> gettext.GNUTranslations:
    import babel  # its version is part of the cache key (babel.core is loaded for dates anyway)

    source = path.read_bytes()
    key = hashlib.sha256(source + b"\0babel " + babel.__version__.encode()).hexdigest()[:32]
    cached = cache_dir() / f"catalogue-{key}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except (OSError, ValueError):  # none yet, or unreadable (then compiled and written again)
        pass
    compiled = _compile(source)
    with contextlib.suppress(OSError):  # a read-only home or sandbox: no cache, still right
        write_cache(cached, compiled)
    return gettext.GNUTranslations(io.BytesIO(compiled))


def _compile(source: bytes) -> bytes:
    """The `.mo` bytes of the `.po` file `source` (Babel; fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(source), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def translation(lang: str) -> gettext.GNUTranslations:
    """The catalogue of `lang`, parsed once per process; ValueError for a language without one."""
    return _translation(lang, os.environ.get("RINGKAS_LOCALE_DIR") or "")


@functools.cache
def _translation(lang: str, folder: str) -> gettext.GNUTranslations:
    path = translation_path(lang, Path(folder) if folder else PACKAGED)
    if not path.is_file():
        raise ValueError(f"unknown language {lang!r}; choose one of: {', '.join(languages())}")
    return _load(path)


def babel_locale(lang: str) -> str:
    """The Babel locale of `lang`, from its catalogue's `Language` header ("en" -> "en_GB")."""
    return translation(lang).info().get("language") or lang


def msgids(lang: str) -> frozenset[str]:
    """Every key `lang`'s catalogue translates."""
    return _msgids(translation(lang))


@functools.cache
def _msgids(catalogue: gettext.GNUTranslations) -> frozenset[str]:
    keys = catalogue._catalog  # type: ignore[attr-defined]  # gettext keeps no public list
    return frozenset(key if isinstance(key, str) else key[0] for key in keys if key)


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    """Every entry of `lang`'s catalogue: key -> its text, or its plural forms, unfilled."""
    found: dict[str, list[str]] = {}
    for key, value in sorted(translation(lang)._catalog.items(),  # type: ignore[attr-defined]
                             key=lambda item: str(item[0])):
        if key:
            found.setdefault(key if isinstance(key, str) else key[0], []).append(value)
    return {key: tuple(forms) for key, forms in found.items()}


def is_plural(key: str, lang: str = DEFAULT_LANG) -> bool:
    """Whether `key` is an entry with plural forms (its text depends on `count`)."""
    return (key, 0) in translation(lang)._catalog  # type: ignore[attr-defined]


def text(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text `key` in `lang`, `{name}` placeholders filled. A plural entry picks its form by
    the `count` parameter (ngettext): "1 more recommendation", "2 more recommendations"."""
    catalogue = translation(lang)
    if is_plural(key, lang):
        count = params.get("count")
        if not isinstance(count, int):
            raise TypeError(f"{key!r} has plural forms: pass count=<an int>")
        template = catalogue.ngettext(key, key, count)
    else:
        template = catalogue.gettext(key)
    if template == key and key not in msgids(lang):
        raise KeyError(key)
    return template.format(**params) if params else template

