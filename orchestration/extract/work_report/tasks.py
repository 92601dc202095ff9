"""Ⅱ–Ⅲ: the policy goal, the strategies and the numbered tasks with their texts and plan tables."""

from __future__ import annotations

import re
import unicodedata

from orchestration.extract.amounts import UNIT_MULTIPLIERS
from orchestration.extract.records import PolicyGoal, Strategy, Task, TaskPlanMetric
from orchestration.extract.text import clean_text, name_key, normalise_ws
from orchestration.extract.work_report.common import Context
from orchestration.extract.work_report.sections import TaskHead, task_heads
from orchestration.extract.work_report.tables import has_figure

_MARK = re.compile(r"^[\s□■│|○ㅇ·•\-※*►▶\u2022]*")
_SECTION_WORDS = {"사업개요": "overview", "추진실적": "results", "향후계획": "plans", "추진계획": "plans"}
_STRATEGY_HEAD = re.compile(r"^\s*(\d)\s*\.?\s+([가-힣].*)$")
_PLATFORM = re.compile(r"S-[A-Za-z]+")


def _bare(line: str) -> str:
    return name_key(_MARK.sub("", line))


def read_goal_and_strategies(ctx: Context) -> int:
    """The policy goal and the strategies listed under 추진전략; returns how many strategies."""
    lines = ctx.lines
    count = 0
    for n, line in enumerate(lines, start=1):
        if "표" not in line and "략" not in line and unicodedata.is_normalized("NFC", line):
            continue  # cannot read 정책목표 / 추진전략 (a cheap test before the comparison key)
        key = _bare(line)
        if key == "정책목표":
            goal = _next_text(lines, n)
            if goal:
                ctx.add(PolicyGoal, goal, goal=clean_text(ctx.line(goal)))
        elif key == "추진전략" and count == 0:
            m = n + 1
            while m <= len(lines) and count < 9:
                text = lines[m - 1].strip()
                if not text:
                    m += 1
                    continue
                if (
                    text.startswith(("-", "○", "□"))
                    or _bare(text) in {"주요업무", "추진과제"}
                    or len(text) > 60
                ):
                    break
                count += 1
                title = re.sub(r"^\d+\s*[.)]?\s*", "", clean_text(text))
                ctx.add(Strategy, m, strategy_no=count, title=title)
                m += 1
    if count == 0:  # no 추진전략 list: take the strategy headings of the tasks part
        seen: set[int] = set()
        for n, line in enumerate(lines, start=1):
            m = _STRATEGY_HEAD.match(line)
            if m and "\t" not in line and int(m.group(1)) not in seen and _is_strategy_heading(lines, n):
                seen.add(int(m.group(1)))
                ctx.add(Strategy, n, strategy_no=int(m.group(1)), title=clean_text(m.group(2)))
        count = len(seen)
    return count


_TASK_ITEM = re.compile(r"^\s*-\s*(\*\*)?\d-\d")


def _is_strategy_heading(lines: list[str], n: int) -> bool:
    """A `1 title` line followed by its task list (`- 1-1. …`)."""
    return any(_TASK_ITEM.match(lines[k]) for k in range(n, min(n + 4, len(lines))))


def _next_text(lines: list[str], n: int) -> int | None:
    for m in range(n + 1, min(n + 6, len(lines) + 1)):
        if lines[m - 1].strip():
            return m
    return None


def _body_end(lines: list[str], head: TaskHead, next_start: int) -> int:
    """Last line of a task: before the next task, strategy heading, task list or part."""
    end = next_start - 1
    for n in range(head.line + 1, next_start):
        line = lines[n - 1]
        if re.match(r"^\s*(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|IV|V|III|II|I)\s*\.", line) or (
            _STRATEGY_HEAD.match(line) and "\t" not in line and _is_strategy_heading(lines, n)
        ):
            end = n - 1
            break
    while end > head.line and not lines[end - 1].strip():
        end -= 1
    return end


