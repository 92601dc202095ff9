"""Publish layer: promote the checked build database to the served one, with its DQ report."""

import dagster as dg
import duckdb

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.exports import export_marts
from orchestration.locking import release
from orchestration.quality.gx_runner import build_data_docs
from orchestration.quality.report import build_summary, data_docs_dir, write_history, write_summary
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS
from orchestration.warehouse import connect, publish

# The marts, not every dbt asset: an incremental run keeps the views and seeds the same code built
# (orchestration/assets/dbt.py), and a dependency on an asset a run does not materialise would
# skip the publish. The views' data tests still run, and a failed one fails the dbt step.
MARTS = [key for key in warehouse_dbt_models.keys if key.path[0] == "marts"]


@dg.asset(
    deps=MARTS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    op_tags=DUCKDB_STEP_TAGS,
    description=(
        "Runs only when every blocking check upstream passed: records the run in the build's history "
        "(dq schema), atomically replaces the served warehouse.duckdb with the build database, then "
        "writes the run's data-quality report (status published: only once it is true) and exports "
        "every mart to Parquet."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    build_data_docs(data_docs_dir(settings, context.run_id))
    # The summary is made now, for the history inside the file being published (that row is true
    # exactly when the file is served), and written to reports/ only after the replace: a failed
    # or killed publish never leaves a report that says `published`.
    summary = build_summary(
        settings, context.run_id, status="published", started_at=None, failures=[], db_path=settings.build_db
    )
    with connect(settings.build_db) as con:
        write_history(con, settings, current=summary)
    served = publish(settings)  # raises, with the partial copy removed, when it cannot replace
    metadata: dict[str, object] = {"served_database": str(served), "size_bytes": served.stat().st_size}
    # From here the run has published: what follows may fail without making that untrue.
    try:
        summary_path = write_summary(settings, context.run_id, summary)
        metadata["report"] = str(summary_path.with_name("index.html"))
    except OSError as exc:
        context.log.error(f"published, but the data-quality report could not be written: {exc}")
        metadata["report"] = f"not written: {exc}"
    release(context.run_id)  # the served file is in place: the next build may start
    try:
        metadata["exported_marts"] = len(export_marts(served, settings.exports_dir, fmt="parquet"))
    except (OSError, duckdb.Error) as exc:
        context.log.error(f"published, but the Parquet export failed: {exc}")
        metadata["exported_marts"] = f"export failed: {exc}"
    return dg.MaterializeResult(metadata=metadata)
