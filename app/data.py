"""The app's one data-access module: every query the pages run is here.

- The served warehouse (`<home>/warehouse.duckdb`, see orchestration.settings) is opened read-only for
  each query and closed straight after, so a build publishing a new file (an atomic os.replace) never
  meets an open handle of ours for longer than one query, and never breaks a page.
- Each query sees the file as it is now. The file is opened first and identified by its descriptor
  (device, inode, mtime, size); the query runs on a fresh, private DuckDB instance that attaches
  exactly that open file (/proc/self/fd/N). `duckdb.connect(path)` would not do: DuckDB hands back the
  instance it already has open for that path in this process, so while an earlier query still runs
  on the replaced file, a query started after a publish would read the old warehouse and cache it
  under the new file's key.
- SQL is static text; whatever a user picks reaches it only as a bound parameter ($name).
- Results are cached with st.cache_data under that identity of the served file: publishing a new
  warehouse changes the key, and the answer cached under a key comes from that very file.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from orchestration.extract.tables import classify_column, is_cell_number
from orchestration.ingest.formats.model import Layout, read_layout
from orchestration.settings import load_settings


class WarehouseKey(NamedTuple):
    """The served file as it is now: a publish (a new file, a new inode) is a new key."""

    path: str
    device: int
    inode: int
    mtime_ns: int
    size: int


BUILD_COMMAND = "make run   # or: .venv/bin/ict-warehouse build"


class NoWarehouse(RuntimeError):
    """No served warehouse has been published at the configured home yet."""


# --- the served file and the cache key -------------------------------------------------------------


def served_db() -> Path:
    return load_settings().served_db


def reports_dir() -> Path:
    return load_settings().reports_dir


def _key(path: Path, st_: os.stat_result) -> WarehouseKey:
    return WarehouseKey(str(path), st_.st_dev, st_.st_ino, st_.st_mtime_ns, st_.st_size)


def warehouse_key() -> WarehouseKey | None:
    """The served file's identity now, or None when nothing has been published."""
    path = served_db()
    try:
        return _key(path, path.stat())
    except FileNotFoundError:
        return None


def published_at() -> datetime | None:
    key = warehouse_key()
    return datetime.fromtimestamp(key.mtime_ns / 1e9) if key else None


@contextlib.contextmanager
def _served_now() -> Iterator[tuple[WarehouseKey, str]]:
    """The served file, opened now: its identity (fstat of the open descriptor) and a path that names
    exactly that file while it stays open (/proc/self/fd/N), whatever is published meanwhile."""
    path = served_db()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise NoWarehouse(str(path)) from None
    try:
        by_descriptor = Path(f"/proc/self/fd/{fd}")
        # without /proc (not Linux) the path is attached: still a fresh instance, opened just now
        yield _key(path, os.fstat(fd)), str(by_descriptor) if by_descriptor.exists() else str(path)
    finally:
        os.close(fd)


