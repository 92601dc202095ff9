"""A thin Great Expectations 1.x wrapper: validate one table of the build database against one
suite file, and keep the result for the run's report and Data Docs.

(dagster-ge only supports GX < 1.0, hence our own.)
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from dataclasses import asdict, dataclass, field
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
def _context(docs_dir: str):
    """One ephemeral GX context per process and Data Docs folder."""
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}
    ctx.add_data_docs_site(
        site_name="run",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    ctx.data_sources.add_pandas("warehouse")
    return ctx


def build_data_docs(docs_dir: Path) -> Path | None:
    """Render every validation of this process into the run's Data Docs site; the index path."""
    ctx = _context(str(docs_dir))
    ctx.build_data_docs(site_names=["run"])
    index = docs_dir / "index.html"
    return index if index.exists() else None


def validate_suite(db_path: Path, file: SuiteFile, docs_dir: Path) -> SuiteOutcome:
    """Validate `file` against its relation in `db_path` and add the result to the Data Docs."""
    import great_expectations as gx

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

    docs_dir.mkdir(parents=True, exist_ok=True)
    ctx = _context(str(docs_dir))
    name = file.name
    for store, prefix in ((ctx.checkpoints, "cp_"), (ctx.validation_definitions, "vd_"), (ctx.suites, "")):
        with contextlib.suppress(Exception):  # absent on first use in this process
            store.delete(prefix + name)
    suite = ctx.suites.add(loaded.suite)
    source = ctx.data_sources.get("warehouse")
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name)
    try:
        batch_def = asset.get_batch_definition("whole")
    except KeyError:
        batch_def = asset.add_batch_definition_whole_dataframe("whole")
    vd = ctx.validation_definitions.add(
        gx.ValidationDefinition(name="vd_" + name, data=batch_def, suite=suite)
    )
    checkpoint = ctx.checkpoints.add(
        gx.Checkpoint(
            name="cp_" + name,
            validation_definitions=[vd],
            actions=[],
            result_format="SUMMARY",
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": df})
    for run_result in result.run_results.values():
        for r in run_result.results:
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
