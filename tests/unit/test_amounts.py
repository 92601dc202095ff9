"""Korean amounts, counts, percentages and table numbers: exact values."""

from __future__ import annotations

import pytest

from orchestration.extract.amounts import (
    UNIT_MULTIPLIERS,
    Amount,
    find_amounts,
    find_counts,
    find_percents,
    is_empty_cell,
    looks_like_rate,
    looks_like_table_number,
    normalise_cell,
    parse_count,
    parse_korean_amount,
    parse_percent,
    parse_rate,
    parse_table_number,
    try_rate,
    try_table_number,
)

# --- prose amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "krw", "unit"),
    [
        ("3,213억 원", 321_300_000_000, "억원"),
        ("3,213억원", 321_300_000_000, "억원"),
        ("3213억원", 321_300_000_000, "억원"),
        ("3,213억", 321_300_000_000, "억원"),
        ("4억3000만원", 430_000_000, "억원"),
        ("4억 3000만원", 430_000_000, "억원"),
        ("4억3천만원", 430_000_000, "억원"),
        ("766억7500만원", 76_675_000_000, "억원"),
        ("23조5050억원", 23_505_000_000_000, "조원"),
        ("6조9768억4706만원", 6_976_847_060_000, "조원"),
        ("15조5676억원", 15_567_600_000_000, "조원"),
        ("1조2,000억원", 1_200_000_000_000, "조원"),
        ("8000만원", 80_000_000, "만원"),
        ("1.5억", 150_000_000, "억원"),
        ("0.5조원", 500_000_000_000, "조원"),
        ("3천억 원", 300_000_000_000, "억원"),
        ("1천45억원", 104_500_000_000, "억원"),
        ("3천5백만원", 35_000_000, "만원"),
        ("1억2천만원", 120_000_000, "억원"),
        ("16억2800만원", 1_628_000_000, "억원"),
        ("2억1200만원", 212_000_000, "억원"),
        ("1,000원", 1_000, "원"),
        ("350천원", 350_000, "천원"),
        ("1,234백만원", 1_234_000_000, "백만원"),
    ],
)
def test_parse_korean_amount_exact(text: str, krw: int, unit: str) -> None:
    amount = parse_korean_amount(text)
    assert amount is not None
    assert amount.krw == krw
    assert amount.unit == unit
    assert amount.approximate is False


@pytest.mark.parametrize(
    ("text", "krw"),
    [
        ("5억여원", 500_000_000),
        ("5억여 원", 500_000_000),
        ("약 3천억 원", 300_000_000_000),
        ("약3213억원", 321_300_000_000),
        ("100억원 가량", 10_000_000_000),
        ("100억원대", 10_000_000_000),
        ("대략 20억원", 2_000_000_000),
    ],
)
def test_parse_korean_amount_approximate(text: str, krw: int) -> None:
    amount = parse_korean_amount(text)
    assert amount == Amount(krw=krw, unit=amount.unit, approximate=True, text=amount.text)


def test_parse_korean_amount_negatives_and_units() -> None:
    assert parse_korean_amount("△5억원").krw == -500_000_000
    assert parse_korean_amount("▲1,000원").krw == -1_000
    assert parse_korean_amount("-3억원").krw == -300_000_000
    # a bare table number is money only in the unit the caller states
    assert parse_korean_amount("1,520,723") is None
    assert parse_korean_amount("△1,520,723", unit="천원").krw == -1_520_723_000
    assert parse_korean_amount("$\\triangle 1,520,723$", unit="천원").krw == -1_520_723_000
    assert parse_korean_amount("1,234", unit="백만원").krw == 1_234_000_000
    assert UNIT_MULTIPLIERS["백만원"] == 1_000_000


@pytest.mark.parametrize(
    "text", ["", "원", "억원", "정보화사업", "1,045건", "10만 명", "46%", "2021년", "abc"]
)
def test_parse_korean_amount_rejects_non_money(text: str) -> None:
    assert parse_korean_amount(text) is None


def test_find_amounts_in_a_sentence() -> None:
    text = "서울시가 올해 1,045건 정보화 사업에 3,213억 원을 투자한다. 시민 10만 명, 1억 달러, 2021년 3,213억 투자"
    found = find_amounts(text)
    assert [a.krw for _, _, a in found] == [321_300_000_000, 321_300_000_000]
    start, end, first = found[0]
    assert text[start:end] == "3,213억 원" == first.text