def _execute(source: str, sql: str | tuple[str, ...], params: Any) -> Any:
    """One query on a private, short-lived DuckDB instance that attaches `source` read-only; or, when
    `sql` is a tuple of texts (and `params` a tuple of their parameters), each of them in turn on that
    one instance, answered as a tuple of frames (opening the file costs more than a small query)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [source])
        con.execute("USE warehouse")
        if isinstance(sql, tuple):
            return tuple(con.execute(s, p).fetchdf() for s, p in zip(sql, params, strict=True))
        return con.execute(sql, params).fetchdf()
    finally:
        con.close()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(key: WarehouseKey, sql: str | tuple[str, ...], params: Any, _source: str) -> Any:
    return _execute(_source, sql, params)  # _source is not part of the cache key: `key` is


def query(sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None) -> pd.DataFrame:
    """Run a static SQL text with bound parameters against the served warehouse (cached per publish)."""
    bound: Any = dict(params) if isinstance(params, Mapping) else list(params or [])
    with _served_now() as (key, source):
        try:
            return _cached_query(key, sql, bound, source)
        except duckdb.IOException as exc:  # not a DuckDB file (yet): treat as not published
            raise NoWarehouse(key.path) from exc


def queries(*statements: str | tuple[str, Mapping[str, Any] | Sequence[Any]]) -> tuple[pd.DataFrame, ...]:
    """Several static SQL texts (each alone, or with its bound parameters) run one after the other on one
    opening of the served file, cached as one: what a page needs together costs one open, not one each."""
    texts = tuple(s if isinstance(s, str) else s[0] for s in statements)
    bound = tuple(
        [] if isinstance(s, str) else dict(s[1]) if isinstance(s[1], Mapping) else list(s[1] or [])
        for s in statements
    )
    with _served_now() as (key, source):
        try:
            return _cached_query(key, texts, bound, source)
        except duckdb.IOException as exc:  # not a DuckDB file (yet): treat as not published
            raise NoWarehouse(key.path) from exc


@st.cache_data(show_spinner=False, max_entries=64)
def _catalog(key: WarehouseKey, _source: str) -> pd.DataFrame:
    """Every column of every table of one published file (schema, table, column): read once per publish."""
    return _execute(
        _source,
        "SELECT table_schema, table_name, column_name FROM information_schema.columns",
        [],
    )


def _served_catalog() -> pd.DataFrame:
    with _served_now() as (key, source):
        return _catalog(key, source)


def has_table(qualified_name: str) -> bool:
    try:
        catalog = _served_catalog()
    except NoWarehouse:
        return False
    schema, _, table = qualified_name.partition(".")
    return bool(((catalog["table_schema"] == schema) & (catalog["table_name"] == table)).any())


def has_column(qualified_name: str, column: str) -> bool:
    try:
        catalog = _served_catalog()
    except NoWarehouse:
        return False
    schema, _, table = qualified_name.partition(".")
    return bool(
        (
            (catalog["table_schema"] == schema)
            & (catalog["table_name"] == table)
            & (catalog["column_name"] == column)
        ).any()
    )


# --- overview ----------------------------------------------------------------------------------------


def headline() -> dict[str, Any]:
    """The few figures the Overview opens with (one opening of the file)."""
    docs, plan, bureau, programs, audits = queries(
        """
        SELECT count(*) FILTER (WHERE status <> 'rejected') AS documents,
               count(*) FILTER (WHERE status = 'published') AS published,
               count(*) FILTER (WHERE status = 'rejected') AS rejected
        FROM marts.dim_document
        """,
        """
        SELECT region, fiscal_year, projects, amount_krw, growth_rate, doc_id, source_line
        FROM marts.fct_investment_plan
        WHERE dimension = 'total' AND scope = 'all' AND amount_krw IS NOT NULL
        ORDER BY fiscal_year DESC, region = '서울특별시' DESC, amount_krw DESC
        LIMIT 1
        """,
        """
        SELECT b.department_id, coalesce(d.name_ko, b.department_name) AS name_ko, d.name_en,
               b.fiscal_year, b.budget_krw, b.executed_krw, b.execution_rate, b.doc_id, b.source_line
        FROM marts.fct_department_budget AS b
        LEFT JOIN marts.dim_department AS d USING (department_id)
        WHERE b.is_total AND b.account = '전체'
        ORDER BY b.fiscal_year DESC, b.budget_krw DESC
        LIMIT 1
        """,
        """
        SELECT count(DISTINCT p.program_id) AS programs,
               sum(b.budget_krw) AS budget_krw, sum(b.committed_krw) AS committed_krw
        FROM marts.dim_program AS p
        LEFT JOIN marts.fct_program_budget AS b USING (program_id)
        """,
        "SELECT count(*) AS findings, count(*) FILTER (WHERE is_open) AS open FROM marts.fct_audit_finding",
    )
    docs, programs, audits = docs.iloc[0], programs.iloc[0], audits.iloc[0]
    return {
        "documents": int(docs["documents"]),
        "published": int(docs["published"]),
        "rejected": int(docs["rejected"]),
        "plan": plan.iloc[0].to_dict() if not plan.empty else None,
        "bureau": bureau.iloc[0].to_dict() if not bureau.empty else None,
        "programs": int(programs["programs"]),
        "program_budget_krw": programs["budget_krw"],
        "program_committed_krw": programs["committed_krw"],
        "findings": int(audits["findings"]),
        "open_findings": int(audits["open"]),
    }


def region_names() -> dict[str, str]:
    """Korean region name -> English (the reference seed), for the English labels."""
    if not has_table("reference.regions"):
        return {}
    df = query("SELECT name_ko, name_en FROM reference.regions WHERE name_en IS NOT NULL")
    return dict(zip(df["name_ko"], df["name_en"], strict=True))


def plan_series() -> pd.DataFrame:
    """Region x year amounts for the trend chart: the plans' stated totals, the prior-year totals they
    quote (where no document of that year is in the corpus), and the IT departments' budgets."""
    return query(
        """
        WITH totals AS (
            SELECT * FROM marts.fct_investment_plan
            WHERE dimension = 'total' AND scope = 'all'
        )
        SELECT coalesce(region, '(미상)') AS region, fiscal_year, 'plan_total' AS measure,
               projects, amount_krw, doc_id, source_line
        FROM totals
        WHERE amount_krw IS NOT NULL AND fiscal_year IS NOT NULL
        UNION ALL
        SELECT coalesce(p.region, '(미상)'), p.fiscal_year - 1, 'prior_year_stated',
               NULL, p.prior_year_amount_krw, p.doc_id, p.source_line
        FROM totals AS p
        WHERE p.prior_year_amount_krw IS NOT NULL AND p.fiscal_year IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM totals AS q
              WHERE q.region IS NOT DISTINCT FROM p.region AND q.fiscal_year = p.fiscal_year - 1
                AND q.amount_krw IS NOT NULL
          )
        UNION ALL
        SELECT coalesce(region, '(미상)'), fiscal_year, 'organization_budget',
               NULL, amount_krw, doc_id, source_line
        FROM marts.fct_investment_plan
        WHERE dimension = 'organization_budget' AND amount_krw IS NOT NULL AND fiscal_year IS NOT NULL
        ORDER BY fiscal_year, region, measure
        """
    )


def breakdown_years() -> pd.DataFrame:
    """The (region, year) pairs that have a breakdown by institution / type / category / quarter."""
    return query(
        """
        SELECT DISTINCT coalesce(region, '(미상)') AS region, fiscal_year
        FROM marts.fct_investment_plan
        WHERE dimension IN ('institution', 'type', 'category', 'quarter') AND fiscal_year IS NOT NULL
        ORDER BY fiscal_year DESC, region
        """
    )


def plan_breakdown(region: str, fiscal_year: int) -> pd.DataFrame:
    return query(
        """
        SELECT dimension, scope, label, label_raw, projects, amount_krw, share, is_exhaustive,
               doc_id, source_line, source_text
        FROM marts.fct_investment_plan
        WHERE coalesce(region, '(미상)') = $region AND fiscal_year = $year
          AND dimension IN ('total', 'institution', 'type', 'category', 'quarter')
        ORDER BY CASE dimension WHEN 'total' THEN 0 WHEN 'institution' THEN 1 WHEN 'type' THEN 2
                 WHEN 'category' THEN 3 ELSE 4 END, scope, amount_krw DESC NULLS LAST, label
        """,
        {"region": region, "year": int(fiscal_year)},
    )


def plan_comparison(dimension: str) -> pd.DataFrame:
    """Every region and year's parts of one dimension (or the totals), for comparing them on one axis."""
    return query(
        """
        SELECT coalesce(region, '(미상)') AS region, fiscal_year, label, projects, amount_krw, doc_id, source_line
        FROM marts.fct_investment_plan
        WHERE dimension = $dimension AND scope = 'all' AND fiscal_year IS NOT NULL AND amount_krw IS NOT NULL
        ORDER BY region, fiscal_year, amount_krw DESC, label
        """,
        {"dimension": dimension},
    )


def multi_year_plans() -> pd.DataFrame:
    return query(
        """
        SELECT coalesce(region, '(미상)') AS region, label, fiscal_year AS start_year, period_end_year,
               amount_krw, doc_id, source_line
        FROM marts.fct_investment_plan
        WHERE dimension = 'multi_year'
        ORDER BY fiscal_year, region
        """
    )


# --- programs ------------------------------------------------------------------------------------------


