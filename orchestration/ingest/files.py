"""Reading a file of the documents folder: regular files only, never through a link, never blocking.

A documents folder is input we do not control. A symbolic link may point outside it (/etc/passwd
would be stored and shown to every app visitor); opening a named pipe blocks until someone writes
to it (every build would hang); a socket or a device is not a document either. So a file is opened
with O_NOFOLLOW | O_NONBLOCK and checked with fstat on the open descriptor: what is checked is
what is read, even if the entry is swapped between listing and reading.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The entry is not a regular file; `kind` says what it is (symbolic link, named pipe ...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more than the limit (it may have grown since it was listed)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"more than {size} bytes")
        self.size = size


def entry_kind(mode: int) -> str | None:
    """What a directory entry is, in words, from its (l)stat mode; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_regular_file(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a regular file. Raises NotRegularFile (a link, pipe, socket, device or
    directory: never followed, never waited on), FileTooLarge, or the OSError of the read."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise NotRegularFile("symbolic link") from None
        if exc.errno == errno.ENXIO:  # a Unix socket cannot be opened
            raise NotRegularFile("socket") from None
        raise
    try:
        st = os.fstat(fd)
        kind = entry_kind(st.st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        fh = os.fdopen(fd, "rb")  # owns fd from here
    except BaseException:
        os.close(fd)
        raise
    with fh:
        data = fh.read(min(st.st_size, max_bytes) + 1)  # one read when the file is as listed
        if len(data) > st.st_size:  # it grew since: read on, up to one byte past the limit
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    return data
