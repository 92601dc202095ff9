"""dbt layer: staging views, intermediate logic and the marts, built into the run's database."""

import contextlib
import os
import sys

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration import fingerprint
from orchestration.dbt_resources import LayeredTranslator, dbt_project, test_results
from orchestration.quality.report import run_dir, write_json
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS
from orchestration.warehouse import connect, ensure_build

# With the same code as the served warehouse (no full refresh), these are what the build database
# copied from it already holds: the seeds' tables, the views' definitions, and unit tests that
# read fixtures, not documents. Rebuilding them was half of dbt's time on every incremental run.
UNCHANGED_WITH_THE_CODE = ("resource_type:seed", "resource_type:unit_test", "config.materialized:view")


def build_args(context: dg.AssetExecutionContext, *, whole: bool) -> list[str]:
    """The `dbt build` of this run. Every data test runs on every run, the views' included: dbt's
    default (eager) indirect selection drops the tests of excluded nodes, so the incremental build
    selects tests directly (indirect selection "empty": every node is selected by `fqn:*`, then
    the excluded ones are taken out, their tests kept)."""
    if whole:
        return ["build", "--full-refresh"]
    everything = (
        context.selected_asset_keys == context.assets_def.keys
        and context.selected_asset_check_keys == context.assets_def.check_keys
    )
    if not everything:  # an operator's subset: built as dagster-dbt selects it, nothing left out
        return ["build"]
    return ["build", "--exclude", " ".join(UNCHANGED_WITH_THE_CODE), "--indirect-selection", "empty"]


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=LayeredTranslator(),
    pool=BUILD_POOL,
    op_tags=DUCKDB_STEP_TAGS,
)
def warehouse_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` (seeds, models, contracts and tests) against the build database. A failing test
    of error severity or a broken contract fails the step, so nothing downstream (the publish) runs;
    the results go to the run's DQ report either way."""
    settings = warehouse.settings()
    build = ensure_build(settings)
    with connect(build, read_only=True) as con:
        whole = fingerprint.full_refresh(con)
    context.log.info(
        "rebuilt whole (first build, or new models/reference data)"
        if whole
        else "incremental marts: changed documents only; seeds, views and unit tests kept (same code), every data test run"
    )
    os.environ["ICTWH_DB_PATH"] = str(build)
    # One target folder per warehouse home, kept between runs: dbt finds its partial_parse.msgpack
    # there and re-parses only what changed (the profile, which names the home's build database,
    # is the same at every run of a home, so dbt keeps its parse).
    invocation = dbt.cli(
        build_args(context, whole=whole),
        context=context,
        raise_on_error=False,
        target_path=settings.dbt_target_dir,
    )
    log_path = run_dir(settings, context.run_id) / "dbt.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # dagster-dbt echoes dbt's log to stdout; from the command line it goes to the run's folder
    to_file = os.environ.get("ICTWH_DBT_LOG_TO_FILE") == "1"
    with (
        open(log_path, "w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log if to_file else sys.stdout),
    ):
        yield from invocation.stream()
    results = test_results(invocation.get_artifact("run_results.json"))
    write_json(run_dir(settings, context.run_id) / "dbt.json", results)
    if not invocation.is_successful():
        raise dg.Failure(
            description="dbt build failed: " + "; ".join(results["failed"][:20]),
            metadata={"failed": dg.MetadataValue.json(results["failed"])},
        )
