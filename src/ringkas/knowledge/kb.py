"""The knowledge base: every visit notebook as pandas tables, and their export.

`load()` reads visit notebooks into six DataFrames (visits, innovations, roles, recommendations,
sections, photos), each with a `visit_id` column, typed and ordered as `SCHEMA` says. A notebook
that breaks the contract is left out of the tables and listed in `problems`; one broken notebook
never stops the others. `docs/knowledge-base.md` documents every column, and
tests/unit/test_kb.py checks that the docs and `SCHEMA` agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ringkas.contract import spec as C
from ringkas.contract.config import load_settings
from ringkas.contract.model import Visit
from ringkas.contract.problems import MessageError, Problem
from ringkas.contract.settings import ProjectSettings
from ringkas.contract.themes import BUILTIN, Vocabulary
from ringkas.contract.timeline import is_overdue
from ringkas.notebook.markdown import plain
from ringkas.notebook.read import check_visits, find_notebooks
from ringkas.project.files import replace_with
from ringkas.project.paths import Project

#: Where `load()` looks by default, relative to the project root (not the working folder).
DEFAULT_VISITS = "notebooks/visits"
TABLES = ("visits", "innovations", "roles", "recommendations", "sections", "photos")
#: How list columns (themes, participants, sources) are joined into text.
LIST_SEPARATOR = "; "

#: Each table's columns, in order, with their type: string (pandas "string"), date
#: (datetime64[ns]), Int64 (nullable integer), int64, bool, category (values in CATEGORIES)
#: or list (a Python list per row).
SCHEMA: dict[str, dict[str, str]] = {
    "visits": {
        "visit_id": "string", "title": "string", "date": "date", "year": "Int64",
        "kind": "category", "host_name": "string", "host_bps_code": "string",
        "home_name": "string", "home_bps_code": "string", "agency": "string", "unit": "string",
        "themes": "list", "themes_text": "string", "participants": "list", "led_by": "string",
        "received_by": "list", "venue": "string", "sources": "list",
        "status": "category", "approved_by": "string", "approved_position": "string",
        "approved_nip": "string", "approved_on": "date", "reviewed_by": "string",
        "reviewed_position": "string", "reviewed_on": "date", "text_lang": "category",
        "innovation_count": "int64",
        "recommendation_count": "int64", "recommendations_done": "int64", "path": "string",
    },
    "innovations": {
        "visit_id": "string", "number": "int64", "name": "string", "description": "string",
        "target": "string", "start_year": "Int64", "funding": "string", "lead_opd": "string",
        "evidence": "string", "form": "string", "source": "string", "cell": "int64",
    },
    "roles": {
        "visit_id": "string", "number": "int64", "actor": "string", "role": "string",
        "cell": "int64",
    },
    "recommendations": {
        "visit_id": "string", "number": "int64", "recommendation": "string",
        "lead_opd": "string", "timeline": "string", "due": "date", "priority": "category",
        "status": "category", "is_open": "bool", "cell": "int64",
    },
    "sections": {
        "visit_id": "string", "cell": "int64", "tag": "category", "heading": "string",
        "text": "string", "plain": "string", "not_discussed": "bool",
        "text_en": "string",
    },
    "photos": {
        "visit_id": "string", "number": "int64", "file": "string", "caption": "string",
        "credit": "string", "on_pimpinan": "bool", "attachment": "bool", "cell": "int64",
    },
}

#: The allowed values of each category column, in the contract's order.
CATEGORIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("visits", "kind"): tuple(C.VISIT_KINDS),
    ("visits", "status"): tuple(C.VISIT_STATUSES),
    ("visits", "text_lang"): C.LANGS,
    ("recommendations", "priority"): tuple(C.PRIORITIES),
    ("recommendations", "status"): tuple(C.RECOMMENDATION_STATUSES),
    ("sections", "tag"): tuple(s.tag for s in C.SECTIONS.values() if s.cell_type == "markdown"),
}


def dtype_of(table: str, column: str) -> object:
    """The pandas dtype a column has, from its SCHEMA type."""
    kind = SCHEMA[table][column]
    if kind == "category":
        return pd.CategoricalDtype(list(CATEGORIES[(table, column)]))
    return {"string": pd.StringDtype(), "date": "datetime64[ns]", "list": object}.get(kind, kind)


def _typed(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(SCHEMA[table]))
    for column, kind in SCHEMA[table].items():
        values = frame[column]
        if kind == "date":
            values = pd.to_datetime(values)
        frame[column] = values.astype(dtype_of(table, column))  # type: ignore[call-overload]
    return frame


# --- rows ---------------------------------------------------------------------------------

def _shown_path(path: Path, root: Path | None) -> str:
    """The notebook's path relative to the project root when inside it (stable, shareable)."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _visit_row(visit: Visit, root: Path | None) -> dict[str, object]:
    home = visit.home
    recommendations = visit.recommendations
    return {
        "visit_id": visit.id, "title": visit.title, "date": visit.date, "year": visit.date.year,
        "kind": visit.kind, "host_name": visit.host.name, "host_bps_code": visit.host.bps_code,
        "home_name": home.name if home else None, "home_bps_code": home.bps_code if home else None,
        "agency": visit.agency or None, "unit": visit.unit or None,
        "themes": list(visit.themes), "themes_text": LIST_SEPARATOR.join(visit.themes) or None,
        "participants": list(visit.participants), "led_by": visit.led_by,
        "received_by": [str(p) for p in visit.received_by], "venue": visit.venue,
        "sources": list(visit.sources),
        "status": visit.status, "approved_by": visit.approved_by, "text_lang": visit.text_lang,
        **_sign_off_columns(visit),
        "innovation_count": len(visit.innovations),
        "recommendation_count": len(recommendations),
        "recommendations_done": sum(r.status == C.DONE_STATUS for r in recommendations),
        "path": _shown_path(visit.path, root),
    }


