"""Korean amounts, table numbers, negatives and rates -> integers and fractions.

Hand-written because the amounts in public documents mix units (천원 tables, 억/만/조 prose),
negative markers (△, ▲, $\\triangle …$) and OCR noise; the one Korean-number library on PyPI
reads `4억3000만원` wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from orchestration.extract.literals import required_words, with_first_chars, words_pattern

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

_DIGIT = re.compile(r"\d")  # every amount, count and percentage holds one: a line without is skipped
_LATEX_TRIANGLE = re.compile(r"\$\s*\\triangle\s*([^$]*?)\s*\$")
_NEGATIVE_MARKS = "△▲▵∆Δ-−–"
_EMPTY_CELLS = {"", "-", "_", "—", "–", "−", "·", "ㅡ"}


def normalise_cell(cell: str) -> str:
    """Unwrap LaTeX-ish negatives (`$\\triangle 1,520,723$` -> `△1,520,723`) and trim."""
    if "$" in cell:  # (the LaTeX forms all hold a `$`: most cells skip the regex)
        cell = _LATEX_TRIANGLE.sub(lambda m: "△" + m.group(1), cell)
    if "\\" in cell:
        cell = cell.replace("\\%", "%")
    if "$" in cell:
        cell = cell.replace("$", "")
    return cell.strip()


def is_empty_cell(cell: str) -> bool:
    return normalise_cell(cell) in _EMPTY_CELLS


_TABLE_NUMBER = re.compile(
    r"^(?P<neg>[△▲▵∆Δ\-−–]\s*)?(?P<num>\d{1,3}(?:,\s?\d{3})+|\d+)(?:\.(?P<frac>\d+))?$"
)


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


# --- amounts in prose: 조/억/만/천 groups ----------------------------------------------------------

# A plain number (`3,213`, `3213`, `1.5`) and a group of them with 천/백 places inside (`1천45`,
# `3천5백`, `350천`, `1,234백`): positional, so `350천원` (a 천원 table unit) and `3천억` (prose)
# both read right.
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SMALL = rf"{_NUM}(?:[천백](?:\s(?={_NUM}[천백]))?(?:{_NUM})?)*"  # `1천 9백만`: a space between places
_SMALL_TOKEN = re.compile(rf"(?P<num>{_NUM})?(?P<place>[천백])?")
_BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL_PLACES = {"천": 1000, "백": 100}

# Words after an amount that make it approximate (`5억원 가량`, `100억원대`).
_APPROX_AFTER = r"가량|정도|안팎|내외|남짓|대(?![가-힣])"
_AMOUNT_TEMPLATE = r"""
(?:(?<![가-힣])(?P<pre>약|대략|어림잡아)\s?)?
{neg}
(?<![\d.,])(?=\d)
(?:(?P<jo>{small})\s?조)?
(?:\s?(?P<eok>{small})\s?억)?
(?:\s?(?P<man>{small})\s?만)?
(?:\s?(?P<rest>{small})(?=\s?여?\s?원))?
(?P<yeo>\s?여(?=\s?원|[^가-힣]|$))?
(?P<won>\s?원)?
(?:\s?(?P<post>{approx}))?
"""
_AMOUNT_RE = re.compile(
    _AMOUNT_TEMPLATE.format(neg="", small=_SMALL, approx=_APPROX_AFTER),
    re.VERBOSE,
)
_SIGNED_AMOUNT_RE = re.compile(
    _AMOUNT_TEMPLATE.format(neg=r"(?P<neg>[△▲▵∆Δ\-−–]\s?)?", small=_SMALL, approx=_APPROX_AFTER),
    re.VERBOSE,
)
# Where a match of _AMOUNT_RE can start: a hedge word (약, 대략, 어림잡아) or a digit that does not
# continue a number. Trying the pattern only there finds exactly the non-empty matches
# `_AMOUNT_RE.finditer` does, without trying every position of the text. A non-empty match from a
# digit holds 조, 억 or 만 or ends in 원 (maybe 여원): the number's run of digits, separators, spaces,
# 천 and 백 is followed by one of 조억만여원, and a digit whose run is not (`2,281건`) is not tried.
_AMOUNT_START = with_first_chars(re.compile(r"[약대어]|(?<![\d.,])\d(?=[\d,.\s천백]*[조억만여원])"))


# A kept amount ends in 원 or holds 조 or 억 after a digit (or 천/백, 만, 억, 조, 여 before 원): a text
# with none of these holds no amount, and the scan below is skipped.
_MAY_HOLD_AMOUNT = with_first_chars(re.compile(r"[\d천백]\s?[조억]|[\d천백만억조여]\s?원"))
_AMOUNT_WORDS = re.compile(r"[조억원]")  # every match of _MAY_HOLD_AMOUNT holds one: scanned for first


def _matches_at(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The non-empty matches of `pattern.finditer(text)`, in order, given `starts`, which matches
    at every position where a non-empty match of `pattern` can start (and maybe elsewhere)."""
    pos = 0
    while (start := starts.search(text, pos)) is not None:
        m = pattern.match(text, start.start())
        if m is not None and m.end() > m.start():
            yield m
            pos = m.end()
        else:
            pos = start.start() + 1


