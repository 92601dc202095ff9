"""A thin Great Expectations 1.x wrapper: validate one table of the build database against one
suite file, and keep the result for the run's report and Data Docs.

(dagster-ge only supports GX < 1.0, hence our own.)

Cost: GX costs a few milliseconds per expectation whatever the rows, so one ephemeral context, one
pandas data source and one batch definition serve every suite of the process (the in-process
executor runs all checks in one process; under a multiprocess executor each step builds its own),
nothing is written to GX's stores per suite, a suite that passes is validated for its verdict only
(observed values and counts are gathered when an expectation fails), and the Data Docs are built
once, by the publish step (`build_data_docs`), from the results this process kept for the run.
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

from orchestration.quality.suites import SuiteFile, build_suite

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass
class ExpectationOutcome:
    type: str
    column: str | None
    success: bool
    observed: Any
    unexpected_count: int | None
    unexpected_sample: list[Any]


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
    rows: int
    dropped: list[str] = field(default_factory=list)
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    error: str | None = None

    def failures(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def message(self) -> str:
        if self.error:
            return f"{self.suite}: could not run: {self.error}"
        if self.dropped:
            return f"{self.suite}: GX dropped {len(self.dropped)} expectation(s) of the file: {'; '.join(self.dropped)}"
        if self.passed:
            return f"{self.suite}: {self.n_expectations} expectations passed on {self.rows} rows"
        parts = [
            f"{e.type}({e.column or ''}) unexpected={e.unexpected_count} sample={e.unexpected_sample[:3]} observed={e.observed}"
            for e in self.failures()
        ]
        return f"{self.suite}: {self.n_failed} of {self.n_expectations} failed: " + "; ".join(parts)

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


def _keep_for_docs(docs_dir: Path, suite: Any, result: Any) -> None:
    with _RESULTS_LOCK:
        _RESULTS.setdefault(str(docs_dir), []).append((suite, result))


def build_data_docs(docs_dir: Path) -> Path | None:
    """Render the validations this process ran for `docs_dir`'s run into its Data Docs site (once,
    at publish); the index path."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    with _RESULTS_LOCK:
        kept = _RESULTS.pop(str(docs_dir), [])
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


def validate_suite(db_path: Path, file: SuiteFile, docs_dir: Path) -> SuiteOutcome:
    """Validate `file` against its relation in `db_path` and keep the result for the Data Docs."""
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
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            df = con.execute(file.query()).df()
        finally:
            con.close()
    except duckdb.Error as exc:
        base.error = f"{type(exc).__name__}: {exc}"
        return base
    base.rows = len(df)

    result = _run_gx(loaded.suite, df)
    _keep_for_docs(docs_dir, loaded.suite, result)
    for r in result.results:
        res = r.result or {}
        base.expectations.append(
            ExpectationOutcome(
                type=r.expectation_config.type,
                column=r.expectation_config.kwargs.get("column"),
                success=bool(r.success),
                observed=_jsonable(res.get("observed_value")),
                unexpected_count=res.get("unexpected_count"),
                unexpected_sample=[_jsonable(v) for v in (res.get("partial_unexpected_list") or [])[:10]],
            )
        )
    base.n_failed = sum(1 for e in base.expectations if not e.success)
    base.passed = base.n_failed == 0 and not base.dropped
    return base
