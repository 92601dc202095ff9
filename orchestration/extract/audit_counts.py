"""Council audit counts stated in prose, in any document.

Councils and the press report a 행정사무감사 by counting its findings by kind (`시정요구 21건,
처리요구 17건, 건의 74건 등 모두 112건`) and its follow-up by status (`436건 중 완료 253건, 추진중
147건, 장기검토 36건`), one line for all findings or one per kind (`시정요구 62건 : 완료 41건, …`),
sometimes with the statuses in the next sentence (`지적한 53건에 대한 조치 결과 … 완료 30건`). Each
line with such counts, in a document that speaks of an audit, becomes rows of AuditSummary: one
per kind and one (`계`) for the total. Kinds and statuses are a lexicon (`lexicons/audit_terms.csv`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from orchestration.extract.lexicons import lexicon
from orchestration.extract.literals import required_words, with_first_chars, words_pattern
from orchestration.extract.records import AuditSummary

_AUDIT_DOC = re.compile(r"감사")
_DIGIT = re.compile(r"\d")
_CONTEXT = re.compile(r"감사|지적|처리\s*결과|처리\s*현황|조치\s*결과|총\s*괄")
_TOTAL = re.compile(
    r"(?:총|모두|계|총\s*괄)\s*[:：]?\s*(?P<a>\d[\d,]*)\s*건|(?P<b>\d[\d,]*)\s*건\s*(?:중|가운데|에\s*대한|을\s*지적|를\s*지적)"
    r"|등\s*(?P<c>\d[\d,]*)\s*건|지적\s*(?:사항\s*)?(?P<d>\d[\d,]*)\s*건"
)


@cache
def _terms() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(kind or status, canonical, pattern): what a count's word means."""
    return tuple((r["term"], r["canonical"], re.compile(r["pattern"])) for r in lexicon("audit_terms"))


@cache
def _term_re() -> re.Pattern[str]:
    alt = "|".join(f"(?P<t{i}>{p.pattern})" for i, (_, _, p) in enumerate(_terms()))
    return with_first_chars(
        re.compile(rf"(?:{alt})\s*(?:건수)?\s*[:：]?\s*(?P<n>\d[\d,]*)\s*(?:건|개)?(?![\d.%])")
    )


@cache
def _term_words() -> re.Pattern[str] | None:
    """Any of the words one of which every kind or status count holds (derived from the lexicon)."""
    return words_pattern(required_words(_term_re()))


@cache
def _group_end_words() -> re.Pattern[str] | None:
    return words_pattern(required_words(_GROUP_END))


@cache
def _total_words() -> re.Pattern[str] | None:
    return words_pattern(required_words(_TOTAL))


def _holds_any(text: str, words: re.Pattern[str] | None) -> bool:
    """Whether a pattern whose every match holds one of `words` may match in `text` (a scan for the
    words alone is much cheaper than the search; None: the pattern names no word, so it may)."""
    return words is None or words.search(text) is not None


def audit_kind(label: str) -> str | None:
    """The kind a table row or a phrase names (`시정요구`, `시정·처리요구사항`, `건의`), by the lexicon."""
    for term, canonical, pattern in _terms():
        if term == "kind" and pattern.search(label):
            return canonical
    return None


@dataclass
class _Row:
    kind: str
    line: int
    total: int | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)


def _counts(text: str) -> tuple[list[tuple[str, str, int, int]], list[tuple[int, int]]]:
    """(term, canonical, count, position) of each kind or status count, and (total, position)."""
    if not _DIGIT.search(text):
        return [], []  # (every count and total holds a digit)
    found = []
    for m in _term_re().finditer(text) if _holds_any(text, _term_words()) else ():
        i = next(int(k[1:]) for k, v in m.groupdict().items() if k.startswith("t") and v)
        term, canonical, _ = _terms()[i]
        found.append((term, canonical, int(m.group("n").replace(",", "")), m.start()))
    totals = []
    for m in _TOTAL.finditer(text) if _holds_any(text, _total_words()) else ():
        value = next(v for k, v in m.groupdict().items() if v)
        totals.append((int(value.replace(",", "")), m.start()))
    return found, totals


