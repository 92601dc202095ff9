"""Shortcuts of the extraction speed work give what the plain path gives.

Each test builds texts from the pieces the patterns care about (digits, separators, bullets, the
lexicons' own words) and compares the shortcut with the computation it stands for, so a later
change to a pattern or a lexicon that breaks a shortcut fails here, not silently in the warehouse.
"""

from __future__ import annotations

import random

from orchestration.extract import tables
from orchestration.extract.news import readers
from orchestration.extract.news.figures import _figures

TABLE_PIECES = [
    *"0123456789",
    "1,234",
    "△12",
    "-",
    "—",
    "%",
    ".",
    " ",
    "  ",
    "\t",
    "|",
    "○",
    "※ ",
    "합 계",
    "구 분",
    "예산액",
    "집행액",
    "집행률",
    "정원",
    "현원",
    "사업명",
    "입니다.",
    "(단위: 천원)",
    "가",
]


def _lines(pieces: list[str], n: int, seed: int, most: int = 10) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, most))) for _ in range(n)]


def _plain_stream(lines: list[str], start: int, col: int, limit: int) -> list[tuple[str, int]]:
    """The stream as one list of cells, read line by line (what `read_table` read before the
    early test for a number cell)."""
    return [
        (t, n) for n, text in tables._stream_lines(lines, start, col, limit) for t in tables._line_cells(text)
    ]


def test_a_line_has_a_number_cell_when_one_of_its_cells_is_a_number():
    for line in _lines(TABLE_PIECES, 20000, seed=11):
        text = line.strip()
        plain = any(tables.is_cell_number(c) for c in tables._line_cells(text))
        assert tables._has_number_cell.__wrapped__(text) == plain, repr(line)


def test_a_table_is_read_only_where_the_stream_holds_a_number():
    rnd = random.Random(12)
    for _ in range(3000):
        doc = _lines(TABLE_PIECES, rnd.randint(1, 12), seed=rnd.randint(0, 10**6), most=8)
        start = rnd.randint(1, len(doc))
        table = tables.read_table(doc, start, 0, ["천원"], None)
        has_number = any(tables.is_cell_number(t) for t, _ in _plain_stream(doc, start, 0, 80))
        early = any(tables._has_number_cell(text) for _, text in tables._stream_lines(doc, start, 0, 80))
        assert early == has_number, doc
        if not has_number:
            assert table is None, doc


NEWS_PIECES = [
    *"0123456789",
    " ",
    ",",
    "(",
    ")",
    ":",
    "·",
    "ㆍ",
    "- ",
    "▴",
    "건",
    "개",
    "억원",
    "백만원",
    "사업",
    "시스템 구축",
    "도 본청",
    "유형별",
    "등",
    ".",
]


def test_a_line_without_a_digit_is_no_item_of_a_line_list():
    # `_read_line_lists` does not try its item patterns on a line without a digit: such a line,
    # matched or not, has no figure after its label, so it can never be an item
    for line in _lines(NEWS_PIECES, 20000, seed=13, most=12):
        if readers._DIGIT.search(line):
            continue
        m = readers._LINE_ITEM.match(line)
        if m:
            label_end = m.end("label") if m.group("label") else m.end("bare")
            assert not [f for f in _figures(line) if f.start >= label_end], line


def test_a_line_with_a_point_is_no_bare_item_line():
    # `_read_line_lists` does not try `_BARE_ITEM_LINE` on a line with a `.`: no part of it matches one
    pieces = [*NEWS_PIECES, "1.5", "..", "다."]
    for line in _lines(pieces, 20000, seed=14, most=10):
        if "." in line:
            assert not readers._BARE_ITEM_LINE.match(line), line


def test_a_sentence_without_month_or_bounds_has_no_period():
    from datetime import date

    from orchestration.extract.news.grammar import _parse_period

    pieces = [
        "2024년",
        "내년",
        "내달",
        "다음 달",
        "3",
        "12",
        "월",
        "부터",
        "까지",
        "에는",
        " 시작",
        " ",
        "사업",
    ]
    rnd = random.Random(15)
    for _ in range(5000):
        sentence = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        got = _parse_period(sentence, 2024, date(2024, 3, 1))
        if "월" not in sentence and "부터" not in sentence and "까지" not in sentence:
            assert got is None, sentence
    assert _parse_period("3월부터 추진", 2024, None) == "2024-03~"


def test_whitespace_is_collapsed_as_the_plain_substitution_collapses_it():
    import re
    import unicodedata

    from orchestration.extract.text import normalise_ws

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        text = text.replace("**", "").replace("\u200b", "").replace("\ufeff", "")
        return re.sub(r"\s+", " ", text).strip()

    pieces = [
        "가",
        "a",
        "1",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\u3000",
        "\xa0",
        "\u2003",
        "\x1c",
        "*",
        "**",
        "\u200b",
    ]
    for text in _lines(pieces, 30000, seed=16, most=8):
        assert normalise_ws(text) == plain(text), repr(text)


