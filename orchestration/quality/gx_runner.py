"""A thin Great Expectations 1.x wrapper: validate one table of the build database against one
suite file, and keep the result for the run's report and Data Docs.

(dagster-ge only supports GX < 1.0, hence our own.)

What a suite validates depends on the run (quality/scope.py): on a full refresh every expectation
runs in GX over the whole table; otherwise a suite marked `meta.scope: "per_document"` runs its
row-level expectations in GX over the rows of the documents the run changed only (a batch over a
filtered query), its whole-table invariants (row count, uniqueness) as one DuckDB query each
(quality/invariants.py), and anything else (an expectation with `mostly` below 1, an aggregate) in
GX over the whole table, on the columns it names. Each outcome says which scope it checked.

Cost: GX costs a few milliseconds per expectation whatever the rows, so one ephemeral context, one
pandas data source and one batch definition serve every suite of the process (the in-process
executor runs all checks in one process; under a multiprocess executor each step builds its own),
nothing is written to GX's stores per suite, a suite that passes is validated for its verdict only
(observed values and counts are gathered when an expectation fails), and the Data Docs are built
once, by the publish step (`build_data_docs`), from the results the run's checks kept (in memory,
and as JSON in the run's `gx_results/` folder for a publish in another process).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.quality import invariants
from orchestration.quality.scope import CHANGED, CHANGED_ROWS, WHOLE, Scope, decide_scope
from orchestration.quality.suites import SuiteFile, build_suite, build_suite_of

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


# Map expectations whose verdict on a row depends on that row alone (with `mostly` absent or 1):
# on the changed documents' rows they conclude what they would on the whole table for those rows.
ROW_LEVEL = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_be_between",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_match_regex_list",
        "expect_column_values_to_not_match_regex_list",
        "expect_column_values_to_match_like_pattern",
        "expect_column_values_to_not_match_like_pattern",
        "expect_column_values_to_match_strftime_format",
        "expect_column_values_to_be_dateutil_parseable",
        "expect_column_values_to_be_json_parseable",
        "expect_column_value_lengths_to_be_between",
        "expect_column_value_lengths_to_equal",
        "expect_column_values_to_be_in_type_list",
        "expect_column_values_to_be_of_type",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
        "expect_column_pair_values_to_be_in_set",
        "expect_multicolumn_sum_to_equal",
    }
)
_COLUMN_KWARGS = ("column", "column_A", "column_B")


def row_level(exp: dict[str, Any]) -> bool:
    kwargs = exp.get("kwargs", {})
    mostly = kwargs.get("mostly")
    return exp.get("type") in ROW_LEVEL and (mostly is None or float(mostly) >= 1.0)


def _columns(exps: list[dict[str, Any]]) -> list[str] | None:
    """The columns these expectations read, or None when one of them may read any column."""
    cols: list[str] = []
    for exp in exps:
        if exp.get("type") not in ROW_LEVEL:
            return None
        kwargs = exp.get("kwargs", {})
        named = [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs] + list(kwargs.get("column_list") or [])
        if not named or "row_condition" in kwargs:
            return None
        cols += [c for c in named if c not in cols]
    return cols


@dataclass
class ExpectationOutcome:
    type: str
    column: str | None
    success: bool
    observed: Any
    unexpected_count: int | None
    unexpected_sample: list[Any]
    scope: str = WHOLE  # "whole table" | "changed rows"
    engine: str = "great_expectations"  # or "sql" (a whole-table invariant in one DuckDB query)


@dataclass
class SuiteOutcome:
    """What one suite found: the basis of a blocking asset check and of the DQ report."""

    suite: str
    relation: str
    asset: list[str]
    passed: bool
    n_expectations: int
    n_expectations_in_file: int
    n_failed: int
    rows: int  # rows validated row by row (the changed documents' rows when scoped)
    dropped: list[str] = field(default_factory=list)
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    error: str | None = None
    scope: str = WHOLE  # "whole table" | "changed documents" | "changed rows"
    scope_detail: str = ""  # e.g. "rows of 1 changed document of 10,001 (12 of 120,345 rows); ..."
    table_rows: int | None = None  # rows of the relation (after meta.where)
    changed_documents: int | None = None  # documents the run changed, when scoped
    scope_documents: str | None = None  # e.g. "1 changed document of 10,001 (1 added)", when scoped
    seconds: float | None = None

    def failures(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def message(self) -> str:
        if self.error:
            return f"{self.suite}: could not run: {self.error}"
        if self.dropped:
            return f"{self.suite}: GX dropped {len(self.dropped)} expectation(s) of the file: {'; '.join(self.dropped)}"
        if self.passed:
            return f"{self.suite}: {self.n_expectations} expectations passed on {self.scope_detail}"
        parts = [
            f"{e.type}({e.column or ''}) unexpected={e.unexpected_count} sample={e.unexpected_sample[:3]} observed={e.observed}"
            for e in self.failures()
        ]
        return (
            f"{self.suite}: {self.n_failed} of {self.n_expectations} failed on {self.scope_detail}: "
            + "; ".join(parts)
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


@functools.cache
def _validation_context():
    """One ephemeral GX context, pandas data source and batch definition per process."""
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}
    batch_def = ctx.data_sources.add_pandas("warehouse").add_dataframe_asset("relation")
    return ctx, batch_def.add_batch_definition_whole_dataframe("whole")


# The results of this process, by Data Docs folder (one per run), for build_data_docs.
_RESULTS: dict[str, list[tuple[Any, Any]]] = {}
_RESULTS_LOCK = threading.Lock()


def _results_dir(docs_dir: Path) -> Path:
    """Where the run's check steps leave their GX results, beside its Data Docs."""
    return docs_dir.parent / "gx_results"