def read_audit_counts(lines: list[str], skip: set[int], year: int | None) -> list[tuple[_Row, int | None]]:
    if not any(_AUDIT_DOC.search(line) for line in lines):
        return []
    rows: list[_Row] = []
    open_total: _Row | None = None  # a total whose statuses may follow in the next sentence
    for n, segment in _segments(lines, skip):
        found, totals = _counts(segment)
        kinds = [f for f in found if f[0] == "kind"]
        statuses = [f for f in found if f[0] == "status"]
        if open_total is not None and n - max(open_total.lines) > 4:
            open_total = None
        if not kinds and not statuses and not (totals and _CONTEXT.search(segment)):
            continue
        near = " ".join(lines[max(0, n - 4) : n])
        if not kinds and not _CONTEXT.search(near):
            continue  # `완료 5건` outside an audit's follow-up
        total = totals[0][0] if totals else None
        if kinds and statuses and len({k[1] for k in kinds}) == 1 and (total is None or total == kinds[0][2]):
            # `시정요구 62건 : 완료 41건, 추진중 19건`: one kind and its follow-up
            _merge(rows, _Row(kinds[0][1], n, kinds[0][2], {s[1]: s[2] for s in statuses}, {n}))
            continue
        for k in kinds:
            _merge(rows, _Row(k[1], n, k[2], {}, {n}))
        if total is not None or (statuses and not kinds):
            if total is None and open_total is not None and not open_total.statuses:
                row = open_total  # `지적한 53건에 대한 조치 결과 …. 완료 30건, 추진중 12건`
                row.lines.add(n)
            else:
                row = _merge(rows, _Row("계", n, total, {}, {n}))
            row.statuses.update({s[1]: s[2] for s in statuses if s[1] not in row.statuses})
            open_total = row if not row.statuses else None
    return [(r, _year_of(lines, r.line, year)) for r in rows]


_GROUP_END = re.compile(r"(?:등|모두)\s*\d[\d,]*\s*건\S*")


def _segments(lines: list[str], skip: set[int]):
    """Each line, cut after every `등 N건`: `A위원회가 … 등 48건을, B위원회가 … 등 64건을` is two groups."""
    for n, line in enumerate(lines, start=1):
        if n in skip:
            continue
        start = 0
        for m in _GROUP_END.finditer(line) if _holds_any(line, _group_end_words()) else ():
            yield n, line[start : m.end()]
            start = m.end()
        if line[start:].strip():
            yield n, line[start:]


def _merge(rows: list[_Row], new: _Row) -> _Row:
    """The same count stated twice (`436건` in the subtitle and the body, a kind in the summary and
    again with its follow-up) is one row."""
    for row in rows:
        if row.kind == new.kind and row.total == new.total and abs(row.line - new.line) <= 12:
            for k, v in new.statuses.items():
                row.statuses.setdefault(k, v)
            row.lines |= new.lines
            return row
    rows.append(new)
    return new


_AUDIT_YEAR = re.compile(r"((?:19|20)\d{2})\s*년\s*도?\s*행정\s*사무\s*감사")


def _year_of(lines: list[str], line: int, year: int | None) -> int | None:
    for n in range(line, max(0, line - 20), -1):
        m = _AUDIT_YEAR.search(lines[n - 1])
        if m:
            return int(m.group(1))
    return year


def audit_records(lines: list[str], skip: set[int], year: int | None, prov) -> list[AuditSummary]:
    out = []
    for row, audit_year in read_audit_counts(lines, skip, year):
        s = row.statuses
        out.append(
            AuditSummary(
                **prov(row.lines),
                audit_year=audit_year,
                kind=row.kind,
                total=row.total,
                completed=s.get("completed"),
                in_progress=s.get("in_progress"),
                under_review=s.get("under_review"),
                not_reflected=s.get("not_reflected"),
            )
        )
    return out
