"""The reconcile stage: totals merged (headline and body), splits judged against the total they
belong to (`is_exhaustive`, whatever the list's last word), programs that only repeat a figure
dropped, source findings where the document contradicts itself, and line coverage."""

from __future__ import annotations

import re
from typing import Any

from orchestration.extract.amounts import Amount
from orchestration.extract.news.figures import _line_has_figure
from orchestration.extract.news.meaning import _CATEGORY_NAME, _clean_label, canonical_label
from orchestration.extract.news.state import (
    NEWS_EXTRACTOR,
    NEWS_EXTRACTOR_VERSION,
    _Item,
    _Program,
    _State,
    _Subtotal,
    _Total,
)
from orchestration.extract.records import (
    Extraction,
    MultiYearPlan,
    NamedProgram,
    OrgBudget,
    PlanBreakdown,
    PlanTotal,
    Record,
    SourceFinding,
)
from orchestration.extract.text import name_key, normalise_ws

_UNIT_STEPS = {"조원": 10**12, "억원": 10**8, "만원": 10**4}
_UNIT_RANKS = {"억원": 2, "조원": 3}  # which unit of a list's parts is the coarsest (others rank 1)


def _tolerance(n_items: int, unit: str) -> int:
    """Rounding allowed when parts stated in 억 (or 만) are summed: half a unit per part."""
    step = _UNIT_STEPS.get(unit, 1)
    return max(1, n_items) * step // 2 + 1


def _exhaustive(items: list[_Item], total: _Total | None) -> bool:
    if any(it.ends_with_etc for it in items):
        return False
    proj = [it.projects for it in items]
    amts = [it.amount for it in items]
    shares = [it.share for it in items]
    checks: list[bool] = []
    if total is not None and total.projects is not None and all(p is not None for p in proj):
        checks.append(sum(p for p in proj if p is not None) == total.projects)
    if total is not None and total.amount is not None and all(a is not None for a in amts):
        parts = sum(a.krw for a in amts if a is not None)
        unit = max((a.unit for a in amts if a is not None), key=lambda u: _UNIT_RANKS.get(u, 1))
        checks.append(abs(parts - total.amount.krw) <= _tolerance(len(items), unit))
    if not checks and all(s is not None for s in shares):
        checks.append(abs(sum(s for s in shares if s is not None) - 1.0) <= 0.011 * len(items))
    return bool(checks) and all(checks)


class _Builder:
    def __init__(self, state: _State, doc_id: str):
        self.s = state
        self.doc_id = doc_id
        self.records: list[Record] = []

    def prov(self, lines: set[int] | list[int]) -> dict[str, Any]:
        ordered = sorted(set(lines)) if len(lines) > 1 else list(lines)
        raw = self.s.raw
        return {
            "line_start": ordered[0] + 1,
            "line_end": ordered[-1] + 1,
            "source_text": "\n".join([raw[i] for i in ordered]),
            "doc_id": self.doc_id,
            "extractor": NEWS_EXTRACTOR,
            "extractor_version": NEWS_EXTRACTOR_VERSION,
        }


def _merge_programs(programs: list[_Program]) -> list[_Program]:
    """The same program mentioned twice (same org / amount, one name a prefix of the other) -> one."""
    out: list[_Program] = []
    for prog in programs:
        key = name_key(prog.name)
        twin = None
        for other in out:
            okey = name_key(other.name)
            same_name = key == okey
            prefix = (key.startswith(okey) or okey.startswith(key)) and min(len(key), len(okey)) >= 4
            same_money = (
                prog.amount is None or other.amount is None or prog.amount.krw == other.amount.krw
            ) and (
                prog.organization is None
                or other.organization is None
                or prog.organization == other.organization
            )
            if other.region == prog.region and (same_name or prefix) and same_money:
                twin = other
                break
        if twin is None:
            out.append(prog)
            continue
        twin.lines |= prog.lines
        twin.amount = twin.amount or prog.amount
        twin.total = twin.total or prog.total
        twin.organization = twin.organization or prog.organization
        twin.period = twin.period or prog.period
        twin.remarks.extend(r for r in prog.remarks if r not in twin.remarks)
    return out


def _same_amount(a: Amount, b: Amount) -> bool:
    """`682억원` in the lead and `682억300만원` below are one total stated at two precisions."""
    if a.krw == b.krw:
        return True
    coarse, fine = sorted((a, b), key=lambda x: (x.krw % 10**8 != 0, x.krw % 10**4 != 0))
    step = 10**8 if coarse.krw % 10**8 == 0 else 10**4 if coarse.krw % 10**4 == 0 else 1
    return step > 1 and 0 <= fine.krw - coarse.krw < step


