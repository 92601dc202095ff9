"""Record types: the contract between extractors, the raw tables and outside tools.

Every record carries its provenance (document, first/last line, the raw source text and the
extractor that made it), so any figure in the warehouse can be traced to the line behind it.
Records are plain frozen dataclasses: `to_dict()` is the JSON form printed by
`ict-warehouse extract`, and the raw table of a type has one column per field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, kw_only=True)
class Record:
    """Fields shared by every record: where it came from."""

    type: ClassVar[str] = "record"
    table: ClassVar[str] = "records"

    line_start: int
    line_end: int
    source_text: str
    doc_id: str = ""
    extractor: str = ""
    extractor_version: str = ""
    # where the lines sit in the source file, for a PDF, HWP, HWPX or HTML document:
    # `p. 3 · 표 2, 4행` (page or section, and the table row); set at load (raw_load.py)
    source_location: str = ""
    ocr: bool = False  # the lines were recognised from a page image: check them against it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


# --- news articles: yearly plans ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlanTotal(Record):
    """A yearly plan's headline total (all informatization, or one field such as smart city)."""

    type: ClassVar[str] = "plan_total"
    table: ClassVar[str] = "plan_totals"

    region: str | None
    fiscal_year: int | None
    scope: str  # "all" for the whole informatization plan, else a short label ("smart_city")
    projects: int | None
    amount_krw: int | None
    approximate: bool = False
    prior_year_amount_krw: int | None = None
    growth_rate: float | None = None  # fraction: 0.07 for 7%
    jobs: int | None = None
    # The change against the prior year as the text states it (`36개 사업 614억원(27.6%)이 증가`).
    projects_change: int | None = None
    amount_change_krw: int | None = None


@dataclass(frozen=True, kw_only=True)
class PlanBreakdown(Record):
    """One part of a plan split by institution / type / category / quarter."""

    type: ClassVar[str] = "plan_breakdown"
    table: ClassVar[str] = "plan_breakdowns"

    region: str | None
    fiscal_year: int | None
    scope: str  # the plan_total scope this part belongs to
    dimension: str  # institution | type | category | quarter
    label: str  # canonical label (25개 자치구 -> 자치구)
    label_raw: str
    projects: int | None
    amount_krw: int | None
    share: float | None  # fraction of the scope's total projects or amount, as stated
    is_exhaustive: bool  # the parts of this dimension cover the whole total
    ordinal: int = 0  # position in the stated list
    # A change against the prior year stated for this part (`전년보다 56개(7.7%), 9427억원(31.4%) 증가`).
    projects_change: int | None = None
    amount_change_krw: int | None = None
    growth_rate: float | None = None  # fraction, of the amount
    projects_growth_rate: float | None = None  # fraction, of the project count


@dataclass(frozen=True, kw_only=True)
class NamedProgram(Record):
    """A program named in prose, with its amount when given."""

    type: ClassVar[str] = "named_program"
    table: ClassVar[str] = "named_programs"

    region: str | None
    fiscal_year: int | None
    name: str
    amount_krw: int | None
    approximate: bool = False
    organization: str | None = None
    period: str | None = None
    remarks: str | None = None
    total_amount_krw: int | None = None  # a multi-year total when the text gives one


@dataclass(frozen=True, kw_only=True)
class OrgBudget(Record):
    """An organisation's informatization budget against its government's whole budget."""

    type: ClassVar[str] = "org_budget"
    table: ClassVar[str] = "org_budgets"

    region: str | None
    fiscal_year: int | None
    organization: str
    amount_krw: int | None
    total_budget_krw: int | None
    share: float | None  # fraction: 0.00326 for 0.326%
    growth_rate: float | None = None


@dataclass(frozen=True, kw_only=True)
class MultiYearPlan(Record):
    """A multi-year master plan: period, amount and counts of strategies and tasks."""

    type: ClassVar[str] = "multi_year_plan"
    table: ClassVar[str] = "multi_year_plans"

    region: str | None
    name: str | None
    start_year: int | None
    end_year: int | None
    amount_krw: int | None
    strategies: int | None = None
    tasks: int | None = None


# --- council work reports --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Staffing(Record):
    """A unit's staffing line: authorised posts, people in post, the gap and the split by job type."""

    type: ClassVar[str] = "staffing"
    table: ClassVar[str] = "staffing"

    department: str  # canonical name; the bureau's total row carries the bureau's name
    department_raw: str
    is_total: bool
    authorized: int | None
    current: int | None
    gap: int | None  # as stated (△3 -> -3)
    general: int | None
    fixed_term: int | None
    operational: int | None
    as_of: str | None = None  # ISO date
    # People in post of any other category a table states beside those (기간제, 별정직, 기능직 …):
    # with it, general + fixed_term + operational + other is 현원.
    other: int | None = None


