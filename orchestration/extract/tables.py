"""The segment stage for tables: a table under its unit line, however it was flattened.

Tables reach us flattened by tabs, runs of spaces, single spaces, pipes or box-drawing
characters, one row per line, one cell per line, or a whole table on one line. Read as a stream
of cells, they are all one shape: a header of column names, then rows of a label followed by one
cell per column. The header fixes how many cells a row has; the unit line (`(단위 : 개, 억원, %)`)
what the numbers are in. Page numbers and a header repeated after a page break are skipped; a
row cut off is dropped, never guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from orchestration.extract.lexicons import lexicon, measure_of, measures
from orchestration.extract.literals import all_required_words, with_first_chars, words_pattern
from orchestration.ingest.formats.model import SourceTable

_UNIT_LINE = re.compile(
    r"단\s*위\s*[:：]?\s*(?P<units>(?:천원|백만원|억원|만원|원|명|건|개|%|조원)(?:\s*[,·/]\s*(?:천원|백만원|억원|만원|원|명|건|개|%|조원))*)"
)
_CELL_SEP = re.compile(r"[\t|│┃┆┊║]+|\s+")
_NUMBER = re.compile(r"^[△▲-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^[△▲-]?\d+(?:\.\d+)?%?$")
_DASHES = frozenset({"-", "–", "—", "ㅡ", "−"})
_PAGE_NUMBER = re.compile(r"^\s*[-–—]\s*\d{1,3}\s*[-–—]\s*$")
_RULE_LINE = re.compile(r"^[\s|:\-─━┼┬┴├┤┌┐└┘=+]{3,}$")  # `|---|---|`, `────`; a lone `-` is a cell
_NOTE = re.compile(r"^\s*(?:※|\*|주\s*\)|자료\s*[:：]|출처\s*[:：])")
_PROSE = re.compile(r"(?:다|요|함|음|임|됨)\.?\s*$")
_BULLETS = re.compile(r"^(?:[○◦●□■◆◇▶▷•·]+|-(?=\s+[^\d\s-]))")  # a lone `-` is an empty cell


@dataclass(frozen=True)
class Column:
    name: str
    role: str  # year | total | note | staffing | audit | plan | measure | other
    field: str = ""  # the staffing / audit / plan field, or a measure name
    value: str = ""  # amount | rate | count (what a cell of this column is)
    year: int | None = None


@dataclass
class Row:
    label: str
    cells: list[str]
    line_start: int
    line_end: int


@dataclass
class Table:
    units: list[str]
    caption: str | None
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    line_start: int = 0  # of the unit line
    line_end: int = 0

    @property
    def money_unit(self) -> str | None:
        return next((u for u in self.units if u.endswith("원")), None)

    def lines(self) -> set[int]:
        return set(range(self.line_start, self.line_end + 1))


@cache
def _column_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["role"], r["field"], re.compile(r["pattern"])) for r in lexicon("columns"))


@cache
def _any_column() -> re.Pattern[str]:
    """Every column and measure pattern in one: a name it does not match is of no known role."""
    rows = [*lexicon("columns"), *lexicon("measures")]
    return with_first_chars(re.compile("|".join(f"(?:{r['pattern']})" for r in rows)))


_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_SYLLABLE = re.compile(r"[가-힣]")
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=1 << 14)
def classify_column(name: str) -> Column:
    """The role of a column name (cached: a pure function of the name, and a Column is frozen)."""
    key = _SPACES.sub("", name)
    if not _any_column().search(key):
        return Column(name, "other")
    for role, fld, pattern in _column_patterns():
        if pattern.search(key):
            if role == "year":
                return Column(name, role, year=int(_YEAR.search(key).group(0)))  # type: ignore[union-attr]
            value = (
                "rate"
                if fld in ("share", "growth")
                else "count"
                if role in ("staffing", "audit", "plan")
                else ""
            )
            return Column(name, role, fld, value)
    found = measure_of(key)
    if found:
        return Column(name, "measure", found[0], found[1])
    return Column(name, "other")


_NUMBER_STARTS = frozenset("△▲-")  # a number cell starts with one of these or a digit (`_NUMBER`)


def is_cell_number(token: str) -> bool:
    first = token[:1]
    if first.isdecimal() or first in _NUMBER_STARTS:  # (`\d` is Unicode category Nd: isdecimal)
        return bool(_NUMBER.match(token)) or token in _DASHES
    return token in _DASHES  # a word: the pattern is not tried


def join_spaced(tokens: list[str]) -> list[str]:
    """`총 무 과` -> `총무과`, `합 계` -> `합계`: runs of single syllables are one word spaced out."""
    out: list[str] = []
    run: list[str] = []
    for tok in [*tokens, ""]:
        if len(tok) == 1 and _SYLLABLE.match(tok):
            run.append(tok)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if tok:
            out.append(tok)
    return out


class _Tok(NamedTuple):  # a cell of the stream and its line
    text: str
    line: int


_HARD_SEP = re.compile(r"[\t|│┃┆┊║]+")
_LONE_SYLLABLE = re.compile(r"(?<!\S)[가-힣](?!\S)")  # a word of one syllable


@lru_cache(maxsize=1 << 14)
def _line_cells(text: str) -> tuple[str, ...]:
    """A line's cells. Tabs and pipes always separate; within spaces, a run of single syllables is
    one word spaced out (`총 무 과`), split where the gap widens (`구    분       계` -> 구분, 계)."""
    out: list[str] = []
    for segment in _HARD_SEP.split(_BULLETS.sub("", text.strip())):
        if not _LONE_SYLLABLE.search(segment):  # no single syllable: the words are the cells
            out.extend(_WORD.findall(segment))
            continue
        run: list[tuple[str, int, int]] = []
        for m in _WORD.finditer(segment):
            tok = m.group(0)
            if len(tok) == 1 and _SYLLABLE.match(tok):
                run.append((tok, m.start(), m.end()))
                continue
            if run:
                out.extend(_join_run(run))
                run = []
            out.append(tok)
        out.extend(_join_run(run))
    return tuple(out)


def _join_run(run: list[tuple[str, int, int]]) -> list[str]:
    if len(run) < 2:
        return [t for t, _, _ in run]
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(run)]
    smallest = min(gaps)
    words: list[str] = [run[0][0]]
    for gap, (tok, _, _) in zip(gaps, run[1:], strict=True):
        if gap > smallest + 1:
            words.append(tok)
        else:
            words[-1] += tok
    return words


# A number cell (`_NUMBER`, or a dash) standing as a whole cell between separators (`_CELL_SEP`):
# one search says whether any cell of a line is a number, without splitting it.
_NUMBER_CELL = re.compile(
    r"(?<![^\t|│┃┆┊║\s])"
    rf"(?:{_NUMBER.pattern.replace('^', '').replace('$', '')}|{'|'.join(map(re.escape, sorted(_DASHES)))})"
    r"(?![^\t|│┃┆┊║\s])"
)


@lru_cache(maxsize=1 << 14)
def _has_numbers(text: str) -> bool:
    """Whether a cell of the line (split by `_CELL_SEP`) is a number."""
    return _NUMBER_CELL.search(text) is not None


def _stream_lines(lines: list[str], start: int, col: int, limit: int) -> list[tuple[int, str]]:
    """The lines (number, stripped text) whose cells make the stream after a unit line, to the end of
    the table: a note, prose, or a blank after rows (unless cells come again right after it, as
    when a page break splits a table)."""
    out: list[tuple[int, str]] = []
    blank_after_cells = False
    has_cells = False
    for n in range(start, min(len(lines), start + limit) + 1):
        text = lines[n - 1][col:] if n == start else lines[n - 1]
        stripped = text.strip()
        if n > start:
            if not stripped:
                blank_after_cells = has_cells
                continue
            if _PAGE_NUMBER.match(stripped) or _RULE_LINE.match(stripped):
                continue
            if _NOTE.match(stripped) or _UNIT_LINE.search(stripped):
                break
            if _PROSE.search(stripped) and len(stripped) > 30 and not _has_numbers(stripped):
                break
            if blank_after_cells and not _has_numbers(stripped):
                following = [lines[m - 1] for m in range(n + 1, min(len(lines), n + 10) + 1)]
                if not any(_has_numbers(f) for f in following[:9]):
                    break
        out.append((n, stripped))
        has_cells = has_cells or bool(_line_cells(stripped))
    return out


@lru_cache(maxsize=1 << 14)
def _has_number_cell(text: str) -> bool:
    """Whether a cell of the line as `_line_cells` cuts it is a number (`is_cell_number`)."""
    return any(is_cell_number(c) for c in _line_cells(text))


_YEAR_CELL = re.compile(r"[’'‘]?((?:19|20)\d{2})(?:년도?)?")
_GROUP_HEADER = re.compile(r"별$")


def _header(toks: list[_Tok]) -> tuple[list[Column], int]:
    """The columns, and the index in the stream where the first row's label starts."""
    k = 0
    while k < len(toks) and not is_cell_number(toks[k].text):
        k += 1
    if k < len(toks) and _YEAR_CELL.fullmatch(toks[k].text):
        # `구분 2013 2014 … 2017 [합계]`: years as columns (a year is a number: it follows the text)
        columns: list[Column] = []
        while k < len(toks) and (m := _YEAR_CELL.fullmatch(toks[k].text)):
            columns.append(Column(toks[k].text, "year", year=int(m.group(1))))
            k += 1
        while k < len(toks) and not is_cell_number(toks[k].text):
            col = classify_column(toks[k].text)
            if col.role not in ("total", "note"):
                break
            columns.append(col)
            k += 1
        return columns, k
    text = toks[:k]
    first_row = k
    if k < len(toks) and len({t.line for t in text}) > 1:
        # a row per line: the words on the first number's line are that row's label
        on_row = [i for i, t in enumerate(text) if t.line == toks[k].line]
        if on_row:
            first_row = on_row[0]
    one_line = k < len(toks) and all(t.line == toks[k].line for t in text)
    columns = []
    carry = ""
    for j in range(first_row):
        name = carry + text[j].text
        col = classify_column(name)
        if (
            col.role == "other"
            and j + 1 < first_row
            and classify_column(name + text[j + 1].text).role != "other"
        ):
            carry = name  # `전년대비 증감률`, `집행 률`: one column written in two words
            continue
        if col.role == "other" and one_line and columns:
            first_row = j  # a header and a row on one line: the row's label starts here
            break
        carry = ""
        if col.role == "label" or (col.role == "other" and _GROUP_HEADER.search(name)):
            continue  # the row-name column, or a group header (`직종별 현원`) over columns below
        if col.role != "other" and any((c.role, c.field) == (col.role, col.field) for c in columns):
            continue  # `과부족 직종별 현원 / 소계 일반직 …`: a group header over the columns below
        columns.append(col)  # (classify_column(name) is a frozen Column named `name`)
    if columns and columns[-1].role == "total" and first_row == k:
        # `… 공무직 / 계 / 74 / 68 …` (a cell per line): a 합계 word right before numbers is a row
        columns.pop()
        first_row = k - 1
    if first_row == k and len({t.line for t in text}) > 1:
        # a cell per line: the last line of words, none of a known role, after known columns is
        # the first row's label (`… 불용액 / 집행률 / 교통정보 재구축 / 3,739,220`)
        last_line = text[-1].line
        tail = [t for t in text if t.line == last_line]
        if len(tail) < len(text) and all(classify_column(t.text).role == "other" for t in tail):
            names = {t.text for t in tail}
            while columns and columns[-1].role == "other" and columns[-1].name in names | {"".join(names)}:
                columns.pop()
            first_row = k - len(tail)
    return columns, first_row


