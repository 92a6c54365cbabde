"""The two tables of a visit: the roles of agencies and stakeholders, and the recommendations.

Columns are found by name in either language (`Peran` or `Role`, `Status tindak lanjut` or
`Follow-up status`), so their order is free; values with a fixed set of choices accept the
value or either label (`selesai`, `Selesai`, `Done`).
"""

from __future__ import annotations

from ringkas.contract import spec as C
from ringkas.contract.model import Recommendation, Role, SectionText
from ringkas.contract.problems import Findings, closest
from ringkas.contract.timeline import due_date
from ringkas.i18n.messages import quoted
from ringkas.notebook import markdown as md

#: Values that are no value (see `contract.spec.UNKNOWN_VALUES` for every one that counts).
EMPTY_VALUES = ("", "-", "—")
Row = dict[str, str]  # column key -> text, and "_row": the row's 1-based number


def read_roles(sections: list[SectionText], found: Findings) -> list[Role]:
    """The rows of the `roles` table."""
    section = _section(sections, "roles")
    rows = read_table(section, found) if section else None
    if not section or not rows:
        return []
    roles = []
    for row in rows:
        actor, role = (_cell_value(section, row, col, found) for col in C.ROLE_COLUMNS.values())
        if actor and role:
            roles.append(Role(section.cell, actor, role))
    return roles


def read_recommendations(sections: list[SectionText], found: Findings,
                         status: object = C.DRAFT_STATUS) -> list[Recommendation]:
    """The rows of the `recommendations` table, each with the due date of its timeline.

    A draft may have no rows yet; a visit whose `status` says its text is finished may not.
    """
    section = _section(sections, "recommendations")
    rows = read_table(section, found, rows_required=status != C.DRAFT_STATUS) if section else None
    if not section or not rows:
        return []
    result = []
    for row in rows:
        values = {key: _cell_value(section, row, col, found)
                  for key, col in C.RECOMMENDATION_COLUMNS.items()}
        due = None
        if values["timeline"]:
            due = due_date(values["timeline"])
            if due is None:
                found.error(section.cell, "timeline", "table.bad_timeline", row=row["_row"],
                            value=values["timeline"])
        if not values["lead_opd"]:
            found.warn(section.cell, "lead_opd", "table.missing_lead_opd", row=row["_row"])
        if values["recommendation"] and values["status"]:
            result.append(Recommendation(section.cell, int(row["_row"]), due=due,
                                         **values))  # type: ignore[arg-type]
    return result


def _section(sections: list[SectionText], tag: str) -> SectionText | None:
    return next((s for s in sections if s.tag == tag and s.text), None)


def read_table(section: SectionText, found: Findings, rows_required: bool = False
               ) -> list[Row] | None:
    """The rows of the section's table keyed by column, or None when the table is unusable.

    A table with no rows is a warning, or an error when `rows_required`.
    """
    table = md.find_table(section.text)
    if table is None:
        labels = [c.id for c in C.TABLE_COLUMNS[section.tag].values()]
        found.error(section.cell, section.tag, "table.missing", columns=labels)
        return None
    keys = _column_keys(section, table.header, found)
    if keys is None:
        return None
    rows = []
    for number, row in enumerate(table.rows, 1):
        if not any(row):
            continue  # the skeleton's empty row, or a spacer
        if len(row) != len(keys):
            found.error(section.cell, section.tag, "table.row_width", row=number,
                        actual=len(row), expected=len(keys))
            continue
        rows.append({"_row": str(number), **dict(zip(keys, row, strict=True))})
    if not rows and rows_required:
        found.error(section.cell, section.tag, "table.no_rows_final")
    elif not rows:
        found.warn(section.cell, section.tag, "table.no_rows")
    return rows


def _column_keys(section: SectionText, header: list[str], found: Findings) -> list[str] | None:
    """The column key of each header cell, or None (and a problem) when a column is wrong."""
    columns = C.TABLE_COLUMNS[section.tag]
    labels = [c.id for c in columns.values()]
    names = C.spellings(columns)
    keys = [names.get(C.name_key(md.plain(h))) for h in header]
    extra = [h for h, k in zip(header, keys, strict=True) if k is None]
    missing = [c.id for c in columns.values() if c.key not in keys]
    twice = [h for i, (h, k) in enumerate(zip(header, keys, strict=True)) if k and k in keys[:i]]
    if extra:
        found.error(section.cell, section.tag, "table.extra_columns", extra=quoted(extra),
                    count=len(extra),
                    columns=labels,
                    suggest=closest(extra[0], [*labels, *(label for c in columns.values()
                                                              for label in c.labels())]))
    if missing:
        found.error(section.cell, section.tag, "table.missing_columns", missing=quoted(missing),
                    count=len(missing),
                    columns=labels)
    for name in twice:
        found.error(section.cell, section.tag, "table.duplicate_column", column=name)
    if extra or missing or twice:
        return None
    return [k for k in keys if k]


def _cell_value(section: SectionText, row: Row, column: C.Column, found: Findings) -> str | None:
    value = md.plain(row.get(column.key, "")).strip()
    if C.is_unknown(value):  # "", "-", "belum ditetapkan", ...: one rule for every column
        if column.required_value and value not in EMPTY_VALUES:
            found.error(section.cell, column.key, "table.unknown_value", row=row["_row"],
                        value=value, column=column.id)
        elif column.required_value:
            found.error(section.cell, column.key, "table.empty_value", row=row["_row"],
                        column=column.id)
        return None
    if column.choices is None:
        return value
    choice = C.spellings(column.choices).get(C.name_key(value))
    if choice is None:
        found.error(section.cell, column.key, "table.bad_choice", row=row["_row"], value=value,
                    column=column.id, choices=list(column.choices),
                    suggest=closest(value, column.choices))
    return choice
