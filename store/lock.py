"""The single-writer lock of a store directory.

``fcntl.flock`` on ``writer.lock``: the kernel drops it when the holder dies,
even by SIGKILL, so there is never a stale lock to clean up.  The holder's pid
is written inside so a refused writer can say who is in the way.  The file is
never deleted: unlinking a lock file lets two processes lock two inodes.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from store.errors import StoreError, StoreLocked

LOCK_NAME = "writer.lock"


def _describe(pid: int) -> str:
    """The holder's command line, shortened, if /proc can tell (e.g. 'run.py serve')."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    args = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    if args and os.path.basename(args[0]).startswith("python"):
        args = args[1:]
    if not args:
        return "?"
    text = " ".join(" ".join([os.path.basename(args[0]), *args[1:4]]).split())
    return text if len(text) <= 60 else text[:57] + "..."


class WriterLock:
    """An exclusive, non-blocking lock held for as long as the store is open."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open lock file {self.path}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._holder(fd)
            os.close(fd)
            who = f"process {holder} ({_describe(holder)})" if holder else "another process"
            raise StoreLocked(
                f"store {directory}/ is in use by {who}; only one writer at a time "
                f"(stop it, or open the store read-only)",
                pid=holder,
            ) from None
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"cannot lock {self.path}: {exc}") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd: int | None = fd

    @staticmethod
    def _holder(fd: int) -> int | None:
        try:
            text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        """Unlock; the pid stays in the file but means nothing without the flock."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
