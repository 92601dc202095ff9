"""Charts more than one page draws (Altair specifications; the pages lay them out)."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from app import format as fmt


def execution_stages(budget, committed, spent, t: Callable[..., str], lang: str) -> pd.DataFrame:
    """budget -> committed -> spent as rows with their amounts and share of the budget (a stage
    the source does not state is left out)."""
    stages = pd.DataFrame(
        {
            "stage": [t("stage_budget"), t("stage_committed"), t("stage_spent")],
            "order": [0, 1, 2],
            "krw": [budget, committed, spent],
        }
    ).dropna(subset=["krw"])
    stages["eok"] = stages["krw"].map(fmt.eok)
    stages["amount"] = stages["krw"].map(lambda v: fmt.format_money(v, lang))
    stages["exact"] = stages["krw"].map(lambda v: fmt.format_krw(v, lang))
    stages["rate"] = [fmt.format_rate(v / budget) if budget else "–" for v in stages["krw"]]
    return stages


def execution_funnel(stages: pd.DataFrame, t: Callable[..., str], height: int = 160) -> alt.LayerChart:
    """The stages as bars on one axis, each labelled with its share of the budget."""
    chart = (
        alt.Chart(stages)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=alt.SortField("order"), title=None),
            x=alt.X("eok:Q", title=t("amount_eok")),
            color=alt.Color(
                "stage:N",
                legend=None,
                sort=alt.SortField("order"),
                scale=alt.Scale(range=["#1f4e8c", "#4f81bd", "#9dbbe0"]),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title=t("stage")),
                alt.Tooltip("amount:N", title=t("amount_eok")),
                alt.Tooltip("exact:N", title=t("amount_krw")),
                alt.Tooltip("rate:N", title="%"),
            ],
        )
        .properties(height=height)
    )
    return chart + chart.mark_text(align="left", dx=4).encode(text="rate:N")
