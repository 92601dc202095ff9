"""Only regular files inside the documents folder are read (issue 14, item 1).

A symbolic link is refused without reading its target, a named pipe, socket or device without
opening it, and a directory named like a document is recorded, not walked into. Every test runs
under a deadline: a FIFO that is opened blocks forever, which is exactly the bug.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration import fingerprint
from orchestration.ingest.documents import Document, Rejected, ingest_file, ingest_folder
from orchestration.partitions import folder_documents
from tests.conftest import seed_path
from tests.integration.timeouts import deadline

LIMIT = 200 * 1024 * 1024
SECRET = "TOP-SECRET 서울시 내부 문서: 이 줄은 문서 폴더 밖에 있습니다.\n"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """One good document among links, a pipe, a socket and a directory named like a document."""
    docs = tmp_path / "documents"
    docs.mkdir()
    good = seed_path("000")
    shutil.copy(good, docs / good.name)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink("/etc/passwd", docs / "passwd.txt")
    os.symlink(outside / "secret.txt", docs / "secret.txt")
    os.symlink("../outside/secret.txt", docs / "relative.txt")
    os.symlink(outside, docs / "linked_folder")
    os.mkfifo(docs / "pipe.txt")
    (docs / "looks_like.txt").mkdir()
    (docs / "looks_like.txt" / "inner.txt").write_text(SECRET, encoding="utf-8")
    sub = docs / "2021"
    sub.mkdir()
    shutil.copy(seed_path("003"), sub / seed_path("003").name)
    return docs


@pytest.fixture
def with_socket(hostile: Path) -> Iterator[Path]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path = hostile / "sock.txt"
    try:
        sock.bind(str(path))
    except OSError as exc:  # a path too long for AF_UNIX on this machine
        sock.close()
        pytest.skip(f"cannot bind a Unix socket here: {exc}")
    try:
        yield hostile
    finally:
        sock.close()


def test_links_pipes_sockets_and_directories_are_rejected_with_a_reason(with_socket: Path) -> None:
    with deadline():
        docs, rejects = ingest_folder(with_socket, max_bytes=LIMIT)
    assert sorted(d.file_name for d in docs) == sorted([seed_path("000").name, seed_path("003").name])
    reasons = {r.file_name: r.reason for r in rejects}
    assert reasons == {
        "passwd.txt": "symbolic link: not followed (only regular files inside the folder are read)",
        "secret.txt": "symbolic link: not followed (only regular files inside the folder are read)",
        "relative.txt": "symbolic link: not followed (only regular files inside the folder are read)",
        "linked_folder": "symbolic link: not followed (only regular files inside the folder are read)",
        "pipe.txt": "not a regular file: named pipe (FIFO)",
        "sock.txt": "not a regular file: socket",
        "looks_like.txt": "not a regular file: directory named like a document (not walked into)",
    }
    # nothing of what the links point at, or of the directory's contents, was read
    assert all(r.byte_size is None for r in rejects)
    assert not any("root:" in d.text or "TOP-SECRET" in d.text for d in docs)


def test_a_device_is_rejected_without_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "null.txt"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"mknod is not allowed here: {exc}")
    with deadline():
        result = ingest_file(path, max_bytes=LIMIT)
    assert isinstance(result, Rejected) and result.reason == "not a regular file: device"


def test_a_link_named_on_the_command_line_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "passwd.txt"
    os.symlink("/etc/passwd", link)
    result = ingest_file(link, max_bytes=LIMIT)
    assert isinstance(result, Rejected) and result.reason.startswith("symbolic link: not followed")


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tmp_path: Path, monkeypatch) -> None:
    """The check and the read are one: the file is opened without following links, then checked."""
    from orchestration.ingest import documents

    path = tmp_path / "doc.txt"
    path.write_text("서울시 정보화사업 문서입니다.\n", encoding="utf-8")
    real_lstat = os.lstat

    def lstat_then_swap(p, *a, **kw):  # the file is regular when looked at, a link when opened
        result = real_lstat(p, *a, **kw)
        if str(p) == str(path):
            path.unlink()
            os.symlink("/etc/passwd", path)
        return result

    monkeypatch.setattr(documents.os, "lstat", lstat_then_swap)
    result = ingest_file(path, max_bytes=LIMIT)
    assert isinstance(result, Rejected) and result.reason.startswith("symbolic link: not followed")


def test_planning_a_folder_with_a_pipe_does_not_hang(hostile: Path, tmp_path: Path) -> None:
    with deadline():
        planned = folder_documents(hostile, tmp_path / "index.json", max_bytes=LIMIT)
    assert len(planned) == 2


def test_a_sidecar_that_is_a_link_or_a_pipe_is_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    docs.mkdir()
    for prefix, make in (("000", "link"), ("001", "pipe")):
        src = seed_path(prefix)
        shutil.copy(src, docs / src.name)
        side = docs / (src.stem + ".meta.json")
        if make == "link":
            (tmp_path / "outside.json").write_text('{"title": "TOP-SECRET title"}', encoding="utf-8")
            os.symlink(tmp_path / "outside.json", side)
        else:
            os.mkfifo(side)
    with deadline():
        docs_, rejects = ingest_folder(docs, max_bytes=LIMIT)
    assert rejects == []
    by_prefix = {d.file_name[:3]: d for d in docs_}
    assert all(isinstance(d, Document) for d in docs_)
    assert by_prefix["000"].metadata.title != "TOP-SECRET title"
    assert by_prefix["000"].metadata_origin == "inferred"
    assert "sidecar ignored: symbolic link" in by_prefix["000"].metadata.notes
    assert "sidecar ignored: not a regular file (named pipe (FIFO))" in by_prefix["001"].metadata.notes


def test_the_quick_fingerprint_sees_links_and_pipes(tmp_path: Path) -> None:
    """A new link or pipe changes the folder's quick fingerprint, so the next build records it."""
    docs = tmp_path / "documents"
    docs.mkdir()
    shutil.copy(seed_path("000"), docs)
    before = fingerprint.files_digest(docs)
    os.mkfifo(docs / "pipe.txt")
    with deadline():
        with_pipe = fingerprint.files_digest(docs)
    assert with_pipe != before
    os.symlink("/etc/passwd", docs / "passwd.txt")
    assert fingerprint.files_digest(docs) != with_pipe


def test_the_sensor_hashes_a_folder_with_a_pipe_without_reading_links(hostile: Path) -> None:
    import hashlib

    from orchestration.automation import content_hashes

    with deadline():
        hashes = content_hashes(hostile)
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert str(hostile / "pipe.txt") in hashes and str(hostile / "passwd.txt") in hashes
    assert passwd not in hashes.values()
    assert hashes[str(hostile / "passwd.txt")] == hashes[str(hostile / "secret.txt")]  # "a link", unread
