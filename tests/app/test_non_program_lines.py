"""The reviewed word list that keeps lines which are no program out of the execution ranking."""

from __future__ import annotations

import pandas as pd
import pytest

from app import data
from app import format as fmt


@pytest.fixture(scope="module")
def keywords() -> pd.DataFrame:
    return pd.read_csv(data.NON_PROGRAM_LINES_CSV, dtype=str, keep_default_na=False)


def test_the_list_is_clean_and_every_kind_has_a_label(keywords: pd.DataFrame) -> None:
    assert list(keywords.columns) == ["keyword", "kind", "note"]
    assert keywords["keyword"].is_unique and (keywords["keyword"].str.strip() != "").all()
    assert (keywords["note"].str.strip() != "").all()  # reviewed: each word says why
    for kind in keywords["kind"].unique():
        assert f"npl_{kind}" in fmt.LABELS, kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("지방채증권 원금상환", "debt_service"),
        ("지방채 이자", "debt_service"),
        ("기본경비", "basic_expenses"),
        ("기 본 경 비", "basic_expenses"),
        ("국고보조금 반환", "refund"),
        ("보조금반환금", "refund"),
        ("인건비", "personnel"),
        ("예비비", "reserve"),
        ("스마트도시 통신인프라 구축", None),
        ("서울디지털재단 출연", None),
        (None, None),
    ],
)
def test_non_program_kind(keywords: pd.DataFrame, name, kind) -> None:
    assert data.non_program_kind(name, keywords) == kind