def program_filter_options() -> dict[str, pd.DataFrame]:
    """Departments, tasks, platforms and fiscal years that programs have (one opening of the file)."""
    departments, tasks, platforms, years = queries(
        """
        SELECT DISTINCT p.department_id, coalesce(d.name_ko, p.department_id) AS name_ko, d.name_en
        FROM marts.dim_program AS p
        LEFT JOIN marts.dim_department AS d USING (department_id)
        WHERE p.department_id IS NOT NULL
        ORDER BY name_ko
        """,
        """
        SELECT DISTINCT task_code, task_name FROM marts.dim_program
        WHERE task_code IS NOT NULL
        ORDER BY string_split(task_code, '-')[1]::integer, string_split(task_code, '-')[2]::integer
        """,
        """
        SELECT DISTINCT trim(unnest(string_split(platform, ','))) AS platform
        FROM marts.dim_program
        WHERE platform IS NOT NULL
        ORDER BY platform
        """,
        "SELECT DISTINCT fiscal_year FROM marts.fct_program_budget WHERE fiscal_year IS NOT NULL "
        "ORDER BY fiscal_year DESC",
    )
    return {"departments": departments, "tasks": tasks, "platforms": platforms, "years": years}


def programs(
    fiscal_year: int | None = None,
    departments: Sequence[str] = (),
    tasks: Sequence[str] = (),
    platforms: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per program x budget line (fiscal year x as-of x account), filtered by bound lists: the
    columns the Programs page shows or links with (tens of thousands of rows on a large warehouse)."""
    return query(
        """
        SELECT p.program_id, p.name_ko AS program,
               coalesce(d.name_ko, p.department_id) AS department, d.name_en AS department_en,
               p.task_code, p.task_name, p.platform,
               b.fiscal_year, b.as_of, b.account,
               b.budget_krw, b.committed_krw, b.spent_krw, b.committed_rate, b.spent_rate,
               b.expected_year_end_krw, b.expected_year_end_rate, b.source,
               b.doc_id, coalesce(b.detail_line, b.task_line) AS source_line
        FROM marts.dim_program AS p
        LEFT JOIN marts.fct_program_budget AS b USING (program_id)
        LEFT JOIN marts.dim_department AS d ON d.department_id = p.department_id
        WHERE ($year IS NULL OR b.fiscal_year = $year)
          AND (len($departments) = 0 OR list_contains($departments, p.department_id))
          AND (len($tasks) = 0 OR list_contains($tasks, p.task_code))
          AND (len($platforms) = 0 OR len(list_intersect(
                list_transform(string_split(coalesce(p.platform, ''), ','), lambda x: trim(x)), $platforms)) > 0)
        ORDER BY p.task_code NULLS LAST, b.budget_krw DESC NULLS LAST, p.name_ko
        """,
        {
            "year": None if fiscal_year is None else int(fiscal_year),
            "departments": [str(x) for x in departments],
            "tasks": [str(x) for x in tasks],
            "platforms": [str(x) for x in platforms],
        },
    )


# --- departments ---------------------------------------------------------------------------------------


def department_years() -> list[int]:
    df = query(
        "SELECT DISTINCT fiscal_year FROM marts.fct_department_budget WHERE fiscal_year IS NOT NULL "
        "ORDER BY fiscal_year DESC"
    )
    return [int(y) for y in df["fiscal_year"]]


def departments(fiscal_year: int | None) -> pd.DataFrame:
    """Staffing beside budget and execution (the department's whole row, account '전체'), per department."""
    return query(
        """
        WITH budget AS (
            SELECT * FROM marts.fct_department_budget
            WHERE account = '전체' AND ($year IS NULL OR fiscal_year = $year)
            QUALIFY row_number() OVER (PARTITION BY department_id ORDER BY fiscal_year DESC, as_of DESC) = 1
        ),
        progs AS (
            SELECT p.department_id, count(DISTINCT p.program_id) AS n_programs,
                   sum(b.committed_krw) AS programs_committed_krw
            FROM marts.dim_program AS p
            LEFT JOIN marts.fct_program_budget AS b
                ON b.program_id = p.program_id AND ($year IS NULL OR b.fiscal_year = $year)
            GROUP BY p.department_id
        )
        SELECT d.department_id, d.name_ko, d.name_en, d.parent_id, d.kind, b.is_total,
               d.authorized_staff, d.current_staff, d.staff_gap, d.as_of AS staffing_as_of,
               b.fiscal_year, b.budget_krw, b.prior_year_krw, b.change_krw, b.change_rate,
               b.executed_krw, b.execution_rate, b.spent_krw, b.spent_rate,
               pr.n_programs, d.duties,
               d.staffing_doc_id, d.staffing_line, b.doc_id AS budget_doc_id, b.source_line AS budget_line
        FROM marts.dim_department AS d
        LEFT JOIN budget AS b USING (department_id)
        LEFT JOIN progs AS pr USING (department_id)
        ORDER BY (d.parent_id IS NULL AND d.authorized_staff IS NOT NULL) DESC,
                 b.budget_krw DESC NULLS LAST, d.authorized_staff DESC NULLS LAST, d.name_ko
        """,
        {"year": None if fiscal_year is None else int(fiscal_year)},
    )


def department_accounts(fiscal_year: int | None) -> pd.DataFrame:
    """The summary rows split by account (일반회계 / 특별회계) where a department has them."""
    return query(
        """
        SELECT coalesce(d.name_ko, b.department_name) AS name_ko, d.name_en, b.account, b.fiscal_year,
               b.budget_krw, b.prior_year_krw, b.change_krw, b.executed_krw, b.execution_rate,
               b.spent_krw, b.spent_rate, b.doc_id, b.source_line
        FROM marts.fct_department_budget AS b
        LEFT JOIN marts.dim_department AS d USING (department_id)
        WHERE b.account <> '전체' AND ($year IS NULL OR b.fiscal_year = $year)
        ORDER BY name_ko, b.account
        """,
        {"year": None if fiscal_year is None else int(fiscal_year)},
    )


# --- audits --------------------------------------------------------------------------------------------


def audit_findings() -> pd.DataFrame:
    """Every finding with its department and the names of the programs linked to it (one aggregate of
    the links, joined once, rather than a subquery per finding)."""
    return query(
        """
        WITH linked AS (
            SELECT fp.finding_id, string_agg(p.name_ko, ', ' ORDER BY p.name_ko) AS programs
            FROM marts.fct_audit_finding_program AS fp
            JOIN marts.dim_program AS p USING (program_id)
            GROUP BY fp.finding_id
        )
        SELECT f.finding_id, f.audit_year, f.ordinal, f.kind, f.status, f.is_open,
               coalesce(d.name_ko, f.department_name) AS department, d.name_en AS department_en,
               f.finding, f.actions, f.plans, l.programs, f.doc_id, f.line_start
        FROM marts.fct_audit_finding AS f
        LEFT JOIN marts.dim_department AS d ON d.department_id = f.department_id
        LEFT JOIN linked AS l ON l.finding_id = f.finding_id
        ORDER BY f.audit_year DESC, f.ordinal, f.finding_id
        """
    )


def audit_status_counts() -> pd.DataFrame:
    """Findings counted by kind (rows) and status (columns), with totals; a missing status is ''."""
    return query(
        """
        SELECT kind, coalesce(status, '') AS status, count(*)::integer AS n
        FROM marts.fct_audit_finding
        GROUP BY ALL
        ORDER BY ALL
        """
    )


def finding_programs(finding_id: str) -> pd.DataFrame:
    """The programs one finding concerns, with their execution."""
    return query(
        """
        SELECT p.program_id, p.name_ko AS program, fp.matched_keywords, b.fiscal_year, b.account,
               b.budget_krw, b.committed_krw, b.spent_krw, b.committed_rate, b.spent_rate,
               b.doc_id, coalesce(b.detail_line, b.task_line) AS source_line
        FROM marts.fct_audit_finding_program AS fp
        JOIN marts.dim_program AS p USING (program_id)
        LEFT JOIN marts.fct_program_budget AS b USING (program_id)
        WHERE fp.finding_id = $finding
        ORDER BY b.budget_krw DESC NULLS LAST
        """,
        {"finding": finding_id},
    )


def audited_programs() -> pd.DataFrame:
    """Every program some finding concerns: how many findings (open ones) and its execution."""
    return query(
        """
        WITH per_program AS (
            SELECT fp.program_id, count(*) AS n_findings, count(*) FILTER (WHERE f.is_open) AS n_open
            FROM marts.fct_audit_finding_program AS fp
            JOIN marts.fct_audit_finding AS f USING (finding_id)
            GROUP BY fp.program_id
        )
        SELECT p.program_id, p.name_ko AS program, coalesce(d.name_ko, p.department_id) AS department,
               pp.n_findings, pp.n_open, b.fiscal_year,
               b.budget_krw, b.committed_krw, b.spent_krw, b.committed_rate, b.spent_rate,
               b.doc_id, coalesce(b.detail_line, b.task_line) AS source_line
        FROM per_program AS pp
        JOIN marts.dim_program AS p USING (program_id)
        LEFT JOIN marts.dim_department AS d ON d.department_id = p.department_id
        LEFT JOIN marts.fct_program_budget AS b USING (program_id)
        ORDER BY pp.n_open DESC, pp.n_findings DESC, b.budget_krw DESC NULLS LAST
        """
    )


# --- budget statements ---------------------------------------------------------------------------------


def budget_statements(program_ids: Sequence[str] = (), limit: int | None = None) -> pd.DataFrame:
    """What documents state about a subject's budget and execution (fct_budget_statement), with the
    program or department it resolves to and its document; only the given programs' when any are
    given, the first `limit` (in the order shown) when a limit is given. Empty for a warehouse
    published before the mart existed."""
    if not has_table("marts.fct_budget_statement"):
        return pd.DataFrame(columns=["budget_statement_id", "subject", "program_id", "doc_id", "line_start"])
    return query(
        """
        SELECT s.budget_statement_id, s.subject, s.subject_kind, s.resolved_as,
               s.program_id, p.name_ko AS program, s.department_id,
               d.name_ko AS department, d.name_en AS department_en,
               s.region, s.fiscal_year, s.as_of,
               s.budget_krw, s.committed_krw, s.spent_krw, s.unspent_krw, s.carried_over_krw,
               s.lapsed_krw, s.target_krw, s.execution_rate, s.lapse_rate, s.unit, s.layout,
               doc.title AS document, doc.kind AS doc_kind, s.doc_id, s.line_start, s.line_end,
               s.source_text
        FROM marts.fct_budget_statement AS s
        JOIN marts.dim_document AS doc USING (doc_id)
        LEFT JOIN marts.dim_program AS p USING (program_id)
        LEFT JOIN marts.dim_department AS d ON d.department_id = s.department_id
        WHERE len($programs) = 0 OR list_contains($programs, s.program_id)
        ORDER BY s.subject, s.fiscal_year NULLS LAST, s.as_of NULLS LAST, doc.title, s.line_start
        LIMIT $limit
        """,
        {"programs": [str(x) for x in program_ids], "limit": None if limit is None else int(limit)},
    )


def budget_statement_programs() -> tuple[pd.DataFrame, int]:
    """The programs some statement resolves to (program_id, program), in the order of their first
    statement as budget_statements lists them, and how many statements there are in all, without
    reading the statements themselves (one opening of the file)."""
    if not has_table("marts.fct_budget_statement"):
        return pd.DataFrame(columns=["program_id", "program"]), 0
    programs, count = queries(
        """
        WITH stated AS (
            SELECT s.program_id, p.name_ko AS program,
                   row_number() OVER (ORDER BY s.subject, s.fiscal_year NULLS LAST, s.as_of NULLS LAST,
                                      doc.title, s.line_start) AS position
            FROM marts.fct_budget_statement AS s
            JOIN marts.dim_document AS doc USING (doc_id)
            LEFT JOIN marts.dim_program AS p USING (program_id)
        )
        SELECT program_id, any_value(program) AS program
        FROM stated
        WHERE program_id IS NOT NULL
        GROUP BY program_id
        ORDER BY min(position)
        """,
        "SELECT count(*) AS n FROM marts.fct_budget_statement AS s JOIN marts.dim_document USING (doc_id)",
    )
    return programs, int(count.iloc[0]["n"])


# --- sources -------------------------------------------------------------------------------------------


def documents() -> pd.DataFrame:
    return query(
        """
        SELECT doc_id, title, publisher, published_on, kind, region, file_name, source_format, is_ocr,
               line_count, n_facts, coverage, n_source_findings, status, rejected_reason
        FROM marts.dim_document
        ORDER BY status = 'rejected', published_on NULLS LAST, file_name
        """
    )


def document_text(doc_id: str) -> str | None:
    df = query("SELECT text FROM raw.documents WHERE doc_id = $doc", {"doc": doc_id})
    return None if df.empty else str(df.iloc[0]["text"])


def document_layout(doc_id: str) -> Layout:
    """Pages or sections and tables of cells of a document read from PDF, HWP, HWPX or HTML (empty
    for plain text, and for a warehouse built before layouts were stored)."""
    if not has_column("raw.documents", "layout"):
        return Layout()
    df = query("SELECT layout FROM raw.documents WHERE doc_id = $doc", {"doc": doc_id})
    if df.empty or df.iloc[0]["layout"] is None:
        return Layout()
    return read_layout(str(df.iloc[0]["layout"]))


def _record_tables() -> list[str]:
    """The raw record tables (every one has doc_id, line_start, line_end, source_text)."""
    catalog = _served_catalog()
    raw = catalog[
        (catalog["table_schema"] == "raw")
        & catalog["column_name"].isin(["doc_id", "line_start", "line_end", "source_text"])
    ]
    counts = raw.groupby("table_name")["column_name"].nunique()
    return sorted(str(t) for t in counts[counts == 4].index)


def document_records(doc_id: str) -> pd.DataFrame:
    """Every record extracted from one document: its raw table and lines.

    The union is built from table names read from the catalog (identifiers, quoted); each table's
    name as a value and the document picked by the user are bound parameters.
    """
    tables = [name for name in _record_tables() if name.replace("_", "").isalnum()]
    if not tables:
        return pd.DataFrame(columns=["record_type", "line_start", "line_end", "source_text"])
    parts = [
        f'SELECT $table_{i} AS record_type, line_start, line_end, source_text FROM raw."{name}" '
        "WHERE doc_id = $doc"
        for i, name in enumerate(tables)
    ]
    sql = " UNION ALL ".join(parts) + " ORDER BY line_start, record_type"
    return query(sql, {"doc": doc_id, **{f"table_{i}": name for i, name in enumerate(tables)}})


# --- data quality --------------------------------------------------------------------------------------


def dq_available() -> bool:
    return has_table("dq.check_results")


def dq_runs() -> pd.DataFrame:
    """One row per recorded run (newest first): dq.runs where the quality layer wrote it, with the number
    of checks and failures from dq.check_results."""
    if not dq_available():
        return pd.DataFrame()
    checks = """
        SELECT run_id, max(run_at) AS run_at, count(*) AS n_checks,
               count(*) FILTER (WHERE NOT passed) AS n_failed
        FROM dq.check_results
        GROUP BY run_id
    """
    if has_table("dq.runs"):
        return query(
            f"""
            WITH checks AS ({checks})
            SELECT r.run_id, r.status, r.started_at, r.finished_at, c.n_checks, c.n_failed,
                   r.documents, r.source_findings, r.failures
            FROM dq.runs AS r
            LEFT JOIN checks AS c USING (run_id)
            ORDER BY coalesce(r.finished_at, r.started_at, c.run_at) DESC
            """
        )
    return query(checks + " ORDER BY run_at DESC")


def dq_latest_checks() -> pd.DataFrame:
    """The checks of the newest run recorded in the served warehouse (failed ones first)."""
    if not dq_available():
        return pd.DataFrame()
    return query(
        """
        WITH latest AS (
            SELECT run_id FROM dq.check_results ORDER BY run_at DESC LIMIT 1
        )
        SELECT c.*
        FROM dq.check_results AS c
        WHERE c.run_id IN (SELECT run_id FROM latest)
        ORDER BY c.passed, c.check_name
        """
    )


def dq_summary() -> dict[str, Any] | None:
    """<home>/reports/latest/summary.json (the newest run, published or not), or None when absent."""
    path = reports_dir() / "latest" / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return summary if isinstance(summary, dict) else None


def summary_checks(summary: Mapping[str, Any]) -> pd.DataFrame:
    """The checks listed in a summary.json, as a table (observed values as JSON text)."""
    rows = []
    listed = summary.get("checks")
    for c in listed if isinstance(listed, list) else []:
        if not isinstance(c, Mapping):
            continue
        row = {k: v for k, v in c.items() if k != "observed"}
        row["observed"] = json.dumps(c.get("observed"), ensure_ascii=False, default=str)
        rows.append(row)
    df = pd.DataFrame(rows)
    if "check" in df.columns:
        df = df.rename(columns={"check": "check_name"})
    if "passed" in df.columns:
        df = df.sort_values(["passed", "check_name"] if "check_name" in df.columns else ["passed"])
    return df


def source_findings() -> pd.DataFrame:
    return query(
        """
        SELECT f.rule, f.subject, f.stated, f.computed, f.difference, f.explanation, f.found_by,
               array_to_string(f.lines, ', ') AS lines, d.title, d.file_name,
               f.doc_id, list_min(f.lines) AS source_line
        FROM marts.fct_source_finding AS f
        LEFT JOIN marts.dim_document AS d USING (doc_id)
        ORDER BY d.file_name, source_line, f.rule
        """
    )


def held_back_documents() -> pd.DataFrame:
    """Rejected files, quarantined documents and documents in which nothing was recognised."""
    return query(
        """
        SELECT file_name, title, status, rejected_reason, n_facts, coverage, doc_id
        FROM marts.dim_document
        WHERE status <> 'published'
        ORDER BY status, file_name
        """
    )


def reconciliation_summary() -> pd.DataFrame:
    return query(
        """
        SELECT check_name, status, count(*)::integer AS n
        FROM marts.fct_reconciliation
        GROUP BY ALL
        ORDER BY check_name, status
        """
    )


# --- program page: one program from plan to council finding ----------------------------------------------


NON_PROGRAM_LINES_CSV = Path(__file__).resolve().parents[1] / "seeds" / "reference" / "non_program_lines.csv"


def non_program_keywords() -> pd.DataFrame:
    """The reviewed words that mark a budget line as no program (debt service, basic expenses, salaries,
    reserves, refunds): reference.non_program_lines of the served warehouse (a dbt seed), else the list
    shipped with the code (seeds/reference/non_program_lines.csv) for a warehouse built before it."""
    if has_table("reference.non_program_lines"):
        return query("SELECT keyword, kind, note FROM reference.non_program_lines ORDER BY kind, keyword")
    return pd.read_csv(NON_PROGRAM_LINES_CSV, dtype=str, keep_default_na=False)


def non_program_kind(name: Any, keywords: pd.DataFrame) -> str | None:
    """The kind of non-program line a budget line's name is (its first keyword found in the name, spaces
    and case ignored), or None for a program."""
    if not isinstance(name, str):
        return None
    key = "".join(name.split()).lower()
    for keyword, kind in zip(keywords["keyword"], keywords["kind"], strict=True):
        if "".join(str(keyword).split()).lower() in key:
            return str(kind)
    return None


def program_list() -> pd.DataFrame:
    """Every program with its department, its latest budget (fiscal year and as-of date, accounts added
    up) and the council findings linked to it (all, open)."""
    return query(
        """
        WITH latest AS (
            SELECT program_id, fiscal_year, as_of, sum(budget_krw)::bigint AS budget_krw,
                   sum(committed_krw)::bigint AS committed_krw, sum(spent_krw)::bigint AS spent_krw
            FROM marts.fct_program_budget
            GROUP BY program_id, fiscal_year, as_of
            QUALIFY row_number() OVER (
                PARTITION BY program_id ORDER BY fiscal_year DESC NULLS LAST, as_of DESC NULLS LAST) = 1
        ),
        findings AS (
            SELECT fp.program_id, count(DISTINCT fp.finding_id) AS n_findings,
                   count(DISTINCT fp.finding_id) FILTER (WHERE f.is_open) AS n_open
            FROM marts.fct_audit_finding_program AS fp
            JOIN marts.fct_audit_finding AS f USING (finding_id)
            GROUP BY fp.program_id
        )
        SELECT p.program_id, p.name_ko AS program, p.department_id,
               coalesce(d.name_ko, p.department_id) AS department, d.name_en AS department_en,
               p.task_code, p.platform, l.fiscal_year, l.as_of, l.budget_krw, l.committed_krw, l.spent_krw,
               l.committed_krw / nullif(l.budget_krw, 0) AS committed_rate,
               l.spent_krw / nullif(l.budget_krw, 0) AS spent_rate,
               coalesce(f.n_findings, 0)::integer AS n_findings, coalesce(f.n_open, 0)::integer AS n_open
        FROM marts.dim_program AS p
        LEFT JOIN marts.dim_department AS d ON d.department_id = p.department_id
        LEFT JOIN latest AS l USING (program_id)
        LEFT JOIN findings AS f USING (program_id)
        ORDER BY department NULLS LAST, l.budget_krw DESC NULLS LAST, p.name_ko
        """
    )


def program_finding_counts() -> pd.DataFrame:
    """The council findings linked to each program that has any (all, open): program_list's counts
    without reading every program (a program missing here has none)."""
    return query(
        """
        SELECT fp.program_id, count(DISTINCT fp.finding_id)::integer AS n_findings,
               (count(DISTINCT fp.finding_id) FILTER (WHERE f.is_open))::integer AS n_open
        FROM marts.fct_audit_finding_program AS fp
        JOIN marts.fct_audit_finding AS f USING (finding_id)
        GROUP BY fp.program_id
        """
    )


def program_detail(program_id: str) -> dict[str, Any] | None:
    """One program of dim_program with its department's names; None when the warehouse has no such id."""
    df = query(
        """
        SELECT p.*, coalesce(d.name_ko, p.department_id) AS department, d.name_en AS department_en
        FROM marts.dim_program AS p
        LEFT JOIN marts.dim_department AS d ON d.department_id = p.department_id
        WHERE p.program_id = $program
        """,
        {"program": str(program_id)},
    )
    return None if df.empty else df.iloc[0].to_dict()


def program_budget(program_id: str) -> pd.DataFrame:
    """A program's budget, committed and spent amounts by fiscal year, as-of date and account, with the
    lines of the detailed table and of the task table behind them."""
    return query(
        """
        SELECT b.fiscal_year, b.as_of, b.account, b.budget_krw, b.committed_krw, b.spent_krw,
               b.committed_rate, b.spent_rate, b.expected_year_end_krw, b.expected_year_end_rate,
               b.task_code, b.source, b.in_detail_total, b.doc_id, b.detail_line, b.task_line,
               doc.title AS document, b.source_text
        FROM marts.fct_program_budget AS b
        LEFT JOIN marts.dim_document AS doc USING (doc_id)
        WHERE b.program_id = $program
        ORDER BY b.fiscal_year, b.as_of, b.account
        """,
        {"program": str(program_id)},
    )


def program_findings(program_id: str) -> pd.DataFrame:
    """The council findings linked to a program (fct_audit_finding_program), with the keywords that
    linked them, their status, actions and plans."""
    return query(
        """
        SELECT f.finding_id, f.audit_year, f.ordinal, f.kind, f.status, f.is_open,
               coalesce(d.name_ko, f.department_name) AS department, d.name_en AS department_en,
               f.finding, f.actions, f.plans, fp.matched_keywords, f.doc_id, f.line_start
        FROM marts.fct_audit_finding_program AS fp
        JOIN marts.fct_audit_finding AS f USING (finding_id)
        LEFT JOIN marts.dim_department AS d ON d.department_id = f.department_id
        WHERE fp.program_id = $program
        ORDER BY f.is_open DESC NULLS LAST, f.audit_year DESC, f.ordinal
        """,
        {"program": str(program_id)},
    )


def program_plan_mentions(program_id: str) -> pd.DataFrame:
    """Where plans speak of a program: the plan of the task it serves (추진계획 of the work report's
    task, same task code and region) and the programs that articles name whose name holds the
    program's whole name (spaces, punctuation and a trailing 사업 ignored). Published documents only;
    read from the raw records (the marts keep neither), empty when the warehouse has none."""
    columns = ["mention", "name", "fiscal_year", "amount_krw", "text", "document", "doc_id", "line_start"]
    parts = []
    if has_table("raw.tasks"):
        parts.append(
            """
            SELECT 'task_plan' AS mention, t.task_code || ' ' || t.title AS name, NULL::integer AS fiscal_year,
                   NULL::bigint AS amount_krw, t.plans AS text, doc.title AS document, t.doc_id,
                   t.line_start
            FROM raw.tasks AS t
            JOIN marts.dim_document AS doc USING (doc_id)
            JOIN program AS p ON p.task_code = t.task_code AND p.region IS NOT DISTINCT FROM doc.region
            WHERE doc.status = 'published'
            """
        )
    if has_table("raw.named_programs"):
        parts.append(
            """
            SELECT 'named_program', n.name, n.fiscal_year::integer, n.amount_krw::bigint, n.source_text,
                   doc.title, n.doc_id, n.line_start
            FROM raw.named_programs AS n
            JOIN marts.dim_document AS doc USING (doc_id)
            JOIN program AS p ON p.region IS NOT DISTINCT FROM coalesce(n.region, doc.region)
              AND length(p.key) >= 4
              AND contains(regexp_replace(lower(n.name), '[[:space:]·‧.,()\\[\\]''"\\-_/]', '', 'g'), p.key)
            WHERE doc.status = 'published'
            """
        )
    if not parts:
        return pd.DataFrame(columns=columns)
    return query(
        """
        WITH program AS (
            SELECT task_code, region,
                   regexp_replace(regexp_replace(lower(coalesce(name_ko, '')),
                                  '[[:space:]·‧.,()\\[\\]''"\\-_/]', '', 'g'), '사업$', '') AS key
            FROM marts.dim_program
            WHERE program_id = $program
        )
        """
        + " UNION ALL ".join(parts)
        + " ORDER BY mention DESC, fiscal_year DESC NULLS LAST, line_start",
        {"program": str(program_id)},
    )


def audit_count_discrepancies() -> pd.DataFrame:
    """Where the follow-up table's stated counts (by kind and status) differ from the findings listed
    one by one (fct_reconciliation, check audit_counts)."""
    return query(
        """
        SELECT r.subject AS kind, r.measure, r.stated::integer AS stated, r.computed::integer AS found,
               (r.stated - r.computed)::integer AS difference, r.status, r.doc_id,
               list_min(r.lines) AS source_line
        FROM marts.fct_reconciliation AS r
        WHERE r.check_name = 'audit_counts' AND r.stated IS DISTINCT FROM r.computed
        ORDER BY r.subject = '계' DESC, r.subject,
                 CASE r.measure WHEN 'total' THEN 0 WHEN 'completed' THEN 1 WHEN 'in_progress' THEN 2
                 WHEN 'under_review' THEN 3 ELSE 4 END
        """
    )


def audit_program_keywords() -> pd.DataFrame:
    """The reviewed keyword table that links findings to programs (reference.audit_program_keywords,
    seeds/reference/audit_program_keywords.csv); empty when the served warehouse lacks it."""
    if not has_table("reference.audit_program_keywords"):
        return pd.DataFrame(columns=["keyword", "program_name", "note"])
    return query(
        "SELECT keyword, program_name, note FROM reference.audit_program_keywords ORDER BY keyword, program_name"
    )


# --- data quality for everyone: outcomes in plain words, what the documents get wrong ----------------------

REASONS_CSV = Path(__file__).with_name("reasons.csv")


@functools.cache
def _reason_rows(mtime_ns: int) -> tuple[tuple[str, str, str], ...]:
    with REASONS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [(r["prefix"], r["ko"], r["en"]) for r in csv.DictReader(fh) if r.get("prefix")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def reason_sentences() -> tuple[tuple[str, str, str], ...]:
    """app/reasons.csv as (prefix, Korean, English), the longest prefix first: the reviewed table that
    says in plain words why a document was held back or rejected. Re-read when the file changes."""
    try:
        return _reason_rows(REASONS_CSV.stat().st_mtime_ns)
    except (OSError, KeyError, csv.Error):
        return ()


def plain_reason(reason: Any, lang: str = "ko") -> str | None:
    """A recorded reason (dim_document.rejected_reason) as a plain sentence in `lang`: the sentence of
    the longest prefix of app/reasons.csv it starts with, `{detail}` replaced by the rest of the
    reason; a reason no prefix matches, as it is."""
    if reason is None or (not isinstance(reason, str) and pd.isna(reason)):
        return None
    text = str(reason)
    for prefix, ko, en in reason_sentences():
        if text.startswith(prefix):
            detail = text[len(prefix) :].strip().lstrip(":").strip() or "–"
            return (en if lang == "en" else ko).replace("{detail}", detail)
    return text


def document_outcomes() -> pd.DataFrame:
    """Every file that came in, published or not, with its status and recorded reason (dim_document)."""
    return query(
        """
        SELECT doc_id, file_name, title, kind, status, rejected_reason, n_facts, coverage
        FROM marts.dim_document
        ORDER BY status = 'published', status, file_name
        """
    )


def source_discrepancies() -> pd.DataFrame:
    """What the documents themselves get wrong: every source finding, and every reconciliation check whose
    status is source_discrepancy that no finding already tells (same document, lines and figures), with
    the document, the first line, and the size of the difference relative to the larger figure; the
    biggest first, those without figures last."""
    recon = (
        """
        UNION ALL
        SELECT 'reconciliation', r.check_name, r.subject, r.measure, r.stated, r.computed, r.difference,
               NULL, r.lines::BIGINT[], r.doc_id
        FROM marts.fct_reconciliation AS r
        WHERE r.status = 'source_discrepancy'
          AND NOT EXISTS (
              SELECT 1 FROM findings AS f
              WHERE f.doc_id = r.doc_id AND list_sort(f.lines) = list_sort(r.lines::BIGINT[])
                AND f.stated IS NOT DISTINCT FROM r.stated AND f.computed IS NOT DISTINCT FROM r.computed)
        """
        if has_table("marts.fct_reconciliation")
        else ""
    )
    return query(
        """
        WITH findings AS (
            SELECT 'finding' AS origin, f.rule, f.subject, NULL::VARCHAR AS measure, f.stated, f.computed,
                   f.difference, f.explanation, f.lines::BIGINT[] AS lines, f.doc_id
            FROM marts.fct_source_finding AS f
        ),
        everything AS (
            SELECT * FROM findings
        """
        + recon
        + """
        )
        SELECT e.*, d.title, d.file_name, d.kind AS doc_kind, list_min(e.lines) AS source_line,
               abs(e.stated - e.computed) / nullif(greatest(abs(e.stated), abs(e.computed)), 0)
                   AS relative_difference
        FROM everything AS e
        LEFT JOIN marts.dim_document AS d USING (doc_id)
        ORDER BY relative_difference DESC NULLS LAST, abs(e.stated - e.computed) DESC NULLS LAST,
                 d.file_name, source_line
        """
    )


# --- sources: the values read from a line, and the table a plain-text line sits in -------------------------

# fields of a record that place it (years, ordinals, line numbers), not values read from the line
_NOT_VALUES = frozenset(
    {
        "line_start",
        "line_end",
        "body_line_end",
        "fiscal_year",
        "year",
        "start_year",
        "end_year",
        "audit_year",
        "ordinal",
        "level",
        "strategy_no",
    }
)
# the field that names what a record is about, the first one a record has
_ITEM_FIELDS = (
    "program",
    "name",
    "subject",
    "label",
    "organization",
    "department",
    "metric",
    "title",
    "goal",
    "duty",
    "kind",
    "region",
)


def line_values(doc_id: str, line: int) -> pd.DataFrame:
    """The values extracted from one line: for every record whose line range covers it (source findings
    aside), one row per numeric field, with what the record is about and the field's kind (money in
    KRW, rate as a fraction, or a plain number with its unit), and the unit the record was read in."""
    columns = [
        "record_type",
        "item",
        "field",
        "kind",
        "value",
        "unit",
        "record_unit",
        "line_start",
        "line_end",
    ]
    tables = [n for n in _record_tables() if n.replace("_", "").isalnum() and n != "source_findings"]
    if not tables:
        return pd.DataFrame(columns=columns)
    parts = [
        f'SELECT $table_{i} AS record_type, line_start, to_json(r)::VARCHAR AS fields FROM raw."{name}" AS r '
        "WHERE doc_id = $doc AND line_start <= $line AND coalesce(line_end, line_start) >= $line"
        for i, name in enumerate(tables)
    ]
    found = query(
        " UNION ALL ".join(parts) + " ORDER BY line_start, record_type",
        {"doc": doc_id, "line": int(line), **{f"table_{i}": name for i, name in enumerate(tables)}},
    )
    rows = []
    for record_type, fields in zip(found["record_type"], found["fields"], strict=True):
        record = json.loads(fields)
        item = next((str(record[f]) for f in _ITEM_FIELDS if record.get(f) not in (None, "")), None)
        context = [
            str(record[f]) for f in ("account", "fiscal_year") if record.get(f) not in (None, "", item)
        ]
        if context:
            item = f"{item or ''} ({', '.join(context)})".strip()
        for field, value in record.items():
            if field in _NOT_VALUES or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            kind = (
                "money"
                if field.endswith("_krw")
                else "rate"
                if field.endswith("_rate") or field == "share"
                else "number"
            )
            rows.append(
                {
                    "record_type": record_type,
                    "item": item,
                    "field": field,
                    "kind": kind,
                    "value": value,
                    "unit": record.get("unit") if field == "value" else None,
                    "record_unit": record.get("unit"),
                    "line_start": record.get("line_start"),
                    "line_end": record.get("line_end"),
                }
            )
    return pd.DataFrame(rows, columns=columns, dtype=object)  # counts stay integers beside rates


_UNIT_TEXT = re.compile(
    r"단\s*위\s*[:：]?\s*(?P<unit>천원|백만원|억원|만원|조원|원|명|건|개|%)|\(\s*(?P<bare>천원|백만원|억원|만원|원)\s*\)"
)
_CELL_SPLIT = re.compile(r"[\t|│┃┆┊║]+|\s{2,}")
_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*\d{1,3}\s*[-–—]?\s*$")
_HEADER_ROLES = frozenset({"measure", "staffing", "audit", "plan", "label", "total", "year"})
_WALK = 400  # lines looked at above the focused line, at most


def _cells(text: str) -> list[str]:
    return [c.strip() for c in _CELL_SPLIT.split(text.strip()) if c.strip()]


def _is_figure_row(text: str) -> bool:
    """A table row: a label and at least one figure cell (`50,428,398`, `△4,800,000`, `5.1%`)."""
    cells = _cells(text)
    return len(cells) >= 2 and any(is_cell_number(c.replace(" ", "")) for c in cells)


def _is_header(text: str) -> bool:
    """A header line: two cells or more, no figures, one of them a known column (구분, 예산현액, 정원 …)."""
    cells = _cells(text)
    if len(cells) < 2 or any(is_cell_number(c.replace(" ", "")) for c in cells):
        return False
    return any(classify_column(c).role in _HEADER_ROLES for c in cells)


def _is_table_line(text: str, n: int, covered: set[int]) -> bool:
    """A line that may sit inside a table: a row, a label-only row, a page number, a blank line, or a
    line some record was read from."""
    stripped = text.strip()
    return (
        not stripped
        or n in covered
        or _is_figure_row(text)
        or len(_cells(text)) >= 2
        or bool(_PAGE_NUMBER.match(stripped))
    )


def table_context(lines: Sequence[str], line: int, covered: set[int]) -> dict[str, Any] | None:
    """The table a plain-text line sits in: the nearest header line(s) above it and the unit line above
    the table (`(단위 : 천원, '21. 8. 19. 기준)`, `단위: 백만원`, or a `(천원)` on the header line).

    Only for a line some record was read from (`covered`) that reads as a table row. The walk goes up
    through rows, blank lines and page numbers (a table continued after a page break keeps its unit);
    a line of prose ends it. Returns {"header_lines": [n, …], "unit": str | None, "unit_line": n | None}.
    """
    if not 1 <= line <= len(lines) or line not in covered or not _is_figure_row(lines[line - 1]):
        return None
    headers: list[int] = []
    n = line - 1
    while n >= 1 and line - n <= _WALK:
        text = lines[n - 1]
        if _is_header(text):
            headers.insert(0, n)
        elif headers or not _is_table_line(text, n, covered):
            break
        n -= 1
    top = headers[0] if headers else n + 1
    unit, unit_line = None, None
    others = 0  # lines of prose passed above the table: a title, a caption
    k = top
    while k >= 1 and top - k <= _WALK:
        text = lines[k - 1]
        if m := _UNIT_TEXT.search(text):
            unit, unit_line = m.group("unit") or m.group("bare"), k
            break
        if _is_table_line(text, k, covered) or _is_header(text):
            if others and text.strip():
                break  # rows above a title: another table, whose unit is not this one's
        else:
            others += 1
            if others > 3:
                break
        k -= 1
    return {"header_lines": headers, "unit": unit, "unit_line": unit_line}


def text_table_at(doc_id: str, line: int) -> dict[str, Any] | None:
    """table_context for a document of the served warehouse, with the lines' text; None when the line is
    in no table the extractors read."""
    text = document_text(doc_id)
    if text is None:
        return None
    lines = text.splitlines()
    records = document_records(doc_id)
    covered: set[int] = set()
    for start, end in zip(records["line_start"], records["line_end"], strict=True):
        if not pd.isna(start):
            covered.update(range(int(start), int(end if not pd.isna(end) else start) + 1))
    found = table_context(lines, int(line), covered)
    if found is None:
        return None
    found["headers"] = [(n, lines[n - 1]) for n in found["header_lines"]]
    found["unit_text"] = lines[found["unit_line"] - 1] if found["unit_line"] else None
    found["row"] = lines[int(line) - 1]
    return found
