"""The meaning stage shared by every reader: which year, which region, as of when, what kind of
subject. Pure functions over normalised lines."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from orchestration.extract.lexicons import NATIONAL, locality_mentions, region_mentions
from orchestration.extract.literals import with_first_chars

_FISCAL_YEAR_PATTERNS = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*회계\s*연도"),
    re.compile(
        r"(?<!\d)((?:19|20)\d{2})\s*년\s*도?\s*(?:세입\s*·?\s*세출\s*)?(?:예산|결산|정보화|신속\s*집행|주요\s*업무)"
    ),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*년도"),
)
# A report's cover date on a line of its own: `2021. 10.`, `2019. 6.`, `2022. 7. 19.`
_COVER_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*[.년]\s*\d{1,2}\s*[.월]?\s*(?:\d{1,2}\s*[.일]?\s*)?$")
# A title that opens with its year: `2015년 시·도별 정보화사업 현황`, `[2024년] 주요업무보고`
_TITLE_YEAR = re.compile(r"^\s*[\[(]?\s*((?:19|20)\d{2})\s*년(?!\s*\d)")
_TITLE_LINES = 10
# A title about the whole country: a comparison of regions, or central and local government.
_NATIONAL = re.compile(r"전국|시\s*·?\s*도\s*별|광역\s*자치\s*단체\s*별|중앙\s*행정\s*기관")


def _may_hold_year(line: str) -> bool:
    return "20" in line or "19" in line


def document_fiscal_year(lines: list[str], published_on: date | None) -> int | None:
    """The year a document's figures are for. Its title block says it first (`2018회계연도 …
    결산`, `2018년 신속집행 추진계획`, a cover date `2021. 10.`); later mentions are often other
    years it compares with (`2017회계연도의 81.6%보다`), so the first statement in text order wins."""
    # every pattern reads a year of `(?:19|20)\d{2}`: a line without `19` or `20` is not searched
    head = [ln for ln in [ln for ln in lines if ln.strip()][:_TITLE_LINES] if _may_hold_year(ln)]
    for pattern in (*_FISCAL_YEAR_PATTERNS[:2], _COVER_DATE, _TITLE_YEAR, _FISCAL_YEAR_PATTERNS[2]):
        for line in head:
            m = pattern.search(line)
            if m:
                return int(m.group(1))
    with_years = [ln for ln in lines if _may_hold_year(ln)]
    for pattern in _FISCAL_YEAR_PATTERNS:
        for line in with_years:
            m = pattern.search(line)
            if m:
                return int(m.group(1))
    return published_on.year if published_on else None


def document_region(lines: list[str]) -> str | None:
    """The region named most (a council or city hall counts: `대전광역시의회`), else the region of
    the 시·군·구 named most (`수원시의회` -> 경기도)."""
    head = " ".join([ln for ln in lines if ln.strip()][:_TITLE_LINES])
    if _NATIONAL.search(head):
        return NATIONAL  # `2012년 지방자치단체 정보화사업 시·도별 현황`: the whole country
    votes = Counter(reg for line in lines for _, reg in region_mentions(line))
    if not votes:
        votes = Counter(reg for line in lines for _, _, reg in locality_mentions(line))
    if not votes:
        return None
    (top, n), *rest = votes.most_common()
    return top if not rest or n > rest[0][1] else None


_AS_OF = with_first_chars(
    re.compile(
        r"(?:(?P<y>(?:19|20)\d{2})\s*[.년]\s*|[’'‘](?P<yy>\d{2})\s*\.\s*)?(?P<m>\d{1,2})\s*[.월]\s*(?:(?P<d>\d{1,2})\s*[.일]?\s*)?말?\s*(?:현재|기준)"
    )
)


def as_of_date(text: str, year: int | None) -> str | None:
    if "현재" not in text and "기준" not in text:
        return None  # (every match of _AS_OF ends in one of them: the search is skipped)
    m = _AS_OF.search(text)
    if not m:
        return None
    y = int(m.group("y")) if m.group("y") else 2000 + int(m.group("yy")) if m.group("yy") else year
    if y is None or not 1 <= int(m.group("m")) <= 12:
        return None
    if m.group("d"):
        return f"{y}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return f"{y}-{int(m.group('m')):02d}"


_TOTAL_SUBJECT = with_first_chars(re.compile(r"(?:^|\s)(?:계|합계|총계|소계)$|소관|전체|총괄"))
_ACCOUNT_SUBJECT = re.compile(r"회계$")
_ORGANISATION_SUBJECT = re.compile(r"(?:담당관|사무국|본부|사업소|센터|[국과실단])$")


def subject_kind(subject: str) -> str:
    if _TOTAL_SUBJECT.search(subject):
        return "total"
    if _ACCOUNT_SUBJECT.search(subject):
        return "account"
    if _ORGANISATION_SUBJECT.search(subject):
        return "organisation"
    return "program"
