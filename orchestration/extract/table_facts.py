"""The meaning stage for tables: what a table's columns say its rows are.

A table with 정원/현원 columns is staffing, one with 완료/추진중 an audit follow-up, one with
사업수 and an amount a plan split (its 합계 row the plan's total), one with years as columns a
multi-year plan or record (one statement per row and year), one with 예산/집행/이월/불용 columns
budget and execution statements. The column lexicon is `lexicons/columns.csv`; the measure
lexicon `lexicons/measures.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestration.extract.amounts import UNIT_MULTIPLIERS
from orchestration.extract.lexicons import canonical_region, guess_dimension, measure_of
from orchestration.extract.literals import with_first_chars
from orchestration.extract.meaning import as_of_date, subject_kind
from orchestration.extract.records import (
    AuditSummary,
    BudgetStatement,
    PlanBreakdown,
    PlanTotal,
    Record,
    Staffing,
)
from orchestration.extract.tables import Column, Row, Table
from orchestration.extract.text import department_name

TOTAL_LABELS = re.compile(r"^(?:합계|총계|계|소계|총괄|전체)$")
_MARKER = with_first_chars(re.compile(r"\s*\((?:[A-Z가-힣](?:[+\-/×][A-Z가-힣])*)\)$|\s*\([A-Z]$"))


@dataclass
class Context:
    """What the document says around its tables: who, when, where."""

    doc_id: str
    extractor: str
    version: str
    fiscal_year: int | None
    region: str | None
    lines: list[str]


def cell_value(cell: str, column: Column, unit: str | None) -> int | float | None:
    """A cell as KRW, a count or a fraction. `-` is nothing (0) in an amount or count column,
    and not stated in a rate column."""
    if cell in ("-", "–", "—", "ㅡ", "−"):
        return None if column.value == "rate" else 0
    neg = cell[0] in "△▲-"
    number = float(cell.lstrip("△▲-").rstrip("%").replace(",", ""))
    if column.value == "rate" or cell.endswith("%"):
        value: float = round(number / 100, 8)  # 67.8 -> 0.678, not 0.6779999999999999
        return -value if neg else value
    if column.value == "amount" or (column.role in ("year", "total") and unit):
        if unit is None:
            return None
        krw = round(number * UNIT_MULTIPLIERS[unit])
        return -krw if neg else krw
    count = round(number)
    return -count if neg else count


def _prov(ctx: Context, table: Table, rows: list[Row]) -> dict:
    start = min(r.line_start for r in rows)
    end = max(r.line_end for r in rows)
    return {
        "line_start": start,
        "line_end": end,
        "source_text": "\n".join(ctx.lines[start - 1 : end]),
        "doc_id": ctx.doc_id,
        "extractor": ctx.extractor,
        "extractor_version": ctx.version,
    }


def _as_of(ctx: Context, table: Table) -> str | None:
    return as_of_date(ctx.lines[table.line_start - 1], ctx.fiscal_year)


def _stem(label: str) -> str:
    """`신속집행 대상(A)` -> `신속집행`: a row label without its measure word and marker."""
    label = _MARKER.sub("", label).strip()
    found = measure_of(label)
    if found:
        label = (label[: found[2].start()] + label[found[2].end() :]).strip()
    return re.sub(r"\s+", " ", label).strip(" ·,")


def _audit_year(ctx: Context, table: Table) -> int | None:
    for n in range(table.line_start, max(0, table.line_start - 15), -1):
        m = re.search(r"((?:19|20)\d{2})\s*년도?\s*행정\s*사무\s*감사", ctx.lines[n - 1])
        if m:
            return int(m.group(1))
    return ctx.fiscal_year


def staffing(ctx: Context, table: Table) -> list[Record]:
    out: list[Record] = []
    as_of = _as_of(ctx, table)
    for row in table.rows:
        v: dict[str, int | float | None] = {}
        for c, cell in zip(table.columns, row.cells, strict=False):
            value = cell_value(cell, c, None)
            if c.field == "other" and v.get("other") is not None and value is not None:
                value += v["other"]  # type: ignore[operator]  # 기간제 and 별정직: other categories together
            v[c.field] = value
        is_total = bool(TOTAL_LABELS.match(row.label))
        out.append(
            Staffing(
                **_prov(ctx, table, [row]),
                department=row.label if is_total else department_name(row.label),
                department_raw=row.label,
                is_total=is_total,
                authorized=v.get("authorized"),  # type: ignore[arg-type]
                current=v.get("current"),  # type: ignore[arg-type]
                gap=v.get("gap"),  # type: ignore[arg-type]
                general=v.get("general"),  # type: ignore[arg-type]
                fixed_term=v.get("fixed_term"),  # type: ignore[arg-type]
                operational=v.get("operational"),  # type: ignore[arg-type]
                as_of=as_of if as_of and len(as_of) == 10 else None,
                other=v.get("other"),  # type: ignore[arg-type]
            )
        )
    return out


def audit(ctx: Context, table: Table) -> list[Record]:
    out: list[Record] = []
    year = _audit_year(ctx, table)
    for row in table.rows:
        v: dict[str, int | float | None] = {}
        for c, cell in zip(table.columns, row.cells, strict=False):
            v["total" if c.role == "total" else c.field] = cell_value(cell, c, None)
        out.append(
            AuditSummary(
                **_prov(ctx, table, [row]),
                audit_year=year,
                kind="계" if TOTAL_LABELS.match(row.label) else row.label,
                total=v.get("total"),  # type: ignore[arg-type]
                completed=v.get("completed"),  # type: ignore[arg-type]
                in_progress=v.get("in_progress"),  # type: ignore[arg-type]
                under_review=v.get("under_review"),  # type: ignore[arg-type]
                not_reflected=v.get("not_reflected"),  # type: ignore[arg-type]
            )
        )
    return out


def plan(ctx: Context, table: Table) -> list[Record]:
    """A split of a plan: 사업수 and an amount per row; the 합계 row is the plan's total."""
    unit = table.money_unit
    out: list[Record] = []
    values = []
    for row in table.rows:
        v: dict[str, int | float | None] = {}
        for c, cell in zip(table.columns, row.cells, strict=False):
            key = (
                c.field
                if c.role == "plan"
                else ("amount" if c.role == "measure" and c.value == "amount" else c.field)
            )
            if key in v:
                continue
            col = c if c.role != "measure" else Column(c.name, c.role, c.field, "amount")
            v[key] = cell_value(cell, col, unit)
        values.append((row, v))
    totals = [(r, v) for r, v in values if TOTAL_LABELS.match(r.label)]
    parts = [(r, v) for r, v in values if not TOTAL_LABELS.match(r.label)]
    total_v = totals[0][1] if totals else None
    if totals:
        row, v = totals[0]
        out.append(
            PlanTotal(
                **_prov(ctx, table, [row]),
                region=ctx.region,
                fiscal_year=ctx.fiscal_year,
                scope="all",
                projects=v.get("projects"),  # type: ignore[arg-type]
                amount_krw=v.get("amount"),  # type: ignore[arg-type]
                growth_rate=v.get("growth"),  # type: ignore[arg-type]
            )
        )
    labels = [r.label for r, _ in parts]
    dimension = guess_dimension(labels)
    exhaustive = bool(
        total_v
        and total_v.get("amount") is not None
        and sum((v.get("amount") or 0) for _, v in parts) == total_v.get("amount")
    )
    for n, (row, v) in enumerate(parts, start=1):
        label = (canonical_region(row.label) or row.label) if dimension == "region" else row.label
        out.append(
            PlanBreakdown(
                **_prov(ctx, table, [row]),
                region=ctx.region,
                fiscal_year=ctx.fiscal_year,
                scope="all",
                dimension=dimension,
                label=label,
                label_raw=row.label,
                projects=v.get("projects"),  # type: ignore[arg-type]
                amount_krw=v.get("amount"),  # type: ignore[arg-type]
                share=v.get("share"),  # type: ignore[arg-type]
                is_exhaustive=exhaustive,
                ordinal=n,
                growth_rate=v.get("growth"),  # type: ignore[arg-type]
            )
        )
    return out


