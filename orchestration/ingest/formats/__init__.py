"""Readers of the formats Korean public documents are published in, each to one SourceDocument.

A reader takes the file's bytes and returns the document (formats/model.py), or raises
RejectedInput with the reason a person can act on (encrypted, no text layer, corrupt container).
Readers are imported when a file of their format arrives: a text-only corpus never loads them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from orchestration.ingest.formats.model import SourceDocument

# format -> module:function
READERS: dict[str, str] = {
    "pdf": "orchestration.ingest.formats.pdf:read_pdf",
    "hwp": "orchestration.ingest.formats.hwp:read_hwp",
    "hwpx": "orchestration.ingest.formats.hwpx:read_hwpx",
    "html": "orchestration.ingest.formats.html:read_html",
}


def reader(fmt: str) -> Callable[[bytes], SourceDocument] | None:
    target = READERS.get(fmt)
    if target is None:
        return None
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def read_source(data: bytes, fmt: str) -> SourceDocument:
    """The document in a file of a readable format (see READERS)."""
    read = reader(fmt)
    if read is None:
        raise KeyError(fmt)
    return read(data)
