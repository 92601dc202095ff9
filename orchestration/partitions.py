"""Extraction is partitioned by batch: one Dagster dynamic partition per set of documents that a
trigger found in need of extraction, named after its files.

Dagster fixes a run's partitions before the run starts, so every trigger (the command line, the
schedule, the sensor) first plans: which documents the folder holds (from a stat-keyed index, so
only new or edited files are decoded again) and which of them the served warehouse has no current
extraction of. Those documents become one batch, `2026-11-29 06:00:04 KST · budget_2024.hwp` (and
`+ 9,999 more` for a first load), registered as the run's partition; a run with none to extract is
a refresh of the rest of the warehouse.

Why batches and not one partition per document: Dagster writes a planned and a materialised event
per partition into its event log, one transaction each, which cost 340 s of a 10,000-document first
load on SQLite (benchmarks/results.md). The per-document state lives in the warehouse instead:
`raw.extractions` holds each document's extractor version and the batch that extracted it, so an
operator finds a document's partition by its file name (`ict-warehouse where <file>`, or the
batch's materialisation, which lists its files), and the plan re-extracts exactly the documents
whose kind's extractor changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration import raw_load
from orchestration.ingest.documents import Document, ingest_indexed, list_candidate_files
from orchestration.ingest.index import FolderIndex
from orchestration.settings import Settings
from orchestration.warehouse import read_served

PARTITIONS_NAME = "extraction_batches"
BATCH_PARTITIONS = dg.DynamicPartitionsDefinition(name=PARTITIONS_NAME)

BUILD_JOB = "build_warehouse"  # extracts the documents of the run's batch, then everything downstream
REFRESH_JOB = "refresh_warehouse"  # nothing to extract: ingest, retire, dbt, checks, publish

PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

INDEX_FILE = "document_index.json"  # see orchestration/ingest/index.py
_NAME_CHARS = 120  # of the first file's name in a batch key
KST = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class FolderDocument:
    kind: str
    file: str  # its first file, relative to the documents folder


def folder_documents(folder: Path, index_path: Path, *, max_bytes: int) -> dict[str, FolderDocument]:
    """doc_id -> kind and first file of every document of the folder, first file first; only
    files new or edited since the index was written are decoded."""
    index = FolderIndex(index_path)
    documents: dict[str, FolderDocument] = {}
    for path in list_candidate_files(folder):
        name = path.relative_to(folder).as_posix()
        entry = index.lookup(path)
        if entry is not None:
            documents.setdefault(entry["doc_id"], FolderDocument(entry["metadata"]["kind"], name))
            continue
        item = ingest_indexed(path, max_bytes=max_bytes, index=index)
        if isinstance(item, Document):
            documents.setdefault(item.doc_id, FolderDocument(item.metadata.kind, name))
    index.save()
    return documents


def served_extractions(served_db: Path) -> dict[str, str]:
    """doc_id -> 'kind@extractor_version' of every extraction in the served warehouse."""
    return dict(
        read_served(served_db, "SELECT doc_id, kind || '@' || extractor_version FROM raw.extractions")
    )


def served_documents(served_db: Path) -> set[str]:
    """The doc_ids whose text the served warehouse stores."""
    return {r[0] for r in read_served(served_db, "SELECT doc_id FROM raw.documents")}


def batch_key(files: list[str], at: datetime | None = None) -> str:
    """The partition of a batch: when it was planned (Seoul time) and its first file, so the Dagster UI's
    partition search finds a file that arrived on its own, and a first load says how large it is."""
    at = (at or datetime.now(UTC)).astimezone(KST)  # the operators' clock, as the daily schedule's
    first = files[0] if files else "no file"
    if len(first) > _NAME_CHARS:
        first = first[: _NAME_CHARS - 1] + "…"
    more = f" + {len(files) - 1:,} more" if len(files) > 1 else ""
    key = f"{at:%Y-%m-%d %H:%M:%S} KST · {first}{more}"
    # Dagster refuses "..." and control characters in a partition key
    return "".join(c if c.isprintable() else " " for c in key).replace("...", "…")


@dataclass(frozen=True)
class ExtractionPlan:
    documents: dict[str, FolderDocument]  # the folder's documents
    to_extract: list[str]  # new, or read by an older extractor, in folder order

    @property
    def job_name(self) -> str:
        return BUILD_JOB if self.to_extract else REFRESH_JOB

    @property
    def files(self) -> list[str]:
        """The first file of every document to extract."""
        return [self.documents[d].file for d in self.to_extract]

    def batch(self, at: datetime | None = None) -> str | None:
        return batch_key(self.files, at) if self.to_extract else None


def plan_extraction(settings: Settings, versions: dict[str, str] | None = None) -> ExtractionPlan:
    versions = versions or raw_load.extractor_versions()  # looked up at call time (tests swap it)
    documents = folder_documents(
        settings.documents_dir, settings.home / INDEX_FILE, max_bytes=settings.max_document_bytes
    )
    have = served_extractions(settings.served_db)
    to_extract = [
        doc_id
        for doc_id, doc in documents.items()
        if have.get(doc_id) != raw_load.extraction_stamp(doc.kind, versions)
    ]
    return ExtractionPlan(documents=documents, to_extract=to_extract)


def register(instance: dg.DagsterInstance, keys: list[str], *, attempts: int = 5) -> list[str]:
    """Add the partitions Dagster does not know yet, in the given order; returns them.

    Two builds started together may plan the same batch and both add it: the storage's unique key
    refuses the second, which then reads what is known again rather than failing the run.
    """
    from sqlalchemy.exc import IntegrityError

    for attempt in range(attempts):
        known = set(instance.get_dynamic_partitions(PARTITIONS_NAME))
        new = [k for k in dict.fromkeys(keys) if k not in known]
        if not new:
            return []
        try:
            instance.add_dynamic_partitions(PARTITIONS_NAME, new)
            return new
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    return []


def run_batches(tags: dict[str, str]) -> list[str]:
    """The batch partition(s) a run targets, from its tags: one, or the two ends of a range an
    operator launched from the UI."""
    if PARTITION_TAG in tags:
        return [tags[PARTITION_TAG]]
    if RANGE_START_TAG in tags:
        return list(dict.fromkeys([tags[RANGE_START_TAG], tags[RANGE_END_TAG]]))
    return []
