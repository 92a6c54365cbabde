"""The sandbox binds the Python that runs the kernel when it lives under /tmp (a checkout and its
.venv cloned there, as CI may), which the sandbox's private /tmp would otherwise hide."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from ringkas.render import sandbox


def test_the_folders_of_a_python_under_tmp_are_bound_once(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        checkout = Path(folder) / "checkout"
        venv, src = checkout / ".venv", checkout / "src"
        (venv / "lib").mkdir(parents=True)
        src.mkdir()
        monkeypatch.setattr(sys, "prefix", str(venv))
        monkeypatch.setattr(sys, "base_prefix", "/usr")
        monkeypatch.setattr(sys, "path", ["", str(src), str(venv / "lib"), "/usr/lib/python3"])
        assert sandbox.python_under_tmp() == (str(venv), str(src))


def test_nothing_is_bound_for_a_python_outside_tmp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "prefix", "/usr")
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(sys, "path", ["/usr/lib/python3", "/work/project/src"])
    assert sandbox.python_under_tmp() == ()
