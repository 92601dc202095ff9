"""The one Definitions object of the code location `orchestration.definitions:defs`."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_dbt_models
from orchestration.assets.extract import document_extractions, extracted_records
from orchestration.assets.ingest import raw_documents
from orchestration.assets.publish import published_warehouse
from orchestration.assets.quality import SUITE_CHECKS
from orchestration.automation import build_automation
from orchestration.dbt_resources import DBT_EXECUTABLE, WarehouseDbtCliResource, dbt_project
from orchestration.jobs import JOBS, build_warehouse_job, refresh_warehouse_job
from orchestration.progress import progress_logger
from orchestration.resources import WarehouseResource

ALL_ASSETS = [
    raw_documents,
    document_extractions,
    extracted_records,
    warehouse_dbt_models,
    published_warehouse,
]

daily_schedule, documents_sensor = build_automation(build_warehouse_job, refresh_warehouse_job)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=SUITE_CHECKS,
    loggers={"console": dg.colored_console_logger, "progress": progress_logger},
    jobs=JOBS,
    schedules=[daily_schedule],
    sensors=[documents_sensor],
    resources={
        "warehouse": WarehouseResource(),
        "dbt": WarehouseDbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
    },
)
