"""The raw schema: one typed table per record type, plus documents, rejects and extraction runs.

Column types come from the record dataclasses, so a new field reaches its raw table without a
second list to keep in step.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

from orchestration.extract.records import RECORD_TYPES, Record

RAW_SCHEMA = "raw"

DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL PRIMARY KEY"),
    ("file_name", "VARCHAR NOT NULL"),
    ("path", "VARCHAR NOT NULL"),
    ("byte_size", "BIGINT NOT NULL"),
    ("encoding", "VARCHAR NOT NULL"),
    ("text", "VARCHAR NOT NULL"),
    ("line_count", "INTEGER NOT NULL"),
    ("title", "VARCHAR"),
    ("publisher", "VARCHAR"),
    ("published_on", "DATE"),
    ("published_precision", "VARCHAR"),
    ("kind", "VARCHAR NOT NULL"),
    ("region", "VARCHAR"),
    ("notes", "VARCHAR"),
    ("metadata", "JSON"),
    ("metadata_origin", "VARCHAR NOT NULL"),
    ("ingested_at", "TIMESTAMP NOT NULL"),
    ("source_format", "VARCHAR"),  # txt | pdf | hwp | hwpx | html
    ("ocr", "BOOLEAN"),  # the text was recognised from page images
    ("layout", "JSON"),  # the source's tables as cells, its pages or sections (NULL for plain text)
)

REJECTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "VARCHAR NOT NULL"),
    ("file_name", "VARCHAR NOT NULL"),
    ("byte_size", "BIGINT"),
    ("reason", "VARCHAR NOT NULL"),
    ("doc_id", "VARCHAR"),
    ("rejected_at", "TIMESTAMP NOT NULL"),
)

EXTRACTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL PRIMARY KEY"),
    ("kind", "VARCHAR NOT NULL"),
    ("extractor_version", "VARCHAR NOT NULL"),
    ("n_records", "INTEGER NOT NULL"),
    ("rejected_reason", "VARCHAR"),
    ("figure_lines", "INTEGER[] NOT NULL"),
    ("skipped_lines", "INTEGER[] NOT NULL"),
    ("skipped_reasons", "VARCHAR[] NOT NULL"),
    ("uncovered_lines", "INTEGER[] NOT NULL"),
    ("error", "VARCHAR"),  # every error of the extraction, joined by "; " (null when none)
    ("extracted_at", "TIMESTAMP NOT NULL"),
    # added later: an older warehouse gains them by ALTER TABLE (all_ddl), so they stay last
    ("errors", "VARCHAR[]"),  # an extractor or one of its sections raised: the document is quarantined
    ("fiscal_year", "INTEGER"),  # what the text is about, read from it (Extraction.fiscal_year)
    ("region", "VARCHAR"),  # likewise (Extraction.region)
    ("batch", "VARCHAR"),  # the Dagster partition (extraction batch) of the run that extracted it
)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


_SCALARS: dict[Any, tuple[str, pa.DataType]] = {
    int: ("BIGINT", pa.int64()),
    float: ("DOUBLE", pa.float64()),
    str: ("VARCHAR", pa.string()),
    bool: ("BOOLEAN", pa.bool_()),
}


def column_types(record_type: type[Record]) -> list[tuple[str, str, pa.DataType]]:
    """(name, DuckDB type, Arrow type) for each field of a record type."""
    hints = typing.get_type_hints(record_type)
    out = []
    for f in dataclasses.fields(record_type):
        tp, _ = _unwrap_optional(hints[f.name])
        if typing.get_origin(tp) is tuple:
            inner = typing.get_args(tp)[0]
            sql, arrow = _SCALARS[inner]
            out.append((f.name, f"{sql}[]", pa.list_(arrow)))
        else:
            sql, arrow = _SCALARS[tp]
            out.append((f.name, sql, arrow))
    return out


def record_table_ddl(record_type: type[Record]) -> str:
    cols = ", ".join(f'"{name}" {sql}' for name, sql, _ in column_types(record_type))
    return f"CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{record_type.table} (record_id VARCHAR NOT NULL, {cols})"


# What the current build changed, per document: the incremental marts rebuild only these documents.
CHANGE_COLUMNS = [("doc_id", "VARCHAR"), ("change", "VARCHAR"), ("run_id", "VARCHAR")]


def columns_ddl(table: str, columns: Sequence[tuple[str, str]]) -> str:
    cols = ", ".join(f'"{name}" {sql}' for name, sql in columns)
    return f"CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{table} ({cols})"


def _add_missing_columns(table: str, columns: Sequence[tuple[str, str]]) -> list[str]:
    """A build starts from the served warehouse: a column added to a raw table since it was written
    is added to it (nullable; rows are inserted by name, so the column order does not matter)."""
    stmts = []
    for name, sql in columns:
        bare = sql.replace("NOT NULL", "").replace("PRIMARY KEY", "").strip()
        stmts.append(f'ALTER TABLE {RAW_SCHEMA}.{table} ADD COLUMN IF NOT EXISTS "{name}" {bare}')
    return stmts


def all_ddl() -> list[str]:
    stmts = [f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}"]
    stmts.append(columns_ddl("documents", DOCUMENT_COLUMNS))
    stmts.extend(_add_missing_columns("documents", DOCUMENT_COLUMNS))
    stmts.append(columns_ddl("rejected_documents", REJECTED_COLUMNS))
    stmts.append(columns_ddl("extractions", EXTRACTION_COLUMNS))
    stmts.extend(_add_missing_columns("extractions", EXTRACTION_COLUMNS))
    stmts.append(columns_ddl("document_changes", CHANGE_COLUMNS))
    for t in RECORD_TYPES:
        stmts.append(record_table_ddl(t))
        stmts.extend(_add_missing_columns(t.table, [(name, sql) for name, sql, _ in column_types(t)]))
    return stmts


def record_id(record: Record, index: int) -> str:
    """Stable within a document and extractor version: doc, type and position in the output."""
    return f"{record.doc_id[:16]}:{record.type}:{index:05d}"


def records_to_arrow(record_type: type[Record], records: Iterable[tuple[str, Record]]) -> pa.Table:
    """(record_id, record) pairs of one type -> an Arrow table with the raw table's columns."""
    cols = column_types(record_type)
    data: dict[str, list[Any]] = {"record_id": []}
    data.update({name: [] for name, _, _ in cols})
    for rid, rec in records:
        data["record_id"].append(rid)
        for name, _, _ in cols:
            value = getattr(rec, name)
            data[name].append(list(value) if isinstance(value, tuple) else value)
    arrays = {"record_id": pa.array(data["record_id"], pa.string())}
    for name, _, arrow in cols:
        arrays[name] = pa.array(data[name], arrow)
    return pa.table(arrays)
