"""`ringkas new` in a terminal: questionary asks for each front-matter field no option gave.

The questions follow the contract's order and labels (`ringkas.contract.spec`), offer its
choices (kind, themes, status) and check an answer by the rule `ringkas check` applies before
taking it, so a researcher never types YAML and never sees a notebook refused for a typo.
Imported only when a terminal is there: questionary and prompt_toolkit cost a start-up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import questionary

from ringkas.contract import spec as C
from ringkas.contract.ids import visit_id
from ringkas.contract.problems import MessageError
from ringkas.i18n.messages import say

Answers = dict[str, Any]
Check = Callable[[str], "bool | str"]


def ask_missing(given: Answers, lang: str) -> Answers:
    """`given` (option values: None or () when not given) with every missing field asked for.

    The prompts write to the real terminal: the CLI's filtered stdout would strip the escape
    sequences prompt_toolkit draws with (a test's own app session still takes precedence).
    """
    answers = dict(given)
    with contextlib.redirect_stdout(sys.__stdout__):
        for key, ask in QUESTIONS:
            if not answers.get(key) and _wanted(key, answers):
                answers[key] = ask(lang)
    return answers


#: What `ringkas init` asks for ringkas.toml: the agency's, the same questions as `new`'s.
AGENCY_KEYS = ("home", "home_bps_code", "agency", "unit")


def ask_agency(given: Answers, lang: str) -> Answers:
    """`given` with the agency's names no option gave asked for (Enter leaves one empty)."""
    answers = dict(given)
    questions = dict(QUESTIONS)
    with contextlib.redirect_stdout(sys.__stdout__):
        for key in AGENCY_KEYS:
            if not answers.get(key) and _wanted(key, answers):
                answers[key] = questions[key](lang)
    return answers


def _wanted(key: str, answers: Answers) -> bool:
    if key == "home_bps_code":
        return bool(answers.get("home"))
    if key == "approved_by":
        return answers.get("status") == "approved"
    return True


# --- one question per kind of field --------------------------------------------------------

def _label(key: str, lang: str, group: str = "field") -> str:
    return say(f"label.{group}.{key}", lang)


def _text(message: str, lang: str, check: Check | None = None, required: bool = False) -> str:
    def validate(answer: str) -> bool | str:
        if not answer.strip():
            return say("new.prompt.required", lang, label=message) if required else True
        return check(answer.strip()) if check else True

    instruction = None if required else say("new.prompt.optional", lang)
    answer = questionary.text(message, validate=validate, instruction=instruction).unsafe_ask()
    return str(answer).strip()


def _text_list(key: str, lang: str) -> tuple[str, ...]:
    """One answer per item (a participant is "Name, position": commas cannot separate them)."""
    message = say("new.prompt.list", lang, label=_label(key, lang))
    items: list[str] = []
    while answer := str(questionary.text(f"{message} {len(items) + 1}").unsafe_ask()).strip():
        items.append(answer)
    return tuple(items)


def _choices(key: str, lang: str) -> list[questionary.Choice]:
    field = C.FRONT_MATTER_FIELDS[key]
    assert field.choices is not None  # noqa: S101 (only choice fields come here)
    return [questionary.Choice(f"{choice.label(lang)} ({value})", value)
            for value, choice in field.choices.items()]


def _select(key: str, default: str) -> Callable[[str], str]:
    def ask(lang: str) -> str:
        return str(questionary.select(_label(key, lang), _choices(key, lang),
                                      default=default).unsafe_ask())
    return ask


def _themes(lang: str) -> tuple[str, ...]:
    chosen = questionary.checkbox(_label("themes", lang), _choices("themes", lang),
                                  instruction=say("new.prompt.checkbox", lang)).unsafe_ask()
    return tuple(chosen)


def _date(lang: str) -> str:
    def check(answer: str) -> bool | str:
        try:
            dt.date.fromisoformat(answer)
        except ValueError:
            return say("new.bad_date", lang, value=answer)
        return True

    return _text(say("new.prompt.date", lang, label=_label("date", lang)), lang, check, True)


def _host(lang: str) -> str:
    def check(answer: str) -> bool | str:
        try:
            visit_id(dt.date(2000, 1, 1), answer)  # the host must give an id
        except MessageError as exc:
            return exc.text(lang)
        return True

    return _text(_label("host", lang), lang, check, required=True)


def _bps_code(region: str) -> Callable[[str], str]:
    def ask(lang: str) -> str:
        def check(answer: str) -> bool | str:
            return bool(C.BPS_CODE_PATTERN.match(answer)) or say("fm.bad_bps_code", lang,
                                                                  value=answer)

        message = say("new.prompt.bps_code", lang, region=_label(region, lang))
        return _text(message, lang, check)
    return ask


def _plain(key: str, required: bool = False) -> Callable[[str], str]:
    return lambda lang: _text(_label(key, lang), lang, required=required)


def _many(key: str) -> Callable[[str], tuple[str, ...]]:
    return lambda lang: _text_list(key, lang)


#: (the option's parameter, how it is asked), in the order of the front matter.
QUESTIONS: tuple[tuple[str, Callable[[str], Any]], ...] = (
    ("title", _plain("title", required=True)),
    ("date", _date),
    ("kind", _select("kind", "studi-referensi")),
    ("host", _host),
    ("host_bps_code", _bps_code("host")),
    ("home", _plain("home")),
    ("home_bps_code", _bps_code("home")),
    ("agency", _plain("agency")),
    ("unit", _plain("unit")),
    ("participants", _many("participants")),
    ("themes", _themes),
    ("sources", _many("sources")),
    ("status", _select("status", C.DRAFT_STATUS)),
    ("approved_by", _plain("approved_by", required=True)),
    ("text_lang", _select("text_lang", C.DEFAULT_LANG)),
)
