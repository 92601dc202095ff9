"""Time the explorer's queries (app/data.py) and the README's analyst queries on a served warehouse.

    python benchmarks/app_queries.py --home /tmp/bench_ictwh/home_10000
    python benchmarks/app_queries.py --home DIR --reps 20 --results benchmarks/results.md

Every page query of `app/data.py` runs with the arguments a first visit would pass, streamlit's
cache bypassed: each call opens the served file read-only on a fresh DuckDB instance, as the app
does on a cache miss. One untimed warm-up call (its time is kept as "first call", the cold call of
a fresh process), then `--reps` timed calls: p50 and p95 (nearest rank). The README's analyst
queries (`-- query: name` blocks) are timed the same way on a read-only connection.

`time_queries(home, reps)` is what `benchmarks/run.py` calls (in a child process); the command line
prints a markdown section "## App queries, <UTC>" and appends it to `--results` when given.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

README = ROOT / "README.md"
TARGET_QUERY_P95_MS = 200.0
DEFAULT_REPS = 20


def analyst_queries() -> dict[str, str]:
    """The `-- query: name` SQL blocks of README.md."""
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    out = {}
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        m = re.match(r"\s*--\s*query:\s*(\S+)", block)
        if m:
            out[m.group(1)] = block
    return out


def _timed(fn, reps: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    result = fn()  # warm-up (file cache, catalog), not counted in p50 / p95
    first_ms = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    rows = None
    if hasattr(result, "shape"):
        rows = int(result.shape[0])
    elif isinstance(result, list | tuple | dict):
        rows = len(result)
    return {
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "first_ms": first_ms,
        "rows": rows,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples = the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _app_calls(data: Any) -> list[tuple[str, Any]]:
    """The page queries of app/data.py with the arguments a first visit would pass."""
    calls: list[tuple[str, Any]] = []

    def add(label: str, name: str, *args: Any) -> None:
        fn = getattr(data, name, None)
        if callable(fn):
            calls.append((label, lambda: fn(*args)))

    def first(name: str, column: str) -> Any:
        try:
            df = getattr(data, name)()
            return None if df.empty else df.iloc[0][column]
        except Exception:
            return None

    def latest_year() -> int | None:
        try:
            years = data.department_years()
            return int(years[0]) if years else None
        except Exception:
            return None

    add("headline", "headline")
    add("plan_series", "plan_series")
    add("breakdown_years", "breakdown_years")
    region, year = first("breakdown_years", "region"), first("breakdown_years", "fiscal_year")
    if region is not None and year is not None:
        add("plan_breakdown(region, year)", "plan_breakdown", region, int(year))
    add("multi_year_plans", "multi_year_plans")
    add("program_filter_options", "program_filter_options")
    add("programs", "programs")
    latest = latest_year()
    if latest is not None:
        add("programs(fiscal_year)", "programs", latest)
    add("departments", "departments", None)
    add("department_accounts", "department_accounts", None)
    add("audit_findings", "audit_findings")
    add("audit_status_counts", "audit_status_counts")
    add("audited_programs", "audited_programs")
    finding = first("audit_findings", "finding_id")
    if finding is not None:
        add("finding_programs(finding)", "finding_programs", finding)
    add("documents", "documents")
    doc = first("documents", "doc_id")
    if doc is not None:
        add("document_text(doc)", "document_text", doc)
        add("document_records(doc)", "document_records", doc)
    add("source_findings", "source_findings")
    add("held_back_documents", "held_back_documents")
    add("reconciliation_summary", "reconciliation_summary")
    add("dq_runs", "dq_runs")
    add("dq_latest_checks", "dq_latest_checks")
    # the rest of what the pages query on a first visit
    add("region_names", "region_names")
    add("plan_comparison(total)", "plan_comparison", "total")
    add("program_list", "program_list")
    add("program_finding_counts", "program_finding_counts")
    add("non_program_keywords", "non_program_keywords")
    add("budget_statement_programs", "budget_statement_programs")
    add("budget_statements(first 1,000)", "budget_statements", (), 1_000)
    add("department_years", "department_years")
    add("audit_count_discrepancies", "audit_count_discrepancies")
    add("audit_program_keywords", "audit_program_keywords")
    if doc is not None:
        add("document_layout(doc)", "document_layout", doc)
        line = first_line(data, doc)
        if line is not None:
            add("line_values(doc, line)", "line_values", doc, line)
            add("text_table_at(doc, line)", "text_table_at", doc, line)
    add("document_outcomes", "document_outcomes")
    add("source_discrepancies", "source_discrepancies")
    program = first("program_list", "program_id")
    if program is not None:
        add("program_detail(program)", "program_detail", program)
        add("program_budget(program)", "program_budget", program)
        add("budget_statements([program])", "budget_statements", [program])
        add("program_plan_mentions(program)", "program_plan_mentions", program)
        add("program_findings(program)", "program_findings", program)
    return calls


def first_line(data: Any, doc_id: str) -> int | None:
    """The first line of a document that some record was read from (the Sources page's focused line)."""
    try:
        records = data.document_records(doc_id)
        starts = records["line_start"].dropna()
        return int(starts.iloc[0]) if len(starts) else None
    except Exception:
        return None


def time_queries(home: Path, reps: int) -> dict[str, Any]:
    """p50 / p95 / rows of every app query and README analyst query on `home`'s served warehouse."""
    import duckdb

    served = home / "warehouse.duckdb"
    report: dict[str, Any] = {"served_db": str(served), "reps": reps, "app": {}, "analyst": {}}
    os.environ["ICTWH_HOME"] = str(home)
    try:
        from app import data

        if hasattr(data, "_cached_query") and hasattr(data, "_execute"):
            # measure the queries, not streamlit's cache: every call opens the file and runs the SQL
            def uncached(key: Any, sql: str, params: Any, *source: str) -> Any:
                # (key, sql, params, source) since the app keys its cache by the served file's
                # identity; (key, sql, params) with the path as key[0] before
                return data._execute(source[0] if source else key[0], sql, params)

            data._cached_query = uncached
            report["app_mode"] = "app/data.py, uncached (read-only connection per query, as the app opens it)"
        else:
            import streamlit as st

            def clear_then(fn):
                return lambda: (st.cache_data.clear(), fn())[1]

            report["app_mode"] = "app/data.py, streamlit cache cleared before each call"
        calls = _app_calls(data)
        for name, fn in calls:
            if report["app_mode"].endswith("each call"):
                fn = clear_then(fn)
            try:
                report["app"][name] = _timed(fn, reps)
            except Exception as exc:  # a query the current warehouse cannot answer
                report["app"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    except Exception as exc:
        report["app_error"] = f"{type(exc).__name__}: {exc}"[:300]

    for name, sql in analyst_queries().items():

        def run(sql: str = sql) -> Any:
            con = duckdb.connect(str(served), read_only=True)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()

        try:
            report["analyst"][name] = _timed(run, reps)
        except Exception as exc:
            report["analyst"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return report


def write_queries(home: Path, reps: int, out: Path) -> None:
    """time_queries written as JSON to `out` (benchmarks/run.py's `_queries` child)."""
    report = time_queries(home, reps)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


# --- the command line ---------------------------------------------------------------------------------


def _documents(served: Path) -> int | None:
    import duckdb

    try:
        con = duckdb.connect(str(served), read_only=True)
        try:
            return int(con.execute("SELECT count(*) FROM marts.dim_document").fetchone()[0])
        finally:
            con.close()
    except Exception:
        return None


def target_line(report: dict[str, Any]) -> str:
    measured = {k: v for k, v in (report.get("app") or {}).items() if "p95_ms" in v}
    if not measured:
        return f"app queries p95 <= {TARGET_QUERY_P95_MS:.0f} ms: not measured"
    worst_name, worst = max(measured.items(), key=lambda kv: kv[1]["p95_ms"])
    over = [k for k, v in measured.items() if v["p95_ms"] > TARGET_QUERY_P95_MS]
    verdict = "**missed**" if over else "**met**"
    return (
        f"app queries p95 <= {TARGET_QUERY_P95_MS:.0f} ms: {verdict} (worst {worst_name} "
        f"{worst['p95_ms']:.0f} ms" + (f"; over: {', '.join(over)}" if over else "") + ")"
    )


def render(report: dict[str, Any], started: datetime, docs: int | None) -> str:
    def table(title: str, rows: dict[str, Any]) -> list[str]:
        out = [title, "", "| query | p50 ms | p95 ms | first call ms | rows |", "|---|---:|---:|---:|---:|"]
        for name, r in rows.items():
            if "error" in r:
                out += [f"| {name} | error: {r['error'][:80]} | | | |"]
            else:
                rows_ = "" if r["rows"] is None else r["rows"]
                out += [f"| {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['first_ms']:.1f} | {rows_} |"]
        return [*out, ""]

    where = f"{docs:,}-document warehouse" if docs is not None else "warehouse"
    out = [f"## App queries, {started:%Y-%m-%d %H:%M} UTC", ""]
    out += [
        f"{report['served_db']} ({where}); {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}; {report['reps']} repetitions after one untimed first call (the "
        "first call of a fresh process, shown apart); `benchmarks/app_queries.py`.",
        "",
    ]
    if report.get("app"):
        out += table(f"App ({report.get('app_mode')}):", report["app"])
    elif report.get("app_error"):
        out += [f"App queries not run: {report['app_error']}", ""]
    if report.get("analyst"):
        out += table("README analyst queries:", report["analyst"])
    out += [f"- {target_line(report)}", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--home", type=Path, required=True, help="the home whose warehouse.duckdb is timed")
    parser.add_argument(
        "--reps", type=int, default=DEFAULT_REPS, help=f"repetitions (default {DEFAULT_REPS})"
    )
    parser.add_argument(
        "--results", type=Path, default=None, help="a markdown file the section is appended to"
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON too")
    args = parser.parse_args(argv)
    home: Path = args.home.resolve()
    served = home / "warehouse.duckdb"
    if not served.exists():
        parser.error(f"no served warehouse at {served}")
    started = datetime.now(UTC)
    report = time_queries(home, args.reps)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    section = render(report, started, _documents(served))
    print(section)
    if args.results:
        existing = args.results.read_text(encoding="utf-8") if args.results.exists() else ""
        args.results.write_text(existing.rstrip("\n") + "\n\n" + section, encoding="utf-8")
        print(f"appended to {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
