"""Document metadata: from a `<name>.meta.json` sidecar when there is one, inferred from the text otherwise.

Inference reads what such documents print: a byline date (`승인 2021.01.21 11:15`,
`기사입력 : 2023년01월25일`), a report's cover date (`2021. 9.`), the kind (업무보고-style reports are
work reports, everything else news), the title (the first meaningful line) and the region.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

METADATA_FIELDS = ("title", "publisher", "published_on", "kind", "region", "notes")
# news: articles about plans; work_report: a bureau's report to its council; council_minutes: a
# council's minutes (결산 제안설명, 예산사업 추진상황); review_report: a council expert's 검토보고서;
# budget_table: a budget document or 결재문서 that is mostly tables. Every kind gets the generic layer.
KINDS = ("news", "work_report", "council_minutes", "review_report", "budget_table")


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None = None
    publisher: str | None = None
    published_on: date | None = None
    published_precision: str | None = None  # day | month | year
    kind: str = "news"
    region: str | None = None
    notes: str | None = None

    def to_json(self) -> dict:
        out = asdict(self)
        out["published_on"] = self.published_on.isoformat() if self.published_on else None
        return out


# --- dates -------------------------------------------------------------------------------------

_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # byline / publication stamps first: they date the document itself
    (
        re.compile(
            r"(?:승인|기사입력|입력|등록|발행|게재|수정)\s*[:：]?\s*(\d{4})[.\-/년]\s*(\d{1,2})[.\-/월]\s*(\d{1,2})"
        ),
        "day",
    ),
    (re.compile(r"(?<!\d)(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일"), "day"),
    (re.compile(r"(?<![\d.])(\d{4})[.\-/]\s*(\d{1,2})[.\-/]\s*(\d{1,2})(?![\d])"), "day"),
)
_MONTH_LINE = re.compile(r"^\s*(\d{4})\s*[.년]\s*(\d{1,2})\s*[.월]?\s*$")
_YEAR_HINT = re.compile(r"(?<!\d)((?:19|20)\d{2})년(?!\s*(?:까지|부터|엔|에는|이후|말|도까지))")


def _year_spoken_of(text: str) -> int | None:
    """The year a document speaks of as its present: caption-like lines weigh most, targets
    (`2015년까지`, `2020년엔`) not at all."""
    scores: dict[int, int] = {}
    for line in text.splitlines():
        weight = 3 if len(line.strip()) <= 40 else 1
        for m in _YEAR_HINT.finditer(line):
            scores[int(m.group(1))] = scores.get(int(m.group(1)), 0) + weight
    if not scores:
        return None
    return max(scores, key=lambda y: (scores[y], -y))


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        out = date(y, m, d)
    except ValueError:
        return None
    return out if 1990 <= y <= 2100 else None


def infer_published_on(text: str, *, head_lines: int = 40) -> tuple[date | None, str | None]:
    """The document's own date, with its precision; None when the text gives none."""
    head = "\n".join(text.splitlines()[:head_lines])
    for pattern, precision in _DATE_PATTERNS:
        for m in pattern.finditer(head):
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if found:
                return found, precision
    for line in text.splitlines()[:head_lines]:
        m = _MONTH_LINE.match(line)
        if m:
            found = _valid(int(m.group(1)), int(m.group(2)), 1)
            if found:
                return found, "month"
    year = _year_spoken_of(text)
    if year is not None and 1990 <= year <= 2100:
        return date(year, 1, 1), "year"
    return None, None


# --- kind, title, region -----------------------------------------------------------------------

_WORK_REPORT_MARKERS = re.compile(
    r"업\s*무\s*보\s*고|행정사무감사\s*처리결과|세입\s*·?\s*세출\s*예산|임시회|정례회|예산현액"
)


# What the first page of each kind says of itself.
_MINUTES_MARKERS = re.compile(
    r"회\s*의\s*록|의사\s*일정|\(\s*\d{1,2}시\s*\d{1,2}분\s*(?:개의|산회|개회)|^\s*[○◯]\s*\S+\s+(?:위원장|위원|의원)",
    re.M,
)
_REVIEW_MARKERS = re.compile(r"검\s*토\s*보\s*고\s*서?|전문\s*위원")
_TABLE_DOC_MARKERS = re.compile(r"결재\s*문서|문서\s*번호|결재\s*일자|공개\s*여부")


def infer_kind(text: str) -> str:
    """The kind a document is, from what its first pages say of themselves: minutes (회의록, speakers
    `○위원장 …`, `(14시 03분 개의)`), a review report (검토보고서), a 결재문서, a work report
    (업무보고, 임시회, 예산현액), else news."""
    head = text[:20000]
    if re.search(r"업\s*무\s*보\s*고", text[:3000]):
        return "work_report"
    if len(_MINUTES_MARKERS.findall(head)) >= 2:
        return "council_minutes"
    if _REVIEW_MARKERS.search(text[:3000]):
        return "review_report"
    if len(_TABLE_DOC_MARKERS.findall(text[:3000])) >= 2:
        return "budget_table"
    hits = len(_WORK_REPORT_MARKERS.findall(head))
    return "work_report" if hits >= 2 else "news"


