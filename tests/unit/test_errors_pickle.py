"""Errors travel from render workers to the main process, so they must survive pickling."""

import pickle
from pathlib import Path

from ringkas.contract.problems import ERROR, InvalidVisit, MessageError, Problem
from ringkas.render.execute import ExecutionFailed


def test_message_errors_keep_their_code_and_params_across_processes() -> None:
    error = ExecutionFailed("render.cell_failed", visit="v", cell=3, ename="E", evalue="x")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ExecutionFailed
    assert copy.text("id") == "kunjungan v, sel 3: E: x"
    assert copy.text("en") == error.text("en")
    assert isinstance(pickle.loads(pickle.dumps(MessageError("file.missing"))), MessageError)


def test_invalid_visit_keeps_its_problems_across_processes() -> None:
    path = Path("a.ipynb")
    error = InvalidVisit(path, [Problem(path, 2, "title", "file.missing", {}, ERROR)])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.path == path and copy.problems == error.problems
    assert copy.text("en") == error.text("en")
