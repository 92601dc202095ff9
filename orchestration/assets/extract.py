"""Extract layer: one partition per document, then the raw record tables as a whole."""

import warnings

import dagster as dg

from orchestration import fingerprint
from orchestration.locking import acquire
from orchestration.partitions import DOCUMENT_PARTITIONS
from orchestration.raw_load import extract_documents, record_changes, settle_records
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL
from orchestration.warehouse import connect, ensure_build

# single-run backfills are what we want (one DuckDB writer); Dagster still labels the option beta
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


@dg.asset(
    deps=["raw_documents"],
    partitions_def=DOCUMENT_PARTITIONS,
    # the run's documents are extracted in one step: one process, one DuckDB writer
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="extract",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "One partition per document (doc_id): runs the document's pure extractor (news or "
        "work_report) and replaces its rows in the raw.<record type> tables and raw.extractions "
        "(line coverage, extractor version) of the run's build database. A run extracts only the "
        "partitions it targets: new documents, or those read by an older extractor."
    ),
)
def document_extractions(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    acquire(settings, context.run_id, on_wait=context.log.warning)  # already held after raw_documents
    build = ensure_build(settings)
    with connect(build) as con:
        if fingerprint.build_run_id(con) != context.run_id:
            # a build database left by another run (or none ingested by this one) must not be touched
            raise dg.Failure(
                "document_extractions writes into the build database raw_documents started in the same "
                "run: launch the build_warehouse job for these partitions instead of this asset alone"
            )
        summary = extract_documents(con, list(context.partition_keys))
        record_changes(con, "extracted", summary.extracted, context.run_id)
    for doc_id, error in summary.errors.items():
        context.log.error(f"extractor failed on {doc_id}: {error}")
    if summary.missing:
        context.log.warning(f"{len(summary.missing)} partitions are not in the documents folder any more")
    return dg.MaterializeResult(
        metadata={
            "extracted": len(summary.extracted),
            "not_in_folder": len(summary.missing),
            "records": sum(summary.records_by_type.values()),
            "records_by_type": dg.MetadataValue.json(summary.records_by_type),
            "documents_without_records": dg.MetadataValue.json(summary.no_records),
            "extractor_errors": dg.MetadataValue.json(summary.errors),
        }
    )


@dg.asset(
    deps=["raw_documents", document_extractions],  # both: a refresh run has no extraction step
    group_name="extract",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "The raw record tables as a whole, over every document partition: retires the records of "
        "documents that left the folder and names the documents still waiting for an extraction "
        "(they publish nothing until their partition runs). The raw-table suites check this asset."
    ),
)
def extracted_records(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    with connect(ensure_build(settings)) as con:
        summary = settle_records(con)
    if summary.pending:
        context.log.warning(
            f"{len(summary.pending)} documents await extraction in a later run: {summary.pending[:10]}"
        )
    return dg.MaterializeResult(
        metadata={
            "retired": len(summary.retired),
            "awaiting_extraction": dg.MetadataValue.json(summary.pending),
            "rows_by_table": dg.MetadataValue.json(summary.rows_by_table),
            "records": sum(summary.rows_by_table.values()),
        }
    )
