"""Reading a papermill `parameters` cell without running it."""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ringkas.contract.problems import Findings


def parse_parameters(source: str, cell: int, found: Findings) -> dict[str, object]:
    """`name = literal` lines of a parameters cell; anything else is reported, not run."""
    try:
        with warnings.catch_warnings():  # a SyntaxWarning would print over `ringkas check`
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except SyntaxError as exc:  # also null bytes in the source
        found.error(cell, "parameters", "param.syntax", line=exc.lineno or "?", detail=exc.msg)
        return {}
    except (ValueError, RecursionError, MemoryError) as exc:  # absurdly nested expressions
        found.error(cell, "parameters", "param.syntax", line="?", detail=type(exc).__name__)
        return {}
    values: dict[str, object] = {}
    for node in tree.body:
        assignment = _assignment(node)
        try:
            if assignment is None:
                raise ValueError(node)
            values[assignment[0]] = ast.literal_eval(assignment[1])
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            # TypeError: a literal that cannot be built, such as {[1]: 2}
            found.error(cell, "parameters", "param.not_literal", line=node.lineno)
    return values


def _assignment(node: ast.stmt) -> tuple[str, ast.expr] | None:
    """`name = value` or `name: type = value` as (name, value); None for any other statement."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target, value = node.target, node.value
    else:
        return None
    return (target.id, value) if isinstance(target, ast.Name) else None
