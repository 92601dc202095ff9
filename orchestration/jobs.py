"""The two jobs every trigger chooses between (see orchestration/partitions.py)."""

from __future__ import annotations

import dagster as dg

from orchestration.partitions import BUILD_JOB, REFRESH_JOB

_EXTRACTION = dg.AssetSelection.assets("document_extractions")
# One process: DuckDB has one writer per file, and every step opens the build database in turn.
# With dagster.yaml's run queue limit on the tag, a second triggered run waits in the queue.
_RUN = {"executor_def": dg.in_process_executor, "tags": {"ict_warehouse/build": "warehouse"}}

build_warehouse_job = dg.define_asset_job(
    name=BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description=(
        "Ingest the documents folder, extract the run's document partitions, build the marts, "
        "check and publish."
    ),
    **_RUN,
)

refresh_warehouse_job = dg.define_asset_job(
    name=REFRESH_JOB,
    selection=dg.AssetSelection.all() - _EXTRACTION,
    description=(
        "Everything but extraction, for runs with no document to extract: removed files, edited "
        "sidecars, new reference data or models, and the daily check that nothing changed."
    ),
    **_RUN,
)

JOBS = [build_warehouse_job, refresh_warehouse_job]
