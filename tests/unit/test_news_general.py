"""The news extractor on articles written for the tests: other years, cities, orderings and units.

The fixtures (tests/fixtures/news/*.txt) are written in the style of the seeds but are not copies:
amounts before counts and counts before amounts, `1천45건`, `3213억원`, `약 3천억 원`, multi-city
articles with `■부산시` and `[인천시]` markers, a headline that contradicts the body, and texts with
nothing to extract.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orchestration.extract.lexicons import canonical_region, regions
from orchestration.extract.news import canonical_label, extract_news
from orchestration.extract.records import (
    Extraction,
    MultiYearPlan,
    NamedProgram,
    OrgBudget,
    PlanBreakdown,
    PlanTotal,
    SourceFinding,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "news"
EOK = 100_000_000
MAN = 10_000


def _run(name: str, published_on: date | None = None, region: str | None = None) -> Extraction:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_news(text, doc_id=name, published_on=published_on, region=region)


def _of(ex: Extraction, cls) -> list:
    return [r for r in ex.records if isinstance(r, cls)]


def _dim(ex: Extraction, dimension: str) -> list[PlanBreakdown]:
    return sorted((r for r in _of(ex, PlanBreakdown) if r.dimension == dimension), key=lambda r: r.ordinal)


def _covered(ex: Extraction) -> None:
    assert ex.uncovered_figure_lines() == []


# --- orderings and numerals ----------------------------------------------------------------------


def test_amount_before_count_with_growth_and_jobs() -> None:
    ex = _run("busan_2019_amount_first.txt", date(2019, 1, 28))
    (total,) = _of(ex, PlanTotal)
    assert (total.region, total.fiscal_year, total.scope) == ("부산광역시", 2019, "all")
    assert (total.projects, total.amount_krw) == (1045, 321_300_000_000)
    # `지난해보다 244억 원(8.2%) 증가`: the amount is the change, so the prior year is 2,969억
    assert total.prior_year_amount_krw == 296_900_000_000
    assert total.growth_rate == pytest.approx(0.082)
    assert total.jobs == 2100
    inst = _dim(ex, "institution")
    assert [(b.label, b.label_raw, b.amount_krw // EOK, b.projects) for b in inst] == [
        ("본청", "본청", 1820, 410),
        ("군구", "16개 구·군", 903, 480),
        ("공사공단", "공사·공단", 490, 155),
    ]
    assert all(b.is_exhaustive for b in inst)
    types = _dim(ex, "type")
    assert [b.label for b in types] == ["시스템구축", "유지관리", "ISP/컨설팅"]
    assert not any(b.is_exhaustive for b in types)  # the list ends in 등
    halves = _dim(ex, "quarter")
    assert [(b.label, b.projects, b.share) for b in halves] == [
        ("상반기", 612, 0.586),
        ("하반기", 433, 0.414),
    ]
    assert all(b.is_exhaustive for b in halves)  # 612 + 433 = 1,045
    _covered(ex)


def test_amount_before_count_furniture_and_related_articles_ignored() -> None:
    ex = _run("busan_2019_amount_first.txt", date(2019, 1, 28))
    lines = (FIXTURES / "busan_2019_amount_first.txt").read_text(encoding="utf-8").splitlines()
    related = next(n for n, line in enumerate(lines, start=1) if "2,969억 원 발표" in line)
    assert all(r.line_end < related for r in ex.records)
    programs = {p.name: p for p in _of(ex, NamedProgram)}
    assert programs["부산 스마트시티 통합플랫폼 구축"].amount_krw == 45 * EOK
    assert programs["노후 행정망 교체"].amount_krw == 32 * EOK + 5000 * MAN
    its = programs["지능형 교통정보시스템 고도화"]
    assert (its.amount_krw, its.organization, its.period) == (27 * EOK, "교통정보과", "2019-03~2019-12")


def test_count_before_amount_in_parentheses_and_scope_of_a_split() -> None:
    ex = _run("gwangju_2020_counts_first.txt", date(2020, 1, 15))
    totals = {t.scope: t for t in _of(ex, PlanTotal)}
    assert (totals["all"].projects, totals["all"].amount_krw) == (1045, 321_300_000_000)
    assert (totals["smart_city"].projects, totals["smart_city"].amount_krw) == (210, 112_000_000_000)
    assert {t.region for t in totals.values()} == {"광주광역시"}
    cats = _dim(ex, "category")
    assert [(c.label, c.projects, c.amount_krw // EOK) for c in cats] == [
        ("인공지능", 80, 520),
        ("빅데이터", 70, 400),
        ("사물인터넷", 60, 200),
    ]
    # `분야별로는` names no scope; the parts add up to the smart-city total, so they belong to it
    assert all(c.scope == "smart_city" and c.is_exhaustive for c in cats)
    (program,) = _of(ex, NamedProgram)
    assert (program.name, program.amount_krw) == ("광주형 AI 행정서비스 2단계", 38 * EOK)
    _covered(ex)


def test_korean_numerals_without_commas() -> None:
    ex = _run("daegu_2022_korean_numerals.txt", date(2022, 1, 20))
    (total,) = _of(ex, PlanTotal)
    assert (total.projects, total.amount_krw, total.fiscal_year) == (1045, 321_300_000_000, 2022)
    assert total.growth_rate == pytest.approx(0.055)
    assert total.prior_year_amount_krw is None  # only the rate is stated
    assert total.jobs == 1200
    programs = {p.name: p for p in _of(ex, NamedProgram)}
    assert (
        programs["대구 디지털트윈 플랫폼"].amount_krw,
        programs["대구 디지털트윈 플랫폼"].organization,
    ) == (
        150_000_000,
        "정보화담당관",
    )
    assert programs["시민 정보화 교육"].amount_krw == 80_000_000
    _covered(ex)


def test_approximate_total_and_program() -> None:
    ex = _run("chungnam_approx.txt", date(2021, 2, 3))
    (total,) = _of(ex, PlanTotal)
    assert (total.region, total.amount_krw, total.approximate, total.projects) == (
        "충청남도",
        300_000_000_000,
        True,
        None,
    )
    (program,) = _of(ex, NamedProgram)
    assert (program.amount_krw, program.approximate) == (5 * EOK, True)
    assert "전산센터" in program.name


# --- regions -------------------------------------------------------------------------------------


def test_multi_city_article_with_square_markers() -> None:
    ex = _run("multi_city_2024.txt", date(2024, 1, 5))
    totals = {t.region: t for t in _of(ex, PlanTotal)}
    assert {r: (t.projects, t.amount_krw // EOK) for r, t in totals.items()} == {
        "부산광역시": (820, 2450),
        "대구광역시": (540, 1380),
        "울산광역시": (310, 780),
    }
    programs = {p.region: p for p in _of(ex, NamedProgram)}
    assert (programs["부산광역시"].name, programs["부산광역시"].amount_krw) == (
        "부산 데이터 허브 구축",
        30 * EOK,
    )
    daegu = programs["대구광역시"]
    assert (daegu.name, daegu.amount_krw, daegu.organization) == (
        "스마트 민원 안내시스템",
        12 * EOK + 3000 * MAN,
        "민원봉사과",
    )
    assert programs["울산광역시"].amount_krw == 9 * EOK
    assert {r.fiscal_year for r in ex.records} == {2024}
    _covered(ex)


def test_bracket_sections_and_plan_total_stated_as_a_budget() -> None:
    ex = _run("incheon_bracket_sections.txt", date(2018, 1, 12))
    totals = {t.region: t for t in _of(ex, PlanTotal)}
    assert totals["인천광역시"].amount_krw == 1120 * EOK
    assert totals["인천광역시"].growth_rate == pytest.approx(0.041)
    assert totals["경기도"].amount_krw == 2410 * EOK
    assert not _of(ex, OrgBudget)  # `인천시의 … 예산은` is the region's plan, not an office's budget
    types = _dim(ex, "type")
    assert [(b.region, b.label, b.projects) for b in types] == [
        ("인천광역시", "시스템구축", 60),
        ("인천광역시", "S/W개발", 45),
    ]
    assert not any(b.is_exhaustive for b in types)
    (program,) = _of(ex, NamedProgram)
    assert (program.region, program.amount_krw, program.organization) == ("경기도", 44 * EOK, "정보통신과")
    assert {r.fiscal_year for r in ex.records} == {2018}


def test_region_parameter_wins_and_is_canonical() -> None:
    ex = _run("gwangju_2020_counts_first.txt", date(2020, 1, 15), region="광주시")
    assert {r.region for r in ex.records} == {"광주광역시"}


def test_region_table() -> None:
    assert canonical_region("서울시") == canonical_region("서울") == "서울특별시"
    assert canonical_region("경기") == "경기도"
    assert canonical_region("인천시") == "인천광역시"
    assert canonical_region("제주도") == "제주특별자치도"
    assert canonical_region("아무데나") is None
    assert len(regions()) == 17


# --- findings, multi-year plans, labels ----------------------------------------------------------


def test_headline_contradicting_body() -> None:
    ex = _run("daejeon_headline_contradiction.txt", date(2024, 1, 10))
    (total,) = _of(ex, PlanTotal)
    assert (total.projects, total.amount_krw) == (612, 182 * EOK)
    assert total.prior_year_amount_krw == 177 * EOK
    (finding,) = _of(ex, SourceFinding)
    assert finding.rule == "headline_contradicts_body"
    assert (finding.stated, finding.computed) == (1820 * EOK, 182 * EOK)
    assert finding.lines == (1, 4)
    inst = _dim(ex, "institution")
    assert [b.label for b in inst] == ["본청", "자치구"]
    assert all(b.is_exhaustive for b in inst)


def test_multi_year_plan_with_jo_amount() -> None:
    ex = _run("seoul_2025_multi_year.txt", date(2025, 3, 1))
    (plan,) = _of(ex, MultiYearPlan)
    assert plan.amount_krw == 1_200_000_000_000
    assert (plan.start_year, plan.end_year, plan.strategies, plan.tasks) == (2025, 2029, 3, 27)
    assert plan.name == "서울 디지털시민도시 기본계획"
    assert plan.region == "서울특별시"
    assert not _of(ex, PlanTotal)  # a five-year amount is not a yearly plan
    targets = next(n for n, reason in ex.skipped.items() if "count" in reason)
    assert targets == 5


@pytest.mark.parametrize(
    ("dimension", "raw", "label"),
    [
        ("institution", "25개 자치구", "자치구"),
        ("institution", "투자‧출연기관", "투자출연기관"),
        ("institution", "투자·출연기관", "투자출연기관"),
        ("institution", "투자출연기관", "투자출연기관"),
        ("institution", "서울시", "서울시"),
        ("institution", "서울시(본청, 사업소 등)", "서울시"),
        ("category", "와이파이(WiFi)", "와이파이"),
        ("category", "사물인터넷(IoT)", "사물인터넷"),
        ("category", "인공지능(AI)", "인공지능"),
        ("category", "스마트팜(Smart Farm)", "스마트팜"),
        ("type", "HW 및 SW 도입 ", "HW 및 SW 도입"),
        ("type", "시스템 구축", "시스템구축"),
        ("type", "S/W개발", "S/W개발"),
        ("quarter", "3분기 이후", "3분기 이후"),
    ],
)
def test_canonical_labels(dimension: str, raw: str, label: str) -> None:
    assert canonical_label(dimension, raw) == label


# --- nothing to extract --------------------------------------------------------------------------


def test_article_with_nothing_recognisable_is_rejected_with_a_reason() -> None:
    ex = _run("no_figures_sports.txt", date(2024, 3, 24))
    assert ex.records == []
    assert ex.rejected == "no plan figures recognised"
    assert ex.kind == "news"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\ufeff"])
def test_empty_text_is_rejected(text: str) -> None:
    ex = extract_news(text)
    assert ex.records == [] and ex.rejected


@pytest.mark.parametrize(
    "text",
    [
        "1억",
        "(((",
        "▲▲▲ △ ■서울시",
        "정보화사업 건 억원",
        "서울시는 올해 정보화사업에",
        "기관별로는 ▴ ▴ ▴ 등이다.",
        "◇서울시\n◇경기도\n",
        "$\\triangle 1,520,723$ 천원",
    ],
)
def test_odd_texts_never_raise(text: str) -> None:
    # strict: an exception raises here instead of coming back as the document's error
    ex = extract_news(text, published_on=date(2024, 1, 1), strict=True)
    assert isinstance(ex, Extraction)
    assert not ex.errors
    assert ex.records or ex.rejected


def test_an_extractor_bug_is_an_error_not_a_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug must not pass for a document with no figures: it comes back in `errors` (the
    document is then quarantined), and strict mode raises it."""
    from orchestration.extract import extract_document, news

    def broken(text: str, **kw: object) -> Extraction:
        raise ValueError("boom")

    monkeypatch.setattr(news, "_extract", broken)
    ex = extract_news("서울시는 올해 정보화사업에 100억원을 투입한다.")
    assert ex.errors == ["news extractor failed: ValueError: boom"] and ex.rejected is None
    whole = extract_document("서울시는 올해 정보화사업에 100억원을 투입한다.", "news")
    assert whole.errors and whole.rejected is None
    with pytest.raises(ValueError, match="boom"):
        extract_news("서울시는 올해 정보화사업에 100억원을 투입한다.", strict=True)


