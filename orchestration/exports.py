"""Every mart to Parquet or CSV, for analysts who do not use DuckDB."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from orchestration.warehouse import connect

# COPY options per format: constants of this module, never user input
FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted (names come from the catalog, but may hold any character)."""
    return '"' + name.replace('"', '""') + '"'


def export_marts(db_path: Path, dest: Path, *, fmt: str = "parquet") -> list[Path]:
    """Write marts.* tables as <dest>/<table>.<fmt>; the folder is replaced whole, never half-written.

    The destination path is a bound parameter of COPY, so any path works (a quote in a home
    folder's name broke the export after a publish)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    # a private staging folder beside dest: two exports at once never share one
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
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
                con.execute(f"COPY marts.{quote_ident(table)} TO ? {FORMATS[fmt]}", [str(path)]).fetchall()
                written.append(dest / path.name)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the export is for readers
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        if dest.exists():
            os.replace(dest, old / dest.name)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written
