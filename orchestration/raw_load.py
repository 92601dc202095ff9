"""Documents and extracted records into the raw schema, incrementally.

Re-running with the same folder changes nothing; a document is extracted only when it has no
extraction by its kind's current extractor (new, or read by an older one); a document whose file disappeared is retired
together with its records (never left behind).
"""

from __future__ import annotations

import json
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from orchestration.extract import extract_document, extractor_version
from orchestration.extract.records import RECORD_TYPES, Extraction, Record
from orchestration.ingest.documents import Document, Rejected
from orchestration.ingest.formats.model import read_layout
from orchestration.ingest.metadata import KINDS
from orchestration.raw_tables import (
    DOCUMENT_COLUMNS,
    EXTRACTION_COLUMNS,
    RAW_SCHEMA,
    record_id,
    records_to_arrow,
)
from orchestration.warehouse import scalar


def extractor_versions() -> dict[str, str]:
    """What reads a document of each kind (its kind's extractor, if any, and the generic layer,
    `news 2.0.0 + generic 2.0.0`): a change to either re-extracts that kind's documents."""
    return {kind: extractor_version(kind) for kind in KINDS}


@dataclass
class IngestSummary:
    documents: int
    added: list[str]
    removed: list[str]
    updated_metadata: list[str]  # kept documents whose path, name or sidecar metadata changed
    rejected: list[Rejected]


def _document_row(doc: Document, *, with_text: bool = True) -> dict:
    meta = doc.metadata.to_json()
    return {
        "doc_id": doc.doc_id,
        "file_name": doc.file_name,
        "path": doc.path,
        "byte_size": doc.byte_size,
        "encoding": doc.encoding,
        "text": doc.text if with_text else "",
        "line_count": doc.line_count,
        "title": meta["title"],
        "publisher": meta["publisher"],
        "published_on": doc.metadata.published_on,
        "published_precision": meta["published_precision"],
        "kind": meta["kind"],
        "region": meta["region"],
        "notes": meta["notes"],
        "metadata": json.dumps(meta, ensure_ascii=False),
        "metadata_origin": doc.metadata_origin,
        "ingested_at": doc.ingested_at,
        "source_format": doc.source_format,
        "ocr": doc.ocr,
        "layout": doc.layout if with_text else None,
    }


_ARROW_DOCUMENT_TYPES = {
    "byte_size": pa.int64(),
    "line_count": pa.int32(),
    "published_on": pa.date32(),
    "ingested_at": pa.timestamp("us"),
    "ocr": pa.bool_(),
}


def load_documents(
    con: duckdb.DuckDBPyConnection, docs: list[Document], rejects: list[Rejected]
) -> IngestSummary:
    """Make raw.documents hold exactly `docs` (by doc_id) and raw.rejected_documents `rejects`."""
    existing = {r[0] for r in con.execute(f"SELECT doc_id FROM {RAW_SCHEMA}.documents").fetchall()}
    current = {d.doc_id for d in docs}
    added = [d for d in docs if d.doc_id not in existing]
    removed = sorted(existing - current)
    kept = [d for d in docs if d.doc_id in existing]
    unread = [d.file_name for d in added if not d.text]
    if unread:  # only documents the warehouse stores may come from the index without their text
        raise ValueError(f"documents without their text cannot be added: {unread[:5]}")

    if removed:
        con.execute(
            f"DELETE FROM {RAW_SCHEMA}.documents WHERE doc_id IN (SELECT unnest(?))", [removed]
        ).fetchall()
    names = [c for c, _ in DOCUMENT_COLUMNS]
    # kept documents' texts are already stored: only their metadata columns are compared
    rows = [_document_row(d) for d in added] + [_document_row(d, with_text=False) for d in kept]
    table = pa.table(
        {n: pa.array([r[n] for r in rows], _ARROW_DOCUMENT_TYPES.get(n, pa.string())) for n in names}
    )
    con.register("incoming_documents", table)
    try:
        if added:
            con.execute(
                f"INSERT INTO {RAW_SCHEMA}.documents BY NAME SELECT {', '.join(names)} FROM incoming_documents "
                f"WHERE doc_id NOT IN (SELECT doc_id FROM {RAW_SCHEMA}.documents)"
            ).fetchall()
        # A kept document may have moved, been renamed or got a new sidecar: refresh those columns
        # only when they differ, so a re-run with nothing new writes nothing.
        meta_cols = [
            c
            for c in names
            if c not in ("doc_id", "text", "byte_size", "encoding", "line_count", "ingested_at", "layout")
        ]
        diff = " OR ".join(f"d.{c} IS DISTINCT FROM i.{c}" for c in meta_cols)
        updated = [
            r[0]
            for r in con.execute(
                f"SELECT doc_id FROM {RAW_SCHEMA}.documents d JOIN incoming_documents i USING (doc_id) "
                f"WHERE {diff} ORDER BY doc_id"
            ).fetchall()
        ]
        if updated:
            sets = ", ".join(f"{c} = i.{c}" for c in meta_cols)
            con.execute(
                f"UPDATE {RAW_SCHEMA}.documents d SET {sets} FROM incoming_documents i "
                f"WHERE d.doc_id = i.doc_id AND ({diff})"
            ).fetchall()
    finally:
        con.unregister("incoming_documents")

    con.execute(f"DELETE FROM {RAW_SCHEMA}.rejected_documents").fetchall()
    if rejects:
        con.executemany(
            f"INSERT INTO {RAW_SCHEMA}.rejected_documents VALUES (?, ?, ?, ?, ?, ?)",
            [[r.path, r.file_name, r.byte_size, r.reason, r.doc_id, r.rejected_at] for r in rejects],
        )
    return IngestSummary(
        documents=len(docs),
        added=[d.doc_id for d in added],
        removed=removed,
        updated_metadata=updated,
        rejected=list(rejects),
    )


