"""`ringkas.toml` parsed and checked into `ProjectSettings` (`ringkas.contract.settings`).

Read in steps, as jupytext reads its config: find (`Project.config_path`), parse (tomllib),
check (every key known, every value of its type, choices named), load (`load_settings`, a
frozen `ProjectSettings`). An unknown key or a bad value is a `ConfigError` naming the file, the
key and what is valid. The keys are documented in docs/config.md, which a test keeps in step
with `KEYS`.

This lives in `contract` although the file is found by `project`: checking it needs the
contract's vocabulary and the message catalogues, which `project` (the lowest layer) may not
import.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from ringkas.contract import branding as B
from ringkas.contract import spec as C
from ringkas.contract.addresses import address_problem, shown
from ringkas.contract.branding import Branding
from ringkas.contract.links import LinkOutside, read_inside
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import DEFAULT_SETTINGS, Opd, ProjectSettings, SmtpConfig
from ringkas.contract.themes import BUILTIN_THEMES, AgencyTheme
from ringkas.project.paths import Project


class ConfigError(MessageError):
    """ringkas.toml cannot be used as written."""


#: Every key of ringkas.toml, as table.key, with what a value must be. docs/config.md lists them.
KEYS: dict[str, str] = {
    "agency.name": "text",
    "agency.unit": "text",
    "home.name": "text",
    "home.bps_code": "bps_code",
    "briefs.languages": "languages",
    "opd": "opds",
    "theme": "themes",
    "site.base_url": "url",
    "smtp.host": "host",
    "smtp.port": "port",
    "smtp.starttls": "bool",
    "smtp.user": "text",
    "smtp.from": "email",
    "smtp.password_env": "env_name",
    "branding.logo": "logo",
    "branding.letterhead": "letterhead",
    "branding.colour": "colour",
    "branding.accent": "colour",
}
#: Keys refused with a message of their own (the password belongs in the environment).
REFUSED = {"smtp.password": "config.smtp_password"}
#: Spellings ringkas does not use, and the key meant ("did you mean").
SPELLINGS = {"brand": "branding", "branding.color": "branding.colour",
             "branding.colors": "branding.colour", "branding.colours": "branding.colour",
             "branding.accent_color": "branding.accent",
             "branding.accent_colour": "branding.accent"}
TABLES = sorted({key.split(".")[0] for key in KEYS})
OPD_KEYS = ("name", "short")
THEME_KEYS = ("code", *C.LANGS)  # code, id, en
THEME_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def load_settings(project: Project) -> ProjectSettings:
    """The settings of `project`: its ringkas.toml checked, else the defaults. Cheap to ask
    again: one parse per content of the file (and of the logo), so a long-lived process that
    asks on every render follows the file's changes."""
    path = project.config_path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return DEFAULT_SETTINGS
    return _cached(path, raw)


def settings_or_defaults(project: Project) -> tuple[ProjectSettings, ConfigError | None]:
    """`load_settings`, for what must go on while ringkas.toml is broken (a preview): the
    defaults and the file's error instead of raising it."""
    try:
        return load_settings(project), None
    except ConfigError as exc:
        return DEFAULT_SETTINGS, exc


_CACHE: dict[tuple[Path, bytes], ProjectSettings] = {}


def _cached(path: Path, raw: bytes) -> ProjectSettings:
    """One parse per file content (and logo): `check` asks once per notebook."""
    key = (path, raw)
    settings = _CACHE.get(key)
    if settings is None or (settings.logo_stamp and _stamp(Path(settings.logo_stamp[0]))
                            != settings.logo_stamp):
        settings = _CACHE[key] = parse_config(path, raw)
    return settings


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


