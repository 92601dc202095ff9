"""Publish layer: promote the checked build database to the served one."""

import dagster as dg

from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect, publish


@dg.asset(
    deps=[dg.AssetKey(["staging", "stg_corpus__documents"])],
    group_name="publish",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    pool="duckdb_writer",
    description="Atomically replaces the served warehouse.duckdb with the run's build database.",
)
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings()
    served = publish(settings)
    with connect(served, read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1"
        ).fetchall()
    return dg.MaterializeResult(
        metadata={"served_database": str(served), "tables": len(tables), "size_bytes": served.stat().st_size}
    )
