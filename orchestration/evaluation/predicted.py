"""An extraction's records -> facts of the families labels use (orchestration/evaluation/facts.py)."""

from __future__ import annotations

from collections import Counter

from orchestration.evaluation.facts import Fact
from orchestration.extract.records import (
    AuditSummary,
    BudgetLine,
    BudgetStatement,
    DepartmentBudget,
    Extraction,
    NamedProgram,
    PlanBreakdown,
    PlanTotal,
    Record,
    Staffing,
)


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 4)


def _where(r: Record) -> str:
    return f"line {r.line_start}" if r.line_start == r.line_end else f"lines {r.line_start}-{r.line_end}"


def _main_total(records: list[Record]) -> PlanTotal | None:
    """The document's own plan total: the first whole-plan total, else the first total of a field
    the whole document is about (a smart-city plan); never a list's stated subtotal (`… 등`)."""
    totals = [r for r in records if isinstance(r, PlanTotal)]
    return next((r for r in totals if r.scope == "all"), None) or next(
        (r for r in totals if not r.scope.endswith(" 등")), None
    )


def document_context(extraction: Extraction) -> tuple[int | None, str | None]:
    """The fiscal year and region the document's figures are for."""
    records = extraction.records
    main = _main_total(records)
    year = extraction.fiscal_year or (main.fiscal_year if main else None)
    region = extraction.region or (main.region if main else None)
    if year is None:
        years = Counter(getattr(r, "fiscal_year", None) or getattr(r, "audit_year", None) for r in records)
        years.pop(None, None)
        year = years.most_common(1)[0][0] if years else None
    if region is None:
        regions = Counter(getattr(r, "region", None) for r in records)
        regions.pop(None, None)
        region = regions.most_common(1)[0][0] if regions else None
    return year, region


def facts_from_extraction(extraction: Extraction) -> list[Fact]:
    facts: list[Fact] = []
    year, region = document_context(extraction)
    if year is not None:
        facts.append(Fact("context", "year", None, {"year": year}, "document"))
    if region is not None:
        facts.append(Fact("context", "region", region, {}, "document"))
    main = _main_total(extraction.records)
    for r in extraction.records:
        w = _where(r)
        if isinstance(r, PlanTotal):
            if r is main or (main and r.scope == main.scope and r.amount_krw == main.amount_krw):
                if r is not main:
                    continue  # the same total restated (headline and body)
                if r.amount_krw is not None:
                    facts.append(Fact("totals", "total_amount", None, {"amount_krw": r.amount_krw}, w))
                if r.projects is not None:
                    facts.append(Fact("totals", "total_projects", None, {"projects": r.projects}, w))
                if r.prior_year_amount_krw is not None:
                    facts.append(
                        Fact("totals", "prior_amount", None, {"amount_krw": r.prior_year_amount_krw}, w)
                    )
                if r.growth_rate is not None:
                    facts.append(Fact("totals", "growth", None, {"growth_pct": _pct(r.growth_rate)}, w))
                if r.amount_change_krw is not None or r.projects_change is not None:
                    change = {
                        "projects_change": r.projects_change,
                        "amount_change_krw": r.amount_change_krw,
                        "amount_pct": _pct(r.growth_rate),
                    }
                    facts.append(Fact("changes", "change", r.region or r.scope, change, w, (r.scope,)))
            else:
                facts.append(
                    Fact(
                        "totals", "subtotal", r.scope, {"projects": r.projects, "amount_krw": r.amount_krw}, w
                    )
                )
        elif isinstance(r, PlanBreakdown):
            facts.append(
                Fact(
                    "breakdowns",
                    "item",
                    r.label_raw,
                    {"projects": r.projects, "amount_krw": r.amount_krw, "share_pct": _pct(r.share)},
                    w,
                    (r.label,),
                )
            )
            if r.projects_change is not None or r.amount_change_krw is not None:
                facts.append(
                    Fact(
                        "changes",
                        "change",
                        r.label_raw,
                        {
                            "projects_change": r.projects_change,
                            "projects_pct": _pct(r.projects_growth_rate),
                            "amount_change_krw": r.amount_change_krw,
                            "amount_pct": _pct(r.growth_rate),
                        },
                        w,
                        (r.label,),
                    )
                )
        elif isinstance(r, NamedProgram):
            org = (r.organization,) if r.organization else ()
            facts.append(Fact("named_programs", "program", r.name, {"amount_krw": r.amount_krw}, w, org))
        elif isinstance(r, BudgetStatement):
            facts.append(
                Fact(
                    "budget_lines",
                    "line",
                    r.subject,
                    {
                        "budget_krw": r.budget_krw,
                        "committed_krw": r.committed_krw,
                        "spent_krw": r.spent_krw,
                        "unspent_krw": r.unspent_krw,
                        "carried_over_krw": r.carried_over_krw,
                        "lapsed_krw": r.lapsed_krw,
                        "target_krw": r.target_krw,
                        "rate_pct": _pct(r.execution_rate),
                        "lapse_rate_pct": _pct(r.lapse_rate),
                        "year": r.fiscal_year,
                    },
                    w,
                    (r.parent,) if r.parent else (),
                )
            )
        elif isinstance(r, BudgetLine) and r.table_kind != "subtotal":
            facts.append(
                Fact(
                    "budget_lines",
                    "line",
                    r.program_raw or r.program or "",
                    {
                        "budget_krw": r.budget_krw,
                        "committed_krw": r.committed_krw,
                        "spent_krw": r.spent_krw,
                        "rate_pct": _pct(r.spent_rate if r.spent_rate is not None else r.committed_rate),
                        "year": r.fiscal_year,
                    },
                    w,
                    tuple(x for x in (r.program,) if x),
                )
            )
        elif isinstance(r, DepartmentBudget) and r.account is None:
            facts.append(
                Fact(
                    "budget_lines",
                    "line",
                    r.department,
                    {
                        "budget_krw": r.budget_krw,
                        "spent_krw": r.executed_krw,
                        "rate_pct": _pct(r.execution_rate),
                        "year": r.fiscal_year,
                    },
                    w,
                )
            )
        elif isinstance(r, Staffing):
            facts.append(
                Fact(
                    "staffing",
                    "unit",
                    r.department_raw or r.department,
                    {"authorized": r.authorized, "current": r.current, "gap": r.gap},
                    w,
                    (r.department,),
                )
            )
        elif isinstance(r, AuditSummary):
            facts.append(
                Fact(
                    "audit_counts",
                    "kind",
                    r.kind,
                    {
                        "total": r.total,
                        "completed": r.completed,
                        "in_progress": r.in_progress,
                        "under_review": r.under_review,
                        "not_reflected": r.not_reflected,
                    },
                    w,
                )
            )
    return facts
