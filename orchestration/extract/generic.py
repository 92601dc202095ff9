"""The generic layer: budget and execution statements in any document, prose or table.

Council minutes, settlement reviews, 결재문서 and reports of kinds we have no extractor for state
figures in a small shared vocabulary (예산현액, 지출액, 집행잔액, 원인행위, 이월, 불용, 집행률;
`lexicons/measures.csv`). This layer binds each measure word to the figure right after it in a
sentence (`집행액은 1억 2180만 8000원이고 집행잔액은 6804만 2000원입니다`), names the subject from the
noun phrase before it, and reads tables under a unit line (`(단위 : 억원)`) whichever way they were
flattened, years as columns (one statement per year) or measures as columns (one per row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from orchestration.extract.amounts import find_amounts, find_percents
from orchestration.extract.audit_counts import audit_records
from orchestration.extract.lexicons import measures
from orchestration.extract.meaning import as_of_date, document_fiscal_year, document_region, subject_kind
from orchestration.extract.normalise import normalise_lines
from orchestration.extract.records import AuditSummary, BudgetStatement, Extraction, Record
from orchestration.extract.table_facts import Context, table_records
from orchestration.extract.tables import find_tables

GENERIC_EXTRACTOR = "generic"
GENERIC_EXTRACTOR_VERSION = "1.0.0"

AMOUNT_MEASURES = (
    "budget_krw",
    "committed_krw",
    "spent_krw",
    "unspent_krw",
    "carried_over_krw",
    "lapsed_krw",
    "target_krw",
)
RATE_MEASURES = ("execution_rate", "lapse_rate")


# --- prose ----------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?:[^.?!]|[.?!](?=\d))+(?:[.?!]|$)")  # a point inside 93.2% ends nothing
_GAP = re.compile(r"\s*(?:은|는|이|가|이며|:|：|으로|로|도)?\s*(?:총\s*|모두\s*|약\s*)?")
_STOP_TOKEN = re.compile(
    r"(?:을|를|의|에|에서|으로|로|께서|하고|하며|하면|드리면|위한|위해|관련된|관련한|대한|통한|등과|등의|"
    r"등을|이고|이며|에는|에도|까지|부터)$|^(?:\d{4}|먼저|다음으로|그리고|또한|및|등|중)$|회계\s*연도$|\d{4}년"
)
_FILLER = {"총", "전체", "금년도", "올해", "예산", "세출", "사업비", "소요", "예산은", "총액"}
_TRAILING_FILLER = re.compile(r"\s*(?:예산|사업비|집행\s*내역|지출\s*내역|집행\s*현황|내역|현황)$")
_PARTICLE_END = re.compile(r"(?:은|는|이|가|을|를|의)$")


@dataclass
class _Binding:
    measure: str
    value: int | float
    start: int  # of the measure word in the sentence
    unit: str | None = None


def _bindings(sentence: str) -> list[_Binding]:
    amounts = {s: (e, a) for s, e, a in find_amounts(sentence)}
    percents = {s: (e, p) for s, e, p in find_percents(sentence)}
    out: list[_Binding] = []
    pos = 0
    while pos < len(sentence):
        best: tuple[int, re.Match[str], str, str] | None = None
        for pattern, measure, kind in measures():
            m = pattern.search(sentence, pos)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), m, measure, kind)
        if best is None:
            break
        _, m, measure, kind = best
        gap = _GAP.match(sentence, m.end())
        at = gap.end() if gap else m.end()
        if kind == "amount" and at in amounts:
            end, amount = amounts[at]
            out.append(_Binding(measure, amount.krw, m.start(), amount.unit))
            pos = end
        elif kind == "rate" and at in percents:
            end, pct = percents[at]
            out.append(_Binding(measure, pct, m.start()))
            pos = end
        else:
            pos = m.end()
    return out


def _subject_before(text: str) -> str | None:
    """The noun phrase that ends right before a measure word: back to a particle or verb ending."""
    tokens = re.sub(r"[,()\[\]「」『』'\"‘’“”]", " ", text).split()
    out: list[str] = []
    for tok in reversed(tokens):
        if tok in _FILLER and not out:
            continue
        if out and _STOP_TOKEN.search(tok):
            break
        if not out and _STOP_TOKEN.search(tok) and not _PARTICLE_END.search(tok):
            break
        out.insert(0, _PARTICLE_END.sub("", tok) if not out else tok)
        if len(out) >= 5 or (len(out) > 1 and _PARTICLE_END.search(tok)):
            break
    subject = _TRAILING_FILLER.sub("", " ".join(out)).strip()
    return subject if len(subject) >= 2 and re.search(r"[가-힣A-Za-z]", subject) else None


@dataclass
class _Statement:
    subject: str
    lines: tuple[int, int]
    source: str
    values: dict[str, int | float] = field(default_factory=dict)
    unit: str | None = None
    fiscal_year: int | None = None
    layout: str = "prose"
    as_of: str | None = None


def read_prose(lines: list[str], skip: set[int], year: int | None) -> list[_Statement]:
    out: list[_Statement] = []
    for i, line in enumerate(lines, start=1):
        if i in skip or "\t" in line:
            continue
        for sm in _SENTENCE.finditer(line):
            sentence = sm.group(0)
            binds = _bindings(sentence)
            amounts = [b for b in binds if b.measure in AMOUNT_MEASURES]
            if not amounts or (len(binds) < 2 and amounts[0].measure == "budget_krw"):
                continue  # `예산 10억원` alone is a plan figure, not an execution statement
            subject = _subject_before(sentence[: binds[0].start])
            if subject is None:
                continue
            values: dict[str, int | float] = {}
            for b in binds:
                values.setdefault(b.measure, b.value)
            out.append(
                _Statement(
                    subject,
                    (i, i),
                    line,
                    values,
                    unit=amounts[0].unit,
                    fiscal_year=year,
                    as_of=as_of_date(sentence, year),
                )
            )
    return out


# --- the layer -----------------------------------------------------------------------------------


def extract_generic(
    text: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    taken_lines: set[int] | None = None,
    fiscal_year: int | None = None,
) -> Extraction:
    """Statements of any document: its tables (staffing, audit follow-up, plan splits, budgets by
    year or by program) and its execution statements in prose. `taken_lines` are lines a kind's
    extractor already read: they are not read again."""
    lines = normalise_lines(text or "")
    taken = set(taken_lines or ())
    year = fiscal_year or document_fiscal_year(lines, published_on)
    doc_region = region or document_region(lines)
    ctx = Context(doc_id, GENERIC_EXTRACTOR, GENERIC_EXTRACTOR_VERSION, year, doc_region, lines)
    records: list[Record] = []
    figure_lines: set[int] = set()
    skipped: dict[int, str] = {}
    table_lines: set[int] = set()
    for table in find_tables(lines, taken):
        table_lines |= table.lines()
        made = table_records(ctx, table)
        rows = {n for row in table.rows for n in range(row.line_start, row.line_end + 1)}
        figure_lines |= rows
        if not made:
            for n in rows:
                skipped[n] = "a table whose columns are not budget, staffing, audit or plan figures"
        records.extend(made)

    def prov(at: set[int]) -> dict:
        start, end = min(at), max(at)
        return {
            "line_start": start,
            "line_end": end,
            "source_text": "\n".join(lines[start - 1 : end]),
            "doc_id": doc_id,
            "extractor": GENERIC_EXTRACTOR,
            "extractor_version": GENERIC_EXTRACTOR_VERSION,
        }

    # a summary line above an audit table restates its rows: the table says more
    in_tables = {(r.kind, r.total) for r in records if isinstance(r, AuditSummary)}
    records.extend(
        r for r in audit_records(lines, taken | table_lines, year, prov) if (r.kind, r.total) not in in_tables
    )
    for st in read_prose(lines, taken | table_lines, year):
        v = st.values
        records.append(
            BudgetStatement(
                line_start=st.lines[0],
                line_end=st.lines[1],
                source_text=st.source,
                doc_id=doc_id,
                extractor=GENERIC_EXTRACTOR,
                extractor_version=GENERIC_EXTRACTOR_VERSION,
                subject=st.subject,
                subject_kind=subject_kind(st.subject),
                parent=None,
                region=doc_region,
                fiscal_year=st.fiscal_year if st.fiscal_year is not None else year,
                as_of=st.as_of,
                budget_krw=v.get("budget_krw"),  # type: ignore[arg-type]
                committed_krw=v.get("committed_krw"),  # type: ignore[arg-type]
                spent_krw=v.get("spent_krw"),  # type: ignore[arg-type]
                unspent_krw=v.get("unspent_krw"),  # type: ignore[arg-type]
                carried_over_krw=v.get("carried_over_krw"),  # type: ignore[arg-type]
                lapsed_krw=v.get("lapsed_krw"),  # type: ignore[arg-type]
                target_krw=v.get("target_krw"),  # type: ignore[arg-type]
                execution_rate=v.get("execution_rate"),
                lapse_rate=v.get("lapse_rate"),
                unit=st.unit,
                layout=st.layout,
            )
        )
    return Extraction(
        kind="generic",
        records=records,
        figure_lines=figure_lines,
        skipped=skipped,
        fiscal_year=year,
        region=doc_region,
    )
