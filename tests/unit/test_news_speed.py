"""Shortcuts of the news extractor's speed work give what the plain path gives.

As in `test_extraction_speed_shortcuts.py`: each test builds texts from the pieces the patterns
care about and compares the shortcut with the computation it stands for, so a later change to a
pattern or a lexicon that breaks a shortcut fails here.
"""

from __future__ import annotations

import random


def _texts(pieces: list[str], n: int, seed: int, most: int = 10) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, most))) for _ in range(n)]


DIMENSION_PIECES = [
    "유형별",
    "사업 유형별",
    "형태별",
    "사업성격별",
    "기관별",
    "발주 기관별",
    "주체별",
    "기관 규모",
    "기관",
    "규모",
    "시기별",
    "분기별",
    "발주 시기",
    "발주",
    "분야별",
    "부문별",
    "기술별",
    "영역별",
    "시·도별",
    "시 도 별",
    "광역자치단체별",
    "광역 시·도별",
    "광역",
    "지역별",
    "권역별",
    "별",
    "시",
    "도",
    "·",
    " ",
    "로는",
    "서울시",
    "12",
]


def test_a_dimension_is_named_as_the_plain_search_of_every_keyword_names_it():
    from orchestration.extract.news.meaning import _DIMENSION_KEYS, _DIMENSION_WORDS, _dimension_named

    assert _DIMENSION_WORDS is not None  # every keyword pattern names its words: the shortcut is in use
    found = 0
    for text in _texts(DIMENSION_PIECES, 20000, seed=31, most=6):
        plain = next((dim for pat, dim in _DIMENSION_KEYS if pat.search(text)), None)
        assert _dimension_named(text) == plain, text
        found += plain is not None
    assert found > 1000


def test_a_program_name_ending_in_saeop_is_found_only_in_a_text_ending_in_it():
    # `_program_for` tries `_NAMED_PROGRAM` only on a text that ends in 사업 (spaces aside)
    from orchestration.extract.news.readers import _NAMED_PROGRAM

    pieces = ["사업", "사", "업", " ", "  ", "\t", "\u3000", "국토교통부", "조성", "80억원과", ",", "가", "1"]
    for text in _texts(pieces, 20000, seed=32, most=8):
        if _NAMED_PROGRAM.search(text):
            assert text.rstrip().endswith("사업"), text


LINE_PIECES = [
    *"0123456789",
    ",",
    ".",
    "...",
    "....",
    "…",
    "다.",
    "다. ",
    "%. ",
    "). ",
    "천. ",
    " ",
    "  ",
    "\t",
    "억",
    "억원",
    "조",
    "만",
    "만원",
    "천",
    "백",
    "원",
    "여",
    "약 ",
    "대략",
    "건",
    "개",
    "명",
    "대",
    "%",
    "가량",
    "사업",
    "이상",
    "년",
    "월",
    "△",
    "-",
    "(",
    ")",
    "가",
]


def test_a_line_has_a_figure_when_one_of_its_sentences_has_one():
    # `assemble` asks a line of several sentences through its sentences (their figures are cached)
    from orchestration.extract.news.figures import _has_figure, _line_has_figure
    from orchestration.extract.news.segment import _sentences

    several = 0
    for line in _texts(LINE_PIECES, 40000, seed=33, most=16):
        line = line.strip()
        several += len(_sentences(line)) > 1
        assert _line_has_figure(line) == _has_figure(line), line
    assert several > 5000


def _plain_figures(text: str) -> tuple:
    """`_figures_in` as it was written before its shortcuts: every amount tried as a threshold,
    every count and percentage compared with every figure taken before it."""
    from orchestration.extract.amounts import find_amounts, find_counts, find_percents
    from orchestration.extract.lexicons import is_project_count
    from orchestration.extract.news.figures import _DIGIT, _THRESHOLD, _Fig

    if not _DIGIT.search(text):
        return ()
    figs = [_Fig("amount", s, e, amount=a) for s, e, a in find_amounts(text) if not _THRESHOLD.match(text, e)]
    taken = [(f.start, f.end) for f in figs]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for s, e, c in find_counts(text):
        if free(s, e):
            figs.append(_Fig("count", s, e, count=c, project=is_project_count(c.counter, text[e : e + 12])))
            taken.append((s, e))
    for s, e, p in find_percents(text):
        if free(s, e):
            figs.append(_Fig("percent", s, e, percent=p))
    return tuple(sorted(figs, key=lambda f: f.start))


def test_the_figures_of_a_text_are_those_of_the_plain_computation():
    from orchestration.extract.news.figures import _figures_in

    pieces = [*LINE_PIECES, "이하", "미만", "초과", "이상 증가", " 이상의", "퍼센트", "프로", "1,234", "3.5"]
    for text in _texts(pieces, 40000, seed=34, most=14):
        assert _figures_in.__wrapped__(text) == _plain_figures(text), text


