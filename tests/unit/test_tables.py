"""Tables read as tables, whatever the flattening (our own figures, in the layouts of real reports)."""

from __future__ import annotations

import pytest

from orchestration.extract.generic import extract_generic
from orchestration.extract.normalise import normalise_lines
from orchestration.extract.records import AuditSummary, BudgetStatement, PlanBreakdown, PlanTotal, Staffing
from orchestration.extract.tables import find_tables

ROWS = [
    ("계", ["128", "121", "△7", "104", "11", "6"]),
    ("총무과", ["40", "38", "△2", "33", "3", "2"]),
    ("정보통신과", ["52", "49", "△3", "41", "6", "2"]),
    ("민원과", ["36", "34", "△2", "30", "2", "2"]),
]
HEADER = ["구분", "정원", "현원", "과부족", "일반직", "임기제", "공무직"]


def _layout(sep: str) -> str:
    lines = [sep.join(HEADER), *(sep.join([label, *cells]) for label, cells in ROWS)]
    return "\n".join(lines)


FLATTENINGS = {
    "tabs": _layout("\t"),
    # columns aligned with runs of spaces, the heading words spaced out as in printed reports
    "runs of spaces": "\n".join(
        ["구    분        정원    현원   과부족   일반직   임기제   공무직"]
        + [
            f"{('합    계' if lab == '계' else lab):<10}" + "".join(f"{c:>8}" for c in cells)
            for lab, cells in ROWS
        ]
    ),
    "single spaces": _layout(" "),
    "pipes": "\n".join(f"| {' | '.join([lab, *cells])} |" for lab, cells in [(HEADER[0], HEADER[1:]), *ROWS]),
    "box drawing": "\n".join(
        ["┌────┬────┐", "│ " + " │ ".join(HEADER) + " │", "├────┼────┤"]
        + ["│ " + " │ ".join([lab, *cells]) + " │" for lab, cells in ROWS]
        + ["└────┴────┘"]
    ),
    "a cell per line": "\n".join([*HEADER, *(x for lab, cells in ROWS for x in (lab, *cells))]),
    "one line": " ".join([*HEADER, *(x for lab, cells in ROWS for x in (lab, *cells))]),
}


@pytest.mark.parametrize("layout", sorted(FLATTENINGS))
def test_a_staffing_table_gives_the_same_rows_however_flattened(layout: str) -> None:
    text = f"제1회 예시시의회 임시회\n\n1. 인력 (’23. 3. 31. 기준, 단위: 명)\n{FLATTENINGS[layout]}\n※ 공무직은 정원 외\n"
    staffing = [r for r in extract_generic(text, kind="work_report").records if isinstance(r, Staffing)]
    got = [
        (r.department_raw, r.authorized, r.current, r.gap, r.general, r.fixed_term, r.operational)
        for r in staffing
    ]
    assert got == [
        ("계" if layout != "runs of spaces" else "합계", 128, 121, -7, 104, 11, 6),
        ("총무과", 40, 38, -2, 33, 3, 2),
        ("정보통신과", 52, 49, -3, 41, 6, 2),
        ("민원과", 36, 34, -2, 30, 2, 2),
    ]
    assert staffing[0].is_total and staffing[0].as_of == "2023-03-31"


def test_a_table_split_by_a_page_break_with_its_header_repeated() -> None:
    text = "\n".join(
        [
            "(단위: 명)",
            "구분\t정원\t현원\t과부족",
            "계\t90\t86\t△4",
            "가과\t30\t29\t△1",
            "",
            "- 3 -",
            "",
            "예시구 행정국",
            "구분\t정원\t현원\t과부족",
            "나과\t60\t57\t△3",
            "※ 파견 2명 제외",
        ]
    )
    rows = [
        (r.department_raw, r.authorized) for r in extract_generic(text).records if isinstance(r, Staffing)
    ]
    assert rows == [("계", 90), ("가과", 30), ("나과", 60)]


def test_a_multi_year_table_on_one_line_gives_one_statement_per_year() -> None:
    text = (
        "결재문서 2020년 예시사업 추진계획 ?? 최근 3년간 현황 (단위 : 억원) 구분 2017 2018 2019 "
        "예시사업 대상(A) 1,200 1,350 1,410 목표액(B) 700 760 800 집행액(C) 650 720 790 대상 대비 집행율(C"
    )
    records = [
        r for r in extract_generic(text, kind="budget_table").records if isinstance(r, BudgetStatement)
    ]
    got = [(r.subject, r.fiscal_year, r.budget_krw, r.target_krw, r.spent_krw) for r in records]
    assert got == [
        ("예시사업", 2017, 120_000_000_000, 70_000_000_000, 65_000_000_000),
        ("예시사업", 2018, 135_000_000_000, 76_000_000_000, 72_000_000_000),
        ("예시사업", 2019, 141_000_000_000, 80_000_000_000, 79_000_000_000),
    ]


def test_a_plan_by_year_table_has_a_row_per_field_and_year_and_ignores_the_sum_column() -> None:
    text = (
        "(단위 : 백만원) 구 분 2024 2025 합 계 스마트 안전 300 400 700 스마트 교통 100 150 250 계 400 550 950"
    )
    records = [
        r for r in extract_generic(text, kind="budget_table").records if isinstance(r, BudgetStatement)
    ]
    got = {(r.subject, r.fiscal_year): r.budget_krw for r in records}
    assert got == {
        ("스마트 안전", 2024): 300_000_000,
        ("스마트 안전", 2025): 400_000_000,
        ("스마트 교통", 2024): 100_000_000,
        ("스마트 교통", 2025): 150_000_000,
        ("계", 2024): 400_000_000,
        ("계", 2025): 550_000_000,
    }