def _keep_for_docs(docs_dir: Path, suite: Any, result: Any) -> None:
    """In this process, and on disk: under a multiprocess executor the publish step that renders the
    Data Docs runs in another process than the checks."""
    with _RESULTS_LOCK:
        _RESULTS.setdefault(str(docs_dir), []).append((suite, result))
    folder = _results_dir(docs_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{suite.name}.json").write_text(
        json.dumps({"suite": suite.to_json_dict(), "result": result.to_json_dict()}, default=str),
        encoding="utf-8",
    )


def _kept_elsewhere(docs_dir: Path, here: set[str]) -> list[tuple[Any, Any]]:
    """The results other processes' check steps wrote for this run (suites not validated here)."""
    from great_expectations.core import ExpectationSuite
    from great_expectations.core.expectation_suite import ExpectationSuiteSchema
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )

    out = []
    for path in sorted(_results_dir(docs_dir).glob("*.json")):
        if path.stem in here:
            continue
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            suite = ExpectationSuite(**ExpectationSuiteSchema().load(kept["suite"]))
            out.append((suite, ExpectationSuiteValidationResultSchema().load(kept["result"])))
        except Exception:  # a result that cannot be read only misses from the Data Docs
            continue
    return out


def build_data_docs(docs_dir: Path) -> Path | None:
    """Render the validations of `docs_dir`'s run into its Data Docs site (once, at publish): those this
    process ran, and those the run's other processes wrote; the index path."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    with _RESULTS_LOCK:
        kept = _RESULTS.pop(str(docs_dir), [])
    kept += _kept_elsewhere(docs_dir, {suite.name for suite, _ in kept})
    docs_dir.mkdir(parents=True, exist_ok=True)
    ctx = gx.get_context(mode="ephemeral")
    ctx.add_data_docs_site(
        site_name="run",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    run_time = datetime.now(UTC)
    for suite, result in kept:
        suite_id = ExpectationSuiteIdentifier(name=suite.name)
        with contextlib.suppress(Exception):  # a suite of this name already added: the same suite
            ctx.suites.add(suite)
        ctx.validation_results_store.store_validation_results(
            suite_validation_result=result,
            suite_validation_result_identifier=ValidationResultIdentifier(
                expectation_suite_identifier=suite_id,
                run_id=RunIdentifier(run_name=docs_dir.parent.name, run_time=run_time),
                batch_identifier=suite.name,
            ),
            expectation_suite_identifier=suite_id,
        )
    ctx.build_data_docs(site_names=["run"])
    index = docs_dir / "index.html"
    return index if index.exists() else None


def _run_gx(suite: Any, df: Any) -> Any:
    """GX's verdict on `df`: first the pass/fail of every expectation (BOOLEAN_ONLY: about half the
    cost of a summary), and only when one failed the whole suite again with counts and samples."""
    _ctx, batch_def = _validation_context()
    batch = batch_def.get_batch(batch_parameters={"dataframe": df})
    quick = batch.validate(suite, result_format="BOOLEAN_ONLY")
    return quick if quick.success else batch.validate(suite, result_format="SUMMARY")


def _gx_outcomes(
    result: Any, scope: str, entries: dict[int, dict[str, Any]]
) -> list[tuple[int, ExpectationOutcome]]:
    """GX's results (in GX's order, which is not the suite's) with the position in the file of the
    expectation each one judged (`entries`: position -> the file's entry)."""
    free = dict(entries)
    out = []
    for r in result.results:
        res = r.result or {}
        config = r.expectation_config
        position = next(
            (
                i
                for i, e in free.items()
                if e.get("type") == config.type
                and all(_same(config.kwargs.get(k), v) for k, v in e.get("kwargs", {}).items())
            ),
            len(entries) + len(out) + 10_000,  # unmatched (not expected): after the others
        )
        free.pop(position, None)
        out.append(
            (
                position,
                ExpectationOutcome(
                    type=config.type,
                    column=config.kwargs.get("column"),
                    success=bool(r.success),
                    observed=_jsonable(res.get("observed_value")),
                    unexpected_count=res.get("unexpected_count"),
                    unexpected_sample=[_jsonable(v) for v in (res.get("partial_unexpected_list") or [])[:10]],
                    scope=scope,
                ),
            )
        )
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return a == b


def _in_file_order(groups: list[list[tuple[int, ExpectationOutcome]]]) -> list[ExpectationOutcome]:
    return [o for _, o in sorted((pair for g in groups for pair in g), key=lambda pair: pair[0])]


SERVED = "served"  # the served warehouse, attached read-only to compare a table's rows with


def _served_table_alike(con: duckdb.DuckDBPyConnection, served_db: Path | None, file: SuiteFile) -> bool:
    """Attach the served warehouse and say whether it has the suite's relation with the same columns
    (a table to hold the build's rows against)."""
    if served_db is None or not served_db.exists():
        return False
    try:
        con.execute(f"ATTACH ? AS {SERVED} (READ_ONLY)", [str(served_db)])
        here = con.execute(f"DESCRIBE {file.query()}").fetchall()
        there = con.execute(f"DESCRIBE {file.query(SERVED)}").fetchall()
    except duckdb.Error:
        return False
    return [r[:2] for r in here] == [r[:2] for r in there]


def validate_suite(
    db_path: Path,
    file: SuiteFile,
    docs_dir: Path,
    scope: Scope | None = None,
    served_db: Path | None = None,
) -> SuiteOutcome:
    """Validate `file` against its relation in `db_path`, over the scope the build database calls for
    (or `scope`), and keep the GX results for the run's Data Docs. With `served_db`, a table without
    the per-document hint is checked row by row on its rows that the served warehouse lacks."""
    import time

    started = time.perf_counter()
    loaded = build_suite(file)
    base = SuiteOutcome(
        suite=file.name,
        relation=file.relation,
        asset=file.asset,
        passed=False,
        n_expectations=len(loaded.suite.expectations),
        n_expectations_in_file=file.n_expectations_in_file,
        n_failed=0,
        rows=0,
        dropped=loaded.dropped,
    )
    entries: list[dict[str, Any]] = file.raw.get("expectations", [])
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            if scope is None:
                scope = decide_scope(con)
            per_document = not scope.whole and file.scope == "per_document"
            scoped = per_document or (not scope.whole and _served_table_alike(con, served_db, file))
            if not scoped:
                df = con.execute(file.query()).df()
                base.table_rows = len(df)
            else:
                rows_idx = [i for i, e in enumerate(entries) if row_level(e)]
                sql_idx = [
                    i for i, e in enumerate(entries) if i not in rows_idx and invariants.sql_invariant(e)
                ]
                whole_idx = [i for i in range(len(entries)) if i not in rows_idx and i not in sql_idx]
                base.table_rows = con.execute(f"SELECT count(*) FROM ({file.query()})").fetchall()[0][0]
                if per_document:
                    df = con.execute(
                        f"SELECT * FROM ({file.query()}) WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                        [list(scope.doc_ids)],
                    ).df()
                else:  # the rows the served warehouse does not hold, column for column
                    df = con.execute(f"{file.query()} EXCEPT {file.query(SERVED)}").df()
                sql_outcomes = []
                for i in sql_idx:
                    got = invariants.evaluate(con, file.relation, file.where, entries[i])
                    sql_outcomes.append(
                        ExpectationOutcome(
                            type=entries[i]["type"],
                            column=entries[i].get("kwargs", {}).get("column"),
                            success=got["success"],
                            observed=_jsonable(got["observed"]),
                            unexpected_count=got["unexpected_count"],
                            unexpected_sample=[_jsonable(v) for v in got["unexpected_sample"]],
                            scope=WHOLE,
                            engine="sql",
                        )
                    )
                whole_df = None
                if whole_idx:
                    cols = _columns([entries[i] for i in whole_idx])
                    select = ", ".join(invariants.quote(c) for c in cols) if cols else "*"
                    whole_df = con.execute(f"SELECT {select} FROM ({file.query()})").df()
        finally:
            con.close()
    except duckdb.Error as exc:
        base.error = f"{type(exc).__name__}: {exc}"
        return base

    if not scoped:
        result = _run_gx(loaded.suite, df)
        _keep_for_docs(docs_dir, loaded.suite, result)
        base.expectations = _in_file_order([_gx_outcomes(result, WHOLE, dict(enumerate(entries)))])
        base.rows = len(df)
        base.scope = WHOLE
        why = (
            scope.reason
            if scope.whole
            else "no table of the same columns in the served warehouse to compare its rows with"
        )
        base.scope_detail = f"whole table: {len(df):,} rows ({why})"
    else:
        groups = [list(zip(sql_idx, sql_outcomes, strict=True))]
        if rows_idx and len(df):
            suite = build_suite_of(file, rows_idx, name=file.name)
            result = _run_gx(suite, df)
            _keep_for_docs(docs_dir, suite, result)
            groups.append(_gx_outcomes(result, CHANGED_ROWS, {i: entries[i] for i in rows_idx}))
        elif rows_idx:  # no changed row in this table: nothing to hold against
            groups.append(
                [
                    (
                        i,
                        ExpectationOutcome(
                            type=entries[i]["type"],
                            column=entries[i].get("kwargs", {}).get("column"),
                            success=True,
                            observed=None,
                            unexpected_count=0,
                            unexpected_sample=[],
                            scope=CHANGED_ROWS,
                        ),
                    )
                    for i in rows_idx
                ]
            )
        if whole_idx and whole_df is not None:
            suite = build_suite_of(file, whole_idx, name=f"{file.name}.whole_table")
            result = _run_gx(suite, whole_df)
            _keep_for_docs(docs_dir, suite, result)
            groups.append(_gx_outcomes(result, WHOLE, {i: entries[i] for i in whole_idx}))
        base.expectations = _in_file_order(groups)
        base.rows = len(df)
        n_whole = len(sql_idx) + len(whole_idx)
        if per_document:
            base.scope = CHANGED
            base.changed_documents = len(scope.doc_ids)
            base.scope_documents = scope.documents_phrase()
            rows = f"rows of {scope.documents_phrase()}"
        else:
            base.scope = CHANGED_ROWS
            rows = "rows not in the served warehouse"
        base.scope_detail = f"{rows} ({len(df):,} of {base.table_rows:,} rows)" + (
            f"; {n_whole} whole-table expectation(s) on all {base.table_rows:,} rows" if n_whole else ""
        )
    base.n_failed = sum(1 for e in base.expectations if not e.success)
    base.passed = base.n_failed == 0 and not base.dropped
    base.seconds = round(time.perf_counter() - started, 3)
    return base
