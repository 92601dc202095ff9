"""The two jobs every trigger chooses between (see orchestration/partitions.py), and how they run.

In process (the default): one process, every step in turn, extraction on every core through a
local pool. Multiprocess (ICTWH_EXECUTOR=multiprocess, for a deployment that outgrows that): each
step in its own process, the extraction shards side by side, and the steps that open the DuckDB
build database one at a time (their tag, limit 1). Dagster's Celery and Kubernetes executors run the
same steps the same way; their configuration is the deployment's (README, "Production").
"""

from __future__ import annotations

import dagster as dg

from orchestration.parallel_extract import default_workers
from orchestration.partitions import BUILD_JOB, REFRESH_JOB
from orchestration.settings import DUCKDB_STEP_TAGS, executor_name

_EXTRACTION = dg.AssetSelection.assets("document_extractions")


def _executor() -> dg.ExecutorDefinition:
    if executor_name() == "in_process":
        return dg.in_process_executor
    [(key, value)] = DUCKDB_STEP_TAGS.items()
    return dg.multiprocess_executor.configured(
        {
            "max_concurrent": default_workers(),
            "tag_concurrency_limits": [{"key": key, "value": value, "limit": 1}],
            # steps start from a server that imported the code location once, not from scratch
            "start_method": {
                "forkserver": {"preload_modules": ["orchestration.definitions", "great_expectations"]}
            },
        }
    )


# With dagster.yaml's run queue limit on the tag, a second triggered run waits in the queue.
_RUN = {"executor_def": _executor(), "tags": {"ict_warehouse/build": "warehouse"}}

build_warehouse_job = dg.define_asset_job(
    name=BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description=(
        "Ingest the documents folder, extract the run's batch of documents, build the marts, "
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


def build_job() -> dg.JobDefinition:
    """The resolved build job, for dg.reconstructable: a multiprocess run re-creates it in each step."""
    from orchestration.definitions import defs

    return defs.resolve_job_def(BUILD_JOB)


def refresh_job() -> dg.JobDefinition:
    from orchestration.definitions import defs

    return defs.resolve_job_def(REFRESH_JOB)
