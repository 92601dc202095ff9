"""The build and served DuckDB files: start a build, write raw tables, promote atomically.

DuckDB allows one writer per file. A run writes only to build/warehouse.duckdb, started as a copy
of the served file (so extraction can be incremental); readers only ever open the served file,
read-only. Publishing is an fsync'd copy beside the served file followed by os.replace, so a
killed run leaves the served file exactly as it was.
"""

from __future__ import annotations

import contextlib
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


def publish(settings: Settings) -> Path:
    """Promote the build database to the served one by an atomic replace."""
    build = settings.build_db
    if not build.exists():
        raise FileNotFoundError(f"no build database to publish at {build}")
    with connect(build) as con:  # fold any WAL into the file before copying it
        con.execute("SELECT 1")
    settings.home.mkdir(parents=True, exist_ok=True)
    staging = settings.served_db.with_name(settings.served_db.name + ".publishing")
    shutil.copyfile(build, staging)
    _fsync_file(staging)
    os.replace(staging, settings.served_db)
    _fsync_dir(settings.home)
    return settings.served_db
