"""Korean amounts, table numbers, negatives and rates -> integers and fractions.

Hand-written because the amounts in public documents mix units (천원 tables, 억/만/조 prose),
negative markers (△, ▲, $\\triangle …$) and OCR noise; the one Korean-number library on PyPI
reads `4억3000만원` wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Units a table or a sentence states its money in, as multipliers to KRW.
UNIT_MULTIPLIERS: dict[str, int] = {
    "원": 1,
    "천원": 1_000,
    "만원": 10_000,
    "백만원": 1_000_000,
    "천만원": 10_000_000,
    "억원": 100_000_000,
    "조원": 1_000_000_000_000,
}

_LATEX_TRIANGLE = re.compile(r"\$\s*\\triangle\s*([^$]*?)\s*\$")
_NEGATIVE_MARKS = "△▲▵∆Δ-−–"
_EMPTY_CELLS = {"", "-", "_", "—", "–", "−", "·", "ㅡ"}


def normalise_cell(cell: str) -> str:
    """Unwrap LaTeX-ish negatives (`$\\triangle 1,520,723$` -> `△1,520,723`) and trim."""
    cell = _LATEX_TRIANGLE.sub(lambda m: "△" + m.group(1), cell)
    cell = cell.replace("\\%", "%").replace("$", "")
    return cell.strip()


def is_empty_cell(cell: str) -> bool:
    return normalise_cell(cell) in _EMPTY_CELLS


_TABLE_NUMBER = re.compile(r"^(?P<neg>[△▲▵∆Δ\-−–]\s*)?(?P<num>\d{1,3}(?:,\s?\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")


def parse_table_number(cell: str) -> int | None:
    """A table cell such as `1,234`, `△1,234`, `124, 140` -> int; empty markers -> None.

    Raises ValueError for a cell that is not a number, so a caller can tell an empty cell
    (None) from a cell it failed to read.
    """
    text = normalise_cell(cell)
    if text in _EMPTY_CELLS:
        return None
    if text in {"O", "o"}:  # OCR of a lone 0
        return 0
    m = _TABLE_NUMBER.match(text)
    if not m or m.group("frac"):
        raise ValueError(f"not a table number: {cell!r}")
    value = int(re.sub(r"[,\s]", "", m.group("num")))
    return -value if m.group("neg") else value


def try_table_number(cell: str) -> int | None:
    """Like parse_table_number but None for anything unreadable."""
    try:
        return parse_table_number(cell)
    except ValueError:
        return None


def looks_like_table_number(cell: str) -> bool:
    text = normalise_cell(cell)
    return bool(_TABLE_NUMBER.match(text)) and "." not in text


_RATE = re.compile(r"^(?P<neg>[△▲▵∆Δ\-−–]\s*)?(?P<num>\d+(?:[.,]\d+)?)\s*%?$")

# Rate cells that state something other than a number.
RATE_WORDS = {"순증": "net_new", "순감": "net_cut", "皆増": "net_new"}


def parse_rate(cell: str) -> float | None:
    """`51.1%` -> 0.511, `△76.7%` -> -0.767, `순증`/`-`/`_` -> None. Raises on anything else."""
    text = normalise_cell(cell)
    if text in _EMPTY_CELLS or text in RATE_WORDS:
        return None
    m = _RATE.match(text)
    if not m:
        raise ValueError(f"not a rate: {cell!r}")
    value = float(m.group("num").replace(",", ".")) / 100
    value = round(value, 6)
    return -value if m.group("neg") else value


def try_rate(cell: str) -> float | None:
    try:
        return parse_rate(cell)
    except ValueError:
        return None


def looks_like_rate(cell: str) -> bool:
    text = normalise_cell(cell)
    return text in RATE_WORDS or (bool(_RATE.match(text)) and "%" in text)


@dataclass(frozen=True)
class Amount:
    """An amount read from prose: integer KRW plus how it was written."""

    krw: int
    unit: str  # the largest unit written (억원, 만원, 천원, ...)
    approximate: bool = False  # 5억여원, 약 3천억 원
    text: str = ""
