"""Puts the built JupyterLab extension (the visit panel) in the wheel, when it has been built.

`make labextension` builds it with npm into src/ringkas/labextension/ (ignored by git); the
wheel then carries it under share/jupyter/labextensions/ringkas-panel/, where JupyterLab finds
prebuilt extensions. Without it (no Node on the machine) the wheel is built without the panel,
and everything else works as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUILT = "src/ringkas/labextension"
TARGET = "share/jupyter/labextensions/ringkas-panel"


class LabExtensionHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if not (root / BUILT / "package.json").is_file():
            self.app.display_warning(f"{BUILT} not built (make labextension): no JupyterLab panel")
            return
        for path in sorted((root / BUILT).rglob("*")):
            # install.json comes from labextension/ (the build folder may hold a copy of it:
            # scripts/build-labextension puts one there for the editable install)
            if path.is_file() and path.name != "install.json":
                relative = path.relative_to(root / BUILT).as_posix()
                build_data["shared_data"][str(path.relative_to(root))] = f"{TARGET}/{relative}"
        build_data["shared_data"]["labextension/install.json"] = f"{TARGET}/install.json"
