"""Publish layer: promote the checked build database to the served one, with its DQ report."""

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.exports import export_marts
from orchestration.locking import release
from orchestration.quality.gx_runner import build_data_docs
from orchestration.quality.report import data_docs_dir, write_history, write_report
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL
from orchestration.warehouse import connect, publish


@dg.asset(
    deps=[warehouse_dbt_models],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "Runs only when every blocking check upstream passed: writes the run's data-quality report and "
        "history (dq schema), atomically replaces the served warehouse.duckdb with the build database, "
        "and exports every mart to Parquet."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    build_data_docs(data_docs_dir(settings, context.run_id))
    summary_path = write_report(settings, context.run_id, status="published")
    with connect(settings.build_db) as con:
        write_history(con, settings)
    served = publish(settings)
    release(context.run_id)  # the served file is in place: the next build may start
    exported = export_marts(served, settings.exports_dir, fmt="parquet")
    return dg.MaterializeResult(
        metadata={
            "served_database": str(served),
            "size_bytes": served.stat().st_size,
            "report": str(summary_path.with_name("index.html")),
            "exported_marts": len(exported),
        }
    )