def _more_precise(a: Amount | None, b: Amount | None) -> Amount | None:
    if a is None or b is None:
        return a or b
    return b if (b.krw % 10**8, b.krw % 10**4) > (a.krw % 10**8, a.krw % 10**4) else a


def _list_subtotals(state: _State, by_list: dict[int, list[_Item]]) -> list[_Subtotal]:
    """Stated totals of lists: after the list (read with it), or a subject-less count and amount
    in the sentence before it that the list's parts add up to."""
    out = list(state.subtotals)
    taken = {s.list_id for s in out}
    for list_id, items in by_list.items():
        if list_id in taken or len(items) < 2 or any(it.amount is None for it in items):
            continue
        amount = sum(it.amount.krw for it in items if it.amount)
        projects = sum(it.projects or 0 for it in items)
        for line, count, stated in state.loose:
            close = abs(line - items[0].line) <= 1
            if (
                close
                and abs(stated.krw - amount) <= _tolerance(len(items), stated.unit)
                and count in (None, projects)
            ):
                out.append(_Subtotal(line, list_id, count, stated))
                break
    return out


def _headline_findings(state: _State, builder: _Builder, headline_lines: set[int]) -> set[int]:
    """Compare headline totals with the body's; returns the headline lines consumed by findings."""
    consumed: set[int] = set()
    body_totals = [t for t in state.totals if not t.headline]
    body_amounts = {t.amount.krw for t in body_totals if t.amount} | {
        p.amount.krw for p in state.programs if p.amount
    }
    # one finding per stated figure: the headline may be printed twice (above a photo, as its caption)
    found: dict[tuple[str, str | None, int], tuple[list[int], _Total, _Total]] = {}
    for h in [t for t in state.totals if t.headline]:
        match = next((b for b in body_totals if b.scope == h.scope and h.region in (None, b.region)), None)
        if match is None or h.amount is None or match.amount is None:
            continue
        if h.amount.krw in body_amounts or abs(h.amount.krw - match.amount.krw) <= 0.05 * match.amount.krw:
            continue
        key = (h.scope, h.region, h.amount.krw)
        if key in found:
            found[key][0].append(h.line)
        else:
            found[key] = ([h.line], h, match)
    for lines, h, match in found.values():
        assert h.amount is not None and match.amount is not None
        builder.records.append(
            SourceFinding(
                **builder.prov({*lines, match.line}),
                rule="headline_contradicts_body",
                explanation=(
                    f"the headline states {h.amount.text} for the {h.scope} plan total but the body "
                    f"states {match.amount.text}"
                ),
                stated=h.amount.krw,
                computed=match.amount.krw,
                lines=(*(ln + 1 for ln in lines), match.line + 1),
                subject=f"plan_total {h.scope}",
            )
        )
        consumed.update(lines)
    return consumed


