"""What a render is asked to do and what it did: options, units of work, their results.

Plain data, picklable, so that a unit can go to a process-pool worker or a Dask worker on
another machine and come back, with no shared disk: a `Job` carries the notebook's bytes as
planned and the bytes of the data files its code may read (`DataFiles`), so the worker reads no
file of the project and renders exactly what was fingerprinted; a `JobResult` carries the
rendered files' bytes, which only the main process writes (`ringkas.build.staging`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.build.manifest import files_under
from ringkas.contract.branding import Branding
from ringkas.contract.links import LinkOutside, outside, read_inside
from ringkas.contract.problems import MessageError, Problem, RingkasError
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.contract.spec import AUDIENCES, FORMATS, LANGS
from ringkas.contract.themes import Vocabulary
from ringkas.i18n.messages import count, say
from ringkas.i18n.numbers import short_decimal

if TYPE_CHECKING:  # not at run time: a run with nothing to do imports no renderer
    from collections.abc import Iterable

    from ringkas.contract.model import Visit
    from ringkas.notebook.checked import CheckedVisit
    from ringkas.render.revision import Revision


@dataclass(frozen=True)
class RenderOptions:
    out: Path
    data_dir: Path
    langs: tuple[str, ...] = LANGS
    audiences: tuple[str, ...] = AUDIENCES
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    execute: bool = True
    fresh_kernel: bool = False
    timeout: int = 120
    workers: int = 1  # processes rendering at once (`ringkas render --jobs`)
    sandbox: bool = False  # kernels under bubblewrap (ringkas.render.sandbox)
    rendered_on: dt.date | None = None  # the date printed in the footer; default: today
    #: The project's ringkas.toml, read once by the command: the letterhead and colours, the
    #: agency's themes, site.base_url (each PDF's last page then has a QR code to its HTML
    #: version there). Carried by the options, as a worker reads no project file.
    settings: ProjectSettings = DEFAULT_SETTINGS

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def branding(self) -> Branding:
        return self.settings.branding

    @property
    def vocabulary(self) -> Vocabulary:
        return self.settings.vocabulary

    @property
    def hidden_env(self) -> tuple[str, ...]:
        """The environment variables no kernel gets besides ringkas's own secrets (which
        `Kernel.hide` always adds): the one ringkas.toml's smtp.password_env names."""
        return (self.settings.smtp.password_env,)

    def settings_digest(self) -> str:
        """A hash of the project settings a brief shows ("" without any): part of its key."""
        return self.settings.brief_digest()

    def outputs(self, visit_id: str, lang: str) -> list[str]:
        """The file names one (visit, lang) unit writes."""
        names = []
        for audience in self.audiences:
            stem = f"{visit_id}.{audience}.{lang}"
            names += [f"{stem}.{fmt}" for fmt in self.formats] + [f"{stem}.ipynb"]
        return names


#: The most bytes of data/ a unit takes along: every unit with code carries all of them (to a
#: process-pool worker, or over the network to a Dask worker), so a folder past this is refused.
DATA_LIMIT = 64 * 1024 * 1024

#: (path relative to data/, bytes) of every data file, as the fingerprint covers them.
DataFiles = tuple[tuple[str, bytes], ...]


def read_data_files(data_dir: Path, limit: int = DATA_LIMIT) -> DataFiles:
    """The files under `data_dir` the fingerprint covers (`manifest.Fingerprints`), as bytes.

    Raises `MessageError("render.data_too_large")` past `limit` bytes in all, and
    `LinkOutside` ("render.data_link_outside") for a symbolic link that leads out of the project
    (the folder holding `data_dir`): its file is never read (`ringkas.contract.links`).
    """
    if not data_dir.is_dir():
        return ()
    paths = data_paths(data_dir)
    root = data_dir.parent
    for path in paths:  # before any size or byte is taken from a file elsewhere
        target = outside(path, root)
        if target is not None:
            raise LinkOutside(path, target, root.resolve(), "render.data_link_outside")
    total = sum(p.stat().st_size for p in paths)
    if total > limit:
        raise MessageError("render.data_too_large", path=data_dir, size=_mib(total),
                           limit=_mib(limit))
    return tuple((p.relative_to(data_dir).as_posix(), read_inside(p, root)) for p in paths)


def data_paths(data_dir: Path) -> list[Path]:
    """The files under `data_dir`, sorted (`manifest.files_under`, as the fingerprint hashes)."""
    return sorted(files_under(data_dir))