# What follows an amount without 원 that shows it is not money (`10억 명`, `1억 달러`).
_NOT_KRW_AFTER = re.compile(
    r"\s?(?:명|개|건|가구|세대|곳|마리|회|톤|달러|불|위안|엔|유로|파운드|년|배|%|퍼센트)"
)


def _decimal(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


_NUM_THOUSANDS = re.compile(rf"{_NUM}천")  # `350천원`: a 천원 table unit after the digits
_NUM_HUNDREDS = re.compile(rf"{_NUM}백")  # `1,234백만원`


@lru_cache(maxsize=1 << 12)
def _small_value(text: str) -> Decimal:
    """`3,213` -> 3213, `1천45` -> 1045, `3천5백` -> 3500, `1천 9백` -> 1900, `350천` -> 350000."""
    text = text.replace(" ", "")
    total = Decimal(0)
    pos = 0
    while pos < len(text):
        m = _SMALL_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"not a Korean number: {text!r}")
        num = _decimal(m.group("num")) if m.group("num") else Decimal(1)
        place = m.group("place")
        total += num * _SMALL_PLACES[place] if place else num
        pos = m.end()
    return total


def _amount_from_match(m: re.Match[str], *, unit: str | None = None) -> Amount | None:
    jo, eok, man, rest = m.group("jo", "eok", "man", "rest")
    if not (jo or eok or man or rest):
        return None
    value = Decimal(0)
    largest: str | None = None
    for written, big in ((jo, "조"), (eok, "억"), (man, "만")):
        if written:
            value += _small_value(written) * _BIG_UNITS[big]
            largest = largest or big
    if rest:
        value += _small_value(rest)
    has_won = bool(m.group("won"))
    if largest is None and not has_won:
        if unit is None:  # a bare number is not money unless the caller states the unit
            return None
        value *= UNIT_MULTIPLIERS[unit]
        unit_written = unit
    elif largest is None:
        # `350천원` / `5백원`: a table unit written after the digits.
        unit_written = "천원" if _NUM_THOUSANDS.fullmatch(rest or "") else "원"
    elif largest == "만" and not eok and _NUM_HUNDREDS.fullmatch(man or ""):
        unit_written = "백만원"
    else:
        unit_written = largest + "원"
    krw = int(value.to_integral_value(rounding=ROUND_HALF_UP))
    if "neg" in m.re.groupindex and m.group("neg"):
        krw = -krw
    approximate = bool(m.group("pre") or m.group("yeo") or m.group("post"))
    return Amount(krw=krw, unit=unit_written, approximate=approximate, text=m.group(0).strip())


