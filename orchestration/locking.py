"""One build at a time per warehouse home.

Two runs writing the same build database would corrupt it, so a run takes an exclusive lock on
<home>/build.lock before it starts its build and keeps it until it has published or failed. A
second run waits for it. The lock is an OS file lock: a killed run's lock goes with its process.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from orchestration.settings import Settings

_HELD: dict[str, int] = {}  # run_id -> file descriptor of the lock file


def lock_path(settings: Settings) -> Path:
    return settings.home / "build.lock"


def acquire(settings: Settings, run_id: str, *, on_wait: Callable[[str], None] | None = None) -> float:
    """Block until this run holds the lock; returns the seconds spent waiting."""
    if run_id in _HELD:
        return 0.0
    settings.home.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(settings), os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another run"
        if on_wait:
            on_wait(f"another build holds {lock_path(settings)} ({holder}); waiting for it to finish")
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"run {run_id}, pid {os.getpid()}".encode(), 0)
    _HELD[run_id] = fd
    return time.monotonic() - started


def release(run_id: str) -> None:
    fd = _HELD.pop(run_id, None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def release_all() -> None:
    """Release every lock this process holds (an in-process run that stopped before publishing)."""
    for run_id in list(_HELD):
        release(run_id)
