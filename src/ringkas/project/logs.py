"""Logging of the libraries ringkas drives, set by whoever owns the process, never on import.

papermill logs every cell and nbclient (through traitlets' logger) each timeout; ringkas reports
both itself, so the CLI quiets them for its run (`quiet_libraries`). A Python caller keeps its
own settings. Render workers are ringkas' own processes: the pool starts them with the levels of
the process that made it (`levels`, `set_levels`), so a worker is as quiet as its parent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

#: The loggers that talk during execution and export.
LIBRARIES = ("papermill", "nbclient", "traitlets")


def quiet_libraries() -> None:
    """Only critical records from the libraries ringkas drives: the CLI's setting."""
    set_levels({name: logging.CRITICAL for name in LIBRARIES})


def levels() -> dict[str, int]:
    """The levels set on the libraries' loggers in this process (0: not set)."""
    return {name: logging.getLogger(name).level for name in LIBRARIES}


def set_levels(values: Mapping[str, int]) -> None:
    """Set the libraries' loggers to `values` (a pool's initializer passes the parent's)."""
    for name, level in values.items():
        logging.getLogger(name).setLevel(level)
