"""The sandbox shows the kernel this Python read-only (wherever it lives, /tmp and /root
included: a checkout and its .venv cloned there, a pyenv Python), each folder once, and never
the working folder `python -m` puts on the path (the project); its environment keeps only
what the kernel needs."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from ringkas.render import sandbox


def test_the_folders_of_this_python_are_bound_once_but_not_the_working_folder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        checkout = Path(folder) / "checkout"
        venv, src, project = checkout / ".venv", checkout / "src", Path(folder) / "project"
        (venv / "lib").mkdir(parents=True)
        src.mkdir()
        project.mkdir()
        monkeypatch.chdir(project)
        monkeypatch.setattr(sys, "prefix", str(venv))
        monkeypatch.setattr(sys, "base_prefix", "/usr")
        monkeypatch.setattr(sys, "path", [str(project), "", str(src), str(venv / "lib"),
                                          "/usr/lib/python3"])
        assert sandbox.python_folders() == (str(venv), str(src))


def test_a_python_under_usr_needs_no_bind_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "prefix", "/usr")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(sys, "path", ["/usr/lib/python3", "/nonexistent/project/src"])
    assert sandbox.python_folders() == ()


def test_the_environment_keeps_what_the_kernel_needs_and_no_secret() -> None:
    env = {"PATH": "/usr/bin", "LANG": "id_ID.UTF-8", "LC_ALL": "C.UTF-8", "JPY_SESSION_NAME": "x",
           "PYTHONPATH": "/src", "RINGKAS_SMTP_PASSWORD": "rahasia", "HOME": "/root",
           "SSH_AUTH_SOCK": "/run/user/0/ssh", "GITHUB_TOKEN": "rahasia"}
    assert sandbox.kept_env(env) == {"PATH": "/usr/bin", "LANG": "id_ID.UTF-8",
                                     "LC_ALL": "C.UTF-8", "JPY_SESSION_NAME": "x",
                                     "PYTHONPATH": "/src"}
