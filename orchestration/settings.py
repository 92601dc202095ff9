"""Paths and limits, resolved once from environment variables with defaults that work in a clone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
REFERENCE_DIR = PROJECT_ROOT / "seeds" / "reference"
DEFAULT_DOCUMENTS_DIR = PROJECT_ROOT / "seeds" / "documents"
DEFAULT_HOME = PROJECT_ROOT / ".warehouse"

# Every step that opens the build database is in this Dagster pool, so an operator can see and limit
# them; runs themselves are serialised by the build lock (orchestration/locking.py).
BUILD_POOL = "duckdb_build"
# ... and carries this tag: under the multiprocess executor (orchestration/jobs.py) they run one at a
# time (DuckDB has one writer per file), while steps without it, such as extraction shards, fan out.
DUCKDB_STEP_TAGS = {"ict_warehouse/duckdb": "build"}

# How a run executes: "in_process" (the default: one process, extraction on every core through a
# local pool) or "multiprocess" (each step its own process; extraction in one step per shard).
EXECUTOR_ENV = "ICTWH_EXECUTOR"
EXECUTORS = ("in_process", "multiprocess")
SHARDS_ENV = "ICTWH_EXTRACT_SHARDS"  # extraction shards of a multiprocess run (default: the cores)


def executor_name() -> str:
    name = os.environ.get(EXECUTOR_ENV, "").strip() or "in_process"
    if name not in EXECUTORS:
        raise ValueError(f"{EXECUTOR_ENV}={name!r}: expected one of {', '.join(EXECUTORS)}")
    return name


# A text document larger than this is rejected with a reason instead of being read.
DEFAULT_MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Where the documents come from and where the warehouse lives.

    home/
      warehouse.duckdb     the served (published) database: readers open it read-only
      build/warehouse.duckdb   the run's build database, promoted only when every gate passes
      reports/             the data-quality report of each run (HTML + JSON)
      exports/             Parquet export of the marts written at publish
      dbt/                 dbt's target folder: its artifacts, log and partial parse between runs
    """

    documents_dir: Path
    home: Path
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES

    @property
    def served_db(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def build_dir(self) -> Path:
        return self.home / "build"

    @property
    def build_db(self) -> Path:
        return self.build_dir / "warehouse.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's target folder for this home's builds (artifacts, logs, the partial parse)."""
        return self.home / "dbt"

    @property
    def shards_dir(self) -> Path:
        """A run's extraction shards (documents in, records out) while the run extracts."""
        return self.build_dir / "shards"

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"


def load_settings(documents_dir: str | Path | None = None, home: str | Path | None = None) -> Settings:
    """Arguments win over ICTWH_* environment variables, which win over the defaults."""
    docs = documents_dir or os.environ.get("ICTWH_DOCUMENTS_DIR") or DEFAULT_DOCUMENTS_DIR
    home_dir = home or os.environ.get("ICTWH_HOME") or DEFAULT_HOME
    max_bytes = int(os.environ.get("ICTWH_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES))
    return Settings(
        documents_dir=Path(docs).expanduser().resolve(),
        home=Path(home_dir).expanduser().resolve(),
        max_document_bytes=max_bytes,
    )
