"""The preview inside Jupyter: the same pages at <base_url>ringkas/preview/, behind its login.

A server extension in the way voila's is: `ringkas.preview` names it to Jupyter (its
`_jupyter_server_extension_points`), and loading it adds the preview's handlers to the running
server's application, each a `JupyterHandler` whose GET is `tornado.web.authenticated`: without
Jupyter's token or login cookie there is no page, no brief, no event stream. The project is the
one around the server's root folder. The JupyterLab panel's routes (lab.py, under
<base_url>ringkas/api/) are added beside them. The previews close (kernels shut down) when
the server process ends.
"""

from __future__ import annotations

import atexit
import os
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


def load(serverapp: Any) -> Previews:
    """Add the preview and the JupyterLab panel's REST routes (`ringkas.preview.lab`, each
    behind Jupyter's authentication and XSRF check) to `serverapp` (a jupyter_server
    ServerApp)."""
    from ringkas.preview import lab

    serverapp.web_app.add_handlers(".*$", lab.routes(serverapp.base_url,
                                                     Path(serverapp.root_dir)))
    project = Project.find(Path(serverapp.root_dir))
    previews = Previews(project, lang=os.environ.get("RINGKAS_LANG", "id"))
    root = url_path_join(serverapp.base_url, ROOT).rstrip("/")
    serverapp.web_app.add_handlers(".*$", h.routes(root, previews, HANDLERS))
    atexit.register(previews.close)
    serverapp.log.info("ringkas preview: %s/ (project %s)", root, project.root)
    return previews