_EXTRACTION_ARROW_TYPES = {
    "doc_id": pa.string(),
    "kind": pa.string(),
    "extractor_version": pa.string(),
    "n_records": pa.int32(),
    "rejected_reason": pa.string(),
    "figure_lines": pa.list_(pa.int32()),
    "skipped_lines": pa.list_(pa.int32()),
    "skipped_reasons": pa.list_(pa.string()),
    "uncovered_lines": pa.list_(pa.int32()),
    "error": pa.string(),
    "extracted_at": pa.timestamp("us"),
    "errors": pa.list_(pa.string()),
    "fiscal_year": pa.int32(),
    "region": pa.string(),
    "batch": pa.string(),
}


@dataclass
class ExtractSummary:
    extracted: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # asked for, but not in raw.documents
    records_by_type: dict[str, int] = field(default_factory=dict)
    no_records: dict[str, str] = field(default_factory=dict)  # doc_id -> reason
    errors: dict[str, str] = field(default_factory=dict)  # doc_id -> its extraction's errors (quarantined)


@dataclass
class RecordsSummary:
    retired: list[str]  # documents that left the folder: their records were deleted
    pending: list[str]  # documents with no extraction by their kind's current extractor
    rows_by_table: dict[str, int]


def record_changes(con: duckdb.DuckDBPyConnection, change: str, doc_ids: list[str], run_id: str) -> None:
    """Note what this build did to these documents (raw.document_changes, read by the incremental
    marts); the first note of a run clears the previous build's."""
    con.execute(f"DELETE FROM {RAW_SCHEMA}.document_changes WHERE run_id <> ?", [run_id]).fetchall()
    if doc_ids:
        con.execute(
            f"INSERT INTO {RAW_SCHEMA}.document_changes SELECT unnest(?), ?, ?", [doc_ids, change, run_id]
        ).fetchall()


