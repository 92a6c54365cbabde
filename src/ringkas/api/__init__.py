"""The Python API: what `ringkas` does, callable from a notebook cell or a script.

One module a part of the work: `project` (which project, its settings, its visits), `visits`,
`briefs`, `knowledge`, `handing_on`; every public name is here.

`import ringkas` makes these names available lazily (see `ringkas/__init__.py`); the CLI is a
thin layer over them. Every function finds the project from the working folder (or
$RINGKAS_HOME) unless given `project=`, a `Project` or a folder. `docs/api.md` shows each in use.

Imports stay inside the functions: the CLI imports this module on every command, and
`ringkas render` with nothing to do must stay well under a second.
"""

from __future__ import annotations

from ringkas.api.briefs import (
    render_briefs,
    revision_history,
    revision_steps,
    serve_preview,
    synthesize,
    watch_briefs,
    write_catalogue,
)
from ringkas.api.handing_on import distribute, email_briefs
from ringkas.api.knowledge import followup, knowledge_base, search, search_index
from ringkas.api.project import (
    PathLike,
    Paths,
    project_of,
    resolve_visits,
    settings_of,
    visit_paths,
)
from ringkas.api.visits import (
    check,
    import_into,
    import_report,
    init_project,
    load_visit,
    new_visit,
    sign_off,
)

__all__ = [
    "PathLike", "Paths", "check", "distribute", "email_briefs", "followup", "import_into",
    "import_report", "init_project", "knowledge_base", "load_visit", "new_visit", "project_of",
    "render_briefs", "resolve_visits", "revision_history", "revision_steps", "search",
    "search_index", "serve_preview", "settings_of", "sign_off", "synthesize", "visit_paths",
    "watch_briefs", "write_catalogue"
]
