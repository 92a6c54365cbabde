"""The process pool a render runs its units on when no executor (a Dask cluster's) is given.

Imported only when there is work: a render with nothing to do needs no pool (the
multiprocessing and concurrent.futures.process imports are ~10 ms of a no-op).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor

from ringkas.project import logs


def worker_pool(workers: int) -> Executor:
    """The process pool a render runs its units on when no executor is given."""
    # forkserver, not fork: a forked copy of a process holding zmq sockets and an event loop
    # (the caller may have rendered before) can hang.
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("forkserver"),
                               initializer=worker_started, initargs=(logs.levels(), os.getpid()))


def worker_started(levels: dict[str, int], owner: int) -> None:
    """A pool worker's setup: watching the process that made the pool (`owner`) at once,
    before it imports the renderers (`ringkas.render.lifetime.watch_owner`: even a `kill -9`
    of the render ends its workers and their kernels), the parent's log levels, and no IRI
    grammar.

    nbformat imports jsonschema, which, when the optional rfc3987-syntax is installed
    (JupyterLab's jupyter-events pulls it in), builds that package's Lark grammar at import:
    1.3 s of CPU in every worker, for a format checker nbformat never uses (it validates with
    no format checker). A worker is ringkas's own process: the module is marked absent there,
    and nowhere else.
    """
    from ringkas.render.lifetime import watch_owner  # a small module: watching starts at once

    watch_owner(owner)
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    logs.set_levels(levels)
