"""A throwaway local PostgreSQL server for tests: `running_postgres()` (a context manager) and the
session-scoped pytest fixture `postgres_url`, both yielding a libpq / SQLAlchemy URL
(`postgresql://<user>@127.0.0.1:<port>/postgres`, trust authentication, no password).

The server is the Debian package's (`postgresql`: /usr/lib/postgresql/<version>/bin/initdb and
pg_ctl), run from a data folder under a temporary directory, listening on 127.0.0.1 on a free port
with its unix socket in that directory; it is stopped and the directory deleted afterwards. initdb
and postgres refuse to run as root: as root they run as the `postgres` system user (via runuser),
the temporary directory handed to that user. Without the binaries the fixture skips and says which
package to install.

Use it from a test module with `from tests.postgres_server import postgres_url  # noqa: F401`, or
register it once in a conftest.py.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

DEBIAN_PACKAGE = "postgresql"
START_TIMEOUT_S = 60


def postgres_bin_dir() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin), or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")]
    found = [d for d in found if (d / "initdb").exists()]
    if not found:
        return None
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)


def missing_reason() -> str | None:
    """Why no server can be started here (None when one can)."""
    if postgres_bin_dir() is None:
        return (
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            f"(install the Debian package `{DEBIAN_PACKAGE}`)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and `runuser` is missing to run the server as `postgres`"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_server_user(cmd), check=True, capture_output=True, text=True, **kwargs)


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Start a fresh server, yield its URL, then stop it and delete its files. Raises RuntimeError
    (with the reason) when no server can be started here."""
    reason = missing_reason()
    if reason:
        raise RuntimeError(reason)
    bin_dir = postgres_bin_dir()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="pgtest-"))
    data, socket_dir, log = root / "data", root / "socket", root / "server.log"
    socket_dir.mkdir()
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        for path in (root, socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        root.chmod(0o700)
    port = _free_port()
    try:
        _start(bin_dir, data, log, user, port, socket_dir)
    except BaseException:
        _stop(bin_dir, data)
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    finally:
        _stop(bin_dir, data)
        shutil.rmtree(root, ignore_errors=True)


def _start(bin_dir: Path, data: Path, log: Path, user: str, port: int, socket_dir: Path) -> None:
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "--encoding=UTF8"]
    initdb += ["--locale=C.UTF-8", "--no-sync"]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {socket_dir} -c fsync=off -c full_page_writes=off"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w"]
    try:
        _run(initdb)
        _run([*pg_ctl, "-t", str(START_TIMEOUT_S), "start"])
    except subprocess.CalledProcessError as exc:
        server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{exc.cmd[-1]} failed: {exc.stderr or exc.stdout}\n{server_log}") from exc


def _stop(bin_dir: Path, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_server_user(stop), capture_output=True, check=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server shared by the test session; skips where none can run."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with running_postgres() as url:
        yield url
