"""Expenditure: the 세출 총괄 summary, the detailed 세출예산 집행현황 and each task's execution table.

Detail table rows are department / account (일반회계, 특별회계) / program lines; the department and
account rows are subtotals checked against their parts. Task tables link programs to tasks (by
name, else by equal budget) and are checked against the detail table.
"""

from __future__ import annotations

import dataclasses
import re
from difflib import SequenceMatcher

from orchestration.extract.records import BudgetLine, DepartmentBudget, Record
from orchestration.extract.text import clean_text, department_kind, department_name, name_key
from orchestration.extract.work_report.common import Context, check_change, check_rate, check_sum
from orchestration.extract.work_report.sections import task_at, task_heads
from orchestration.extract.work_report.staffing import split_phrases
from orchestration.extract.work_report.tables import Row, TableBlock, as_krw, as_rate, has_figure

TOTAL_LABELS = {"계", "합계", "총계", "소계"}
_ORG = re.compile(r"(담당관|관|과|팀|센터|사업소|재단|본부|단|국|실|원)$")


def _is_account(label: str) -> bool:
    key = name_key(label)
    return key.endswith("회계") or key == "기금"


def _is_total(ctx: Context, label: str) -> bool:
    key = name_key(label)
    return (
        key in TOTAL_LABELS
        or department_kind(label) == "bureau"
        or (ctx.bureau is not None and key == name_key(ctx.bureau))
    )


def _skip_headers(ctx: Context, block: TableBlock) -> None:
    for h in block.header_lines:
        if has_figure(ctx.line(h)):
            ctx.figure_lines.add(h)
        ctx.skip(h, "header row")


# --- 세출 총괄 -------------------------------------------------------------------------------


def read_expenditure_summary(ctx: Context, block: TableBlock) -> list[DepartmentBudget]:
    _skip_headers(ctx, block)
    out: list[DepartmentBudget] = []
    current: str | None = None
    for row in block.rows:
        ctx.figure_lines.add(row.line)
        label = clean_text(row.label_raw)
        budget, prior, change = (as_krw(c) for c in row.values[:3])
        executed = as_krw(row.values[4])
        rate, exec_rate = as_rate(row.values[3]), as_rate(row.values[5])
        account = None
        if _is_total(ctx, label):
            dept, is_total = ctx.bureau or label, True
        elif _is_account(label):
            dept, is_total, account = current or "", False, name_key(label)
        else:
            dept, is_total = department_name(label), False
            current = dept
        rec = ctx.add(
            DepartmentBudget,
            row.line,
            department=dept,
            account=account,
            is_total=is_total,
            fiscal_year=ctx.fiscal_year,
            budget_krw=budget,
            prior_year_krw=prior,
            change_krw=change,
            change_rate=rate,
            executed_krw=executed,
            execution_rate=exec_rate,
            as_of=ctx.as_of,
        )
        subject = f"{dept} {account}" if account else dept
        check_change(ctx, row.line, subject, budget, prior, change)
        check_rate(ctx, row.line, subject, "증감률", rate, row.values[3], change, prior)
        check_rate(ctx, row.line, subject, "집행률", exec_rate, row.values[5], executed, budget)
        out.append(rec)  # type: ignore[arg-type]
    _check_summary_sums(ctx, out)
    return out


def _check_summary_sums(ctx: Context, recs: list[DepartmentBudget]) -> None:
    totals = [r for r in recs if r.is_total]
    depts = [r for r in recs if not r.is_total and r.account is None]
    fields = (("budget_krw", "예산현액"), ("prior_year_krw", "전년 최종예산"), ("executed_krw", "집행액"))
    if totals and depts:
        for attr, what in fields:
            check_sum(
                ctx,
                totals[0].line_start,
                totals[0].department,
                what,
                getattr(totals[0], attr),
                [getattr(d, attr) for d in depts],
                [d.line_start for d in depts],
            )
    for dept in depts:
        accounts = [r for r in recs if r.account and r.department == dept.department]
        for attr, what in fields:
            if accounts:
                check_sum(
                    ctx,
                    dept.line_start,
                    dept.department,
                    what,
                    getattr(dept, attr),
                    [getattr(a, attr) for a in accounts],
                    [a.line_start for a in accounts],
                )


# --- 세출예산 집행현황 (detail) ---------------------------------------------------------------


