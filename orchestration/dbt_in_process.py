"""dbt run inside the run's own process, on a thread, behind the face of the dbt process dagster-dbt
expects.

Why: a `dbt build` process spends about 1.5 s importing what the run's process has already
imported, then writes every event as JSON for dagster-dbt to parse back; on an incremental run that
is a third of dbt's time. dagster-dbt reads events from a process's stdout and asks it for an exit
code, so `DbtThread` is that: dbt's own runner (`dbtRunner`) on a thread, its structured events
written to an OS pipe as the same JSON lines `dbt --log-format json` prints, and the exit code the
dbt command would have returned. Everything else (selection, events, checks, artifacts) stays
dagster-dbt's.

dbt-duckdb keeps its DuckDB connection open in the process after a run; it is closed when dbt ends,
so the steps after dbt can open the build database (DuckDB refuses a second connection to a file
with another configuration in the same process).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import threading
import time
from typing import Any

# dbt's exit codes: 0 success, 1 a node failed (a test, a model), 2 dbt itself failed
SUCCESS, NODE_FAILED, DBT_FAILED = 0, 1, 2


def close_dbt_duckdb() -> None:
    """Close the DuckDB connection dbt-duckdb keeps for the process (nothing when it has none)."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter: nothing of DuckDB's is open
        return
    with DuckDBConnectionManager._LOCK:
        env, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
    if env is not None:
        env.close()


def _cancel_dbt_queries() -> None:
    """Cancel the queries dbt's adapters are running (DuckDB's or any other), as dbt does itself
    when it is interrupted: a thread waiting on its workers would otherwise wait for them to end."""
    try:
        from dbt.adapters.factory import FACTORY
    except ImportError:
        return
    for adapter in list(FACTORY.adapters.values()):
        with contextlib.suppress(Exception):
            adapter.cancel_open_connections()


def _error_line(message: str) -> bytes:
    """An error as a dbt JSON log line: dagster-dbt collects error-level lines for its messages."""
    event = {
        "info": {"name": "InProcessDbtError", "level": "error", "msg": message, "ts": time.time()},
        "data": {},
    }
    return json.dumps(event).encode() + b"\n"


class DbtThread:
    """What DbtCliInvocation uses of subprocess.Popen (`args`, `stdout`, `wait`, `poll`,
    `returncode`, `send_signal`), for dbt run by `dbtRunner` on a thread of this process."""

    def __init__(self, args: list[str]) -> None:
        self.args = ["dbt", *args]
        self.returncode: int | None = None
        read_end, write_end = os.pipe()
        self.stdout = os.fdopen(read_end, "rb")
        self._out = os.fdopen(write_end, "wb", buffering=0)  # each event as dbt fires it
        self._thread = threading.Thread(target=self._run, args=(list(args),), name="dbt", daemon=True)
        self._thread.start()

    def _emit(self, msg: Any) -> None:
        """Every event dbt would print at info level or above, as its JSON line."""
        from dbt_common.events.functions import msg_to_json

        if msg.info.level != "debug":
            self._write(msg_to_json(msg).encode() + b"\n")

    def _write(self, line: bytes) -> None:
        """To the reader, unless it has stopped reading (an interrupted run): then to no one."""
        with contextlib.suppress(BrokenPipeError, ValueError):
            self._out.write(line)

    def _run(self, args: list[str]) -> None:
        code = DBT_FAILED
        try:
            from dbt.cli.main import dbtRunner

            result = dbtRunner(callbacks=[self._emit]).invoke(args)
            if result.exception is not None:
                self._write(_error_line(f"dbt failed: {result.exception}"))
            code = SUCCESS if result.success else (DBT_FAILED if result.exception else NODE_FAILED)
        except BaseException as exc:  # reported as dbt's failure, never lost
            self._write(_error_line(f"dbt failed: {type(exc).__name__}: {exc}"))
        finally:
            try:
                close_dbt_duckdb()
            finally:
                with contextlib.suppress(BrokenPipeError):
                    self._out.close()
                self.returncode = code

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        self._thread.join(timeout)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        """What SIGINT does to a dbt process: dbt sees a KeyboardInterrupt, cancels its queries and
        stops, reporting the interruption; the connection is then closed as after any run."""
        ident = self._thread.ident
        if ident is None or not self._thread.is_alive():
            return
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(KeyboardInterrupt))
        _cancel_dbt_queries()