def test_inline_article_in_both_orders() -> None:
    base = "서울시는 올해 정보화사업 {x}을 추진한다고 밝혔다. 분야별 세부 내용은 추후 공개한다."
    for x in ("1,045건(3,213억 원)", "3,213억 원(1,045건)", "1천45건(3213억원)"):
        ex = extract_news(base.format(x=x), published_on=date(2021, 1, 5))
        (total,) = _of(ex, PlanTotal)
        assert (total.projects, total.amount_krw, total.fiscal_year) == (1045, 321_300_000_000, 2021)
        assert total.region == "서울특별시"


# --- bulleted program items (found by the synthetic-corpus benchmark) ------------------------------


@pytest.mark.parametrize(
    ("item", "name"),
    [
        # the words before the parentheses end in syllables that are also particles (서, 이, 인, 도):
        # inside a bulleted item they are nouns, and the whole item is the name
        ("AI 기반 전자문서 구축 운영", "AI 기반 전자문서 구축 운영"),
        ("공공와이파이 노후장비 교체", "공공와이파이 노후장비 교체"),
        ("블록체인 기반 지도정보 구축", "블록체인 기반 지도정보 구축"),
        ("사물인터넷 센서 고도화", "사물인터넷 센서 고도화"),
        ("빅데이터 기반 상수도 관리 시스템 구축", "빅데이터 기반 상수도 관리 시스템 구축"),
        ("세무종합시스템 노후장비 교체 및 증설 사업", "세무종합시스템 노후장비 교체 및 증설"),
    ],
)
def test_single_bulleted_program_keeps_its_whole_name(item: str, name: str) -> None:
    text = f"이밖에 각 부서에서 △{item}(54억8900만원, 세무과) 등 정보화 사업을 진행한다."
    ex = extract_news(text, published_on=date(2021, 1, 5), region="광주광역시")
    (prog,) = _of(ex, NamedProgram)
    assert (prog.name, prog.amount_krw, prog.organization) == (name, 5_489_000_000, "세무과")
    assert prog.region == "광주광역시" and prog.fiscal_year == 2021


