"""A full disk fails cleanly and recovers (issue 14, item 5), on a real, small tmpfs home.

The kernel's own ENOSPC, not a simulated one: the error says "no space left on device", the partial
`.publishing` copy is removed (giving the space back), the served file is untouched, and once space
is freed the next publish goes through. Skipped, with the reason, where mounting is not allowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from orchestration import warehouse
from orchestration.settings import load_settings


@contextlib.contextmanager
def small_tmpfs(mount: Path, size_mb: int) -> Iterator[Path]:
    """A tmpfs of `size_mb` MiB at `mount`, unmounted afterwards; skips the test when not allowed."""
    mount.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount)],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except FileNotFoundError:
        pytest.skip("no mount command on this machine: cannot make a small tmpfs home")
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"mounting a tmpfs is not allowed here: {(exc.stderr or exc.stdout).strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False, capture_output=True, timeout=30)


def fill(folder: Path, leave_bytes: int) -> Path:
    """A filler file that leaves about `leave_bytes` free on `folder`'s file system."""
    filler = folder / "filler.bin"
    block = os.urandom(1 << 16)
    with open(filler, "wb") as fh:
        while shutil.disk_usage(folder).free > leave_bytes + len(block):
            fh.write(block)
            fh.flush()
    return filler


def _build_db(path: Path, mb: int) -> None:
    """A DuckDB file of about `mb` MiB of incompressible text, with a marts table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA marts")
    con.execute(
        "CREATE TABLE marts.blob AS SELECT i, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS s "
        "FROM range(?) t(i)",
        [mb * 16_000],
    )
    con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


FreeSpace = namedtuple("FreeSpace", "total used free")


def test_a_full_disk_during_publish_fails_cleanly_and_the_next_publish_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_tmpfs(tmp_path / "disk", 24) as disk:
        settings = load_settings(tmp_path / "documents", disk / "home")
        _build_db(settings.build_db, 4)
        warehouse.publish(settings)  # a first publish: the served file readers have
        served_before = _sha(settings.served_db)
        _build_db(settings.build_db.with_name("next.duckdb"), 6)
        os.replace(settings.build_db.with_name("next.duckdb"), settings.build_db)
        size = settings.build_db.stat().st_size
        filler = fill(disk, leave_bytes=size // 2)  # room for half the copy: the disk fills mid-copy

        # a file system that reports room it does not have (another writer got there first): the
        # copy itself meets ENOSPC
        real_usage = shutil.disk_usage
        monkeypatch.setattr(warehouse.shutil, "disk_usage", lambda p: FreeSpace(1 << 40, 0, 1 << 40))
        with pytest.raises(OSError, match=r"^no space left on device") as failed:
            warehouse.publish(settings)
        monkeypatch.setattr(warehouse.shutil, "disk_usage", real_usage)
        assert "the served warehouse was left as it was" in str(failed.value)
        assert not list(settings.home.glob("*.publishing")), "the partial copy was left behind"
        assert _sha(settings.served_db) == served_before
        assert real_usage(disk).free >= size // 2 - (1 << 20)  # the partial copy's space is back

        # honest free space: refused before a byte is copied
        with pytest.raises(OSError, match=r"^no space left on device: publishing needs"):
            warehouse.publish(settings)
        assert not list(settings.home.glob("*.publishing"))

        filler.unlink()  # space freed: the next publish goes through
        warehouse.publish(settings)
        assert _sha(settings.served_db) == _sha(settings.build_db)


@pytest.mark.parametrize(
    ("error", "free", "expected"),
    [
        (OSError(28, "No space left on device"), 1 << 30, True),
        (RuntimeError("IO Error: could not write: No space left on device"), 1 << 30, True),
        (RuntimeError("(sqlite3.OperationalError) database or disk is full"), 1 << 30, True),
        (RuntimeError("(sqlite3.OperationalError) disk I/O error"), 4096, True),  # and the disk is full
        (RuntimeError("(sqlite3.OperationalError) disk I/O error"), 1 << 30, False),  # a real I/O error
        (ValueError("something else"), 0, False),
    ],
)
def test_a_full_disk_is_named_whatever_layer_met_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, free: int, expected: bool
) -> None:
    """Dagster's SQLite storage, DuckDB or our own copy: the command line says 'no space left'."""
    monkeypatch.setattr(warehouse.shutil, "disk_usage", lambda p: FreeSpace(1 << 40, 0, free))
    try:
        try:
            raise error
        except BaseException as inner:
            raise RuntimeError("the run failed") from inner
    except RuntimeError as outer:
        message = warehouse.disk_full_message(outer, tmp_path)
    assert (message is not None) == expected
    if expected:
        assert message.startswith(f"no space left on device under {tmp_path} ({free:,} bytes free)")
