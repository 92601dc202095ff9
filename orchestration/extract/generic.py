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
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from orchestration.extract.amounts import UNIT_MULTIPLIERS, find_amounts, find_percents
from orchestration.extract.lexicons import lexicon, region_mentions
from orchestration.extract.normalise import normalise_lines
from orchestration.extract.records import BudgetStatement, Extraction

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


@cache
def _measures() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple((re.compile(r["pattern"]), r["measure"], r["value"]) for r in lexicon("measures"))


def measure_of(label: str) -> tuple[str, str, re.Match[str]] | None:
    """The measure a label or header names (`집행잔액` -> unspent_krw), the first in lexicon order."""
    for pattern, measure, value in _measures():
        m = pattern.search(label)
        if m:
            return measure, value, m
    return None


# --- document context ---------------------------------------------------------------------------

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
        for pattern, measure, kind in _measures():
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


def subject_kind(subject: str) -> str:
    if re.search(r"(?:^|\s)(?:계|합계|총계|소계)$|소관|전체|총괄", subject):
        return "total"
    if re.search(r"회계$", subject):
        return "account"
    if re.search(r"(?:담당관|사무국|본부|사업소|센터|[국과실단])$", subject):
        return "organisation"
    return "program"


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


# --- tables ---------------------------------------------------------------------------------------

_UNIT_LINE = re.compile(r"[(\[<〈]?\s*단\s*위\s*[:：]?\s*(천원|백만원|억원|만원|원)\s*[)\]>〉]?")
_CELL_SPLIT = re.compile(r"[\s|│┃┆┊]+")
_NUMBER = re.compile(r"^[△▲-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^[△▲-]?\d+(?:\.\d+)?%?$")
_EMPTY = {"-", "–", "—", "ㅡ"}
_YEAR_TOKEN = re.compile(r"^(?:’|')?((?:19|20)\d{2})\s*년?도?$")
_HEADER_WORDS = re.compile(
    r"^(?:구\s*분|사업명|세부\s*사업(?:명)?|단위\s*사업|부서(?:명)?|항목|과목|회계|연도|년도|비고)$"
)
_MARKER = re.compile(r"\([A-Z가-힣](?:[+\-/×][A-Z가-힣])*\)$|\([A-Z]$")
_PROSE_END = re.compile(r"(?:다|요|함|음|임)\.?$")


@dataclass
class _Token:
    text: str
    line: int


def _tokens(lines: list[str], start: int, first_col: int, limit: int = 40) -> list[_Token]:
    """The cells after a unit line: the rest of its line and the lines below, up to prose."""
    out: list[_Token] = []
    for n in range(start, min(len(lines), start + limit) + 1):
        text = lines[n - 1][first_col:] if n == start else lines[n - 1]
        stripped = text.strip()
        if n > start and (not stripped or (_PROSE_END.search(stripped) and len(stripped) > 40)):
            if out:
                break
            continue
        for cell in _CELL_SPLIT.split(stripped):
            if cell:
                out.append(_Token(cell, n))
        if n > start and _UNIT_LINE.search(text):
            break
    return out


def _number(text: str, unit: str, *, rate: bool) -> int | float | None:
    if text in _EMPTY:
        return None
    neg = text[0] in "△▲-"
    digits = text.lstrip("△▲-").rstrip("%").replace(",", "")
    value = float(digits)
    if rate or text.endswith("%"):
        return (-value if neg else value) / 100
    krw = round(value * UNIT_MULTIPLIERS[unit])
    return -krw if neg else krw


def _is_cell_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) or text in _EMPTY


def _stem(label: str) -> str:
    """`신속집행 대상(A)` -> `신속집행`: the row label without its measure word and marker."""
    label = _MARKER.sub("", label).strip()
    found = measure_of(label)
    if found:
        label = (label[: found[2].start()] + label[found[2].end() :]).strip()
    return re.sub(r"\s+", " ", label).strip(" ·,")


