"""Revenue (세입): the summary and detailed tables, each line placed in its hierarchy.

Upper levels follow the local-government revenue classification (장/관/항/목), so garbled or
partial labels (`경성상적세의외수입`, `ユ외수입`) are recognised by similarity to it; any other label
is an item (level + 1) under the last classification line above it. Summary rows are matched to
the detailed table's lines with the same amounts when there is one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from orchestration.extract.records import RevenueLine
from orchestration.extract.text import clean_text, name_key
from orchestration.extract.work_report.common import Context, check_change, check_rate, check_sum
from orchestration.extract.work_report.tables import Row, TableBlock, as_krw, as_rate, has_figure

# canonical class name -> parent (None for level 1). 계 is level 0.
REVENUE_CLASSES: dict[str, str | None] = {
    "지방세수입": None,
    "세외수입": None,
    "지방교부세": None,
    "조정교부금등": None,
    "보조금": None,
    "지방채": None,
    "보전수입등및내부거래": None,
    "보통세": "지방세수입",
    "목적세": "지방세수입",
    "경상적세외수입": "세외수입",
    "임시적세외수입": "세외수입",
    "지방행정제재·부과금": "세외수입",
    "국고보조금등": "보조금",
    "시도비보조금등": "보조금",
    "국내차입금": "지방채",
    "국외차입금": "지방채",
    "보전수입등": "보전수입등및내부거래",
    "내부거래": "보전수입등및내부거래",
    "재산임대수입": "경상적세외수입",
    "국유재산임대료": "경상적세외수입",
    "공유재산임대료": "경상적세외수입",
    "사용료수입": "경상적세외수입",
    "도로사용료": "경상적세외수입",
    "하천사용료": "경상적세외수입",
    "기타사용료": "경상적세외수입",
    "수수료수입": "경상적세외수입",
    "증지수입": "경상적세외수입",
    "기타수수료": "경상적세외수입",
    "사업수입": "경상적세외수입",
    "사업장생산수입": "경상적세외수입",
    "징수교부금수입": "경상적세외수입",
    "이자수입": "경상적세외수입",
    "기타이자수입": "경상적세외수입",
    "재산매각수입": "임시적세외수입",
    "자치단체간부담금": "임시적세외수입",
    "시도비반환금수입": "임시적세외수입",
    "보조금반환수입": "임시적세외수입",
    "그외수입": "임시적세외수입",
    "기타수입": "임시적세외수입",
    "지난년도수입": "임시적세외수입",
    "과징금": "지방행정제재·부과금",
    "이행강제금": "지방행정제재·부과금",
    "변상금": "지방행정제재·부과금",
    "위반지적과태료": "지방행정제재·부과금",
    "기타과태료": "지방행정제재·부과금",
    "국고보조금": "국고보조금등",
    "기금": "국고보조금등",
    "균형발전특별회계보조금": "국고보조금등",
    "시도비보조금": "시도비보조금등",
    "순세계잉여금": "보전수입등",
    "이월금": "보전수입등",
    "국고보조금사용잔액": "보전수입등",
    "시도비보조금사용잔액": "보전수입등",
    "융자금원금수입": "보전수입등",
    "전입금": "내부거래",
    "예탁금및예수금": "내부거래",
    "모집공채": "국내차입금",
    "매출공채": "국내차입금",
    "정부자금채": "국내차입금",
    "기타차입금": "국내차입금",
}
_DISPLAY = {
    "조정교부금등": "조정교부금 등",
    "국고보조금등": "국고보조금 등",
    "시도비보조금등": "시도비보조금 등",
}
_DISPLAY.update({"보전수입등": "보전수입 등", "보전수입등및내부거래": "보전수입 등 및 내부거래"})
_CLASS_KEYS = {name_key(k): k for k in REVENUE_CLASSES}


def revenue_class(label: str, threshold: float = 0.8) -> str | None:
    key = name_key(label)
    if not key:
        return None
    if key in _CLASS_KEYS:
        return _CLASS_KEYS[key]
    hangul = re.sub(r"[^가-힣]", "", key)
    if len(hangul) < 2:
        return None
    best, score = None, 0.0
    for k, name in _CLASS_KEYS.items():
        s = SequenceMatcher(None, hangul, k).ratio()
        if s > score:
            best, score = name, s
    return best if score >= threshold else None


def _path(cls: str) -> tuple[str, ...]:
    chain = [cls]
    while REVENUE_CLASSES.get(chain[-1]):
        chain.append(REVENUE_CLASSES[chain[-1]])  # type: ignore[arg-type]
    return tuple(_DISPLAY.get(c, c) for c in reversed(chain))


def _values(row: Row) -> dict:
    v = row.values
    return {
        "budget_krw": as_krw(v[0]),
        "prior_year_krw": as_krw(v[1]),
        "change_krw": as_krw(v[2]),
        "change_rate": as_rate(v[3]),
        "collected_krw": as_krw(v[4]),
        "collection_rate": as_rate(v[5]),
    }


def _add_line(
    ctx: Context, row: Row, table_kind: str, name: str, path: tuple[str, ...], level: int, vals: dict
) -> RevenueLine:
    """One revenue line of either table, with the row's own consistency checks."""
    rec = ctx.add(
        RevenueLine,
        row.line,
        table_kind=table_kind,
        fiscal_year=ctx.fiscal_year,
        name=name,
        name_raw=row.label_raw,
        path=path,
        level=level,
        **vals,
    )
    _checks(ctx, row, name, vals)
    return rec


