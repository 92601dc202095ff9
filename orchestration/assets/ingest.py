"""Ingest layer: the documents folder -> raw.documents and raw.rejected_documents."""

import dagster as dg

from orchestration.ingest.documents import ingest_folder
from orchestration.raw_load import load_documents
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL
from orchestration.warehouse import connect, start_build


@dg.asset(
    group_name="ingest",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    description=(
        "Starts the run's build database (a copy of the served one) and makes raw.documents hold "
        "exactly the documents of the documents folder: decoded (UTF-8/UTF-16/CP949), NFC, deduplicated "
        "by content hash, with sidecar or inferred metadata. Refused files go to raw.rejected_documents "
        "with their reason."
    ),
)
def raw_documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings()
    if not settings.documents_dir.is_dir():
        # An absent folder must not look like an empty corpus: that would retire every document.
        raise dg.Failure(f"documents folder not found: {settings.documents_dir}")
    docs, rejects = ingest_folder(settings.documents_dir, max_bytes=settings.max_document_bytes)
    build = start_build(settings)
    with connect(build) as con:
        summary = load_documents(con, docs, rejects)
    for r in rejects:
        context.log.warning(f"rejected {r.file_name}: {r.reason}")
    return dg.MaterializeResult(
        metadata={
            "documents": summary.documents,
            "added": len(summary.added),
            "removed": len(summary.removed),
            "metadata_updated": summary.updated_metadata,
            "rejected": len(rejects),
            "rejects": dg.MetadataValue.md(
                "\n".join(f"- `{r.file_name}`: {r.reason}" for r in rejects) or "none"
            ),
            "build_database": str(build),
        }
    )
