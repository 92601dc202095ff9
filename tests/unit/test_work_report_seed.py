"""Exact values from the seed work report 004 (서울시 스마트도시정책관, 2021-09, as of 2021-08-19)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from orchestration.extract.records import BudgetLine, Extraction
from orchestration.extract.work_report import WORK_REPORT_EXTRACTOR_VERSION, extract_work_report

SEED = Path(__file__).resolve().parents[2] / "seeds" / "documents" / "004_6c5669586c598848.txt"
K = 1000  # the tables are in 천원


@pytest.fixture(scope="module")
def text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ex(text: str) -> Extraction:
    return extract_work_report(text, doc_id="004_6c5669586c598848", strict=True)


def of(ex: Extraction, type_: str) -> list:
    return [r for r in ex.records if r.type == type_]


def findings(ex: Extraction, rule: str) -> list:
    return [r for r in of(ex, "source_finding") if r.rule == rule]


# --- provenance and coverage -------------------------------------------------------------------


def test_every_record_has_provenance(ex: Extraction, text: str) -> None:
    lines = text.splitlines()
    assert ex.rejected is None
    for r in ex.records:
        assert r.doc_id == "004_6c5669586c598848"
        assert r.extractor == "work_report"
        assert r.extractor_version == WORK_REPORT_EXTRACTOR_VERSION
        assert 1 <= r.line_start <= r.line_end <= len(lines)
        assert r.source_text == "\n".join(lines[r.line_start - 1 : r.line_end])


def test_full_line_coverage(ex: Extraction) -> None:
    assert len(ex.figure_lines) > 200
    assert ex.uncovered_figure_lines() == []
    assert 0 not in ex.skipped  # no section failed
    assert ex.skipped[241].startswith("task table total row")
    assert ex.skipped[18] == "header row"


def test_record_counts(ex: Extraction) -> None:
    counts = Counter(r.type for r in ex.records)
    assert counts["staffing"] == 7
    assert counts["department_budget"] == 9
    assert counts["policy_goal"] == 1
    assert counts["strategy"] == 3
    assert counts["task"] == 16
    assert counts["audit_summary"] == 4
    assert counts["audit_item"] == 52


# --- 1. staffing and duties --------------------------------------------------------------------


def test_staffing(ex: Extraction) -> None:
    rows = {r.department: r for r in of(ex, "staffing")}
    values = {
        d: (r.authorized, r.current, r.gap, r.general, r.fixed_term, r.operational) for d, r in rows.items()
    }
    assert values == {
        "스마트도시정책관": (212, 197, -15, 166, 24, 7),
        "스마트도시담당관": (31, 28, -3, 24, 3, 1),
        "빅데이터담당관": (31, 29, -2, 23, 5, 1),
        "정보시스템담당관": (25, 24, -1, 21, 3, 0),
        "공간정보담당관": (23, 21, -2, 20, 1, 0),
        "정보통신보안담당관": (38, 39, 1, 34, 3, 2),
        "데이터센터": (64, 56, -8, 44, 9, 3),
    }
    assert rows["스마트도시정책관"].is_total
    assert rows["빅데이터담당관"].department_raw == "빅 데 이 터 담 당 관"
    assert {r.as_of for r in rows.values()} == {"2021-08-19"}
    assert rows["데이터센터"].line_start == 25


def test_duties(ex: Extraction) -> None:
    duties = of(ex, "department_duty")
    per = Counter(d.department for d in duties)
    assert per == {
        "스마트도시담당관": 6,
        "빅데이터담당관": 6,
        "정보시스템담당관": 6,
        "공간정보담당관": 6,
        "정보통신보안담당관": 6,
        "데이터센터": 5,
    }
    big = [d.duty for d in duties if d.department == "빅데이터담당관"]
    assert big[0] == "빅데이터 수집·저장·활용 총괄 조정"
    assert big[2] == "빅데이터 분석 및 민관공동 빅데이터 플랫폼 구축"
    assert big[5] == "통계조사 총괄·조정, 통계 간행물·통계조사보고서 발간"


# --- 3. expenditure ----------------------------------------------------------------------------


def test_expenditure_summary(ex: Extraction) -> None:
    rows = of(ex, "department_budget")
    total = next(r for r in rows if r.is_total)
    assert (total.department, total.budget_krw, total.prior_year_krw, total.change_krw) == (
        "스마트도시정책관",
        168_338_280 * K,
        176_276_134 * K,
        -7_937_854 * K,
    )
    assert (total.change_rate, total.executed_krw, total.execution_rate) == (-0.045, 91_126_417 * K, 0.541)
    big = next(r for r in rows if r.department == "빅데이터담당관")
    assert (big.budget_krw, big.change_rate, big.line_start) == (16_786_610 * K, 0.955, 75)
    split = {r.account: r.budget_krw for r in rows if r.department == "정보통신보안담당관"}
    assert split == {None: 83_007_064 * K, "일반회계": 29_578_665 * K, "특별회계": 53_428_398 * K}
    assert all(r.fiscal_year == 2021 and r.unit == "천원" for r in rows)


def _detail(ex: Extraction) -> list[BudgetLine]:
    return [r for r in of(ex, "budget_line") if r.table_kind == "detail"]


def test_detail_program_lines(ex: Extraction) -> None:
    detail = _detail(ex)
    assert len(detail) == 62
    by_dept = Counter(d.department for d in detail)
    assert by_dept == {
        "스마트도시담당관": 10,
        "빅데이터담당관": 9,
        "정보시스템담당관": 9,
        "공간정보담당관": 10,
        "정보통신보안담당관": 14,
        "데이터센터": 10,
    }
    line = next(d for d in detail if d.program == "빅데이터 통합저장소 기반의 민관 공동 빅데이터 플랫폼 구축")
    assert (line.budget_krw, line.committed_krw, line.spent_krw) == (
        7_072_391 * K,
        5_740_911 * K,
        5_740_911 * K,
    )
    assert (line.committed_rate, line.spent_rate, line.line_start) == (0.812, 0.812, 964)
    repay = next(d for d in detail if d.program == "지방채증권 원금상환")
    assert (repay.department, repay.account, repay.budget_krw) == (
        "정보통신보안담당관",
        "특별회계",
        2_000_000 * K,
    )
    refunds = [d for d in detail if d.program == "국고보조금 반환"]
    assert [(d.department, d.budget_krw) for d in refunds] == [
        ("정보통신보안담당관", 3_355 * K),
        ("데이터센터", 90_548 * K),
    ]


def test_interleaved_line_and_missing_name(ex: Extraction) -> None:
    on_984 = [d for d in _detail(ex) if d.line_start == 984]
    assert [
        (d.program, d.budget_krw, d.committed_krw, d.spent_krw, d.committed_rate, d.spent_rate)
        for d in on_984
    ] == [
        ("지도정보 플랫폼 고도화 구축", 551_900 * K, 512_564 * K, 263_066 * K, 0.929, 0.477),
        ("위치기반 안전서비스 운영", 103_305 * K, 103_305 * K, 103_305 * K, 1.0, 1.0),
    ]
    nameless = next(d for d in _detail(ex) if d.line_start == 985)
    assert nameless.program is None
    assert (nameless.budget_krw, nameless.committed_krw, nameless.spent_krw) == (
        91_700 * K,
        90_500 * K,
        45_250 * K,
    )
    assert (nameless.department, nameless.account) == ("공간정보담당관", "일반회계")
    missing = findings(ex, "missing_program_name")
    assert [f.lines for f in missing] == [(985,)]
    assert findings(ex, "interleaved_rows")[0].lines == (984,)


def test_detail_sums_to_subtotals_and_bureau(ex: Extraction) -> None:
    lines = of(ex, "budget_line")
    subtotals = [r for r in lines if r.table_kind == "subtotal"]
    bureau = next(r for r in subtotals if r.department == "스마트도시정책관")
    assert bureau.budget_krw == 168_338_280 * K
    depts = [r for r in subtotals if r.account is None and r is not bureau]
    assert len(depts) == 6
    for dept in depts:
        parts = sum(d.budget_krw or 0 for d in _detail(ex) if d.department == dept.department)
        assert abs(parts - dept.budget_krw) <= K, dept.department
    total = sum(d.budget_krw or 0 for d in _detail(ex))
    assert abs(total - 168_338_280 * K) <= K
    assert abs(sum(d.budget_krw for d in depts) - bureau.budget_krw) <= K


def test_task_tables(ex: Extraction) -> None:
    rows = [r for r in of(ex, "budget_line") if r.table_kind == "task"]
    assert len(rows) == 32
    assert Counter(r.task_code for r in rows)["1-1"] == 2
    rpa = next(r for r in rows if r.program == "RPA기반 업무자동화시스템 구축")
    assert (rpa.committed_krw, rpa.expected_year_end_krw, rpa.expected_rate) == (
        124_140 * K,
        124_140 * K,
        0.97,
    )
    edu = next(r for r in rows if r.program == "디지털배움터 운영")
    assert (edu.committed_krw, edu.spent_krw, edu.committed_rate, edu.expected_rate) == (
        None,
        None,
        None,
        1.0,
    )
    net = next(r for r in rows if r.program == "스마트도시 통신인프라 구축")
    assert (net.task_code, net.department, net.account, net.budget_krw) == (
        "1-1",
        "정보통신보안담당관",
        "특별회계",
        50_428_398 * K,
    )
    assert (net.expected_year_end_krw, net.expected_rate, net.line_start) == (49_419_830 * K, 0.98, 239)
    iot = next(r for r in _detail(ex) if r.program == "사물인터넷 도시조성")
    assert iot.task_code == "1-2"


def test_cross_table_findings(ex: Extraction) -> None:
    cross = findings(ex, "cross_table_mismatch")
    iot = [f for f in cross if f.subject == "사물인터넷 도시조성"]
    assert (iot[0].stated, iot[0].computed, iot[0].lines) == (3_060_471 * K, 3_060_472 * K, (294, 951))
    assert len(iot) == 3  # budget, committed and spent each differ by 1 천원


def test_subtotal_rounding_recorded(ex: Extraction) -> None:
    rounding = findings(ex, "subtotal_rounding")
    ict = [f for f in rounding if f.line_start == 78 and f.stated == 83_007_064 * K]
    assert ict and ict[0].computed == (29_578_665 + 53_428_398) * K
    assert not findings(ex, "subtotal_mismatch")


# --- 2. revenue --------------------------------------------------------------------------------


def test_revenue_detail_hierarchy(ex: Extraction) -> None:
    detail = [r for r in of(ex, "revenue_line") if r.table_kind == "detail"]
    assert len(detail) == 54  # lines 880-905 and 909-936
    splex = next(r for r in detail if r.name == "에스플렉스센터 임대수입")
    assert splex.path == ("세외수입", "경상적세외수입", "공유재산임대료", "에스플렉스센터 임대수입")
    assert (splex.level, splex.budget_krw, splex.prior_year_krw, splex.change_krw) == (
        4,
        8_141_344 * K,
        7_718_542 * K,
        422_802 * K,
    )
    assert (splex.change_rate, splex.collected_krw, splex.collection_rate) == (0.055, 1_595_822 * K, 0.196)
    fine = next(r for r in detail if r.name == "과징금")
    assert (fine.prior_year_krw, fine.change_rate, fine.path) == (
        0,
        None,
        ("세외수입", "지방행정제재·부과금", "과징금"),
    )
    refund = next(r for r in detail if r.name == "사물인터넷 도시조성 사업비 반환")
    assert (refund.collected_krw, refund.collection_rate) == (None, None)
    bond = next(r for r in detail if r.name == "스마트도시 통신인프라 구축")
    assert bond.path == ("지방채", "국내차입금", "모집공채", "스마트도시 통신인프라 구축")
    temp = next(r for r in detail if r.line_start == 896)
    assert (temp.name, temp.name_raw) == ("임시적세외수입", "임시적 세외수임")


def test_revenue_summary(ex: Extraction) -> None:
    summary = [r for r in of(ex, "revenue_line") if r.table_kind == "summary"]
    assert len(summary) == 21
    names = [r.name for r in summary]
    assert names[:4] == ["계", "세외수입", "경상적세외수입", "공유재산임대료"]
    assert "그외수입" in names and "모집공채" in names and "국고보조금사용잔액" in names
    total = summary[0]
    assert (total.budget_krw, total.prior_year_krw, total.change_krw, total.change_rate) == (
        15_225_533 * K,
        65_303_790 * K,
        -50_078_257 * K,
        -0.767,
    )
    assert (total.collected_krw, total.collection_rate) == (7_776_632 * K, 0.511)
    grant = next(r for r in summary if r.name == "보조금")
    assert grant.change_krw == -1_520_723 * K


def test_revenue_source_findings(ex: Extraction) -> None:
    wrong = {f.line_start: f for f in findings(ex, "change_not_difference")}
    assert wrong[918].stated == -6_408_223 * K
    assert wrong[918].computed == (5_265_212 - 6_785_935) * K
    assert set(wrong) == {918, 919, 920}
    rate = [f for f in findings(ex, "rate_mismatch") if f.line_start == 64]
    assert rate and rate[0].stated == 141.44


# --- 4. strategy and tasks ---------------------------------------------------------------------


def test_goal_strategies_tasks(ex: Extraction) -> None:
    assert of(ex, "policy_goal")[0].goal == "연결, 융합, 혁신을 통한 미래 스마트도시 생태계 선도"
    assert [s.title for s in of(ex, "strategy")] == [
        "미래 스마트도시 인프라 구축",
        "첨단기술 활용 스마트서비스 확산",
        "시민과 함께 누리는 스마트도시 구현",
    ]
    tasks = of(ex, "task")
    assert [t.task_code for t in tasks] == [
        "1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "2-2", "2-3", "2-4", "2-5",
        "3-1", "3-2", "3-3", "3-4", "3-5", "3-6",
    ]  # fmt: skip
    first = tasks[0]
    assert first.title == "스마트서울 네트워크 구축 및 공공와이파이 확대(S-Net)"
    assert (first.platform, first.strategy_no, first.line_start, first.line_end) == ("S-Net", 1, 190, 192)
    assert first.purpose.startswith("포스트 코로나 시대 디지털 대전환에 대응하여")
    assert first.overview.startswith("- 서울 전역에 자가 광통신망을 구축")
    assert "5개구(성동·구로·강서·은평·도봉) 자가망 332km 확대 구축" in first.results
    assert "시·구 통신망 연계" in first.overview and "예산집행" not in (first.results or "")
    assert first.plans.endswith("市·區 간 사물인터넷(IoT)망 구축 및 서비스 확대")
    assert tasks[1].platform == "S-DoT, S-Pole"
    assert tasks[-1].plans.endswith("스마트서울전시관 콘텐츠 정비 및 신규 콘텐츠 도입 : '21. 10.")


def test_task_plan_metrics(ex: Extraction) -> None:
    metrics = [m for m in of(ex, "task_plan_metric") if m.task_code == "1-1"]
    cell = {(m.metric, m.year): m for m in metrics}
    assert (
        cell[("공공 정보통신망 구축", None)].value == 5954
        and cell[("공공 정보통신망 구축", None)].unit == "km"
    )
    assert cell[("공공 정보통신망 구축 (광케이블 확대 길이)", 2022)].value == 546
    assert cell[("공공 WiFi 조성 서울전역 (AP 설치대수) (실외)", None)].value == 11030
    assert cell[("공공 사물인터넷(IoT)망", 2023)].value == 1000
    budget = {m.year: m.value_krw for m in metrics if m.metric.startswith("소요예산")}
    assert budget == {
        None: 102_676_000_000,
        2020: 21_450_000_000,
        2021: 48_356_000_000,
        2022: 31_870_000_000,
        2023: 1_000_000_000,
    }


# --- 5. audit ----------------------------------------------------------------------------------


def test_audit_summary(ex: Extraction) -> None:
    rows = {
        r.kind: (r.total, r.completed, r.in_progress, r.under_review, r.not_reflected)
        for r in of(ex, "audit_summary")
    }
    assert rows == {
        "계": (52, 27, 24, 1, 0),
        "시정·처리요구사항": (30, 12, 18, 0, 0),
        "건의사항": (10, 3, 6, 1, 0),
        "기타": (12, 12, 0, 0, 0),
    }
    assert {r.audit_year for r in of(ex, "audit_summary")} == {2020}


def test_audit_items(ex: Extraction) -> None:
    items = of(ex, "audit_item")
    assert Counter(i.kind for i in items) == {"시정·처리요구사항": 30, "건의사항": 10, "기타": 12}
    with_unit = [i for i in items if i.kind and i.department]
    assert len(with_unit) >= 48
    assert {i.department for i in with_unit} == {"스마트도시담당관", "정보통신보안담당관", "서울디지털재단"}
    statuses = Counter(i.status for i in items)
    assert statuses["완료"] >= 24 and statuses["추진중"] >= 18 and statuses["검토중"] == 1
    assert sum(1 for i in items if i.status is None) <= 8


def test_audit_pairing(ex: Extraction) -> None:
    items = of(ex, "audit_item")
    row = next(i for i in items if i.finding.startswith("코로나로 인한 정보격차해소 교육"))
    assert (row.department, row.status, row.status_raw) == ("스마트도시담당관", "추진중", "추진 중")
    assert row.actions.startswith("어르신 스마트폰 보급 : 1,846대 보급")
    assert "추진상황" not in row.finding and "어르신" not in row.finding
    reserve = next(i for i in items if i.finding.startswith("서울디지털재단의 내부유보금 중"))
    assert (reserve.department, reserve.status) == ("서울디지털재단", "완료")
    assert reserve.actions.startswith("- 예산편성 시 실소요예산을 세부적으로 산출하여")
    assert reserve.plans.startswith("- 코로나19 팬데믹 등")
    # a finding split by the page layout (1066 + 1049-1051) is one item, with its own answer
    cyber = next(i for i in items if i.finding.startswith("사이버 해킹, 악성코드 유포 등"))
    assert "교육이수 향상 방안 마련 필요" in cyber.finding
    assert (cyber.department, cyber.status) == ("정보통신보안담당관", "완료")
    assert cyber.actions.startswith("- 정보보안 교육 의무화")
    # two findings, then two answers: paired in order
    fame = next(i for i in items if i.finding.startswith("디지털재단 인지도 조사에서"))
    wifi = next(i for i in items if i.finding.startswith("공공예산투입의 1차적 목표는"))
    assert (fame.status, fame.department) == ("완료", "서울디지털재단")
    assert (wifi.status, wifi.department) == ("추진중", "정보통신보안담당관")
    assert fame.actions.startswith("- '21년 채용공고 광고비용의 예산비목 변경")
    assert wifi.actions.startswith("- 사업성과평가 반영으로")
    review = next(i for i in items if i.status == "검토중")
    assert review.kind == "건의사항" and review.finding.startswith(
        "까치온 공공와이파이 사업을 디지털재단에 위탁함으로써"
    )
    last = items[-1]
    assert (last.kind, last.department, last.finding, last.line_start) == (
        "기타",
        "스마트도시담당관",
        "스마트도시 조성사업 연도별 계획 제출",
        1362,
    )


def test_audit_counts_compared_with_summary(ex: Extraction) -> None:
    mismatch = findings(ex, "audit_count_mismatch")
    subjects = {f.subject for f in mismatch}
    assert "시정·처리요구사항 완료" in subjects  # 5 시정 items state no status in the text
    assert not any(
        f.subject in {"계", "시정·처리요구사항", "건의사항", "기타"} for f in mismatch
    )  # kinds all match
