"""The figures of a sentence: amounts (조/억/만/천 groups, hedges), counts (and whether they count
projects), percentages; thresholds (`5억원 이상`) are not figures."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from orchestration.extract.amounts import (
    Amount,
    Count,
    find_amounts,
    find_counts,
    find_percents,
)
from orchestration.extract.lexicons import (
    is_project_count,
)
from orchestration.extract.literals import required_words, words_pattern
from orchestration.extract.news.segment import _sentences


class _Fig(NamedTuple):
    """One figure of a sentence (immutable: `_figures` caches them; a named tuple, since a
    sentence's figures are made by the thousand and a tuple is made faster than a frozen dataclass)."""

    kind: str  # amount | count | percent
    start: int
    end: int
    amount: Amount | None = None
    count: Count | None = None
    percent: float | None = None
    project: bool = False  # a count of projects (lexicons.is_project_count)


_DIGIT = re.compile(r"\d")
_START = attrgetter("start")


_THRESHOLD = re.compile(r"\s*(?:이상|이하|미만|초과)(?![가-힣]*\s*(?:증가|늘))")


def _figures(text: str) -> list[_Fig]:
    return list(_figures_in(text))


# every threshold holds one of these words (derived from the pattern): a text with none has none
_THRESHOLD_WORDS = words_pattern(required_words(_THRESHOLD))


@lru_cache(maxsize=1 << 14)
def _figures_in(text: str) -> tuple[_Fig, ...]:
    if not _DIGIT.search(text):
        return ()  # every amount, count and percentage holds a digit: skip the three scans
    # `사업비 5억원 이상 512건`, `2억 원 이상의 주요 사업`: a threshold, not an amount of anything
    amounts = find_amounts(text)
    if amounts and (_THRESHOLD_WORDS is None or _THRESHOLD_WORDS.search(text)):
        amounts = [(s, e, a) for s, e, a in amounts if not _THRESHOLD.match(text, e)]
    figs: list[_Fig] = [_Fig("amount", s, e, amount=a) for s, e, a in amounts]
    spans = [(s, e) for s, e, _ in amounts]
    # a count that overlaps an amount is part of it; counts never overlap one another (one
    # left-to-right scan of them), so a count is compared with the amounts only
    for s, e, c in find_counts(text):
        if _disjoint(spans, s, e):
            figs.append(_Fig("count", s, e, count=c, project=is_project_count(c.counter, text[e : e + 12])))
    taken = [(f.start, f.end) for f in figs]
    for s, e, p in find_percents(text):
        if _disjoint(taken, s, e):
            figs.append(_Fig("percent", s, e, percent=p))
    return tuple(sorted(figs, key=_START))


def _disjoint(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps none of `spans`."""
    return all(e <= a or s >= b for a, b in spans)


def _has_figure(text: str) -> bool:
    """Whether `_figures(text)` would hold an amount or a count (a count overlapping an amount is
    dropped there, but then there is an amount), without the percentages and the overlap test."""
    return bool(_DIGIT.search(text)) and bool(find_amounts(text) or find_counts(text))


def _line_has_figure(line: str) -> bool:
    """`_has_figure(line)`, asked of the line's sentences when it has several: their amounts and
    counts were found (and cached) when they were read, the whole line's were not. No amount or
    count spans a sentence's end mark (`.`, `…`, `...`), and no pattern reads past one; only a
    lookbehind at a sentence's first character could see a `.` before it in the line
    (`...5억원`): such a line is asked whole."""
    spans = _sentences(line)
    if len(spans) < 2 or any(a and line[a - 1] == "." and not line[a].isspace() for a, _ in spans):
        return _has_figure(line)
    return any(_has_figure(line[a:b]) for a, b in spans)


def _amount_figs(figs: list[_Fig]) -> list[_Fig]:
    return [f for f in figs if f.kind == "amount"]


def _project_count(figs: list[_Fig]) -> _Fig | None:
    return next((f for f in figs if f.kind == "count" and f.project), None)


def _in_parens(text: str, start: int, end: int) -> bool:
    return text[:start].rstrip().endswith("(") and text[end:].lstrip().startswith(")")


def _paren_depth(text: str, pos: int) -> int:
    return max(0, text.count("(", 0, pos) - text.count(")", 0, pos))
