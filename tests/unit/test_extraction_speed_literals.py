"""Words derived from a pattern are held by every match of it, and the prose shortcut built on them
binds what the plain path binds.

`literals.required_words` reads a pattern's parse tree; `prose_statements._bindings` skips a
sentence's figures when it holds no measure word and none of the measure phrases' words. Both are
checked on random texts made of the lexicons' own words, so a new pattern or phrase in a lexicon is
covered without editing this file.
"""

from __future__ import annotations

import random
import re

import pytest

from orchestration.extract import prose_statements as prose
from orchestration.extract.lexicons import lexicon
from orchestration.extract.literals import all_required_words, required_words

LEXICONS = ["measure_phrases", "measures", "columns", "audit_terms", "dimension_hints", "project_words"]


def _patterns() -> list[re.Pattern[str]]:
    return [re.compile(row["pattern"]) for name in LEXICONS for row in lexicon(name) if row.get("pattern")]


def _texts(patterns: list[re.Pattern[str]], n: int, seed: int) -> list[str]:
    words = sorted({w for p in patterns for w in re.findall(r"[가-힣]+", p.pattern)})
    pieces = [*words, *"0123456789", ",", ".", " ", "  ", "(", ")", "%", "억", "원", "가", "의", "은", "을"]
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10))) for _ in range(n)]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:집행|지출)된\s*$", {"집행", "지출"}),
        (r"예\s*산(?:\s*액)?", {"예"}),
        (r"\s*(?:을|를)\s*(?:모두\s*)?(?:집행|지출)(?:하|했)", {"집행", "지출"}),
        (r"ab+c", {"a"}),
        (r"(?:a|)b", {"b"}),
        (r"(?:a|)b?", None),
        (r"[가-힣]+", None),
        (r"(?i)abc", None),
    ],
)
def test_the_words_a_pattern_requires(pattern, words):
    assert required_words(re.compile(pattern)) == (frozenset(words) if words is not None else None)


def test_every_match_of_a_lexicon_pattern_holds_one_of_its_words():
    patterns = _patterns()
    for pattern in patterns:
        words = required_words(pattern)
        if words is None:
            continue
        for text in _texts([pattern], 300, seed=21):
            for m in pattern.finditer(text):
                if m.group(0):
                    assert any(w in m.group(0) for w in words), (pattern.pattern, text)


def test_words_of_several_patterns_are_none_when_one_pattern_has_none():
    assert all_required_words([re.compile("집행"), re.compile("[0-9]+")]) is None
    assert all_required_words([re.compile("집행"), re.compile("이월|불용")]) == {"집행", "이월", "불용"}


def test_in_a_text_without_whitespace_an_optional_space_does_not_end_a_word():
    assert required_words(re.compile(r"예\s*산(?:\s*액)?"), spaceless=True) == {"예산"}
    assert required_words(re.compile(r"예\s+산"), spaceless=True) == {"예"}  # `\s+` needs a space


SENTENCE_PIECES = [
    "예산현액은 ",
    "예산 ",
    "집행액 ",
    "집행률 ",
    "이월 ",
    "불용액은 ",
    "남은 ",
    "쓰지 못한 ",
    "34억 2957만 9000원",
    "3억원",
    "86.4%",
    "을 집행하였고",
    "은 다음연도로 이월하였으며",
    "이 불용되어",
    "의 집행률을 보였고",
    "아직 집행 실적이 없습니다",
    "스마트정보과는 ",
    "사업은 ",
    "10월 말 기준 ",
    "153대 ",
    ", ",
    ".",
    " ",
]


def test_a_sentence_skipped_for_holding_no_measure_word_binds_nothing_more(monkeypatch):
    rnd = random.Random(22)
    sentences = ["".join(rnd.choice(SENTENCE_PIECES) for _ in range(rnd.randint(1, 9))) for _ in range(4000)]
    shortcut = [prose._bindings.__wrapped__(s) for s in sentences]
    monkeypatch.setattr(prose, "_may_bind_by_phrase", lambda sentence: True)  # the plain path
    plain = [prose._bindings.__wrapped__(s) for s in sentences]
    assert shortcut == plain
    assert any(shortcut) and not all(shortcut)  # the texts exercise both paths


def test_audit_counts_read_with_the_word_tests_as_without(monkeypatch):
    from orchestration.extract import audit_counts

    pieces = [
        "시정요구 ",
        "처리요구 ",
        "건의사항 ",
        "기타 ",
        "완료 ",
        "추진중 ",
        "장기검토 ",
        "미반영 ",
        "총 ",
        "모두 ",
        "등 ",
        "지적 ",
        "중 ",
        "12",
        "3",
        "건",
        ", ",
        ": ",
        "감사 ",
        "예산 ",
        "다.",
    ]
    rnd = random.Random(23)
    docs = [
        ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))) for _ in range(rnd.randint(1, 6))]
        for _ in range(1500)
    ]
    shortcut = [audit_counts.read_audit_counts(lines, set(), 2023) for lines in docs]
    monkeypatch.setattr(audit_counts, "_holds_any", lambda text, words: True)  # the plain path
    plain = [audit_counts.read_audit_counts(lines, set(), 2023) for lines in docs]
    assert shortcut == plain
    assert any(shortcut)


