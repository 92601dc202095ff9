"""Lexicons: the words that give figures their meaning, kept as data.

Regions come from `seeds/reference/regions.csv` (also a dbt seed, so SQL and Python share one
list); the lexicons that only extraction uses live beside this file as CSV (`counters.csv`,
`measures.csv`). Everything here is loaded once and cached.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from orchestration.extract.literals import with_first_chars
from orchestration.extract.text import normalise_ws

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "seeds" / "reference"
LEXICON_DIR = Path(__file__).resolve().parent
NATIONAL = "전국"


def _read_csv(path: Path) -> tuple[dict[str, str], ...]:
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in rows)


@cache
def _reference_rows(name: str) -> tuple[dict[str, str], ...]:
    return _read_csv(REFERENCE_DIR / f"{name}.csv")


@cache
def lexicon(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `orchestration/extract/lexicons/<name>.csv` (lines starting with # are comments)."""
    return _read_csv(LEXICON_DIR / f"{name}.csv")


# --- regions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    region_id: str
    name_ko: str
    name_en: str
    aliases: tuple[str, ...]


@cache
def regions() -> tuple[Region, ...]:
    """The 17 광역 regions of `seeds/reference/regions.csv`, canonical Korean name plus aliases."""
    out = []
    for row in _reference_rows("regions"):
        aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
        out.append(Region(row["region_id"], row["name_ko"], row.get("name_en", ""), aliases))
    return tuple(out)


@cache
def region_by_alias() -> dict[str, str]:
    table: dict[str, str] = {}
    for reg in regions():
        for alias in (reg.name_ko, *reg.aliases):
            table.setdefault(alias, reg.name_ko)
    return table


# An alias is a region mention when followed by a particle or a non-Hangul character:
# `서울시가`, `경기도는`, `[서울=` but not `서울의료원`, `경기관광공사`.
PARTICLE = r"(?:에서는|에서|에는|으로|까지|보다|부터|와의|이|가|은|는|을|를|의|와|과|도|에|로|만)?"


@cache
def region_re() -> re.Pattern[str]:
    aliases = sorted(region_by_alias(), key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in aliases)
    return with_first_chars(re.compile(rf"(?<![가-힣])(?P<alias>{alt})(?:의회|청)?{PARTICLE}(?![가-힣])"))


def canonical_region(name: str | None) -> str | None:
    """`서울시` / `서울` / `서울특별시` -> `서울특별시`; `전국 …` -> `전국`; unknown -> None."""
    if not name:
        return None
    name = normalise_ws(name)
    if name.startswith(NATIONAL):
        return NATIONAL
    return region_by_alias().get(name)


def region_mentions(text: str) -> list[tuple[int, str]]:
    return [(m.start(), region_by_alias()[m.group("alias")]) for m in region_re().finditer(text)]


@cache
def _localities() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in lexicon("localities"):
        for name in row["localities"].split("|"):
            if " " not in name:  # `광주시 경기`: a name shared with a region's alias, not read alone
                out[name] = row["region"]
    return out


@cache
def _locality_re() -> re.Pattern[str]:
    alt = "|".join(sorted(_localities(), key=len, reverse=True))
    return with_first_chars(re.compile(rf"(?<![가-힣])(?P<name>{alt})(?:의회|청|장)?{PARTICLE}(?![가-힣])"))


def locality_mentions(text: str) -> list[tuple[int, str, str]]:
    """`수원시의회`, `성동구청` -> (position, 수원시, 경기도): a 시·군·구 and its region."""
    return [
        (m.start(), m.group("name"), _localities()[m.group("name")]) for m in _locality_re().finditer(text)
    ]


# --- counters ------------------------------------------------------------------------------------


@cache
def _project_counters() -> dict[str, str]:
    return {row["counter"]: row["project"] for row in lexicon("counters")}


@cache
def _project_words() -> re.Pattern[str]:
    alt = "|".join(f"(?:{row['pattern']})" for row in lexicon("project_words"))
    return re.compile(rf"\s?(?:{alt})")


_WORD_AFTER = re.compile(r"\s?[가-힣A-Za-z]")


def is_project_count(counter: str, after: str) -> bool:
    """Whether `N<counter>` counts projects, given the text right after it.

    `332개(1302억원)`, `846개 총 2306억원`, `113개 사업` and `1,045건` do; `25개 자치구`, `8개 기관`,
    `4개 중점과제` (a count inside a label or of something else) and `100여명` do not.
    """
    how = _project_counters().get(counter, "no")
    if how == "yes":
        return True
    if how == "no":
        return False
    if _project_words().match(after):
        return True
    return not _WORD_AFTER.match(after)


# --- dimensions of a split -------------------------------------------------------------------------


@cache
def _dimension_hints() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row["dimension"], re.compile(row["pattern"])) for row in lexicon("dimension_hints"))


def guess_dimension(labels: list[str]) -> str:
    """What a split of a plan is by, from its labels: region, institution, type, quarter or category."""
    votes: dict[str, int] = {}
    for label in labels:
        bare = re.sub(r"\([^()]*\)", "", label).strip()
        if canonical_region(bare.split()[0] if bare else bare):
            dim = "region"
        else:
            dim = next((d for d, p in _dimension_hints() if p.search(bare)), "category")
        votes[dim] = votes.get(dim, 0) + 1
    return max(votes, key=lambda d: (votes[d], d != "category")) if votes else "category"


# --- budget and execution measures -------------------------------------------------------------


@cache
def measures() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple(
        (with_first_chars(re.compile(r["pattern"])), r["measure"], r["value"]) for r in lexicon("measures")
    )


@cache
def leftmost_measure() -> re.Pattern[str]:
    """Every measure pattern as one alternation, a named group per measure (`m0`, `m1`, … in lexicon
    order; `measure_at` reads it): one search finds the leftmost match of any measure and, of those
    starting there, the first in lexicon order — what searching each pattern and keeping the
    earliest (a tie to the first) finds, in one scan of the text instead of one per measure."""
    alternation = "|".join(f"(?P<m{k}>{r['pattern']})" for k, r in enumerate(lexicon("measures")))
    return with_first_chars(re.compile(alternation))


def measure_at(m: re.Match[str]) -> tuple[str, str]:
    """(measure, value) of a `leftmost_measure` match."""
    _, measure, value = measures()[int(m.lastgroup[1:])]  # type: ignore[index]
    return measure, value


@lru_cache(maxsize=1 << 14)
def measure_of(label: str) -> tuple[str, str, re.Match[str]] | None:
    """The measure a label or header names (`집행잔액` -> unspent_krw), the first in lexicon order
    (cached: labels and headers repeat, and the answer depends on the label alone)."""
    if not leftmost_measure().search(label):
        return None  # (every measure in one pattern: a label it does not match names none)
    for pattern, measure, value in measures():
        m = pattern.search(label)
        if m:
            return measure, value, m
    return None
