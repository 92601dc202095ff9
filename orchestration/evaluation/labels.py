"""Hand labels (`NAME.expected.json`, the format of docs/extraction.md) -> facts and trap values.

The label format grew from real documents, so it is read by shape as well as by name: any
`by_*` list, or any object with `items`, is a breakdown; any list of objects under
`budget_lines`, `staffing`, `audit_summary` or `year_over_year` is that family. Keys that state no
scorable fact (briefings, notes, strategy names without figures) are listed as unscored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from orchestration.evaluation.facts import Fact
from orchestration.extract.amounts import find_amounts, find_counts, find_percents

_LABEL_KEYS = ("institution", "type", "category", "region", "quarter", "strategy", "item", "label", "scope")
_PROGRAM_KEYS = ("program", "department", "name", "subject")
_BUDGET_VALUE_KEYS = {
    "budget_krw": "budget_krw",
    "committed_krw": "committed_krw",
    "spent_krw": "spent_krw",
    "executed_krw": "spent_krw",
    "unspent_krw": "unspent_krw",
    "carried_over_krw": "carried_over_krw",
    "lapsed_krw": "lapsed_krw",
    "target_krw": "target_krw",
    "execution_rate_pct": "rate_pct",
    "lapse_rate_pct": "lapse_rate_pct",
    "year": "year",
}
_AUDIT_VALUE_KEYS = ("total", "completed", "in_progress", "under_review", "not_reflected")
_CHANGE_VALUE_KEYS = {
    "projects_increase": "projects_change",
    "projects_increase_pct": "projects_pct",
    "amount_increase_krw": "amount_change_krw",
    "amount_increase_pct": "amount_pct",
}
# Top-level keys that hold no fact we score (documented in docs/extraction.md).
_DESCRIPTIVE = re.compile(
    r"^(?:doc|kind|traps|_.*|.*_note|.*_notes|.*_complete|.*_conventions|total_approximate|total_basis|"
    r"briefing|document|report|strategy_areas|mentioned_programs_without_amount|budget_lines_unit_in_text|"
    r"institutions_count|.*_shares|source_url|language)$"
)


@dataclass
class Labels:
    name: str
    facts: list[Fact]
    complete_families: set[str]  # families the labels list in full (precision is judged there)
    trap_values: set[int] = field(default_factory=set)  # figures the document warns about
    traps: list[str] = field(default_factory=list)
    unscored_keys: list[str] = field(default_factory=list)


def _region_of(text: str) -> str:
    """`경기도 (31개 시·군 포함)` -> `경기도`; the note in parentheses is not the region."""
    return re.split(r"\s*\(", text.strip(), maxsplit=1)[0].strip()


def _first_str(item: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _breakdown_fact(item: dict[str, Any], where: str) -> Fact | None:
    label = _first_str(item, _LABEL_KEYS)
    values = {
        "projects": item.get("projects"),
        "amount_krw": item.get("amount_krw"),
        "share_pct": item.get("share_pct"),
    }
    if label is None or all(v is None for v in values.values()):
        return None
    aliases = tuple(v for v in (item.get("canonical"),) if isinstance(v, str))
    return Fact("breakdowns", "item", label, values, where, aliases)


def _subtotal_fact(obj: dict[str, Any], where: str) -> Fact | None:
    values = {"projects": obj.get("projects"), "amount_krw": obj.get("amount_krw")}
    if all(v is None for v in values.values()):
        return None
    return Fact("totals", "subtotal", None, values, where)


def facts_from_labels(name: str, data: dict[str, Any]) -> Labels:
    facts: list[Fact] = []
    complete: set[str] = set()
    unscored: list[str] = []

    if isinstance(data.get("year"), int):
        facts.append(Fact("context", "year", None, {"year": data["year"]}, "year"))
    if isinstance(data.get("region"), str) and data["region"].strip():
        facts.append(Fact("context", "region", _region_of(data["region"]), {}, "region"))

    totals = {
        "total_amount": ("total_amount_krw", "amount_krw"),
        "total_projects": ("total_projects", "projects"),
        "growth": ("growth_pct", "growth_pct"),
    }
    for fld, (key, vkey) in totals.items():
        if data.get(key) is not None:
            facts.append(Fact("totals", fld, None, {vkey: data[key]}, key))
            complete.add("totals")
    prev = data.get("previous_year")
    if isinstance(prev, dict):
        if prev.get("total_amount_krw") is not None:
            facts.append(
                Fact(
                    "totals", "prior_amount", None, {"amount_krw": prev["total_amount_krw"]}, "previous_year"
                )
            )
        if prev.get("total_projects") is not None:
            facts.append(
                Fact("totals", "prior_projects", None, {"projects": prev["total_projects"]}, "previous_year")
            )

    for key, value in data.items():
        where = key
        if key in ("year", "region", "previous_year") or key in (
            "total_amount_krw",
            "total_projects",
            "growth_pct",
        ):
            continue
        if _DESCRIPTIVE.match(key):
            continue
        if key.endswith("_total_krw") and isinstance(value, int):
            facts.append(Fact("totals", "subtotal", None, {"projects": None, "amount_krw": value}, where))
            complete.add("totals")
        elif key.startswith("by_") and isinstance(value, list):
            complete.add("breakdowns")
            for n, item in enumerate(value):
                fact = _breakdown_fact(item, f"{key}[{n}]") if isinstance(item, dict) else None
                if fact:
                    facts.append(fact)
        elif isinstance(value, dict) and isinstance(value.get("items"), list):
            complete.update(("breakdowns", "totals"))
            sub = _subtotal_fact(value, key)
            if sub:
                facts.append(sub)
            for n, item in enumerate(value["items"]):
                fact = _breakdown_fact(item, f"{key}.items[{n}]") if isinstance(item, dict) else None
                if fact:
                    facts.append(fact)
        elif key == "named_programs" and isinstance(value, list):
            complete.add("named_programs")
            for n, item in enumerate(value):
                if isinstance(item, dict) and item.get("name"):
                    org = item.get("institution") or item.get("department")
                    facts.append(
                        Fact(
                            "named_programs",
                            "program",
                            item["name"],
                            {"amount_krw": item.get("amount_krw")},
                            f"{key}[{n}]",
                            (org,) if isinstance(org, str) else (),
                        )
                    )
        elif key == "budget_lines" and isinstance(value, list):
            complete.add("budget_lines")
            for n, item in enumerate(value):
                label = _first_str(item, _PROGRAM_KEYS) if isinstance(item, dict) else None
                if label is None:
                    continue
                vals = {_BUDGET_VALUE_KEYS[k]: v for k, v in item.items() if k in _BUDGET_VALUE_KEYS}
                facts.append(Fact("budget_lines", "line", label, vals, f"{key}[{n}]"))
        elif key == "staffing" and isinstance(value, list):
            complete.add("staffing")
            for n, item in enumerate(value):
                label = _first_str(item, ("department", "unit", "name")) if isinstance(item, dict) else None
                if label is None:
                    continue
                vals = {k: item.get(k) for k in ("authorized", "current", "gap")}
                facts.append(Fact("staffing", "unit", label, vals, f"{key}[{n}]"))
        elif key in ("audit_summary", "audit_counts") and isinstance(value, list):
            complete.add("audit_counts")
            for n, item in enumerate(value):
                if isinstance(item, dict) and item.get("kind"):
                    vals = {k: item.get(k) for k in _AUDIT_VALUE_KEYS}
                    facts.append(Fact("audit_counts", "kind", item["kind"], vals, f"{key}[{n}]"))
        elif key == "year_over_year" and isinstance(value, list):
            complete.add("changes")
            for n, item in enumerate(value):
                label = _first_str(item, ("scope", "label")) if isinstance(item, dict) else None
                if label is None:
                    continue
                vals = {_CHANGE_VALUE_KEYS[k]: v for k, v in item.items() if k in _CHANGE_VALUE_KEYS}
                facts.append(Fact("changes", "change", label, vals, f"{key}[{n}]"))
        else:
            unscored.append(key)

    traps = [t for t in data.get("traps", []) if isinstance(t, str)]
    return Labels(name, facts, complete, _trap_values(traps, facts), traps, unscored)


_QUOTED = re.compile(r"'([^']{1,80})'")
_BARE_INT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d.,])\d+(?![\d.,%])")


def _trap_values(traps: list[str], facts: list[Fact]) -> set[int]:
    """The figures a label's traps quote (`'작년(2121억원)'`, `'31개'`) or state (`657건 / 724억`),
    less those that are also labelled facts: an extractor that reports one of them as a fact it
    does not label took a distractor for a fact."""
    labelled: set[int] = set()
    for fact in facts:
        for v in fact.numbers().values():
            labelled.add(round(float(v)))
    found: set[int] = set()
    for trap in traps:
        snippets = _QUOTED.findall(trap) or [trap]
        for snip in [*snippets, trap]:
            for _, _, amount in find_amounts(snip):
                found.add(amount.krw)
            for _, _, count in find_counts(snip):
                found.add(count.value)
        for snip in snippets:
            # bare numbers (`'31개'` is a count already; `'26일'`, `'1:1'` are not): those outside
            # any amount, count or percentage
            spans = [(s, e) for s, e, _ in find_percents(snip)]
            spans += [(s, e) for s, e, _ in find_amounts(snip)] + [(s, e) for s, e, _ in find_counts(snip)]
            for m in _BARE_INT.finditer(snip):
                if any(s <= m.start() < e for s, e in spans):
                    continue
                value = int(m.group(0).replace(",", ""))
                if not 1900 <= value <= 2100:  # years are context, scored on their own
                    found.add(value)
    return {v for v in found if v not in labelled and v != 0}
