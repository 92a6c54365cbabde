"""Every sentence ringkas says to a user, from the gettext catalogues (`ringkas.i18n.translations`).

`say(code, lang, **params)` picks the language and fills the placeholders; a message with plural
forms picks its form by the `count` parameter. A `suggest` param, when set, appends "did you
mean ...". Lists passed as values are joined with commas. The texts themselves live in
`locale/<lang>/LC_MESSAGES/ringkas.po`, keyed by `code`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ringkas.i18n.translations import DEFAULT_LANG, msgids, text


def _fmt(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def say(code: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The message `code` in `lang`, placeholders filled."""
    suggest = params.pop("suggest", None)
    message = text(code, lang, **{k: _fmt(v) for k, v in params.items()})
    if suggest:
        message = f"{message} {text('hint.did_you_mean', lang, suggest=suggest)}"
    return message


def count(key: str, lang: str, n: int) -> str:
    """A number with its noun, in the right plural form: say("count.errors", "en", 1) -> "1 error".
    For sentences that hold several counts ("3 notebooks checked: 1 error, 0 warnings")."""
    return text(key, lang, count=n)


def is_message(code: str) -> bool:
    """Whether `code` is a key of the catalogues (checked against the default language)."""
    return code in msgids(DEFAULT_LANG)


def quoted(values: Iterable[str]) -> list[str]:
    return [f"\"{v}\"" for v in values]