def _sign_off_columns(visit: Visit) -> dict[str, object]:
    """The approval and review records (front matter `approved`, `reviewed`), flat."""
    approved, reviewed = visit.approved, visit.reviewed
    return {
        "approved_position": approved.position if approved else None,
        "approved_nip": approved.nip if approved else None,
        "approved_on": approved.date if approved else None,
        "reviewed_by": reviewed.name if reviewed else None,
        "reviewed_position": reviewed.position if reviewed else None,
        "reviewed_on": reviewed.date if reviewed else None,
    }


def _innovation_rows(visit: Visit) -> list[dict[str, object]]:
    return [{"visit_id": visit.id, "number": number, **asdict(innovation)}
            for number, innovation in enumerate(visit.innovations, 1)]


def _role_rows(visit: Visit) -> list[dict[str, object]]:
    return [{"visit_id": visit.id, "number": number, **asdict(role)}
            for number, role in enumerate(visit.roles, 1)]


def _recommendation_rows(visit: Visit) -> list[dict[str, object]]:
    return [{"visit_id": visit.id, **asdict(r), "is_open": r.status in C.OPEN_STATUSES}
            for r in visit.recommendations]


def _section_rows(visit: Visit) -> list[dict[str, object]]:
    """The written sections, and those marked as not discussed (with no text): one left with
    only its guidance, or blank, has no row, as the briefs and the catalogue leave it out
    (`ringkas check` warns about it)."""
    return [{"visit_id": visit.id, "cell": s.cell, "tag": s.tag, "heading": s.heading,
             "text": s.text, "plain": plain(s.text), "not_discussed": s.not_discussed,
             "text_en": s.en}
            for s in visit.sections if not s.is_empty or s.not_discussed]


def _photo_rows(visit: Visit) -> list[dict[str, object]]:
    return [{"visit_id": visit.id, "number": number, **asdict(photo)}
            for number, photo in enumerate(visit.photos, 1)]


# --- the knowledge base -------------------------------------------------------------------

