"""What a news article's words mean: plan labels and their dimensions, scopes, the fiscal year,
the region, and the words of change (작년, 증가, 감소). Lexicons are data (`seeds/reference/plan_labels.csv`,
`orchestration/extract/lexicons/`)."""

from __future__ import annotations

import re
from collections import Counter as _Counter
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from orchestration.extract import lexicons
from orchestration.extract.lexicons import (
    _reference_rows,
    canonical_region,
)
from orchestration.extract.literals import all_required_words, required_words, words_pattern
from orchestration.extract.text import normalise_ws


@dataclass(frozen=True)
class _Label:
    dimension: str
    pattern: re.Pattern[str]
    label: str
    label_en: str


@cache
def plan_labels() -> tuple[_Label, ...]:
    """Canonical labels of `seeds/reference/plan_labels.csv` (scope / institution / type / ...)."""
    out = []
    for row in _reference_rows("plan_labels"):
        pattern = re.compile(row["label_raw_pattern"], re.IGNORECASE)
        out.append(_Label(row["dimension"], pattern, row["label"], row.get("label_en", "")))
    return tuple(out)


_TRAILING_ALIAS = re.compile(r"\s*\(\s*[A-Za-z0-9 ./&-]+\s*\)\s*$")


_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_LEADING_CONJUNCTION = re.compile(r"^(?:및|그리고|또)\s+")


@lru_cache(maxsize=1 << 14)
def _clean_label(raw: str) -> str:
    """A label trimmed of spaces, separators and a leading conjunction (cached: a pure function,
    asked for each part's label several times)."""
    raw = normalise_ws(raw).strip(" ,·:：-")
    raw = _LEADING_CONJUNCTION.sub("", raw)
    return raw


@lru_cache(maxsize=1 << 14)
def canonical_label(dimension: str, raw: str) -> str:
    """The reference label for a breakdown label (`25개 자치구` -> `자치구`), else the label trimmed,
    without a trailing English alias in parentheses (`스마트팜(Smart Farm)` -> `스마트팜`). Cached: a
    pure function of its arguments, asked for each part's label more than once, and each answer
    tries every reference label's pattern."""
    cleaned = _clean_label(raw)
    bare = _TRAILING_PARENS.sub("", cleaned).strip() or cleaned
    if dimension == "region":
        return canonical_region(bare) or bare  # `서울시` -> `서울특별시`
    for candidate in (cleaned, bare):
        for row in plan_labels():
            if row.dimension == dimension and row.pattern.fullmatch(candidate):
                return row.label
    return _TRAILING_ALIAS.sub("", cleaned) or cleaned


@lru_cache(maxsize=1 << 14)
def _label_dimension(raw: str) -> str | None:
    """The dimension a breakdown label names (`서울시` -> region), by the reference labels (cached:
    a pure function of the label, and every label is tried against every row twice)."""
    cleaned = _clean_label(raw)
    bare = _TRAILING_PARENS.sub("", cleaned).strip() or cleaned
    for candidate in (cleaned, bare):
        for row in plan_labels():
            if row.dimension != "scope" and row.pattern.fullmatch(candidate):
                return row.dimension
    return None


_SCOPE_NOUNS = ("사업", "분야", "부문", "예산", "투자")  # a scope is named before one of these


@cache
def _scope_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for row in plan_labels():
        if row.dimension == "scope":
            # a word of its own: `도시기반정보화 분야` is a field of the plan, not the plan's scope
            pat = re.compile(
                rf"(?<![가-힣])(?:{row.pattern.pattern})\s*(?:관련\s*)?(?:{'|'.join(_SCOPE_NOUNS)})",
                re.IGNORECASE,
            )
            out.append((pat, row.label))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _scope_of(text: str) -> tuple[str, int] | None:
    """The plan scope a clause speaks of (`스마트도시 분야` -> smart_city), with its position
    (cached: a pure function, asked again of the same labels, headings and clauses)."""
    if not any(noun in text for noun in _SCOPE_NOUNS):
        return None  # (every scope pattern ends in one of them: no pattern is tried)
    best: tuple[str, int] | None = None
    for pat, label in _scope_res():
        m = pat.search(text)
        if m and label != "all":
            return label, m.start()
        if m and best is None:
            best = (label, m.start())
    return best


_PRIOR_WORDS = re.compile(r"(?:작년|지난해|전년(?:도)?|前年)")


_GROWTH_WORDS = re.compile(r"(?:증가|늘어|늘었|늘린|늘려|확대|증액|상승|감소|줄어|줄었|줄인|감액|축소|하락)")


