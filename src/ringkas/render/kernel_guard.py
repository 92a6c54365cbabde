"""An IPython extension every ringkas kernel loads (`--IPKernelApp.extensions`): the kernel
becomes a child subreaper, so that whatever its cells start, even a daemon that double-forked
into a session of its own with an empty environment, stays among its descendants; `reap()`
(run before each notebook) kills them all; and when the kernel's parent dies (a worker, or
`ringkas render` killed with `kill -9`), the kernel kills them and ends.

This replaces ipykernel's own parent poller (ringkas starts kernels with `parent_handle=1`),
which would end the kernel without its descendants. Loaded in the kernel: standard library
only (through `ringkas.render.lifetime`).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from ringkas.render.lifetime import POLL, become_subreaper, kill_descendants, reap_children


def load_ipython_extension(ipython: Any) -> None:
    become_subreaper()
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL)
        kill_descendants(os.getpid())
        os._exit(1)

    if parent > 1:  # in the sandbox, bwrap's init: it ends the whole sandbox itself
        threading.Thread(target=watch, name="ringkas-parent-watch", daemon=True).start()


def reap() -> None:
    """Kill every process the kernel's cells started (none should outlive its notebook)."""
    kill_descendants(os.getpid())
    reap_children()