def _strip_header_words(words: list[str]) -> list[str]:
    """A header repeated after a page break sits before the next row's label: cut it."""
    roles = [classify_column(t).role for t in words]
    heads = [i for i, r in enumerate(roles) if r not in ("other", "total")]
    if len(heads) >= 2:
        return words[heads[-1] + 1 :] or words
    return words


def read_table(
    lines: list[str], line_no: int, col: int, units: list[str], caption: str | None
) -> Table | None:
    streamed = _stream_lines(lines, line_no, col, limit=80)
    if not any(_has_number_cell(text) for _, text in streamed):
        return None  # no figure to place (a prose line naming two measures): no header is read
    toks = [_Tok(t, n) for n, text in streamed for t in _line_cells(text)]
    columns, k = _header(toks)
    if not columns:
        return None
    table = Table(units, caption, columns, line_start=line_no, line_end=line_no)
    has_note = columns[-1].role == "note"
    need = len(columns) - (1 if has_note else 0)
    while k < len(toks):
        label: list[_Tok] = []
        while k < len(toks) and not is_cell_number(toks[k].text):
            label.append(toks[k])
            k += 1
        words = _strip_header_words([t.text for t in label])
        if not words or len(words) > 10:
            break
        cells: list[_Tok] = []
        while k < len(toks) and len(cells) < need and is_cell_number(toks[k].text):
            cells.append(toks[k])
            k += 1
        if len(cells) < need:
            break  # cut off, or prose: nothing is guessed
        if has_note:  # a 비고 cell is words: the rest of the row's line
            while k < len(toks) and toks[k].line == cells[-1].line and not is_cell_number(toks[k].text):
                k += 1
        table.rows.append(Row(" ".join(words), [c.text for c in cells], label[0].line, cells[-1].line))
        table.line_end = cells[-1].line
    return table if table.rows else None


