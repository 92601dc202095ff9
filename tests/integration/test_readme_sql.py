"""Every SQL example of the README runs against the warehouse built from the shipped corpus, and
answers what the README says it answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, query

pytestmark = pytest.mark.e2e


def readme_queries() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    out = {}
    for block in blocks:
        name = re.match(r"-- query: (\w+)", block)
        assert name, f"a README SQL block has no '-- query: name' line: {block[:60]}"
        out[name.group(1)] = block
    return out


EXPECTED_NAMES = {
    "execution_rate_by_department",
    "programs_under_half_committed",
    "open_findings_with_program_execution",
    "plan_by_institution_over_years",
    "staffing_gap_vs_execution",
    "figures_that_disagree_with_their_source_total",
    "plan_growth_year_over_year",
    "the_source_line_behind_a_figure",
    "budget_statements_by_subject",
}


def test_the_readme_has_the_queries():
    assert set(readme_queries()) == EXPECTED_NAMES


def run(settings, name: str) -> list[tuple]:
    return query(settings, readme_queries()[name])


def test_execution_rate_by_department(seed_warehouse):
    rows = run(seed_warehouse, "execution_rate_by_department")
    assert [(r[0], r[4]) for r in rows] == [
        ("공간정보담당관", 0.944),
        ("정보시스템담당관", 0.812),
        ("데이터센터", 0.776),
        ("빅데이터담당관", 0.743),
        ("스마트도시담당관", 0.714),
        ("정보통신보안담당관", 0.311),
    ]


def test_programs_under_half_committed(seed_warehouse):
    rows = run(seed_warehouse, "programs_under_half_committed")
    assert rows[0][:5] == ("스마트도시 통신인프라 구축", "정보통신보안담당관", 50_428_398_000, 0.051, 0.044)
    assert all(r[3] < 0.5 for r in rows)
    assert len(rows) == 9


def test_open_findings_with_program_execution(seed_warehouse):
    rows = run(seed_warehouse, "open_findings_with_program_execution")
    assert rows and all(r[2] in ("추진중", "검토중", "미반영") for r in rows)
    wifi = [r for r in rows if r[4] == "스마트도시 통신인프라 구축"]
    assert wifi and all(r[6] == 0.051 for r in wifi)


def test_plan_by_institution_over_years(seed_warehouse):
    rows = run(seed_warehouse, "plan_by_institution_over_years")
    assert rows == [
        ("서울특별시", 2021, "서울시", 355, 1562.0),
        ("서울특별시", 2021, "자치구", 532, 902.0),
        ("서울특별시", 2021, "투자출연기관", 158, 749.0),
        ("서울특별시", 2023, "서울시", 422, 2151.0),
        ("서울특별시", 2023, "자치구", 857, 1113.0),
        ("서울특별시", 2023, "투자출연기관", 152, 439.0),
    ]


def test_staffing_gap_vs_execution(seed_warehouse):
    rows = run(seed_warehouse, "staffing_gap_vs_execution")
    assert rows[0] == ("데이터센터", 64, 56, -8, 26_033_001_000, 0.776)
    assert rows[-1] == ("정보통신보안담당관", 38, 39, 1, 83_007_064_000, 0.311)


def test_figures_that_disagree_with_their_source_total(seed_warehouse):
    rows = run(seed_warehouse, "figures_that_disagree_with_their_source_total")
    assert rows[0][1:5] == ("revenue_detail_change", "보조금", "change_krw", -6_408_223_000.0)
    assert {r[7] for r in rows} == {"source_discrepancy"}


def test_plan_growth_year_over_year(seed_warehouse):
    assert run(seed_warehouse, "plan_growth_year_over_year") == [
        ("서울특별시", 2021, 1045, 321_300_000_000, None),
        ("서울특별시", 2023, 1431, 370_300_000_000, 49_000_000_000),
    ]


def test_the_source_line_behind_a_figure(seed_warehouse):
    rows = run(seed_warehouse, "the_source_line_behind_a_figure")
    assert rows == [
        (
            50_428_398_000,
            2_596_258_000,
            "004_6c5669586c598848.txt",
            1007,
            "스마트도시 통신인프라 구축\t50,428,398\t2,596,258\t2,194,694\t5.1%\t4.4%",
        )
    ]


def test_budget_statements_by_subject(seed_warehouse, statements_warehouse):
    # the shipped corpus states none: its articles state plans, the work report's own extractor reads its tables
    assert run(seed_warehouse, "budget_statements_by_subject") == []
    rows = run(statements_warehouse[0], "budget_statements_by_subject")
    # (line, resolved to, year, budget, spent) by line: the subjects are as the text writes them
    assert sorted((r[9], r[2], r[3], r[4], r[5]) for r in rows) == [
        (7, None, 2021, 28_631_222_000, 20_443_267_000),  # 합계
        (8, None, 2021, 28_631_222_000, 20_443_267_000),  # 일반회계
        (9, "스마트도시담당관", 2021, 28_631_222_000, 20_443_267_000),
        (10, "스마트도시 통신인프라 구축", 2021, 50_428_398_000, 2_194_694_000),
        (11, "서울서베이", 2021, None, 4_820_000_000),
        (12, None, 2021, None, 320_000_000),
    ]
    assert {r[8] for r in rows} == {"minutes_2021_settlement.txt"}


def test_readme_paths_exist():
    for rel in ("docs/architecture.md", "docs/extraction.md", "benchmarks/README.md"):
        assert (Path(ROOT) / rel).exists(), rel