def assemble(
    state: _State, doc_id: str, headline_lines: list[int], body_lines: list[int], doc_region: str | None
) -> Extraction:
    """The statements read -> records: totals merged, splits judged against their totals, programs
    that only repeat a figure dropped, findings where the document contradicts itself, coverage."""
    lines = state.lines
    builder = _Builder(state, doc_id)
    fy = state.fiscal_year

    # plan totals (body first; a headline total only when the body states none for that scope)
    body_totals = [t for t in state.totals if not t.headline]
    merged: list[_Total] = []
    for t in body_totals:
        twin = next((m for m in merged if m.scope == t.scope and m.region == t.region), None)
        if twin is not None and (
            twin.amount is None or t.amount is None or _same_amount(twin.amount, t.amount)
        ):
            twin.lines |= t.lines
            twin.projects = twin.projects if twin.projects is not None else t.projects
            twin.amount = _more_precise(twin.amount, t.amount)
            twin.prior = twin.prior or t.prior
            twin.growth = twin.growth if twin.growth is not None else t.growth
            twin.jobs = twin.jobs or t.jobs
            twin.amount_change = twin.amount_change if twin.amount_change is not None else t.amount_change
            twin.projects_change = (
                twin.projects_change if twin.projects_change is not None else t.projects_change
            )
            continue
        merged.append(t)
    headline_used: set[int] = set()
    for h in [t for t in state.totals if t.headline]:
        if (
            not any(m.scope == h.scope and h.region in (None, m.region) for m in merged)
            and h.amount is not None
        ):
            merged.append(h)
            headline_used.add(h.line)
    for t in merged:
        builder.records.append(
            PlanTotal(
                **builder.prov(t.lines),
                region=t.region,
                fiscal_year=fy,
                scope=t.scope,
                projects=t.projects,
                amount_krw=t.amount.krw if t.amount else None,
                approximate=bool(t.amount and t.amount.approximate),
                prior_year_amount_krw=t.prior,
                growth_rate=t.growth,
                jobs=t.jobs,
                projects_change=t.projects_change,
                amount_change_krw=t.amount_change,
            )
        )

    # `빅데이터 관련사업에 188억원을, 스마트 시티 관련사업에 165억원을`: fields of spending, a split
    fields = [p for p in state.programs if p.amount and _CATEGORY_NAME.search(p.name)]
    if fields:
        state.n_lists += 1
        for n, prog in enumerate(fields):
            state.programs.remove(prog)
            state.items.append(
                _Item(
                    prog.line,
                    prog.region,
                    "all",
                    "category",
                    prog.name,
                    None,
                    prog.amount,
                    None,
                    n + 1,
                    state.n_lists,
                )
            )
        state.scope_stated[state.n_lists] = False

    # breakdowns, with exhaustiveness judged per stated list against its scope's total
    by_list: dict[int, list[_Item]] = {}
    for it in state.items:
        by_list.setdefault(it.list_id, []).append(it)
    for sub in _list_subtotals(state, by_list):
        items = by_list[sub.list_id]
        scope = f"{_clean_label(items[0].label_raw)} 등"
        for it in items:
            it.scope = scope
        total = _Total(sub.line, {sub.line}, items[0].region, scope, sub.projects, sub.amount)
        merged.append(total)
        builder.records.append(
            PlanTotal(
                **builder.prov(total.lines),
                region=total.region,
                fiscal_year=fy,
                scope=scope,
                projects=total.projects,
                amount_krw=total.amount.krw if total.amount else None,
                approximate=bool(total.amount and total.amount.approximate),
            )
        )
    breakdown_amounts: list[tuple[str, int]] = []
    for list_id, items in by_list.items():
        first = items[0]
        total = next((t for t in merged if t.scope == first.scope and t.region == first.region), None)
        exhaustive = _exhaustive(items, total)
        if not exhaustive and not state.scope_stated.get(list_id, True):
            # `분야별로는 …` after `이 가운데 스마트시티 분야는 210건`: the parts add up to that scope
            for other in merged:
                if other.region == first.region and other.scope != first.scope and _exhaustive(items, other):
                    for it in items:
                        it.scope = other.scope
                    exhaustive = True
                    break
        for it in items:
            if it.amount is not None:
                breakdown_amounts.append((canonical_label(it.dimension, it.label_raw), it.amount.krw))
            builder.records.append(
                PlanBreakdown(
                    **builder.prov([it.line] if it.change_line is None else [it.line, it.change_line]),
                    region=it.region,
                    fiscal_year=fy,
                    scope=it.scope,
                    dimension=it.dimension,
                    label=canonical_label(it.dimension, it.label_raw),
                    label_raw=_clean_label(it.label_raw),
                    projects=it.projects,
                    amount_krw=it.amount.krw if it.amount else None,
                    share=it.share,
                    is_exhaustive=exhaustive,
                    ordinal=it.ordinal,
                    projects_change=it.projects_change,
                    amount_change_krw=it.amount_change,
                    growth_rate=it.growth,
                    projects_growth_rate=it.projects_growth,
                )
            )

    # named programs: collapse repeats, drop the ones that only repeat a breakdown or total figure
    total_amounts = {t.amount.krw for t in merged if t.amount}
    for prog in _merge_programs(state.programs):
        amt = prog.amount.krw if prog.amount else None
        if amt is not None and (
            amt in total_amounts or any(label in prog.name and amt == v for label, v in breakdown_amounts)
        ):
            for ln in prog.lines:
                state.skip(ln, f"{prog.name}: repeats a plan or breakdown figure")
            continue
        if not prog.name:
            continue
        builder.records.append(
            NamedProgram(
                **builder.prov(prog.lines),
                region=prog.region,
                fiscal_year=fy,
                name=prog.name,
                amount_krw=amt,
                approximate=bool(prog.amount and prog.amount.approximate),
                organization=prog.organization,
                period=prog.period,
                remarks=", ".join(prog.remarks) or None,
                total_amount_krw=prog.total.krw if prog.total else None,
            )
        )

    for org in state.orgs:
        builder.records.append(
            OrgBudget(
                **builder.prov(org.lines),
                region=org.region,
                fiscal_year=fy,
                organization=org.organization,
                amount_krw=org.amount.krw if org.amount else None,
                total_budget_krw=org.total_budget.krw if org.total_budget else None,
                share=org.share,
                growth_rate=org.growth,
            )
        )
        if org.amount and org.total_budget and org.share:
            computed = org.amount.krw / org.total_budget.krw
            if abs(computed - org.share) > max(0.0005 * 100 * org.share, 0.00001) + 0.000005:
                builder.records.append(
                    SourceFinding(
                        **builder.prov(org.lines),
                        rule="share_inconsistent",
                        explanation=f"{org.organization}: stated share {org.share} but {computed:.5f} computed",
                        stated=org.share,
                        computed=round(computed, 6),
                        lines=tuple(sorted(ln + 1 for ln in org.lines)),
                        subject=org.organization,
                    )
                )

    _multi_year(state, builder, body_lines, doc_region)
    finding_lines = _headline_findings(state, builder, set(headline_lines))

    if not builder.records:
        return Extraction(kind="news", rejected="no plan figures recognised")

    # coverage: every article line with a money or count figure is consumed or skipped with a reason
    extraction = Extraction(kind="news", records=builder.records, fiscal_year=fy, region=doc_region)
    consumed = {ln - 1 for ln in extraction.consumed_lines()}
    for i in headline_lines + body_lines:
        if not _line_has_figure(lines[i]):
            continue
        extraction.figure_lines.add(i + 1)
        if i in consumed:
            continue
        if i in finding_lines:
            state.skip(i, "headline figure contradicting the body: recorded as a source finding")
        elif i in headline_lines and i not in headline_used:
            state.skip(i, "headline: repeats figures stated in the body")
    for i, reasons in state.skipped.items():
        if i + 1 in extraction.figure_lines and i not in consumed:
            extraction.skipped[i + 1] = "; ".join(reasons)
    return extraction


