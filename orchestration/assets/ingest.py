"""Ingest layer: the documents folder -> raw.documents and raw.rejected_documents."""

from collections.abc import Iterator

import dagster as dg

from orchestration import fingerprint, partitions, raw_load
from orchestration.ingest.documents import ingest_folder
from orchestration.ingest.index import FolderIndex
from orchestration.locking import acquire, release
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS
from orchestration.warehouse import connect, start_build


def _forget_unused_batches(context: dg.AssetExecutionContext) -> None:
    """A run that stops here (a concurrent build already did the work) leaves no batch partition
    behind that nothing will ever extract; one the other build materialised stays."""
    for key in partitions.run_batches(context.run.tags):
        done = context.instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey("document_extractions"), asset_partitions=[key]),
            limit=1,
        ).records
        if not done:
            context.instance.delete_dynamic_partition(partitions.PARTITIONS_NAME, key)


@dg.asset(
    group_name="ingest",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    op_tags=DUCKDB_STEP_TAGS,
    output_required=False,
    description=(
        "Takes the home's build lock, then makes raw.documents of a fresh build database (a copy of "
        "the served one) hold exactly the documents of the documents folder: decoded "
        "(UTF-8/UTF-16/CP949), NFC, deduplicated by content hash, with sidecar or inferred metadata. "
        "Refused files go to raw.rejected_documents with their reason. When nothing changed since the served "
        "warehouse (same fingerprint), it materialises nothing and the run stops here."
    ),
)
def raw_documents(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    settings = warehouse.settings()
    if not settings.documents_dir.is_dir():
        # An absent folder must not look like an empty corpus: that would retire every document.
        raise dg.Failure(f"documents folder not found: {settings.documents_dir}")
    acquire(settings, context.run_id, on_wait=context.log.warning)
    versions = raw_load.extractor_versions()
    quick_fp = fingerprint.quick(settings.documents_dir, versions)  # taken before reading: a file
    # changed during the run then differs from what is recorded, and the next run rebuilds
    if not warehouse.force and quick_fp == fingerprint.served_fingerprint(
        settings.served_db, "quick_fingerprint"
    ):
        context.log.info(
            "the documents folder's files are those the served warehouse was built from: nothing to build"
        )
        release(context.run_id)
        _forget_unused_batches(context)
        return
    # unchanged files whose text the served warehouse stores are not read again
    docs, rejects = ingest_folder(
        settings.documents_dir,
        max_bytes=settings.max_document_bytes,
        index=FolderIndex(settings.home / partitions.INDEX_FILE),
        stored=partitions.served_documents(settings.served_db),
    )
    fp = fingerprint.compute(docs, rejects, versions)
    if not warehouse.force and fp == fingerprint.served_fingerprint(settings.served_db):
        context.log.info(
            f"nothing changed since the served warehouse (fingerprint {fp[:12]}): nothing to build"
        )
        release(context.run_id)
        _forget_unused_batches(context)
        return
    # a run with a batch extracts every document waiting at its extraction step; a refresh run has none
    extracts = bool(partitions.run_batches(context.run.tags))
    code = fingerprint.code_digest()
    # new models, reference data or suites rebuild the incremental marts whole
    full_refresh = warehouse.force or code != fingerprint.served_fingerprint(
        settings.served_db, "code_digest"
    )
    try:
        build = start_build(settings)
        with connect(build) as con:
            summary = raw_load.load_documents(con, docs, rejects)
            for change, doc_ids in (
                ("added", summary.added),
                ("removed", summary.removed),
                ("metadata", summary.updated_metadata),
            ):
                raw_load.record_changes(con, change, doc_ids, context.run_id)
            # documents a refresh run does not extract (a file that arrived after it was planned)
            # publish nothing yet; an unfinished fingerprint makes the next run pick them up
            waiting = [] if extracts else raw_load.pending_extractions(con, versions=versions)
            done = not waiting
            fingerprint.record(
                con,
                fp if done else f"unfinished:{fp}",
                quick_fp if done else "unfinished",
                context.run_id,
                code=code,
                full_refresh=full_refresh,
            )
    except OSError as exc:  # a full disk or a file system hiccup: try again, with a growing pause
        release(context.run_id)
        raise dg.RetryRequested(max_retries=2, seconds_to_wait=5 * (context.retry_number + 1)) from exc
    for r in rejects:
        context.log.warning(f"rejected {r.file_name}: {r.reason}")
    if waiting:
        context.log.warning(
            f"{len(waiting)} documents need extraction, which this refresh run does not do: they wait for the next run"
        )
    yield dg.MaterializeResult(
        metadata={
            "documents": summary.documents,
            "added": len(summary.added),
            "removed": len(summary.removed),
            "metadata_updated": len(summary.updated_metadata),
            "rejected": len(rejects),
            "rejects": dg.MetadataValue.md(
                "\n".join(f"- `{r.file_name}`: {r.reason}" for r in rejects) or "none"
            ),
            "awaiting_extraction": len(waiting),
            "build_database": str(build),
            "fingerprint": fp,
            "incremental_marts": "rebuilt whole" if full_refresh else "changed documents only",
        }
    )