def _delete_docs(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    if not doc_ids:
        return
    for rt in RECORD_TYPES:
        con.execute(
            f"DELETE FROM {RAW_SCHEMA}.{rt.table} WHERE doc_id IN (SELECT unnest(?))", [doc_ids]
        ).fetchall()
    con.execute(
        f"DELETE FROM {RAW_SCHEMA}.extractions WHERE doc_id IN (SELECT unnest(?))", [doc_ids]
    ).fetchall()


def extract_stored(
    text: str, kind: str, doc_id: str, published_on, region, layout=None, ocr: bool = False
) -> Extraction:
    """An extractor that fails on one document (its `errors`, or an exception that escaped it) is
    recorded against that document, which is then quarantined; the run goes on. A document read
    from a PDF, HWP, HWPX or web page gives its tables as cells, and every record the page or
    section (and table row) its lines sit on."""
    try:
        where = read_layout(layout)
        result = extract_document(
            text, kind, doc_id=doc_id, published_on=published_on, region=region, tables=where.tables
        )
        if where.locations or where.tables or ocr:
            result.records = [
                replace(r, source_location=where.place(r.line_start), ocr=ocr) for r in result.records
            ]
        return result
    except Exception as exc:
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Extraction(kind=kind, errors=[tb])


def extraction_stamp(kind: str, versions: dict[str, str]) -> str:
    """'kind@version' of the extractor that reads a document of this kind today: a document whose
    recorded stamp (raw.extractions' kind || '@' || extractor_version) differs needs extraction."""
    return f"{kind}@{versions.get(kind, '?')}"


def pending_extractions(
    con: duckdb.DuckDBPyConnection, *, versions: dict[str, str] | None = None
) -> list[str]:
    """Documents of raw.documents with no extraction by their kind's current extractor."""
    versions = versions or extractor_versions()
    rows = con.execute(
        f"SELECT d.doc_id, d.kind, e.kind || '@' || e.extractor_version FROM {RAW_SCHEMA}.documents d "
        f"LEFT JOIN {RAW_SCHEMA}.extractions e USING (doc_id) ORDER BY d.doc_id"
    ).fetchall()
    return [doc_id for doc_id, kind, have in rows if have != extraction_stamp(kind, versions)]


def document_rows(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[tuple]:
    """What the pure extractors read of each document (parallel_extract.DocumentRow), by doc_id."""
    return con.execute(
        f"SELECT doc_id, kind, text, published_on, region, layout, coalesce(ocr, false) FROM {RAW_SCHEMA}.documents "
        "WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id",
        [doc_ids],
    ).fetchall()


def extract_documents(
    con: duckdb.DuckDBPyConnection,
    doc_ids: list[str],
    *,
    batch: str | None = None,
    versions: dict[str, str] | None = None,
    workers: int | None = None,
) -> ExtractSummary:
    """Extract exactly these documents (on every core, see parallel_extract), replacing their
    records; `batch` is the run's partition, recorded beside each extraction."""
    from orchestration.parallel_extract import extract_rows

    rows = document_rows(con, doc_ids)
    results = extract_rows(rows, workers=workers)
    return store_extractions(con, doc_ids, results, batch=batch, versions=versions)


def store_extractions(
    con: duckdb.DuckDBPyConnection,
    doc_ids: list[str],
    results: Iterable[tuple[str, Extraction]],
    *,
    batch: str | None = None,
    versions: dict[str, str] | None = None,
) -> ExtractSummary:
    """Replace the records of `doc_ids` by these extractions (the one DuckDB writer's half of
    extraction, wherever the pure half ran)."""
    versions = versions or extractor_versions()
    summary = ExtractSummary()
    kinds = dict(
        con.execute(
            f"SELECT doc_id, kind FROM {RAW_SCHEMA}.documents WHERE doc_id IN (SELECT unnest(?))", [doc_ids]
        ).fetchall()
    )
    summary.missing = [d for d in doc_ids if d not in kinds]
    _delete_docs(con, [d for d in doc_ids if d in kinds])

    by_type: dict[type[Record], list[tuple[str, Record]]] = defaultdict(list)
    extraction_rows = []
    now = datetime.now(UTC).replace(tzinfo=None)
    for doc_id, result in results:
        if doc_id not in kinds:  # left the folder while it was being read
            continue
        kind = kinds[doc_id]
        error = "; ".join(result.errors) or None
        for i, rec in enumerate(result.records):
            by_type[type(rec)].append((record_id(rec, i), rec))
        skipped = sorted(result.skipped.items())
        extraction_rows.append(
            [
                doc_id,
                kind,
                versions.get(kind, "?"),
                len(result.records),
                result.rejected,
                sorted(result.figure_lines),
                [ln for ln, _ in skipped],
                [why for _, why in skipped],
                result.uncovered_figure_lines(),
                error,
                now,
                list(result.errors),
                result.fiscal_year,
                result.region,
                batch,
            ]
        )
        if error:
            summary.errors[doc_id] = error
        elif not result.records:
            summary.no_records[doc_id] = result.rejected or "no records"
        summary.extracted.append(doc_id)
    if not extraction_rows:
        return summary

    for rt, items in by_type.items():
        _insert_arrow(con, f"{RAW_SCHEMA}.{rt.table}", records_to_arrow(rt, items), by_name=True)
        summary.records_by_type[rt.type] = len(items)
    columns = list(zip(*extraction_rows, strict=True))
    table = pa.table(
        {
            name: pa.array(list(values), _EXTRACTION_ARROW_TYPES[name])
            for (name, _), values in zip(EXTRACTION_COLUMNS, columns, strict=True)
        }
    )
    _insert_arrow(con, f"{RAW_SCHEMA}.extractions", table, by_name=True)
    return summary


def _insert_arrow(
    con: duckdb.DuckDBPyConnection, target: str, table: pa.Table, *, by_name: bool = False
) -> None:
    con.register("incoming_rows", table)
    try:
        con.execute(
            f"INSERT INTO {target} {'BY NAME ' if by_name else ''}SELECT * FROM incoming_rows"
        ).fetchall()
    finally:
        con.unregister("incoming_rows")


def settle_records(con: duckdb.DuckDBPyConnection) -> RecordsSummary:
    """After the run's extraction: retire the records of documents that left the folder, and name
    the documents still waiting for an extraction (they publish nothing until one runs)."""
    retired = [
        r[0]
        for r in con.execute(
            f"SELECT doc_id FROM {RAW_SCHEMA}.extractions "
            f"WHERE doc_id NOT IN (SELECT doc_id FROM {RAW_SCHEMA}.documents) ORDER BY doc_id"
        ).fetchall()
    ]
    _delete_docs(con, retired)
    rows = {rt.table: scalar(con, f"SELECT count(*) FROM {RAW_SCHEMA}.{rt.table}") for rt in RECORD_TYPES}
    return RecordsSummary(retired=retired, pending=pending_extractions(con), rows_by_table=rows)
