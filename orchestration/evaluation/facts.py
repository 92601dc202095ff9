"""Facts: the unit both labels and extractions are reduced to, so they can be compared.

A fact is one thing a person reads in a document: the plan's total amount, one item of a
breakdown with its count and amount, one program's budget line. Labels (hand-written JSON) and
records (what an extractor made) are both turned into facts of the same families; scoring then
only compares facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Families, in the order reports list them.
FAMILIES: tuple[str, ...] = (
    "context",  # the document's fiscal year and region
    "totals",  # the plan's total amount and count, prior year, growth, stated subtotals
    "breakdowns",  # items of a split by institution / type / category / region / quarter / strategy
    "named_programs",  # programs named with an amount
    "budget_lines",  # budget and execution statements (prose or tables)
    "staffing",  # 정원 / 현원 / 과부족 per unit
    "audit_counts",  # stated counts of council audit findings
    "changes",  # year-over-year increases of a scope
)

# Numbers compared as percentages (tolerance: one printed decimal, truncated or rounded).
PERCENT_KEYS = frozenset(
    {"growth_pct", "share_pct", "rate_pct", "lapse_rate_pct", "projects_pct", "amount_pct"}
)
PERCENT_TOLERANCE = 0.051


@dataclass
class Fact:
    family: str
    field: str  # what the fact states: total_amount, item, program, ...
    label: str | None = None  # the subject as written (None for document-level facts)
    values: dict[str, float | int | str | None] = field(default_factory=dict)
    where: str = ""  # a label path (`by_type[2]`) or the record's lines (`lines 3-4`)
    aliases: tuple[str, ...] = ()  # other names of the subject (a canonical label)

    def numbers(self) -> dict[str, float | int]:
        return {
            k: v for k, v in self.values.items() if isinstance(v, int | float) and not isinstance(v, bool)
        }

    def brief(self) -> str:
        nums = ", ".join(f"{k}={v}" for k, v in self.values.items() if v is not None)
        subject = f"{self.label}: " if self.label else ""
        return f"{self.family}.{self.field} {subject}{nums}".strip()


_NOISE = re.compile(r"[\s·ㆍ‧・∙•,.:;'\"‘’“”`()\[\]{}<>「」『』/\\_-]+")


def label_key(text: str | None) -> str:
    """A label reduced to what identifies it: no spaces, dots, brackets or punctuation."""
    if not text:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


def values_agree(expected: dict[str, float | int | str | None], predicted: dict) -> bool:
    """Every number the label states is what the extraction says (amounts and counts exactly)."""
    for key, want in expected.items():
        if want is None or isinstance(want, bool):
            continue
        got = predicted.get(key)
        if got is None or isinstance(got, bool):
            return False
        if isinstance(want, str) or isinstance(got, str):
            if str(want) != str(got):
                return False
        elif key in PERCENT_KEYS:
            if abs(float(want) - float(got)) > PERCENT_TOLERANCE:
                return False
        elif round(float(want)) != round(float(got)):
            return False
    return True
