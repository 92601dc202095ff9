"""Shared fixtures: the seed corpus, and the dbt manifest prepared once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "documents"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


def seed_path(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """`dbt parse`, as the Makefile does, so the Dagster dbt assets are defined from a fresh manifest."""
    from orchestration.dbt_resources import parse_dbt_project

    return parse_dbt_project()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus (documents and sidecars)."""
    dest = tmp_path / "documents"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory, dbt_manifest: Path):
    """Settings of a warehouse built and published from the shipped corpus, once per session."""
    from orchestration.cli import run_build
    from orchestration.settings import load_settings

    home = tmp_path_factory.mktemp("seed_warehouse")
    settings = load_settings(documents_dir=SEEDS, home=home)
    outcome = run_build(settings, quiet=True)
    assert outcome.published, outcome.failures
    return settings


def query(settings, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the served warehouse, opened read-only as analysts do."""
    import duckdb

    con = duckdb.connect(str(settings.served_db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