_BARE_NUMBER = re.compile(r"(?P<neg>[△▲▵∆Δ\-−–]\s*)?(?P<num>\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")


def parse_korean_amount(text: str, *, unit: str | None = None) -> Amount | None:
    """A whole amount phrase -> Amount, else None. Never raises.

    `3,213억 원` -> 321,300,000,000; `4억3000만원` -> 430,000,000; `6조9768억4706만원`;
    `1.5억`; `약 3천억 원` and `5억여원` (approximate); `350천원`, `1,234백만원` (table units);
    `△1,520,723` with `unit="천원"` -> -1,520,723,000 (a bare number needs the caller's unit).
    """
    cell = normalise_cell(text).strip("()[] ")
    if unit is not None:
        bare = _BARE_NUMBER.fullmatch(cell)
        if bare:  # a table cell in the caller's unit: `△1,520,723` 천원
            value = _decimal(re.sub(r"\s", "", bare.group("num"))) * UNIT_MULTIPLIERS[unit]
            krw = int(value.to_integral_value(rounding=ROUND_HALF_UP))
            return Amount(krw=-krw if bare.group("neg") else krw, unit=unit, text=cell)
    m = _SIGNED_AMOUNT_RE.fullmatch(cell)
    if not m:
        return None
    try:
        return _amount_from_match(m, unit=unit)
    except (ValueError, ArithmeticError):
        return None


