"""pyproject.toml and environment.yml list the same packages with the same version floors.

pip users install from pyproject.toml ([project.dependencies] plus the `test` extra); conda users
from environment.yml. Names are compared normalised (PEP 503: case, `-`, `_` and `.` aside).
environment.yml's python, pip and its `pip:` list (the `-e .` install) are not packages to match.
Every package src/ringkas imports (anywhere in a module) is one of [project.dependencies].
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.notebooks import ROOT

#: `name[extras] >=1.2, <2` (pip) or `name>=1.2` / `name >=1.2` (conda).
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<spec>.*)$")
CONDA_ONLY = {"python", "pip"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def floors(requirements: list[str]) -> dict[str, str | None]:
    """Package -> its `>=` floor (None when it has none), from requirement strings."""
    found: dict[str, str | None] = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement.split(";")[0])
        assert match, f"cannot read requirement {requirement!r}"
        name = normalise(match["name"])
        assert name not in found, f"{name} is listed twice"
        floor = re.search(r">=\s*([^\s,]+)", match["spec"])
        found[name] = floor.group(1) if floor else None
    return found


def pyproject_floors() -> dict[str, str | None]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return floors([*project["dependencies"], *project["optional-dependencies"]["test"]])


def environment_floors() -> dict[str, str | None]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [entry for entry in environment["dependencies"] if isinstance(entry, str)]
    found = floors(conda)
    return {name: floor for name, floor in found.items() if name not in CONDA_ONLY}


def test_pyproject_and_environment_list_the_same_packages_and_floors() -> None:
    pip, conda = pyproject_floors(), environment_floors()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml only: add to environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml only: add to pyproject.toml"
    differ = {name: (pip[name], conda[name]) for name in pip if pip[name] != conda[name]}
    assert differ == {}, "version floors differ (pyproject.toml, environment.yml)"


def test_every_dependency_has_a_floor() -> None:
    assert [name for name, floor in pyproject_floors().items() if floor is None] == []


def test_the_pip_section_only_installs_the_project() -> None:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)]
    assert pip_lists == [["-e ."]]


@pytest.mark.parametrize(("requirements", "expected"), [
    (["Jupyter_Client >=8.0, <9"], {"jupyter-client": "8.0"}),
    (["nbconvert[webpdf]>=7.16"], {"nbconvert": "7.16"}),
    (["ruamel.yaml>=0.18 ; python_version < '3.13'"], {"ruamel-yaml": "0.18"}),
    (["pandas"], {"pandas": None}),
])
def test_requirements_are_read_and_normalised(requirements: list[str],
                                              expected: dict[str, str | None]) -> None:
    assert floors(requirements) == expected


def test_a_differing_floor_is_noticed() -> None:
    assert floors(["pandas>=2.2"]) != floors(["pandas>=2.1"])
    assert floors(["PyYAML>=6.0"]) == floors(["pyyaml>=6.0"])


# --- every package src/ringkas imports is declared ------------------------------------------

def imported_top_levels(package: Path) -> dict[str, str]:
    """Top-level name -> the first `file:line` importing it, for every absolute import in
    `package` (inside functions and TYPE_CHECKING blocks too) that is not the standard library
    or the package itself."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != package.name:
                    found.setdefault(top, f"{path.relative_to(package.parent)}:{node.lineno}")
    return found


def undeclared(package: Path, declared: set[str]) -> list[str]:
    """`where: name (distribution)` for each import whose distribution is not in `declared`."""
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for top, where in sorted(imported_top_levels(package).items()):
        owners = {normalise(d) for d in distributions.get(top, [])}
        if not owners:
            missing.append(f"{where}: {top} (installed by no distribution)")
        elif not owners & declared:
            missing.append(f"{where}: {top} ({', '.join(sorted(owners))})")
    return missing


def runtime_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return set(floors(project["dependencies"]))


def test_every_package_imported_by_ringkas_is_a_declared_dependency() -> None:
    assert undeclared(ROOT / "src" / "ringkas", runtime_dependencies()) == []


def test_an_undeclared_import_is_noticed(tmp_path: Path) -> None:
    package = tmp_path / "ringkas"
    package.mkdir()
    (package / "__init__.py").write_text("import os\nfrom . import a\nimport ringkas.a\n")
    (package / "a.py").write_text(
        "def f():\n    import yaml.composer\n    from pandas import api\n")
    declared = {"pyyaml"}
    assert undeclared(package, declared) == ["ringkas/a.py:3: pandas (pandas)"]
    assert undeclared(package, declared | {"pandas"}) == []
    (package / "b.py").write_text("import no_such_package_anywhere\n")
    assert undeclared(package, declared | {"pandas"}) == [
        "ringkas/b.py:1: no_such_package_anywhere (installed by no distribution)"]
