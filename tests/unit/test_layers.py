"""The package's layering: cli -> api -> preview -> build | authoring -> knowledge -> render ->
notebook -> contract -> i18n | project. A lower layer never imports a higher one, nor a sibling
of its own layer: not at module level, not inside a function, not under TYPE_CHECKING. Modules do
not import each other in a cycle. The root `ringkas/__init__.py` (the public API, imported lazily
from `ringkas/api/`) is outside the layers; a subpackage may read only `__version__` from it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.notebooks import ROOT

PACKAGE = ROOT / "src" / "ringkas"

#: Highest first; subpackages in one tuple are siblings and must not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("api",),  # ringkas/api/, the documented Python API the CLI calls
    # `ringkas preview`'s server: drives build's unit of work (a client of the stage, as the CLI
    # is), below api so that the API may offer it to a notebook one day
    # `ringkas distribute` (bundle, cover memos, e-mail) is a client of build as well
    ("preview", "distribution"),
    ("build", "authoring"),
    ("knowledge",),
    ("render",),
    ("notebook",),
    ("contract",),
    ("i18n", "project"),
)
#: What a subpackage may import from the root package.
FROM_ROOT = {"__version__"}

#: Module cycles known today, each to be removed by the work that names it; listed as sorted
#: tuples of module names. The test fails when one disappears, so that this list stays true.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, package: Path) -> list[tuple[str, str, int]]:
    """(imported module, imported name or "", line) of every import in `path`, wherever it is."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found += [(module, alias.name, node.lineno) for alias in node.names]
    return found


def graph(package: Path) -> dict[str, set[tuple[str, str, int]]]:
    """Module -> the package's own modules it imports, with the name and line."""
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    root = package.name
    edges: dict[str, set[tuple[str, str, int]]] = {}
    for name, path in modules.items():
        edges[name] = set()
        for module, imported, line in imports(path, package):
            if module != root and not module.startswith(root + "."):
                continue
            # `from ringkas.render import exporters` imports the module ringkas.render.exporters
            target = f"{module}.{imported}" if f"{module}.{imported}" in modules else module
            edges[name].add((target, imported, line))
    return edges


def subpackage(module: str) -> str | None:
    parts = module.split(".")
    # the root package and `python -m ringkas` (ringkas/__main__.py) sit above the layers
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else None


def layer_violations(package: Path) -> list[str]:
    rank = {sub: (i, layer) for i, layer in enumerate(LAYERS) for sub in layer}
    found = []
    for module, targets in sorted(graph(package).items()):
        source = subpackage(module)
        if source is None:
            continue  # the root package: the public API, outside the layers
        assert source in rank, f"{module}: subpackage {source!r} is in no layer; add it to LAYERS"
        for target, imported, line in sorted(targets):
            goal = subpackage(target)
            if goal is None:
                if imported not in FROM_ROOT:
                    found.append(f"{module}:{line} imports {imported or target} from the root")
                continue
            if goal == source:
                continue
            assert goal in rank, f"{target}: subpackage {goal!r} is in no layer"
            if rank[goal][0] < rank[source][0]:
                found.append(f"{module}:{line} imports {target} from a higher layer")
            elif rank[goal][0] == rank[source][0]:
                found.append(f"{module}:{line} imports {target} from a sibling layer")
    return found


def cycles(package: Path) -> set[tuple[str, ...]]:
    """The package's import cycles between modules, each as the sorted modules of one strongly
    connected component (Tarjan's algorithm)."""
    edges = {m: {t for t, _, _ in ts if t != m} for m, ts in graph(package).items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_layer_imports_a_higher_or_sibling_layer() -> None:
    assert layer_violations(PACKAGE) == []


def test_every_subpackage_is_in_a_layer() -> None:
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert folders | modules == {sub for layer in LAYERS for sub in layer}


def test_no_import_cycles_but_the_known_ones() -> None:
    found = cycles(PACKAGE)
    assert found - KNOWN_CYCLES == set(), "new import cycle"
    assert KNOWN_CYCLES - found == set(), "a known cycle is gone: remove it from KNOWN_CYCLES"


# --- the checks themselves, on a small package written for the test -------------------------

def write(package: Path, files: dict[str, str]) -> Path:
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folders = [sub for layer in LAYERS for sub in layer]
    return write(tmp_path / "ringkas", {f"{sub}/__init__.py": "" for sub in folders})


@pytest.mark.parametrize(("source", "expected"), [
    ("from ringkas.contract.spec import LANGS\n", []),
    ("def f():\n    from ringkas.cli import main\n",
     ["ringkas.render.a:2 imports ringkas.cli from a higher layer"]),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ringkas.build import x\n",
     ["ringkas.render.a:3 imports ringkas.build from a higher layer"]),
    ("from ..knowledge import kb\n",
     ["ringkas.render.a:1 imports ringkas.knowledge from a higher layer"]),
    ("import ringkas.authoring.new\n",
     ["ringkas.render.a:1 imports ringkas.authoring.new from a higher layer"]),
    ("from ringkas import __version__\n", []),
    ("from ringkas import render_briefs\n",
     ["ringkas.render.a:1 imports render_briefs from the root"]),
])
def test_layer_violations_are_found(package: Path, source: str, expected: list[str]) -> None:
    write(package, {"render/a.py": source})
    assert layer_violations(package) == expected


def test_a_sibling_layer_is_a_violation(package: Path) -> None:
    write(package, {"i18n/a.py": "from ringkas.project import paths\n"})
    assert layer_violations(package) == [
        "ringkas.i18n.a:1 imports ringkas.project from a sibling layer"]


def test_a_cycle_is_found_even_through_a_lazy_import(package: Path) -> None:
    write(package, {"build/a.py": "from ringkas.build.b import x\n",
                    "build/b.py": "def f():\n    from ringkas.build import a\n",
                    "build/c.py": "from ringkas.build.a import y\n"})
    assert cycles(package) == {("ringkas.build.a", "ringkas.build.b")}