def test_the_mark_first_patterns_match_as_the_lookbehind_first_ones():
    # `_SENTENCE_END` and `_TOTAL_CUTS` start each branch with the character it matches (the
    # lookbehind after it) so a scan skips to those characters: the same matches as written before
    import re

    from orchestration.extract.news.readers import _TOTAL_CUTS
    from orchestration.extract.news.segment import _SENTENCE_END

    plain = [
        (_SENTENCE_END, re.compile(r"(?<=[가-힣)\]'\"’”%])\.(?=\s|$)|…+|\.{3}")),
        (_TOTAL_CUTS, re.compile(r"(?<!\d),(?!\d)|\s(?:특히|이\s*중|그\s*중|이중)\s")),
    ]
    pieces = [
        *"0123456789",
        ".",
        "..",
        "…",
        ",",
        " ",
        "\t",
        "다",
        ")",
        "]",
        "'",
        '"',
        "’",
        "”",
        "%",
        "a",
        "특히",
        "이 중",
        "그중",
        "이중",
    ]
    for text in _texts(pieces, 30000, seed=35, most=12):
        for shortcut, written in plain:
            assert [m.span() for m in shortcut.finditer(text)] == [
                m.span() for m in written.finditer(text)
            ], text


BREAKDOWN_PIECES = [
    "서울시",
    "25개 자치구",
    "CCTV",
    "시스템 구축",
    " 355건",
    " 69건",
    "(1,562억 원)",
    " 316억 원",
    "(17개)",
    " 12%",
    ", ",
    "、",
    " ▴",
    "△",
    "기관별로는 ",
    "유형별로 ",
    "분야별",
    "시·도별",
    "기관 규모",
    "이 중 ",
    " 등",
    " 총 2433억원",
    "이 ",
    "가 ",
    "으로 가장 많았고 ",
    "정보화 사업",
    " ",
]


def test_one_part_without_a_dimension_keyword_is_no_list(monkeypatch):
    # `_breakdown_lists` does not read a sentence of one chunk (no bullet, comma or ranking cut)
    # without a dimension keyword's word: it returns what reading it returns
    from orchestration.extract.news import readers

    sentences = _texts(BREAKDOWN_PIECES, 6000, seed=36, most=9)
    shortcut = [readers._breakdown_lists.__wrapped__(s, frozenset()) for s in sentences]
    monkeypatch.setattr(readers, "_DIMENSION_WORDS", None)  # the plain path
    plain = [readers._breakdown_lists.__wrapped__(s, frozenset()) for s in sentences]
    assert shortcut == plain
    assert sum(map(bool, plain)) > 50


def test_a_window_holds_a_plan_span_only_when_its_sentence_does():
    # `read_multi_year` looks at the window before each amount only in a sentence holding a span
    from orchestration.extract.news.readers import _Reader

    pieces = [*"0123456789", "년", "간", "동안", "향후", " ", "~", "-", "∼", "2016", "2020", "개월", "가"]
    rnd = random.Random(37)
    for sentence in _texts(pieces, 20000, seed=37, most=12):
        a = rnd.randint(0, len(sentence))
        b = rnd.randint(a, len(sentence))
        if _Reader._MY_SPAN.search(sentence[a:b]):
            assert _Reader._MY_SPAN.search(sentence), sentence


def test_a_line_is_furniture_as_by_the_one_caption_pattern():
    # `_is_furniture` tries the credit caption only in a line holding ⓒ or ©: the same lines as the
    # one pattern of both captions
    import re

    from orchestration.extract.news import segment

    both = re.compile(
        r"^\s*(?:[▲△]|\[사진|\(사진|사진\s*[=:])[^▲△]*(?:ⓒ|©|사진\s*제공|제공\s*\)?\s*$|DB\s*$)"
        r"|^(?!.*(?:무단|저작권|재배포|Copyright|All rights)).{0,80}[ⓒ©][^.。ⓒ©]{1,25}$"
    )
    pieces = [
        "▲",
        "△",
        "[사진",
        "(사진",
        "사진=",
        "사진 제공",
        "제공)",
        "DB",
        "ⓒ",
        "©",
        "뉴스1",
        " ",
        "모습",
        ".",
        "무단",
        "가" * 30,
    ]
    found = 0
    for line in _texts(pieces, 30000, seed=38, most=8):
        plain = not line or bool(segment._FURNITURE.match(line) or both.match(line))
        assert segment._is_furniture.__wrapped__(line) == plain, line
        found += plain
    assert found > 3000


def test_a_line_item_with_a_bullet_opens_with_it():
    # `_line_item` does not try `_LINE_ITEM` on a line holding a `.` that opens with no bullet: such
    # a line is an item only with a bullet (prose is not), and the bullet group matches only there
    from orchestration.extract.news import readers

    pieces = [
        *readers._ITEM_BULLETS,
        " ",
        "\t",
        "\u3000",
        "\xa0",
        "\x1c",
        "시스템 구축",
        ":",
        "6건",
        "(",
        "1.5",
        ".",
        "가",
        "12",
    ]
    for line in _texts(pieces, 30000, seed=39, most=8):
        m = readers._LINE_ITEM.match(line)
        if m and m.group("bullet"):
            assert line.lstrip().startswith(readers._ITEM_BULLETS), line
