"""The process pool a render (or a watch) runs its units on when no executor (a Dask
cluster's) is given.

Imported only when there is work: a render with nothing to do needs no pool (the
multiprocessing and concurrent.futures.process imports are ~10 ms of a no-op).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from ringkas.project import logs
from ringkas.project.imports import without_iri_grammar


def worker_pool(workers: int, *, ignore_interrupt: bool = False) -> ProcessPoolExecutor:
    """The process pool a render runs its units on when no executor is given.
    `ignore_interrupt`: the workers ignore the Ctrl-C a terminal sends to the whole process
    group (a watch: its main process decides when they end)."""
    # forkserver, not fork: a forked copy of a process holding zmq sockets and an event loop
    # (the caller may have rendered before) can hang.
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("forkserver"),
                               initializer=worker_started,
                               initargs=(logs.levels(), os.getpid(), ignore_interrupt))


def worker_started(levels: dict[str, int], owner: int, ignore_interrupt: bool = False) -> None:
    """A pool worker's setup: watching the process that made the pool (`owner`) at once,
    before it imports the renderers (`ringkas.render.lifetime.watch_owner`: even a `kill -9`
    of the render ends its workers and their kernels), the parent's log levels, and no IRI
    grammar (`ringkas.project.imports`: 1.3 s of CPU in every worker otherwise).
    """
    from ringkas.render.lifetime import watch_owner  # a small module: watching starts at once

    if ignore_interrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_owner(owner)
    without_iri_grammar()
    logs.set_levels(levels)