_OPEN_PAREN_TAIL = re.compile(r"\([^()]*$")
_CAPTION_CUTS = re.compile(r"[※○□■◆●▶]|\?\?|\d+\.\s|\(\s*$")
_AS_OF_TAIL = re.compile(r"\([^()]*기준[^()]*$")
_MONEY_UNIT_NEAR = re.compile(r"\(\s*(천원|백만원|억원|만원|원)\s*\)")


def _caption(lines: list[str], n: int, at: int) -> str | None:
    head = _OPEN_PAREN_TAIL.sub("", lines[n - 1][:at])  # `인력 (’21. 9. 30. 기준, ` -> `인력`
    head = _CAPTION_CUTS.split(head)[-1].strip(" -:·(")
    m = 1
    while not head and n - m >= 1 and m <= 3:
        prev = lines[n - m - 1].strip()
        if prev and not _PAGE_NUMBER.match(prev) and not _NOTE.match(prev):
            head = _BULLETS.sub("", re.sub(r"^(?:[0-9]+|[가-하]|[ⅠⅡⅢⅣⅤ])[.)]\s*", "", prev)).strip()
        m += 1
    head = _AS_OF_TAIL.sub("", head).strip(" (")
    return head[:60] or None


_HEADER_ROLES = ("measure", "staffing", "audit", "plan")


