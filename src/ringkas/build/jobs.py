"""What a render is asked to do and what it did: options, units of work, their results.

Plain data, picklable, so that a unit can go to a process-pool worker (or, later, a Dask
cluster) and come back: a `Job` carries the notebook's bytes as planned, so the worker reads no
file and renders exactly what was fingerprinted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.contract.problems import RingkasError
from ringkas.contract.spec import AUDIENCES, FORMATS, LANGS


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
    jobs: int = 1
    sandbox: bool = False  # kernels under bubblewrap (ringkas.render.sandbox)
    rendered_on: dt.date | None = None  # the date printed in the footer; default: today

    def outputs(self, visit_id: str, lang: str) -> list[str]:
        """The file names one (visit, lang) unit writes."""
        names = []
        for audience in self.audiences:
            stem = f"{visit_id}.{audience}.{lang}"
            names += [f"{stem}.{fmt}" for fmt in self.formats] + [f"{stem}.ipynb"]
        return names


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


@dataclass
class JobResult:
    job: Job
    moves: list[tuple[str, str]] = field(default_factory=list)  # (temporary file, target)
    error: RingkasError | None = None
    seconds: float = 0.0
    kernels_started: int = 0


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
