"""Reading tables that the PDF/HWP extraction flattened into tab-separated lines.

A table is found by its header row(s) (the words of the report's standard forms: 예산현액,
원인행위, 징수액, 정원 ...), even when the header is half garbled. A data row is a label followed by
a fixed number of value cells; cells are read from the right, so labels broken into several
cells (`경성\t상적세의\t외수입`) stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from orchestration.extract.amounts import (
    RATE_WORDS,
    is_empty_cell,
    looks_like_rate,
    looks_like_table_number,
    normalise_cell,
    try_rate,
    try_table_number,
)
from orchestration.extract.literals import words_pattern

# Words of table headers, compared without spaces.
HEADER_WORDS = (
    "구분",
    "예산현액",
    "최종예산",
    "증감",
    "증감액",
    "증감률",
    "증감율",
    "징수",
    "집행액",
    "집행률",
    "원인행위",
    "지출액",
    "예상액",
    "사업명",
    "정원",
    "현원",
    "과부족",
    "소계",
    "일반직",
    "임기제",
    "운영직",
    "완료",
    "추진중",
    "검토중",
    "미반영",
)

# Value cells per row, by table kind.
VALUE_COUNT = {"staffing": 7, "revenue": 6, "expenditure_summary": 6, "expenditure_detail": 5, "task": 7}


_SPACES = re.compile(r"\s+")


_ANY_HEADER_WORD = words_pattern(frozenset(HEADER_WORDS))


@lru_cache(maxsize=8192)
def header_words(line: str) -> frozenset[str]:
    """The header words a line holds (cached: every table search scans every line). One scan for
    any of them first: most lines hold none, and each word is then not looked for on its own."""
    key = _SPACES.sub("", line)
    if _ANY_HEADER_WORD is not None and not _ANY_HEADER_WORD.search(key):
        return frozenset()
    return frozenset(w for w in HEADER_WORDS if w in key)


def table_kind(words: set[str]) -> str | None:
    """The kind of table a set of header words announces, or None."""
    if {"정원", "현원"} <= words:
        return "staffing"
    if "징수" in words:
        return "revenue"
    if "예상액" in words and ({"원인행위", "집행률", "예산현액"} & words):
        return "task"
    if "원인행위" in words:
        return "expenditure_detail"
    if ({"최종예산", "증감액", "증감"} & words) and ({"집행액", "집행률"} & words):
        return "expenditure_summary"
    return None


def is_value_cell(cell: str) -> bool:
    text = normalise_cell(cell)
    return (
        text == ""
        or is_empty_cell(text)
        or text in RATE_WORDS
        or text in {"O", "o"}
        or looks_like_table_number(text)
        or looks_like_rate(text)
    )


def is_filled_value(cell: str) -> bool:
    text = normalise_cell(cell)
    return bool(text) and not is_empty_cell(text) and is_value_cell(text)


def has_figure(line: str) -> bool:
    return bool(re.search(r"\d", line))


@dataclass(frozen=True)
class Row:
    """One data row: label and exactly `n` value cells (as written)."""

    line: int
    label_raw: str
    values: tuple[str, ...]
    part: int = 0  # position when one source line carries several interleaved rows
    parts: int = 1


def split_row(line_no: int, line: str, n: int) -> list[Row] | None:
    """The row(s) a line holds, or None if it is not a row of an n-value table.

    A line whose value cells each hold k space-separated values (`551,900 103,305`) holds k
    interleaved rows; their labels are returned joined, for the caller to split.
    """
    cells = line.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) < n:
        return None
    values, label_cells = cells[-n:], cells[:-n]
    label = " ".join(c.strip() for c in label_cells if c.strip())
    if label and not re.search(r"[^\d\s,.%△▲\-_()]", label):
        return None  # more value cells than the table has columns
    if all(is_value_cell(v) for v in values):
        if not any(is_filled_value(v) for v in values):
            return None
        return [Row(line_no, label, tuple(normalise_cell(v) for v in values))]
    tokens = [normalise_cell(v).split() for v in values]
    k = len(tokens[0])
    if k >= 2 and all(len(t) == k for t in tokens) and all(is_value_cell(x) for t in tokens for x in t):
        return [Row(line_no, label, tuple(t[i] for t in tokens), part=i, parts=k) for i in range(k)]
    return None


def as_int(cell: str) -> int | None:
    return try_table_number(cell)


def as_krw(cell: str, multiplier: int = 1000) -> int | None:
    value = try_table_number(cell)
    return None if value is None else value * multiplier


def as_rate(cell: str) -> float | None:
    return try_rate(cell)


def rate_tolerance(cell: str) -> float:
    """One unit of the last digit a stated rate shows, as a fraction (`65.9%` -> 0.001)."""
    text = normalise_cell(cell).rstrip("%")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return 10 ** (-decimals) / 100 + 1e-9


@dataclass
class TableBlock:
    kind: str
    header_lines: list[int]
    start: int  # first line (1-based), the first header line
    end: int  # last line holding a row or a header
    rows: list[Row]


def _header_group(lines: list[str], i: int) -> list[int]:
    """Indices (0-based) of the header lines starting at i, or [] if line i starts no header."""
    # the header words first: that cheap test rules out nearly every line before any row splitting
    here = header_words(lines[i])
    if not here:
        return []
    nxt = header_words(lines[i + 1]) if i + 1 < len(lines) else frozenset()
    if len(here) >= 2 or len(nxt) >= 2:
        if split_row(i + 1, lines[i], 5) or split_row(i + 1, lines[i], 6) or split_row(i + 1, lines[i], 7):
            return []
        group = [i]
        if i + 1 < len(lines) and len(nxt) >= 1 and not split_row(i + 2, lines[i + 1], 5):
            group.append(i + 1)
        return group
    return []


def find_tables(lines: list[str], kinds: set[str] | None = None) -> list[TableBlock]:
    """Every table of the known kinds, with its rows (header rows repeated at page breaks skipped)."""
    blocks: list[TableBlock] = []
    i = 0
    while i < len(lines):
        group = _header_group(lines, i)
        kind = table_kind(set().union(*(header_words(lines[g]) for g in group))) if group else None
        if not kind or (kinds and kind not in kinds):
            i += 1
            continue
        n = VALUE_COUNT[kind]
        block = TableBlock(kind, [g + 1 for g in group], group[0] + 1, group[-1] + 1, [])
        j = group[-1] + 1
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            rows = split_row(j + 1, line, n)
            if rows:
                block.rows.extend(rows)
                block.end = j + 1
                j += 1
                continue
            again = _header_group(lines, j)
            if again and table_kind(set().union(*(header_words(lines[g]) for g in again))) == kind:
                block.header_lines.extend(g + 1 for g in again)
                block.end = again[-1] + 1
                j = again[-1] + 1
                continue
            break
        blocks.append(block)
        i = max(block.end, i + 1)
    return blocks
