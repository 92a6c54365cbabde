"""`ringkas preview`: a visit's brief beside the notebook, re-rendered on every save.

session.py (one visit: warm kernel, last good brief, problems), previews.py (a project's
sessions and what may be shown), watch.py (watchfiles), pages.py and handlers.py (the web pages,
tornado), server.py (the standalone server), jupyter.py (the Jupyter server extension).

This module is also the Jupyter server extension's name (`ringkas.preview`, enabled by the
package's jupyter-config/): the two functions below are all Jupyter looks for, and they import
the server code only when a Jupyter server loads them.
"""

from __future__ import annotations

from typing import Any


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "ringkas.preview"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from ringkas.preview.jupyter import load

    load(serverapp)
