"""What the synthesis compares across visits, from the knowledge base alone (knowledge.compare),
the researcher's own lessons, and charts whose legends never cover their bars."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat.v4 as v4
import pytest

from ringkas.contract import spec as C
from ringkas.knowledge import compare, kb, synthesis

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
LABELS = {status: status.upper() for status in C.RECOMMENDATION_STATUSES}


@pytest.fixture(scope="module")
def knowledge() -> kb.KnowledgeBase:
    return kb.load(FIXTURES)


def test_the_profile_puts_what_hosts_share_first(knowledge: kb.KnowledgeBase) -> None:
    profile = compare.innovation_profile(knowledge)
    shared = profile[profile["shared"]]
    assert [(r.aspect, r.value, r.hosts) for r in shared.itertuples()] == [
        ("funding", "APBD", ["Kota Surabaya", "Kabupaten Sragen"]),
        ("lead_opd", "Dinas Komunikasi dan Informatika", ["Kota Surabaya", "Kabupaten Sragen"])]
    assert not profile.loc[~profile["shared"], "count"].ne(1).any()
    # every stated value is there once, whatever its case; nothing unstated is invented
    stated = {compare.fold(v) for aspect in compare.ASPECTS
              for v in knowledge.innovations[aspect].dropna() if not C.is_unknown(v)}
    assert {compare.fold(v) for v in profile["value"]} == stated


def test_the_funnel_counts_how_far_each_opd_got(knowledge: kb.KnowledgeBase) -> None:
    funnel = compare.followup_funnel(knowledge, "(none)")
    recs = knowledge.recommendations
    assert funnel["total"].sum() == len(recs)
    first = funnel.iloc[0]
    assert (first["lead_opd"], first["total"]) == ("Diskominfo", 4)
    # reached: at least that stage; a rejected one reached none of them
    assert (first["reached_usulan"], first["reached_selesai"], first["ditolak"]) == (3, 1, 1)
    counts = compare.funnel_counts(funnel)
    done = int((recs["status"] == "selesai").sum())
    rejected = int((recs["status"] == "ditolak").sum())
    assert counts == {"usulan": len(recs) - rejected, "direncanakan": counts["direncanakan"],
                      "berjalan": counts["berjalan"], "selesai": done, "ditolak": rejected}
    assert counts["usulan"] >= counts["direncanakan"] >= counts["berjalan"] >= counts["selesai"]


def test_the_legend_never_covers_a_bar(knowledge: kb.KnowledgeBase) -> None:
    fig = compare.opd_chart(compare.followup_funnel(knowledge, "(none)"), LABELS, "Count")
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        [ax] = fig.axes
        legend = ax.get_legend().get_window_extent(renderer)
        bars = [patch.get_window_extent(renderer) for patch in ax.patches]
        assert bars and not [bar for bar in bars if bar.overlaps(legend)]
    finally:
        plt.close(fig)


def test_the_researcher_s_lessons_come_from_tagged_cells() -> None:
    guidance = v4.new_markdown_cell("<!-- write your lessons here -->")
    guidance.metadata["tags"] = ["lessons"]
    written = v4.new_markdown_cell("<!-- guidance -->\nDesa yang **berani** mulai lebih dulu.")
    written.metadata["tags"] = ["lessons"]
    other = v4.new_markdown_cell("Hanya untuk kesehatan.")
    other.metadata["tags"] = ["lessons", "theme-kesehatan"]
    untagged = v4.new_markdown_cell("Catatan kerja.")
    nb = v4.new_notebook(cells=[guidance, written, other, untagged])
    assert synthesis.lessons(nb, "kemiskinan") == ("Desa yang **berani** mulai lebih dulu.",)
    assert synthesis.lessons(nb, "kesehatan")[-1] == "Hanya untuk kesehatan."
