"""Extract layer: the run's batch of documents (a partition), then the raw record tables as a whole."""

import warnings

import dagster as dg

from orchestration import fingerprint
from orchestration.locking import acquire
from orchestration.partitions import BATCH_PARTITIONS
from orchestration.raw_load import (
    extract_documents,
    pending_extractions,
    record_changes,
    settle_records,
)
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL
from orchestration.warehouse import connect, ensure_build

# single-run backfills are what we want (one DuckDB writer); Dagster still labels the option beta
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


@dg.asset(
    deps=["raw_documents"],
    partitions_def=BATCH_PARTITIONS,
    # one step: one DuckDB writer (the extraction itself runs on every core)
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="extract",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "One partition per extraction batch (the documents a trigger found new, or read by an older "
        "extractor, named after its first file): runs every such document's pure extractors on "
        "every core and replaces its rows in the raw.<record type> tables and raw.extractions (line "
        "coverage, extractor version, batch) of the run's build database. The materialisation "
        "lists the batch's files; `ict-warehouse where <file>` names a document's batch."
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
        batch = context.partition_keys[-1]
        summary = extract_documents(con, pending_extractions(con), batch=batch)
        record_changes(con, "extracted", summary.extracted, context.run_id)
        files = dict(
            con.execute(
                "SELECT doc_id, file_name FROM raw.documents WHERE doc_id IN (SELECT unnest(?))",
                [summary.extracted],
            ).fetchall()
        )
    for doc_id, error in summary.errors.items():
        context.log.error(f"extractor failed on {doc_id}: {error}")
    return dg.MaterializeResult(
        metadata={
            "extracted": len(summary.extracted),
            "records": sum(summary.records_by_type.values()),
            "records_by_type": dg.MetadataValue.json(summary.records_by_type),
            "files": dg.MetadataValue.md(_files_table(files, summary)),
            "documents_without_records": dg.MetadataValue.json(summary.no_records),
            "extractor_errors": dg.MetadataValue.json(summary.errors),
        }
    )


_LISTED_FILES = 500  # in the materialisation; `ict-warehouse where` answers for any file


def _files_table(files: dict[str, str], summary) -> str:
    """The batch's files, searchable in the UI's materialisation view."""
    rows = sorted((name, doc_id) for doc_id, name in files.items())
    lines = ["| file | doc_id | result |", "|---|---|---|"]
    for name, doc_id in rows[:_LISTED_FILES]:
        result = summary.errors.get(doc_id) or summary.no_records.get(doc_id) or "extracted"
        lines.append(f"| `{name}` | `{doc_id[:12]}` | {result[:80]} |")
    if len(rows) > _LISTED_FILES:
        lines.append(f"\n{len(rows) - _LISTED_FILES:,} more: `ict-warehouse where <file name>`")
    return "\n".join(lines)


@dg.asset(
    deps=["raw_documents", document_extractions],  # both: a refresh run has no extraction step
    group_name="extract",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "The raw record tables as a whole, over every batch: retires the records of "
        "documents that left the folder and names the documents still waiting for an extraction "
        "(they publish nothing until a run extracts them). The raw-table suites check this asset."
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