def _join_spaced_letters(line: str) -> str:
    """`주 요 업 무 보 고` -> `주요업무보고` (letters spaced out by PDF extraction)."""
    return line.replace(" ", "") if re.fullmatch(r"(?:\S )+\S", line) else line


_FURNITURE = re.compile(
    r"^(HOME|전체기사|최신뉴스|상단여백|여백|※|\[|KYD|GAM|Photo|사진|관련 통계|이 기사를|댓글|Back to Top)",
)


def infer_title(text: str, kind: str) -> str | None:
    """The first meaningful line: long enough, not navigation, not a date stamp."""
    lines = [ln.strip() for ln in text.splitlines()]
    if kind == "work_report":
        head = [_join_spaced_letters(ln) for ln in lines[:12] if ln]
        title = " ".join(ln for ln in head[:2])
        return re.sub(r"\s+", " ", title) or None
    for ln in lines[:30]:
        if len(ln) < 12 or _FURNITURE.match(ln):
            continue
        if re.search(r"기자|승인|기사입력|입력\s*:", ln):
            continue
        return ln
    return next((ln for ln in lines if ln), None)


_REGIONS = (
    ("서울특별시", ("서울특별시", "서울시")),
    ("부산광역시", ("부산광역시", "부산시")),
    ("대구광역시", ("대구광역시", "대구시")),
    ("인천광역시", ("인천광역시", "인천시")),
    ("광주광역시", ("광주광역시", "광주시")),
    ("대전광역시", ("대전광역시", "대전시")),
    ("울산광역시", ("울산광역시", "울산시")),
    ("세종특별자치시", ("세종특별자치시", "세종시")),
    ("경기도", ("경기도",)),
    ("강원특별자치도", ("강원특별자치도", "강원도")),
    ("충청북도", ("충청북도", "충북도")),
    ("충청남도", ("충청남도", "충남도")),
    ("전북특별자치도", ("전북특별자치도", "전라북도", "전북도")),
    ("전라남도", ("전라남도", "전남도")),
    ("경상북도", ("경상북도", "경북도")),
    ("경상남도", ("경상남도", "경남도")),
    ("제주특별자치도", ("제주특별자치도", "제주도")),
)


def infer_region(text: str) -> str | None:
    """The region a document is about: the one named clearly most; None for a multi-region text."""
    counts = {name: sum(text.count(a) for a in aliases) for name, aliases in _REGIONS}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] == 0:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1] and ranked[1][1] >= 2:
        return None
    return ranked[0][0]


def infer_metadata(text: str) -> DocumentMetadata:
    kind = infer_kind(text)
    published_on, precision = infer_published_on(text)
    return DocumentMetadata(
        title=infer_title(text, kind),
        published_on=published_on,
        published_precision=precision,
        kind=kind,
        region=infer_region(text),
    )


# --- sidecars ----------------------------------------------------------------------------------


def sidecar_path(document: Path) -> Path:
    return document.with_name(document.stem + ".meta.json")


def is_sidecar(path: Path) -> bool:
    """Files that travel with a document and are not documents: its metadata, and the labels
    `ict-warehouse eval` scores it against (a labelled folder can be built as it is)."""
    return path.name.endswith((".meta.json", ".truth.json", ".expected.json"))


# Reading and checking a sidecar (a regular file only, field by field) is ingest/sidecar.py.


def merge_metadata(sidecar: dict | None, inferred: DocumentMetadata) -> tuple[DocumentMetadata, str]:
    """Sidecar values win; missing ones are inferred. Returns the metadata and its origin.

    `sidecar` holds values already checked by ingest/sidecar.py (validate_sidecar)."""
    if sidecar is None:
        return inferred, "inferred"
    values = asdict(inferred)
    filled_from_text = False
    for key in (*METADATA_FIELDS, "published_precision"):
        if key in sidecar and sidecar[key] not in (None, ""):
            values[key] = sidecar[key]
        elif key in METADATA_FIELDS and key not in ("notes", "publisher", "region") and values.get(key):
            filled_from_text = True
    published = values.get("published_on")
    if isinstance(published, str):
        try:
            values["published_on"] = date.fromisoformat(published)
        except ValueError:
            values["published_on"] = inferred.published_on
            filled_from_text = True
    if values.get("published_precision") is None and values.get("published_on"):
        values["published_precision"] = "day"
    if values.get("kind") not in KINDS:
        values["kind"] = inferred.kind
        filled_from_text = True
    return DocumentMetadata(**values), ("sidecar+inferred" if filled_from_text else "sidecar")
