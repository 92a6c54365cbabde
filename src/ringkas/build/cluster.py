"""Rendering on a Dask cluster: `ringkas render --scheduler tcp://HOST:PORT`.

`cluster_executor(address)` connects to a running `dask scheduler` and gives a
`concurrent.futures.Executor` for `pipeline.run`, built on `distributed`'s own
(`Client.get_executor`). No shared disk is assumed: a unit travels with its notebook's and data
files' bytes and comes back with the rendered bytes, which the main process writes. A unit's data
files, the same for every unit of a run, are sent to the cluster once (a task of their own that
the units depend on) rather than once per unit. A worker lost mid-unit loses only its result:
the scheduler runs the unit again on another worker (`distributed.scheduler.allowed-failures`
times) and recomputes the data task if its holder was lost, and nothing was written meanwhile.

Each worker keeps its kernel warm between units (`ringkas.build.worker`); `WarmKernel`, a worker
plugin registered by the client, shuts it down when the worker closes.

Imported only when a scheduler is given: `distributed` takes a second to import.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import replace
from typing import Any

from distributed import Client, WorkerPlugin

from ringkas.build.jobs import DataFiles, Job
from ringkas.contract.problems import MessageError

#: The environment variable `ringkas render` reads the scheduler's address from.
SCHEDULER_ENV = "RINGKAS_SCHEDULER"
PLUGIN_NAME = "ringkas-warm-kernel"
CONNECT_TIMEOUT = 10  # seconds


class WarmKernel(WorkerPlugin):
    """Loads the render code when a worker starts; shuts its kernels down when it closes."""

    name = PLUGIN_NAME
    # registered again by every render: a no-op then, so the kernels stay warm between renders
    idempotent = True

    def setup(self, worker: Any) -> None:
        import ringkas.build.worker  # noqa: F401 (nbconvert and papermill, before the first unit)

    async def teardown(self, worker: Any) -> None:
        from ringkas.build.worker import stop_kernel

        # off the event loop: shutting a kernel down waits for it
        await asyncio.to_thread(stop_kernel)


def _data(files: DataFiles) -> DataFiles:
    return files


def _with_data(fn: Callable[..., Any], job: Job, data: DataFiles, *args: Any) -> Any:
    """`fn(job, *args)` on a worker, with the data files the scheduler fetched for it."""
    return fn(replace(job, data=data), *args)


class ClusterExecutor(Executor):
    """`distributed`'s executor, each distinct set of data files sent to the cluster once."""

    def __init__(self, client: Client) -> None:
        self.client = client
        # pure=False: two units are never the same task, whatever their arguments hash to
        self.inner = client.get_executor(pure=False)
        self._data: dict[int, tuple[DataFiles, Any]] = {}  # id -> (files, their task's future)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if args and isinstance(args[0], Job) and args[0].data:
            job = args[0]
            return self.inner.submit(_with_data, fn, replace(job, data=()),
                                     self._shared(job.data), *args[1:], **kwargs)
        return self.inner.submit(fn, *args, **kwargs)

    def _shared(self, files: DataFiles) -> Any:
        """A future of `files` on the cluster, one per distinct object."""
        if id(files) not in self._data:
            # a task, not client.scatter: the scheduler keeps its spec and can compute it again
            # when the worker holding the result is lost
            self._data[id(files)] = (files, self.client.submit(_data, files, pure=False))
        return self._data[id(files)][1]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait)
        self._data.clear()


@contextlib.contextmanager
def cluster_executor(address: str, timeout: float | None = None) -> Iterator[Executor]:
    """An executor on the Dask cluster whose scheduler is at `address`, closed afterwards.

    Raises `MessageError("render.scheduler_unreachable")` when no scheduler answers there
    within `timeout` seconds (default `CONNECT_TIMEOUT`, read when called).
    """
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT if timeout is None else timeout,
                        set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise MessageError("render.scheduler_unreachable", address=address,
                           detail=f"{type(exc).__name__}: {exc}") from None
    try:
        client.register_plugin(WarmKernel(), name=PLUGIN_NAME)
        executor = ClusterExecutor(client)
        try:
            yield executor
        finally:
            executor.shutdown(wait=False)
    finally:
        client.close()