@dataclass(frozen=True, kw_only=True)
class DepartmentDuty(Record):
    type: ClassVar[str] = "department_duty"
    table: ClassVar[str] = "department_duties"

    department: str
    ordinal: int
    duty: str


@dataclass(frozen=True, kw_only=True)
class RevenueLine(Record):
    """One line of a revenue table, placed in its hierarchy (세외수입 > 경상적세외수입 > ...)."""

    type: ClassVar[str] = "revenue_line"
    table: ClassVar[str] = "revenue_lines"

    table_kind: str  # summary | detail
    fiscal_year: int | None
    name: str
    path: tuple[str, ...]  # ancestors then the name itself
    level: int  # 0 = the grand total
    budget_krw: int | None
    prior_year_krw: int | None
    change_krw: int | None
    change_rate: float | None
    collected_krw: int | None
    collection_rate: float | None
    unit: str = "천원"
    # The label as written (`경성\t상적세의\t외수입`): `name` is the canonical class name.
    name_raw: str | None = None


@dataclass(frozen=True, kw_only=True)
class DepartmentBudget(Record):
    """A department's (or account's) expenditure summary for a fiscal year."""

    type: ClassVar[str] = "department_budget"
    table: ClassVar[str] = "department_budgets"

    department: str
    account: str | None  # None for the department as a whole; 일반회계 / 특별회계 for its split
    is_total: bool
    fiscal_year: int | None
    budget_krw: int | None
    prior_year_krw: int | None
    change_krw: int | None
    change_rate: float | None
    executed_krw: int | None
    execution_rate: float | None
    unit: str = "천원"
    as_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class BudgetLine(Record):
    """A program's budget and execution, from the detailed table or a task's execution table."""

    type: ClassVar[str] = "budget_line"
    table: ClassVar[str] = "budget_lines"

    table_kind: str  # detail | task | subtotal (department / account subtotals of the detail table)
    department: str | None
    account: str | None
    program: str | None  # None where the source line has no name
    program_raw: str | None
    task_code: str | None
    fiscal_year: int | None
    budget_krw: int | None
    committed_krw: int | None
    spent_krw: int | None
    committed_rate: float | None
    spent_rate: float | None
    expected_year_end_krw: int | None = None
    expected_rate: float | None = None
    unit: str = "천원"
    as_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class PolicyGoal(Record):
    type: ClassVar[str] = "policy_goal"
    table: ClassVar[str] = "policy_goals"

    goal: str


@dataclass(frozen=True, kw_only=True)
class Strategy(Record):
    type: ClassVar[str] = "strategy"
    table: ClassVar[str] = "strategies"

    strategy_no: int
    title: str


@dataclass(frozen=True, kw_only=True)
class Task(Record):
    """A numbered task (1-1 ... 3-6) with its texts."""

    type: ClassVar[str] = "task"
    table: ClassVar[str] = "tasks"

    task_code: str
    strategy_no: int
    title: str
    platform: str | None = None  # S-Net, S-DoT, ... when the title names one
    purpose: str | None = None
    overview: str | None = None
    results: str | None = None
    plans: str | None = None
    # Last line of the task's texts. line_start..line_end covers only the heading and purpose, so
    # the task does not count as consuming the figure lines of its tables in the coverage check.
    body_line_end: int | None = None


@dataclass(frozen=True, kw_only=True)
class TaskPlanMetric(Record):
    """One cell of a task's multi-year plan (fibre km, Wi-Fi APs, required budget ...)."""

    type: ClassVar[str] = "task_plan_metric"
    table: ClassVar[str] = "task_plan_metrics"

    task_code: str
    metric: str
    unit: str | None
    year: int | None  # None for the stated total column
    value: float | None
    value_text: str
    # Money metrics (소요예산 in 백만원) also in integer KRW, as every amount in the warehouse.
    value_krw: int | None = None


@dataclass(frozen=True, kw_only=True)
class AuditSummary(Record):
    """The stated counts of an audit follow-up, one row per kind (and one for the total)."""

    type: ClassVar[str] = "audit_summary"
    table: ClassVar[str] = "audit_summaries"

    audit_year: int | None
    kind: str  # 계 | 시정·처리요구사항 | 건의사항 | 기타
    total: int | None
    completed: int | None
    in_progress: int | None
    under_review: int | None
    not_reflected: int | None


@dataclass(frozen=True, kw_only=True)
class AuditItem(Record):
    """One council audit finding with the department's answer."""

    type: ClassVar[str] = "audit_item"
    table: ClassVar[str] = "audit_items"

    audit_year: int | None
    ordinal: int
    kind: str  # 시정·처리요구사항 | 건의사항 | 기타
    department: str | None  # canonical
    department_raw: str | None
    finding: str
    status: str | None  # 완료 | 추진중 | 검토중 | 미반영, None where the source states none
    status_raw: str | None
    actions: str | None
    plans: str | None


