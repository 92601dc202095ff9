"""Extraction is partitioned by document: one Dagster dynamic partition per doc_id.

Dagster fixes a run's partitions before the run starts, while doc_ids are content hashes only
known once a file is decoded. So every trigger (the command line, the schedule, the sensor) first
plans: which documents the folder holds (from a stat-keyed index, so only new or edited files are
decoded again) and which of them the served warehouse has no current extraction of. Those become
the run's partitions; a run with none to extract is a refresh of the rest of the warehouse.

New partitions are appended, so the documents of one plan are contiguous in Dagster's order and a
run addresses them as one partition range (one step, one process, one DuckDB writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration import raw_load
from orchestration.ingest.documents import Document, ingest_indexed, list_candidate_files
from orchestration.ingest.index import FolderIndex
from orchestration.settings import Settings
from orchestration.warehouse import read_served

PARTITIONS_NAME = "documents"
DOCUMENT_PARTITIONS = dg.DynamicPartitionsDefinition(name=PARTITIONS_NAME)

BUILD_JOB = "build_warehouse"  # extracts the run's document partitions, then everything downstream
REFRESH_JOB = "refresh_warehouse"  # nothing to extract: ingest, retire, dbt, checks, publish

PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

INDEX_FILE = "document_index.json"  # see orchestration/ingest/index.py


def folder_documents(folder: Path, index_path: Path, *, max_bytes: int) -> dict[str, str]:
    """doc_id -> kind for every document of the folder, first file first; only files new or
    edited since the index was written are decoded."""
    index = FolderIndex(index_path)
    documents: dict[str, str] = {}
    for path in list_candidate_files(folder):
        entry = index.lookup(path)
        if entry is not None:
            documents.setdefault(entry["doc_id"], entry["metadata"]["kind"])
            continue
        item = ingest_indexed(path, max_bytes=max_bytes, index=index)
        if isinstance(item, Document):
            documents.setdefault(item.doc_id, item.metadata.kind)
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


@dataclass(frozen=True)
class ExtractionPlan:
    documents: dict[str, str]  # doc_id -> kind, the folder's documents
    to_extract: list[str]  # new, or read by an older extractor, in folder order

    @property
    def job_name(self) -> str:
        return BUILD_JOB if self.to_extract else REFRESH_JOB


def plan_extraction(settings: Settings, versions: dict[str, str] | None = None) -> ExtractionPlan:
    versions = versions or raw_load.extractor_versions()  # looked up at call time (tests swap it)
    documents = folder_documents(
        settings.documents_dir, settings.home / INDEX_FILE, max_bytes=settings.max_document_bytes
    )
    have = served_extractions(settings.served_db)
    to_extract = [
        doc_id
        for doc_id, kind in documents.items()
        if have.get(doc_id) != raw_load.extraction_stamp(kind, versions)
    ]
    return ExtractionPlan(documents=documents, to_extract=to_extract)


def register(instance: dg.DagsterInstance, doc_ids: list[str], *, attempts: int = 5) -> list[str]:
    """Add the partitions Dagster does not know yet, in the given order; returns them.

    Two builds started together both find the new document unknown and both add it: the storage's
    unique key refuses the second, which then reads what is known again rather than failing the run.
    """
    from sqlalchemy.exc import IntegrityError

    for attempt in range(attempts):
        known = set(instance.get_dynamic_partitions(PARTITIONS_NAME))
        new = [d for d in dict.fromkeys(doc_ids) if d not in known]
        if not new:
            return []
        try:
            instance.add_dynamic_partitions(PARTITIONS_NAME, new)
            return new
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    return []


def range_tags(instance: dg.DagsterInstance, doc_ids: list[str]) -> dict[str, str]:
    """Run tags addressing the (registered) partitions of `doc_ids` as one range."""
    if not doc_ids:
        return {}
    order = {k: i for i, k in enumerate(instance.get_dynamic_partitions(PARTITIONS_NAME))}
    ranked = sorted(doc_ids, key=order.__getitem__)
    return {RANGE_START_TAG: ranked[0], RANGE_END_TAG: ranked[-1]}


def run_partition_keys(instance: dg.DagsterInstance, tags: dict[str, str]) -> list[str]:
    """The document partitions a run targets, from its tags."""
    if PARTITION_TAG in tags:
        return [tags[PARTITION_TAG]]
    if RANGE_START_TAG not in tags:
        return []
    order = instance.get_dynamic_partitions(PARTITIONS_NAME)
    try:
        start, end = order.index(tags[RANGE_START_TAG]), order.index(tags[RANGE_END_TAG])
    except ValueError:
        return []
    return list(order[start : end + 1])


def sync(instance: dg.DagsterInstance, current: list[str], removed: list[str]) -> list[str]:
    """Partitions for every document of the warehouse, none for the ones it retired; returns the
    added. Partitions a trigger registered for files this run has not seen yet are left alone."""
    added = register(instance, current)
    known = set(instance.get_dynamic_partitions(PARTITIONS_NAME))
    for key in removed:
        if key in known:
            instance.delete_dynamic_partition(PARTITIONS_NAME, key)
    return added