def test_a_header_line_is_found_with_the_word_test_as_without(monkeypatch):
    from orchestration.extract import tables

    words = sorted(
        {
            w
            for name in ("columns", "measures")
            for row in lexicon(name)
            for w in re.findall(r"[가-힣]+", row["pattern"])
        }
    )
    spaced = [" ".join(w) for w in words[:20]]  # `정 원`, `집 행 액`: a header spaced out
    pieces = [
        *words,
        *spaced,
        " ",
        "  ",
        "\t",
        "|",
        "구분",
        "계",
        "2023",
        "12",
        "1,234",
        "△3",
        "-",
        "(A)",
        "가",
    ]
    rnd = random.Random(24)
    lines = ["".join(rnd.choice(pieces) + " " for _ in range(rnd.randint(1, 7))) for _ in range(6000)]
    shortcut = [tables._header_line.__wrapped__(line) for line in lines]
    monkeypatch.setattr(tables, "_may_name_columns", lambda line: True)  # the plain path
    plain = [tables._header_line.__wrapped__(line) for line in lines]
    assert shortcut == plain
    assert any(shortcut) and not all(shortcut)


def test_every_cell_of_a_header_role_holds_a_header_word():
    from orchestration.extract import tables

    words = tables._header_words()
    assert words is not None  # the lexicons' patterns all name words: the shortcut is in use
    cells = _texts(_patterns(), 20000, seed=25)
    for cell in ("".join(c.split()) for c in cells):
        if cell and tables.classify_column(cell).role in tables._HEADER_ROLES:
            assert words.search(cell), cell


def test_the_words_pattern_finds_a_text_holding_any_of_the_words():
    from orchestration.extract.literals import words_pattern

    words = frozenset({"집행", "집행액", "이월", "a.b"})
    pattern = words_pattern(words)
    assert pattern is not None and words_pattern(None) is None
    for text in [*_texts([re.compile("집행|이월|불용|a.b|axb")], 3000, seed=26), "axb", "a.b"]:
        assert bool(pattern.search(text)) == any(w in text for w in words), text


def test_every_match_of_a_prefiltered_code_pattern_holds_one_of_its_words():
    from orchestration.extract import amounts, audit_counts
    from orchestration.extract.news import meaning, segment
    from orchestration.extract.news.readers import _Reader

    patterns = [
        _Reader._MY_PLAN_PARTS,
        amounts._PERCENT_RE,
        segment._TAIL_START,
        meaning._YEAR_PLAN,
        audit_counts._TOTAL,
        audit_counts._GROUP_END,
        audit_counts._term_re(),
    ]
    for pattern in patterns:
        words = required_words(pattern)
        assert words is not None, pattern.pattern
        for text in [
            *_texts([pattern], 2000, seed=27),
            "hong@news.kr",
            "2024년 정보화 사업",
            "54개 실행과제",
        ]:
            for m in pattern.finditer(text):
                if m.group(0):
                    assert any(w in m.group(0) for w in words), (pattern.pattern, text)


# --- the characters a match starts with -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"집행\s*잔액|미\s*집행액|(?<![가-힣])잔\s*액", "[집미잔]"),
        (r"(?:최종|당초|총)?\s*예산", r"[최당총\s예]"),
        (r"(?:a|)b", "[ab]"),
        (r"x*y+", "[xy]"),
        (r"^(?=a)[a-c]", "[a-c]"),
        (r"\d{2,}년", r"[\d]"),
        (r"(?:a|)b?", None),  # can match the empty string: no character starts every match
        (r"x*", None),
        (r".a", None),
        (r"[^a]b", None),
        (r"(?i)abc", None),
        (r"(a)\1", "[a]"),
    ],
)
def test_the_characters_a_pattern_starts_with(pattern, chars):
    from orchestration.extract.literals import first_chars

    assert first_chars(re.compile(pattern)) == chars


TRICKY = [
    r"(?:최종|당초|총)?\s*예산\s*현액|세출\s*예산(?:\s*액)?|예\s*산(?:\s*액)?|대상(?=\s*\(|$)",
    r"(?<![가-힣])(?P<name>서울|부산)(?:의회|청)?(?:에서|은|는)?(?![가-힣])",
    r"(?:을|를|의)$|^(?:\d{4}|먼저|다음)$|회계\s*연도$|\d{4}년",
    r"(?:(?P<y>(?:19|20)\d{2})\s*[.년]\s*|[’'‘](?P<yy>\d{2})\s*\.\s*)?(?P<m>\d{1,2})\s*[.월]\s*말?\s*(?:현재|기준)",
    r"(?P<neg>[△▲\-]\s?)?(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s?(?:%|퍼센트)",
    r"(?:[○□│|→]\s*)*추진\s*내용",
]


def test_a_pattern_behind_its_first_characters_matches_what_it_matched():
    """Every lexicon pattern, the alternations built from them and some tricky constructs: the same
    matches, at the same places, with the same groups, searched from every position."""
    from orchestration.extract.lexicons import leftmost_measure
    from orchestration.extract.literals import first_chars, with_first_chars

    patterns = [*_patterns(), *map(re.compile, TRICKY)]
    patterns.append(re.compile("|".join(f"(?:{p.pattern})" for p in _patterns())))
    patterns.append(re.compile("# verbose\n 집 \\s* 행  # a comment at the end", re.VERBOSE))
    texts = [*_texts(patterns, 1500, seed=26), "서울은 2023. 10월 말 기준 △3.5% 추진 내용", ""]
    wrapped_any = 0
    for pattern in patterns:
        fast = with_first_chars(pattern)
        wrapped_any += fast is not pattern
        assert (fast is pattern) == (first_chars(pattern) is None)
        for text in texts:
            for pos in range(0, len(text) + 1, 4):
                a, b = pattern.search(text, pos), fast.search(text, pos)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (pattern, text)
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in fast.finditer(text)]
            assert pattern.sub("#", text) == fast.sub("#", text)
    assert wrapped_any > len(patterns) // 2  # the shortcut is in use for most of them
    assert leftmost_measure().pattern.startswith("(?=[")  # and on the measures of every sentence
