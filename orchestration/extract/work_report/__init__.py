"""Council work reports (주요업무보고) -> typed records. Pure: text in, records out.

`extract_work_report` reads the report's parts by the language of such reports (table headers,
units, numbering, ○/□/- bullets), not by line numbers: staffing and duties, the revenue and
expenditure tables, the goal / strategies / tasks with their execution tables, and the audit
follow-up. Source inconsistencies become SourceFinding records; see docs/extraction_work_report.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from orchestration.extract.records import Extraction
from orchestration.extract.text import clean_text, name_key
from orchestration.extract.work_report.audit import read_audit
from orchestration.extract.work_report.budget import (
    link_tasks,
    read_expenditure_detail,
    read_expenditure_summary,
    read_task_tables,
    task_names_by_budget,
)
from orchestration.extract.work_report.common import WORK_REPORT_EXTRACTOR_VERSION, Context
from orchestration.extract.work_report.revenue import read_revenue_detail, read_revenue_summary, revenue_class
from orchestration.extract.work_report.sections import as_of_date, bureau_name, fiscal_year, part_with, parts
from orchestration.extract.work_report.staffing import read_duties, read_staffing
from orchestration.extract.work_report.tables import find_tables
from orchestration.extract.work_report.tasks import read_goal_and_strategies, read_tasks

__all__ = ["WORK_REPORT_EXTRACTOR_VERSION", "extract_work_report"]


def extract_work_report(
    text: str,
    *,
    doc_id: str = "",
    published_on: date | None = None,
    region: str | None = None,
    strict: bool = False,
) -> Extraction:
    """Records of a work report. Never raises unless `strict` (tests): a section that fails is
    recorded in `errors` (the document is quarantined) and the others still run; nothing
    recognised -> `rejected`."""
    try:
        lines = (text or "").splitlines()
    except AttributeError:
        return Extraction(kind="work_report", rejected="not a text")
    as_of = as_of_date(lines)
    ctx = Context(lines=lines, doc_id=doc_id, as_of=as_of, fiscal_year=fiscal_year(lines, as_of))
    ctx.bureau = bureau_name(lines)
    errors: list[str] = []

    def run(name: str, fn: Callable[[], object]) -> object:
        try:
            return fn()
        except Exception as exc:
            if strict:
                raise
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
            return None

    run("staffing", lambda: read_staffing(ctx))
    run("duties", lambda: read_duties(ctx))
    blocks = run("tables", lambda: find_tables(lines)) or []
    task_blocks = [b for b in blocks if b.kind == "task"]
    task_rows = run("task tables", lambda: read_task_tables(ctx, task_blocks)) or []
    detail: list = []
    for block in blocks:
        if block.kind == "expenditure_summary":
            run("expenditure summary", lambda b=block: read_expenditure_summary(ctx, b))
        elif block.kind == "expenditure_detail":
            detail.extend(
                run(
                    "expenditure detail",
                    lambda b=block: read_expenditure_detail(ctx, b, task_names_by_budget(task_rows)),
                )
                or []
            )
    run("task links", lambda: link_tasks(ctx, detail, task_rows))
    revenue = [b for b in blocks if b.kind == "revenue"]
    rev_detail = [b for b in revenue if _is_revenue_detail(b)]
    detail_lines: list = []
    for block in rev_detail:
        detail_lines.extend(run("revenue detail", lambda b=block: read_revenue_detail(ctx, b)) or [])
    for block in revenue:
        if block not in rev_detail:
            run("revenue summary", lambda b=block: read_revenue_summary(ctx, b, detail_lines))
    run("strategies", lambda: read_goal_and_strategies(ctx))
    table_lines = {n for b in blocks for n in range(b.start, b.end + 1)}
    all_parts = parts(lines)
    detail_part = part_with(all_parts, "세부현황", "세입·세출", "세입세출")
    audit_part = part_with(all_parts, "행정사무감사", "감사")
    end_of_tasks = None
    tasks_part = part_with(all_parts, "추진업무", "주요업무", "주요추진")
    if tasks_part is not None:
        end_of_tasks = tasks_part.end
    elif detail_part is not None:
        end_of_tasks = detail_part.start - 1
    run("tasks", lambda: read_tasks(ctx, table_lines, end_of_tasks))
    if audit_part is not None:
        run("audit", lambda: read_audit(ctx, audit_part))
    _skip_unit_notes(ctx, blocks)
    result = Extraction(
        kind="work_report", records=ctx.records, figure_lines=ctx.figure_lines, skipped=ctx.skipped
    )
    result.errors = errors
    if not result.records and not errors:
        result.rejected = "no work-report section recognised"
    return result


def _is_revenue_detail(block) -> bool:
    """A detailed revenue table lists items below the classification (labels it does not know)."""
    for row in block.rows:
        label = clean_text(row.label_raw)
        if name_key(label) not in {"계", "합계", "총계"} and revenue_class(label, threshold=0.7) is None:
            return True
    return False


def _skip_unit_notes(ctx: Context, blocks: list) -> None:
    """Unit / as-of notes next to a recognised table: read for as_of, no record of their own."""
    near = {n for b in blocks for n in range(b.start - 8, b.end + 4)}
    for n in near:
        line = ctx.line(n)
        if "단위" in line and ("천원" in line or "기준" in line):
            ctx.skip(n, "unit note")
