"""What the section readers share: provenance, coverage bookkeeping and source checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orchestration.extract.records import Record, SourceFinding

WORK_REPORT_EXTRACTOR_VERSION = "0.1.0"
EXTRACTOR = "work_report"


@dataclass
class Context:
    """One document being read: its lines and everything found so far."""

    lines: list[str]  # text.splitlines(); line n is lines[n - 1]
    doc_id: str = ""
    as_of: str | None = None
    fiscal_year: int | None = None
    bureau: str | None = None
    records: list[Record] = field(default_factory=list)
    figure_lines: set[int] = field(default_factory=set)
    skipped: dict[int, str] = field(default_factory=dict)

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def source(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def make(self, cls: type[Record], start: int, end: int | None = None, **fields: Any) -> Record:
        end = start if end is None else end
        return cls(
            line_start=start,
            line_end=end,
            source_text=self.source(start, end),
            doc_id=self.doc_id,
            extractor=EXTRACTOR,
            extractor_version=WORK_REPORT_EXTRACTOR_VERSION,
            **fields,
        )

    def add(self, cls: type[Record], start: int, end: int | None = None, **fields: Any) -> Record:
        record = self.make(cls, start, end, **fields)
        self.records.append(record)
        return record

    def skip(self, line: int, reason: str) -> None:
        self.skipped.setdefault(line, reason)

    def finding(
        self,
        rule: str,
        explanation: str,
        *,
        stated: float | None,
        computed: float | None,
        lines: list[int] | tuple[int, ...],
        subject: str | None = None,
    ) -> None:
        """A source finding anchored on its first line only (so it never 'covers' a table)."""
        ordered = tuple(sorted(set(lines)))
        self.add(
            SourceFinding,
            ordered[0],
            rule=rule,
            explanation=explanation,
            stated=stated,
            computed=computed,
            lines=ordered,
            subject=subject,
        )


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def check_change(
    ctx: Context, line: int, subject: str, budget: int | None, prior: int | None, change: int | None
) -> None:
    """A stated change that is not budget - prior (amounts in KRW)."""
    if None in (budget, prior, change):
        return
    if budget - prior != change:  # type: ignore[operator]
        ctx.finding(
            "change_not_difference",
            f"{subject}: stated change {fmt(change)} KRW is not {fmt(budget)} - {fmt(prior)} = "
            f"{fmt(budget - prior)} KRW",  # type: ignore[operator]
            stated=change,
            computed=budget - prior,  # type: ignore[operator]
            lines=[line],
            subject=subject,
        )


def check_rate(
    ctx: Context,
    line: int,
    subject: str,
    what: str,
    stated: float | None,
    cell: str,
    numerator: int | None,
    denominator: int | None,
) -> None:
    """A stated rate farther from numerator/denominator than one unit of its last digit."""
    from orchestration.extract.work_report.tables import rate_tolerance

    if stated is None or numerator is None or not denominator:
        return
    computed = numerator / denominator
    if abs(computed - stated) > rate_tolerance(cell):
        ctx.finding(
            "rate_mismatch",
            f"{subject}: stated {what} {cell} is not {fmt(numerator)} / {fmt(denominator)} = {computed:.2%}",
            stated=stated,
            computed=round(computed, 6),
            lines=[line],
            subject=subject,
        )


def check_sum(
    ctx: Context,
    line: int,
    subject: str,
    what: str,
    stated: int | None,
    parts: list[int | None],
    part_lines: list[int],
    unit_krw: int = 1000,
) -> None:
    """Parts that do not add up to their stated subtotal.

    `subtotal_mismatch` beyond one unit of the table (1 천원); a difference of exactly one unit is
    recorded too, as `subtotal_rounding`, because the source's own rounding is still its claim.
    """
    if stated is None or not parts:
        return
    computed = sum(p or 0 for p in parts)
    diff = stated - computed
    if diff == 0:
        return
    rule = "subtotal_rounding" if abs(diff) <= unit_krw else "subtotal_mismatch"
    ctx.finding(
        rule,
        f"{subject}: stated {what} {fmt(stated)} KRW, its {len(parts)} parts sum to {fmt(computed)} KRW "
        f"(difference {fmt(diff)} KRW)",
        stated=stated,
        computed=computed,
        lines=[line, *part_lines],
        subject=subject,
    )