_DECREASE = re.compile(r"(?:감소|줄어|줄었|줄인|감액|축소|하락)")


_JOBS = re.compile(r"(?:일자리|고용\s*창출|고용\s*효과)")


_DIMENSION_KEYS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:사업\s*)?유형별|형태별|사업\s*성격별"), "type"),
    (re.compile(r"(?:발주\s*)?기관별|주체별|기관\s*규모"), "institution"),
    (re.compile(r"(?:발주\s*)?시기별|분기별|발주\s*시기"), "quarter"),
    (re.compile(r"분야별|부문별|기술별|영역별"), "category"),
    (re.compile(r"시\s*·?\s*도\s*별|광역\s*(?:자치\s*단체|시\s*·?\s*도)\s*별|지역별|권역별"), "region"),
)


# every match of a dimension keyword holds one of these words (derived from the patterns)
_DIMENSION_WORDS = words_pattern(all_required_words([pat for pat, _ in _DIMENSION_KEYS]))


def _dimension_named(text: str) -> str | None:
    """The dimension the first of `_DIMENSION_KEYS` found in `text` names (`기관별로는` ->
    institution). A text without one of their words (most chunks of a sentence) is not searched
    five times."""
    if _DIMENSION_WORDS is not None and not _DIMENSION_WORDS.search(text):
        return None
    return next((dim for pat, dim in _DIMENSION_KEYS if pat.search(text)), None)


# The headline or lead speaks of the whole country.
_NATIONAL = re.compile(
    r"전국\s*(?:지자체|지방\s*자치\s*단체|광역|시\s*·?\s*도)|중앙\s*행정\s*기관|국가\s*정보화"
)


# A name that is a field of spending, not a program: `빅데이터 관련사업에 188억원`.
_CATEGORY_NAME = re.compile(r"(?:관련|분야|부문)$")


_YEAR_PLAN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:년\s*)?(?:도\s*)?(?:[가-힣]{1,8}\s*){0,3}?정보화\s*(?:사업|예산|계획|시행계획)"
)


_THIS_YEAR = re.compile(r"올해|금년|올\s*한\s*해")
_NEXT_YEAR = re.compile(r"(?:새해|내년도?)\s*(?:[가-힣]{1,8}\s*){0,2}?정보화\s*(?:사업|예산)")


# every match of `_YEAR_PLAN` holds one of these words (derived from it): other lines are not searched
_YEAR_PLAN_WORDS = words_pattern(required_words(_YEAR_PLAN))


def _fiscal_year(lines: list[str], published_on: date | None) -> int | None:
    planned = [ln for ln in lines if _YEAR_PLAN_WORDS is None or _YEAR_PLAN_WORDS.search(ln)]
    candidates = [int(m.group(1)) for line in planned for m in _YEAR_PLAN.finditer(line)]
    if published_on is not None and not candidates and any(_NEXT_YEAR.search(line) for line in lines):
        return published_on.year + 1  # `새해 정보화 사업에 …`, `내년도 정보화사업 …` written in December
    if published_on is not None:
        for year in candidates:
            if year in (published_on.year, published_on.year + 1):
                return year
        if any(_THIS_YEAR.search(line) for line in lines):
            return published_on.year
    if candidates:
        return _Counter(candidates).most_common(1)[0][0]
    return published_on.year if published_on else None


def _doc_region(lines: list[str], headline: list[int], body: list[int]) -> str | None:
    votes: _Counter[str] = _Counter()
    first: dict[str, int] = {}
    for weight, idxs in ((3, headline), (1, body)):
        for i in idxs:
            for pos, reg in lexicons.region_mentions(lines[i]):
                votes[reg] += weight
                first.setdefault(reg, i * 10_000 + pos)
    if not votes:
        return None
    top = max(votes.values())
    return min((r for r, v in votes.items() if v == top), key=lambda r: first[r])


# a topic or subject particle right after a name (`부산시는`, `경기도가`), not the start of a longer word
_TOPIC_PARTICLE = re.compile(r"(?:이|가|은|는|도)(?![가-힣])")


def _subject_region(sentence: str) -> str | None:
    """The region a sentence is about when it opens with one (`부산시는 올해 ...`)."""
    m = lexicons.region_re().search(sentence[:20])
    if m and _TOPIC_PARTICLE.match(sentence, m.end("alias")):
        return lexicons.region_by_alias()[m.group("alias")]
    return None
