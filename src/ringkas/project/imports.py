"""What a process ringkas owns leaves out of its imports: set by the owner, never on import.

nbformat imports jsonschema, which, when the optional rfc3987-syntax is installed (JupyterLab's
jupyter-events pulls it in), builds that package's Lark grammar at import: 1.3 s of CPU for an
IRI format checker nbformat never uses (it validates with no format checker). The `ringkas`
command (`ringkas.cli.main`) and its render workers (`ringkas.build.pool`) are ringkas's own
processes and mark the package absent; a Python caller, and a Jupyter server running ringkas's
extension (where jupyter-events may check IRIs), keep it.
"""

from __future__ import annotations

import sys

IRI_GRAMMAR = "rfc3987_syntax"


def without_iri_grammar() -> None:
    """Mark rfc3987-syntax absent in this process (a None in `sys.modules`: importing it
    raises ImportError, which jsonschema expects of an optional package); no effect once
    something imported it."""
    sys.modules.setdefault(IRI_GRAMMAR, None)  # type: ignore[arg-type]
