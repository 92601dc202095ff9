"""What a published warehouse was built from, so a run with nothing new publishes nothing.

The fingerprint covers the documents (content hashes and metadata), the rejected files, the
extractor versions, and every file that shapes the build (dbt project, reference seeds, GX suites,
the package version). A run whose fingerprint equals the served warehouse's stops after ingestion.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import duckdb

from orchestration import __version__
from orchestration.ingest.documents import Document, Rejected
from orchestration.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR, REFERENCE_DIR
from orchestration.warehouse import read_served

# What dbt parses, relative to the dbt project: the one list the quick fingerprint (code_digest)
# and the manifest's staleness check (dbt_resources.manifest_is_stale) both read.
DBT_INPUT_FILES = ("dbt_project.yml", "profiles.yml")
DBT_INPUT_DIRS = ("models", "macros", "tests", "snapshots", "analyses")


def _files_below(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []


def dbt_input_files(project_dir: Path = DBT_PROJECT_DIR, reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    """Every file dbt reads when it parses the project: its two YAML files, models, macros,
    singular tests (snapshots, analyses if any) and the reference seeds (`seed-paths`)."""
    files = [project_dir / name for name in DBT_INPUT_FILES if (project_dir / name).is_file()]
    for name in DBT_INPUT_DIRS:
        files.extend(_files_below(project_dir / name))
    files.extend(_files_below(reference_dir))
    return sorted(files)


def code_digest(
    project_dir: Path = DBT_PROJECT_DIR,
    reference_dir: Path = REFERENCE_DIR,
    expectations_dir: Path = EXPECTATIONS_DIR,
) -> str:
    """Everything that shapes the marts besides the documents (the dbt inputs and the GX suites):
    a change rebuilds them fully."""
    h = hashlib.sha256(__version__.encode())
    roots = {"dbt": project_dir, "reference": reference_dir, "expectations": expectations_dir}
    files = [*dbt_input_files(project_dir, reference_dir), *_files_below(expectations_dir)]
    for path in sorted(set(files)):
        label, root = next((k, r) for k, r in roots.items() if r == path.parent or r in path.parents)
        h.update(f"{label}/{path.relative_to(root).as_posix()}".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def files_digest(folder: Path) -> str:
    """Every entry of the documents folder (sidecars, links, pipes and directories included) by
    path, type, size and modification time: cheap to take (lstat only: nothing is opened or
    followed), and it changes whenever an entry is added, removed, replaced or edited."""
    h = hashlib.sha256()
    entries = []
    for root, dirs, files in os.walk(folder):  # links to directories are listed, not followed
        dirs.sort()
        entries.extend(Path(root) / name for name in (*dirs, *files))
    for path in sorted(entries):
        try:
            st = os.lstat(path)
        except OSError:
            continue
        h.update(f"{path}\0{stat.S_IFMT(st.st_mode)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def quick(folder: Path, versions: dict[str, str]) -> str:
    """The folder's file stats plus what shapes the build: equal to the served warehouse's means
    nothing can have changed, without reading a single document."""
    payload = {"files": files_digest(folder), "extractors": versions, "code": code_digest()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def compute(docs: list[Document], rejects: list[Rejected], versions: dict[str, str]) -> str:
    payload = {
        "documents": sorted(
            [
                d.doc_id,
                d.file_name,
                d.path,
                json.dumps(d.metadata.to_json(), sort_keys=True, ensure_ascii=False),
            ]
            for d in docs
        ),
        "rejected": sorted([r.path, r.reason] for r in rejects),
        "extractors": versions,
        "code": code_digest(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_BUILD_INFO_COLUMNS = frozenset({"fingerprint", "quick_fingerprint", "code_digest", "full_refresh", "run_id"})


def _column(name: str) -> str:
    """A column of dq.build_info, checked against the known ones before it goes into SQL text."""
    if name not in _BUILD_INFO_COLUMNS:
        raise ValueError(f"not a column of dq.build_info: {name!r}")
    return name


def served_fingerprint(served_db: Path, column: str = "fingerprint") -> str | None:
    """The fingerprint (or quick_fingerprint, code_digest) the served warehouse was built from."""
    column = _column(column)
    rows = read_served(served_db, f"SELECT {column} FROM dq.build_info ORDER BY built_at DESC LIMIT 1")
    return rows[0][0] if rows else None


def record(
    con: duckdb.DuckDBPyConnection,
    fingerprint: str,
    quick_fingerprint: str,
    run_id: str,
    *,
    code: str,
    full_refresh: bool,
) -> None:
    """The build's row of dq.build_info: what it was built from, and whether its incremental marts
    are rebuilt whole (new models, reference data or suites) or only for the changed documents."""
    con.execute("CREATE SCHEMA IF NOT EXISTS dq")
    con.execute(
        "CREATE TABLE IF NOT EXISTS dq.build_info "
        "(fingerprint VARCHAR, quick_fingerprint VARCHAR, run_id VARCHAR, built_at TIMESTAMP)"
    )
    con.execute("ALTER TABLE dq.build_info ADD COLUMN IF NOT EXISTS code_digest VARCHAR")
    con.execute("ALTER TABLE dq.build_info ADD COLUMN IF NOT EXISTS full_refresh BOOLEAN")
    con.execute(
        "INSERT INTO dq.build_info (fingerprint, quick_fingerprint, run_id, built_at, code_digest, "
        "full_refresh) VALUES (?, ?, ?, now(), ?, ?)",
        [fingerprint, quick_fingerprint, run_id, code, full_refresh],
    ).fetchall()


def _latest(con: duckdb.DuckDBPyConnection, column: str):
    column = _column(column)
    try:
        rows = con.execute(f"SELECT {column} FROM dq.build_info ORDER BY built_at DESC LIMIT 1").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def full_refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this build rebuilds its incremental marts whole (see `record`)."""
    return _latest(con, "full_refresh") is not False


def build_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The run that started this build database (its ingest recorded the latest build_info row)."""
    return _latest(con, "run_id")


def up_to_date(settings) -> bool:
    """True when the served warehouse was built from exactly these files (same paths, sizes and
    modification times) and this code: checked before Dagster, dbt or GX are even loaded, by the
    command line and by the daily schedule (which then launches no run)."""
    from orchestration.raw_load import extractor_versions

    if not settings.documents_dir.is_dir():
        return False
    served = served_fingerprint(settings.served_db, "quick_fingerprint")
    return served is not None and served == quick(settings.documents_dir, extractor_versions())
