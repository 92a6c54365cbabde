"""The agency's settings as one value: `ProjectSettings`, read from ringkas.toml once per command
(`ringkas.contract.config.load_settings`) and passed to every stage that needs it: validation
(through its `vocabulary`), the render units and their kernels, the preview, distribution and
the knowledge base. Nothing here is module state; a long-lived process (preview, watch, the
Jupyter extension) asks `load_settings` again and gets a new value when the file changed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ringkas.contract import spec as C
from ringkas.contract.branding import NO_BRANDING, Branding
from ringkas.contract.themes import AgencyTheme, Vocabulary


@dataclass(frozen=True)
class Opd:
    """One of the agency's OPDs (perangkat daerah): its full name and the name people use."""

    name: str
    short: str

    @property
    def names(self) -> tuple[str, str]:
        return (self.name, self.short)


@dataclass(frozen=True)
class SmtpConfig:
    """The `[smtp]` table: the server `distribute --email` sends through, and as whom.

    The password is never in the file: `password_env` names the environment variable that holds
    it, so that ringkas.toml may be committed and shared.
    """

    host: str = "localhost"
    port: int = 587
    starttls: bool = True
    user: str = ""
    sender: str = ""  # `from`: the From address; required to send
    password_env: str = "RINGKAS_SMTP_PASSWORD"  # noqa: S105 (a variable's name, no password)


@dataclass(frozen=True)
class ProjectSettings:
    """The agency's settings; every field has the default of a project without ringkas.toml.

    Plain, frozen and picklable: a render unit carries it to a process-pool or Dask worker,
    which never reads ringkas.toml itself.
    """

    path: Path | None = None
    agency: str = ""
    unit: str = ""
    home: str = ""
    home_bps_code: str = ""
    languages: tuple[str, ...] = C.LANGS
    opds: tuple[Opd, ...] = ()
    base_url: str = ""
    smtp: SmtpConfig = SmtpConfig()
    branding: Branding = NO_BRANDING
    themes: tuple[AgencyTheme, ...] = ()  # added to the built-in vocabulary
    #: (path, st_mtime_ns, st_size) of the logo as read: a long-lived process (preview, watch)
    #: reads the file again when it changes.
    logo_stamp: tuple[str, int, int] | None = None

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The themes this project's visits may use: the built-in ones and its own."""
        return Vocabulary(self.themes)

    def brief_digest(self) -> str:
        """A hash of what of these settings a brief shows ("" when nothing): part of its key.
        (`base_url` is keyed on its own, as only PDFs show it.)"""
        parts = [self.branding.digest(), self.vocabulary.digest()]
        return "\0".join(parts) if any(parts) else ""


#: The settings of a project without ringkas.toml.
DEFAULT_SETTINGS = ProjectSettings()
