"""The preview inside Jupyter: the same pages at <base_url>ringkas/preview/, behind its login.

A server extension in the way voila's is: `ringkas.preview` names it to Jupyter (its
`_jupyter_server_extension_points`), and loading it adds the preview's handlers to the running
server's application, each a `JupyterHandler` whose GET is `tornado.web.authenticated`: without
Jupyter's token or login cookie there is no page, no brief, no event stream. The project is the
one around the server's root folder; a project in a folder below it gets its own previews
when the JupyterLab panel opens one of its notebooks. The panel's routes (lab.py, under
<base_url>ringkas/api/) are added beside them. The previews close (kernels shut down) when
the server process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from ringkas.preview import handlers as h
from ringkas.preview.previews import Previews
from ringkas.project.paths import Project

ROOT = "ringkas/preview"


def _behind_login(name: str, base: type[h.PreviewHandler]) -> type[h.PreviewHandler]:
    """`base` as a JupyterHandler: Jupyter's authentication, then the preview's own GET."""

    @tornado.web.authenticated
    async def get(self: Any, *args: str) -> None:
        await base.get(self, *args)  # type: ignore[misc]

    def set_default_headers(self: Any) -> None:
        JupyterHandler.set_default_headers(self)
        h.PreviewHandler.set_default_headers(self)

    namespace = {"get": get, "set_default_headers": set_default_headers,
                 "write_error": h.PreviewHandler.write_error, "__module__": __name__}
    return type(f"Jupyter{name}", (JupyterHandler, base), namespace)


HANDLERS = {key: _behind_login(cls.__name__, cls) for key, cls in h.HANDLERS.items()}


class ProjectPreviews:
    """The previews of every project under the server's root folder: the root's own at
    <base_url>ringkas/preview/, and one for each project in a folder below it (found from a
    notebook the JupyterLab panel opened) at <base_url>ringkas/preview/p-<key>/, added the
    first time it is asked for. Each is behind the same login; all close when the server ends.
    """

    def __init__(self, serverapp: Any, lang: str) -> None:
        self.serverapp, self.lang = serverapp, lang
        self.base = url_path_join(serverapp.base_url, ROOT).rstrip("/")
        self.root_project = Project.find(Path(serverapp.root_dir))
        self._added: dict[Project, str] = {}
        self._lock = threading.Lock()
        self.main = self._add(self.root_project, self.base)

    def _add(self, project: Project, prefix: str) -> Previews:
        previews = Previews(project, lang=self.lang)
        self.serverapp.web_app.add_handlers(".*$", h.routes(prefix, previews, HANDLERS))
        atexit.register(previews.close)
        self._added[project] = prefix
        return previews

    def url(self, project: Project) -> str:
        """Where `project`'s previews are served (no trailing slash); added when new."""
        with self._lock:
            if project not in self._added:
                key = hashlib.sha256(str(project.root).encode("utf-8")).hexdigest()[:12]
                self._add(project, f"{self.base}/p-{key}")
                self.serverapp.log.info("ringkas preview: %s/ (project %s)",
                                        self._added[project], project.root)
            return self._added[project]


def load(serverapp: Any) -> Previews:
    """Add the preview and the JupyterLab panel's REST routes (`ringkas.preview.lab`, each
    behind Jupyter's authentication and XSRF check) to `serverapp` (a jupyter_server
    ServerApp); returns the previews of the project around its root folder."""
    from ringkas.preview import lab

    projects = ProjectPreviews(serverapp, os.environ.get("RINGKAS_LANG", "id"))
    serverapp.web_app.add_handlers(".*$", lab.routes(serverapp.base_url,
                                                     Path(serverapp.root_dir), projects.url))
    serverapp.log.info("ringkas preview: %s/ (project %s)", projects.base,
                       projects.root_project.root)
    return projects.main
