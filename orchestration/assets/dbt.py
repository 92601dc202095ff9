"""dbt layer: staging views, intermediate logic and the marts, built into the run's database."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_resources import LayeredTranslator, dbt_project
from orchestration.resources import WarehouseResource
from orchestration.warehouse import ensure_build


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=LayeredTranslator(),
    pool="duckdb_writer",
)
def warehouse_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` (seeds, models and their tests) against the build database; a failing test of
    error severity fails the step, so nothing downstream (the publish) runs."""
    os.environ["ICTWH_DB_PATH"] = str(ensure_build(warehouse.settings()))
    yield from dbt.cli(["build"], context=context).stream()
