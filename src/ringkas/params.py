"""Reading a papermill `parameters` cell without running it."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ringkas.validate import Findings


def parse_parameters(source: str, cell: int, found: Findings) -> dict[str, object]:
    """`name = literal` lines of a parameters cell; anything else is reported, not run."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        found.error(cell, "parameters", "param.syntax", line=exc.lineno or "?", detail=exc.msg)
        return {}
    values: dict[str, object] = {}
    for node in tree.body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        try:
            if not isinstance(target, ast.Name) or value is None:
                raise ValueError
            values[target.id] = ast.literal_eval(value)
        except ValueError:
            found.error(cell, "parameters", "param.not_literal", line=node.lineno)
    return values
