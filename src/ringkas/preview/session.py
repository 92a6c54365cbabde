"""The preview of one visit: a warm kernel, the last good brief, the check's problems, live.

A `PreviewSession` renders one (audience, lang) at a time, when a page asks for it, through the
same unit of work as `ringkas render` (`ringkas.build.worker.unit_files`, its namespace reset
between runs by the kernel) into a temporary folder per render: never into briefs/, never into
the notebook. One thread per session renders; a change of its inputs (`touch`) makes every view
that a page asked for stale. Changes are debounced (saves within `SETTLE` seconds render once)
and a newer change supersedes a render in progress: its result is dropped, never shown, and the
render starts again from the newer files. A render that fails keeps the last good brief, beside
the problems or the error that stopped it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ringkas.build.jobs import Job, RenderOptions
from ringkas.contract.problems import MessageError, Problem, RingkasError
from ringkas.contract.settings import ProjectSettings
from ringkas.notebook.checked import CheckedVisit
from ringkas.notebook.read import check_visits
from ringkas.project.paths import Project

#: Seconds of quiet after a change before rendering: an editor's save is often several writes.
SETTLE = 0.12

Key = tuple[str, str]  # (audience, lang)


@dataclass
class View:
    """What a preview page of one (audience, lang) shows. `version` grows whenever any of it
    changes; `brief_version` only when the brief itself does."""

    audience: str
    lang: str
    version: int = 0
    generation: int = -1  # the input generation this view shows; -1: not rendered yet
    html: str | None = None  # the last good brief
    brief_version: int = 0
    pdf: bytes | None = None
    pdf_of: int = -1  # the brief_version the PDF was printed from
    problems: list[Problem] = field(default_factory=list)
    error: RingkasError | None = None
    rendered_at: float | None = None  # time.time() of the last good brief
    seconds: float = 0.0
    busy: bool = False

    @property
    def pdf_current(self) -> bool:
        return self.html is not None and self.pdf_of == self.brief_version


class PreviewSession:
    """One visit's preview; `stop()` ends its thread and its kernel."""

    def __init__(self, visit_id: str, path: Path, *, data_dir: Path, render_lock: threading.Lock,
                 before_render: Callable[[], None] = lambda: None, timeout: int = 120,
                 project: Project | None = None) -> None:
        from ringkas.render.execute import Kernel  # papermill and jupyter_client: not at import

        self.visit_id, self.path, self.data_dir, self.timeout = visit_id, path, data_dir, timeout
        #: whose ringkas.toml the briefs follow: by default the project around the notebook
        self.project = project or Project.find(path.parent)
        self.kernel = Kernel()
        self.renders = 0  # renders started (tests read it: debounce)
        self.superseded = 0  # renders whose result a newer change made obsolete
        self.listeners: set[Callable[[], None]] = set()
        self._lock, self._render_lock, self._before = threading.Condition(), render_lock, \
            before_render
        self._views: dict[Key, View] = {}
        self._order: list[Key] = []  # most recently asked first
        self._pdf_wanted: set[Key] = set()
        self._generation, self._changed_at, self._stopping = 0, 0.0, False
        self._thread = threading.Thread(target=self._run, name=f"preview {visit_id}", daemon=True)
        self._thread.start()

    # --- what pages call -------------------------------------------------------------------

    def view(self, audience: str, lang: str, *, pdf: bool = False) -> View:
        """The view of (audience, lang), asked for from now on (rendered if it is not yet)."""
        key = (audience, lang)
        with self._lock:
            view = self._views.setdefault(key, View(audience, lang))
            if key in self._order:
                self._order.remove(key)
            self._order.insert(0, key)
            if pdf:
                self._pdf_wanted.add(key)
            if self._stale(key):
                self._lock.notify_all()
            return view

    def wait(self, audience: str, lang: str, ready: Callable[[View], bool],
             timeout: float) -> View:
        """The view once `ready(view)` holds, or as it is after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        view = self.view(audience, lang, pdf=False)
        with self._lock:
            while not ready(view) and not self._stopping:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
        return view

    def touch(self) -> None:
        """The notebook, the data or the templates changed: every view is stale."""
        with self._lock:
            self._generation += 1
            self._changed_at = time.monotonic()
            self._lock.notify_all()

    def stop(self, wait: float = 30.0) -> None:
        """End the thread (after the render in progress) and shut the kernel down."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._thread.join(wait)
        # normally done by the thread on its way out; again here if a cell is still running
        self.kernel.shutdown()

    # --- the render thread -----------------------------------------------------------------

    def _stale(self, key: Key) -> bool:
        view = self._views[key]
        return view.generation < self._generation or (
            key in self._pdf_wanted and view.html is not None and not view.pdf_current)

    def _next(self) -> tuple[Key, int] | None:
        """The next view to render and the generation to render, once the inputs settled."""
        with self._lock:
            while not self._stopping:
                stale = [key for key in self._order if self._stale(key)]
                quiet = self._changed_at + SETTLE - time.monotonic()
                if stale and quiet <= 0:
                    return stale[0], self._generation
                self._lock.wait(quiet if stale else None)
            return None

    def _run(self) -> None:
        try:
            while (step := self._next()) is not None:
                key, generation = step
                view = self._views[key]
                if view.generation < generation:
                    self._render(key, generation)
                elif view.html is not None:
                    self._print(key, generation)
        finally:
            self.kernel.shutdown()

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation and not self._stopping

    def _render(self, key: Key, generation: int) -> None:
        audience, lang = key
        self._publish(key, generation=None, busy=True)
        with self._render_lock:
            self.renders += 1
            self._before()
            started = time.perf_counter()
            data = _read(self.path)
            settings, error = self._settings()
            checked = check_visits([self.path], {self.path: data} if data is not None else None,
                                   vocabulary=settings.vocabulary, keep_notebooks=True)
            problems = checked.problems.get(self.path, [])
            html = None
            if error is None and not any(p.is_error for p in problems) \
                    and self._current(generation):
                try:
                    html = self._brief(audience, lang, data or b"", settings,
                                       checked.checked.get(self.path))
                except RingkasError as exc:
                    error = exc
                except Exception as exc:  # noqa: BLE001 (a broken template: say it, keep going)
                    error = MessageError("render.unexpected", visit=self.visit_id,
                                         detail=f"{type(exc).__name__}: {exc}")
            seconds = time.perf_counter() - started
        if not self._current(generation):  # a newer save came in: its render will be shown
            self.superseded += 1
            self._publish(key, generation=None, busy=False)
            return
        self._publish(key, generation=generation, busy=False, problems=problems, error=error,
                      html=html, seconds=seconds)

    def _settings(self) -> tuple[ProjectSettings, RingkasError | None]:
        """ringkas.toml as it is now, read for each render (the file may change while the
        preview runs); its error, shown in place of the brief, when it cannot be read."""
        from ringkas.contract.config import settings_or_defaults

        return settings_or_defaults(self.project)

    def _brief(self, audience: str, lang: str, data: bytes, settings: ProjectSettings,
               checked: CheckedVisit | None = None) -> str:
        """The brief's HTML, rendered by the unit of work `ringkas render` runs; the unit
        returns its files' bytes and writes nothing (its `out` only names them). `checked`:
        the notebook as the preview's check read it, not validated again by the unit."""
        from ringkas.build.jobs import read_data_files
        from ringkas.build.worker import unit_files

        # the data files travel with the unit, as in `render`: the code reads their copy
        job = Job(self.visit_id, self.path, lang, "preview", {}, data,
                  read_data_files(self.data_dir) if self.data_dir.is_dir() else (),
                  checked=checked)
        options = RenderOptions(out=self.path.parent, data_dir=self.data_dir, langs=(lang,),
                                audiences=(audience,), formats=("html",), timeout=self.timeout,
                                # the brief as `render` makes it: letterhead, colours, themes
                                settings=settings)
        files = staged_files(unit_files(job, options, self.kernel))
        return files[f"{self.visit_id}.{audience}.{lang}.html"].decode("utf-8")

    def _print(self, key: Key, generation: int) -> None:
        """The PDF of the view's current brief."""
        from ringkas.render.pdf import render_pdf

        view = self._views[key]
        html, of = view.html, view.brief_version
        if html is None:
            return
        with self._render_lock:
            try:
                pdf: bytes | None = render_pdf(html)
            except Exception as exc:  # noqa: BLE001 (WeasyPrint failing: shown, not raised)
                pdf = None
                error: RingkasError | None = MessageError(
                    "render.unexpected", visit=self.visit_id, detail=f"{type(exc).__name__}: {exc}")
            else:
                error = None
        with self._lock:
            if view.brief_version == of:
                view.pdf, view.pdf_of = pdf, of
                if error is not None:
                    view.error = error
                view.version += 1
                self._lock.notify_all()
        self._notify()

    def _publish(self, key: Key, *, generation: int | None, busy: bool,
                 problems: list[Problem] | None = None, error: RingkasError | None = None,
                 html: str | None = None, seconds: float = 0.0) -> None:
        with self._lock:
            view = self._views[key]
            view.busy = busy
            if generation is not None:
                view.generation, view.problems, view.error = generation, problems or [], error
                if html is not None:
                    view.html, view.rendered_at, view.seconds = html, time.time(), seconds
                    view.brief_version += 1
            view.version += 1
            self._lock.notify_all()
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            with contextlib.suppress(Exception):  # a page gone away must not stop the render
                listener()


def _read(path: Path) -> bytes | None:
    """The notebook's bytes, or None when it is gone or unreadable (its check says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def staged_files(result: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files a unit of work rendered (`unit_files`: target relative to the output folder ->
    bytes), by file name."""
    return {Path(target).name: content for target, content in result.items()}
