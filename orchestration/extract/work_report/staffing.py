"""Ⅰ. 일반현황: the staffing table (정원 / 현원 / 과부족 / 직종별 현원) and each unit's duties."""

from __future__ import annotations

import re

from orchestration.extract.records import DepartmentDuty, Staffing
from orchestration.extract.text import clean_text, department_name, name_key, normalise_ws
from orchestration.extract.work_report.common import Context, check_sum
from orchestration.extract.work_report.tables import TableBlock, as_int, find_tables, has_figure

_TOTAL_LABELS = {"계", "합계", "총계", "총괄"}
_ORGANISATION_COUNTS = re.compile(r"^\s*조\s*직\s+\d")


def read_staffing(ctx: Context) -> None:
    for block in find_tables(ctx.lines, {"staffing"}):
        _read_block(ctx, block)
    for n, line in enumerate(ctx.lines, start=1):
        if _ORGANISATION_COUNTS.match(line):
            ctx.figure_lines.add(n)
            ctx.skip(n, "organisation counts (정책관/담당관/팀): no record type")


def _read_block(ctx: Context, block: TableBlock) -> None:
    for h in block.header_lines:
        if has_figure(ctx.line(h)):
            ctx.figure_lines.add(h)
        ctx.skip(h, "header row")
    total = None
    units = []
    for row in block.rows:
        ctx.figure_lines.add(row.line)
        label = clean_text(row.label_raw)
        v = [as_int(c) for c in row.values]
        # 정원, 현원, 과부족, 소계(직종별 현원), 일반직, 임기제, 관리운영직; '-' reads as 0 here.
        counts = [
            x if x is not None else (0 if row.values[i] in {"-", "_"} else None) for i, x in enumerate(v)
        ]
        is_total = label.replace(" ", "") in _TOTAL_LABELS
        dept = (ctx.bureau or label) if is_total else department_name(label)
        rec = ctx.add(
            Staffing,
            row.line,
            department=dept,
            department_raw=row.label_raw,
            is_total=is_total,
            authorized=counts[0],
            current=counts[1],
            gap=counts[2],
            general=counts[4],
            fixed_term=counts[5],
            operational=counts[6],
            as_of=ctx.as_of,
        )
        if counts[3] is not None and counts[1] is not None and counts[3] != counts[1]:
            ctx.finding(
                "subtotal_mismatch",
                f"{dept}: 직종별 소계 {counts[3]} is not 현원 {counts[1]}",
                stated=counts[3],
                computed=counts[1],
                lines=[row.line],
                subject=dept,
            )
        parts = [c for c in counts[4:7] if c is not None]
        check_sum(ctx, row.line, dept, "현원 by job type", counts[1], parts, [row.line], unit_krw=0)
        if None not in (counts[0], counts[1], counts[2]) and counts[1] - counts[0] != counts[2]:  # type: ignore[operator]
            ctx.finding(
                "change_not_difference",
                f"{dept}: stated 과부족 {counts[2]} is not 현원 {counts[1]} - 정원 {counts[0]}",
                stated=counts[2],
                computed=counts[1] - counts[0],  # type: ignore[operator]
                lines=[row.line],
                subject=dept,
            )
        if is_total:
            total = rec
        else:
            units.append(rec)
    if total is not None and units:
        for attr, what in (("authorized", "정원"), ("current", "현원")):
            check_sum(
                ctx,
                total.line_start,
                total.department,  # type: ignore[attr-defined]
                what,
                getattr(total, attr),
                [getattr(u, attr) for u in units],
                [u.line_start for u in units],
                unit_krw=0,
            )


# --- duties ----------------------------------------------------------------------------------

# Words a duty ends on (verbal nouns); a phrase ending on one, not followed by a connector or by
# another of them, ends the duty.
_DUTY_ENDS = (
    "조정",
    "수립",
    "구축",
    "운영",
    "관리",
    "개방",
    "발간",
    "검토",
    "적용",
    "강화",
    "고도화",
    "확대",
    "추진",
    "보급",
    "지원",
    "감독",
    "협력",
    "총괄",
    "활용",
    "발굴",
    "개선",
    "육성",
    "실시",
    "시행",
    "교육",
    "점검",
    "평가",
    "심사",
    "대응",
)
_CONTINUE = ("계획", "및", "등", "또는", "과", "와")
_BULLET_SPLIT = re.compile(r"(?:^|\s)[·•▪◦○ㅇ□\-](?=\s)")


def _ends_duty(token: str) -> bool:
    return token.rstrip(")").endswith(_DUTY_ENDS)


def split_phrases(text: str) -> list[str]:
    """Split a run of duty phrases whose bullets were lost in extraction.

    `빅데이터 수집·저장·활용 총괄 조정 빅데이터 거버넌스 및 통합저장소 구축` -> two duties.
    """
    tokens = text.split()
    out: list[list[str]] = [[]]
    for k, tok in enumerate(tokens):
        out[-1].append(tok)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None:
            break
        if tok.endswith(",") or tok in _CONTINUE or nxt in _CONTINUE:
            continue
        if _ends_duty(tok) and not _ends_duty(nxt) and not nxt.startswith("계획"):
            out.append([])
    return [" ".join(p) for p in out if p]


def split_duties(text: str) -> list[str]:
    text = normalise_ws(text)
    if _BULLET_SPLIT.search(" " + text):
        items = [p.strip() for p in _BULLET_SPLIT.split(" " + text)]
    else:
        items = split_phrases(text)
    return [clean_text(i) for i in items if i.strip()]


def read_duties(ctx: Context) -> None:
    """The 부서별 주요업무 table: `department<TAB>duty · duty · ...` after its header."""
    start = None
    for n, line in enumerate(ctx.lines, start=1):
        if "\t" not in line:
            continue  # (the header is a row of cells: a line without a tab is not looked at further)
        key = name_key(line)
        if "주요업무" in key and ("부서" in key or "기관" in key):
            start = n
            break
    if start is None:
        return
    ctx.skip(start, "header row")
    n = start + 1
    while n <= len(ctx.lines):
        line = ctx.line(n)
        if not line.strip():
            n += 1
            if n <= len(ctx.lines) and ctx.line(n).strip() and "\t" not in ctx.line(n):
                break
            continue
        if "\t" not in line:
            break
        label, _, rest = line.partition("\t")
        dept = department_name(label)
        for k, duty in enumerate(split_duties(rest), start=1):
            ctx.add(DepartmentDuty, n, department=dept, ordinal=k, duty=duty)
        n += 1
