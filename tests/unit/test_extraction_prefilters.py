"""The shortcuts that make extraction fast must never change what it finds.

`find_amounts` and `find_counts` try their patterns only where a match can start (`_AMOUNT_START`,
`_COUNT_START`) instead of at every position. If either pattern learns a new way to start (a new
hedge word before an amount, say) and the start pattern is not told, amounts would silently go
missing: these tests compare the shortcut with the plain `finditer` on texts built from the
patterns' own words, so a change to the patterns is covered without editing this file.
"""

from __future__ import annotations

import random
import re

import pytest

from orchestration.extract import amounts
from orchestration.extract.amounts import find_amounts, find_counts, find_percents

EXAMPLES = [
    "3,213억 원",
    "4억3000만원",
    "6조9768억4706만원",
    "1.5억",
    "약 3천억 원",
    "5억여원",
    "350천원",
    "1,234백만원",
    "총 2306억원 중 846개 사업에 1천45건",
    "10만 명, 1억 달러, 2013년, 34개월, 4대 전략",
    "대략 120억원 가량, 어림잡아 5천만 원 정도",
    "예산현액 34억 2957만 9000원 중 86.4%를 집행",
]

# what a cell or token may be made of, around a number: digits of three scripts, separators, signs
# and the dashes documents use for minus or "none"
NUMBERISH = [*"0123456789", "١", "１", ",", ".", "%", "△", "▲", "-", "–", "—", "ㅡ", "−", "가", "a", " "]


def _texts(pattern: re.Pattern[str], n: int = 4000) -> list[str]:
    """The examples, and random texts made of the pattern's own words, digits and separators."""
    words = sorted(set(re.findall(r"[가-힣]+", pattern.pattern)))
    pieces = [*words, *"0123456789", ",", ".", " ", "  ", "△", "-", "%", "(", ")", "가", "a"]
    rnd = random.Random(17)
    return EXAMPLES + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(n)]


def _plain(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _shortcut(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in amounts._matches_at(pattern, starts, text)]


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [(amounts._AMOUNT_RE, amounts._AMOUNT_START), (amounts._COUNT_RE, amounts._COUNT_START)],
    ids=["amounts", "counts"],
)
def test_matching_only_where_a_match_can_start_finds_what_finditer_finds(pattern, starts):
    for text in _texts(pattern):
        plain = _plain(pattern, text)
        if pattern is amounts._COUNT_RE:  # a count with no digit in its number is dropped anyway
            plain = [(s, e) for s, e in plain if re.search(r"\d", pattern.match(text, s).group("num") or "")]
            got = [
                (s, e)
                for s, e in _shortcut(pattern, starts, text)
                if re.search(r"\d", pattern.match(text, s).group("num") or "")
            ]
        else:
            got = _shortcut(pattern, starts, text)
        assert got == plain, text


def test_a_text_without_a_digit_holds_no_figure():
    # the digit prefilter of find_amounts / find_counts / find_percents rests on this
    for text in _texts(amounts._AMOUNT_RE) + _texts(amounts._COUNT_RE):
        if not re.search(r"\d", text):
            assert not _plain(amounts._AMOUNT_RE, text)
            assert not [m for m in amounts._COUNT_RE.finditer(text) if re.search(r"\d", m.group("num") or "")]
            assert not list(amounts._PERCENT_RE.finditer(text))


def test_cached_results_are_fresh_lists():
    # callers may change the list they get; the cache keeps its own tuple
    first = find_amounts("예산 3억원")
    first.clear()
    assert [a.krw for _, _, a in find_amounts("예산 3억원")] == [300_000_000]
    counts = find_counts("사업 12건")
    counts.clear()
    assert [c.value for _, _, c in find_counts("사업 12건")] == [12]
    assert find_counts("사업 12건", ("명",)) == []
    assert find_percents("집행률 86.4%") == [(4, 9, pytest.approx(0.864))]


def test_a_text_the_prefilters_rule_out_holds_no_amount_and_no_count():
    """`_MAY_HOLD_AMOUNT` / `_MAY_HOLD_COUNT` skip the scans: a match the scan would keep (an amount
    with 원, 조 or 억; a count with a digit) passes them."""
    for text in _texts(amounts._AMOUNT_RE):
        kept = [
            m for m in amounts._AMOUNT_RE.finditer(text) if m.group("won") or m.group("jo") or m.group("eok")
        ]
        if kept:
            assert amounts._MAY_HOLD_AMOUNT.search(text), text
    for text in _texts(amounts._COUNT_RE):
        kept = [m for m in amounts._COUNT_RE.finditer(text) if re.search(r"\d", m.group("num") or "")]
        if kept:
            assert amounts._MAY_HOLD_COUNT.search(text), text


def test_a_cell_number_is_tried_only_from_its_first_character():
    from orchestration.extract import tables

    rnd = random.Random(5)
    pieces = [*NUMBERISH, "٣"]
    tokens = ["", *pieces] + [
        "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(5000)
    ]
    for token in tokens:
        plain = bool(tables._NUMBER.match(token)) or token in tables._DASHES
        assert tables.is_cell_number(token) == plain, token


def test_sentences_are_cut_where_the_sentence_pattern_cuts_them():
    from orchestration.extract.prose_statements import _sentences

    sentence = re.compile(r"(?:[^.?!]|[.?!](?=\d))+(?:[.?!]|$)")
    rnd = random.Random(3)
    pieces = [*"가나 1.2?!.", "93.2%", "다.", "까?", "\n", "..", "。", "$"]
    for _ in range(20000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 15)))
        assert _sentences(line) == [m.group(0) for m in sentence.finditer(line)], line


def test_a_line_has_a_number_cell_where_a_split_finds_one():
    from orchestration.extract import tables

    rnd = random.Random(2)
    pieces = [*NUMBERISH, "  "]
    pieces += ["\t", "|", "│", "║", "\n", "\u3000", "\xa0"]
    for _ in range(30000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        split = any(tables.is_cell_number(t) for t in tables._CELL_SEP.split(line.strip()) if t)
        assert tables._has_numbers.__wrapped__(line) == split, repr(line)


def test_a_sentence_the_announcement_shortcut_skips_is_no_announcement():
    from orchestration.extract import prose_statements as p

    rnd = random.Random(4)
    pieces = [
        "첫째,",
        "먼저 ",
        "스마트",
        " 사업",
        "과제",
        "입니다",
        "이다",
        "임",
        ".",
        " ",
        "  ",
        "\u3000",
        ":",
        "가",
    ]
    for _ in range(30000):
        sentence = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        if p._ANNOUNCED.match(p._LEAD_WORDS.sub("", sentence.strip())):
            assert p._announces(sentence), sentence


def test_a_text_without_a_percent_word_holds_no_percentage():
    # `find_percents` skips its scan when none of the words every match ends in is in the text
    for text in [*_texts(amounts._PERCENT_RE), "46%", "46 ％", "3퍼센트", "5프로", "5프로그램", "%46"]:
        plain = [(m.start("num"), m.end()) for m in amounts._PERCENT_RE.finditer(text)]
        assert [(s, e) for s, e, _ in find_percents(text)] == plain, text
