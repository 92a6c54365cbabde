"""What `ringkas new` writes into a visit's front matter, and its checks by the contract's rules.

Light on purpose (no nbformat): the CLI imports it on every command to check option values.
Every value reaches the YAML through `yaml.safe_dump`, double-quoted on one line, so a title
holding `: "quotes"` or a name that YAML would read as a date, a number or null stays the text
that was typed; the skeleton's `# comments` beside each key stay for the researcher.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.contract import spec as C
from ringkas.contract.problems import MessageError, Problem, RingkasError, closest
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.messages import say

DEFAULT_KIND = "studi-referensi"  # what the skeleton has always said when nobody chose

#: The `ringkas new` option of each front-matter field (and of the BPS codes inside regions).
OPTIONS: dict[str, str] = {
    "title": "--title", "date": "--date", "kind": "--kind", "host": "--host",
    "host.bps_code": "--host-bps-code", "home": "--home", "home.bps_code": "--home-bps-code",
    "agency": "--agency", "unit": "--unit", "participants": "--participant",
    "led_by": "--led-by", "received_by": "--received-by", "venue": "--venue",
    "themes": "--theme", "sources": "--source", "status": "--status",
    "approved_by": "--approved-by", "text_lang": "--text-lang",
}
#: The fields whose values are choices of the contract, and where they are listed (the
#: built-in themes: `ringkas new --help` shows them).
CHOICES: dict[str, Mapping[str, C.Choice]] = {
    "kind": C.VISIT_KINDS, "themes": C.THEMES, "status": C.VISIT_STATUSES,
    "text_lang": C.FRONT_MATTER_FIELDS["text_lang"].choices or {},
}
#: Contract problems that read better said in terms of the options.
OPTION_MESSAGES = {"fm.approved_without_approver": "new.approved_without_approver"}


@dataclass(frozen=True)
class VisitDetails:
    """The front-matter fields of a new visit besides title, date and host; empty means not
    known yet (the skeleton then shows an empty value for the researcher to fill)."""

    kind: str = DEFAULT_KIND
    host_bps_code: str = ""
    home: str = ""
    home_bps_code: str = ""
    agency: str = ""
    unit: str = ""
    participants: Sequence[str] = ()
    led_by: str = ""
    received_by: Sequence[str] = ()  # each "Name; position" or the name alone
    venue: str = ""
    themes: Sequence[str] = ()
    sources: Sequence[str] = ()
    status: str = C.DRAFT_STATUS
    approved_by: str = ""
    text_lang: str = C.DEFAULT_LANG  # the language the visit's text is written in
    #: The project's themes (ringkas.toml [[theme]] beside the built-in ones) `themes` may use.
    vocabulary: Vocabulary = field(default=BUILTIN, repr=False, compare=False)

    def fields(self) -> dict[str, object]:
        """The details as `ringkas.api.new_visit`'s keyword arguments (the vocabulary aside)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name != "vocabulary"}

    def resolved(self) -> VisitDetails:
        """The same details with every choice written as its key ("Studi banding" ->
        "studi-banding"); a MessageError naming the option for a value the contract lacks,
        or for a BPS code given without the region it belongs to."""
        if self.home_bps_code.strip() and not self.home.strip():
            raise MessageError("new.code_without_region", code_option=OPTIONS["home.bps_code"],
                               region_option=OPTIONS["home"])
        return dataclasses.replace(
            self, kind=resolve_choice("kind", self.kind),
            status=resolve_choice("status", self.status),
            text_lang=resolve_choice("text_lang", self.text_lang or C.DEFAULT_LANG),
            themes=tuple(dict.fromkeys(resolve_choice("themes", t, self.vocabulary)
                                       for t in self.themes)),
            host_bps_code=self.host_bps_code.strip(), home=self.home.strip(),
            home_bps_code=self.home_bps_code.strip(), agency=self.agency.strip(),
            unit=self.unit.strip(), approved_by=self.approved_by.strip(),
            participants=_texts(self.participants), sources=_texts(self.sources),
            led_by=self.led_by.strip(), received_by=_texts(self.received_by),
            venue=self.venue.strip())


