"""The one Definitions object of the code location `orchestration.definitions:defs`."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.assets.extract import extracted_records
from orchestration.assets.ingest import raw_documents
from orchestration.assets.publish import published_warehouse
from orchestration.assets.quality import SUITE_CHECKS
from orchestration.automation import build_automation
from orchestration.dbt_resources import DBT_EXECUTABLE, dbt_project
from orchestration.progress import progress_logger
from orchestration.resources import WarehouseResource

ALL_ASSETS = [raw_documents, extracted_records, warehouse_dbt_models, published_warehouse]

build_warehouse_job = dg.define_asset_job(
    name="build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest the documents folder, extract, build the marts, check and publish.",
    # One process: DuckDB has one writer per file, and every step opens the build database in turn.
    executor_def=dg.in_process_executor,
    # with dagster.yaml's run queue limit on this tag, a second triggered run waits in the queue
    tags={"ict_warehouse/build": "warehouse"},
)

daily_schedule, documents_sensor = build_automation(build_warehouse_job)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=SUITE_CHECKS,
    loggers={"console": dg.colored_console_logger, "progress": progress_logger},
    jobs=[build_warehouse_job],
    schedules=[daily_schedule],
    sensors=[documents_sensor],
    resources={
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
    },
)
