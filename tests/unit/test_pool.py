"""The render's own process pool: a worker skips the IRI grammar nbformat never uses."""

from __future__ import annotations

import importlib.util

import nbformat
import pytest

from ringkas.build.pool import worker_pool


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None,
                    reason="rfc3987-syntax is not installed: nothing to skip")
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