def resolve_choice(field: str, value: str, vocabulary: Vocabulary = BUILTIN) -> str:
    """The key of `value` (a key, or a label in any language, case and spacing aside) among
    the choices of `field` (the project's `vocabulary` for themes), by the rule the
    front-matter reader applies."""
    choices = vocabulary.choices(C.FRONT_MATTER_FIELDS[field])
    key = C.spellings(choices).get(C.name_key(value or ""))
    if key is None:
        raise MessageError("new.bad_choice", option=OPTIONS[field], value=value,
                           choices=list(choices), suggest=closest(value or "", choices))
    return key


def yaml_value(value: str | Sequence[str]) -> str:
    """One YAML value on one line: a double-quoted scalar, or a flow list of them."""
    import yaml  # here: `ringkas render` imports this module (via the CLI) but never writes YAML

    data = value if isinstance(value, str) else list(value)
    return yaml.safe_dump(data, default_style='"', default_flow_style=True, allow_unicode=True,
                          width=float("inf")).strip()


def people_value(people: Sequence[str]) -> str:
    """`received_by` on one line: "Name; position" becomes `{"name": ..., "position": ...}`
    (a semicolon, as names and positions hold commas: "Dr. Sari, M.Si."), a name alone stays
    a line of text."""
    import yaml

    entries: list[object] = []
    for person in people:
        name, _, position = (part.strip() for part in person.partition(";"))
        entries.append({"name": name, "position": position} if position else name)
    return yaml.safe_dump(entries, default_style='"', default_flow_style=True,
                          allow_unicode=True, width=float("inf"), sort_keys=False).strip()


def placeholders(title: str, host: str, details: VisitDetails) -> dict[str, str]:
    """The skeleton's front-matter placeholders (`{title}`, `{kind}`, ...) and their YAML."""
    return {
        "{title}": yaml_value(title), "{host}": yaml_value(host),
        # choices are keys of the contract, plain words YAML reads as themselves
        "{kind}": details.kind, "{status}": details.status, "{text_lang}": details.text_lang,
        "{host_bps_code}": yaml_value(details.host_bps_code),
        "{home}": yaml_value(details.home), "{home_bps_code}": yaml_value(details.home_bps_code),
        "{agency}": yaml_value(details.agency), "{unit}": yaml_value(details.unit),
        "{participants}": yaml_value(details.participants),
        "{led_by}": yaml_value(details.led_by), "{venue}": yaml_value(details.venue),
        "{received_by}": people_value(details.received_by),
        "{themes}": "[" + ", ".join(details.themes) + "]",
        "{sources}": yaml_value(details.sources), "{approved_by}": yaml_value(details.approved_by),
    }


def check_front_matter(source: str, vocabulary: Vocabulary = BUILTIN) -> None:
    """Read the front matter about to be written as `ringkas check` will (with the project's
    `vocabulary`); its first error, if any, is raised naming the option that gave the value
    (nothing is written then)."""
    import nbformat.v4 as v4  # `new` writes the notebook with nbformat just after

    from ringkas.contract.problems import Findings
    from ringkas.notebook.frontmatter import read_front_matter

    found = Findings(Path("new"))
    read_front_matter([v4.new_raw_cell(source)], found, vocabulary)
    errors = [p for p in found.problems if p.is_error]
    if errors:
        raise InvalidOption(errors[0])


class InvalidOption(RingkasError):
    """A value given to `ringkas new` that the contract refuses, said with its option."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(self.text("en"))

    def text(self, lang: str = "id") -> str:
        code = OPTION_MESSAGES.get(self.problem.code)
        if code:
            return say(code, lang)
        option = OPTIONS.get(self.problem.field or "", self.problem.field or "")
        return f"{option}: {say(self.problem.code, lang, **self.problem.params)}"

    def __reduce__(self) -> tuple:
        return (type(self), (self.problem,))


def _texts(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values if v and v.strip())
