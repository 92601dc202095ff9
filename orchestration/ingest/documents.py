"""Files -> documents: read, decode, attach metadata, dedupe; every refusal keeps its reason."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from orchestration.ingest.decode import RejectedInput, decode_document
from orchestration.ingest.index import FolderIndex, file_stats, metadata_from_json
from orchestration.ingest.metadata import (
    DocumentMetadata,
    SidecarError,
    infer_metadata,
    is_sidecar,
    merge_metadata,
    read_sidecar,
    sidecar_path,
)


@dataclass(frozen=True)
class Document:
    doc_id: str
    file_name: str
    path: str
    byte_size: int
    encoding: str
    text: str  # '' for an unchanged file whose text the warehouse already stores (ingest/index.py)
    line_count: int
    metadata: DocumentMetadata
    metadata_origin: str  # sidecar | sidecar+inferred | inferred
    ingested_at: datetime


@dataclass(frozen=True)
class Rejected:
    path: str
    file_name: str
    byte_size: int | None
    reason: str
    doc_id: str | None = None  # for duplicates: the document this file repeats
    rejected_at: datetime | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ingest_file(path: Path, *, max_bytes: int) -> Document | Rejected:
    """One file -> a Document, or a Rejected with the reason. Never raises for bad input."""
    now = _now()
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Rejected(str(path), path.name, None, f"unreadable: {exc.strerror or exc}", rejected_at=now)
    if size > max_bytes:
        return Rejected(
            str(path), path.name, size, f"too large: {size} bytes > limit {max_bytes}", rejected_at=now
        )
    try:
        data = path.read_bytes()
    except OSError as exc:  # vanished or unreadable between listing and reading
        return Rejected(str(path), path.name, size, f"unreadable: {exc.strerror or exc}", rejected_at=now)
    try:
        decoded = decode_document(data, path.name)
    except RejectedInput as exc:
        return Rejected(str(path), path.name, len(data), str(exc), rejected_at=now)
    inferred = infer_metadata(decoded.text)
    sidecar = None
    side = sidecar_path(path)
    if side.exists():
        try:
            sidecar = read_sidecar(side)
        except SidecarError:
            sidecar = None  # a broken sidecar falls back to inference; the origin says so
    metadata, origin = merge_metadata(sidecar, inferred)
    return Document(
        doc_id=decoded.doc_id,
        file_name=path.name,
        path=str(path),
        byte_size=len(data),
        encoding=decoded.encoding,
        text=decoded.text,
        line_count=decoded.line_count,
        metadata=metadata,
        metadata_origin=origin,
        ingested_at=now,
    )


def list_candidate_files(folder: Path) -> list[Path]:
    """Every regular, visible, non-sidecar file below `folder`, in a stable order."""
    if not folder.is_dir():
        return []
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or is_sidecar(path):
                continue
            out.append(path)
    return out


def _from_index(path: Path, index: FolderIndex | None, stored: Collection[str]) -> Document | None:
    """An unchanged file whose text the warehouse stores: its document without reading it."""
    entry = index.lookup(path) if index is not None else None
    if entry is None or entry["doc_id"] not in stored:
        return None
    return Document(
        doc_id=entry["doc_id"],
        file_name=path.name,
        path=str(path),
        byte_size=entry["byte_size"],
        encoding=entry["encoding"],
        text="",
        line_count=entry["line_count"],
        metadata=metadata_from_json(entry["metadata"]),
        metadata_origin=entry["metadata_origin"],
        ingested_at=_now(),
    )


def ingest_indexed(path: Path, *, max_bytes: int, index: FolderIndex | None) -> Document | Rejected:
    """ingest_file, remembered in the index (stats taken before reading: an edit during the read
    makes the entry stale, never wrong)."""
    stats = file_stats(path)
    result = ingest_file(path, max_bytes=max_bytes)
    if index is not None and isinstance(result, Document):
        index.remember(path, stats, result)
    return result


def ingest_files(
    paths: Iterable[Path],
    *,
    max_bytes: int,
    index: FolderIndex | None = None,
    stored: Collection[str] = (),
) -> Iterator[Document | Rejected]:
    """Ingest in order; a text seen before (same doc_id) is a duplicate of the first file that had it.

    With an index, an unchanged file whose doc_id is in `stored` (the warehouse has its text) is
    not read again."""
    seen: dict[str, str] = {}
    for path in paths:
        result = _from_index(path, index, stored) or ingest_indexed(path, max_bytes=max_bytes, index=index)
        if isinstance(result, Document):
            first = seen.get(result.doc_id)
            if first is not None:
                yield Rejected(
                    result.path,
                    result.file_name,
                    result.byte_size,
                    f"duplicate: same text as {first}",
                    doc_id=result.doc_id,
                    rejected_at=result.ingested_at,
                )
                continue
            seen[result.doc_id] = result.file_name
        yield result


def ingest_folder(
    folder: Path,
    *,
    max_bytes: int,
    index: FolderIndex | None = None,
    stored: Collection[str] = (),
) -> tuple[list[Document], list[Rejected]]:
    docs: list[Document] = []
    rejects: list[Rejected] = []
    for item in ingest_files(list_candidate_files(folder), max_bytes=max_bytes, index=index, stored=stored):
        (docs if isinstance(item, Document) else rejects).append(item)
    if index is not None:
        index.save()
    return docs, rejects
