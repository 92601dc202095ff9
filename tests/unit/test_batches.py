"""Extraction batches: partitions an operator can find by file name, and extraction on every core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from dagster._core.definitions.partitions.utils.base import raise_error_on_invalid_partition_key_substring

from orchestration.parallel_extract import extract_rows
from orchestration.partitions import batch_key
from tests.conftest import seed_path

AT = datetime(2026, 11, 29, 6, 0, 4, tzinfo=UTC)


def test_a_batch_is_named_after_its_time_and_first_file():
    assert batch_key(["2024/budget.hwp"], AT) == "2026-11-29 15:00:04 KST · 2024/budget.hwp"
    assert batch_key(["a.txt", "b.txt", "c.txt"], AT) == "2026-11-29 15:00:04 KST · a.txt + 2 more"
    assert batch_key([f"{i}.txt" for i in range(10_000)], AT).endswith("· 0.txt + 9,999 more")


@pytest.mark.parametrize(
    "name", ["report...final.txt", "tab\there.txt", "line\nbreak.txt", "x" * 500 + ".txt"]
)
def test_a_batch_key_is_always_one_dagster_accepts(name):
    key = batch_key([name], AT)
    raise_error_on_invalid_partition_key_substring([key])  # raises on "..." and control characters
    assert len(key) < 160


def _rows() -> list[tuple]:
    rows = []
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_path(prefix).read_text("utf-8")
        kind = "work_report" if prefix == "004" else "news"
        rows.append((f"doc-{prefix}", kind, text, None, None, None, False))
    return rows * 12  # 60 documents: enough for several chunks


def test_extraction_on_every_core_gives_what_one_process_gives(monkeypatch):
    import orchestration.parallel_extract as pe

    monkeypatch.setattr(pe, "PARALLEL_FROM_BYTES", 0)  # use the pool even for this little text
    rows = _rows()
    serial = list(extract_rows(rows, workers=1))
    parallel = list(extract_rows(rows, workers=2))
    assert [d for d, _ in parallel] == [d for d, _ in serial]  # the rows' order
    assert [e.records for _, e in parallel] == [e.records for _, e in serial]
    assert sum(len(e.records) for _, e in serial) > 100


def test_shards_share_the_text_evenly_and_keep_every_document_once():
    from orchestration.parallel_extract import shard_rows

    rows = [
        (f"d{i}", "news", "가" * size, None, None, None, False)
        for i, size in enumerate([900, 10, 500, 400, 20, 80])
    ]
    shards = shard_rows(rows, 2)
    assert sorted(r[0] for s in shards for r in s) == sorted(r[0] for r in rows)
    sizes = [sum(len(r[2]) for r in s) for s in shards]
    assert max(sizes) - min(sizes) <= 100  # 900 | 500 + 400 + ..., not 900 + 10 + ... | ...
    assert all([r[0] for r in s] == sorted((r[0] for r in s), key=lambda d: int(d[1:])) for s in shards)
    assert shard_rows(rows, 10) and len(shard_rows(rows, 10)) == 6  # never an empty shard
    assert shard_rows([], 4) == []


def test_a_worker_collects_a_chunks_cyclic_garbage_before_it_freezes_what_stays():
    """`settle_between_chunks` (run in a worker after each chunk): a cycle the chunk left behind is
    freed, not frozen for good; what is still referenced (the caches) is frozen, out of the
    collector's full scans. In a child process: freezing would reach this test process's objects."""
    import subprocess
    import sys

    code = """
import gc, weakref
from orchestration.parallel_extract import settle_between_chunks
class Node: pass
gc.disable()  # as if no collection had run since the chunk began
garbage = Node(); garbage.me = garbage; dead = weakref.ref(garbage); del garbage
kept = Node(); kept.me = kept
settle_between_chunks()
assert dead() is None, "a chunk's cyclic garbage was frozen instead of freed"
assert gc.get_freeze_count() > 0 and not any(o is kept for o in gc.get_objects())
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
