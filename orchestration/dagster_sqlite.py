"""Dagster's SQLite event log, with each database's connection kept open by the process.

Why: Dagster's SQLite event log opens a new engine and connection for every write and closes it
after. In WAL mode the close of the last connection to a database checkpoints it (copies the log
into the file and syncs it), so every one of a run's ~450 events paid that twice (the run's own
database and the index): about 5 of the 20 seconds of adding a document to a large warehouse. Here
each database keeps one pooled connection for the life of the process; the WAL is checkpointed
when it grows (SQLite's automatic checkpoint) and when the instance is disposed. Commits are as
durable as before (same journal and synchronous settings), the files and their layout are Dagster's
own (`<DAGSTER_HOME>/history/runs/`), so a home can switch to or from this class and keep its history.

`orchestration/dagster.yaml` names `WarehouseInstance`, whose default storage (no `storage:` key) is
Dagster's SQLite storage in the instance's folder with this event log: the paths follow the folder,
so a home can be moved or copied. PostgreSQL storage (dagster_postgres.yaml) pools anyway.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from dagster import DagsterInstance, StringSource
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

# databases whose connection stays open: the index, and the runs this process writes or reads
KEPT_OPEN = 16


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose connections are pooled per database instead of opened and
    closed (with a checkpoint) for every event."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_seen: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"base_dir": StringSource}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: dict[str, Any]) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        """The shard's engine (called under `_db_lock`), its database created on first use."""
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=4,
            # the pool hands a connection to whichever thread holds _db_lock next
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > KEPT_OPEN:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        """Whether the index holds the table, asked once per process while it does: Dagster asks
        before every asset-check event (`supports_asset_checks`), and its own answer opens and
        closes a connection to the index each time. Migrations add tables; only a wipe drops them."""
        if table_name in self._tables_seen:
            return True
        found = super().has_table(table_name)  # (callers may hold the index's connection and lock)
        if found:
            self._tables_seen.add(table_name)
        return found

    def _close_all(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._tables_seen.clear()
        self._close_all()  # its files are deleted: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()


def _config_yaml(base_dir: str) -> str:
    return f"base_dir: {json.dumps(base_dir)}\n"  # a JSON string is a YAML string


def _event_log_dir(base_dir: str) -> str:
    return os.path.join(base_dir, "history", "runs", "")  # where Dagster's default keeps it


class WarehouseSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage (runs, events, schedules under the instance's folder), its
    event log kept open."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        super().__init__(base_dir, inst_data)
        self._event_log_storage = KeptOpenSqliteEventLogStorage(_event_log_dir(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: dict[str, Any]) -> WarehouseSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)

    @property
    def event_storage_data(self) -> ConfigurableClassData:
        return ConfigurableClassData(
            __name__,
            KeptOpenSqliteEventLogStorage.__name__,
            _config_yaml(_event_log_dir(self.base_dir)),
        )


class WarehouseInstance(DagsterInstance):
    """The Dagster instance of a warehouse home (`instance_class` in dagster.yaml): Dagster's own,
    whose default storage is WarehouseSqliteStorage in the instance's folder."""

    @classmethod
    def config_schema(cls) -> dict[str, Any]:
        return {}

    @staticmethod
    def config_defaults(base_dir: str) -> dict[str, ConfigurableClassData | None]:
        defaults = dict(InstanceRef.config_defaults(base_dir))
        defaults["storage"] = ConfigurableClassData(
            __name__,
            WarehouseSqliteStorage.__name__,
            _config_yaml(base_dir),
        )
        return defaults
