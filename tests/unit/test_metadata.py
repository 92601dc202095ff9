"""Metadata inferred from the text alone, for every seed, and sidecar merging."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.ingest.metadata import DocumentMetadata, infer_metadata, infer_published_on, merge_metadata
from tests.conftest import seed_text


@pytest.mark.parametrize(
    ("prefix", "published_on", "precision", "kind", "region"),
    [
        ("000", date(2021, 1, 21), "day", "news", "서울특별시"),
        ("001", date(2023, 1, 25), "day", "news", "서울특별시"),
        ("002", date(2013, 1, 1), "year", "news", None),  # Seoul, Gyeonggi and Incheon: no single region
        ("003", date(2016, 2, 24), "day", "news", "서울특별시"),
        ("004", date(2021, 9, 1), "month", "work_report", "서울특별시"),
    ],
)
def test_inference_on_seeds(prefix, published_on, precision, kind, region):
    meta = infer_metadata(seed_text(prefix))
    assert meta.published_on == published_on
    assert meta.published_precision == precision
    assert meta.kind == kind
    assert meta.region == region


def test_titles_are_the_first_meaningful_line():
    assert (
        infer_metadata(seed_text("000")).title
        == "서울시, 올해 정보화분야 3,213억 투자… '스마트도시' 집중 투자"
    )
    assert (
        infer_metadata(seed_text("001")).title == "서울시 정보화사업 분야 303억원 투자...메타버스 등 본격화"
    )
    assert infer_metadata(seed_text("002")).title == "수도권 빅3 지자체 올해 정보화사업은..."
    assert infer_metadata(seed_text("004")).title == "제302회 임시회 행정자치위원회 주요업무보고"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("홍길동 기자 | 승인 2021.01.21 11:15", date(2021, 1, 21)),
        ("기사입력 : 2023년01월25일 11:15", date(2023, 1, 25)),
        ("입력 2019-11-03 09:00", date(2019, 11, 3)),
        ("주요업무보고\n\n2021. 9.\n", date(2021, 9, 1)),
        ("2020년 3월 5일 발표", date(2020, 3, 5)),
        ("2015년까지 구축하고 2018년엔 확대한다. 2017년 정보화 계획", date(2017, 1, 1)),
        ("날짜 없는 글", None),
    ],
)
def test_date_patterns(text, expected):
    assert infer_published_on(text)[0] == expected


def test_sidecar_wins_and_gaps_are_inferred():
    inferred = DocumentMetadata(
        title="from text", published_on=date(2021, 1, 21), kind="news", region="서울특별시"
    )
    merged, origin = merge_metadata({"title": "from sidecar", "publisher": "뉴스"}, inferred)
    assert merged.title == "from sidecar" and merged.publisher == "뉴스"
    assert merged.published_on == date(2021, 1, 21)
    assert origin == "sidecar+inferred"
    full = {"title": "t", "published_on": "2020-05-01", "kind": "work_report", "region": "부산광역시"}
    merged, origin = merge_metadata(full, inferred)
    assert (merged.published_on, merged.kind, merged.region, origin) == (
        date(2020, 5, 1),
        "work_report",
        "부산광역시",
        "sidecar",
    )
    assert merge_metadata(None, inferred) == (inferred, "inferred")


def test_the_kinds_read_from_a_first_page() -> None:
    from orchestration.ingest.metadata import infer_kind

    minutes = "제100회 예시시의회 회의록\n(10시 02분 개의)\n○위원장 김가나  회의를 시작하겠습니다.\n"
    assert infer_kind(minutes) == "council_minutes"
    assert infer_kind("2023회계연도 결산 검 토 보 고 서\n행정자치위원회 전문위원\n") == "review_report"
    assert infer_kind("결재문서\n문서번호 예산과-12 결재일자 2024.1.2.\n") == "budget_table"
    assert infer_kind("2024년 주요업무보고\n○위원장 김가나\n(10시 02분 개의)\n") == "work_report"
    assert infer_kind("부산시가 올해 정보화사업에 500억원을 투입한다.") == "news"
