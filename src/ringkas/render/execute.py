"""Executing a visit notebook with papermill, parameters injected, and a kernel kept warm.

`execute_visit` reads like the recipe: parameterize (papermill's `injected-parameters` cell),
then, only if the notebook has code to run, execute it in a kernel. A `Kernel` keeps one
Jupyter kernel alive across notebooks and resets its namespace, matplotlib state and working
folder before each one, so a notebook never sees another's variables; a kernel that died or
timed out is replaced. Errors become `ExecutionFailed`, naming the source cell as the researcher
numbers it, never a raw traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from ringkas.contract.spec import INJECTED_PARAMETERS_TAG
from ringkas.contract.problems import MessageError
from ringkas.notebook.read import read_notebook
from ringkas.contract.model import Visit

KERNEL_NAME = "python3"
DEFAULT_TIMEOUT = 120  # seconds per cell
ANSI = re.compile(r"\x1b\[[0-9;]*m")


#: Run before each notebook in a warm kernel: forget the previous notebook entirely, down to the
#: execution counter, so the executed notebook reads as if from a fresh kernel.
RESET = """\
def __ringkas_reset(cwd, data):
    import os, sys
    shell = get_ipython()
    # What %reset does, without its gc.collect() (a third of a second with pandas loaded).
    shell.history_manager.reset(new_session=False)
    shell.user_ns.clear()
    shell.init_user_ns()
    shell.execution_count = 1
    os.chdir(cwd)
    os.environ["RINGKAS_DATA"] = data
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcdefaults()
__ringkas_reset({cwd!r}, {data!r})
"""


class ExecutionFailed(MessageError):
    """A cell raised, timed out or killed the kernel."""


class KernelManager(AsyncKernelManager):
    """A kernel manager that can close every client it handed out.

    nbclient stops the client it makes only when it created the kernel manager too; given ours,
    it leaves that client's channels open: a heartbeat thread, a dozen sockets and an IOPub
    subscription per notebook, which the kernel keeps feeding. A warm kernel would gather
    hundreds of them over a batch, so ringkas closes them after each notebook.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._clients: list = []

    def client(self, **kwargs: object):  # type: ignore[no-untyped-def]
        client = super().client(**kwargs)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        while self._clients:
            self._clients.pop().stop_channels()


