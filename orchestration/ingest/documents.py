"""Files -> documents: read, decode, attach metadata, dedupe; every refusal keeps its reason.

Only regular files inside the documents folder are read (ingest/files.py): a symbolic link, named
pipe, socket or device is refused without being followed or opened, and a directory named like a
document is recorded rather than walked into.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.ingest.decode import KNOWN_SUFFIXES, DecodedText, RejectedInput, decode_document
from orchestration.ingest.files import FileTooLarge, NotRegularFile, entry_kind, read_regular_file
from orchestration.ingest.formats.model import layout_json
from orchestration.ingest.index import FolderIndex, file_stats, metadata_from_json
from orchestration.ingest.metadata import DocumentMetadata, infer_metadata, is_sidecar, sidecar_path
from orchestration.ingest.sidecar import apply_sidecar, read_sidecar_file


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
    source_format: str = "txt"  # txt | pdf | hwp | hwpx | html
    ocr: bool = False  # the text was recognised from page images
    layout: str | None = None  # tables as cells, pages or sections (formats/model.layout_json)
    content_key: str = ""  # the same words in another format are the same document (decode.content_key)


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


def refusal(kind: str) -> str:
    """The recorded reason for an entry that is not a regular file (see files.entry_kind)."""
    if kind == "symbolic link":
        return "symbolic link: not followed (only regular files inside the folder are read)"
    if kind == "directory":
        return "not a regular file: directory named like a document (not walked into)"
    return f"not a regular file: {kind}"


def ingest_file(path: Path, *, max_bytes: int) -> Document | Rejected:
    """One file -> a Document, or a Rejected with the reason. Never raises for bad input, never
    follows a link, never blocks on a pipe."""
    now = _now()

    def rejected(reason: str, size: int | None = None) -> Rejected:
        return Rejected(str(path), path.name, size, reason, rejected_at=now)

    try:
        st = os.lstat(path)
    except OSError as exc:
        return rejected(f"unreadable: {exc.strerror or exc}")
    kind = entry_kind(st.st_mode)
    if kind is not None:
        return rejected(refusal(kind))
    if st.st_size > max_bytes:
        return rejected(f"too large: {st.st_size} bytes > limit {max_bytes}", st.st_size)
    try:
        data = read_regular_file(path, max_bytes=max_bytes)
    except NotRegularFile as exc:  # swapped for a link or a pipe since it was looked at
        return rejected(refusal(exc.kind))
    except FileTooLarge:  # grew since it was looked at
        return rejected(f"too large: more than limit {max_bytes} bytes", None)
    except OSError as exc:  # vanished or unreadable between listing and reading
        return rejected(f"unreadable: {exc.strerror or exc}", st.st_size)
    try:
        decoded = decode_document(data, path.name)
    except RejectedInput as exc:
        return rejected(str(exc), len(data))
    metadata, origin = apply_sidecar(read_sidecar_file(sidecar_path(path)), inferred_metadata(decoded))
    source = decoded.source
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
        source_format=decoded.source_format,
        ocr=bool(source and source.ocr),
        layout=layout_json(source) if source is not None else None,
        content_key=decoded.content_key,
    )


def inferred_metadata(decoded: DecodedText) -> DocumentMetadata:
    """What the text says of itself, over which what the file states (a saved page's meta tags: its
    title, publication date and publisher) wins: the page's own tags are more exact than a byline."""
    inferred = infer_metadata(decoded.text)
    source = decoded.source
    if source is None:
        return inferred
    published, precision = inferred.published_on, inferred.published_precision
    if source.published:
        with contextlib.suppress(ValueError):
            published, precision = date.fromisoformat(source.published[:10]), "day"
    return replace(
        inferred,
        title=source.title or inferred.title,
        publisher=source.publisher or inferred.publisher,
        published_on=published,
        published_precision=precision,
    )


def _named_like_a_document(name: str) -> bool:
    return Path(name).suffix.lower() in KNOWN_SUFFIXES


def list_candidate_files(folder: Path) -> list[Path]:
    """Every visible, non-sidecar entry below `folder` that ingestion must account for, in a stable
    order: files of any type (ingest_file refuses what is not regular), links to directories, and
    directories named like a document (`x.txt/`), which are listed instead of walked into. Links
    are never followed."""
    if not folder.is_dir():
        return []
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):  # os.walk does not follow links to directories
        here: list[Path] = []
        walk: list[str] = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            path = Path(root) / d
            if path.is_symlink() or _named_like_a_document(d):
                here.append(path)
            else:
                walk.append(d)
        dirs[:] = walk
        for name in files:
            path = Path(root) / name
            if name.startswith(".") or is_sidecar(path):
                continue
            here.append(path)
        out.extend(sorted(here))  # a folder's own entries, then its subfolders', as before
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
        source_format=entry.get("source_format", "txt"),
        ocr=bool(entry.get("ocr", False)),
        content_key=entry.get("content_key", ""),
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
    """Ingest in order; a document seen before is a duplicate of the first file that had it: the
    same text (same doc_id), or the same words in another format (a report's PDF beside its HWP).

    With an index, an unchanged file whose doc_id is in `stored` (the warehouse has its text) is
    not read again."""
    seen: dict[str, Document] = {}
    for path in paths:
        result = _from_index(path, index, stored) or ingest_indexed(path, max_bytes=max_bytes, index=index)
        if isinstance(result, Document):
            first = seen.get(result.content_key or result.doc_id) or seen.get(result.doc_id)
            if first is not None:
                if first.doc_id == result.doc_id:
                    same = f"same text as {first.file_name}"
                elif first.source_format == result.source_format:
                    same = f"same words as {first.file_name}, spaced differently"
                else:
                    same = f"same document as {first.file_name} ({first.source_format}), here as {result.source_format}"
                yield Rejected(
                    result.path,
                    result.file_name,
                    result.byte_size,
                    f"duplicate: {same}",
                    doc_id=first.doc_id,
                    rejected_at=result.ingested_at,
                )
                continue
            seen[result.doc_id] = result
            if result.content_key:
                seen[result.content_key] = result
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