def parse_config(path: Path, raw: bytes) -> ProjectSettings:
    """The settings written in `raw` (the bytes of `path`), checked."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config.unreadable", path=path, error=str(exc)) from None
    values: dict[str, object] = {}
    for table, content in data.items():
        if table not in TABLES:
            raise ConfigError("config.unknown_key", path=path, key=table, choices=TABLES,
                              suggest=SPELLINGS.get(table))
        if table == "opd":
            values["opds"] = _opds(path, content)
            continue
        if table == "theme":
            values["themes"] = _themes(path, content)
            continue
        if not isinstance(content, Mapping):
            raise ConfigError("config.not_table", path=path, key=table)
        for name, value in content.items():
            key = f"{table}.{name}"
            if key in REFUSED:
                raise ConfigError(REFUSED[key], path=path, key=key,
                                  env=SmtpConfig.password_env)
            if key not in KEYS:
                choices = [k for k in KEYS if k.startswith(f"{table}.")]
                raise ConfigError("config.unknown_key", path=path, key=key, choices=choices,
                                  suggest=SPELLINGS.get(key))
            values[key] = CHECKS[KEYS[key]](path, key, value)
    branding, stamp = _branding(path, values)
    return ProjectSettings(
        path=path, agency=_str(values, "agency.name"), unit=_str(values, "agency.unit"),
        home=_str(values, "home.name"), home_bps_code=_str(values, "home.bps_code"),
        languages=values.get("briefs.languages", C.LANGS),  # type: ignore[arg-type]
        opds=values.get("opds", ()),  # type: ignore[arg-type]
        smtp=_smtp(values),
        themes=values.get("themes", ()),  # type: ignore[arg-type]
        base_url=_str(values, "site.base_url"), branding=branding, logo_stamp=stamp,
    )


def _smtp(values: Mapping[str, object]) -> SmtpConfig:
    default = SmtpConfig()
    return SmtpConfig(
        host=str(values.get("smtp.host") or default.host),
        port=int(values.get("smtp.port", default.port)),  # type: ignore[call-overload]
        starttls=bool(values.get("smtp.starttls", default.starttls)),
        user=_str(values, "smtp.user"), sender=_str(values, "smtp.from"),
        password_env=str(values.get("smtp.password_env") or default.password_env))


def _str(values: Mapping[str, object], key: str) -> str:
    return str(values.get(key, ""))


def _text(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigError("config.not_text", path=path, key=key)
    return value.strip()


def _bps_code(path: Path, key: str, value: object) -> str:
    text = _text(path, key, value)
    if text and not C.BPS_CODE_PATTERN.match(text):
        raise ConfigError("config.bad_bps_code", path=path, key=key, value=text)
    return text


def _url(path: Path, key: str, value: object) -> str:
    """An http(s) address ending in "/", so that "visit/brief.html" may be joined to it."""
    text = _text(path, key, value)
    if text and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", text):
        raise ConfigError("config.bad_url", path=path, key=key, value=text)
    return text if not text or text.endswith("/") else text + "/"


def _host(path: Path, key: str, value: object) -> str:
    """A host name or IP address, without a scheme or a port (those have keys of their own)."""
    text = _text(path, key, value)
    if text and not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]",
                                 text):
        raise ConfigError("config.bad_host", path=path, key=key, value=text)
    return text


def _port(path: Path, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ConfigError("config.bad_port", path=path, key=key, value=value)
    return value


def _bool(path: Path, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError("config.not_bool", path=path, key=key, value=value)
    return value


def _email(path: Path, key: str, value: object) -> str:
    """One plain address, checked by the rule the recipients file's are (contract.addresses)."""
    text = _text(path, key, value)
    why = address_problem(text) if text else None
    if why is not None:
        raise ConfigError(_BAD_EMAIL[why], path=path, key=key, value=shown(text))
    return text


#: address_problem's reason -> the message that says it for a key of ringkas.toml
_BAD_EMAIL = {"shape": "config.bad_email", "control": "config.email_control",
              "non_ascii": "config.email_non_ascii", "comment": "config.email_comment",
              "literal": "config.email_literal"}


def _env_name(path: Path, key: str, value: object) -> str:
    text = _text(path, key, value)
    if text and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise ConfigError("config.bad_env_name", path=path, key=key, value=text)
    return text


