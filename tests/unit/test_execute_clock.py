"""The executed notebook keeps what ran and what came out, not when: same notebook, same bytes."""

from __future__ import annotations

import nbformat

from ringkas.render.execute import without_clock


def test_the_times_papermill_and_jupyter_record_are_left_out() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2026-12-02T01:09:08", "end_time": "x",
                                "duration": 5.5, "parameters": {"lang": "id"}}
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.metadata["papermill"] = {"start_time": "a", "end_time": "b", "duration": 0.1,
                                  "status": "completed", "exception": False}
    cell.metadata["execution"] = {"iopub.status.busy": "2026-12-02T01:09:08Z"}
    cell.metadata["tags"] = ["evidence"]
    nb.cells.append(cell)
    without_clock(nb)
    assert nb.metadata["papermill"] == {"parameters": {"lang": "id"}}
    assert cell.metadata == {"papermill": {"status": "completed", "exception": False},
                             "tags": ["evidence"]}