def find_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Every money amount in a sentence: (start, end, Amount), in order.

    A figure counts as money when it ends in 원, or uses 조/억 without a following counter
    (`3,213억 투자`, not `10억 명`). `10만 명`, bare numbers and years are not money. Bullets
    (`△`, `▲`) before a figure are not read as minus signs in prose.
    """
    return list(_amounts_in(text))


@lru_cache(maxsize=1 << 14)
def _amounts_in(text: str) -> tuple[tuple[int, int, Amount], ...]:
    """find_amounts, cached: readers scan the same sentence again, and an Amount is frozen."""
    if not _AMOUNT_WORDS.search(text) or not _MAY_HOLD_AMOUNT.search(text):
        return ()
    out: list[tuple[int, int, Amount]] = []
    for m in _matches_at(_AMOUNT_RE, _AMOUNT_START, text):
        try:
            amount = _amount_from_match(m)
        except (ValueError, ArithmeticError):
            continue
        if amount is None:
            continue
        if not m.group("won"):
            if not (m.group("jo") or m.group("eok")):
                continue  # `10만 명`: a count, not money
            if _NOT_KRW_AFTER.match(text, m.end()):
                continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
        out.append((start, end, amount))
    return tuple(out)


# --- counts and percentages ----------------------------------------------------------------------

COUNTERS = ("개소", "가구", "세대", "건", "개", "명", "곳", "대", "종", "회", "편")
_COUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<pre>약\s?)?(?P<num>(?:{_SMALL}\s?만\s?)?(?:{_SMALL})?)(?<=\d|[천백만])"
    rf"(?P<yeo>\s?여)?\s?(?P<counter>{'|'.join(COUNTERS)})(?!월|년|[0-9])"
)

# Every match of _COUNT_RE holds a digit, 천, 백 or 만 right before its counter (maybe 여 and spaces
# between): a text with none holds no count, and the scan below is skipped.
_MAY_HOLD_COUNT = re.compile(rf"[\d천백만](?:\s?여)?\s?(?:{'|'.join(COUNTERS)})(?!월|년|[0-9])")

# Where a match of _COUNT_RE with a number can start: 약 or a digit that does not continue a number
# (a match with no number, ` 건` after `3천`, holds no digit and is dropped anyway), and from a digit
# only where the number's run of digits, separators, spaces, 천, 백 and 만 is followed by 여 or a
# counter (`141,172백만원` is not tried as a count).
_COUNT_START = re.compile(
    rf"(?<![\d.,])(?:약|\d(?=[\d,.\s천백만]*[여{''.join(sorted({c[0] for c in COUNTERS}))}]))"
)


@dataclass(frozen=True)
class Count:
    """A counted figure read from prose: `1,045건`, `1천45건`, `2100여명`, `10만 명`."""

    value: int
    counter: str  # 건, 개, 명, ...
    approximate: bool = False
    text: str = ""


def _count_value(num: str) -> int:
    num = num.replace(" ", "")
    value = Decimal(0)
    if "만" in num:
        high, _, num = num.partition("만")
        value += _small_value(high) * 10_000
    if num:
        value += _small_value(num)
    return int(value)


def find_counts(text: str, counters: tuple[str, ...] | None = None) -> list[tuple[int, int, Count]]:
    """Every counted figure in a sentence: (start, end, Count). `34개월`, `2013년` are not counts."""
    found = _counts_in(text)
    return [c for c in found if c[2].counter in counters] if counters is not None else list(found)


@lru_cache(maxsize=1 << 14)
def _counts_in(text: str) -> tuple[tuple[int, int, Count], ...]:
    """find_counts of every counter, cached (a Count is frozen; the caller's filter is per figure)."""
    if not _DIGIT.search(text) or not _MAY_HOLD_COUNT.search(text):
        return ()
    out: list[tuple[int, int, Count]] = []
    for m in _matches_at(_COUNT_RE, _COUNT_START, text):
        counter = m.group("counter")
        num = m.group("num")
        if not num or not _DIGIT.search(num):
            continue
        # `4대 전략`, `3대 분야`: 대 after a one-digit number is an ordinal ("four main"), not units.
        if counter == "대" and _DIGIT.fullmatch(num):
            continue
        try:
            value = _count_value(num)
        except (ValueError, ArithmeticError):
            continue
        approx = bool(m.group("pre") or m.group("yeo"))
        out.append((m.start(), m.end(), Count(value, counter, approx, m.group(0).strip())))
    return tuple(out)


def parse_count(text: str) -> int | None:
    """`1,045건` -> 1045, `1천45건` -> 1045, `2100여명` -> 2100, `10만 명` -> 100000, `54` -> 54."""
    cell = normalise_cell(text)
    if re.fullmatch(_SMALL, cell):
        try:
            return int(_small_value(cell))
        except (ValueError, ArithmeticError):
            return None
    found = find_counts(cell)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(cell):
        return found[0][2].value
    return None


_PERCENT_RE = with_first_chars(
    re.compile(r"(?P<neg>[△▲▵∆Δ\-−–]\s?)?(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s?(?:%|％|퍼센트|프로(?![가-힣]))")
)


# every percentage ends in one of these words (derived from the pattern): a text with none holds none
_PERCENT_WORDS = words_pattern(required_words(_PERCENT_RE))


def find_percents(text: str) -> list[tuple[int, int, float]]:
    """Every percentage in a sentence as a fraction: (start, end, 0.46). Bullets are not minus."""
    if not _DIGIT.search(text) or (_PERCENT_WORDS is not None and not _PERCENT_WORDS.search(text)):
        return []
    out = []
    for m in _PERCENT_RE.finditer(text):
        value = float(Decimal(m.group("num")) / 100)
        start = m.start("num")
        out.append((start, m.end(), value))
    return out


def parse_percent(text: str) -> float | None:
    """`46%` -> 0.46, `0.326%` -> 0.00326, `△76.7%` -> -0.767, `순증` / `-` -> None. Never raises."""
    cell = normalise_cell(text)
    if cell in _EMPTY_CELLS or cell in RATE_WORDS:
        return None
    m = _PERCENT_RE.fullmatch(cell)
    if not m:
        return None
    value = float(Decimal(m.group("num")) / 100)
    return -value if m.group("neg") else value
