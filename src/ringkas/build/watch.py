"""`ringkas render --watch`: keep `briefs/` current while people work, one warm pool for the life
of the watch.

A shared server runs it; every batch of changes (notebooks under notebooks/visits/, files under
data/, the brief templates) is one call of `pipeline.render_briefs` on every notebook, exactly as
a one-off `ringkas render` makes it: the plan skips unchanged visits on their bytes, a deleted
notebook loses its briefs, a broken one keeps its last good briefs, the manifest (and whatever
else `render_briefs` guards the output folder with) is the same. What the watch adds is the
process pool, made once, so each worker's kernel stays warm between batches
(`worker.worker_kernel`), the catalogue page refreshed after each batch, and one log line per
visit rendered, failed or removed.

Stopping: SIGINT (Ctrl-C, which a terminal sends to the whole process group) and SIGTERM (a
service manager) end the watch in the main process. Pool workers ignore SIGINT so that they are
not torn out of a unit half-way; the main process shuts the pool down, each worker's finalizer
shuts its kernel down, and whatever a unit interrupted had staged is removed.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Callable, Iterator, Set
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType

from babel.numbers import format_decimal

from ringkas.build.jobs import JobResult, RenderOptions, RenderReport
from ringkas.build.pipeline import publish_catalogue, render_briefs
from ringkas.build.pool import worker_pool
from ringkas.build.staging import remove_stale_temporaries
from ringkas.contract.config import ConfigError, load_settings
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.spec import PHOTO_TYPES
from ringkas.i18n.messages import say
from ringkas.i18n.translations import babel_locale
from ringkas.notebook.read import find_notebooks
from ringkas.project.paths import Project, templates_dir

__all__ = ["watch_briefs"]

#: Milliseconds of quiet after a change before a batch starts: two saves in quick succession (an
#: editor writing a file twice, JupyterLab's save and its checkpoint) render once.
QUIET_MS = 300
#: Longest a stream of changes is gathered before a batch starts anyway.
GATHER_MS = 1600
#: How often the watcher hands control back while nothing changes (it is how the watch learns
#: that the watcher is running; signals are seen at once regardless).
IDLE_MS = 500
#: Template folders whose change makes the workers start again: nbconvert keeps a compiled
#: template per exporter, and a worker keeps its exporters (`render.exporters._exporter`).
BRIEF_TEMPLATES = ("brief",)
CATALOGUE_TEMPLATES = ("catalogue",)


def watch_briefs(project: Project, options: RenderOptions, *, lang: str,
                 echo: Callable[[str], None] = print) -> None:
    """Render every visit of `project` into `options.out`, then again whenever its inputs
    change, until SIGINT or SIGTERM; log lines in `lang` go to `echo`."""
    if not project.visits_dir.is_dir():
        raise MessageError("cli.no_visits", path=project.visits_dir)
    watch = Watch(project, options, lang, echo)
    with _stop_on_signals():
        try:
            watch.run()
        except KeyboardInterrupt:
            pass  # SIGINT, or SIGTERM turned into it: the way a watch ends
        finally:
            with _signals_ignored():  # a second Ctrl-C must not orphan a kernel
                watch.close()


@dataclass
class Watch:
    project: Project
    options: RenderOptions
    lang: str
    echo: Callable[[str], None]
    pool: ProcessPoolExecutor | None = None
    #: Per visit in the batch running now: kernels started and seconds of work.
    work: dict[str, tuple[int, float]] = field(default_factory=dict)
    watched: list[Path] = field(default_factory=list)
    #: watchfiles' own filter (caches, editors' swap files), set when the watch starts.
    default_filter: Callable[[object, str], bool] = field(default=lambda change, path: True)

    def run(self) -> None:
        import watchfiles  # here: a one-off render never needs it

        self.default_filter = watchfiles.DefaultFilter()  # type: ignore[assignment]
        self.pool = worker_pool(self.options.workers, ignore_interrupt=True)
        self.batch(self.options, initial=True)
        later = replace(self.options, force=False)  # --force means the first render only
        self.watched = self.folders()
        ready = False
        for changes in watchfiles.watch(*self.watched, watch_filter=self.wanted,
                                        debounce=GATHER_MS, step=QUIET_MS, rust_timeout=IDLE_MS,
                                        yield_on_timeout=True, raise_interrupt=True):
            if changes and self.touches(changes, BRIEF_TEMPLATES):
                self.restart("watch.template_changed")
            # the first time round the watcher has just started: render what changed since
            # the first render, then say the watch is on
            if changes or not ready:
                self.batch(later)
            if not ready:
                self.echo(say("watch.ready", self.lang, time=now(),
                              folders=", ".join(map(str, self.watched)), out=self.options.out))
                ready = True

    def folders(self) -> list[Path]:
        """What is watched: the visits, data/ and the templates (those that exist)."""
        templates = [templates_dir() / name for name in BRIEF_TEMPLATES + CATALOGUE_TEMPLATES]
        folders = [self.project.visits_dir, self.options.data_dir, *templates]
        # resolved: the watcher reports absolute paths, `wanted` compares against these
        watched = [folder.resolve() for folder in folders if folder.is_dir()]
        config = self.project.config_path
        return watched + ([config.resolve()] if config.is_file() else [])

    def wanted(self, change: object, path: str) -> bool:
        """Notebooks and photos under the visits folder, any file of data/ and the templates; never
        hidden files (editors' and JupyterLab's temporaries, checkpoints) or caches."""
        if not self.default_filter(change, path):
            return False
        file = Path(path)
        if file == self.project.config_path.resolve():
            return True  # ringkas.toml: its letterhead and themes show in every brief
        for folder in self.watched:
            if file.is_relative_to(folder):
                parts = file.relative_to(folder).parts
                if any(part.startswith(".") for part in parts):
                    return False
                # a photo of a dokumentasi section is an input of its visit's briefs too
                return folder != self.project.visits_dir.resolve() or file.suffix == ".ipynb" \
                    or file.suffix.lower() in PHOTO_TYPES
        return False

    def touches(self, changes: Set[tuple[object, str]], names: tuple[str, ...]) -> bool:
        folders = [(templates_dir() / name).resolve() for name in names]
        return any(Path(path).is_relative_to(folder) for _, path in changes for folder in folders)

    def batch(self, options: RenderOptions, *, initial: bool = False) -> None:
        """One render of every notebook, as `ringkas render` does it; log what it did."""
        paths = find_notebooks([self.project.visits_dir])
        options = replace(options, settings=self.settings(options))
        self.work = {}
        try:
            report = render_briefs(paths, options, executor=self.pool, progress=self.record)
        except BrokenProcessPool:  # a worker was killed (out of memory, by hand): start anew
            self.restart("watch.worker_died")
            self.work = {}
            report = render_briefs(paths, options, executor=self.pool, progress=self.record)
        publish_catalogue(options.out, self.lang, vocabulary=options.vocabulary)
        for line in self.lines(report, options):
            self.echo(line)
        if initial:
            self.echo(report.summary(self.lang, options.audiences, options.formats))

    def settings(self, options: RenderOptions) -> ProjectSettings:
        """ringkas.toml as it is now (asked on every batch: the file may have changed since the
        watch started); while it cannot be read, the error is said and the last good settings
        are kept."""
        try:
            return load_settings(self.project)
        except ConfigError as exc:
            self.echo(exc.text(self.lang))
            return options.settings

    def record(self, result: JobResult) -> None:
        kernels, seconds = self.work.get(result.job.visit_id, (0, 0.0))
        self.work[result.job.visit_id] = (kernels + result.kernels_started,
                                          seconds + result.seconds)

    def lines(self, report: RenderReport, options: RenderOptions) -> Iterator[str]:
        """One line per visit removed, rendered or failed, in that order."""
        time = now()
        for visit_id in report.removed:
            yield say("watch.removed", self.lang, time=time, visit=visit_id)
        made: dict[str, list[str]] = {}
        for job in report.rendered:
            made.setdefault(job.visit_id, []).append(job.lang)
        for visit_id, langs in made.items():
            kernels, seconds = self.work.get(visit_id, (0, 0.0))
            briefs = len(langs) * len(options.audiences) * len(options.formats)
            yield say("watch.made", self.lang, time=time, visit=visit_id, count=briefs,
                      langs=sorted(langs), seconds=self.number(seconds), kernels=kernels)
        for key, error in report.failed.items():
            reason = " | ".join(line.strip() for line in error.text(self.lang).splitlines()
                                if line.strip())
            yield say("watch.failed", self.lang, time=time, visit=Path(key).stem, reason=reason)

    def number(self, seconds: float) -> str:
        return format_decimal(round(seconds, 1), locale=babel_locale(self.lang))

    def restart(self, code: str) -> None:
        """New workers (and so new kernels) for what follows."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = worker_pool(self.options.workers, ignore_interrupt=True)
        self.echo(say(code, self.lang, time=now()))

    def close(self) -> None:
        """Workers and their kernels shut down; nothing an interrupted unit staged is left."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        remove_stale_temporaries(self.options.out)
        self.echo(say("watch.stopped", self.lang, time=now()))


def now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM end the watch, through the same clean-up. SIGINT is installed too,
    not left to Python: a process started in the background of a script inherits SIGINT
    ignored (as `ringkas preview` does, the watch stops on it all the same)."""
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _signals_ignored() -> Iterator[None]:
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
