"""Comparing plans across years and regions: change and change rate against the previous selection.

Pure (pandas only), so the arithmetic is unit tested apart from the page (tests/app/test_compare.py).
"""

from __future__ import annotations

import pandas as pd


def with_change(parts: pd.DataFrame, periods: list[tuple[str, int]]) -> pd.DataFrame:
    """The parts of the chosen (region, year) periods, in that order, each with `period` (its label)
    and, for the same part label in the period before it, `change_krw` and `change_rate` (None where
    that period has no such part or its amount is zero)."""
    order = {p: i for i, p in enumerate(periods)}
    keyed = parts.assign(_key=list(zip(parts["region"], parts["fiscal_year"].astype(int), strict=True)))
    chosen = keyed[keyed["_key"].isin(order)].copy()
    chosen["_order"] = chosen["_key"].map(order)
    chosen = chosen.sort_values(["_order", "amount_krw"], ascending=[True, False])
    previous = chosen[["label", "_order", "amount_krw"]].rename(columns={"amount_krw": "_before"})
    previous["_order"] += 1
    out = chosen.merge(previous, on=["label", "_order"], how="left")
    out["change_krw"] = out["amount_krw"] - out["_before"]
    base = out["_before"].where(out["_before"] != 0)
    out["change_rate"] = (out["change_krw"] / base).round(4)
    out["period"] = [f"{region} {year}" for region, year in out["_key"]]
    out = out.astype({"change_krw": "Float64", "change_rate": "Float64"})
    return out.drop(columns=["_key", "_order", "_before"]).reset_index(drop=True)
