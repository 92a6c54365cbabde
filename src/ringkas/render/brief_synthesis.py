"""A synthesis page: what `templates/brief/synthesis.html.j2` prints of an executed cross-visit
synthesis notebook, its outputs under the brief's masthead (the visit brief's sibling)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup
from nbformat import NotebookNode

from ringkas.contract.branding import NO_BRANDING, Branding
from ringkas.contract.settings import DEFAULT_SETTINGS, ProjectSettings
from ringkas.notebook.cells import cell_tags
from ringkas.render.brief import HIDDEN_TAGS, as_date, brief_css, letterhead
from ringkas.render.brief_model import NO_LETTERHEAD, Letterhead
from ringkas.render.labels import Labels


@dataclass(frozen=True)
class SynthesisPage:
    """What `templates/brief/synthesis.html.j2` prints: the outputs of the notebook's code cells,
    in order, under the brief's masthead. Inputs and markdown cells (the notebook explaining
    itself to its reader) stay out."""

    L: Labels
    title: str
    facts: tuple[str, ...]  # under the title: the selection
    doc_type: str
    rendered_on: dt.date
    outputs: list[NotebookNode]
    css: Markup
    page_css: Markup
    branding: Branding = NO_BRANDING  # the project's colours, as on its briefs
    letterhead: Letterhead = NO_LETTERHEAD  # and its letterhead
    #: The researcher's own cross-visit lessons (markdown cells tagged `lessons`), as markdown.
    lessons: tuple[str, ...] = ()


def build_synthesis_page(nb: NotebookNode, *, lang: str, title: str, facts: tuple[str, ...] = (),
                         doc_type: str = "", rendered_on: object = None,
                         settings: ProjectSettings | None = None,
                         lessons: tuple[str, ...] = ()) -> SynthesisPage:
    """The page of an executed synthesis notebook: its shown outputs, hidden cells left out."""
    settings = settings or DEFAULT_SETTINGS
    L, day = Labels(lang, settings.vocabulary), as_date(rendered_on)
    shown = ("display_data", "execute_result")
    outputs = [output for cell in nb.cells if cell.cell_type == "code"
               and not HIDDEN_TAGS & set(cell_tags(cell))
               for output in cell.get("outputs", []) if output.get("output_type") in shown]
    return SynthesisPage(L, title, tuple(facts), doc_type, day, outputs, brief_css(),
                         Markup(L.page_css(day)),  # noqa: S704 (labels, CSS-quoted)
                         settings.branding, letterhead(settings.branding, ""), tuple(lessons))