# --- any document: the generic layer -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BudgetStatement(Record):
    """Budget and execution figures a document states about one subject, in prose or in a table row.

    Council minutes (`예산현액 34억 2957만 9000원 중 지출액은 …`), settlement reviews and unfamiliar
    reports state them for programs, departments, accounts or the whole organisation; a multi-year
    table states one per year. Only what the text states is filled: a budget is never derived from
    spent + unspent.
    """

    type: ClassVar[str] = "budget_statement"
    table: ClassVar[str] = "budget_statements"

    subject: str  # what the figures are of, as written (a program, department, account, total ...)
    subject_kind: str  # program | organisation | account | total | measure
    parent: str | None  # the enclosing program or account when the text names one
    region: str | None
    fiscal_year: int | None
    as_of: str | None  # ISO date (or YYYY-MM) the execution figures stand at
    budget_krw: int | None  # 예산(현액)
    committed_krw: int | None  # 원인행위
    spent_krw: int | None  # 지출액 / 집행액
    unspent_krw: int | None  # 집행잔액
    carried_over_krw: int | None  # 이월액
    lapsed_krw: int | None  # 불용액
    target_krw: int | None  # a target amount (목표액)
    execution_rate: float | None  # fraction, as stated
    lapse_rate: float | None  # fraction, as stated
    unit: str | None  # the unit the figures were written in
    layout: str  # prose | table

    MEASURES: ClassVar[tuple[str, ...]] = (
        "budget_krw",
        "committed_krw",
        "spent_krw",
        "unspent_krw",
        "carried_over_krw",
        "lapsed_krw",
        "target_krw",
        "execution_rate",
        "lapse_rate",
    )

    @classmethod
    def measures_of(cls, values: dict) -> dict:
        """The measure fields from a reader's `{measure: value}` (absent ones None)."""
        return {m: values.get(m) for m in cls.MEASURES}


# --- both ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SourceFinding(Record):
    """The document contradicts itself: recorded, shown, never silently fixed."""

    type: ClassVar[str] = "source_finding"
    table: ClassVar[str] = "source_findings"

    rule: str  # short snake_case rule name, e.g. headline_contradicts_body
    explanation: str
    stated: float | None
    computed: float | None
    lines: tuple[int, ...] = ()  # every line the finding is about
    subject: str | None = None  # what the figure is of (a program, a table row ...)


RECORD_TYPES: tuple[type[Record], ...] = (
    PlanTotal,
    PlanBreakdown,
    NamedProgram,
    OrgBudget,
    MultiYearPlan,
    Staffing,
    DepartmentDuty,
    RevenueLine,
    DepartmentBudget,
    BudgetLine,
    BudgetStatement,
    PolicyGoal,
    Strategy,
    Task,
    TaskPlanMetric,
    AuditSummary,
    AuditItem,
    SourceFinding,
)
RECORD_TYPE_BY_NAME: dict[str, type[Record]] = {t.type: t for t in RECORD_TYPES}


@dataclass
class Extraction:
    """What an extractor makes of one document.

    `figure_lines` are the lines inside recognised tables and lists that hold figures; each must
    be consumed by a record (within its line_start..line_end) or appear in `skipped` with a
    reason. The difference is the extraction's own gap, which the quality gate reports.
    """

    kind: str
    records: list[Record] = field(default_factory=list)
    figure_lines: set[int] = field(default_factory=set)
    skipped: dict[int, str] = field(default_factory=dict)
    rejected: str | None = None  # why nothing was recognised
    # What the document is about as a whole, read from its text (the meaning stage): the fiscal
    # year its figures are for and the region they belong to.
    fiscal_year: int | None = None
    region: str | None = None
    # An extractor or one of its sections raised: the document is quarantined with these, never
    # published as if it simply held no figures.
    errors: list[str] = field(default_factory=list)
    # Lines that are not the document's own text (page chrome, related articles, "most read"
    # lists): no reader, the generic layer included, takes figures from them.
    outside: set[int] = field(default_factory=set)

    def consumed_lines(self) -> set[int]:
        """Lines some record read its figures from. A source finding is about lines, it reads no
        figure of its own: a figure line only a finding mentions must be skipped with a reason."""
        lines: set[int] = set()
        for r in self.records:
            if not isinstance(r, SourceFinding):
                lines.update(range(r.line_start, r.line_end + 1))
        return lines

    def uncovered_figure_lines(self) -> list[int]:
        return sorted(self.figure_lines - self.consumed_lines() - set(self.skipped))
