"""Extract layer: raw.documents -> one raw table per record type, only for new documents."""

import dagster as dg

from orchestration.raw_load import extract_pending
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL
from orchestration.warehouse import connect, ensure_build


@dg.asset(
    deps=["raw_documents"],
    group_name="extract",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "Runs the pure extractors (news, work_report) over documents that are new or were read by an "
        "older extractor version, writes raw.<record type> tables with provenance, and retires the "
        "records of documents that left the folder. raw.extractions keeps each document's line coverage."
    ),
)
def extracted_records(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    with connect(ensure_build(settings)) as con:
        summary = extract_pending(con)
    for doc_id, error in summary.errors.items():
        context.log.error(f"extractor failed on {doc_id}: {error}")
    return dg.MaterializeResult(
        metadata={
            "extracted": len(summary.extracted),
            "reused": summary.reused,
            "retired": len(summary.retired),
            "records": sum(summary.records_by_type.values()),
            "records_by_type": dg.MetadataValue.json(summary.records_by_type),
            "documents_without_records": dg.MetadataValue.json(summary.no_records),
            "extractor_errors": dg.MetadataValue.json(summary.errors),
        }
    )
