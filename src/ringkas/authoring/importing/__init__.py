"""`ringkas import`: a draft visit notebook from a report that already exists.

The recipe, one module per step: read the file into plain structured text (`readers`), find
what it states about the visit (`facts`), place its text into sections (`placing`), and build
the notebook from the skeleton of `ringkas new` (`writing`). What the visit id needs and the
text does not state (a year, the host region) is asked for, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ringkas.authoring.importing.document import Photos, folded
from ringkas.authoring.importing.facts import (
    Facts,
    find_facts,
    foreign_language,
    text_language,
)
from ringkas.authoring.importing.laporan import restructure
from ringkas.authoring.importing.photos import (
    photo_folder_inside,
    photo_lines,
    photo_paths,
    write_photos,
)
from ringkas.authoring.importing.placing import Placement, place
from ringkas.authoring.importing.readers import read_document
from ringkas.contract.ids import visit_id as make_visit_id
from ringkas.contract.problems import MessageError, RingkasError
from ringkas.contract.spec import VISIT_ID_PATTERN
from ringkas.i18n.messages import say

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from ringkas.contract.settings import ProjectSettings

__all__ = ["ImportResult", "MissingFacts", "import_report", "source_name"]

#: Sections a notebook may lack after an import, in the order the report lists them.
SECTIONS = ("summary", "purpose", "background", "leadership", "roles", "outcome", "lessons",
            "recommendations")


class MissingFacts(RingkasError):
    """The text does not state what the visit id needs; each line asks for one option."""

    def __init__(self, path: Path, lines: list[tuple[str, dict[str, object]]]) -> None:
        self.path = path
        self.lines = lines
        super().__init__(self.text("en"))

    def text(self, lang: str = "id") -> str:
        asked = "\n".join(f"  - {say(code, lang, **params)}" for code, params in self.lines)
        return f"{say('import.missing', lang, path=self.path)}\n{asked}"

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.lines))


@dataclass
class ImportResult:
    """The notebook written, and what the report did not state (for the researcher to add)."""

    path: Path
    facts: Facts
    not_found: list[str] = field(default_factory=list)  # message codes: import.nf.<what>
    warnings: list[str] = field(default_factory=list)  # message codes
    unsorted: int = 0  # pieces of text left for the researcher to sort
    photos: Photos = field(default_factory=Photos)  # imported into dokumentasi, and skipped
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # code, params
    dropped: list[str] = field(default_factory=list)  # the closing formula and signature


def import_report(source: Path, visits_dir: Path, *, visit_id: str | None = None,
                  date: str | None = None, host: str | None = None, title: str | None = None,
                  force: bool = False, root: Path | None = None,
                  config: ProjectSettings | None = None) -> ImportResult:
    """Write `<visits_dir>/<visit-id>.ipynb` from the report in `source`.

    `date`, `host` and `title` override what the text states; `visit_id` overrides the id made
    from date and host. An existing notebook is replaced only with `force`.
    """
    document = restructure(read_document(source))
    facts = find_facts(document, host)
    notes = project_side(facts, config) if config is not None else []
    day, host_name, title_text, wanted = _visit_facts(source, facts, visit_id, date, host, title)
    if wanted or day is None or host_name is None or title_text is None:
        raise MissingFacts(source, wanted)
    name = _checked_id(visit_id, day) if visit_id else make_visit_id(day, host_name)
    path = visits_dir / f"{name}.ipynb"
    if path.exists() and not force:
        raise MessageError("import.exists", path=path)
    pictures, folder = document.photos.pictures, visits_dir / name
    if pictures:
        photo_folder_inside(folder, root)
    taken = [p for p in photo_paths(folder, pictures) if p.exists()]
    if taken and not force:
        raise MessageError("import.photo_exists", path=taken[0])
    placed = place(document, facts)
    if document.photos.online:  # not fetched: their addresses, for the researcher
        placed.unsorted.append("\n".join([say("import.online_photos", "id"),
                                           *(f"- <{url}>" for url in document.photos.online)]))
    from ringkas.authoring.importing.writing import build_notebook

    sources = [document.url or source_name(source, root), *placed.sources]
    nb = build_notebook(facts, placed, day, host_name, title_text, sources,
                        text_language(document.text()), photo_lines(name, pictures))
    _write(path, nb, force)
    write_photos(folder, pictures)  # only the names photo_lines gives, inside the visit's folder
    warnings = ["import.foreign_language"] if foreign_language(document.text()) else []
    return ImportResult(path, facts, _not_found(facts, placed), warnings, len(placed.unsorted),
                        document.photos, notes, placed.dropped)


def project_side(facts: Facts, config: ProjectSettings) -> list[tuple[str, dict[str, object]]]:
    """The project's agency, unit and home (ringkas.toml) fill the visiting side where the
    report is silent; where it names another visiting side, the report is followed and a note
    says that it differs from the project's."""
    notes: list[tuple[str, dict[str, object]]] = []
    own_home = (facts.home is None or not config.home
                or folded(facts.home) == folded(config.home))
    for key, project in (("home", config.home), ("agency", config.agency)):
        value = getattr(facts, key)
        if project and value and folded(value) != folded(project):
            notes.append(("import.other_side", {"field": key, "report": value,
                                                "project": project}))
    if config.home and facts.home is None:
        facts.home, facts.home_bps_code = config.home, config.home_bps_code
        notes.append(("import.from_project", {"field": "home", "value": config.home}))
    if config.agency and facts.agency is None and own_home:
        facts.agency = config.agency
        notes.append(("import.from_project", {"field": "agency", "value": config.agency}))
    if (config.unit and facts.unit is None and own_home
            and folded(facts.agency or "") == folded(config.agency)):
        facts.unit = config.unit
        notes.append(("import.from_project", {"field": "unit", "value": config.unit}))
    return notes


