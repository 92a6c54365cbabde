"""ringkas: study-visit notebooks into a knowledge base and policy briefs.

The Python API (docs/api.md), each also a `ringkas` command::

    import ringkas
    ringkas.check()                      # every visit against the format
    ringkas.render_briefs(["2022-11-28-banyuwangi"], langs=["id"], formats=["html"])
    kb = ringkas.knowledge_base()        # pandas tables of every visit
    ringkas.search("kemiskinan desa").hits
    ringkas.followup(overdue_only=True)
    ringkas.synthesize("kemiskinan")

Names load on first use (module `__getattr__`): `import ringkas` imports nothing heavy, so the
CLI, which imports it on every command, stays fast, and no global state (logging included) is
touched by importing it.
"""

from __future__ import annotations

import importlib
from typing import Any

# Written here, not read with importlib.metadata: that import alone costs a tenth of a second on
# every command, and `ringkas render` with nothing to do should take well under one. pyproject.toml
# reads it from here (tool.hatch.version).
__version__ = "0.1.0"

#: Public name -> the module that defines it.
_HOMES = {
    "check": "ringkas.api", "load_visit": "ringkas.api", "new_visit": "ringkas.api",
    "render_briefs": "ringkas.api", "synthesize": "ringkas.api", "knowledge_base": "ringkas.api",
    "search": "ringkas.api", "search_index": "ringkas.api", "followup": "ringkas.api",
    "write_catalogue": "ringkas.api", "import_report": "ringkas.api", "import_into": "ringkas.api",
    "init_project": "ringkas.api", "distribute": "ringkas.api",
    "email_briefs": "ringkas.api",
    "sign_off": "ringkas.api",
    "read_indicator": "ringkas.authoring.evidence", "number": "ringkas.authoring.evidence",
    "Project": "ringkas.project.paths", "RingkasError": "ringkas.contract.problems",
    "Visit": "ringkas.contract.model", "KnowledgeBase": "ringkas.knowledge.kb",
    "SearchResult": "ringkas.knowledge.search",
    "revision_history": "ringkas.api", "revision_steps": "ringkas.api",
    "settings_of": "ringkas.api", "watch_briefs": "ringkas.api", "serve_preview": "ringkas.api",
    "ProjectSettings": "ringkas.contract.settings",
}

__all__ = ["__version__", *_HOMES]

# No `if TYPE_CHECKING:` imports of the API here: every module reads `__version__` from this
# package, so importing them, even for type checkers, would make each module part of a cycle
# (tests/unit/test_layers.py). `__getattr__` types them as Any; `ringkas.api` has the types.


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ringkas' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
