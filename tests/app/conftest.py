"""App fixtures: one warehouse built from the shipped corpus per session, served to the app pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "documents"
APP = ROOT / "app"
PAGES = {
    "overview": APP / "pages" / "0_Overview.py",
    "programs": APP / "pages" / "1_Programs.py",
    "departments": APP / "pages" / "2_Departments.py",
    "audits": APP / "pages" / "3_Audits.py",
    "sources": APP / "pages" / "4_Sources.py",
    "data_quality": APP / "pages" / "5_Data_quality.py",
    "program": APP / "pages" / "6_Program.py",
}


@pytest.fixture(scope="session")
def warehouse_home(request: pytest.FixtureRequest) -> Path:
    """The home of the session's warehouse built and published from seeds/documents (tests/conftest.py).

    ICTWH_APP_TEST_HOME=<home> reuses a home already built from the shipped corpus (quicker while
    working on the app).
    """
    reuse = os.environ.get("ICTWH_APP_TEST_HOME")
    if reuse and (Path(reuse) / "warehouse.duckdb").exists():
        return Path(reuse).resolve()
    return request.getfixturevalue("seed_warehouse").home


@pytest.fixture
def app_env(warehouse_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app (app/data.py reads ICTWH_HOME through orchestration.settings) at the built warehouse."""
    monkeypatch.setenv("ICTWH_HOME", str(warehouse_home))
    return warehouse_home


@pytest.fixture
def served_con(warehouse_home: Path):
    """A read-only connection to the served database, to compare pages with the marts."""
    con = duckdb.connect(str(warehouse_home / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture
def home_copy(warehouse_home: Path, tmp_path: Path) -> Path:
    """A throwaway home holding a copy of the served database only (no reports)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(warehouse_home / "warehouse.duckdb", home / "warehouse.duckdb")
    return home


def work_report_doc_id(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute("SELECT doc_id FROM marts.dim_document WHERE kind = 'work_report'").fetchall()
    return rows[0][0]
