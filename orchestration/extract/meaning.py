"""The meaning stage shared by every reader: which year, which region, as of when, what kind of
subject. Pure functions over normalised lines."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from orchestration.extract.lexicons import region_mentions

_FISCAL_YEAR_PATTERNS = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*회계\s*연도"),
    re.compile(
        r"(?<!\d)((?:19|20)\d{2})\s*년\s*도?\s*(?:세입\s*·?\s*세출\s*)?(?:예산|결산|정보화|신속\s*집행)"
    ),
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*년도"),
)


def document_fiscal_year(lines: list[str], published_on: date | None) -> int | None:
    """The year a document's figures are for: `2014회계연도`, `2018년 신속집행 추진계획`, ..."""
    for pattern in _FISCAL_YEAR_PATTERNS:
        years = Counter(int(m.group(1)) for line in lines for m in pattern.finditer(line))
        if years:
            return years.most_common(1)[0][0]
    return published_on.year if published_on else None


def document_region(lines: list[str]) -> str | None:
    votes = Counter(reg for line in lines for _, reg in region_mentions(line))
    if not votes:
        return None
    (top, n), *rest = votes.most_common()
    return top if not rest or n > rest[0][1] else None


_AS_OF = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*[.년]\s*)?(?P<m>\d{1,2})\s*[.월]\s*(?:(?P<d>\d{1,2})\s*[.일]?\s*)?말?\s*(?:현재|기준)"
)


def as_of_date(text: str, year: int | None) -> str | None:
    m = _AS_OF.search(text)
    if not m:
        return None
    y = int(m.group("y")) if m.group("y") else year
    if y is None or not 1 <= int(m.group("m")) <= 12:
        return None
    if m.group("d"):
        return f"{y}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return f"{y}-{int(m.group('m')):02d}"


def subject_kind(subject: str) -> str:
    if re.search(r"(?:^|\s)(?:계|합계|총계|소계)$|소관|전체|총괄", subject):
        return "total"
    if re.search(r"회계$", subject):
        return "account"
    if re.search(r"(?:담당관|사무국|본부|사업소|센터|[국과실단])$", subject):
        return "organisation"
    return "program"