def _multi_year(state: _State, builder: _Builder, body_lines: list[int], doc_region: str | None) -> None:
    if not state.my_amounts:
        return
    line, amount, sentence = state.my_amounts[0]
    text = "\n".join(state.lines[i] for i in body_lines)
    name_m = re.search(r"[「『《]([^」』》]{2,60})[」』》]", text) or re.search(
        r"[‘'\"“]([^’'\"”]{2,60}(?:계획|플랜|로드맵|전략|비전)[^’'\"”]{0,10})[’'\"”]", text
    )
    name = normalise_ws(name_m.group(1)) if name_m else None
    if name is None and not re.search(r"계획|로드맵|마스터\s*플랜|중장기", text):
        for ln in state.my_lines:
            state.skip(ln, "multi-year amount without a plan")
        return
    start = end = None
    span_m = re.search(r"((?:19|20)\d{2})\s*[~∼\-–]\s*((?:19|20)?\d{2})", text)
    if span_m:
        start = int(span_m.group(1))
        end_s = span_m.group(2)
        end = int(end_s) if len(end_s) == 4 else start // 100 * 100 + int(end_s)
    else:
        years_m = re.search(r"(\d{1,2})\s*년\s*(?:간|동안)", sentence)
        until_m = re.search(r"((?:19|20)\d{2})년\s*까지", text)
        if years_m and until_m:
            end = int(until_m.group(1))
            start = end - int(years_m.group(1)) + 1
    strategies = re.search(r"(\d+)\s*대\s*(?:추진\s*)?전략", text)
    tasks = re.search(r"(\d+)\s*개\s*(?:실행|세부|핵심|추진|중점)?\s*과제", text)
    lines = set(state.my_lines)
    lines.add(line)
    for i in body_lines:
        if name and name in state.lines[i]:
            lines.add(i)
            break
    for m in (strategies, tasks):
        if m:
            for i in body_lines:
                if m.group(0) in state.lines[i]:
                    lines.add(i)
                    break
    builder.records.append(
        MultiYearPlan(
            **builder.prov(lines),
            region=doc_region,
            name=name,
            start_year=start,
            end_year=end,
            amount_krw=amount.krw,
            strategies=int(strategies.group(1)) if strategies else None,
            tasks=int(tasks.group(1)) if tasks else None,
        )
    )