def _split_interleaved(ctx: Context, rows: list[Row], known: dict[int, str]) -> list[str | None]:
    """Names for k rows flattened onto one line: by equal budget in a task table, else by phrase."""
    label = clean_text(rows[0].label_raw)
    k = len(rows)
    names: list[str | None] = [None] * k
    rest = name_key(label)
    for i, row in enumerate(rows):
        name = known.get(as_krw(row.values[0]) or -1)
        if name and name_key(name) in rest:
            names[i] = name
            rest = rest.replace(name_key(name), "", 1)
    if all(names):
        # Prefer the wording of this table: cut the label at the phrase boundaries when they agree.
        phrases = split_phrases(label)
        if len(phrases) == k and all(name_key(p) == name_key(n) for p, n in zip(phrases, names, strict=True)):
            return list(phrases)
        return names
    phrases = split_phrases(label)
    if len(phrases) == k:
        return list(phrases)
    return [label] + [None] * (k - 1)


def read_expenditure_detail(ctx: Context, block: TableBlock, task_names: dict[int, str]) -> list[BudgetLine]:
    _skip_headers(ctx, block)
    out: list[BudgetLine] = []
    rows = block.rows
    dept: str | None = None
    account: str | None = None
    by_line: dict[int, list[Row]] = {}
    for row in rows:
        by_line.setdefault(row.line, []).append(row)
    for idx, row in enumerate(rows):
        ctx.figure_lines.add(row.line)
        label = clean_text(row.label_raw)
        next_label = clean_text(rows[idx + 1].label_raw) if idx + 1 < len(rows) else ""
        budget, committed, spent = (as_krw(c) for c in row.values[:3])
        c_rate, s_rate = as_rate(row.values[3]), as_rate(row.values[4])
        kind, program, program_raw = "detail", None, None
        if row.parts == 1 and label and _is_total(ctx, label):
            kind, dept_here, acc_here = "subtotal", ctx.bureau or label, None
            dept, account = None, None
        elif row.parts == 1 and label and _is_account(label):
            kind, dept_here, acc_here = "subtotal", dept, name_key(label)
            account = acc_here
        elif (
            row.parts == 1
            and label
            and (
                department_kind(label) in {"unit", "agency", "foundation"}
                or (_is_account(next_label) and _ORG.search(name_key(label)))
            )
        ):
            kind, dept_here, acc_here = "subtotal", department_name(label), None
            dept, account = dept_here, None
        else:
            dept_here, acc_here = dept, account
            if row.parts > 1:
                names = _split_interleaved(ctx, by_line[row.line], task_names)
                program = names[row.part]
                program_raw = row.label_raw
                if row.part == 0:
                    ctx.finding(
                        "interleaved_rows",
                        f"{row.parts} programs and their values are interleaved on one line; read as "
                        + " / ".join(n or "(no name)" for n in names),
                        stated=None,
                        computed=None,
                        lines=[row.line],
                        subject=" / ".join(n or "" for n in names),
                    )
            else:
                program = label or None
                program_raw = row.label_raw or None
            if program is None:
                ctx.finding(
                    "missing_program_name",
                    f"a program line of {dept or '?'} {account or ''} has figures but no name "
                    f"(budget {budget:,} KRW)".replace("  ", " ")
                    if budget is not None
                    else "a program line has figures but no name",
                    stated=budget,
                    computed=None,
                    lines=[row.line],
                    subject=f"{dept or ''} {account or ''}".strip() or None,
                )
        rec = ctx.add(
            BudgetLine,
            row.line,
            table_kind=kind,
            department=dept_here,
            account=acc_here,
            program=program,
            program_raw=program_raw,
            task_code=None,
            fiscal_year=ctx.fiscal_year,
            budget_krw=budget,
            committed_krw=committed,
            spent_krw=spent,
            committed_rate=c_rate,
            spent_rate=s_rate,
            as_of=ctx.as_of,
        )
        subject = program or f"{dept_here or ''} {acc_here or ''}".strip()
        check_rate(ctx, row.line, subject, "원인행위 집행률", c_rate, row.values[3], committed, budget)
        check_rate(ctx, row.line, subject, "지출 집행률", s_rate, row.values[4], spent, budget)
        out.append(rec)  # type: ignore[arg-type]
    _check_detail_sums(ctx, out)
    return out


def _check_detail_sums(ctx: Context, lines: list[BudgetLine]) -> None:
    fields = (("budget_krw", "예산현액"), ("committed_krw", "원인행위액"), ("spent_krw", "지출액"))

    def check(parent: BudgetLine, parts: list[BudgetLine]) -> None:
        if not parts:
            return
        subject = f"{parent.department} {parent.account or ''}".strip()
        for attr, what in fields:
            check_sum(
                ctx,
                parent.line_start,
                subject,
                what,
                getattr(parent, attr),
                [getattr(p, attr) for p in parts],
                [p.line_start for p in parts],
            )

    subtotals = [r for r in lines if r.table_kind == "subtotal"]
    programs = [r for r in lines if r.table_kind == "detail"]
    bureau = [r for r in subtotals if r.department == ctx.bureau and r.account is None]
    depts = [r for r in subtotals if r.account is None and r not in bureau]
    for dept in depts:
        accounts = [r for r in subtotals if r.account and r.department == dept.department]
        for acc in accounts:
            check(acc, [p for p in programs if p.department == dept.department and p.account == acc.account])
        check(dept, accounts or [p for p in programs if p.department == dept.department])
    if bureau:
        check(bureau[0], depts)