def test_find_amounts_reads_bullets_as_bullets_not_minus() -> None:
    text = "△세무종합시스템 노후장비 교체 및 증설(54억8900만원, 세무과) ▲서울시 2151억원(422건)"
    assert [a.krw for _, _, a in find_amounts(text)] == [5_489_000_000, 215_100_000_000]


def test_find_amounts_approximate_and_not_inside_words() -> None:
    found = find_amounts("시 홈페이지도 5억여원을 들여 개편한다. 계약 3억원, 약 3천억 원 규모")
    assert [(a.krw, a.approximate) for _, _, a in found] == [
        (500_000_000, True),
        (300_000_000, False),  # 계약 is not 약
        (300_000_000_000, True),
    ]


def test_find_amounts_keeps_remark_amounts_separate() -> None:
    found = find_amounts("52억2400만원(국비 26억1200만원 포함)을 들여")
    assert [a.krw for _, _, a in found] == [5_224_000_000, 2_612_000_000]


# --- counts and percentages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,045건", 1045),
        ("1천45건", 1045),
        ("1045건", 1045),
        ("476건", 476),
        ("3,245개", 3245),
        ("2100여명", 2100),
        ("10만 명", 100_000),
        ("33만여 명", 330_000),
        ("100개소", 100),
        ("54", 54),
        ("1,045", 1045),
    ],
)
def test_parse_count(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["", "3,213억 원", "34개월", "2013년", "건"])
def test_parse_count_rejects(text: str) -> None:
    assert parse_count(text) is None


def test_find_counts_skips_months_years_and_ordinals() -> None:
    found = find_counts("34개월간 241개 공공기관, 4대 전략과 54개 실행과제, 6,790대 설치, 2015년")
    assert [(c.value, c.counter) for _, _, c in found] == [(241, "개"), (54, "개"), (6790, "대")]
    assert [c.approximate for _, _, c in find_counts("2100여명")] == [True]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("46%", 0.46),
        ("0.326%", 0.00326),
        ("7%", 0.07),
        ("△76.7%", -0.767),
        ("▲3.5%", -0.035),
        ("$\\triangle 22.4\\%$", -0.224),
        ("32.3 %", 0.323),
        ("10퍼센트", 0.1),
    ],
)
def test_parse_percent(text: str, value: float) -> None:
    assert parse_percent(text) == pytest.approx(value, abs=1e-12)


@pytest.mark.parametrize("text", ["순증", "순감", "-", "_", "", "46", "abc"])
def test_parse_percent_none(text: str) -> None:
    assert parse_percent(text) is None


def test_find_percents() -> None:
    found = find_percents("1분기 476건(46%) ▴2분기 108건(10%) 시 전체 예산의 0.326%")
    assert [p for _, _, p in found] == pytest.approx([0.46, 0.10, 0.00326])


# --- table cells (the work-report extractor's parsers: behaviour kept) ----------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234", 1234),
        ("△1,520,723", -1_520_723),
        ("▲1,520,723", -1_520_723),
        ("-1,520,723", -1_520_723),
        ("$\\triangle 1,520,723$", -1_520_723),
        ("$\\triangle 2$", -2),
        ("124, 140", 124_140),
        ("0", 0),
        ("O", 0),
    ],
)
def test_parse_table_number(cell: str, value: int) -> None:
    assert parse_table_number(cell) == value


@pytest.mark.parametrize("cell", ["-", "_", "", "—", "·"])
def test_parse_table_number_empty_cells(cell: str) -> None:
    assert parse_table_number(cell) is None
    assert is_empty_cell(cell)


@pytest.mark.parametrize("cell", ["abc", "1.5", "12억"])
def test_parse_table_number_raises_on_text(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_table_number(cell)
    assert try_table_number(cell) is None


def test_table_number_helpers() -> None:
    assert normalise_cell(" $\\triangle 1,520,723$ ") == "△1,520,723"
    assert looks_like_table_number("△1,234")
    assert not looks_like_table_number("51.1%")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("51.1%", 0.511),
        ("△76.7%", -0.767),
        ("$\\triangle 22.4\\%$", -0.224),
        ("100", 1.0),
        ("순증", None),
        ("-", None),
        ("_", None),
    ],
)
def test_parse_rate(cell: str, value: float | None) -> None:
    assert parse_rate(cell) == (pytest.approx(value) if value is not None else None)


def test_rate_helpers() -> None:
    assert try_rate("abc") is None
    assert looks_like_rate("순증")
    assert looks_like_rate("51.1%")
    assert not looks_like_rate("51.1")
    with pytest.raises(ValueError):
        parse_rate("abc")
