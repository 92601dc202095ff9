"""dbt runs inside the run's process (orchestration/dbt_in_process.py) and behaves to dagster-dbt as
the dbt command would: its exit codes, its failures, its artifacts, and the database left free."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from orchestration.dbt_in_process import DBT_FAILED, NODE_FAILED, SUCCESS, DbtThread
from orchestration.dbt_resources import DBT_EXECUTABLE, DBT_SUBPROCESS_ENV, WarehouseDbtCliResource


def _project(root: Path, *, failing_test: bool = False, broken: bool = False, slow: bool = False) -> Path:
    """A throwaway dbt project: one model on DuckDB, and a test that fails when asked to."""
    (root / "models").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "dbt_project.yml").write_text(
        "name: tiny\nversion: '1.0'\nprofile: tiny\nmodel-paths: ['models']\ntest-paths: ['tests']\n"
        + ("models: [this is not a mapping\n" if broken else ""),
        encoding="utf-8",
    )
    (root / "profiles.yml").write_text(
        f"tiny:\n  target: t\n  outputs:\n    t:\n      type: duckdb\n      path: '{root / 'tiny.duckdb'}'\n",
        encoding="utf-8",
    )
    (root / "models" / "numbers.sql").write_text("select 1 as n union all select 2 as n\n", encoding="utf-8")
    if slow:  # minutes of work for DuckDB, unless interrupted
        (root / "models" / "slow.sql").write_text(
            "{{ config(materialized='table') }}\n"
            "select sum(a.range * b.range) as s from range(1000000) a, range(100000) b\n",
            encoding="utf-8",
        )
    limit = "1" if failing_test else "5"
    (root / "tests" / "no_big_numbers.sql").write_text(
        f"select * from {{{{ ref('numbers') }}}} where n > {limit}\n", encoding="utf-8"
    )
    return root


def _resource(root: Path) -> WarehouseDbtCliResource:
    return WarehouseDbtCliResource(
        project_dir=str(root), profiles_dir=str(root), dbt_executable=DBT_EXECUTABLE
    )


def _run(root: Path):
    invocation = _resource(root).cli(["build"], raise_on_error=False, target_path=root / "target")
    events = list(invocation.stream_raw_events())
    return invocation, events


def test_a_build_runs_in_this_process_and_leaves_the_database_free(tmp_path, monkeypatch):
    root = _project(tmp_path / "ok")

    real_popen = subprocess.Popen

    def no_dbt_process(args, *a, **k):
        if Path(str(args[0] if isinstance(args, list | tuple) else args).split()[0]).name == "dbt":
            raise AssertionError(f"a dbt process was started: {args}")
        return real_popen(args, *a, **k)

    monkeypatch.setattr(subprocess, "Popen", no_dbt_process)
    invocation, events = _run(root)
    assert isinstance(invocation.process, DbtThread)
    assert invocation.is_successful() and invocation.process.returncode == SUCCESS
    names = [e.raw_event["info"]["name"] for e in events]
    assert "LogModelResult" in names and "LogTestResult" in names
    results = invocation.get_artifact("run_results.json")["results"]
    assert {r["status"] for r in results} == {"success", "pass"}
    assert (root / "target" / "dbt.log").stat().st_size > 0  # dbt's own debug log is still written
    # DuckDB refuses a connection with another configuration while dbt-duckdb holds one open
    with duckdb.connect(str(root / "tiny.duckdb"), read_only=True) as con:
        assert con.execute("select sum(n) from numbers").fetchone() == (3,)


def test_a_failing_test_is_a_failed_invocation_as_from_the_dbt_command(tmp_path):
    root = _project(tmp_path / "fails", failing_test=True)
    invocation, _events = _run(root)
    assert not invocation.is_successful()
    assert invocation.process.returncode == NODE_FAILED
    failed = [r for r in invocation.get_artifact("run_results.json")["results"] if r["status"] == "fail"]
    assert [r["unique_id"] for r in failed] == ["test.tiny.no_big_numbers"]


def test_dbt_that_cannot_start_reports_why(tmp_path):
    root = _project(tmp_path / "broken", broken=True)
    invocation, events = _run(root)
    assert not invocation.is_successful()
    assert invocation.process.returncode == DBT_FAILED
    errors = [e.raw_event["info"]["msg"] for e in events if e.raw_event["info"]["level"] == "error"]
    assert errors and any("dbt_project.yml" in m or "dbt failed" in m for m in errors), errors


def test_the_operator_can_run_dbt_as_a_process_instead(tmp_path, monkeypatch):
    root = _project(tmp_path / "process")
    monkeypatch.setenv(DBT_SUBPROCESS_ENV, "1")
    invocation, _events = _run(root)
    assert isinstance(invocation.process, subprocess.Popen)
    assert invocation.is_successful()


def test_an_interrupted_run_stops_dbt_promptly_and_frees_the_database(tmp_path):
    """As SIGINT stops a dbt process: the run's interruption reaches dbt on its thread, its query is
    cancelled, and the report written after the failed step can open the build database."""
    root = _project(tmp_path / "slow", slow=True)
    invocation = _resource(root).cli(
        ["run", "--select", "slow"], raise_on_error=False, target_path=root / "target"
    )
    process = invocation.process
    deadline = time.monotonic() + 120
    for line in process.stdout:  # wait until dbt runs the slow model
        if json.loads(line)["info"]["name"] == "LogStartLine" or time.monotonic() > deadline:
            break
    time.sleep(0.5)
    stopped_at = time.monotonic()
    process.send_signal(signal.SIGINT)
    for _line in process.stdout:  # the reader keeps reading until dbt ends, as dagster-dbt does
        pass
    assert process.wait(timeout=60) in (NODE_FAILED, DBT_FAILED)
    assert time.monotonic() - stopped_at < 30, "dbt went on with its query"
    with duckdb.connect(str(root / "tiny.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone() is not None
