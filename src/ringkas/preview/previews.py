"""The previews of one project: the visits a server may show, their sessions, the file watcher.

Only notebooks inside the project are ever previewed: a visit is named by its id, which must be
a well-formed visit id, and found in notebooks/visits (or among the notebooks the server was
started with); a notebook whose real path (symbolic links followed) leaves the project is
refused like an unknown id. One render runs at a time in the whole server: the exporters are
shared by every session of the process, and the machine's cores are better spent on one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ringkas.contract.config import settings_or_defaults
from ringkas.contract.links import inside
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.spec import VISIT_ID_PATTERN
from ringkas.notebook.read import check_visits, find_notebooks
from ringkas.preview.session import PreviewSession
from ringkas.project.paths import Project, templates_dir


@dataclass(frozen=True)
class VisitEntry:
    """One line of the visit list."""

    visit_id: str
    title: str | None  # None when the notebook does not load
    errors: int
    warnings: int


class Previews:
    """Sessions by visit id, created on first visit; `close()` ends them all."""

    def __init__(self, project: Project, *, notebooks: tuple[Path, ...] = (), lang: str = "id",
                 timeout: int = 120, watch: bool = True) -> None:
        self.project, self.lang, self.timeout = project, lang, timeout
        self.extra = {path.stem: path for path in notebooks if inside(path, project.root)}
        self.sessions: dict[str, PreviewSession] = {}
        self.render_lock = threading.Lock()
        self._lock = threading.Lock()
        self._templates_changed = False
        self._closed = False
        self._watcher = None
        if watch:
            from ringkas.preview.watch import Watcher

            self._watcher = Watcher(self.watched(), self.changed)

    # --- finding visits --------------------------------------------------------------------

    def notebooks(self) -> dict[str, Path]:
        """Every visit notebook the server shows, by visit id."""
        found = dict(self.extra)
        folder = self.project.visits_dir
        if folder.is_dir():
            found.update((p.stem, p) for p in find_notebooks([folder]))
        return {visit_id: path for visit_id, path in sorted(found.items())
                if VISIT_ID_PATTERN.match(visit_id) and inside(path, self.project.root)}

    def path_of(self, visit_id: str) -> Path | None:
        """The notebook of `visit_id`, or None when the id names nothing in the project."""
        if not VISIT_ID_PATTERN.match(visit_id):
            return None
        if visit_id in self.sessions:  # its notebook may be gone: the page says so
            return self.sessions[visit_id].path
        return self.notebooks().get(visit_id)

    def entries(self) -> list[VisitEntry]:
        paths = self.notebooks()
        checked = check_visits(paths.values(), vocabulary=self.settings().vocabulary)
        titles = {visit.path: visit.title for visit in checked.visits}
        return [VisitEntry(visit_id, titles.get(path),
                           sum(p.is_error for p in checked.problems.get(path, [])),
                           sum(not p.is_error for p in checked.problems.get(path, [])))
                for visit_id, path in paths.items()]

    def settings(self) -> ProjectSettings:
        """The project's ringkas.toml as it is now (asked at each use: the file may change
        while the server runs); the defaults while it cannot be read (each brief says why)."""
        return settings_or_defaults(self.project)[0]

    def session(self, visit_id: str) -> PreviewSession | None:
        """The session of `visit_id`, started on first use; None for an unknown visit."""
        with self._lock:
            if self._closed:
                return None
            if visit_id not in self.sessions:
                path = self.path_of(visit_id)
                if path is None:
                    return None
                self.sessions[visit_id] = PreviewSession(
                    visit_id, path, data_dir=self.project.data_dir, project=self.project,
                    render_lock=self.render_lock,
                    before_render=self._reload_templates, timeout=self.timeout)
            return self.sessions[visit_id]

    def warm(self, visit_id: str, audience: str, lang: str) -> None:
        """Start rendering (audience, lang) of `visit_id` now, in the background: the first
        page, asked for once the browser has opened, finds the render under way or done."""
        def start() -> None:
            session = self.session(visit_id)
            if session is not None:
                session.view(audience, lang)

        threading.Thread(target=start, name="preview warm-up", daemon=True).start()

    # --- changes -------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        folders = [self.project.visits_dir, self.project.data_dir, templates_dir(),
                   *(path.parent for path in self.extra.values())]
        watched = {folder.resolve() for folder in folders if folder.is_dir()}
        if self.project.config_path.is_file():  # its letterhead and themes are in every brief
            watched.add(self.project.config_path.resolve())
        return sorted(watched)

    def changed(self, paths: set[Path]) -> None:
        """The watcher saw `paths` change: the sessions they concern re-render."""
        templates, data = templates_dir().resolve(), self.project.data_dir.resolve()
        config = self.project.config_path.resolve()
        everyone = False
        for path in paths:
            if path == config:
                everyone = True
            elif path.is_relative_to(templates):
                self._templates_changed = True
                everyone = True
            elif path.is_relative_to(data):
                everyone = True
        for session in list(self.sessions.values()):
            if everyone or any(_same(path, session.path) for path in paths):
                session.touch()

    def _reload_templates(self) -> None:
        """Called under the render lock: after a template edit, compile the templates anew."""
        if self._templates_changed:
            self._templates_changed = False
            from ringkas.render import exporters

            # one exporter per (audience, lang) is cached per process, its templates compiled
            exporters._exporter.cache_clear()
            exporters._synthesis_exporter.cache_clear()

    def close(self) -> None:
        """Stop the watcher and every session: no kernel, thread or temporary folder left."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._watcher is not None:
            self._watcher.stop()
        for session in self.sessions.values():
            session.stop()


def _same(changed: Path, notebook: Path) -> bool:
    try:
        return changed == notebook.resolve() or changed == notebook.absolute()
    except OSError:
        return False
