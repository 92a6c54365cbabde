"""A notebook read and validated once, and where papermill's parameters cell will go in it.

The plan of a render reads and validates each notebook once (`check_visits(...,
keep_notebooks=True)`) and sends the result with its units: a `CheckedVisit`, the notebook as
read, its `Visit`, and `injected_at`, where papermill inserts the `injected-parameters` cell
when the unit prepares the notebook for a language and audience. The Visit's cell numbers are
the author's (the notebook as saved, as `ringkas check` names them); the prepared notebook has
one cell more, after `injected_at`, and `in_prepared` gives the Visit with the cell numbers of
that notebook, which the brief reads its cells by (evidence outputs, attached photos). The
warnings keep the author's numbers: they are messages to the author.

A render's plan adds `trees` (`with_trees`), the markdown trees of the visit's texts
(`visit_trees`), most of which the validator parsed already: a worker takes them
(`ringkas.notebook.markdown.remember`), and the briefs built from them, in any language and on
any worker, parse none of those texts a second time (what a brief shows of a text, a finding cut
to length or the prose around a table, is cut from its tree).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ringkas.contract import spec as C
from ringkas.contract.model import Visit
from ringkas.notebook import markdown as md
from ringkas.notebook.cells import cell_tags
from ringkas.notebook.photos import TAG as PHOTOS
from ringkas.notebook.photos import without_photos

if TYPE_CHECKING:
    from nbformat import NotebookNode

_Item = TypeVar("_Item")


def injection_point(nb: NotebookNode) -> int | None:
    """After how many of `nb`'s cells papermill inserts its parameters cell; None when `nb` has
    one already (papermill replaces it in place: no cell moves).

    papermill's own rule (`papermill.parameterize.parameterize_notebook`): it replaces the first
    cell tagged `injected-parameters`, else goes right after the first tagged `parameters`,
    else first of all.
    """
    tags = [cell_tags(cell) for cell in nb.cells]
    if any(C.INJECTED_PARAMETERS_TAG in t for t in tags):
        return None
    return next((i + 1 for i, t in enumerate(tags) if C.PARAMETERS_TAG in t), 0)


def prepared_number(number: int, injected_at: int | None) -> int:
    """The number of the author's cell `number` in the notebook papermill prepared."""
    return number + 1 if injected_at is not None and number > injected_at else number


@dataclass(frozen=True, eq=False)
class CheckedVisit:
    """A notebook as read (`notebook`), its validated `visit` (cell numbers as in `notebook`),
    where papermill's parameters cell goes in it (`injection_point`) and the markdown trees of
    its texts (`visit_trees`). Picklable: it travels with a unit to a process-pool or Dask
    worker."""

    notebook: NotebookNode
    visit: Visit
    injected_at: int | None
    trees: Mapping[str, md.Parsed] = field(default_factory=dict)

    @classmethod
    def of(cls, nb: NotebookNode, visit: Visit) -> CheckedVisit:
        return cls(nb, visit, injection_point(nb))

    def with_trees(self) -> CheckedVisit:
        """This visit carrying its texts' trees (`visit_trees`), to travel to a worker: only
        a render's plan needs them (a check, or a unit rendered where it was checked, has the
        trees in this process's cache already)."""
        return dataclasses.replace(self, trees=visit_trees(self.visit))

    def in_prepared(self, prepared: NotebookNode) -> Visit:
        """The visit with the cell numbers of `prepared` (this notebook with papermill's
        parameters cell injected); its warnings keep the author's numbers."""
        at = self.injected_at
        if len(prepared.cells) != len(self.notebook.cells) + (at is not None) or (
                at is not None and C.INJECTED_PARAMETERS_TAG not in cell_tags(prepared.cells[at])):
            # papermill changed its rule: never number the brief's cells wrong in silence
            where = f"after cell {at}" if at is not None else "in place of the notebook's own"
            raise RuntimeError(f"papermill's parameters cell is not {where}")
        if at is None:
            return self.visit
        visit = self.visit

        def moved(items: list[_Item]) -> list[_Item]:
            return [_moved(item, at) for item in items]

        return dataclasses.replace(
            visit, sections=moved(visit.sections), innovations=moved(visit.innovations),
            roles=moved(visit.roles), recommendations=moved(visit.recommendations),
            evidence=moved(visit.evidence), photos=moved(visit.photos),
            code_cells=[prepared_number(n, at) for n in visit.code_cells])


def visit_trees(visit: Visit) -> dict[str, md.Parsed]:
    """The trees of the visit's markdown texts, by text: its sections' texts and English
    versions (the dokumentasi cell's also without its photos), its innovations' descriptions
    and fields, its recommendations (what a brief shows as markdown or counts the words of).
    Most are cached trees of the validation's own parses; the others are parsed here once, not
    once per unit."""
    texts = [t for s in visit.sections for t in (s.text, s.en)]
    texts += [without_photos(t) for s in visit.sections_tagged(PHOTOS) for t in (s.text, s.en)
              if t]
    texts += [value for i in visit.innovations for value in (
        i.description, i.en_description, *(getattr(i, f) for f in C.INNOVATION_FIELDS))
        if isinstance(value, str)]
    texts += [r.recommendation for r in visit.recommendations]
    forms = {form for text in texts if text for form in (text, text.strip())}
    return {text: md.parse(text) for text in forms if text.strip()}


def _moved(item: _Item, at: int) -> _Item:
    """`item` (a dataclass with a `cell`, perhaps an `en_cell`) with its cells renumbered."""
    changes = {name: prepared_number(number, at) for name in ("cell", "en_cell")
               if isinstance(number := getattr(item, name, None), int)}
    return dataclasses.replace(item, **changes)  # type: ignore[type-var]