@cache
def _header_words() -> re.Pattern[str] | None:
    r"""Any of the words one of which every column name of a header role holds: read from the column
    and measure patterns as they match a cell, which holds no whitespace (`예\s*산` holds `예산` there)."""
    patterns = [p for role, _, p in _column_patterns() if role in _HEADER_ROLES]
    return words_pattern(all_required_words([*patterns, *(p for p, _, _ in measures())], spaceless=True))


def _may_name_columns(line: str) -> bool:
    """Whether a cell of the line may name a column of a header role: the line without its whitespace
    (every cell is a piece of it, a spaced-out word joined) holds one of `_header_words`."""
    words = _header_words()
    return words is None or words.search("".join(line.split())) is not None


@lru_cache(maxsize=1 << 14)
def _header_line(line: str) -> bool:
    """A line of column names with no unit line above it (`| 회계별 | 예산현액(A) | 지출액 누계(B) |`,
    `구 분 정원 현원 과부족`): two or more columns of a known role, and no figures."""
    if not _may_name_columns(line):
        return False
    cells = _line_cells(line.strip())  # (the key `_stream_lines` caches the line's cells under)
    if len(cells) < 3 or any(is_cell_number(c) and not _YEAR_CELL.fullmatch(c) for c in cells):
        return False
    known = (c for c in cells if classify_column(c).role in _HEADER_ROLES)
    return next(known, None) is not None and next(known, None) is not None  # two are enough


def _units_near(lines: list[str], n: int) -> list[str]:
    """A unit stated on the header's line or the two lines above it (`(천원)`, `단위: 명`)."""
    for k in range(n, max(0, n - 3), -1):
        m = _MONEY_UNIT_NEAR.search(lines[k - 1])
        if m:
            return [m.group(1)]
    return []