def _statement(
    ctx: Context, table: Table, rows: list[Row], subject: str, year: int | None, v: dict
) -> BudgetStatement:
    kind = "total" if TOTAL_LABELS.match(subject) else subject_kind(subject)
    return BudgetStatement(
        **_prov(ctx, table, rows),
        subject=subject,
        subject_kind=kind,
        parent=None,  # a table's caption (`다. 예산`) names the table, not an enclosing program
        region=ctx.region,
        fiscal_year=year,
        as_of=_as_of(ctx, table),
        **BudgetStatement.measures_of(v),
        unit=table.money_unit,
        layout="table",
    )


def by_year(ctx: Context, table: Table) -> list[Record]:
    """Years as columns: a row named by a measure gives that measure per year (`집행액(C)`), any
    other row is a subject whose planned budget each year's cell states."""
    unit = table.money_unit
    if unit is None:
        return []
    years = [c for c in table.columns if c.role == "year"]
    measured = [(row, measure_of(row.label)) for row in table.rows]
    out: list[Record] = []
    if any(m for _, m in measured):
        subject = next((_stem(r.label) for r, m in measured if m and _stem(r.label)), None) or table.caption
        if not subject:
            return []
        for col_i, col in enumerate(years):
            v: dict[str, int | float | None] = {}
            rows = []
            for row, m in measured:
                if m is None:
                    continue
                rows.append(row)
                v.setdefault(
                    m[0], cell_value(row.cells[col_i], Column(col.name, "measure", m[0], m[1]), unit)
                )
            if any(x is not None for x in v.values()):
                out.append(_statement(ctx, table, rows, subject, col.year, v))
        return out
    for row in table.rows:
        for col_i, col in enumerate(years):
            value = cell_value(row.cells[col_i], Column(col.name, "measure", "budget_krw", "amount"), unit)
            out.append(_statement(ctx, table, [row], row.label, col.year, {"budget_krw": value}))
    return out


def measures(ctx: Context, table: Table) -> list[Record]:
    unit = table.money_unit
    out: list[Record] = []
    for row in table.rows:
        v: dict[str, int | float | None] = {}
        for c, cell in zip(table.columns, row.cells, strict=False):
            if c.role == "measure":
                v.setdefault(c.field, cell_value(cell, c, unit) if (unit or c.value == "rate") else None)
        if any(x is not None for x in v.values()):
            year_m = re.fullmatch(r"[’']?((?:19|20)\d{2})(?:년도?)?", row.label)
            subject = (table.caption or row.label) if year_m else row.label
            year = int(year_m.group(1)) if year_m else ctx.fiscal_year
            out.append(_statement(ctx, table, [row], subject, year, v))
    return out


def table_records(ctx: Context, table: Table) -> list[Record]:
    roles = {c.role for c in table.columns}
    fields = {c.field for c in table.columns}
    if "staffing" in roles and {"authorized", "current"} & fields:
        return staffing(ctx, table)
    if "audit" in roles:
        return audit(ctx, table)
    if "projects" in fields and any(c.role == "measure" and c.value == "amount" for c in table.columns):
        return plan(ctx, table)
    if "year" in roles:
        return by_year(ctx, table)
    if "measure" in roles:
        return measures(ctx, table)
    return []
