"""The text of a brief, in its language: which sections it shows and what each says, the prose
around tables, the findings cut for leadership, the innovations; as markdown trees
(`ringkas.notebook.markdown.parse`, the one parse). Used by `ringkas.render.brief.build_brief`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ringkas.contract import spec as C
from ringkas.contract.model import Innovation, SectionText, Visit
from ringkas.notebook import markdown as md
from ringkas.notebook.photos import without_photos
from ringkas.render.brief_model import Entry, Finding, InnovationView, Part, Prose, Tree
from ringkas.render.labels import Labels

#: What an innovation card shows, in this order, of the fields that are filled in.
CARD_FIELDS = ("form", "start_year", "target", "funding", "lead_opd", "evidence", "source")
FINDING_TAGS = ("leadership", "outcome", "lessons")
FINDING_WORDS = 70  # a key finding is cut after the paragraph or list item that passes this
#: A short visit (this few innovations and recommendations) fills page 1 of its pimpinan brief
#: with what a longer one has no room for: the purpose and topics among the findings, each
#: innovation's description on its card.
SHORT_VISIT = (2, 2)  # (innovations, recommendations) at most
SHORT_WORDS = 350  # ... and at most this many words on the page without the additions
SHORT_TAGS = ("purpose",)
CARD_CHARACTERS = 280  # an innovation's description on the card of a short visit
#: The single-cell sections a brief prints as text (tables, repeated cells and the photos are
#: shown otherwise).
PROSE_TAGS = tuple(t for t, spec in C.SECTIONS.items() if not spec.repeatable
                   and t not in C.TABLE_COLUMNS and t != "dokumentasi")

Read = Callable[[SectionText], str]


def tree(text: str) -> Tree | None:
    """`text` parsed once; None when there is nothing to show."""
    return md.parse(text) if text.strip() else None


def in_language(lang: str) -> Read:
    """How a section's text is read in `lang`: its English version in English, where it has
    one; otherwise the text as written (in Indonesian)."""
    if lang != "en":
        return lambda section: section.text
    return lambda section: section.en or section.text


def parts(visit: Visit, L: Labels, read: Read, tags: Iterable[str] = PROSE_TAGS
          ) -> dict[str, Part]:
    """The single-cell sections `tags` as the brief shows them: text, "not discussed", or for
    a required section not yet written "unwritten"; an empty optional section left out (in
    every format alike), as is a section the notebook does not have."""
    shown: dict[str, Part] = {}
    for tag in tags:
        section = visit.section(tag)
        heading = L.section(tag)
        if section is None:
            continue
        if section.not_discussed:
            shown[tag] = Part(tag, heading, note=L("not_discussed"), kind="not_discussed")
        elif (body := tree(read(section))) is not None:
            shown[tag] = Part(tag, heading, body)
        elif C.SECTIONS[tag].presence == "required":
            shown[tag] = Part(tag, heading, note=L("unwritten"), kind="unwritten")
    return shown


def not_discussed(visit: Visit, L: Labels, tags: Iterable[str]) -> dict[str, Part]:
    """Sections shown otherwise (a table, the photos) that are marked not discussed: said so
    under their heading, as a prose section is."""
    marked = (visit.section(tag) for tag in tags)
    return {s.tag: Part(s.tag, L.section(s.tag), note=L("not_discussed"), kind="not_discussed")
            for s in marked if s is not None and s.not_discussed}


def language_note(visit: Visit, L: Labels, shown: set[str] | None) -> str:
    """An English brief says plainly which text is in Indonesian: once, naming the sections
    without an English version (of those the brief shows; `shown` None: all), or the whole
    text when no section has one. A visit written in English (`text_lang: en`) is the mirror:
    its English brief needs no word, its Indonesian brief says the text is in English (there
    are no Indonesian sibling cells: the `en` sibling is the only translation a cell has)."""
    if visit.text_lang == "en":  # written in English: only an Indonesian brief has a word
        return L("in_english_all") if L.lang != "en" else ""
    if L.lang != "en":
        return ""
    written = [s for s in visit.sections if not s.is_empty and (shown is None or s.tag in shown)]
    missing = list(dict.fromkeys(s.tag for s in written if not s.en))
    if not missing:
        return ""
    if not any(s.en for s in visit.sections):
        return L("in_indonesian_all")
    return L("in_indonesian", sections=", ".join(L.section(tag) for tag in missing))


def is_short(visit: Visit) -> bool:
    """Whether the pimpinan brief of `visit` gets the short visit's fuller page 1."""
    most_innovations, most_recommendations = SHORT_VISIT
    if len(visit.innovations) > most_innovations or \
            len(visit.recommendations) > most_recommendations:
        return False
    summary = visit.section("summary")
    texts = [summary.text if summary else "", *(r.recommendation for r in visit.recommendations)]
    texts += [str(getattr(i, key) or "") for i in visit.innovations for key in CARD_FIELDS]
    cuts = [cut_finding(s.text)[0] for s in map(visit.section, FINDING_TAGS) if s]
    words = [*(md.plain(text) for text in texts), *(md.plain_of(cut) for cut in cuts)]
    return sum(len(text.split()) for text in words) <= SHORT_WORDS


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def innovation(item: Innovation, L: Labels, short: bool) -> InnovationView:
    def filled(keys: Iterable[str]) -> list[Entry]:
        values = ((key, str(getattr(item, key) or "").strip()) for key in keys)
        return [Entry(L.innovation_field(key), md.parse(value)) for key, value in values
                if value]

    english = L.lang == "en"
    name = (english and item.en_name) or item.name
    description = (english and item.en_description) or item.description or ""
    plain = md.plain(description)
    summary = shorten(plain, CARD_CHARACTERS) if short else ""
    return InnovationView(name, tree(description), fields=filled(C.INNOVATION_FIELDS),
                          card=filled(CARD_FIELDS), summary=summary,
                          abstract=first_sentence(plain))


def first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return shorten(match.group(1) if match else text, limit)


def table_prose(visit: Visit, tag: str, read: Read) -> Prose:
    """The prose above and below a section's table; an English version without a table gives
    its whole text as the prose above (the table's rows are those of the Indonesian cell)."""
    section = visit.section(tag)
    if section is None:
        return Prose()
    written = read(section)
    parsed = md.parse(written)
    table = next((i for i, block in enumerate(parsed.blocks) if block.type == "table"), None)
    if table is None:
        return Prose() if written == section.text else Prose(tree(written))
    return Prose(parsed.part(0, table), parsed.part(table + 1))  # cut from the one parse


def cut_finding(text: str, words: int = FINDING_WORDS) -> tuple[Tree | None, bool]:
    """The first whole paragraphs and list items of `text` within about `words` words, cut
    from its tree (`ringkas.notebook.markdown.leading`), and whether anything was left out."""
    parsed = tree(text)
    return md.leading(parsed, words) if parsed is not None else (None, False)


def findings(visit: Visit, tags: tuple[str, ...], L: Labels, read: Read) -> list[Finding]:
    """The leadership brief's key findings: each section of `tags` written, cut to length."""
    found = []
    for tag in tags:
        section = visit.section(tag)
        if section and not section.is_empty:
            body, shortened = cut_finding(read(section))
            if body is not None:
                found.append(Finding(tag, L.section(tag), body, shortened))
    return found


def photos_prose(visit: Visit, read: Read) -> Tree | None:
    """The dokumentasi cell's text besides its photo lines."""
    section = visit.section("dokumentasi")
    if section is None or section.is_empty:
        return None
    rest = tree(without_photos(read(section)))
    return rest if md.plain_of(rest) else None