@dataclass
class Kernel:
    """One Jupyter kernel reused across notebooks; `fresh=True` starts one per notebook."""

    fresh: bool = False
    # Async, as nbclient expects: with a blocking manager its per-cell timeout never fires.
    manager: KernelManager | None = field(default=None, repr=False)
    started: int = 0  # how many kernels this worker has started (tests read it)
    sockets: str | None = field(default=None, repr=False)

    def ready(self, cwd: Path, data_dir: Path) -> KernelManager:
        """A running kernel whose namespace is empty and whose working folder is `cwd`."""
        if self.fresh:
            self.shutdown()
        if self.manager is None or not run_sync(self.manager.is_alive)():
            self.shutdown()
            # IPC sockets (absolute paths: the kernel runs in another folder) rather than TCP:
            # nothing listens on the network, and ipykernel does not warn about plain TCP.
            self.sockets = tempfile.mkdtemp(prefix="ringkas-kernel-")
            self.manager = KernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                         ip=os.path.join(self.sockets, "kernel"))
            run_sync(self.manager.start_kernel)(
                cwd=str(cwd), env={**os.environ, "RINGKAS_DATA": str(data_dir)},
                # no history database: nothing written to ~/.ipython, and the execution
                # counter can be reset between notebooks without IPython complaining
                extra_arguments=["--HistoryManager.enabled=False"])
            self.started += 1
            fresh = True
        else:
            fresh = False
        client = self.manager.client()
        client.start_channels()
        try:
            if fresh:  # a running kernel needs no handshake (it costs 0.2 s of IOPub flushing)
                run_sync(client.wait_for_ready)(timeout=60)
            reply = run_sync(client.execute_interactive)(
                RESET.format(cwd=str(cwd), data=str(data_dir)), timeout=30,
                store_history=False, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(reply["content"].get("evalue", "reset failed"))
        finally:
            self.manager.close_clients()
        return self.manager

    def release(self) -> None:
        """Close the clients a notebook's execution opened; the kernel stays warm."""
        if self.manager is not None:
            self.manager.close_clients()

    def shutdown(self) -> None:
        if self.manager is not None:
            self.manager.close_clients()
            try:
                run_sync(self.manager.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 (a dead kernel may not shut down cleanly)
                pass
            self.manager = None
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)
            self.sockets = None


def parameterize(nb: NotebookNode, parameters: dict[str, object]) -> NotebookNode:
    """`nb` with papermill's injected-parameters cell set to `parameters` (replacing any)."""
    meta = nb.get("metadata", {}).get("papermill")
    before = meta.get("input_path") if isinstance(meta, dict) else None
    prepared = papermill.execute_notebook(nb, None, parameters=parameters, prepare_only=True,
                                          progress_bar=False, kernel_name=KERNEL_NAME)
    record_input(prepared, before if isinstance(before, str) else None)
    for cell in prepared.cells:  # papermill gives it a random id; provenance should not vary
        if INJECTED_PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED_PARAMETERS_TAG
    return prepared


def record_input(nb: NotebookNode, name: str | None) -> NotebookNode:
    """papermill records its input in `metadata.papermill.input_path`; given a notebook in
    memory, it stores that whole notebook there (outputs and all, doubling the executed copy
    at each pass). Keep the source's file name instead."""
    meta = nb.get("metadata", {}).get("papermill")
    if isinstance(meta, dict):
        meta["input_path"] = name
    return nb


def execute_visit(visit: Visit, parameters: dict[str, object], *, kernel: Kernel | None,
                  data_dir: Path, timeout: int = DEFAULT_TIMEOUT) -> NotebookNode:
    """The visit's notebook, parameterized and (if it has code and a kernel is given) executed.

    The source file is only read: papermill gets the notebook in memory and writes nothing.
    """
    nb = read_notebook(visit.path)  # as `ringkas check` read it (cell ids made unique)
    nb.metadata.pop("papermill", None)  # left by an earlier run, maybe not even a mapping
    source = record_input(parameterize(nb, parameters), visit.path.name)
    if kernel is None or not visit.has_code:
        return source
    running: dict[str, int] = {}

    def remember(cell: NotebookNode, cell_index: int) -> None:
        running["id"] = cell.get("id")

    try:
        manager = kernel.ready(visit.path.parent.resolve(), data_dir.resolve())
        return record_input(papermill.execute_notebook(
            source, None, kernel_name=KERNEL_NAME, progress_bar=False,
            execution_timeout=timeout, km=manager, on_cell_execute=remember,
        ), visit.path.name)
    except PapermillExecutionError as exc:
        error = _cell_error(visit, source, exc.cell_index, exc.ename, exc.evalue, running)
        if exc.ename == "SystemExit":  # IPython keeps the kernel; the cell asked to stop
            raise ExecutionFailed("render.cell_exited", visit=visit.id, cell=error.params["cell"],
                                  status=error.params["evalue"]) from None
        raise error from None
    except Exception as exc:  # noqa: BLE001 (timeouts, dead kernels: replace the kernel)
        kernel.shutdown()
        error = _cell_error(visit, source, None, type(exc).__name__, str(exc), running)
        cell = error.params["cell"]
        if "timed out" in str(exc).lower() or isinstance(exc, TimeoutError):
            raise ExecutionFailed("render.timeout", visit=visit.id, cell=cell,
                                  seconds=timeout) from None
        if type(exc).__name__ == "DeadKernelError":
            raise ExecutionFailed("render.kernel_died", visit=visit.id, cell=cell) from None
        raise error from None
    finally:
        kernel.release()


def _cell_error(visit: Visit, source: NotebookNode, executed_index: int | None, ename: str,
                evalue: str, running: dict[str, int]) -> ExecutionFailed:
    """Name the cell by its number in the source notebook, without papermill's injected cell."""
    ids = [c.get("id") for c in source.cells if c.get("id") != INJECTED_PARAMETERS_TAG]
    cell = ids.index(running["id"]) + 1 if running.get("id") in ids else executed_index
    return ExecutionFailed("render.cell_failed", visit=visit.id, cell=cell or "?", ename=ename,
                           evalue=ANSI.sub("", _first_line(evalue)))


def _first_line(text: str) -> str:
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
