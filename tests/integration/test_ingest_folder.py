"""A documents folder with every kind of bad input: recorded with a reason, the rest ingested once."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.documents import Document, Rejected, ingest_file, ingest_folder
from orchestration.raw_load import load_documents
from orchestration.raw_tables import all_ddl
from tests.conftest import seed_path, seed_text

LIMIT = 200 * 1024 * 1024


@pytest.fixture
def messy_folder(corpus_dir: Path) -> Path:
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (corpus_dir / "report.pdf").write_bytes(b"%PDF-1.5\n...")
    (corpus_dir / "report.hwp").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (corpus_dir / "report.hwpx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (corpus_dir / "page.html").write_text("<html><body>서울</body></html>", encoding="utf-8")
    (corpus_dir / "broken.txt").write_bytes("정보화".encode() + b"\xff\xff")
    # the 2013 article again, in CP949 and under another name: one document, one duplicate
    (corpus_dir / "zz_copy_cp949.txt").write_bytes(seed_text("002").encode("cp949"))
    # the 2021 article in UTF-16: also a duplicate
    (corpus_dir / "zz_copy_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + seed_text("000").encode("utf-16-le"))
    # a new document without a sidecar
    (corpus_dir / "new_article.txt").write_text(
        "부산시, 올해 정보화사업 500억 투자\n김기자 | 승인 2024.02.03 10:00\n부산시가 올해 120건 정보화사업에 500억 원을 투입한다.\n",
        encoding="utf-8",
    )
    return corpus_dir


def test_every_bad_input_is_recorded_and_the_rest_ingested(messy_folder: Path):
    docs, rejects = ingest_folder(messy_folder, max_bytes=LIMIT)
    assert sorted(d.file_name for d in docs) == sorted(
        [p.name for p in messy_folder.glob("0*.txt")] + ["new_article.txt"]
    )
    reasons = {r.file_name: r.reason for r in rejects}
    assert reasons == {
        "blob.bin": "binary file: contains NUL bytes and no UTF-16 byte-order mark",
        "broken.txt": "undecodable: not UTF-8, UTF-16 (with BOM) or CP949/EUC-KR (first invalid UTF-8 byte at offset 9)",
        "empty.txt": "empty file",
        "page.html": "HTML page with no article text",
        "report.hwp": "corrupt HWP: the compound file cannot be opened (not an OLE2 structured storage file)",
        "report.hwpx": "corrupt HWPX: not a readable zip archive (File is not a zip file)",
        "report.pdf": "corrupt PDF: truncated (no %%EOF at the end of the file)",
        "zz_copy_cp949.txt": "duplicate: same text as 002_9dc7bb6e777775c7.txt",
        "zz_copy_utf16.txt": "duplicate: same text as 000_49ab88e2f9cdbb73.txt",
    }
    by_name = {d.file_name: d for d in docs}
    assert by_name["000_49ab88e2f9cdbb73.txt"].metadata_origin == "sidecar"
    new = by_name["new_article.txt"]
    assert new.metadata_origin == "inferred"
    assert (new.metadata.kind, str(new.metadata.published_on), new.metadata.region) == (
        "news",
        "2024-02-03",
        "부산광역시",
    )


def test_sidecars_are_not_documents(corpus_dir: Path):
    docs, rejects = ingest_folder(corpus_dir, max_bytes=LIMIT)
    assert len(docs) == 5 and rejects == []
    assert {d.metadata.kind for d in docs} == {"news", "work_report"}


def test_a_file_that_vanishes_mid_run(tmp_path: Path, monkeypatch):
    path = tmp_path / "gone.txt"
    path.write_text("곧 사라질 문서", encoding="utf-8")

    def vanish(path, **_kw):
        raise FileNotFoundError(2, "No such file or directory")

    from orchestration.ingest import documents

    monkeypatch.setattr(documents, "read_regular_file", vanish)
    result = ingest_file(path, max_bytes=LIMIT)
    assert isinstance(result, Rejected)
    assert result.reason == "unreadable: No such file or directory"


def test_an_unreadable_file(tmp_path: Path):
    missing = tmp_path / "never-there.txt"
    result = ingest_file(missing, max_bytes=LIMIT)
    assert isinstance(result, Rejected) and result.reason.startswith("unreadable:")


def test_oversized_file_is_refused_without_reading(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_text("가" * 1000, encoding="utf-8")
    result = ingest_file(path, max_bytes=100)
    assert isinstance(result, Rejected) and result.reason == "too large: 3000 bytes > limit 100"


def test_a_50_mb_text_file_is_ingested(tmp_path: Path):
    """Ingested whole; the time is printed, not asserted (benchmarks/ hold the targets)."""
    block = seed_text("004")
    path = tmp_path / "big.txt"
    reps = 50 * 1024 * 1024 // len(block.encode("utf-8")) + 1
    with path.open("w", encoding="utf-8") as fh:
        for i in range(reps):
            fh.write(block)
            fh.write(f"\n-- 사본 {i} --\n")
    started = time.perf_counter()
    result = ingest_file(path, max_bytes=LIMIT)
    elapsed = time.perf_counter() - started
    assert isinstance(result, Document)
    assert result.byte_size >= 50 * 1024 * 1024
    assert result.line_count == reps * (block.count("\n") + 2) + 0
    print(f"50 MB ingested in {elapsed:.2f}s")


def _db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt)
    return con


def test_loading_is_idempotent_and_retires_removed_documents(tmp_path: Path, corpus_dir: Path):
    con = _db(tmp_path)
    docs, rejects = ingest_folder(corpus_dir, max_bytes=LIMIT)
    first = load_documents(con, docs, rejects)
    assert (first.documents, len(first.added), first.removed) == (5, 5, [])
    snapshot = con.execute("SELECT * FROM raw.documents ORDER BY doc_id").fetchall()

    docs, rejects = ingest_folder(corpus_dir, max_bytes=LIMIT)
    again = load_documents(con, docs, rejects)
    assert (again.added, again.removed, again.updated_metadata) == ([], [], [])
    assert con.execute("SELECT * FROM raw.documents ORDER BY doc_id").fetchall() == snapshot

    seed_003 = corpus_dir / seed_path("003").name
    gone_id = next(d.doc_id for d in docs if d.file_name == seed_003.name)
    seed_003.unlink()
    docs, rejects = ingest_folder(corpus_dir, max_bytes=LIMIT)
    after = load_documents(con, docs, rejects)
    assert after.removed == [gone_id]
    assert con.execute("SELECT count(*) FROM raw.documents").fetchall() == [(4,)]


def test_a_renamed_file_keeps_its_document(tmp_path: Path, corpus_dir: Path):
    con = _db(tmp_path)
    load_documents(con, *ingest_folder(corpus_dir, max_bytes=LIMIT))
    src = corpus_dir / seed_path("000").name
    src.rename(corpus_dir / "renamed.txt")
    summary = load_documents(con, *ingest_folder(corpus_dir, max_bytes=LIMIT))
    renamed_id = ingest_file(corpus_dir / "renamed.txt", max_bytes=LIMIT).doc_id
    assert (summary.added, summary.removed, summary.updated_metadata) == ([], [], [renamed_id])
    rows = con.execute(
        "SELECT file_name, metadata_origin FROM raw.documents WHERE file_name = 'renamed.txt'"
    ).fetchall()
    assert rows == [("renamed.txt", "inferred")]  # the sidecar kept the old name


def test_the_index_spares_reading_unchanged_files(tmp_path: Path, corpus_dir: Path):
    """Planning and ingestion read a file again only when it (or its sidecar) changed, and only
    when the warehouse lacks its text; what the index gives equals what reading gives."""
    from orchestration.ingest.index import FolderIndex

    index_path = tmp_path / "document_index.json"
    fresh, _ = ingest_folder(corpus_dir, max_bytes=LIMIT, index=FolderIndex(index_path))
    assert all(d.text for d in fresh) and index_path.exists()
    stored = {d.doc_id for d in fresh}

    edited = corpus_dir / seed_path("001").name
    edited.write_text(seed_text("001") + "\n추가된 줄\n", encoding="utf-8")
    touched = corpus_dir / seed_path("002").name
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))

    again, _ = ingest_folder(corpus_dir, max_bytes=LIMIT, index=FolderIndex(index_path), stored=stored)
    by_name = {d.file_name: d for d in again}
    read = sorted(name for name, d in by_name.items() if d.text)
    assert read == sorted([edited.name, touched.name])  # the three others came from the index
    assert by_name[edited.name].doc_id not in stored and by_name[touched.name].doc_id in stored
    for d in fresh:
        if d.file_name not in read:
            twin = by_name[d.file_name]
            assert (twin.doc_id, twin.metadata, twin.metadata_origin, twin.line_count, twin.encoding) == (
                d.doc_id,
                d.metadata,
                d.metadata_origin,
                d.line_count,
                d.encoding,
            )

    # without the text in the warehouse, the index is not enough: the file is read
    unstored, _ = ingest_folder(corpus_dir, max_bytes=LIMIT, index=FolderIndex(index_path), stored=set())
    assert all(d.text for d in unstored)
