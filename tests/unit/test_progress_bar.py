"""`ringkas render`'s progress bar: on a terminal only (tqdm is not even imported otherwise)."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from ringkas.cli.render import progress_bar

RESULT = SimpleNamespace(job=SimpleNamespace(visit_id="2022-11-28-banyuwangi", lang="id"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar() as advance:
        advance(RESULT)
    assert "render" in terminal.getvalue() and "2022-11-28-banyuwangi (id)" in terminal.getvalue()


def test_no_terminal_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    with progress_bar() as advance:
        advance(RESULT)
    assert stream.getvalue() == ""
