"""The report's frame: its as-of date, fiscal year, bureau and numbered parts (Ⅰ. … Ⅴ.)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from orchestration.extract.text import clean_text, department_kind, department_name

_AS_OF = re.compile(r"'\s*(\d{2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*[.,]?\s*기준")
_ROMAN = {"I": 1, "Ⅰ": 1, "II": 2, "Ⅱ": 2, "III": 3, "Ⅲ": 3, "IV": 4, "Ⅳ": 4, "V": 5, "Ⅴ": 5, "VI": 6, "Ⅵ": 6}
_PART = re.compile(r"^\s*(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|VI|IV|V|III|II|I)\s*\.\s*(\S.*)$")
_BUREAU_SUFFIX = re.compile(r"(정책관|기획관|국|본부|실|단|관)$")


def as_of_date(lines: list[str]) -> str | None:
    """The most stated `'21.8.19.기준` date of the report, as ISO."""
    found = Counter(
        f"20{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        for line in lines
        for m in _AS_OF.finditer(line)
    )
    return found.most_common(1)[0][0] if found else None


_REVENUE_YEAR = re.compile(r"(20\d{2})\s*년도?\s*세입")


def fiscal_year(lines: list[str], as_of: str | None) -> int | None:
    for line in lines:
        m = _REVENUE_YEAR.search(line)
        if m:
            return int(m.group(1))
    return int(as_of[:4]) if as_of else None


def bureau_name(lines: list[str]) -> str | None:
    """The bureau on the cover: the first line before part Ⅰ that names a bureau."""
    for line in lines[:40]:
        if _PART.match(line):
            break
        name = clean_text(line).replace(" ", "")
        if not name or len(name) > 20:
            continue
        if department_kind(name) == "bureau":
            return department_name(name)
        if _BUREAU_SUFFIX.search(name) and re.fullmatch(r"[가-힣]+", name) and "보고" not in name:
            return name
    return None


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    start: int  # line of the heading (1-based)
    end: int  # last line of the part


def parts(lines: list[str]) -> list[Part]:
    """The numbered parts, each ending where the next begins."""
    heads: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines, start=1):
        m = _PART.match(line)
        if m and re.search(r"[가-힣]", m.group(2)):
            heads.append((_ROMAN[m.group(1)], i, clean_text(m.group(2))))
    out = []
    for k, (number, start, title) in enumerate(heads):
        end = heads[k + 1][1] - 1 if k + 1 < len(heads) else len(lines)
        out.append(Part(number, title, start, end))
    return out


def part_with(all_parts: list[Part], *keywords: str) -> Part | None:
    for part in all_parts:
        key = part.title.replace(" ", "")
        if any(k in key for k in keywords):
            return part
    return None


_TASK_HEAD = re.compile(r"^\s*(\d{1,2})\s*-\s*(\d{1,2})\s+(?![\d.])(\S.*)$")


@dataclass(frozen=True)
class TaskHead:
    line: int
    code: str  # "1-1"
    strategy_no: int
    title: str


def task_heads(lines: list[str]) -> list[TaskHead]:
    """Body headings of numbered tasks (`1-1 스마트서울 …`), not the `- 1-1.` list items."""
    out = []
    for i, line in enumerate(lines, start=1):
        m = _TASK_HEAD.match(line)
        if m and "\t" not in line and re.search(r"[가-힣]", m.group(3)):
            out.append(
                TaskHead(i, f"{int(m.group(1))}-{int(m.group(2))}", int(m.group(1)), clean_text(m.group(3)))
            )
    return out


def task_at(heads: list[TaskHead], line: int) -> TaskHead | None:
    current = None
    for head in heads:
        if head.line <= line:
            current = head
    return current
