"""What ingestion learnt of each file, keyed by the size and modification time of the file and of
its sidecar (`<home>/document_index.json`).

Planning a run and ingesting the folder both need every file's doc_id and metadata; decoding
10,000 files again for each costs many seconds when one file is new. A file whose stats are those
of its entry is not read again: the same assumption as the quick fingerprint (an edit changes the
size or the modification time). A lost or broken index only costs time.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from orchestration.ingest.files import entry_kind
from orchestration.ingest.metadata import DocumentMetadata, sidecar_path


def _stats(path: Path) -> list | None:
    """[size, mtime_ns] of a regular file, [what it is, mtime_ns] of a link, pipe ... (never
    followed: a file swapped for a link with its target's stats must not look unchanged)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    kind = entry_kind(st.st_mode)
    return [st.st_size if kind is None else kind, st.st_mtime_ns]


def file_stats(path: Path) -> list:
    """The key of an entry: the file's and its sidecar's [size, mtime_ns] (None when absent)."""
    return [_stats(path), _stats(sidecar_path(path))]


class FolderIndex:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, dict] = {}
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self._old = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._old = {}
        self._new: dict[str, dict] = {}

    def lookup(self, path: Path) -> dict | None:
        """The entry of an unchanged file (kept for the next save), else None."""
        entry = self._old.get(str(path))
        if (
            isinstance(entry, dict)
            and entry.get("stats") == file_stats(path)
            and entry.get("doc_id")
            and isinstance(entry.get("metadata"), dict)  # an entry of an older format is re-read
        ):
            self._new[str(path)] = entry
            return entry
        return None

    def remember(self, path: Path, stats: list, doc) -> None:
        """A document as ingest_file made it (stats taken before reading it)."""
        self._new[str(path)] = {
            "stats": stats,
            "doc_id": doc.doc_id,
            "byte_size": doc.byte_size,
            "encoding": doc.encoding,
            "line_count": doc.line_count,
            "metadata": doc.metadata.to_json(),
            "metadata_origin": doc.metadata_origin,
            "source_format": doc.source_format,
            "ocr": doc.ocr,
            "content_key": doc.content_key,
        }

    def save(self) -> None:
        """Only the files seen by this scan: entries of removed files go."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self._new, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


def metadata_from_json(meta: dict) -> DocumentMetadata:
    published = meta.get("published_on")
    return DocumentMetadata(
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        published_on=date.fromisoformat(published) if published else None,
        published_precision=meta.get("published_precision"),
        kind=meta.get("kind") or "news",
        region=meta.get("region"),
        notes=meta.get("notes"),
    )
