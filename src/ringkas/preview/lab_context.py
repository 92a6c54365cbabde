"""What the JupyterLab panel's routes share: where a notebook is, its project, the language, the
contract as JSON (fields, sections, tables, the skeleton's cells) and problems as JSON.

Paths come from the browser: each is resolved under the server's root folder, and anything
that leaves it (`..`, an absolute path, a symbolic link pointing out) is refused.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ringkas.contract import spec as C
from ringkas.contract.links import outside
from ringkas.contract.problems import MessageError, Problem
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.i18n.messages import say
from ringkas.project.paths import Project, templates_dir

#: The form's kind of each front-matter field type (docs/jupyterlab.md, "REST routes").
KINDS = {"text": "text", "date": "date", "choice": "choice", "choices": "choices",
         "list": "list", "region": "region", "people": "people"}
#: Fields with a line of help in the catalogues (`lab.help.<key>`).
HELPED = ("date", "host", "home", "participants", "led_by", "received_by", "themes", "sources",
          "text_lang", "status", "approved_by")


def settings_of(project: Project) -> ProjectSettings:
    """`project`'s ringkas.toml (its own [[theme]]s, OPDs, branding), as `ringkas.api`'s
    `settings_of` reads it for the CLI (the API is a layer above this one); read again when
    the file changed. A bad file is its ConfigError (HTTP 400 with its message)."""
    from ringkas.contract.config import load_settings

    return load_settings(project)


def lang_of(requested: object) -> str:
    """The language asked for, else $RINGKAS_LANG, else Indonesian."""
    if isinstance(requested, str) and requested in C.LANGS:
        return requested
    env = os.environ.get("RINGKAS_LANG", "")
    return env if env in C.LANGS else C.DEFAULT_LANG


@dataclass(frozen=True)
class Place:
    """A path the browser named: the file, its path relative to the server root, its project."""

    path: Path
    relative: str
    project: Project


def resolve(root: Path, given: object, *, must_exist: bool = True) -> Place:
    """The file `given` names under `root` (the server's root_dir); a MessageError for a path
    that is not text, leaves the root or (with `must_exist`) names no file."""
    if not isinstance(given, str) or not given.strip() or "\0" in given:
        raise MessageError("lab.bad_path", path=str(given))
    relative = Path(given.strip())
    base = root.resolve()
    if relative.is_absolute() or ".." in relative.parts:
        raise MessageError("lab.outside_root", path=given)
    if outside(base / relative, base) is not None:  # a symbolic link leading out of it
        raise MessageError("lab.outside_root", path=given)
    path = (base / relative).resolve()
    if must_exist and not path.is_file():
        raise MessageError("lab.no_file", path=given)
    folder = path if path.is_dir() else path.parent
    return Place(path, path.relative_to(base).as_posix(), Project.find(folder))


def relative_to_root(root: Path, path: Path) -> str:
    """`path` as the browser names it: relative to the server root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def problem_json(problem: Problem, lang: str) -> dict[str, object]:
    """A problem as the panel shows it: the message `ringkas check` gives, the cell as an index
    of the notebook (0-based; None for the notebook as a whole), the field or column."""
    line = problem.params.get("line")
    row = problem.params.get("row")
    return {"severity": problem.severity, "message": say(problem.code, lang, **problem.params),
            "cell": problem.cell - 1 if problem.cell else None, "field": problem.field,
            "line": line if isinstance(line, int) else None, "code": problem.code,
            "row": int(row) if isinstance(row, (int, str)) and str(row).isdigit() else None,
            "text": problem.text(lang)}


def problems_json(problems: Iterable[Problem], lang: str) -> list[dict[str, object]]:
    return [problem_json(p, lang) for p in problems]


def _choices(choices: dict[str, C.Choice] | None, lang: str) -> list[dict[str, str]] | None:
    if choices is None:
        return None
    return [{"value": value, "label": choice.label(lang)} for value, choice in choices.items()]


def fields_json(lang: str, vocabulary: Vocabulary = BUILTIN) -> list[dict[str, object]]:
    """The front-matter fields of the form, in the skeleton's order (the signed records aside:
    the review and approve actions write them); the themes those of the project's
    `vocabulary`."""
    from ringkas.authoring.frontmatter_edit import SIGNED, key_order

    fields = []
    for key in key_order():
        if key in SIGNED:
            continue
        spec = C.FRONT_MATTER_FIELDS[key]
        fields.append({"key": key, "label": spec.label(lang), "kind": KINDS[spec.type],
                       "required": spec.presence == "required", "presence": spec.presence,
                       "choices": _choices(
                           dict(vocabulary.choices(spec)) if spec.choices else None, lang),
                       "help": say(f"lab.help.{key}", lang) if key in HELPED else ""})
    return fields


def sections_json(lang: str) -> list[dict[str, object]]:
    return [{"value": tag, "label": s.label(lang), "repeatable": s.repeatable,
             "cell_type": s.cell_type, "presence": s.presence} for tag, s in C.SECTIONS.items()]


def tables_json(lang: str) -> dict[str, dict[str, object]]:
    tables: dict[str, dict[str, object]] = {}
    for table, columns in C.TABLE_COLUMNS.items():
        tables[table] = {"columns": [
            {"key": key, "label": col.label(lang), "choices": _choices(col.choices, lang),
             "required": col.required_value,
             **({"help": say("lab.help.timeline", lang)} if key == "timeline" else {})}
            for key, col in columns.items()]}
    return tables


@lru_cache(maxsize=1)
def _skeleton_cells() -> tuple[dict[str, object], ...]:
    data = json.loads((templates_dir() / "visit.ipynb").read_text(encoding="utf-8"))
    return tuple(data["cells"])


def skeleton_json() -> dict[str, object]:
    """The skeleton's cells the panel inserts: an innovation, the two tables' cells, and a new
    recommendation row (in the columns' order)."""
    found: dict[str, object] = {}
    for cell in _skeleton_cells():
        tags = list(cell.get("metadata", {}).get("tags", []))  # type: ignore[attr-defined]
        for tag in tags:
            if tag in ("innovation", "roles", "recommendations"):
                source = cell["source"]
                found[tag] = {"source": "".join(source) if isinstance(source, list) else source,
                              "tags": tags, "cell_type": cell["cell_type"]}
    found["recommendation_row"] = {
        "values": {key: "usulan" if key == "status" else "" for key in C.RECOMMENDATION_COLUMNS},
        "row": ["usulan" if key == "status" else "" for key in C.RECOMMENDATION_COLUMNS]}
    found["role_row"] = {"values": {key: "" for key in C.ROLE_COLUMNS},
                         "row": ["" for _ in C.ROLE_COLUMNS]}
    return found
