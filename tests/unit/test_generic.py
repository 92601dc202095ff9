"""The generic layer's prose readers and the stages every reader shares (our own sentences, in the
phrasing of real minutes, reviews and articles)."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.extract import extract_document
from orchestration.extract.generic import extract_generic
from orchestration.extract.lexicons import guess_dimension, is_project_count, locality_mentions
from orchestration.extract.meaning import as_of_date, document_fiscal_year, document_region
from orchestration.extract.normalise import normalise_line
from orchestration.extract.records import AuditSummary, BudgetStatement


def _statements(text: str, kind: str = "council_minutes") -> list[tuple]:
    return [
        (
            r.subject,
            r.budget_krw,
            r.committed_krw,
            r.spent_krw,
            r.unspent_krw,
            r.carried_over_krw,
            r.lapsed_krw,
            r.execution_rate,
        )
        for r in extract_generic(text, kind=kind).records
        if isinstance(r, BudgetStatement)
    ]


def test_measure_words_before_figures_with_three_level_amounts() -> None:
    text = "2019회계연도 총무과 소관 세출예산 집행내역은 총 예산현액은 12억 3456만 7000원 중 지출액은 11억 2345만 6000원이고 집행잔액은 1억 1111만 1000원으로 집행률은 91.0%입니다."
    assert _statements(text) == [
        ("총무과 소관", 1_234_567_000, None, 1_123_456_000, 111_111_000, None, None, 0.91)
    ]


def test_verbs_after_figures_and_words_before_them() -> None:
    text = (
        "정보과는 예산현액 20억 원 중 15억 원을 집행하여 75.0%의 집행률을 보였고, 이월액 3억 원과 불용액 2억 원이 생겼습니다.\n"
        "가 사업은 8억 원을 지출하였고 남은 5,000만 원은 불용 처리하였습니다.\n"
        "나 사업은 예산 6억 원 중 5억 원을 원인행위하였고 지출은 4억 원으로 집행률 66.7%입니다.\n"
        "다 사업은 예산 2억 원이 잡혀 있으나 아직 집행 실적이 없습니다.\n"
    )
    assert _statements(text) == [
        ("정보과", 2_000_000_000, None, 1_500_000_000, None, 300_000_000, 200_000_000, 0.75),
        ("가 사업", None, None, 800_000_000, 50_000_000, None, 50_000_000, None),
        ("나 사업", 600_000_000, 500_000_000, 400_000_000, None, None, None, 0.667),
        ("다 사업", 200_000_000, None, 0, None, None, None, None),
    ]


def test_a_statement_goes_on_in_the_next_sentence_and_an_announced_program_is_its_subject() -> None:
    text = (
        "일반회계는 예산현액 100억 원 가운데 90억 원을 지출해 집행률 90.0%를 기록하였습니다. 쓰지 못한 10억 원 가운데 7억 원은 이월하였고 3억 원은 불용 처리하였습니다.\n"
        "첫째, 행정망 고도화 사업입니다. 예산액 5억 원 중 4억 원을 지급하여 집행률은 80.0%입니다.\n"
    )
    assert _statements(text) == [
        ("일반회계", 10_000_000_000, None, 9_000_000_000, 1_000_000_000, 700_000_000, 300_000_000, 0.9),
        ("행정망 고도화", 500_000_000, None, 400_000_000, None, None, None, 0.8),
    ]


def test_questions_bases_other_years_and_revenue_are_not_statements() -> None:
    text = (
        "○박민수 위원  가 사업 불용이 3억이 넘습니다. 이유가 뭡니까?\n"
        "  작년에는 집행액이 5억 원이었는데 올해는 왜 줄었습니까?\n"
        "○정보과장 이하늘  세입은 예산현액 2억 원에 수납액 2억 1,000만 원입니다.\n"
        "  ※ ’22년 최종예산 30억 원 대비 2억 원 증가\n"
        "  정보과 예산 집행액은 12억 원이고 집행잔액은 1억 원입니다.\n"
    )
    assert _statements(text) == [("정보과", None, None, 1_200_000_000, 100_000_000, None, None, None)]


def test_a_budget_alone_is_a_statement_in_minutes_but_a_plan_figure_in_news() -> None:
    text = "끝으로 와이파이 유지관리 사업은 예산 2억 3,100만 원 중 회선료를 달마다 지급하고 있습니다."
    assert _statements(text) == [("와이파이 유지관리 사업", 231_000_000, None, None, None, None, None, None)]
    assert _statements(text, kind="news") == []


def _audit(text: str) -> list[tuple]:
    return [
        (r.kind, r.total, r.completed, r.in_progress, r.under_review, r.not_reflected)
        for r in extract_generic(text).records
        if isinstance(r, AuditSummary)
    ]


def test_audit_counts_by_kind_with_a_total_and_per_committee() -> None:
    text = (
        "예시구의회는 2023년도 행정사무감사 결과 시정요구 10건, 처리요구 5건, 건의 20건 등 모두 35건을 요구했다.\n"
        "상임위별로는 A위원회가 시정요구 4건, 건의 6건 등 10건을, B위원회가 시정요구 6건, 처리요구 5건, 건의 14건 등 25건을 지적했다.\n"
        "지난해(30건)보다 5건 늘었다.\n"
    )
    assert _audit(text) == [
        ("시정요구", 10, None, None, None, None),
        ("처리요구", 5, None, None, None, None),
        ("건의사항", 20, None, None, None, None),
        ("계", 35, None, None, None, None),
        ("시정요구", 4, None, None, None, None),
        ("건의사항", 6, None, None, None, None),
        ("계", 10, None, None, None, None),
        ("시정요구", 6, None, None, None, None),
        ("건의사항", 14, None, None, None, None),
        ("계", 25, None, None, None, None),
    ]


def test_audit_follow_up_by_status_per_kind_and_in_the_next_line() -> None:
    text = (
        "2022년도 행정사무감사 처리결과\n"
        "□ 총 괄 : 12건 (시정·처리요구 5건, 건의사항 7건)\n"
        "□ 처리현황 : 완료 9건, 추진중 2건, 미반영 1건\n"
        " - 시정·처리요구 5건 : 완료 5건\n"
        " - 건의사항 7건 : 완료 4건, 추진중 2건, 미반영 1건\n"
        "○ 문의 : 기획과 (02-123-4567)\n"
    )
    assert _audit(text) == [
        ("시정·처리요구사항", 5, 5, None, None, None),
        ("건의사항", 7, 4, 2, None, 1),
        ("계", 12, 9, 2, None, 1),
    ]


def test_status_counts_outside_an_audit_are_not_audit_counts() -> None:
    assert _audit("공공 와이파이 설치 완료 12건, 추진중 3건으로 순조롭다.") == []


@pytest.mark.parametrize(
    ("counter", "after", "expected"),
    [
        ("건", " 정보화 사업", True),
        ("개", "(1302억원)", True),
        ("개", " 총 2306억원", True),
        ("개", " 사업(342억 원)", True),
        ("개", "에 이르는 사업", True),
        ("개", " 자치구 437개", False),
        ("개", " 기관이 참여", False),
        ("개", " 중점과제를", False),
        ("명", "이 참석", False),
    ],
)
def test_which_counts_count_projects(counter: str, after: str, expected: bool) -> None:
    assert is_project_count(counter, after) is expected


def test_normalise_keeps_one_line_one_line_and_one_spelling() -> None:
    assert normalise_line("자치구?공기업 55.5%") == "자치구·공기업 55.5%"
    assert normalise_line("?? 추진근거") == "○ 추진근거"
    assert normalise_line("투자‧출연기관 ２０２４년 ５０％") == "투자·출연기관 2024년 50%"
    assert normalise_line("증감 $\\triangle 1,520$") == "증감 △1,520"
    assert normalise_line("Ⅰ. 일 반 현 황") == "Ⅰ. 일반현황"
    assert normalise_line("투자‧출연기관", dots=False) == "투자‧출연기관"


def test_the_fiscal_year_comes_from_the_title_block_not_the_years_compared_with() -> None:
    lines = [
        "2018회계연도 세입·세출 결산 검토보고서",
        "",
        "○ 2017회계연도의 81.6%보다 나아졌고 2017회계연도에도 이월",
    ]
    assert document_fiscal_year(lines, date(2019, 6, 1)) == 2018
    assert (
        document_fiscal_year(["행정자치위원회 주요업무보고", "2021. 10.", "2022년도 본예산 편성"], None)
        == 2021
    )
    assert document_fiscal_year(["아무 연도 없음"], date(2020, 5, 1)) == 2020


def test_regions_from_councils_city_halls_and_localities() -> None:
    assert document_region(["제262회 대전광역시의회 임시회"]) == "대전광역시"
    assert document_region(["수원시의회 기획경제위원회"]) == "경기도"
    assert locality_mentions("성동구청은") == [(0, "성동구", "서울특별시")]
    assert locality_mentions("중구청") == []  # a name several regions share says nothing alone
    assert as_of_date("(’22. 7. 1. 기준, 단위: 명)", None) == "2022-07-01"
    assert as_of_date("9월 말 기준", 2020) == "2020-09"


def test_a_split_s_dimension_from_its_labels() -> None:
    assert guess_dimension(["서울", "부산", "대구"]) == "region"
    assert guess_dimension(["시스템 구축", "유지관리", "DB 구축"]) == "type"
    assert guess_dimension(["중앙행정기관", "지자체"]) == "institution"
    assert guess_dimension(["빅데이터", "클라우드"]) == "category"


def test_every_kind_gets_the_generic_layer_and_unknown_kinds_are_refused() -> None:
    text = "정보과 예산 집행액은 12억 원이고 집행잔액은 1억 원입니다."
    for kind in ("news", "work_report", "council_minutes", "review_report", "budget_table"):
        ex = extract_document(text, kind, strict=True)
        assert [r.type for r in ex.records] == ["budget_statement"], kind
    assert extract_document(text, "poem").rejected == "no extractor for kind 'poem'"