def test_a_region_comparison_table_gives_a_total_and_one_row_per_region() -> None:
    text = "\n".join(
        [
            "2015년 시·도별 정보화사업 현황",
            "                                (단위 : 개, 억원, %)",
            " 시 도      사업수     예산액     비 중",
            " 합  계       600      1,000     100.0",
            " 서 울        400        700      70.0",
            " 부 산 150 200 20.0",
            " 제 주         50        100      10.0",
        ]
    )
    records = extract_generic(text, kind="budget_table").records
    total = next(r for r in records if isinstance(r, PlanTotal))
    assert (total.projects, total.amount_krw, total.fiscal_year) == (600, 100_000_000_000, 2015)
    parts = [
        (r.label, r.projects, r.amount_krw, r.share, r.dimension)
        for r in records
        if isinstance(r, PlanBreakdown)
    ]
    assert parts == [
        ("서울특별시", 400, 70_000_000_000, 0.7, "region"),
        ("부산광역시", 150, 20_000_000_000, 0.2, "region"),
        ("제주특별자치도", 50, 10_000_000_000, 0.1, "region"),
    ]
    assert all(r.is_exhaustive for r in records if isinstance(r, PlanBreakdown))


def test_an_audit_table_with_dashes_for_none() -> None:
    text = "2022년도 행정사무감사 처리결과\n(단위: 건)\n구분  계  완료  추진중  검토중\n계  9  6  2  1\n시정요구  3  3  -  -\n건의사항  6  3  2  1\n"
    rows = [
        (r.kind, r.total, r.completed, r.in_progress, r.under_review, r.audit_year)
        for r in extract_generic(text).records
        if isinstance(r, AuditSummary)
    ]
    assert rows == [("계", 9, 6, 2, 1, 2022), ("시정요구", 3, 3, 0, 0, 2022), ("건의사항", 6, 3, 2, 1, 2022)]


def test_a_row_cut_off_is_not_guessed_and_a_budget_table_in_thousands() -> None:
    text = "(단위: 천원)\n| 사업명 | 예산현액 | 집행액 | 집행률 |\n| 가 사업 | 1,000 | 900 | 90.0 |\n| 나 사업 | 2,000 | 1,"
    tables = find_tables(normalise_lines(text))
    assert [(row.label, row.cells) for row in tables[0].rows] == [("가 사업", ["1,000", "900", "90.0"])]
    st = next(r for r in extract_generic(text).records if isinstance(r, BudgetStatement))
    assert (st.subject, st.budget_krw, st.spent_krw, st.execution_rate, st.unit) == (
        "가 사업",
        1_000_000,
        900_000,
        0.9,
        "천원",
    )


def test_a_lone_dash_is_an_empty_cell_and_other_categories_are_kept_apart() -> None:
    cells = [
        "구분",
        "정원",
        "현원",
        "과부족",
        "일반직",
        "기간제",
        "계",
        "12",
        "13",
        "1",
        "10",
        "3",
        "가과",
        "5",
        "5",
        "-",
        "5",
        "-",
    ]
    text = "(’24. 1. 1. 기준, 단위: 명)\n" + "\n".join(cells) + "\n※ 기간제는 정원 외\n"
    rows = [
        (r.department_raw, r.authorized, r.current, r.gap, r.general, r.other)
        for r in extract_generic(text).records
    ]
    assert rows == [("계", 12, 13, 1, 10, 3), ("가과", 5, 5, 0, 5, 0)]


def test_a_program_table_one_cell_per_line_with_labels_of_two_words() -> None:
    cells = [
        "사 업 명",
        "예산현액",
        "지출액",
        "이월액",
        "집행률",
        "교통정보 재구축",
        "3,000",
        "2,000",
        "-",
        "66.7",
    ]
    cells += ["보안관제 장비 교체", "1,000", "900", "100", "90.0"]
    text = "(단위: 천원, %)\n" + "\n".join(cells) + "\n"
    got = [
        (r.subject, r.budget_krw, r.spent_krw, r.carried_over_krw, r.execution_rate)
        for r in extract_generic(text, kind="review_report").records
    ]
    assert got == [
        ("교통정보 재구축", 3_000_000, 2_000_000, 0, 0.667),
        ("보안관제 장비 교체", 1_000_000, 900_000, 100_000, 0.9),
    ]


def test_a_two_line_header_with_a_group_heading_and_no_unit_line_in_a_work_report() -> None:
    """The layout a PDF viewer leaves: a group heading (`직종별 현원`) over split columns, a blank
    line between rows, spaced names, no `(단위: 명)`; the work-report reader yields to the table."""
    from orchestration.extract import extract_document

    text = "\n\n".join(
        [
            "제300회 예시시의회 임시회 주요업무보고",
            "인 력(2024. 1. 31 기준)",
            "구 분 정원 현원 과부족직종별 현원",
            "소계 일반직 임기제 관리운영직",
            "계 50 48 △2 48 40 6 2",
            "가 나 다 담 당 관 30 29 △1 29 24 4 1",
            "라마과 20 19 △1 19 16 2 1",
        ]
    )
    ex = extract_document(text, "work_report", strict=True)
    rows = [
        (r.department_raw, r.authorized, r.current, r.gap, r.general)
        for r in ex.records
        if isinstance(r, Staffing)
    ]
    assert rows == [("계", 50, 48, -2, 40), ("가나다담당관", 30, 29, -1, 24), ("라마과", 20, 19, -1, 16)]
