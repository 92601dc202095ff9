"""The news extractor on the four news seeds: exact values (issue 3)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from orchestration.extract.news import NEWS_EXTRACTOR_VERSION, extract_news
from orchestration.extract.records import (
    Extraction,
    MultiYearPlan,
    NamedProgram,
    OrgBudget,
    PlanBreakdown,
    PlanTotal,
    SourceFinding,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"
EOK = 100_000_000
MAN = 10_000


def _seed(prefix: str) -> tuple[str, dict]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), meta


def _extract(prefix: str, *, with_meta: bool = True) -> tuple[Extraction, list[str]]:
    text, meta = _seed(prefix)
    kwargs = {}
    if with_meta:
        kwargs = {
            "published_on": date.fromisoformat(meta["published_on"]),
            "region": meta["region"],
        }
    return extract_news(text, doc_id=f"doc{prefix}", **kwargs), text.splitlines()


def _of(ex: Extraction, cls):
    return [r for r in ex.records if isinstance(r, cls)]


def _breakdowns(ex: Extraction, dimension: str) -> list[PlanBreakdown]:
    return sorted((r for r in _of(ex, PlanBreakdown) if r.dimension == dimension), key=lambda r: r.ordinal)


@pytest.fixture(scope="module")
def ex2021() -> tuple[Extraction, list[str]]:
    return _extract("000")


@pytest.fixture(scope="module")
def ex2023() -> tuple[Extraction, list[str]]:
    return _extract("001")


@pytest.fixture(scope="module")
def ex2013() -> tuple[Extraction, list[str]]:
    return _extract("002")


@pytest.fixture(scope="module")
def ex2016() -> tuple[Extraction, list[str]]:
    return _extract("003")


# --- provenance on every record ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_every_record_has_provenance(prefix: str) -> None:
    ex, lines = _extract(prefix)
    assert ex.rejected is None and ex.records
    for r in ex.records:
        assert r.doc_id == f"doc{prefix}"
        assert r.extractor == "news"
        assert r.extractor_version == NEWS_EXTRACTOR_VERSION
        assert 1 <= r.line_start <= r.line_end <= len(lines)
        assert r.source_text
        for chunk in r.source_text.split("\n"):
            assert chunk in lines[r.line_start - 1 : r.line_end]
        d = r.to_dict()
        assert {"type", "line_start", "line_end", "source_text"} <= set(d)
        json.dumps(d)  # plain JSON: numbers, strings, lists, null


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_every_figure_line_is_consumed_or_skipped(prefix: str) -> None:
    ex, _ = _extract(prefix)
    assert ex.figure_lines
    assert ex.uncovered_figure_lines() == []
    assert all(reason for reason in ex.skipped.values())


# --- 2021 Seoul ----------------------------------------------------------------------------------


def test_2021_totals(ex2021) -> None:
    ex, lines = ex2021
    totals = {t.scope: t for t in _of(ex, PlanTotal)}
    assert set(totals) == {"all", "smart_city"}
    all_ = totals["all"]
    assert (all_.region, all_.fiscal_year, all_.projects, all_.amount_krw) == (
        "서울특별시",
        2021,
        1045,
        321_300_000_000,
    )
    assert all_.jobs == 3245
    assert all_.prior_year_amount_krw is None and all_.growth_rate is None
    assert all_.line_start == 12 and "1,045건" in lines[all_.line_start - 1]
    smart = totals["smart_city"]
    assert (smart.projects, smart.amount_krw, smart.fiscal_year) == (220, 126_300_000_000, 2021)


def test_2021_categories(ex2021) -> None:
    ex, _ = ex2021
    cats = _breakdowns(ex, "category")
    assert [(c.label, c.projects, c.amount_krw // EOK) for c in cats] == [
        ("CCTV", 69, 316),
        ("와이파이", 8, 241),
        ("사물인터넷", 30, 234),
        ("GIS", 15, 122),
        ("비대면", 30, 117),
        ("빅데이터", 26, 99),
        ("클라우드", 2, 65),
        ("모바일", 24, 31),
        ("인공지능", 13, 31),
        ("블록체인", 3, 7),
    ]
    assert all(c.amount_krw % EOK == 0 for c in cats)
    assert [c.label_raw for c in cats][:3] == ["CCTV", "와이파이(WiFi)", "사물인터넷(IoT)"]
    assert all(c.scope == "smart_city" and c.is_exhaustive for c in cats)
    assert sum(c.projects for c in cats) == 220
    assert sum(c.amount_krw for c in cats) == 126_300_000_000
    assert all(c.share is None and c.line_start == 14 for c in cats)


def test_2021_institutions_types_quarters(ex2021) -> None:
    ex, _ = ex2021
    inst = _breakdowns(ex, "institution")
    assert [(b.label, b.label_raw, b.projects, b.amount_krw) for b in inst] == [
        ("서울시", "서울시", 355, 156_200_000_000),
        ("자치구", "25개 자치구", 532, 90_200_000_000),
        ("투자출연기관", "투자‧출연기관", 158, 74_900_000_000),
    ]
    assert all(b.is_exhaustive and b.scope == "all" for b in inst)
    types = _breakdowns(ex, "type")
    assert [(b.label, b.projects, b.amount_krw) for b in types] == [
        ("시스템구축", 72, 56_800_000_000),
        ("전산장비 및 솔루션 도입", 166, 73_400_000_000),
        ("S/W개발", 65, 17_000_000_000),
    ]
    assert not any(b.is_exhaustive for b in types)
    quarters = _breakdowns(ex, "quarter")
    assert [(b.label, b.projects, b.amount_krw, b.share) for b in quarters] == [
        ("1분기", 476, None, 0.46),
        ("2분기", 108, None, 0.10),
        ("3분기 이후", 29, None, 0.03),
    ]
    assert not any(b.is_exhaustive for b in quarters)
    assert all(b.region == "서울특별시" and b.fiscal_year == 2021 for b in inst + types + quarters)


def test_2021_furniture_and_skips(ex2021) -> None:
    ex, lines = ex2021
    consumed = ex.consumed_lines()
    for n, line in enumerate(lines, start=1):
        if any(k in line for k in ("저작권자", "기자의 다른기사", "댓글", "Back to Top", "HOME")):
            assert n not in consumed and n not in ex.figure_lines
    # the 6,790 Wi-Fi units are a target count, not money
    wifi_line = next(n for n, line in enumerate(lines, start=1) if "6,790대" in line)
    assert "count" in ex.skipped[wifi_line]


# --- 2023 Seoul ----------------------------------------------------------------------------------


def test_2023_total_and_prior_year(ex2023) -> None:
    ex, _ = ex2023
    (total,) = _of(ex, PlanTotal)
    assert (total.region, total.fiscal_year, total.scope) == ("서울특별시", 2023, "all")
    assert (total.projects, total.amount_krw) == (1431, 370_300_000_000)
    assert total.prior_year_amount_krw == 345_900_000_000
    assert total.growth_rate == pytest.approx(0.07)
    assert total.line_start == 22


def test_2023_breakdowns(ex2023) -> None:
    ex, _ = ex2023
    inst = _breakdowns(ex, "institution")
    assert [(b.label, b.amount_krw // EOK, b.projects) for b in inst] == [
        ("서울시", 2151, 422),
        ("자치구", 1113, 857),
        ("투자출연기관", 439, 152),
    ]
    assert all(b.is_exhaustive for b in inst)
    types = _breakdowns(ex, "type")
    assert [(b.label, b.amount_krw // EOK, b.projects) for b in types] == [
        ("시스템구축", 550, 95),
        ("HW 및 SW 도입", 840, 193),
        ("S/W개발", 236, 84),
    ]
    assert not any(b.is_exhaustive for b in types)


def test_2023_named_programs(ex2023) -> None:
    ex, _ = ex2023
    programs = {p.name: p for p in _of(ex, NamedProgram)}
    assert programs["메타버스 서울 2단계"].amount_krw == 28 * EOK
    assert programs["CCTV 고도화"].amount_krw == 92 * EOK
    assert all(p.region == "서울특별시" and p.fiscal_year == 2023 for p in programs.values())


def test_2023_headline_contradicts_body(ex2023) -> None:
    ex, lines = ex2023
    (finding,) = _of(ex, SourceFinding)
    assert finding.rule == "headline_contradicts_body"
    assert finding.stated == 30_300_000_000
    assert finding.computed == 370_300_000_000
    assert finding.lines == (4, 22)
    assert "303억원" in lines[3] and "3703억 원" in lines[21]
    assert lines[3] in finding.source_text and lines[21] in finding.source_text
    assert finding.explanation


def test_2023_trailing_article_produces_nothing(ex2023) -> None:
    ex, lines = ex2023
    tail = next(n for n, line in enumerate(lines, start=1) if "베스트 기사" in line)
    assert all(r.line_end < tail for r in ex.records)
    assert all(n < tail for n in ex.figure_lines)


# --- 2013 Seoul / Gyeonggi / Incheon -------------------------------------------------------------


def test_2013_sections_and_year(ex2013) -> None:
    ex, _ = ex2013
    assert {r.fiscal_year for r in ex.records} == {2013}
    regions = {r.region for r in ex.records}
    assert regions == {"서울특별시", "경기도", "인천광역시"}


def test_2013_seoul_programs(ex2013) -> None:
    ex, _ = ex2013
    seoul = [p for p in _of(ex, NamedProgram) if p.region == "서울특별시"]
    by_amount = {p.amount_krw: p for p in seoul if p.amount_krw is not None}
    expected = {
        4 * EOK + 3000 * MAN: None,
        12 * EOK: None,
        16 * EOK + 2800 * MAN: None,
        54 * EOK + 8900 * MAN: "세무과",
        9 * EOK + 8000 * MAN: "시민봉사담당관",
        16 * EOK: "총무과",
        1 * EOK + 3200 * MAN: "서울시립미술관",
        5 * EOK + 7000 * MAN: "정보공개정책과",
        1 * EOK + 2000 * MAN: "서울의료원 의료정보팀",
    }
    assert set(by_amount) == set(expected)
    for amount, org in expected.items():
        assert by_amount[amount].organization == org
    # the same program mentioned twice is one record
    assert len([p for p in seoul if p.amount_krw == 980_000_000]) == 1
    assert by_amount[430_000_000].name == "데이터 공유·활용 기반 조성"
    assert by_amount[430_000_000].period == "2013-03~2014-02"
    db = next(p for p in seoul if p.name == "DB 정확도 개선")
    assert db.amount_krw is None
    assert db.remarks == "예산 미확정, 예비타당성 결과 65억원"
    assert db.organization == "상수도본부 지리정보과"
    assert len(seoul) == 10


def test_2013_gyeonggi_programs(ex2013) -> None:
    ex, _ = ex2013
    gg = {p.name: p for p in _of(ex, NamedProgram) if p.region == "경기도"}
    homepage = gg["홈페이지 통폐합 시스템 구축"]
    assert homepage.total_amount_krw == 40 * EOK
    assert homepage.amount_krw == 18 * EOK
    assert homepage.period is not None and homepage.period.endswith("2015-12")
    assert gg["공공기관 정보시스템 통합 구축"].amount_krw == 15 * EOK
    cctv = next(p for p in gg.values() if p.amount_krw == 52 * EOK + 2400 * MAN)
    assert "CCTV" in cctv.name
    assert cctv.remarks == "국비 26억1200만원 포함"


def test_2013_incheon_programs(ex2013) -> None:
    ex, _ = ex2013
    ic = [p for p in _of(ex, NamedProgram) if p.region == "인천광역시"]
    assert sorted(p.amount_krw for p in ic) == sorted(
        [5 * EOK, 6 * EOK, 8000 * MAN, 2 * EOK + 1200 * MAN, 1 * EOK + 3700 * MAN]
    )
    approx = [p for p in ic if p.approximate]
    assert [p.amount_krw for p in approx] == [5 * EOK]


def test_2013_org_budgets(ex2013) -> None:
    ex, _ = ex2013
    orgs = {o.region: o for o in _of(ex, OrgBudget)}
    seoul = orgs["서울특별시"]
    assert seoul.organization == "정보화기획단"
    assert seoul.amount_krw == 766 * EOK + 7500 * MAN
    assert seoul.total_budget_krw == 23_505_000_000_000
    assert seoul.share == pytest.approx(0.00326)
    assert seoul.growth_rate == pytest.approx(0.323)
    gg = orgs["경기도"]
    assert gg.organization == "정보화기획담당관·정보화운영담당관"
    assert (gg.amount_krw, gg.total_budget_krw) == (185 * EOK + 7900 * MAN, 15_567_600_000_000)
    assert gg.share == pytest.approx(0.00119)
    ic = orgs["인천광역시"]
    assert ic.organization == "정보화통계담당관"
    assert (ic.amount_krw, ic.total_budget_krw) == (157 * EOK, 6_976_847_060_000)
    assert ic.share == pytest.approx(0.00225)
    assert not _of(ex, SourceFinding)  # the stated shares agree with the amounts


# --- 2016 multi-year plan ------------------------------------------------------------------------


def test_2016_multi_year_plan(ex2016) -> None:
    ex, lines = ex2016
    (plan,) = ex.records
    assert isinstance(plan, MultiYearPlan)
    assert plan.name == "서울 디지털기본계획 2020"
    assert (plan.start_year, plan.end_year) == (2016, 2020)
    assert plan.amount_krw == 460_500_000_000
    assert (plan.strategies, plan.tasks) == (4, 54)
    assert plan.region == "서울특별시"
    # the targets (100 sites, 550 parking lots, 424 centres) are counts, not money: skipped, no records
    for needle in ("100개소로", "550개 주차장", "424개"):
        n = next(n for n, line in enumerate(lines, start=1) if needle in line)
        assert "count" in ex.skipped[n]


# --- without metadata the text alone gives year and region ---------------------------------------


def test_year_and_region_from_text_alone() -> None:
    ex, _ = _extract("000", with_meta=False)
    assert {(r.region, r.fiscal_year) for r in _of(ex, PlanTotal)} == {("서울특별시", 2021)}
    ex, _ = _extract("001", with_meta=False)
    assert {(r.region, r.fiscal_year) for r in _of(ex, PlanTotal)} == {("서울특별시", 2023)}
    ex, _ = _extract("002", with_meta=False)
    assert {r.fiscal_year for r in _of(ex, NamedProgram)} == {2013}


def test_work_report_is_not_news() -> None:
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    ex = extract_news(text, doc_id="004")
    assert ex.records == []
    assert ex.rejected == "no plan figures recognised"
