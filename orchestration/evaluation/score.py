"""Matching predicted facts to labelled ones: recall, precision where labels are complete, traps.

A labelled fact is found when an extracted fact of the same family and field names the same
subject and states every number the label states (amounts and counts exactly, percentages to the
printed decimal). The subject is the same when the names agree after spaces and punctuation are
dropped (one containing the other, or a fuzzy ratio of 0.8), or, for budget lines, when two or more
KRW amounts agree exactly (a multi-year table's rows are named by their year, not by a label).
Each extracted fact answers at most one label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from orchestration.evaluation.facts import FAMILIES, Fact, label_key, values_agree
from orchestration.evaluation.labels import Labels
from orchestration.extract.lexicons import canonical_region

LABEL_THRESHOLD = 0.8
_YEAR = re.compile(r"(?:19|20)\d{2}(?:년도?|회계연도)?")


def similarity(a: str | None, b: str | None) -> float:
    ka, kb = label_key(a), label_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 2 and short in long_:
        return 0.9
    score = fuzz.ratio(ka, kb) / 100
    if len(short) >= 4:
        score = max(score, fuzz.partial_ratio(ka, kb) / 100 - 0.05)
    return score


_PAREN = re.compile(r"\s*\([^()]*\)")
_COUNT_PREFIX = re.compile(r"^\s*\d[\d,]*\s*개\s*")


def _names(f: Fact) -> list[str]:
    """The subject's names: as written, its aliases, and each without notes in parentheses or a
    count before it (`지자체 (244개)` and `244개 지자체` are one subject)."""
    out: list[str] = []
    for name in (f.label, *f.aliases):
        if name:
            out.extend({name, _PAREN.sub("", name), _COUNT_PREFIX.sub("", _PAREN.sub("", name))})
    return [n for n in out if n.strip()]


def _region_key(name: str | None) -> str:
    if not name:
        return ""
    first = name.split()[0]
    return canonical_region(first) or canonical_region(name) or label_key(name)


def _label_score(want: Fact, got: Fact) -> float:
    if want.family == "context":
        if want.field == "region":
            return 1.0 if _region_key(want.label) == _region_key(got.label) else 0.0
        return 1.0
    if want.family == "totals":
        return 1.0  # the field says what it is; subtotals are matched by their figures
    names_w = [_YEAR.sub("", n) for n in _names(want)]
    names_g = [_YEAR.sub("", n) for n in _names(got)]
    best = max((similarity(a, b) for a in names_w for b in names_g), default=0.0)
    regions_w = {canonical_region(n) for n in names_w} - {None}
    if regions_w and regions_w & {canonical_region(n) for n in names_g}:
        best = 1.0  # `전북` and `전라북도` are one region
    if want.family == "changes" and best < LABEL_THRESHOLD:
        # the plan's own change is named by its scope in the labels (`전체`, `원주시 정보화 사업`):
        # an exact KRW change, or a count and its percentage, agreeing identify it
        stated = [k for k, v in want.values.items() if v is not None]
        if "amount_change_krw" in stated or (len(stated) >= 2 and "projects_change" in stated):
            return LABEL_THRESHOLD
    if want.family == "budget_lines" and best < LABEL_THRESHOLD:
        amounts = [k for k, v in want.values.items() if k.endswith("_krw") and v is not None]
        agree = [k for k in amounts if got.values.get(k) is not None and got.values[k] == want.values[k]]
        if len(agree) >= 2:
            return LABEL_THRESHOLD
    return best


def _matches(want: Fact, got: Fact) -> float:
    """How well `got` answers `want` (0 when it does not)."""
    if want.family != got.family or want.field != got.field:
        return 0.0
    if not values_agree(want.values, got.values):
        return 0.0
    score = _label_score(want, got)
    return score if score >= LABEL_THRESHOLD else 0.0


@dataclass
class FamilyScore:
    expected: int = 0
    found: int = 0
    predicted: int = 0  # extracted facts of the family, counted where the labels are complete
    correct: int = 0  # of those, the ones that answer a label
    traps: int = 0

    def add(self, other: FamilyScore) -> None:
        self.expected += other.expected
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct
        self.traps += other.traps

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


@dataclass
class DocumentScore:
    name: str
    families: dict[str, FamilyScore] = field(default_factory=dict)
    missed: list[Fact] = field(default_factory=list)
    false_positives: list[Fact] = field(default_factory=list)
    trap_errors: list[Fact] = field(default_factory=list)
    error: str | None = None  # the extractor raised
    unscored_keys: list[str] = field(default_factory=list)

    def total(self) -> FamilyScore:
        out = FamilyScore()
        for s in self.families.values():
            out.add(s)
        return out


def score_document(labels: Labels, predicted: list[Fact], *, error: str | None = None) -> DocumentScore:
    doc = DocumentScore(labels.name, error=error, unscored_keys=labels.unscored_keys)
    used: set[int] = set()
    matched_pred: set[int] = set()
    for want in labels.facts:
        fam = doc.families.setdefault(want.family, FamilyScore())
        fam.expected += 1
        best, best_k = 0.0, None
        for k, got in enumerate(predicted):
            if k in used:
                continue
            s = _matches(want, got)
            if s > best:
                best, best_k = s, k
        if best_k is None:
            doc.missed.append(want)
        else:
            used.add(best_k)
            matched_pred.add(best_k)
            fam.found += 1
    for k, got in enumerate(predicted):
        if got.family == "context" or k in matched_pred:
            continue
        fam = doc.families.setdefault(got.family, FamilyScore())
        if any(round(float(v)) in labels.trap_values for v in got.numbers().values()):
            fam.traps += 1
            doc.trap_errors.append(got)
        if got.family in labels.complete_families:
            doc.false_positives.append(got)
    for k, got in enumerate(predicted):
        if got.family in labels.complete_families and got.family != "context":
            fam = doc.families.setdefault(got.family, FamilyScore())
            fam.predicted += 1
            fam.correct += k in matched_pred
    return doc


def summarise(docs: Iterable[DocumentScore]) -> dict[str, FamilyScore]:
    """Scores per family over all documents, plus `all`."""
    out: dict[str, FamilyScore] = {f: FamilyScore() for f in FAMILIES}
    out["all"] = FamilyScore()
    for doc in docs:
        for fam, s in doc.families.items():
            out.setdefault(fam, FamilyScore()).add(s)
            out["all"].add(s)
    return {k: v for k, v in out.items() if v.expected or v.predicted or k == "all"}
