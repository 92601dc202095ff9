"""Whole-table invariants of a suite as one DuckDB query each, for runs whose row-level expectations
are scoped to the changed documents (quality/scope.py).

Each function reproduces what Great Expectations' pandas engine concludes for the same expectation
on the whole table (success, observed value, unexpected count; tests/unit/test_gx_scope.py compares
them on the same data), at the cost of one aggregate in DuckDB instead of loading the table:

- expect_table_row_count_to_be_between: count(*) within [min_value, max_value] (None: unbounded).
- expect_column_values_to_be_unique: among non-null values, the rows whose value occurs more than
  once are unexpected.
- expect_compound_columns_to_be_unique: rows whose tuple of values occurs more than once are
  unexpected; rows with every value (default), any value or no value missing are ignored
  (`ignore_row_if`: all_values_are_missing / any_value_is_missing / never).

An expectation with other arguments (e.g. `mostly`, `row_condition`) is not handled here: the
caller validates it with GX over the whole table instead (`sql_invariant` returns False).
"""

from __future__ import annotations

from typing import Any

import duckdb

SAMPLE = 10

_ALLOWED = {
    "expect_table_row_count_to_be_between": {"min_value", "max_value"},
    "expect_column_values_to_be_unique": {"column"},
    "expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if"},
}


def sql_invariant(exp: dict[str, Any]) -> bool:
    """Whether this expectation (a suite file's entry) is a whole-table invariant checked in SQL."""
    allowed = _ALLOWED.get(exp.get("type", ""))
    kwargs = exp.get("kwargs", {})
    if allowed is None or not set(kwargs) <= allowed:
        return False
    if exp["type"] == "expect_compound_columns_to_be_unique":
        return kwargs.get("ignore_row_if", "all_values_are_missing") in (
            "all_values_are_missing",
            "any_value_is_missing",
            "never",
        ) and bool(kwargs.get("column_list"))
    return True


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(relation: str, where: str | None) -> str:
    return f"(SELECT * FROM {relation}{f' WHERE {where}' if where else ''})"


def evaluate(
    con: duckdb.DuckDBPyConnection, relation: str, where: str | None, exp: dict[str, Any]
) -> dict[str, Any]:
    """{success, observed, unexpected_count, unexpected_sample} of one invariant on the whole table."""
    kind, kwargs = exp["type"], exp.get("kwargs", {})
    src = _source(relation, where)
    if kind == "expect_table_row_count_to_be_between":
        n = con.execute(f"SELECT count(*) FROM {src}").fetchall()[0][0]
        lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
        ok = (lo is None or n >= lo) and (hi is None or n <= hi)
        return {"success": ok, "observed": n, "unexpected_count": None, "unexpected_sample": []}
    if kind == "expect_column_values_to_be_unique":
        cols = [kwargs["column"]]
        keep = f"{quote(cols[0])} IS NOT NULL"
    else:
        cols = list(kwargs["column_list"])
        ignore = kwargs.get("ignore_row_if", "all_values_are_missing")
        nulls = [f"{quote(c)} IS NULL" for c in cols]
        keep = {
            "all_values_are_missing": f"NOT ({' AND '.join(nulls)})",
            "any_value_is_missing": f"NOT ({' OR '.join(nulls)})",
            "never": "true",
        }[ignore]
    group = ", ".join(quote(c) for c in cols)
    dup = f"SELECT {group}, count(*) AS n FROM {src} WHERE {keep} GROUP BY ALL HAVING count(*) > 1"
    total = con.execute(f"SELECT coalesce(sum(n), 0) FROM ({dup})").fetchall()[0][0]
    sample_rows = (
        con.execute(f"SELECT {group} FROM ({dup}) ORDER BY n DESC, {group} LIMIT {SAMPLE}").fetchall()
        if total
        else []
    )
    if kind == "expect_column_values_to_be_unique":
        sample = [r[0] for r in sample_rows]
    else:
        sample = [dict(zip(cols, r, strict=True)) for r in sample_rows]
    return {
        "success": total == 0,
        "observed": None,
        "unexpected_count": int(total),
        "unexpected_sample": sample,
    }
