"""The app never shows stale data (issue 14, item 6)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

COUNT = "SELECT count(*) AS n FROM marts.fct_audit_finding"


def _publish_with(served: Path, *statements: str) -> None:
    """A new served file, as orchestration.warehouse.publish makes one: a copy, then os.replace."""
    staging = served.with_name(served.name + ".publishing")
    shutil.copyfile(served, staging)
    con = duckdb.connect(str(staging))
    for sql in statements:
        con.execute(sql)
    con.close()
    os.replace(staging, served)


def _n(df) -> int:
    return int(df["n"].iloc[0])


# --- item 6: a fresh view of the served file after every publish -----------------------------------------------


def test_a_query_after_a_publish_sees_the_new_file_while_an_old_reader_is_open(
    home_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB shares one database instance per path in a process: while an earlier reader holds
    the old file, a plain connect(path) after the publish returns the old warehouse."""
    from app import data

    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    served = home_copy / "warehouse.duckdb"
    assert _n(data.query(COUNT)) == 52
    earlier = duckdb.connect(str(served), read_only=True)  # a query of another session, still open
    try:
        assert earlier.execute(COUNT).fetchall() == [(52,)]
        _publish_with(served, "DELETE FROM marts.fct_audit_finding WHERE status = '완료'")
        after = _n(data.query(COUNT))
        assert after < 52
    finally:
        earlier.close()
    # and what was cached under the new file's key is the new file's answer
    assert _n(data.query(COUNT)) == after
    assert data.has_table("marts.fct_audit_finding")


def test_the_file_swapped_during_a_running_query(home_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow query runs on the old file in another thread; the file is replaced meanwhile; a query
    started after the replace answers from the new file, and the slow one from the old."""
    from app import data

    monkeypatch.setenv("ICTWH_HOME", str(home_copy))
    served = home_copy / "warehouse.duckdb"
    slow_sql = (
        "SELECT count(*) AS n, sum(hash(r.range + f.ordinal)) AS h "
        "FROM marts.fct_audit_finding AS f, range(40000000) AS r"
    )
    slow: dict[str, object] = {}

    def run_slow() -> None:
        slow["df"] = data.query(slow_sql)

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.5)  # the slow query has opened the old file
    _publish_with(served, "DELETE FROM marts.fct_audit_finding WHERE ordinal > 10")
    try:
        after = _n(data.query(COUNT))
        assert worker.is_alive(), "the slow query ended before the swap: it proves nothing"
        assert after < 52, "a query started after the publish answered from the old file"
    finally:
        worker.join(timeout=300)
    assert int(slow["df"]["n"].iloc[0]) == 52 * 40_000_000  # the earlier query kept its file