def _checks(ctx: Context, row: Row, name: str, vals: dict) -> None:
    check_change(ctx, row.line, name, vals["budget_krw"], vals["prior_year_krw"], vals["change_krw"])
    check_rate(
        ctx,
        row.line,
        name,
        "증감률",
        vals["change_rate"],
        row.values[3],
        vals["change_krw"],
        vals["prior_year_krw"],
    )
    check_rate(
        ctx,
        row.line,
        name,
        "징수율",
        vals["collection_rate"],
        row.values[5],
        vals["collected_krw"],
        vals["budget_krw"],
    )


def _skip_headers(ctx: Context, block: TableBlock) -> None:
    for h in block.header_lines:
        if has_figure(ctx.line(h)):
            ctx.figure_lines.add(h)
        ctx.skip(h, "header row")


def read_revenue_detail(ctx: Context, block: TableBlock) -> list[RevenueLine]:
    _skip_headers(ctx, block)
    out: list[RevenueLine] = []
    last_class: tuple[str, ...] = ()
    for row in block.rows:
        ctx.figure_lines.add(row.line)
        label = clean_text(row.label_raw)
        vals = _values(row)
        if name_key(label) in {"계", "합계", "총계"}:
            name, path, level = "계", ("계",), 0
        else:
            cls = revenue_class(label)
            if cls:
                path = _path(cls)
                name, level = path[-1], len(path)
                last_class = path
            else:
                name = label
                path = (*last_class, label)
                level = len(path)
        rec = _add_line(ctx, row, "detail", name, path, level, vals)
        out.append(rec)  # type: ignore[arg-type]
    _check_sums(ctx, out)
    return out


def _check_sums(ctx: Context, lines: list[RevenueLine]) -> None:
    for parent in lines:
        if parent.level == 0:
            children = [c for c in lines if c.level == 1]
        else:
            children = [c for c in lines if c.path[:-1] == parent.path and c.level == parent.level + 1]
        if not children:
            continue
        for attr, what in (
            ("budget_krw", "예산현액"),
            ("prior_year_krw", "전년 최종예산"),
            ("collected_krw", "징수액"),
        ):
            check_sum(
                ctx,
                parent.line_start,
                parent.name,
                what,
                getattr(parent, attr),
                [getattr(c, attr) for c in children],
                [c.line_start for c in children],
            )


def read_revenue_summary(ctx: Context, block: TableBlock, detail: list[RevenueLine]) -> list[RevenueLine]:
    _skip_headers(ctx, block)
    out: list[RevenueLine] = []
    for row in block.rows:
        ctx.figure_lines.add(row.line)
        label = clean_text(row.label_raw)
        vals = _values(row)
        same = [
            d
            for d in detail
            if (d.budget_krw, d.prior_year_krw) == (vals["budget_krw"], vals["prior_year_krw"])
        ]
        match = None
        if name_key(label) in {"계", "합계", "총계"}:
            name, path, level = "계", ("계",), 0
        else:
            scored = sorted(
                (
                    (
                        SequenceMatcher(
                            None, re.sub(r"[^가-힣]", "", name_key(label)), name_key(d.name)
                        ).ratio(),
                        -i,
                        d,
                    )
                    for i, d in enumerate(same)
                ),
                reverse=True,
            )
            cls = revenue_class(label, threshold=0.7)
            if scored and (scored[0][0] >= 0.5 or not cls):
                match = scored[0][2]
                name, path, level = match.name, match.path, match.level
            elif cls:
                path = _path(cls)
                name, level = path[-1], len(path)
            else:
                name, path, level = label, (label,), 1
        if match is None and name == "계":
            match = next((d for d in detail if d.level == 0), None)
        rec = _add_line(ctx, row, "summary", name, path, level, vals)
        if match is not None:
            for attr, what in (("change_krw", "증감액"), ("collected_krw", "징수액")):
                if (getattr(rec, attr) or 0) != (getattr(match, attr) or 0):
                    ctx.finding(
                        "cross_table_mismatch",
                        f"{name}: the summary states {what} {getattr(rec, attr)}, the detailed table "
                        f"{getattr(match, attr)} (KRW)",
                        stated=getattr(rec, attr),
                        computed=getattr(match, attr),
                        lines=[row.line, match.line_start],
                        subject=name,
                    )
            for attr, what in (("change_rate", "증감률"), ("collection_rate", "징수율")):
                a, b = getattr(rec, attr), getattr(match, attr)
                if a is not None and b is not None and abs(a - b) > 0.0011:
                    ctx.finding(
                        "cross_table_mismatch",
                        f"{name}: the summary states {what} {a:.1%}, the detailed table {b:.1%}",
                        stated=a,
                        computed=b,
                        lines=[row.line, match.line_start],
                        subject=name,
                    )
        out.append(rec)  # type: ignore[arg-type]
    return out