def _column_of(name: str) -> Column:
    if m := _YEAR_CELL.fullmatch(name.replace(" ", "")):
        return Column(name, "year", year=int(m.group(1)))
    return classify_column(name)


def _is_figure(cell: str) -> bool:
    return bool(cell) and is_cell_number(cell.replace(" ", "")) and cell not in _DASHES


def _unit_line_above(lines: list[str], first: int) -> tuple[int, list[str]] | None:
    """The unit line (`(단위: 천원, %)`) within the three lines above a table, and its units."""
    for n in range(first - 1, max(0, first - 4), -1):
        if m := _UNIT_LINE.search(lines[n - 1]):
            return n, [u.strip() for u in re.split(r"[,·/]", m.group("units")) if u.strip()]
    return None


def table_from_cells(lines: list[str], source: SourceTable) -> Table | None:
    """A table the source gave as cells (PDF, HWP, HWPX, HTML): its header rows name the columns, the
    leading columns with no figures are the row label, and every other cell stays in its column —
    nothing is re-guessed from a flattened line. None when no column is of a known role."""
    rows = [list(r) for r in source.rows]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    head = 0  # header rows: at least what the source says, and every leading row with no figure
    while head < len(rows) and (head < source.header_rows or not any(_is_figure(c) for c in rows[head][1:])):
        head += 1
    body = rows[head:]
    if not body or not head:
        return None
    labels = 0
    while labels < width - 1 and not any(_is_figure(r[labels]) for r in body):
        labels += 1
    if not labels:
        return None
    columns = []
    for j in range(labels, width):
        names = [rows[i][j] for i in range(head) if rows[i][j]]
        columns.append(_column_of(" ".join(dict.fromkeys(names))))
    if not any(c.role not in ("other", "label") for c in columns):
        return None
    above = _unit_line_above(lines, source.line_start - (1 if source.caption else 0))
    units = above[1] if above else ([source.unit] if source.unit else _units_near(lines, source.line_start))
    first = above[0] if above else source.line_start
    caption = source.caption or _caption(lines, first, 0)
    table = Table(units or ["원"], caption, columns, line_start=first, line_end=source.line_end)
    has_note = columns[-1].role == "note"
    for i, row in enumerate(body):
        line = source.line_start + head + i
        label = " ".join(join_spaced(" ".join(row[:labels]).split()))  # `총 무 과` as in a flattened row
        cells = [c.replace(" ", "") or "-" for c in row[labels : width - (1 if has_note else 0)]]
        if not label or not all(is_cell_number(c) for c in cells):
            continue  # a group header or a note row inside the table: no figures to place
        table.rows.append(Row(label, cells, line, line))
    return table if table.rows else None


def find_tables(
    lines: list[str], skip: set[int] | None = None, given: Sequence[SourceTable] = ()
) -> list[Table]:
    """Every table whose lines no other reader took: the source's own tables read as cells
    (`given`), then, in the text, tables under a unit line (`(단위 : 천원, %)`), or, without one,
    under a header line of known columns (then amounts are in 원 unless a `(천원)` stands beside
    it)."""
    skip = skip or set()
    out: list[Table] = []
    taken: set[int] = set()
    for source in given:
        table = table_from_cells(lines, source)
        if table is not None and not table.lines() & (skip | taken):
            out.append(table)
            taken |= table.lines()
    for n, line in enumerate(lines, start=1):
        if n in skip or n in taken:
            continue
        table = None
        for m in _UNIT_LINE.finditer(line):
            units = [u.strip() for u in re.split(r"[,·/]", m.group("units")) if u.strip()]
            end = line.find(")", m.end())
            col = end + 1 if end >= 0 and end - m.end() < 8 else m.end()
            table = read_table(lines, n, col, units, None)
            if table is not None:
                table.caption = _caption(lines, n, m.start())  # (read once a table is found)
                break
        if table is None and _header_line(line):
            units = _units_near(lines, n) or ["원"]
            table = read_table(lines, n, 0, units, None)
            if table is not None:
                table.caption = _caption(lines, n, 0)
        if table is None or table.lines() & skip:
            continue
        out.append(table)
        taken |= table.lines()
    return sorted(out, key=lambda t: t.line_start)
