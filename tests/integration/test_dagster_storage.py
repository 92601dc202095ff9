"""The warehouse's Dagster instance (orchestration/dagster_sqlite.py): Dagster's SQLite storage in
the home, its event log's connections kept open by the process. What it writes is Dagster's own
history: read by a plain Dagster instance, at once and after the home has moved."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration.dagster_sqlite import KEPT_OPEN, KeptOpenSqliteEventLogStorage, WarehouseInstance

TEMPLATE = Path(__file__).resolve().parents[2] / "orchestration" / "dagster.yaml"


@dg.asset
def counted() -> int:
    return 1


@dg.asset_check(asset=counted)
def counted_is_one() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _home(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(TEMPLATE, folder / "dagster.yaml")
    return folder


def _plain(folder: Path) -> dg.DagsterInstance:
    """Dagster's default instance on the same folder (what a stock webserver would open)."""
    plain = folder.parent / f"{folder.name}_plain"
    shutil.copytree(folder, plain)
    (plain / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return dg.DagsterInstance.from_config(str(plain))


def _materialise(instance: dg.DagsterInstance) -> str:
    result = dg.materialize([counted, counted_is_one], instance=instance)
    assert result.success
    return result.run_id


def test_a_home_gets_the_kept_open_event_log_under_its_own_folder(tmp_path):
    home = _home(tmp_path / "dagster")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance, WarehouseInstance)
        storage = instance.event_log_storage
        assert isinstance(storage, KeptOpenSqliteEventLogStorage)
        assert Path(storage._base_dir) == home / "history" / "runs"


def test_what_it_writes_is_read_by_plain_dagster_while_it_is_open_and_after_a_move(tmp_path):
    home = _home(tmp_path / "dagster")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run_id = _materialise(instance)
        # committed while this process still holds its connections: another reader sees it all
        with _plain(home) as other:
            logs = other.all_logs(run_id)
            assert any(e.dagster_event_type == dg.DagsterEventType.RUN_SUCCESS for e in logs)
            assert other.get_latest_materialization_event(dg.AssetKey("counted")) is not None
            check = other.event_log_storage.get_asset_check_execution_history(
                dg.AssetCheckKey(dg.AssetKey("counted"), "counted_is_one"), limit=1
            )
            assert check and check[0].run_id == run_id

    moved = tmp_path / "elsewhere" / "dagster"
    shutil.move(str(home), str(moved))
    with dg.DagsterInstance.from_config(str(moved)) as instance:
        assert Path(instance.event_log_storage._base_dir) == moved / "history" / "runs"
        assert instance.get_run_by_id(run_id) is not None
        assert len(instance.all_logs(run_id)) > 0
        second = _materialise(instance)
        assert instance.get_latest_materialization_event(dg.AssetKey("counted")).run_id == second


def test_connections_are_kept_for_a_bounded_number_of_databases(tmp_path):
    home = _home(tmp_path / "dagster")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for _ in range(KEPT_OPEN + 3):
            _materialise(instance)
        storage = instance.event_log_storage
        assert len(storage._engines) <= KEPT_OPEN  # the oldest runs' connections were closed
    assert not storage._engines  # and every one when the instance was disposed


def test_the_index_is_asked_for_a_table_once_per_process_not_at_every_check_event(tmp_path, monkeypatch):
    asked: list[str] = []
    dialect_has_table = SqliteEventLogStorage.has_table

    def counting(self: SqliteEventLogStorage, table_name: str) -> bool:
        asked.append(table_name)
        return dialect_has_table(self, table_name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counting)
    home = _home(tmp_path / "dagster")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for _ in range(3):  # each run writes a planned and an evaluated check event
            _materialise(instance)
        assert asked.count("asset_check_executions") == 1
        storage = instance.event_log_storage
        assert not storage.has_table("no_such_table") and not storage.has_table("no_such_table")
        assert asked.count("no_such_table") == 2  # a missing table is asked again: a migration may add it
        storage.wipe()  # a wipe may drop tables: the next question goes to SQLite again
        assert storage.has_table("asset_check_executions")
        assert asked.count("asset_check_executions") == 2
