"""What the visits of a theme have in common and where they differ, from the knowledge base
alone: the synthesis notebook shows these tables and charts beside its lists.

- `innovation_profile`: the innovations' funding sources, lead OPDs and target groups across
  hosts, each value with the hosts where it was seen, shared ones first;
- `followup_funnel`: per OPD of ours, how many recommendations it leads and how far each got,
  and the funnel of the whole selection (how many reached each stage);
- `opd_chart` and `funnel_chart`: the same as figures whose legends never cover their bars.

Values are compared as people write them, case and spacing aside (`fold`); nothing is guessed:
an innovation that does not state its funding is counted as "not stated", never as a source.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from ringkas.contract import spec as C
from ringkas.knowledge.stem import fold

if TYPE_CHECKING:
    import pandas as pd

    from ringkas.knowledge.kb import KnowledgeBase

#: The innovation fields compared across hosts, in the order the brief shows them.
ASPECTS = ("funding", "lead_opd", "target")
#: Follow-up stages in the order a recommendation goes through them; `ditolak` stands aside.
STAGES = ("usulan", "direncanakan", "berjalan", "selesai")
REJECTED = "ditolak"
COLOURS = {"usulan": "#9aa5b1", "direncanakan": "#8cb8d9", "berjalan": "#1d5580",
           "selesai": "#2e8540", "ditolak": "#a3262a"}


def innovation_profile(knowledge: KnowledgeBase) -> pd.DataFrame:
    """One row per (aspect, value) seen among the innovations: `aspect` (funding, lead_opd,
    target), `value` (as first written), `hosts` (the hosts' names, in date order), `count`
    (how many hosts) and `shared` (seen at two hosts or more). Shared values come first, then
    by aspect and count. Innovations that leave the field empty are left out of it."""
    import pandas as pd

    hosts = dict(zip(knowledge.visits["visit_id"], knowledge.visits["host_name"], strict=True))
    order = {visit_id: n for n, visit_id in enumerate(knowledge.visits["visit_id"])}
    innovations = knowledge.innovations
    ordered = innovations.iloc[innovations["visit_id"].map(order).argsort(kind="stable")]
    rows = []
    for aspect in ASPECTS:
        seen: dict[str, tuple[str, list[str]]] = {}
        for value, visit_id in zip(ordered[aspect], ordered["visit_id"], strict=True):
            if not isinstance(value, str) or not value.strip() or C.is_unknown(value):
                continue
            key = fold(value.strip())
            _, where = seen.setdefault(key, (value.strip(), []))
            host = hosts.get(visit_id) or visit_id
            if host not in where:
                where.append(host)
        rows += [{"aspect": aspect, "value": written, "hosts": where, "count": len(where),
                  "shared": len(where) > 1} for written, where in seen.values()]
    frame = pd.DataFrame(rows, columns=["aspect", "value", "hosts", "count", "shared"])
    if frame.empty:
        return frame
    frame["_aspect"] = frame["aspect"].map({a: n for n, a in enumerate(ASPECTS)})
    frame = frame.sort_values(["shared", "_aspect", "count", "value"],
                              ascending=[False, True, False, True], kind="stable")
    return frame.drop(columns="_aspect").reset_index(drop=True)


def followup_funnel(knowledge: KnowledgeBase, unassigned: str = "") -> pd.DataFrame:
    """Per lead OPD of the recommendations (`unassigned` for those without one, last): how
    many it leads (`total`), how many are at each status, and `reached_<stage>`: how many got
    at least that far (usulan < direncanakan < berjalan < selesai; rejected ones reached none).
    OPDs with the most recommendations first."""
    import pandas as pd

    recs = knowledge.recommendations
    lead = recs["lead_opd"].astype(object).where(recs["lead_opd"].notna(), unassigned)
    status = recs["status"].astype(str)
    table = pd.crosstab(lead, status).reindex(columns=list(C.RECOMMENDATION_STATUSES),
                                              fill_value=0)
    table.index.name, table.columns.name = "lead_opd", None
    table.insert(0, "total", table.sum(axis=1))
    for n, stage in enumerate(STAGES):
        table[f"reached_{stage}"] = table[list(STAGES[n:])].sum(axis=1)
    table["_none"] = table.index == unassigned
    table = table.sort_values(["_none", "total"], ascending=[True, False], kind="stable")
    return table.drop(columns="_none").reset_index()


def funnel_counts(funnel: pd.DataFrame) -> dict[str, int]:
    """How many recommendations of the whole selection reached each stage, and were rejected."""
    counts = {stage: int(funnel[f"reached_{stage}"].sum()) for stage in STAGES}
    counts[REJECTED] = int(funnel[REJECTED].sum()) if REJECTED in funnel else 0
    return counts


def opd_chart(funnel: pd.DataFrame, labels: dict[str, str], xlabel: str) -> Any:
    """Stacked bars: per lead OPD, its recommendations by status (`labels`: status -> label).
    The legend sits below the axes, so it never covers a bar."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    shown = funnel.iloc[::-1]  # most recommendations on top
    fig, ax = plt.subplots(figsize=(6.4, 0.32 * len(shown) + 1.6))
    names = [textwrap.fill(str(name), 34) for name in shown["lead_opd"]]
    left = [0] * len(shown)
    for status in C.RECOMMENDATION_STATUSES:
        values = list(shown[status])
        if any(values):
            ax.barh(names, values, left=left, color=COLOURS[status], label=labels[status])
            left = [a + b for a, b in zip(left, values, strict=True)]
    _tidy(ax, xlabel, MaxNLocator)
    _legend_below(fig, ax)
    return fig


def funnel_chart(counts: dict[str, int], labels: dict[str, str], xlabel: str) -> Any:
    """Horizontal bars: how many recommendations reached each stage, then how many were
    rejected; each bar labelled with its number (no legend to cover anything)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    keys = [*STAGES, REJECTED]
    fig, ax = plt.subplots(figsize=(6.4, 2.4))
    ax.barh([labels[k] for k in keys], [counts[k] for k in keys],
            color=[COLOURS[k] for k in keys])
    for row, key in enumerate(keys):
        ax.annotate(str(counts[key]), (counts[key], row), xytext=(3, 0),
                    textcoords="offset points", va="center")
    ax.invert_yaxis()
    _tidy(ax, xlabel, MaxNLocator)
    return fig


def _tidy(ax: Any, xlabel: str, locator: Any) -> None:
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_locator(locator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)


def _legend_below(fig: Any, ax: Any) -> None:
    """The legend under the x-axis label, centred, in as many columns as it has entries (up to
    three): outside the axes, where no bar is."""
    handles, names = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.22),
                  ncol=min(3, len(handles)), frameon=False, fontsize=8)