def test_bulleted_programs_with_a_note_attached_to_the_name() -> None:
    text = (
        "각 부서에서 △대기환경 모니터링 플랫폼 고도화(시민참여)(254억원, 정보공개정책과) "
        "△스마트 주차정보 시스템 구축(12억3000만원, 교통정책과) 등 정보화 사업을 진행한다."
    )
    ex = extract_news(text, published_on=date(2014, 1, 5), region="부산광역시")
    got = sorted((p.name, p.amount_krw, p.organization) for p in _of(ex, NamedProgram))
    assert got == [
        ("대기환경 모니터링 플랫폼 고도화(시민참여)", 25_400_000_000, "정보공개정책과"),
        ("스마트 주차정보 시스템 구축", 1_230_000_000, "교통정책과"),
    ]
    # one bulleted item with a note, alone in its sentence
    ex = extract_news(
        "이밖에 △평생학습 서비스 확대(시민참여)(269억원, 기록관리과) 등을 진행한다.",
        published_on=date(2014, 1, 5),
        region="전라남도",
    )
    (prog,) = _of(ex, NamedProgram)
    assert (prog.name, prog.amount_krw) == ("평생학습 서비스 확대(시민참여)", 26_900_000_000)


def test_headline_repeated_above_a_photo_is_still_the_headline() -> None:
    # print layout: the headline is printed again as the caption of the photo inside the body; its
    # typo (390억 for 3,900억) is one finding about both copies, never a second plan total
    text = "\n".join(
        [
            "경북도, 올해 정보화분야 390억 투자… '인공지능' 집중 투자",
            "",
            "관련 통계자료 다운로드 경북도, 올해 정보화분야 390억 투자… '인공지능' 집중 투자",
            "",
            "경북도는 2013년 정보화사업 예산으로 3,900억 원(1,536건)을 편성했다고 밝혔다.",
            "",
            "경북도, 올해 정보화분야 390억 투자… '인공지능' 집중 투자",
            "Photo Image",
            "",
            "기관별 규모는 ▴경북도 3,227억 원(1,123건) ▴22개 시·군 359억 원(318건) ▴투자·출연기관 314억 원(95건)이다.",
        ]
    )
    ex = extract_news(text, published_on=date(2013, 2, 1), region="경상북도")
    (total,) = _of(ex, PlanTotal)
    assert (total.projects, total.amount_krw, total.fiscal_year) == (1536, 390_000_000_000, 2013)
    (finding,) = _of(ex, SourceFinding)
    assert finding.rule == "headline_contradicts_body"
    assert (finding.stated, finding.computed) == (39_000_000_000, 390_000_000_000)
    assert finding.lines == (1, 7, 5)
    assert [b.label for b in _dim(ex, "institution")] == ["경북도", "시군", "투자출연기관"]
    _covered(ex)
