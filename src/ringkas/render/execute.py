"""Executing a visit notebook with papermill, parameters injected, and a kernel kept warm.

Two steps, which a render unit (`ringkas.build.worker`) takes in turn: `prepare` injects the
parameters (papermill's `injected-parameters` cell), then, only if the notebook has code to
run, `execute_notebook` runs it in a kernel. A `Kernel` keeps one
Jupyter kernel alive across notebooks and resets its namespace, matplotlib state and working
folder before each one, so a notebook never sees another's variables; a kernel that died or
timed out is replaced. Errors become `ExecutionFailed`, naming the source cell as the researcher
numbers it, never a raw traceback.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import signal
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

import papermill
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from ringkas.contract.problems import MessageError
from ringkas.contract.spec import INJECTED_PARAMETERS_TAG
from ringkas.notebook.cells import cell_tags

KERNEL_NAME = "python3"
KERNEL_MARK = "RINGKAS_KERNEL"  # the environment variable marking a kernel's processes
DEFAULT_TIMEOUT = 120  # seconds per cell
ANSI = re.compile(r"\x1b\[[0-9;]*m")


#: Run before each notebook in a warm kernel: forget the previous notebook entirely, down to the
#: execution counter, so the executed notebook reads as if from a fresh kernel.
RESET = """\
def __ringkas_reset(cwd, data):
    import os, sys
    os.chdir(cwd)  # first: the previous notebook's folder may be gone (a unit's scratch folder)
    shell = get_ipython()
    # What %reset does, without its gc.collect() (a third of a second with pandas loaded).
    shell.history_manager.reset(new_session=False)
    shell.user_ns.clear()
    shell.init_user_ns()
    shell.execution_count = 1
    os.environ["RINGKAS_DATA"] = data
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcdefaults()
__ringkas_reset({cwd!r}, {data!r})
"""


class ExecutionFailed(MessageError):
    """A cell raised, timed out or killed the kernel."""


class ReadyClient(AsyncKernelClient):
    """A kernel client whose handshake ends as soon as the kernel has answered.

    jupyter_client's `wait_for_ready` (which nbclient calls before every notebook) waits up to
    0.2 s for an IOPub message to prove the channel connected, then 0.2 s more for silence on
    IOPub: a quarter of a second of waiting per notebook, most of a warm kernel's overhead.
    Here the proof is the IOPub "idle" status of our own kernel_info request: IOPub is
    connected once it arrives, and nothing published before it is still on the way (ZeroMQ
    keeps one socket's messages in order); nbclient ignores messages of other requests anyway.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            reply = await self._reply(request, 1.0)
            if reply is not None and await self._idle(request, 0.5):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    wait_for_ready = _async_wait_for_ready

    async def _reply(self, request: str, wait: float) -> dict | None:
        """The shell reply to `request` within `wait` seconds, or None."""
        return await self._first(self.shell_channel, request, wait,
                                 lambda msg: msg["msg_type"] == "kernel_info_reply")

    async def _idle(self, request: str, wait: float) -> bool:
        """Whether IOPub says the kernel went idle after `request`, within `wait` seconds."""
        return await self._first(self.iopub_channel, request, wait, lambda msg: (
            msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
        )) is not None

    @staticmethod
    async def _first(channel: Any, request: str, wait: float,
                     wanted: Callable[[dict], bool]) -> dict | None:
        """The first message on `channel` answering `request` that is `wanted`, or None when
        none came within `wait` seconds."""
        end = time.monotonic() + wait
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await channel.get_msg(timeout=left)
            except Empty:
                return None
            if msg.get("parent_header", {}).get("msg_id") == request and wanted(msg):
                return msg
        return None


class KernelManager(AsyncKernelManager):
    """A kernel manager that can close every client it handed out.

    nbclient stops the client it makes only when it created the kernel manager too; given ours,
    it leaves that client's channels open: a heartbeat thread, a dozen sockets and an IOPub
    subscription per notebook, which the kernel keeps feeding. A warm kernel would gather
    hundreds of them over a batch, so ringkas closes them after each notebook.
    """

    def __init__(self, *, sandbox: tuple[list[str], tuple[str, ...]] | None = None,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.client_factory = ReadyClient
        self._clients: list = []
        #: None, or the folders bound into the bwrap sandbox: (read-write, read-only)
        self.sandbox = sandbox

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.sandbox is None:
            return cmd
        from ringkas.render.sandbox import sandboxed

        writable, readable = self.sandbox
        return sandboxed(cmd, writable=writable, readable=readable)

    def process_group(self) -> int | None:
        """The kernel's process group (jupyter_client starts it in a session of its own)."""
        return getattr(self.provisioner, "pgid", None)

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
    sandbox: bool = False  # under bubblewrap: ringkas.render.sandbox
    #: In the environment of the kernel and so of every process its cells start, to find them.
    mark: str = field(default_factory=lambda: uuid.uuid4().hex, repr=False)
    # Async, as nbclient expects: with a blocking manager its per-cell timeout never fires.
    manager: KernelManager | None = field(default=None, repr=False)
    started: int = 0  # how many kernels this worker has started (tests read it)
    sockets: str | None = field(default=None, repr=False)
    #: The folders a sandboxed kernel was started with: it sees no others (under /tmp).
    bound: tuple[str, ...] = field(default=(), repr=False)

    def ready(self, cwd: Path, data_dir: Path) -> KernelManager:
        """A running kernel whose namespace is empty and whose working folder is `cwd`."""
        if self.fresh or (self.sandbox and self.bound != (str(cwd), str(data_dir))):
            self.shutdown()
        if self.manager is None or not run_sync(self.manager.is_alive)():
            self.shutdown()
            # IPC sockets (absolute paths: the kernel runs in another folder) rather than TCP:
            # nothing listens on the network, and ipykernel does not warn about plain TCP.
            self.sockets = tempfile.mkdtemp(prefix="ringkas-kernel-")
            self.bound = (str(cwd), str(data_dir))
            # (and with --sandbox, the one way in: the kernel has no network, not even ours)
            self.manager = KernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                         ip=os.path.join(self.sockets, "kernel"),
                                         connection_file=os.path.join(self.sockets,
                                                                      "kernel.json"),
                                         sandbox=([self.sockets], self.bound)
                                         if self.sandbox else None)
            run_sync(self.manager.start_kernel)(
                cwd=str(cwd), env={**os.environ, "RINGKAS_DATA": str(data_dir),
                                   KERNEL_MARK: self.mark},
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
            if fresh:  # a kernel that ran the previous notebook needs no handshake
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
        """Stop the kernel and every process its cells started (its process group), so that a
        cell that forked a daemon leaves nothing running."""
        if self.manager is not None:
            self.manager.close_clients()
            group = self.manager.process_group()
            with contextlib.suppress(Exception):  # a dead kernel may not shut down cleanly
                run_sync(self.manager.shutdown_kernel)(now=True)
            self.manager = None
            # jupyter_client kills the kernel's process group, when the kernel still runs;
            # again here for a kernel that died first, and then whatever left the group
            # (setsid, a double fork) but still carries this kernel's mark
            if group is not None and group > 1 and group != os.getpgrp():
                with contextlib.suppress(OSError):  # none left: nothing to do
                    os.killpg(group, signal.SIGKILL)
            for pid in marked_processes(self.mark):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)
            self.sockets = None


def marked_processes(mark: str) -> list[int]:
    """The processes (other than this one) whose environment holds `KERNEL_MARK=mark`: those a
    kernel's cells started, even ones that left its process group. Linux (/proc) only; and a
    process may clear its environment: the sandbox's own process tree (bwrap --unshare-pid)
    is what no cell can leave."""
    needle = f"{KERNEL_MARK}={mark}".encode()
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = Path(entry.path, "environ").read_bytes()
            except OSError:  # gone meanwhile, or not ours
                continue
            if needle in environ.split(b"\0"):
                found.append(int(entry.name))
    return found


def parameterize(nb: NotebookNode, parameters: Mapping[str, object]) -> NotebookNode:
    """`nb` with papermill's injected-parameters cell set to `parameters` (replacing any)."""
    meta = nb.get("metadata", {}).get("papermill")
    before = meta.get("input_path") if isinstance(meta, dict) else None
    prepared = papermill.execute_notebook(nb, None, parameters=dict(parameters), prepare_only=True,
                                          progress_bar=False, kernel_name=KERNEL_NAME)
    record_input(prepared, before if isinstance(before, str) else None)
    for cell in prepared.cells:  # papermill gives it a random id; provenance should not vary
        if INJECTED_PARAMETERS_TAG in cell_tags(cell):
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


@dataclass(frozen=True)
class Failures:
    """The message ids an execution failure is told with, and what they name the notebook by.

    A visit has a message for each way a cell can fail; a notebook that gives only `failed`
    (the synthesis) says every failure with it, the error's name telling which."""

    params: dict[str, object]  # {"visit": "2022-11-28-banyuwangi"} or {"path": ...}
    failed: str = "render.cell_failed"  # cell, ename, evalue
    exited: str | None = "render.cell_exited"  # cell, status
    timeout: str | None = "render.timeout"  # cell, seconds
    died: str | None = "render.kernel_died"  # cell


def prepare(nb: NotebookNode, parameters: Mapping[str, object], name: str) -> NotebookNode:
    """A copy of the source notebook `nb` (file name `name`) with `parameters` injected."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("papermill", None)  # left by an earlier run, maybe not even a mapping
    return record_input(parameterize(nb, parameters), name)


def execute_notebook(source: NotebookNode, *, kernel: Kernel, cwd: Path, data_dir: Path,
                     timeout: int, name: str, failures: Failures) -> NotebookNode:
    """`source` (parameterized) executed in `kernel` from the folder `cwd`; every failure an
    `ExecutionFailed` naming the cell as the notebook's author numbers it."""
    running: dict[str, str | None] = {}

    def remember(cell: NotebookNode, cell_index: int) -> None:
        running["id"] = cell.get("id")

    try:
        manager = kernel.ready(cwd.resolve(), data_dir.resolve())
        return without_clock(record_input(papermill.execute_notebook(
            source, None, kernel_name=KERNEL_NAME, progress_bar=False,
            execution_timeout=timeout, km=manager, on_cell_execute=remember,
        ), name))
    except PapermillExecutionError as exc:
        cell = _cell_number(source, exc.cell_index, running)
        if exc.ename == "SystemExit" and failures.exited:  # IPython keeps the kernel
            raise _failure(failures.exited, failures, cell=cell,
                           status=_evalue(exc.evalue)) from None
        raise _failure(failures.failed, failures, cell=cell, ename=exc.ename,
                       evalue=_evalue(exc.evalue)) from None
    except Exception as exc:  # noqa: BLE001 (timeouts, dead kernels: replace the kernel)
        kernel.shutdown()
        cell = _cell_number(source, None, running)
        timed_out = "timed out" in str(exc).lower() or isinstance(exc, TimeoutError)
        if timed_out and failures.timeout:
            raise _failure(failures.timeout, failures, cell=cell, seconds=timeout) from None
        if type(exc).__name__ == "DeadKernelError" and failures.died:
            raise _failure(failures.died, failures, cell=cell) from None
        ename = "Timeout" if timed_out else type(exc).__name__
        raise _failure(failures.failed, failures, cell=cell, ename=ename,
                       evalue=_evalue(str(exc))) from None
    finally:
        kernel.release()


#: What papermill and the kernel write about when the code ran: the executed notebook keeps
#: what it ran and what came out, not the clock, so that the same notebook gives the same
#: executed copy, and the same PDF that carries it (a resumed render, `distribute`, e-mail).
CLOCK_KEYS = ("start_time", "end_time", "duration")


def without_clock(nb: NotebookNode) -> NotebookNode:
    """`nb` without the times papermill and Jupyter record (in place; returned)."""
    for key in CLOCK_KEYS:
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in CLOCK_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
    return nb


def _failure(code: str, failures: Failures, **params: object) -> ExecutionFailed:
    return ExecutionFailed(code, **failures.params, **params)


def _cell_number(source: NotebookNode, index: int | None, running: dict[str, str | None]
                 ) -> int | str:
    """The cell that failed, by its number in the source notebook, without papermill's
    injected cell: the one running when it failed, else the one at `index`; "?" if unknown."""
    ids = [c.get("id") for c in source.cells if c.get("id") != INJECTED_PARAMETERS_TAG]
    cell_id = running.get("id")
    if cell_id is None and index is not None and 0 <= index < len(source.cells):
        cell_id = source.cells[index].get("id")
    return ids.index(cell_id) + 1 if cell_id in ids else "?"


def _evalue(text: str) -> str:
    """The first non-blank line of an error's value, without terminal colours."""
    lines = [line for line in ANSI.sub("", str(text)).strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""
