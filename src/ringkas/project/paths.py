"""Where things live. All paths in one place; nothing happens at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/ringkas, or site-packages/ringkas
#: A source checkout keeps templates at the top level; an installed wheel carries a copy.
_CHECKOUT_TEMPLATES = PACKAGE_DIR.parent.parent / "templates"
_PACKAGED_TEMPLATES = PACKAGE_DIR / "templates"
#: The file that makes a folder a ringkas project (`ringkas init` writes it).
CONFIG_NAME = "ringkas.toml"


def default_synthesis_notebook() -> Path:
    """The synthesis notebook ringkas ships (`ringkas synthesize` uses it in a project that has
    no notebooks/knowledge-base.ipynb of its own): the checkout's, or the wheel's copy."""
    checkout = _CHECKOUT_TEMPLATES.parent / "notebooks" / "knowledge-base.ipynb"
    return checkout if checkout.is_file() else _PACKAGED_TEMPLATES / "knowledge-base.ipynb"


def templates_dir() -> Path:
    """The folder holding `brief/` (the nbconvert template) and `visit.ipynb` (the skeleton)."""
    if (_CHECKOUT_TEMPLATES / "brief" / "conf.json").exists():
        return _CHECKOUT_TEMPLATES
    return _PACKAGED_TEMPLATES


@dataclass(frozen=True)
class Project:
    """A ringkas project folder: visit notebooks, data and briefs under one root."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing `start` (default: $RINGKAS_HOME, else the working folder):
        the nearest folder upwards holding ringkas.toml, or (a project from before the file)
        notebooks/visits/ or data/indicators/; else `start` itself."""
        here = Path(start or os.environ.get("RINGKAS_HOME") or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder)
            marks = (folder / "notebooks" / "visits", folder / "data" / "indicators")
            if any(mark.is_dir() for mark in marks):
                return cls(folder)
        return cls(here)

    @property
    def config_path(self) -> Path:
        """ringkas.toml: the agency's settings (`ringkas.contract.config` reads it)."""
        return self.root / CONFIG_NAME

    @property
    def visits_dir(self) -> Path:
        return self.root / "notebooks" / "visits"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def briefs_dir(self) -> Path:
        return self.root / "briefs"

    @property
    def dist_dir(self) -> Path:
        """Where `ringkas distribute` builds what is handed to leadership (ignored by git)."""
        return self.root / "dist"

    @property
    def exports_dir(self) -> Path:
        """Where `ringkas kb export` writes when given no path (ignored by git)."""
        return self.root / "exports"