def read_table(lines: list[str], line_no: int, col: int, unit: str, caption: str | None) -> list[_Statement]:
    toks = _tokens(lines, line_no, col)
    k = 0
    while k < len(toks) and _HEADER_WORDS.match(toks[k].text):
        k += 1
    years: list[int] = []
    measures: list[tuple[str, str]] = []
    while k < len(toks) and (m := _YEAR_TOKEN.match(toks[k].text)):
        years.append(int(m.group(1)))
        k += 1
    if not years:
        while k < len(toks) and not _is_cell_number(toks[k].text):
            found = measure_of(toks[k].text)
            if found is None and not _HEADER_WORDS.match(toks[k].text):
                break
            measures.append((found[0], found[1]) if found else ("", ""))
            k += 1
        if not any(m for m, _ in measures):
            return []
    width = len(years) or len(measures)
    header_line = toks[0].line if toks else line_no
    rows: list[tuple[str, list[str], int, int]] = []
    while k < len(toks):
        label: list[_Token] = []
        while k < len(toks) and not _is_cell_number(toks[k].text):
            label.append(toks[k])
            k += 1
        if not label or len(label) > 8:
            break
        cells: list[_Token] = []
        while k < len(toks) and len(cells) < width and _is_cell_number(toks[k].text):
            cells.append(toks[k])
            k += 1
        if len(cells) < width:
            break  # a row cut off (or prose): nothing is guessed
        rows.append((" ".join(t.text for t in label), [c.text for c in cells], label[0].line, cells[-1].line))
    out: list[_Statement] = []
    source = "\n".join(lines[header_line - 1 : (rows[-1][3] if rows else header_line)]) if rows else ""
    if years:
        per_year: dict[int, dict[str, int | float]] = {y: {} for y in years}
        subject = None
        last = header_line
        for label, cells, _, end in rows:
            found = measure_of(label)
            if not found:
                continue
            measure, kind = found[0], found[1]
            subject = subject or _stem(label) or caption
            last = end
            for y, cell in zip(years, cells, strict=True):
                value = _number(cell, unit, rate=kind == "rate")
                if value is not None:
                    per_year[y].setdefault(measure, value)
        for y in years:
            if per_year[y] and subject:
                out.append(_Statement(subject, (header_line, last), source, per_year[y], unit, y, "table"))
        return out
    for label, cells, _, end in rows:
        values: dict[str, int | float] = {}
        for (measure, kind), cell in zip(measures, cells, strict=True):
            if not measure:
                continue
            value = _number(cell, unit, rate=kind == "rate")
            if value is not None:
                values.setdefault(measure, value)
        year_m = _YEAR_TOKEN.match(label)
        subject = (caption or label) if year_m else label
        if values and subject:
            out.append(
                _Statement(
                    subject,
                    (header_line, end),
                    source,
                    values,
                    unit,
                    int(year_m.group(1)) if year_m else None,
                    "table",
                )
            )
    return out


def _caption(line: str, at: int, prev: str | None) -> str | None:
    head = re.split(r"[※○□■◆●▶?]|\d+\.\s", line[:at])[-1].strip(" -:·")
    if not head and prev:
        head = prev.strip(" -:·○□■◆●▶")
    return head[:60] or None


def read_tables(lines: list[str], skip: set[int]) -> tuple[list[_Statement], set[int]]:
    out: list[_Statement] = []
    seen: set[int] = set()
    for i, line in enumerate(lines, start=1):
        if i in skip:
            continue
        for m in _UNIT_LINE.finditer(line):
            prev = next((ln for ln in reversed(lines[: i - 1]) if ln.strip()), None)
            statements = read_table(lines, i, m.end(), m.group(1), _caption(line, m.start(), prev))
            statements = [s for s in statements if not (set(range(s.lines[0], s.lines[1] + 1)) & skip)]
            out.extend(statements)
            for s in statements:
                seen.update(range(s.lines[0], s.lines[1] + 1))
    return out, seen


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
    """Budget statements of any document. `taken_lines` are lines a kind's extractor already read:
    they are not read again."""
    lines = normalise_lines(text or "")
    taken = set(taken_lines or ())
    year = fiscal_year or document_fiscal_year(lines, published_on)
    doc_region = region or document_region(lines)
    tables, table_lines = read_tables(lines, taken)
    prose = read_prose(lines, taken | table_lines, year)
    records = []
    for st in [*tables, *prose]:
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
    figure_lines = {n for st in tables for n in range(st.lines[0], st.lines[1] + 1)}
    return Extraction(
        kind="generic",
        records=records,
        figure_lines=figure_lines,
        fiscal_year=year,
        region=doc_region,
    )
