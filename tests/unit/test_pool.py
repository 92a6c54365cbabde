"""ringkas's own processes (the `ringkas` command, the render's pool workers) skip the IRI
grammar nbformat never uses (`ringkas.project.imports`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import nbformat
import pytest

from ringkas.build.pool import worker_pool
from tests.notebooks import EXAMPLE

NEEDS_IT = pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None,
                              reason="rfc3987-syntax is not installed: nothing to skip")


@NEEDS_IT
def test_a_pool_worker_does_not_build_the_iri_grammar() -> None:
    with worker_pool(1) as pool:
        # absent in the worker (a None in sys.modules), so jsonschema never imports it
        assert pool.submit(importlib.util.find_spec, "rfc3987_syntax").result() is None
        # and nbformat still validates there (raises on a broken notebook, returns None)
        broken = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                  "cells": [{"cell_type": "nonsense", "id": "x", "metadata": {}, "source": ""}]}
        assert pool.submit(nbformat.validate, nbformat.v4.new_notebook()).result() is None
        with pytest.raises(nbformat.ValidationError):
            pool.submit(nbformat.validate, broken).result()
    assert importlib.util.find_spec("rfc3987_syntax") is not None  # this process: untouched


@NEEDS_IT
def test_the_ringkas_command_reads_notebooks_without_building_the_iri_grammar() -> None:
    """`ringkas check` reads the notebooks with nbformat (so jsonschema) and never imports
    rfc3987-syntax or its grammar library: 1.3 s of CPU per command otherwise."""
    script = (
        "import sys\n"
        "from ringkas.cli import main\n"
        f"sys.argv = ['ringkas', 'check', {str(EXAMPLE)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('RESULT', code, 'jsonschema' in sys.modules, sys.modules.get('rfc3987_syntax'),"
        " 'lark' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1] == "RESULT 0 True None False", done.stdout + done.stderr