def _visit_facts(source: Path, facts: Facts, visit_id: str | None, date: str | None,
                 host: str | None, title: str | None
                 ) -> tuple[dt.date | None, str | None, str | None,
                            list[tuple[str, dict[str, object]]]]:
    wanted: list[tuple[str, dict[str, object]]] = []
    day = facts.date
    if date is not None:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise MessageError("new.bad_date", value=date) from None
    elif day is None and visit_id and VISIT_ID_PATTERN.match(visit_id):
        try:  # the id the researcher gave states the date
            day = dt.date.fromisoformat(visit_id[:10])
        except ValueError:
            raise MessageError("import.bad_id", value=visit_id) from None
    if day is None:
        wanted.append(("import.need_date_partial", {"text": facts.partial_date})
                      if facts.partial_date else ("import.need_date", {}))
    host_name = host or facts.host
    if not host_name:
        wanted.append(("import.need_host", {}))
    title_text = title or facts.title
    if not title_text:
        wanted.append(("import.need_title", {}))
    return day, host_name, title_text, wanted


def _checked_id(visit_id: str, day: dt.date) -> str:
    if not VISIT_ID_PATTERN.match(visit_id):
        raise MessageError("import.bad_id", value=visit_id)
    if visit_id[:10] != day.isoformat():
        raise MessageError("import.id_date", value=visit_id, date=day.isoformat())
    return visit_id


def source_name(source: Path, root: Path | None) -> str:
    """The report as the notebook's sources name it when it states no address of its own:
    inside the project, relative to it; elsewhere, its file name. Never a path on the
    researcher's disk, which tells a reader of the brief nothing and shows the disk's
    layout."""
    resolved = source.resolve()
    if root is not None and resolved.is_relative_to(root.resolve()):
        return resolved.relative_to(root.resolve()).as_posix()
    return source.name


def _write(path: Path, nb: NotebookNode, force: bool) -> None:
    import nbformat

    from ringkas.project.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    data = nbformat.writes(nb).encode("utf-8")
    if force:
        write_atomic(path, data)
        return
    try:
        with path.open("xb") as out:  # "x": never overwrite, even in a race
            out.write(data)
    except FileExistsError:
        raise MessageError("import.exists", path=path) from None


def _not_found(facts: Facts, placed: Placement) -> list[str]:
    missing = [what for what, value in (("kind", facts.kind), ("agency", facts.agency),
                                        ("unit", facts.unit), ("home", facts.home),
                                        ("themes", facts.themes), ("topics", facts.topics))
               if not value]
    if not placed.innovations:
        missing.append("innovations")
    filled = {*placed.sections, *(["roles"] if placed.roles else []),
              *(["recommendations"] if placed.recommendations else [])}
    missing += [tag for tag in SECTIONS if tag not in filled]
    return missing