def _languages(path: Path, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError("config.not_languages", path=path, key=key, choices=list(C.LANGS))
    for lang in value:
        if lang not in C.LANGS:
            raise ConfigError("config.bad_choice", path=path, key=key, value=lang,
                              choices=list(C.LANGS))
    return tuple(dict.fromkeys(value))


def _opds(path: Path, value: object) -> tuple[Opd, ...]:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError("config.not_opds", path=path, key="opd")
    opds = []
    for number, entry in enumerate(value, start=1):
        for name in entry:
            if name not in OPD_KEYS:
                raise ConfigError("config.unknown_key", path=path, key=f"opd[{number}].{name}",
                                  choices=[f"opd.{k}" for k in OPD_KEYS])
        name = _text(path, f"opd[{number}].name", entry.get("name", ""))
        if not name:
            raise ConfigError("config.opd_no_name", path=path, key=f"opd[{number}].name")
        short = _text(path, f"opd[{number}].short", entry.get("short", "")) or name
        opds.append(Opd(name, short))
    return tuple(opds)


def _themes(path: Path, value: object) -> tuple[AgencyTheme, ...]:
    """The agency's own themes: a code unlike every built-in one, a label in every language."""
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError("config.not_themes", path=path, key="theme")
    taken = C.spellings(BUILTIN_THEMES)
    themes: list[AgencyTheme] = []
    for number, entry in enumerate(value, start=1):
        where = f"theme[{number}]"
        for name in entry:
            if name not in THEME_KEYS:
                raise ConfigError("config.unknown_key", path=path, key=f"{where}.{name}",
                                  choices=[f"theme.{k}" for k in THEME_KEYS])
        texts = {}
        for name in THEME_KEYS:
            texts[name] = _text(path, f"{where}.{name}", entry.get(name, ""))
            if not texts[name]:
                raise ConfigError("config.theme_missing", path=path, key=f"{where}.{name}")
        code = texts["code"]
        if not THEME_CODE.fullmatch(code):
            raise ConfigError("config.bad_theme_code", path=path, key=f"{where}.code", value=code)
        for name in THEME_KEYS:
            clash = taken.get(C.name_key(texts[name]))
            if clash is not None:
                raise ConfigError("config.theme_clash", path=path, key=f"{where}.{name}",
                                  value=texts[name], theme=clash,
                                  label=BUILTIN_THEMES[clash].label(C.DEFAULT_LANG)
                                  if clash in BUILTIN_THEMES else clash)
        theme = AgencyTheme(code, "theme", tuple((lang, texts[lang]) for lang in C.LANGS))
        taken.update({C.name_key(texts[name]): code for name in THEME_KEYS})
        themes.append(theme)
    return tuple(themes)


def _logo(path: Path, key: str, value: object) -> tuple[Path, bytes, str] | None:
    """The logo file named relative to the project root: inside it (no symbolic link out of
    it), a PNG or JPEG that decodes, small in bytes and in pixels."""
    text = _text(path, key, value)
    if not text:
        return None
    root, named = path.parent.resolve(), path.parent.resolve() / text
    if Path(text).is_absolute() or os.path.normpath(text).split(os.sep)[0] == "..":
        raise ConfigError("config.logo_outside", path=path, key=key, value=text, root=root)
    try:  # a symbolic link out of the project is never read (ringkas.contract.links)
        content = read_inside(named, root, B.LOGO_LIMIT)
    except LinkOutside as exc:
        raise ConfigError("config.logo_link_outside", path=path, key=key, value=text,
                          target=exc.target, root=root) from None
    except OSError:
        raise ConfigError("config.logo_missing", path=path, key=key, value=text,
                          file=named.resolve()) from None
    file = named.resolve()
    if len(content) > B.LOGO_LIMIT:
        raise ConfigError("config.logo_too_large", path=path, key=key, value=text,
                          size=-(-file.stat().st_size // 1024), limit=B.LOGO_LIMIT // 1024)
    kind, trouble = B.image_type(content), B.logo_trouble(content)
    if kind is None or trouble is not None:
        code, params = trouble or ("config.logo_not_image", {})
        raise ConfigError(code, path=path, key=key, value=text, **params)
    return file, content, kind


def _letterhead(path: Path, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise ConfigError("config.not_letterhead", path=path, key=key)
    lines = tuple(line.strip() for line in value if line.strip())
    if len(lines) > B.LETTERHEAD_LINES:
        raise ConfigError("config.letterhead_lines", path=path, key=key, lines=len(lines),
                          limit=B.LETTERHEAD_LINES)
    for number, line in enumerate((line.strip() for line in value), start=1):
        if len(line) > B.LETTERHEAD_LENGTH:
            raise ConfigError("config.letterhead_long", path=path, key=key, number=number,
                              length=len(line), limit=B.LETTERHEAD_LENGTH)
    return lines


def _colour(path: Path, key: str, value: object) -> str:
    text = _text(path, key, value)
    if text and not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        example = B.DEFAULT_ACCENT if key == "branding.accent" else "#1f4e79"
        raise ConfigError("config.bad_colour", path=path, key=key, value=text, example=example)
    return text.lower()


def _branding(path: Path, values: Mapping[str, object]
              ) -> tuple[Branding, tuple[str, int, int] | None]:
    """ProjectSettings' branding fields, once the colours are known to stay readable together."""
    colour, accent = _str(values, "branding.colour"), _str(values, "branding.accent")
    if colour and B.contrast(colour, "#ffffff") < B.MIN_CONTRAST_WHITE:
        raise ConfigError("config.colour_too_light", path=path, key="branding.colour",
                          value=colour, ratio=f"{B.contrast(colour, '#ffffff'):.1f}",
                          minimum=B.MIN_CONTRAST_WHITE)
    pair = (colour or B.DEFAULT_COLOUR, accent or B.DEFAULT_ACCENT)
    if (colour or accent) and B.contrast(*pair) < B.MIN_CONTRAST_ACCENT:
        raise ConfigError("config.colour_clash", path=path, colour=pair[0], accent=pair[1],
                          ratio=f"{B.contrast(*pair):.1f}", minimum=B.MIN_CONTRAST_ACCENT)
    logo = values.get("branding.logo")
    file, content, kind = logo if isinstance(logo, tuple) else (None, b"", "")
    branding = Branding(logo=content, logo_type=kind, colour=colour, accent=accent,
                        letterhead=values.get("branding.letterhead", ()))  # type: ignore[arg-type]
    return branding, (_stamp(file) if file else None)


CHECKS: dict[str, Callable[[Path, str, object], object]] = {
    "text": _text,
    "bps_code": _bps_code,
    "languages": _languages,
    "url": _url,
    "host": _host,
    "port": _port,
    "bool": _bool,
    "email": _email,
    "env_name": _env_name,
    "logo": _logo,
    "letterhead": _letterhead,
    "colour": _colour,
}

