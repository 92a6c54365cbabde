"""What came of the recommendations: the open ones across all visits, by lead OPD.

`open_recommendations(kb, today)` lists every recommendation whose status still needs work
(`contract.OPEN_STATUSES`), grouped by lead OPD (unassigned ones last), overdue ones (past the
last day of their timeline) first within each OPD. `write_xlsx` writes that table for the
coordination meeting, with headers and values in the meeting's language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ringkas.contract import spec as C
from ringkas.contract.opds import every_name, short_name
from ringkas.contract.problems import MessageError
from ringkas.contract.settings import ProjectSettings
from ringkas.i18n.messages import say
from ringkas.knowledge.excel import write_workbook
from ringkas.knowledge.kb import KnowledgeBase, overdue_mask
from ringkas.knowledge.stem import fold

COLUMNS = ["lead_opd", "visit_id", "title", "host", "number", "recommendation", "timeline",
           "due", "priority", "status", "overdue", "days_overdue"]


def open_recommendations(kb: KnowledgeBase, today: dt.date | None = None,
                         opd: str | None = None, overdue_only: bool = False,
                         config: ProjectSettings | None = None) -> pd.DataFrame:
    """Open recommendations of every visit, with `overdue` (due before `today`) and the days.

    `opd` keeps those whose lead OPD contains it (case and accents aside). Rows are ordered by
    lead OPD (none last), overdue first, then due date (none last), visit and number. With the
    OPD list of ringkas.toml (`config`), a lead OPD is shown by its short name, so that "Dinas
    Sosial ..." and "Dinsos PPKB" are one group; `opd` matches either name.
    """
    cutoff = pd.Timestamp(today or dt.date.today())
    recs = kb.recommendations
    recs = recs[recs["status"].isin(C.OPEN_STATUSES)]
    visits = kb.visits[["visit_id", "title", "host_name", "date"]].rename(
        columns={"host_name": "host", "date": "visit_date"})
    table = recs.merge(visits, on="visit_id", how="left")
    table["overdue"] = overdue_mask(table, cutoff.date())
    table["days_overdue"] = (cutoff - table["due"]).dt.days.where(table["overdue"]).astype("Int64")
    config = config or ProjectSettings()
    if opd:
        needle = fold(opd.strip())
        table = table[table["lead_opd"].map(lambda v: isinstance(v, str) and any(
            needle in fold(name) for name in every_name(config, v)))]
    table = table.assign(lead_opd=table["lead_opd"].map(
        lambda v: short_name(config, v) if isinstance(v, str) else v))
    if overdue_only:
        table = table[table["overdue"]]
    table = table.assign(_opd=table["lead_opd"].map(_opd_key), _late=~table["overdue"])
    table = table.sort_values(["_opd", "_late", "due", "visit_date", "visit_id", "number"],
                              na_position="last", kind="stable")
    return table[COLUMNS].reset_index(drop=True)


def _opd_key(value: object) -> tuple[int, str]:
    """Sort OPDs by name, case and accents aside, and recommendations without one last."""
    return (0, fold(value)) if isinstance(value, str) and value.strip() else (1, "")


def opd_label(value: object, lang: str) -> str:
    """The lead OPD as shown to people: "belum ditetapkan" / "not yet assigned" when none."""
    return value if isinstance(value, str) and value.strip() else say("followup.unassigned", lang)


def _choice_label(choices: dict[str, C.Choice], value: object, lang: str) -> object:
    return choices[value].label(lang) if isinstance(value, str) and value in choices else value


def for_people(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as a meeting reads it: labelled columns and values in `lang`."""
    out = pd.DataFrame({
        C.RECOMMENDATION_COLUMNS["lead_opd"].label(lang): table["lead_opd"].map(
            lambda v: opd_label(v, lang)),
        say("followup.col.visit", lang): table["visit_id"],
        C.FRONT_MATTER_FIELDS["title"].label(lang): table["title"],
        C.FRONT_MATTER_FIELDS["host"].label(lang): table["host"],
        say("followup.col.number", lang): table["number"],
        C.RECOMMENDATION_COLUMNS["recommendation"].label(lang): table["recommendation"],
        C.RECOMMENDATION_COLUMNS["timeline"].label(lang): table["timeline"],
        say("followup.col.due", lang): table["due"].dt.date,
        C.RECOMMENDATION_COLUMNS["priority"].label(lang): table["priority"].map(
            lambda v: _choice_label(C.PRIORITIES, v, lang)),
        C.RECOMMENDATION_COLUMNS["status"].label(lang): table["status"].map(
            lambda v: _choice_label(C.RECOMMENDATION_STATUSES, v, lang)),
        say("followup.col.overdue", lang): table["overdue"].map(
            lambda late: say("followup.overdue", lang) if late else ""),
    })
    return out.astype(object).where(out.notna(), None)


def report(table: pd.DataFrame, today: dt.date, lang: str = "id", *, opd: str | None = None,
           overdue_only: bool = False) -> str:
    """The table as text: a block per lead OPD, overdue ones marked, and a closing count."""
    if table.empty:
        filters = say("followup.for_opd", lang, opd=opd) if opd else ""
        code = "followup.none_overdue" if overdue_only else "followup.none"
        return say(code, lang, filters=filters, today=today.isoformat())
    lines: list[str] = []
    groups = table["lead_opd"].map(lambda value: opd_label(value, lang))
    for group, rows in table.groupby(groups, sort=False):
        lines.append(say("followup.group", lang, opd=group, count=len(rows)))
        for row in rows.to_dict("records"):
            mark = f"[{say('followup.overdue', lang)}] " if row["overdue"] else ""
            # the whole phrase comes from the catalogue: "tenggat 2024-06-30" or "tanpa tenggat"
            due = (say("followup.no_due", lang) if pd.isna(row["due"])
                   else say("followup.due", lang, date=row["due"].date().isoformat()))
            lines.append(say("followup.line", lang, mark=mark, due=due,
                             recommendation=row["recommendation"], visit=row["visit_id"],
                             number=row["number"],
                             status=C.RECOMMENDATION_STATUSES[row["status"]].label(lang)))
        lines.append("")
    lines.append(say("followup.summary", lang, count=len(table),
                     overdue=int(table["overdue"].sum()), today=today.isoformat()))
    return "\n".join(lines)


def write_xlsx(table: pd.DataFrame, path: str | Path, lang: str = "id") -> Path:
    """Write the follow-up table to an .xlsx file, atomically; returns the path."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise MessageError("followup.bad_target", path=target)
    sheet = say("followup.sheet", lang)
    return write_workbook(target, {sheet: for_people(table, lang)})
