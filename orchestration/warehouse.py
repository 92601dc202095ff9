"""The build and served DuckDB files: start a build, write raw tables, promote atomically.

DuckDB allows one writer per file. A run writes only to build/warehouse.duckdb, started as a copy
of the served file (so extraction can be incremental); readers only ever open the served file,
read-only. Publishing is an fsync'd copy beside the served file followed by os.replace, so a
killed run leaves the served file exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from orchestration.raw_tables import all_ddl
from orchestration.settings import Settings


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; a writer's changes are checkpointed into the file on close."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
        if not read_only:
            con.execute("CHECKPOINT")
    finally:
        con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The single value of a query, with its result fully consumed (DuckDB 2 refuses new work on a
    connection while a result is still pending)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def read_served(served_db: Path, sql: str) -> list[tuple]:
    """Rows of one query on the served file, opened read-only; none when the file is missing or
    predates what the query asks for (a first build, an older warehouse)."""
    if not served_db.exists():
        return []
    try:
        con = duckdb.connect(str(served_db), read_only=True)
    except duckdb.Error:
        return []
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error:
        return []
    finally:
        con.close()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def start_build(settings: Settings) -> Path:
    """A fresh build database: a copy of the served one (or empty), whatever a failed run left."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    build = settings.build_db
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if settings.served_db.exists():
        shutil.copyfile(settings.served_db, build)
    with connect(build) as con:
        for stmt in all_ddl():
            con.execute(stmt)
    return build


def ensure_build(settings: Settings) -> Path:
    """The current build database, started if no run has started one."""
    if not settings.build_db.exists():
        return start_build(settings)
    return settings.build_db


class PublishError(OSError):
    """Publishing failed and left the served file as it was; the message says why in plain words."""


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def _no_space(needed: int, home: Path) -> PublishError:
    free = shutil.disk_usage(home).free
    error = PublishError(
        f"no space left on device: publishing needs {needed:,} bytes beside the served warehouse in "
        f"{home}, {free:,} are free; the served warehouse was left as it was (free some space and "
        "build again)"
    )
    error.errno = errno.ENOSPC  # still an ENOSPC for code that checks, with a message that reads
    return error


def publish(settings: Settings) -> Path:
    """Promote the build database to the served one by an atomic replace.

    The copy goes to `<served>.publishing` first; whatever goes wrong before the replace (a full
    disk above all), that partial copy is removed, so the space is given back and the next run
    starts clean. A full disk is reported as such, not as the traceback of whatever write failed."""
    build = settings.build_db
    if not build.exists():
        raise FileNotFoundError(f"no build database to publish at {build}")
    with connect(build) as con:  # fold any WAL into the file before copying it
        con.execute("SELECT 1")
    settings.home.mkdir(parents=True, exist_ok=True)
    staging = settings.served_db.with_name(settings.served_db.name + ".publishing")
    staging.unlink(missing_ok=True)  # a killed run's leftover
    needed = build.stat().st_size
    if shutil.disk_usage(settings.home).free < needed:
        raise _no_space(needed, settings.home)
    try:
        shutil.copyfile(build, staging)
        _fsync_file(staging)
        os.replace(staging, settings.served_db)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        if exc.errno in _NO_SPACE:
            raise _no_space(needed, settings.home) from exc
        raise
    _fsync_dir(settings.home)
    return settings.served_db


_FULL_DISK_WORDS = ("no space left on device", "database or disk is full", "disk i/o error", "disk full")


def disk_full_message(exc: BaseException, home: Path) -> str | None:
    """A plain sentence when `exc` (or what caused it) is a full disk under `home`, else None.

    A disk can fill anywhere in a run, and then the first write to fail is often not ours: Dagster's
    SQLite run storage under <home>/dagster reports `disk I/O error`. Whatever the layer, the operator
    should read that the disk is full and where, not a storage layer's traceback."""
    seen: set[int] = set()
    chain: list[BaseException] = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    try:
        free = shutil.disk_usage(home if home.exists() else home.parent).free
    except OSError:
        free = None
    for error in chain:
        text = str(error).lower()
        full = isinstance(error, OSError) and error.errno in _NO_SPACE
        full = full or any(w in text for w in _FULL_DISK_WORDS[:2])
        # an I/O error is a full disk only when the disk is indeed (nearly) full
        full = full or (any(w in text for w in _FULL_DISK_WORDS[2:]) and free is not None and free < 1 << 20)
        if full:
            where = f"{free:,} bytes free" if free is not None else "free space unknown"
            return (
                f"no space left on device under {home} ({where}): the run stopped; free some space "
                "and build again (the served warehouse is only ever replaced whole, never half-written)"
            )
    return None
