"""Quality layer: one blocking asset check per Great Expectations suite file.

A failed check of error severity stops every asset downstream of the one it checks, so nothing
reaches the published warehouse. The suite file is re-read at every run. A run that is not a full
refresh validates the row-level expectations of a per-document table on the rows of the documents
it changed, and the table's row counts and uniqueness whole (quality/scope.py); the check's
metadata and the run's report say which.
"""

import dagster as dg

from orchestration.quality.gx_runner import validate_suite
from orchestration.quality.report import checks_dir, data_docs_dir, write_json
from orchestration.quality.suites import SuiteFile, load_suite_files, read_suite_file
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS


def _suite_check(file: SuiteFile) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(file.asset),
        name=file.name,
        blocking=True,
        pool=BUILD_POOL,
        op_tags=DUCKDB_STEP_TAGS,
        description=f"Great Expectations suite expectations/{file.path.name} on {file.relation}. "
        + (file.raw.get("meta", {}).get("notes") or ""),
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        settings = warehouse.settings()
        current = read_suite_file(file.path)  # reloaded every run: edits apply without a restart
        outcome = validate_suite(settings.build_db, current, data_docs_dir(settings, context.run.run_id))
        record = {**outcome.to_json(), "message": outcome.message()}
        write_json(checks_dir(settings, context.run.run_id) / f"{current.name}.json", record)
        failed = {
            f"{e.type}({e.column or ''})": e.unexpected_sample[:5] or e.observed for e in outcome.failures()
        }
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description=outcome.message()[:2000],
            metadata={
                "relation": current.relation,
                "scope": outcome.scope,  # "whole table" or "changed documents"
                "scope_detail": outcome.scope_detail,
                "rows": outcome.rows,
                "expectations_loaded": outcome.n_expectations,
                "expectations_in_file": outcome.n_expectations_in_file,
                "failed": outcome.n_failed,
                "failures": dg.MetadataValue.json(failed),
                "dropped_by_gx": dg.MetadataValue.json(outcome.dropped),
            },
        )

    return _check


SUITE_CHECKS = [_suite_check(f) for f in load_suite_files()]
