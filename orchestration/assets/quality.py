"""Quality layer: one blocking asset check per Great Expectations suite file.

A failed check of error severity stops every asset downstream of the one it checks, so nothing
reaches the published warehouse. The suite file is re-read at every run. A run that is not a full
refresh validates the row-level expectations of a per-document table on the rows of the documents
it changed, those of another table on its rows the served warehouse lacks, and the table's row
counts and uniqueness whole (quality/scope.py); the check's metadata and the run's report say which.

The checks of the assets one step writes are evaluated together, in one step per writer (the raw
documents, the raw record tables, the marts): each suite stays one check in the UI, but a run pays
Dagster's cost of a step (its events and bookkeeping) three times instead of once per suite.
"""

from collections import defaultdict

import dagster as dg

from orchestration.quality.gx_runner import validate_suite
from orchestration.quality.report import checks_dir, data_docs_dir, write_json
from orchestration.quality.suites import SuiteFile, load_suite_files, read_suite_file
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS


def _result(file: SuiteFile, settings, run_id: str) -> dg.AssetCheckResult:
    current = read_suite_file(file.path)  # reloaded every run: edits apply without a restart
    outcome = validate_suite(
        settings.build_db, current, data_docs_dir(settings, run_id), served_db=settings.served_db
    )
    record = {**outcome.to_json(), "message": outcome.message()}
    write_json(checks_dir(settings, run_id) / f"{current.name}.json", record)
    failed = {
        f"{e.type}({e.column or ''})": e.unexpected_sample[:5] or e.observed for e in outcome.failures()
    }
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(file.asset),
        check_name=file.name,
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=outcome.message()[:2000],
        metadata={
            "relation": current.relation,
            "scope": outcome.scope,  # "whole table", "changed documents" or "changed rows"
            "scope_detail": outcome.scope_detail,
            "rows": outcome.rows,
            "expectations_loaded": outcome.n_expectations,
            "expectations_in_file": outcome.n_expectations_in_file,
            "failed": outcome.n_failed,
            "failures": dg.MetadataValue.json(failed),
            "dropped_by_gx": dg.MetadataValue.json(outcome.dropped),
        },
    )


def _writer(file: SuiteFile) -> str:
    """The step that writes the suite's asset: the marts are all written by dbt's one step."""
    return file.asset[0] if file.asset[0] == "marts" else "_".join(file.asset)


def _suite_checks(name: str, files: list[SuiteFile]) -> dg.AssetChecksDefinition:
    @dg.multi_asset_check(
        name=f"{name}_suites",
        specs=[
            dg.AssetCheckSpec(
                file.name,
                asset=dg.AssetKey(file.asset),
                blocking=True,
                description=f"Great Expectations suite expectations/{file.path.name} on {file.relation}. "
                + (file.raw.get("meta", {}).get("notes") or ""),
            )
            for file in files
        ],
        pool=BUILD_POOL,
        op_tags=DUCKDB_STEP_TAGS,
        description=f"The Great Expectations suites of {name}, one blocking check each.",
    )
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        for file in files:
            yield _result(file, settings, context.run.run_id)

    return _checks


def _grouped(files: list[SuiteFile]) -> dict[str, list[SuiteFile]]:
    groups: dict[str, list[SuiteFile]] = defaultdict(list)
    for file in files:
        groups[_writer(file)].append(file)
    return dict(groups)


SUITE_CHECKS = [_suite_checks(name, files) for name, files in _grouped(load_suite_files()).items()]