def read_tasks(ctx: Context, table_lines: set[int], end_of_tasks: int | None = None) -> list[Task]:
    heads = task_heads(ctx.lines)
    out: list[Task] = []
    for k, head in enumerate(heads):
        next_start = heads[k + 1].line if k + 1 < len(heads) else (end_of_tasks or len(ctx.lines)) + 1
        end = _body_end(ctx.lines, head, next_start)
        purpose_line = None
        texts: dict[str, list[str]] = {"overview": [], "results": [], "plans": []}
        current: str | None = None
        plan_lines: set[int] = set()
        for n in range(head.line + 1, end + 1):
            line = ctx.line(n)
            if not line.strip():
                continue
            key = _bare(line)
            if key in _SECTION_WORDS:
                current = _SECTION_WORDS[key]
                continue
            if current is None and purpose_line is None:
                purpose_line = n
                continue
            if n in table_lines or n in plan_lines:
                continue
            if "\t" in line and _plan_header(line):
                plan_lines |= read_plan_table(ctx, n, head.code)
                continue
            if "\t" in line and has_figure(line):
                ctx.figure_lines.add(n)
                ctx.skip(n, "table in a task's text without a record type")
                continue
            if "예산집행현황" in key or re.match(r"^\(?\s*단위", line.strip().lstrip("-* ")):
                continue
            if current:
                texts[current].append(clean_text(line.strip()))
        title = head.title
        platforms = _PLATFORM.findall(title)
        rec = ctx.add(
            Task,
            head.line,
            purpose_line or head.line,
            task_code=head.code,
            strategy_no=head.strategy_no,
            title=title,
            platform=", ".join(dict.fromkeys(platforms)) or None,
            purpose=clean_text(ctx.line(purpose_line)) if purpose_line else None,
            overview="\n".join(texts["overview"]) or None,
            results="\n".join(texts["results"]) or None,
            plans="\n".join(texts["plans"]) or None,
            body_line_end=end,
        )
        out.append(rec)  # type: ignore[arg-type]
    return out


_YEAR = re.compile(r"(20\d{2})\s*년?")


def _plan_header(line: str) -> list[int | None] | None:
    """Columns of a multi-year plan header (`구 분 | 계 | 2020년 | 2021년 …`), or None."""
    cells = [c.strip() for c in line.split("\t")]
    if not cells or name_key(cells[0]) != "구분":
        return None
    cols: list[int | None] = []
    for c in cells[1:]:
        m = _YEAR.search(c)
        if m:
            cols.append(int(m.group(1)))
        elif name_key(c) in {"계", "합계", "총계"}:
            cols.append(None)
        else:
            return None
    return cols if sum(1 for c in cols if c) >= 2 else None


_VALUE = re.compile(r"^\(?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([A-Za-z가-힣]*)")


def read_plan_table(ctx: Context, header: int, code: str) -> set[int]:
    """A task's multi-year plan: one metric per row and year (None for the total column)."""
    cols = _plan_header(ctx.line(header)) or []
    used = {header}
    ctx.skip(header, "header row")
    if has_figure(ctx.line(header)):
        ctx.figure_lines.add(header)
    main = ""
    n = header + 1
    while n <= len(ctx.lines) and ctx.line(n).strip() and "\t" in ctx.line(n):
        cells = ctx.line(n).split("\t")
        label = clean_text(re.sub(r"^[①-⑳]\s*", "", cells[0].strip()))
        unit_in_label = re.search(r"\((천원|백만원|억원|만원|원|km|대|개|식)\)", label)
        if label.startswith("(") and main:
            metric = f"{main} {label}"
        else:
            main = label
            metric = label
        used.add(n)
        ctx.figure_lines.add(n)
        made = 0
        row_units = [
            m.group(2)
            for c in cells[1:]
            if (m := _VALUE.match(normalise_ws(c.replace("$", "")))) and m.group(2)
        ]
        row_unit = max(set(row_units), key=row_units.count) if row_units else None
        for k, raw in enumerate(cells[1:]):
            text = normalise_ws(raw.replace("$", "").replace("\\uparrow", "↑"))
            m = _VALUE.match(text)
            if k >= len(cols) or not text or not m:
                continue
            value = float(m.group(1).replace(",", ""))
            unit = unit_in_label.group(1) if unit_in_label else (m.group(2) or row_unit)
            if unit == "대수":
                unit = "대"
            value_krw = int(value * UNIT_MULTIPLIERS[unit]) if unit in UNIT_MULTIPLIERS else None
            ctx.add(
                TaskPlanMetric,
                n,
                task_code=code,
                metric=metric,
                unit=unit,
                year=cols[k],
                value=value,
                value_text=raw.strip(),
                value_krw=value_krw,
            )
            made += 1
        if not made:
            ctx.skip(n, "plan table row without readable values")
        n += 1
    return used
