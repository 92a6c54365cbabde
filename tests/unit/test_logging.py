"""Importing ringkas touches no global logging; the CLI quiets the libraries for its own run."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from click.testing import CliRunner

from ringkas.project.logs import LIBRARIES, levels, set_levels
from tests.notebooks import ROOT

IMPORTS = ["ringkas", "ringkas.api", "ringkas.render.execute", "ringkas.render.exporters",
           "ringkas.build.pipeline", "ringkas.build.synthesis", "ringkas.knowledge.search"]


def test_importing_ringkas_leaves_the_log_levels_alone() -> None:
    code = ("import importlib, json, logging\n"
            "names = ('papermill', 'nbclient', 'traitlets')\n"
            "for name in names: logging.getLogger(name).setLevel(logging.INFO)\n"
            f"for module in {IMPORTS!r}: importlib.import_module(module)\n"
            "print(json.dumps([logging.getLogger(n).level for n in names]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert json.loads(out.stdout) == [logging.INFO] * 3


def test_the_cli_quiets_the_libraries_for_its_run() -> None:
    from ringkas.cli import cli

    before = levels()
    try:
        set_levels(dict.fromkeys(LIBRARIES, logging.NOTSET))
        assert CliRunner().invoke(cli, ["list", "--help"]).exit_code == 0
        assert levels() == dict.fromkeys(LIBRARIES, logging.CRITICAL)
    finally:
        set_levels(before)