@dataclass
class KnowledgeBase:
    """Every visit that follows the contract, as typed tables; the rest in `problems`."""

    visits: pd.DataFrame
    innovations: pd.DataFrame
    roles: pd.DataFrame
    recommendations: pd.DataFrame
    sections: pd.DataFrame
    photos: pd.DataFrame  # the dokumentasi section's photos: file, caption, credit
    #: Notebooks left out of the tables, with the errors that kept them out.
    problems: dict[Path, list[Problem]] = field(default_factory=dict)
    #: The project's themes (the built-in ones and its own): what `synthesis.select` and the
    #: search index resolve and label a theme with.
    vocabulary: Vocabulary = BUILTIN

    @classmethod
    def from_visits(cls, visits: Iterable[Visit], root: Path | None = None,
                    problems: dict[Path, list[Problem]] | None = None, *,
                    vocabulary: Vocabulary = BUILTIN) -> KnowledgeBase:
        """Tables of already loaded visits, ordered by date and id; paths shown below `root`."""
        ordered = sorted(visits, key=lambda v: (v.date, v.id))
        row_makers: dict[str, Callable[[Visit], list[dict[str, object]]]] = {
            "visits": lambda v: [_visit_row(v, root)], "innovations": _innovation_rows,
            "roles": _role_rows, "recommendations": _recommendation_rows,
            "sections": _section_rows, "photos": _photo_rows,
        }
        tables = {name: _typed(name, [row for v in ordered for row in make(v)])
                  for name, make in row_makers.items()}
        return cls(**tables, problems=dict(problems or {}), vocabulary=vocabulary)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name, in TABLES order."""
        return {name: getattr(self, name) for name in TABLES}

    def summary(self) -> dict[str, int]:
        """Rows per table."""
        return {name: len(frame) for name, frame in self.tables.items()}

    def overdue(self, today: dt.date | None = None) -> pd.DataFrame:
        """Open recommendations whose timeline ended before `today` (default: today)."""
        recs = self.recommendations
        return recs[overdue_mask(recs, today or dt.date.today())]

    def to_excel(self, path: str | Path) -> Path:
        """Write one sheet per table to an .xlsx file, atomically; returns the path."""
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise MessageError("kb.bad_target", path=target)
        from ringkas.knowledge.excel import write_workbook

        return write_workbook(target, {name: flatten(name, frame)
                                       for name, frame in self.tables.items()})

    def to_csv(self, folder: str | Path) -> list[Path]:
        """Write `<table>.csv` (UTF-8) per table into `folder`, each atomically."""
        target = Path(folder)
        if target.exists() and not target.is_dir():
            raise MessageError("kb.target_is_file", path=target)
        written = []
        for name, frame in self.tables.items():
            flat = flatten(name, frame)
            path = target / f"{name}.csv"
            _write_atomically(path, lambda temp, flat=flat: flat.to_csv(  # type: ignore[misc]
                temp, index=False, encoding="utf-8", date_format="%Y-%m-%d", lineterminator="\n"))
            written.append(path)
        return written


def overdue_mask(recommendations: pd.DataFrame, today: dt.date) -> pd.Series:
    """True for each recommendation row that `contract.timeline.is_overdue` calls overdue."""
    return pd.Series([is_overdue(None if pd.isna(due) else due.date(), str(status), today)
                      for due, status in zip(recommendations["due"], recommendations["status"],
                                             strict=True)],
                     index=recommendations.index, dtype=bool)


def load(path: str | Path | Sequence[str | Path] = DEFAULT_VISITS,
         project: Project | str | Path | None = None,
         settings: ProjectSettings | None = None) -> KnowledgeBase:
    """The knowledge base of the visit notebooks under `path` (a folder, a notebook or a list).

    The default, "notebooks/visits", is the project's visits folder wherever the working folder
    is inside the project. Notebooks that fail validation land in `problems`, never in an error.
    `project`: a Project or a folder in one (default: the one around the working folder);
    `settings`: the project's (default: read from its ringkas.toml), whose own themes are valid.
    """
    if not isinstance(project, Project):
        project = Project.find(Path(project) if project else None)
    settings = settings or load_settings(project)
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if [str(p) for p in paths] == [DEFAULT_VISITS]:
        paths = [project.visits_dir]
    result = check_visits(find_notebooks(paths), vocabulary=settings.vocabulary)
    problems = {p: [x for x in result.problems[p] if x.is_error] for p in result.failed}
    return KnowledgeBase.from_visits(result.visits, root=project.root, problems=problems,
                                     vocabulary=settings.vocabulary)


# --- export -------------------------------------------------------------------------------

def flatten(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table with list columns joined by LIST_SEPARATOR, ready for a spreadsheet or CSV."""
    out = frame.copy()
    for column, kind in SCHEMA[table].items():
        if kind == "list":
            out[column] = out[column].map(LIST_SEPARATOR.join).astype(pd.StringDtype())
    return out


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file beside `target`, so readers never see half a file."""
    try:
        replace_with(target, write)
    except OSError as exc:
        raise MessageError("kb.write_failed", path=target, detail=exc.strerror or exc) from None