def data_links_outside(data_dir: Path) -> list[tuple[Path, Path]]:
    """(link, where it leads) of each file under `data_dir` that leads out of the project."""
    found = ((path, outside(path, data_dir.parent)) for path in data_paths(data_dir))
    return [(path, target) for path, target in found if target is not None]


def data_link_problems(visits: Iterable[Visit], data_dir: Path) -> dict[Path, list[Problem]]:
    """For `ringkas check`: an error on each visit with code to run for each file of data/
    that is a link out of the project (its render would fail, `read_data_files`)."""
    links = data_links_outside(data_dir)
    root = data_dir.parent.resolve()
    return {visit.path: [Problem(visit.path, None, None, "evidence.data_link_outside",
                                 {"link": link, "target": target, "root": root})
                         for link, target in links]
            for visit in visits if visit.has_code and links}


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}"


@dataclass(frozen=True)
class Job:
    """One (visit, language) to render."""

    visit_id: str
    path: Path
    lang: str
    key: str
    facts: dict = field(hash=False, compare=False)
    #: The notebook's bytes as the plan read and fingerprinted them (empty for a skipped unit).
    notebook: bytes = field(default=b"", hash=False, compare=False, repr=False)
    #: The data files its code may read; empty when it runs no code (their bytes are not in its
    #: key either). Attached by `pipeline.run` just before the unit goes out.
    data: DataFiles = field(default=(), hash=False, compare=False, repr=False)
    #: The visit's photo files beside the notebook (`<visit-id>/foto-1.jpg`, bytes), read by the
    #: plan with the notebook and covered by its key: a worker elsewhere has no project folder.
    photos: DataFiles = field(default=(), hash=False, compare=False, repr=False)
    #: The revisions of this visit in this language known so far (`ringkas.build.revision_log`),
    #: from which the worker labels what it renders; None: no log (a preview), no label.
    revisions: tuple[Revision, ...] | None = field(default=None, hash=False, compare=False,
                                                   repr=False)
    #: The notebook as the plan read and validated it, with where papermill's parameters cell
    #: goes (`ringkas.notebook.checked`): the worker neither decodes nor validates it again.
    #: None: the worker reads and validates `notebook` itself, once.
    checked: CheckedVisit | None = field(default=None, hash=False, compare=False, repr=False)

    @property
    def runs_code(self) -> bool:
        return bool(self.facts.get("has_code"))


@dataclass
class JobResult:
    job: Job
    #: The rendered files, by name relative to `options.out` (`<visit-id>/<visit-id>.<...>`);
    #: written by the main process only, and only when `error` is None.
    files: dict[str, bytes] = field(default_factory=dict, repr=False)
    error: RingkasError | None = None
    seconds: float = 0.0
    kernels_started: int = 0
    #: The revision the briefs are labelled with (a new one or a known one); the main process
    #: records it in the visit's log when it publishes the files (`pipeline.finish`).
    revision: Revision | None = None


@dataclass
class RenderReport:
    rendered: list[Job] = field(default_factory=list)
    skipped: list[Job] = field(default_factory=list)
    failed: dict[str, RingkasError] = field(default_factory=dict)  # visit id or path -> why
    removed: list[str] = field(default_factory=list)
    #: Outputs rendered again because they were changed or removed since ringkas wrote them:
    #: path -> "changed" | "missing".
    repaired: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    kernels_started: int = 0

    def summary(self, lang: str, audiences: tuple[str, ...] = AUDIENCES,
                formats: tuple[str, ...] = FORMATS) -> str:
        """The closing line in briefs and files, as a user counts them.

        A unit of the report is one (visit, language); it makes a brief per audience, and a file
        per brief and format (the executed notebook beside them is provenance, not counted).
        Failed and removed are visits.
        """
        seconds = short_decimal(self.seconds, lang)  # Babel's text, without its locale data
        per_unit = len(audiences)
        made = len(self.rendered) * per_unit
        counts = [f"{count('count.briefs_made', lang, made)} "
                  f"({count('count.files', lang, made * len(formats))})",
                  count("count.briefs_unchanged", lang, len(self.skipped) * per_unit),
                  count("count.visits_failed", lang, len(self.failed))]
        if self.removed:
            counts.append(count("count.visits_removed", lang, len(self.removed)))
        return say("render.summary", lang, seconds=seconds, counts=counts)
