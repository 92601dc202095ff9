"""Extraction on every core: the pure extractors over a pool of worker processes.

Extraction is pure (a document's text in, its records out), so a run's documents are cut into
chunks and read by as many processes as the machine has cores; the one DuckDB writer then loads
what they return. A small batch (a document or two added) is read in the run's own process, where
starting workers would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import types
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from orchestration.extract.records import Extraction

# (doc_id, kind, text, published_on, region, layout, ocr): a row of raw.documents
DocumentRow = tuple

WORKERS_ENV = "ICTWH_EXTRACT_WORKERS"
PARALLEL_FROM_BYTES = 2_000_000  # below this much text, one process
CHUNK_DOCUMENTS = 25  # per task sent to a worker: large enough that pickling is not the cost


def default_workers() -> int:
    """ICTWH_EXTRACT_WORKERS, else the cores this process may run on."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _extract_chunk(rows: list[DocumentRow]) -> list[tuple[str, Extraction]]:
    from orchestration.raw_load import extract_stored

    return [(row[0], extract_stored(row[2], row[1], row[0], *row[3:])) for row in rows]


def settle_between_chunks() -> None:
    """Between two chunks, what a worker still holds is the extractors' bounded caches (lines,
    sentences, figures and column names read before): the previous chunk's young garbage with
    cycles is collected, then what survives is moved out of the collector's reach (`gc.freeze`),
    so the full collections that re-scanned the caches every time they grew by a quarter stop
    (about a tenth of extraction over 10,000 documents). An object leaving a cache is still freed
    when its last reference goes; the worker ends with the run."""
    gc.collect(1)
    gc.freeze()


def _extract_chunk_in_worker(rows: list[DocumentRow]) -> list[tuple[str, Extraction]]:
    settle_between_chunks()  # (in a worker only: never in the run's own process)
    return _extract_chunk(rows)


def _chunks(rows: Iterable[DocumentRow], size: int) -> Iterator[list[DocumentRow]]:
    chunk: list[DocumentRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_rows(rows: list[DocumentRow], *, workers: int | None = None) -> Iterator[tuple[str, Extraction]]:
    """(doc_id, extraction) of every row, in the rows' order."""
    workers = default_workers() if workers is None else workers
    text_bytes = sum(len(r[2] or "") * 3 for r in rows)  # UTF-8 Hangul: three bytes a character
    if workers <= 1 or len(rows) < 2 * CHUNK_DOCUMENTS or text_bytes < PARALLEL_FROM_BYTES:
        yield from _extract_chunk(rows)
        return
    # forkserver: workers start from a clean interpreter that has imported the extractors once,
    # never from a copy of the Dagster process and its threads
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["orchestration.raw_load"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        with _without_main_module():  # the workers start while the tasks are submitted
            chunks = pool.map(_extract_chunk_in_worker, _chunks(rows, CHUNK_DOCUMENTS))
        for chunk in chunks:
            yield from chunk


@contextlib.contextmanager
def _without_main_module() -> Iterator[None]:
    """multiprocessing prepares a worker by importing the parent's __main__ from its file; ours
    need only the extractors, and a main that is a script (a Streamlit page run by a test, a
    console script) must not run again in them."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def shard_rows(rows: list[DocumentRow], shards: int) -> list[list[DocumentRow]]:
    """At most `shards` non-empty lists of about equal text, each in the rows' order: the
    largest document first to the lightest shard (greedy), so one long report does not hold a
    shard back while the others wait."""
    if not rows:
        return []
    shards = max(1, min(shards, len(rows)))
    load = [0] * shards
    chosen: dict[int, int] = {}
    for index in sorted(range(len(rows)), key=lambda i: -len(rows[i][2] or "")):
        lightest = load.index(min(load))
        chosen[index] = lightest
        load[lightest] += len(rows[index][2] or "")
    return [[row for i, row in enumerate(rows) if chosen[i] == s] for s in range(shards)]
