"""Every mart to Parquet or CSV, for analysts who do not use DuckDB."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from orchestration.warehouse import connect

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def export_marts(db_path: Path, dest: Path, *, fmt: str = "parquet") -> list[Path]:
    """Write marts.* tables as <dest>/<table>.<fmt>; the folder is replaced whole, never half-written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    dest = dest.resolve()
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    written = []
    with connect(db_path, read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            path = tmp / f"{table}.{fmt}"
            con.execute(f"COPY marts.{table} TO '{path}' {FORMATS[fmt]}").fetchall()
            written.append(dest / path.name)
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        os.replace(dest, old)
    os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)
    return written
