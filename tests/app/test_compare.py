"""Change and change rate between the periods a reader compares (app/compare.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from app.compare import with_change
from tests.app.conftest import PAGES


def parts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["서울특별시"] * 5 + ["부산광역시"],
            "fiscal_year": [2021, 2021, 2023, 2023, 2023, 2023],
            "label": ["서울시", "자치구", "서울시", "자치구", "투자출연기관", "부산시"],
            "amount_krw": [
                156_200_000_000,
                90_200_000_000,
                215_100_000_000,
                90_200_000_000,
                43_900_000_000,
                10,
            ],
        }
    )


def test_each_part_is_compared_with_the_same_part_of_the_period_before():
    out = with_change(parts(), [("서울특별시", 2021), ("서울특별시", 2023)])
    later = out[out["period"] == "서울특별시 2023"].set_index("label")
    assert later.loc["서울시", "change_krw"] == 58_900_000_000
    assert later.loc["서울시", "change_rate"] == round(58_900_000_000 / 156_200_000_000, 4)
    assert later.loc["자치구", "change_krw"] == 0
    assert pd.isna(later.loc["투자출연기관", "change_krw"])  # new in 2023: nothing to compare with
    first = out[out["period"] == "서울특별시 2021"]
    assert first["change_krw"].isna().all()


def test_only_the_chosen_periods_in_the_chosen_order():
    out = with_change(parts(), [("서울특별시", 2023), ("서울특별시", 2021)])
    assert list(dict.fromkeys(out["period"])) == ["서울특별시 2023", "서울특별시 2021"]
    assert "부산시" not in set(out["label"])
    earlier = out[out["period"] == "서울특별시 2021"].set_index("label")
    assert earlier.loc["서울시", "change_krw"] == -58_900_000_000  # against the period shown before it


def test_years_and_regions_are_compared_on_one_axis(app_env: Path) -> None:
    """Seoul's plan by institution in 2021 and 2023 side by side, with the change of each part."""
    at = AppTest.from_file(str(PAGES["overview"]), default_timeout=120)
    at.run()
    at.radio(key="cmp_dim").set_value("institution").run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.multiselect(key="cmp_periods_institution")
    assert [tuple(p) for p in picker.value] == [("서울특별시", 2021), ("서울특별시", 2023)]
    (table,) = [df.value for df in at.dataframe if "change_rate" in df.value.columns]
    seoul_2023 = table[(table["period"] == "서울특별시 2023") & (table["label"] == "서울시")].iloc[0]
    assert seoul_2023["change_krw"] == 215_100_000_000 - 156_200_000_000
    assert round(seoul_2023["change_rate"], 3) == round(589 / 1562, 3)