# --- task execution tables ---------------------------------------------------------------------


def read_task_tables(ctx: Context, blocks: list[TableBlock]) -> list[BudgetLine]:
    heads = task_heads(ctx.lines)
    out: list[BudgetLine] = []
    for block in blocks:
        _skip_headers(ctx, block)
        head = task_at(heads, block.start)
        code = head.code if head else None
        programs: list[BudgetLine] = []
        for row in block.rows:
            ctx.figure_lines.add(row.line)
            label = clean_text(row.label_raw)
            v = row.values
            budget, committed, spent, expected = as_krw(v[0]), as_krw(v[1]), as_krw(v[2]), as_krw(v[5])
            if name_key(label) in TOTAL_LABELS:
                ctx.skip(row.line, "task table total row: checked against its rows, no record")
                for i, what in ((0, "예산현액"), (1, "원인행위"), (2, "지출액"), (5, "집행예상액")):
                    check_sum(
                        ctx,
                        row.line,
                        f"task {code} total",
                        what,
                        as_krw(v[i]),
                        [
                            [p.budget_krw, p.committed_krw, p.spent_krw, None, None, p.expected_year_end_krw][
                                i
                            ]
                            for p in programs
                        ],
                        [p.line_start for p in programs],
                    )
                continue
            rec = ctx.add(
                BudgetLine,
                row.line,
                table_kind="task",
                department=None,
                account=None,
                program=label or None,
                program_raw=row.label_raw or None,
                task_code=code,
                fiscal_year=ctx.fiscal_year,
                budget_krw=budget,
                committed_krw=committed,
                spent_krw=spent,
                committed_rate=as_rate(v[3]),
                spent_rate=as_rate(v[4]),
                expected_year_end_krw=expected,
                expected_rate=as_rate(v[6]),
                as_of=ctx.as_of,
            )
            subject = label or f"task {code}"
            check_rate(ctx, row.line, subject, "원인행위 집행률", as_rate(v[3]), v[3], committed, budget)
            check_rate(ctx, row.line, subject, "지출 집행률", as_rate(v[4]), v[4], spent, budget)
            check_rate(ctx, row.line, subject, "집행예상률", as_rate(v[6]), v[6], expected, budget)
            programs.append(rec)  # type: ignore[arg-type]
        out.extend(programs)
    return out


def _similarity(a: str, b: str) -> float:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return 1.0
    return SequenceMatcher(None, ka, kb).ratio()


def link_tasks(ctx: Context, detail: list[BudgetLine], task_rows: list[BudgetLine]) -> None:
    """Pair each task-table row with its detail-table program; report differing figures.

    Pairs are found by identical name (spaces and OCR variants aside), else by equal budget with
    a similar name. Linked task rows get the program's department and account; linked detail
    rows get the task code.
    """
    programs = [d for d in detail if d.table_kind == "detail" and d.program]
    replace: dict[int, Record] = {}
    for t in task_rows:
        if not t.program:
            continue
        match = next((d for d in programs if name_key(d.program or "") == name_key(t.program)), None)
        if match is None:
            same = [d for d in programs if d.budget_krw == t.budget_krw and t.budget_krw]
            scored = sorted(
                ((_similarity(d.program or "", t.program), i, d) for i, d in enumerate(same)), reverse=True
            )
            if scored and scored[0][0] >= 0.5:
                match = scored[0][2]
        if match is None:
            continue
        for attr, what in (
            ("budget_krw", "예산현액"),
            ("committed_krw", "원인행위"),
            ("spent_krw", "지출액"),
        ):
            a, b = getattr(t, attr), getattr(match, attr)
            if (a or 0) != (b or 0):
                ctx.finding(
                    "cross_table_mismatch",
                    f"{t.program}: task {t.task_code} table states {what} {a or 0:,} KRW, the detailed "
                    f"table {b or 0:,} KRW",
                    stated=a,
                    computed=b,
                    lines=[t.line_start, match.line_start],
                    subject=t.program,
                )
        replace[id(t)] = dataclasses.replace(t, department=match.department, account=match.account)
        if match.task_code is None:
            replace[id(match)] = dataclasses.replace(match, task_code=t.task_code)
    ctx.records[:] = [replace.get(id(r), r) for r in ctx.records]


def task_names_by_budget(task_rows: list[BudgetLine]) -> dict[int, str]:
    return {t.budget_krw: t.program for t in task_rows if t.budget_krw and t.program}
