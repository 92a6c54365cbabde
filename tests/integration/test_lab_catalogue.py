"""The panel's "open the catalogue" route, POST ringkas/api/catalogue (docs/jupyterlab.md): the
project's briefs/index.html, brought up to date, named under Jupyter's authenticated files/."""

from __future__ import annotations

import urllib.request

from tests.integration.test_lab_api import TOKEN, VISIT, Server, _request, server

__all__ = ["server"]  # the module's Jupyter server, as test_lab_api starts it


def test_the_catalogue_is_refused_without_the_token(server: Server) -> None:
    status, body = server.call("catalogue", {"path": VISIT}, token=False)
    assert status == 403 and "url" not in body


def test_the_catalogue_of_the_notebooks_project_under_files(server: Server) -> None:
    status, answer = server.call("catalogue", {"path": VISIT, "lang": "en"})
    assert status == 200, answer
    assert answer["url"] == "/files/dinas/briefs/index.html"  # the project below the root
    assert (server.root / "dinas" / "briefs" / "index.html").is_file()
    request = _request(server.base + answer["url"], headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http)
        assert "<html" in response.read().decode().lower()


def test_the_catalogue_of_a_path_outside_the_root_is_refused(server: Server) -> None:
    status, answer = server.call("catalogue", {"path": "../elsewhere", "lang": "en"})
    assert status == 400 and "url" not in answer
