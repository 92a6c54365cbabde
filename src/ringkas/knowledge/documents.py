"""The search index's documents: every visit of the knowledge base as searchable units.

`documents()` turns the knowledge base (`ringkas.knowledge.kb`) into documents, one per visit
(title and front matter), section cell, innovation, recommendation and role; each carries the
OPDs its visit names, and a visit's document the labels of its themes in every language (the
project's own themes too, from the knowledge base's vocabulary). `ringkas.knowledge.index`
writes them to the SQLite index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ringkas.contract import spec as C
from ringkas.contract.themes import Vocabulary
from ringkas.knowledge.kb import KnowledgeBase
from ringkas.notebook.markdown import find_table, plain

KINDS = ("visit", "section", "innovation", "recommendation", "role")


@dataclass(frozen=True)
class Document:
    """One searchable unit: `head` is its title or name (weighs more), `body` the rest."""

    visit_id: str
    kind: str  # one of KINDS
    label: str | None  # section tag, innovation name, recommendation number, role actor
    head: str
    body: str
    opds: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The original text that snippets are cut from."""
        return " — ".join(part for part in (self.head, self.body) if part)


def joined(*values: Any, sep: str = " · ") -> str:
    """Present values joined by `sep`; missing ones (None, NA, "") left out."""
    return sep.join(str(v) for v in values if v is not None and not pd.isna(v) and str(v))


def _visit_document(row: pd.Series, opds: tuple[str, ...], vocabulary: Vocabulary) -> Document:
    themes = [label for key in row["themes"] for label in vocabulary.themes[key].labels()]
    kind = C.VISIT_KINDS[row["kind"]]
    body = joined(*kind.labels(), row["host_name"], row["home_name"], row["agency"],
                 row["unit"], *row["participants"], *themes, *row["sources"])
    return Document(row["visit_id"], "visit", row["kind"], row["title"], body, opds)


def _section_document(row: pd.Series, opds: tuple[str, ...]) -> Document | None:
    text = row["text"]
    if row["tag"] in C.TABLE_COLUMNS:  # the table's rows are documents of their own
        table = find_table(text)
        text = joined(table.before, table.after, sep="\n\n") if table else text
    body = plain(text)
    if not body:
        return None
    heading = row["heading"]
    head = plain(heading) if isinstance(heading, str) else ""
    if head and body.startswith(head):
        body = body[len(head):].strip()
    return Document(row["visit_id"], "section", row["tag"], head, body, opds)


def _innovation_document(row: pd.Series) -> Document:
    fields = [row[key] for key in C.INNOVATION_FIELDS]
    return Document(row["visit_id"], "innovation", row["name"], row["name"],
                    joined(row["description"], *fields), _opds(row["lead_opd"]))


def _recommendation_document(row: pd.Series) -> Document:
    return Document(row["visit_id"], "recommendation", str(row["number"]), "",
                    joined(row["recommendation"], row["lead_opd"], row["timeline"]),
                    _opds(row["lead_opd"]))


def _role_document(row: pd.Series) -> Document:
    return Document(row["visit_id"], "role", row["actor"], "",
                    f"{row['actor']}: {row['role']}", _opds(row["actor"]))


def _opds(*values: object) -> tuple[str, ...]:
    return tuple(str(v) for v in values if isinstance(v, str) and v.strip())


def documents(knowledge: KnowledgeBase) -> list[Document]:
    """Every document of the knowledge base. Visits and sections carry all the visit's OPDs."""
    opds: dict[str, tuple[str, ...]] = {}
    for frame, column in ((knowledge.innovations, "lead_opd"), (knowledge.roles, "actor"),
                          (knowledge.recommendations, "lead_opd")):
        for visit_id, name in zip(frame["visit_id"], frame[column], strict=True):
            opds[visit_id] = opds.get(visit_id, ()) + _opds(name)
    docs = [_visit_document(row, opds.get(row["visit_id"], ()), knowledge.vocabulary)
            for _, row in knowledge.visits.iterrows()]
    docs += [doc for _, row in knowledge.sections.iterrows() if row["tag"] != "innovation"
             and (doc := _section_document(row, opds.get(row["visit_id"], ())))]
    docs += [_innovation_document(row) for _, row in knowledge.innovations.iterrows()]
    docs += [_recommendation_document(row) for _, row in knowledge.recommendations.iterrows()]
    docs += [_role_document(row) for _, row in knowledge.roles.iterrows()]
    return docs
