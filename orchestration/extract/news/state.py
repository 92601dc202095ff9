"""What the readers find in an article before it becomes records, and who found it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from orchestration.extract.amounts import (
    Amount,
)

NEWS_EXTRACTOR = "news"


NEWS_EXTRACTOR_VERSION = "2.0.0"


@dataclass
class _Program:
    line: int
    lines: set[int]
    region: str | None
    name: str
    amount: Amount | None = None
    total: Amount | None = None
    organization: str | None = None
    period: str | None = None
    remarks: list[str] = field(default_factory=list)


@dataclass
class _Total:
    line: int
    lines: set[int]
    region: str | None
    scope: str
    projects: int | None
    amount: Amount | None
    headline: bool = False
    prior: int | None = None
    growth: float | None = None
    jobs: int | None = None
    projects_change: int | None = None  # stated
    amount_change: int | None = None  # stated


@dataclass
class _Item:
    line: int
    region: str | None
    scope: str
    dimension: str
    label_raw: str
    projects: int | None
    amount: Amount | None
    share: float | None
    ordinal: int
    list_id: int
    ends_with_etc: bool = False
    # the part's change against the prior year, when a later sentence states it
    projects_change: int | None = None
    projects_growth: float | None = None
    amount_change: int | None = None
    growth: float | None = None
    change_line: int | None = None


@dataclass
class _Subtotal:
    """A stated total of one list: after it (`… 등 총 2433억원`) or just before it (`154개 사업에 6796억원`)."""

    line: int
    list_id: int
    projects: int | None
    amount: Amount | None


@dataclass
class _OrgBudget:
    line: int
    lines: set[int]
    region: str | None
    organization: str
    amount: Amount | None
    total_budget: Amount | None = None
    share: float | None = None
    growth: float | None = None


@dataclass
class _State:
    lines: list[str]  # normalised
    raw: list[str]
    published_on: date | None
    fiscal_year: int | None
    totals: list[_Total] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    programs: list[_Program] = field(default_factory=list)
    orgs: list[_OrgBudget] = field(default_factory=list)
    my_amounts: list[tuple[int, Amount, str]] = field(default_factory=list)
    my_lines: set[int] = field(default_factory=set)
    skipped: dict[int, list[str]] = field(default_factory=dict)
    scope_stated: dict[int, bool] = field(default_factory=dict)
    n_lists: int = 0
    subtotals: list[_Subtotal] = field(default_factory=list)
    # count + amount pairs with no subject (`… 위해 154개 사업에 6796억원이 투입된다`): a lead total
    loose: list[tuple[int, int | None, Amount]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        reasons = self.skipped.setdefault(line, [])
        if reason not in reasons:
            reasons.append(reason)
