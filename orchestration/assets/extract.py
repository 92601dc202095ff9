"""Extract layer: the run's batch of documents (a partition), then the raw record tables as a whole.

Extraction is a graph of three steps, so that it fans out wherever Dagster runs steps apart: the
batch's documents are cut into shards (read from the build database, written to files beside it),
each shard is read by the pure extractors in a step of its own (no database: under the
multiprocess, Celery or Kubernetes executors they run side by side), and one step loads what they
found (the one DuckDB writer). In the default in-process run there is one shard, read on every core.
"""

import os
import pickle
import shutil
import warnings
from pathlib import Path

import dagster as dg

from orchestration import fingerprint
from orchestration.locking import acquire
from orchestration.parallel_extract import default_workers, extract_rows, shard_rows
from orchestration.partitions import BATCH_PARTITIONS
from orchestration.raw_load import (
    document_rows,
    pending_extractions,
    record_changes,
    settle_records,
    store_extractions,
)
from orchestration.resources import WarehouseResource
from orchestration.settings import BUILD_POOL, DUCKDB_STEP_TAGS, SHARDS_ENV, executor_name
from orchestration.warehouse import connect, ensure_build

# single-run backfills are what we want (one DuckDB writer); Dagster still labels the option beta
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def _shard_count() -> tuple[int, int]:
    """(shards, worker processes per shard): one shard on every core in one process; in a
    multiprocess run, one shard per core (ICTWH_EXTRACT_SHARDS), each on one."""
    if executor_name() == "in_process":
        return 1, default_workers()
    configured = os.environ.get(SHARDS_ENV, "").strip()
    return (max(1, int(configured)) if configured else default_workers()), 1


def _write(path: Path, obj: object) -> Path:
    """Our own files, read back by the same code in the same run (never input from outside)."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return path


def _read(path: str) -> dict:
    with open(path, "rb") as f:
        return pickle.load(f)


@dg.op(
    ins={"after": dg.In(dg.Nothing)},
    out=dg.DynamicOut(str),
    pool=BUILD_POOL,
    tags=DUCKDB_STEP_TAGS,
    description="The batch's documents (every one with no extraction by its kind's current "
    "extractor) cut into shards of about equal text, written beside the build database.",
)
def extraction_shards(context: dg.OpExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    acquire(settings, context.run_id, on_wait=context.log.warning)  # already held after raw_documents
    with connect(ensure_build(settings), read_only=True) as con:
        if fingerprint.build_run_id(con) != context.run_id:
            # a build database left by another run (or none ingested by this one) must not be touched
            raise dg.Failure(
                "document_extractions writes into the build database raw_documents started in the same "
                "run: launch the build_warehouse job for this batch instead of this asset alone"
            )
        rows = document_rows(con, pending_extractions(con))
    shards, workers = _shard_count()
    folder = settings.shards_dir / context.run_id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # always one shard at least: the loading step then materialises the batch even when empty
    for i, part in enumerate(shard_rows(rows, shards) or [[]]):
        path = _write(folder / f"shard_{i}.pickle", {"rows": part, "workers": workers})
        yield dg.DynamicOutput(str(path), mapping_key=f"shard_{i}")


@dg.op(
    out=dg.Out(str),
    description="One shard's documents read by the pure extractors (no database is opened).",
)
def extract_shard(context: dg.OpExecutionContext, shard: str) -> str:
    todo = _read(shard)
    results = list(extract_rows(todo["rows"], workers=todo["workers"]))
    context.log.info(f"{len(results)} documents extracted in process {os.getpid()}")
    doc_ids = [row[0] for row in todo["rows"]]
    return str(_write(Path(shard).with_suffix(".result"), {"doc_ids": doc_ids, "results": results}))


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


@dg.op(
    out=dg.Out(dg.Nothing),
    pool=BUILD_POOL,
    tags=DUCKDB_STEP_TAGS,
    description="The shards' records into the raw tables of the build database (the one writer).",
)
def load_extractions(context: dg.OpExecutionContext, warehouse: WarehouseResource, results: list[str]):
    settings = warehouse.settings()
    parts = [_read(path) for path in results]
    doc_ids = [d for part in parts for d in part["doc_ids"]]
    found = [r for part in parts for r in part["results"]]
    batch = context.partition_keys[-1]
    with connect(ensure_build(settings)) as con:
        summary = store_extractions(con, doc_ids, found, batch=batch)
        record_changes(con, "extracted", summary.extracted, context.run_id)
        files = dict(
            con.execute(
                "SELECT doc_id, file_name FROM raw.documents WHERE doc_id IN (SELECT unnest(?))",
                [summary.extracted],
            ).fetchall()
        )
    shutil.rmtree(settings.shards_dir / context.run_id, ignore_errors=True)
    for doc_id, error in summary.errors.items():
        context.log.error(f"extractor failed on {doc_id}: {error}")
    context.add_output_metadata(
        {
            "extracted": len(summary.extracted),
            "shards": len(results),
            "records": sum(summary.records_by_type.values()),
            "records_by_type": dg.MetadataValue.json(summary.records_by_type),
            "files": dg.MetadataValue.md(_files_table(files, summary)),
            "documents_without_records": dg.MetadataValue.json(summary.no_records),
            "extractor_errors": dg.MetadataValue.json(summary.errors),
        }
    )


@dg.graph_asset(
    ins={"raw_documents": dg.AssetIn(dagster_type=dg.Nothing)},
    partitions_def=BATCH_PARTITIONS,
    # one run extracts its batch (one DuckDB writer loads it), however the shards are spread
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="extract",
    kinds={"python", "duckdb"},
    owners=["team:data-engineering"],
    description=(
        "One partition per extraction batch (the documents a trigger found new, or read by an older "
        "extractor, named after its first file): every such document is read by its pure extractors, "
        "in shards that fan out over the run's executor, and its rows replace the old ones in the "
        "raw.<record type> tables and raw.extractions (line coverage, extractor version, batch) of "
        "the run's build database. The materialisation lists the batch's files; "
        "`ict-warehouse where <file>` names a document's batch."
    ),
)
def document_extractions(raw_documents):
    return load_extractions(extraction_shards(after=raw_documents).map(extract_shard).collect())


@dg.asset(
    deps=["raw_documents", document_extractions],  # both: a refresh run has no extraction step
    group_name="extract",
    kinds={"duckdb"},
    owners=["team:data-engineering"],
    pool=BUILD_POOL,
    op_tags=DUCKDB_STEP_TAGS,
    description=(
        "The raw record tables as a whole, over every batch: retires the records of documents "
        "that left the folder and names the documents still waiting for an extraction (they "
        "publish nothing until a run extracts them). The raw-table suites check this asset."
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
