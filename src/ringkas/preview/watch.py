"""Watching the notebooks, data/ and the templates with watchfiles, in a thread of its own."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

#: Milliseconds: watchfiles yields once no change came for STEP, at the latest after DEBOUNCE.
STEP, DEBOUNCE = 30, 400


def ignored(path: Path) -> bool:
    """Files no render reads: checkpoints, editors' and Jupyter's temporaries, caches."""
    name = path.name
    return (".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts
            or name.startswith((".", "~")) or name.endswith(("~", ".tmp", ".swp")))


class Watcher:
    """Calls `changed(paths)` from its thread with each batch of changed files."""

    def __init__(self, folders: list[Path], changed: Callable[[set[Path]], None]) -> None:
        self.folders, self.changed = folders, changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview watcher", daemon=True)
        if folders:
            self._thread.start()

    def _run(self) -> None:
        from watchfiles import watch

        try:
            for batch in watch(*self.folders, stop_event=self._stop, step=STEP,
                               debounce=DEBOUNCE, watch_filter=lambda _, p: not ignored(Path(p)),
                               raise_interrupt=False):
                paths = {Path(p) for _, p in batch}
                with contextlib.suppress(Exception):  # one bad batch must not end the watching
                    self.changed(paths)
        except Exception:  # a watched folder deleted, inotify limits: previews go on unwatched
            log.warning("file watching stopped", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)
