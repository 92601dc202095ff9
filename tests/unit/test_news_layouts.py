"""News layouts met in real articles beyond the seeds (our own sentences and figures)."""

from __future__ import annotations

from datetime import date

from orchestration.extract import extract_document
from orchestration.extract.amounts import parse_korean_amount
from orchestration.extract.records import NamedProgram, PlanBreakdown, PlanTotal

EOK = 100_000_000


def _news(text: str, published: date = date(2024, 2, 1)):
    return extract_document(text, "news", published_on=published, strict=True)


def _parts(ex) -> list[tuple]:
    return [
        (r.dimension, r.label_raw, r.projects, r.amount_krw)
        for r in ex.records
        if isinstance(r, PlanBreakdown)
    ]


def test_counts_in_gae_and_a_list_one_item_a_line_without_bullets() -> None:
    ex = _news(
        "예시도, 정보화사업 300개 사업 900억 원 편성\n\n"
        "예시도는 올해 정보화사업 예산으로 900억 원(300개 사업)을 편성했다고 밝혔다.\n\n"
        "<기관별 투자 규모>\n도 본청(100개사업 600억 원)\n14개 시·군(200개사업 300억 원) 등\n"
    )
    total = next(r for r in ex.records if isinstance(r, PlanTotal))
    assert (total.projects, total.amount_krw) == (300, 900 * EOK)
    assert _parts(ex) == [
        ("institution", "도 본청", 100, 600 * EOK),
        ("institution", "14개 시·군", 200, 300 * EOK),
    ]
    assert all(r.is_exhaustive for r in ex.records if isinstance(r, PlanBreakdown))


def test_a_photo_caption_does_not_end_the_article() -> None:
    ex = _news(
        "예시시 정보화사업 50건 100억원\n\n예시시는 올해 정보화사업 50건에 100억원을 투입한다고 밝혔다.\n\n"
        "지난해 열린 정보화사업 설명회 모습. ⓒ예시일보 DB\n\n"
        "유형별로는 ▲시스템 구축 20건(60억원) ▲유지관리 30건(40억원)이다.\n"
    )
    assert _parts(ex) == [("type", "시스템 구축", 20, 60 * EOK), ("type", "유지관리", 30, 40 * EOK)]


def test_a_region_list_ranked_and_the_examples_inside_labels() -> None:
    ex = _news(
        "[이슈] 전국 지자체 정보화사업\n\n올해 전국 지방자치단체 정보화사업은 총 900개로 300억원 규모다.\n\n"
        "시·도별로는 ▲서울특별시 120억원·300개 ▲부산광역시 100억원·350개 ▲대구광역시 80억원·250개 순이다.\n\n"
        "분야별로는 ▦안전 분야 '도시 CCTV 고도화' 등 3개(10억원) ▦교통 분야 '버스정보 개선' 등 4개(20억원) 등이다.\n"
    )
    assert _parts(ex)[:3] == [
        ("region", "서울특별시", 300, 120 * EOK),
        ("region", "부산광역시", 350, 100 * EOK),
        ("region", "대구광역시", 250, 80 * EOK),
    ]
    assert ex.region == "전국"
    assert ("category", "안전 분야", 3, 10 * EOK) in _parts(ex)


def test_programs_in_an_enumeration_without_a_closing_verb() -> None:
    ex = _news(
        "예시도 정보화 시행계획\n\n예시도는 올해 80개 정보화 사업에 총 500억원을 투입한다고 밝혔다.\n"
        "안전 분야에는 재난 관제 플랫폼 구축에 30억원, 하천 수위 감시망 확충에 12억원 등 20개 사업에 90억원으로 편성됐다.\n"
    )
    names = {(r.name, r.amount_krw) for r in ex.records if isinstance(r, NamedProgram)}
    assert {("재난 관제 플랫폼 구축", 30 * EOK), ("하천 수위 감시망 확충", 12 * EOK)} <= names


def test_the_stated_change_of_the_plan_and_a_rounded_lead() -> None:
    ex = _news(
        "예시시 정보화 682억\n\n예시시가 올해 정보화 사업에 682억원을 투자한다.\n\n"
        "시는 올해 682억300만원을 들여 80개 정보화 사업을 벌인다. 지난해 612억원보다 70억300만원(11.4%) 늘어난 규모다.\n"
    )
    totals = [r for r in ex.records if isinstance(r, PlanTotal)]
    assert len(totals) == 1
    t = totals[0]
    assert (t.projects, t.amount_krw, t.prior_year_amount_krw) == (80, 68_203_000_000, 612 * EOK)
    assert (t.amount_change_krw, t.growth_rate) == (7_003_000_000, 0.114)


def test_thresholds_are_not_amounts_and_next_years_plan() -> None:
    ex = _news(
        "예시도 새해 정보화 사업 1000억\n\n예시도가 새해 정보화 사업에 1000억원을 투입한다. "
        "사업비 5억원 이상 사업 40건은 발주 일정을 미리 공개한다.\n",
        published=date(2023, 12, 20),
    )
    total = next(r for r in ex.records if isinstance(r, PlanTotal))
    assert (total.amount_krw, total.fiscal_year, total.projects) == (1000 * EOK, 2024, None)


def test_amounts_with_a_space_between_places() -> None:
    assert parse_korean_amount("5,893억 1천 9백만원").krw == 589_319_000_000  # type: ignore[union-attr]
    assert parse_korean_amount("106억 5천 4백만원").krw == 10_654_000_000  # type: ignore[union-attr]
