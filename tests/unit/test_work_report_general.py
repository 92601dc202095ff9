"""The work-report extractor on a report of its own kind that is not the seed.

The fixture is a shortened report written in the same style for a different bureau (정보화기획관)
with other departments (not in the reference table), expenditure before revenue, the summary
tables in another order, a repeated table header at a page break, an interleaved row, a nameless
row, a multi-year plan and a small audit follow-up.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from orchestration.extract.records import Extraction
from orchestration.extract.work_report import extract_work_report

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "work_report" / "information_planning_2022.txt"
K = 1000


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return extract_work_report(FIXTURE.read_text(encoding="utf-8"), doc_id="fixture", strict=True)


def of(ex: Extraction, type_: str) -> list:
    return [r for r in ex.records if r.type == type_]


def rules(ex: Extraction) -> Counter:
    return Counter(f.rule for f in of(ex, "source_finding"))


def test_frame(ex: Extraction) -> None:
    assert ex.rejected is None
    assert ex.uncovered_figure_lines() == []
    staffing = of(ex, "staffing")
    assert staffing[0].department == "정보화기획관" and staffing[0].is_total
    assert {r.as_of for r in staffing} == {"2022-06-30"}
    assert {r.fiscal_year for r in of(ex, "department_budget")} == {2022}


def test_unknown_departments_are_cleaned(ex: Extraction) -> None:
    values = {r.department: (r.authorized, r.current, r.gap, r.operational) for r in of(ex, "staffing")}
    assert values == {
        "정보화기획관": (80, 76, -4, 1),
        "정보화기획담당관": (30, 29, -1, 0),
        "전산운영과": (28, 25, -3, 0),
        "통신망관리과": (22, 22, 0, 1),
    }
    duties = [(d.department, d.duty) for d in of(ex, "department_duty")]
    assert ("전산운영과", "서버·스토리지 통합 구축") in duties
    assert Counter(d for d, _ in duties) == {"정보화기획담당관": 2, "전산운영과": 3, "통신망관리과": 2}


def test_expenditure(ex: Extraction) -> None:
    summary = of(ex, "department_budget")
    assert [(r.department, r.account) for r in summary] == [
        ("정보화기획관", None),
        ("정보화기획담당관", None),
        ("전산운영과", None),
        ("통신망관리과", None),
        ("통신망관리과", "일반회계"),
        ("통신망관리과", "특별회계"),
    ]
    lines = of(ex, "budget_line")
    detail = [r for r in lines if r.table_kind == "detail"]
    assert len(detail) == 9
    assert [d.program for d in detail if d.line_start == 72] == ["서버 통합 구축", "전산장비 유지보수"]
    nameless = next(d for d in detail if d.program is None)
    assert (nameless.department, nameless.budget_krw, nameless.spent_rate) == ("전산운영과", 50_000 * K, 0.2)
    own = next(d for d in detail if d.program == "자가통신망 확충")
    assert (own.department, own.account, own.task_code) == ("통신망관리과", "특별회계", "2-1")
    # the repeated header at the page break did not end the table
    assert {d.department for d in detail} == {"정보화기획담당관", "전산운영과", "통신망관리과"}
    assert not rules(ex)["subtotal_mismatch"] and not rules(ex)["subtotal_rounding"]


def test_source_findings(ex: Extraction) -> None:
    r = rules(ex)
    assert r["change_not_difference"] == 1
    assert r["missing_program_name"] == 1
    assert r["interleaved_rows"] == 1
    cross = [f for f in of(ex, "source_finding") if f.rule == "cross_table_mismatch"]
    assert [(f.subject, f.stated, f.computed) for f in cross] == [
        ("자가통신망 확충", 810_000 * K, 800_000 * K)
    ]
    assert not r["audit_count_mismatch"]


def test_task_tables_and_plan(ex: Extraction) -> None:
    task_rows = [r for r in of(ex, "budget_line") if r.table_kind == "task"]
    assert [(r.task_code, r.program) for r in task_rows] == [
        ("1-1", "정보화 기본계획 수립"),
        ("1-2", "행정정보시스템 운영"),
        ("1-2", "서버 통합 구축"),
        ("2-1", "자가통신망 확충"),
    ]
    assert "task table total row" in ex.skipped[169]
    plan = {(m.metric, m.year): m for m in of(ex, "task_plan_metric")}
    assert plan[("서버 통합 대수", None)].value == 120
    assert plan[("소요예산 (백만원)", 2024)].value_krw == 1_200_000_000
    tasks = of(ex, "task")
    assert [(t.task_code, t.strategy_no, t.platform) for t in tasks] == [
        ("1-1", 1, None),
        ("1-2", 1, "S-Infra"),
        ("2-1", 2, "S-Net"),
    ]
    assert tasks[0].results.startswith("- 기본계획 수립 용역 착수")
    assert [s.title for s in of(ex, "strategy")] == ["행정 정보화 기반 강화", "통신 인프라 확충"]


def test_revenue(ex: Extraction) -> None:
    revenue = of(ex, "revenue_line")
    assert Counter(r.table_kind for r in revenue) == {"summary": 4, "detail": 6}
    item = next(r for r in revenue if r.name == "회선 사용료")
    assert item.path == ("세외수입", "경상적세외수입", "기타사용료", "회선 사용료")
    garbled = next(r for r in revenue if r.table_kind == "summary" and r.level == 2)
    assert garbled.name == "경상적세외수입"


def test_audit(ex: Extraction) -> None:
    items = of(ex, "audit_item")
    assert [(i.kind, i.department, i.status) for i in items] == [
        ("시정·처리요구사항", "전산운영과", "완료"),
        ("시정·처리요구사항", "통신망관리과", "추진중"),
        ("건의사항", "정보화기획담당관", "추진중"),
        ("기타", "전산운영과", "완료"),
        ("기타", "통신망관리과", "완료"),
    ]
    assert items[0].actions == "교체계획 수립('22.3.)" and items[0].plans == "단계별 교체 추진"
    assert items[1].finding == "자가통신망 장애 대응 체계를 점검하고 결과를 보고하기 바람."
    assert items[1].plans == "- 모의훈련 실시 : '22.9."
    assert {r.audit_year for r in items} == {2021}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "아무 내용 없는 문서",
        "계\t1\t2",
        "\t\t\t",
        "Ⅴ. 2020 행정사무감사 처리결과\n○ (",
        "구 분\t정원\t현원\n계\tx",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    result = extract_work_report(text)
    assert result.kind == "work_report"
    if not result.records:
        assert result.rejected


def test_empty_text_is_rejected() -> None:
    assert extract_work_report("").rejected == "no work-report section recognised"


def test_an_audit_summary_table_without_every_status_column() -> None:
    """A 총괄 table of 계 / 완료 / 추진중 only: the statuses it does not state are None (this raised)."""
    from orchestration.extract.records import AuditSummary
    from orchestration.extract.work_report import extract_work_report

    text = "\n".join(
        [
            "2023년 주요업무보고",
            "Ⅲ. 2022년 행정사무감사 처리결과",
            "□ 총괄 : 총 9건",
            "구 분\t계\t완료\t추진중",
            "계\t9\t6\t3",
            "시정·처리요구사항\t4\t3\t1",
            "건의사항\t5\t3\t2",
        ]
    )
    ex = extract_work_report(text, strict=True)
    rows = [
        (r.kind, r.total, r.completed, r.in_progress, r.under_review)
        for r in ex.records
        if isinstance(r, AuditSummary)
    ]
    assert rows == [("계", 9, 6, 3, None), ("시정·처리요구사항", 4, 3, 1, None), ("건의사항", 5, 3, 2, None)]