ARTICLE_PIECES = [
    "서울시는 올해 정보화 사업에 3,213억 원을 투자한다.",
    "2024년 정보화사업 계획",
    "2023년도 정보화 예산",
    "관련기사",
    "[관련 기사]",
    "많이 본 뉴스",
    "홍길동 기자 hong@news.kr",
    "hong@news.kr",
    "<저작권자 © 공공IT뉴스, 무단 전재 및 재배포 금지>",
    "ⓒ 뉴스1",
    "사진=연합뉴스",
    "올해 1,045건",
    "",
    "짧은 줄",
]


def test_an_article_is_cut_and_dated_with_the_word_tests_as_without(monkeypatch):
    from datetime import date

    from orchestration.extract.news import meaning, segment

    rnd = random.Random(17)
    docs = [[rnd.choice(ARTICLE_PIECES) for _ in range(rnd.randint(1, 12))] for _ in range(3000)]
    shortcut = [(segment.segment_article(d), meaning._fiscal_year(d, date(2024, 5, 1))) for d in docs]
    monkeypatch.setattr(segment, "_may_start_tail", lambda line: True)  # the plain paths
    monkeypatch.setattr(meaning, "_YEAR_PLAN_WORDS", None)
    plain = [(segment.segment_article(d), meaning._fiscal_year(d, date(2024, 5, 1))) for d in docs]
    assert shortcut == plain


def test_header_words_are_found_with_the_one_scan_as_without():
    from orchestration.extract.work_report import tables as wr_tables

    pieces = [*wr_tables.HEADER_WORDS, "증", "감", "집 행 액", " ", "\t", "가", "12", "구 분"]
    for line in _lines(pieces, 20000, seed=18, most=6):
        plain = frozenset(w for w in wr_tables.HEADER_WORDS if w in "".join(line.split()))
        assert wr_tables.header_words.__wrapped__(line) == plain, line


def test_a_cached_label_is_the_label():
    from orchestration.extract.news.meaning import canonical_label

    for dimension in ("region", "institution", "type", "category", "quarter", "scope"):
        for raw in (
            "25개 자치구",
            "서울시",
            "스마트팜(Smart Farm)",
            "유지관리",
            "1분기",
            "  및 CCTV ",
            "정보화",
        ):
            assert canonical_label(dimension, raw) == canonical_label.__wrapped__(dimension, raw)


def test_a_prior_year_word_in_a_clause_is_in_its_sentence():
    # `read_item_change` reads no clause of a sentence with no prior-year word: the pattern must
    # find in a sentence whatever it finds in a piece of it
    from orchestration.extract.news.meaning import _PRIOR_WORDS

    pieces = ["작년", "지난해", "전년", "전년도", "前年", "작", "년", "지난", "해", " ", ",", "보다", "대비"]
    rnd = random.Random(19)
    for sentence in _lines(pieces, 5000, seed=19, most=8):
        a = rnd.randint(0, len(sentence))
        b = rnd.randint(a, len(sentence))
        if _PRIOR_WORDS.search(sentence[a:b]):
            assert _PRIOR_WORDS.search(sentence), sentence


MEASURE_PIECES = [
    *"0123456789",
    " ",
    "억",
    "원",
    "%",
    "예산",
    "예산현액",
    "세출",
    "집행",
    "집행액",
    "집행률",
    "집행잔액",
    "잔액",
    "미집행액",
    "이월",
    "이월액",
    "불용",
    "불용액",
    "결산액",
    "세입",
    "원인행위",
    "목표",
    "대상",
    "(",
    "은",
    "을",
    "가",
]


def test_the_leftmost_measure_is_the_earliest_of_the_measure_patterns_ties_to_the_first():
    from orchestration.extract.lexicons import leftmost_measure, measure_at, measures

    for text in _lines(MEASURE_PIECES, 20000, seed=13, most=12):
        for pos in range(0, len(text) + 1, 3):
            hits = [(m.start(), k, m) for k, (p, _, _) in enumerate(measures()) if (m := p.search(text, pos))]
            one = leftmost_measure().search(text, pos)
            if not hits:
                assert one is None, text
                continue
            _, k, m = min(hits, key=lambda h: h[:2])
            assert one is not None and one.span() == m.span(), (text, pos)
            assert measure_at(one) == measures()[k][1:], (text, pos)


def test_a_text_without_jo_eok_or_won_holds_no_amount():
    """`_amounts_in` scans for the three words before `_MAY_HOLD_AMOUNT`: no word, no match."""
    from orchestration.extract import amounts

    pieces = [*"0123456789", ",", ".", " ", "천", "백", "만", "억", "조", "원", "여", "약", "명", "가"]
    for text in _lines(pieces, 20000, seed=17, most=12):
        if amounts._AMOUNT_WORDS.search(text) is None:
            assert amounts._MAY_HOLD_AMOUNT.search(text) is None, text
