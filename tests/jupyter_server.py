"""A real Jupyter server with ringkas's server extension, for the tests that need one: bound to
127.0.0.1 on a free port, with a token, its config and runtime files in the test's folder, and
stopped (its whole process group, if need be) when the test is done."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.notebooks import ROOT

TOKEN = "ringkas-test-token"  # noqa: S105 (a test server's token)
WAIT = 180.0  # seconds: generous, a loaded machine is slow; nothing here asserts a speed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_jupyter(root: Path, tmp: Path, *, token: str = TOKEN,
                    env: dict[str, str] | None = None) -> Iterator[str]:
    """A Jupyter server over `root` with ringkas's extension enabled; yields its base URL once
    it answers (or its wait is over: the test's own request then says what went wrong)."""
    config = tmp / "config" / "jupyter_server_config.d"
    config.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "jupyter-config" / "jupyter_server_config.d" / "ringkas.json", config)
    port = free_port()
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"),
                   "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "PYTHONPATH": str(ROOT / "src"),
                   "JUPYTER_PLATFORM_DIRS": "1", **(env or {})}
    environment.pop("RINGKAS_HOME", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
         f"--ServerApp.root_dir={root}", "--allow-root"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError):
                status = f"{base}/api/status?token={token}"
                if urllib.request.urlopen(status, timeout=5).status == 200:  # noqa: S310
                    break
            time.sleep(0.3)
        yield base
    finally:
        stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    """Stops a server started with start_new_session=True: SIGTERM, a minute to finish (its
    output drained meanwhile, if piped), then SIGKILL to its whole process group."""
    process.send_signal(signal.SIGTERM)
    try:
        process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
