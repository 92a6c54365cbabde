"""Which project a call works on, its settings, and the visit notebooks it names.

Part of `ringkas.api` (see its docstring); imports stay inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.project.paths import Project

if TYPE_CHECKING:
    from ringkas.contract.settings import ProjectSettings

PathLike = str | Path
Paths = PathLike | Sequence[PathLike]


def project_of(project: Project | PathLike | None = None) -> Project:
    """The project `project` names: a Project, a folder inside one, or None for the one
    around the working folder (or $RINGKAS_HOME)."""
    return project if isinstance(project, Project) else Project.find(
        Path(project) if project is not None else None)

def settings_of(project: Project | PathLike | None = None) -> ProjectSettings:
    """The settings in `project`'s ringkas.toml (the defaults without one), read now: a
    ConfigError names what is wrong in the file. Every function here reads them once and passes
    them on; nothing in the process is changed by reading them."""
    from ringkas.contract.config import load_settings

    return load_settings(project_of(project))

def visit_paths(paths: Paths | None = None, *,
                project: Project | PathLike | None = None) -> list[Path]:
    """The visit notebooks `paths` names (notebooks or folders; default: the project's
    notebooks/visits); a MessageError when there are none."""
    from ringkas.contract.problems import MessageError
    from ringkas.notebook.read import find_notebooks

    where = project_of(project)
    given = [paths] if isinstance(paths, (str, Path)) else list(paths or ())
    notebooks = find_notebooks(given or [where.visits_dir])
    if not notebooks:
        raise MessageError("cli.no_visits",
                           path=", ".join(map(str, given)) or where.visits_dir)
    return notebooks

def resolve_visits(visits: str | Sequence[str] = (), *,
                   project: Project | PathLike | None = None) -> list[Path]:
    """Visit ids (`2022-11-28-banyuwangi`) or notebook paths to paths (one may be given as a
    string); none means every visit. An unknown id is an error that lists the known ones and
    suggests the closest."""
    from ringkas.contract.problems import MessageError, closest
    from ringkas.notebook.read import find_notebooks

    if isinstance(visits, str):
        visits = [visits]  # one visit, not its characters
    where = project_of(project)
    if not visits:
        return visit_paths(project=where)
    known = ({p.stem: p for p in find_notebooks([where.visits_dir])}
             if where.visits_dir.is_dir() else {})
    paths: list[Path] = []
    for value in visits:
        if Path(value).exists():
            paths.extend(find_notebooks([Path(value)]))
        elif value in known:
            paths.append(known[value])
        else:
            raise MessageError("render.unknown_visit", value=value, folder=where.visits_dir,
                               choices=sorted(known) or "-", suggest=closest(value, known))
    return paths
