"""One writer at a time: commands that write a repository take its lock file.

The lock is an advisory ``flock`` on ``<root>/.polyglot-docs.lock``, released
by the kernel when the process ends, however it ends (a SIGKILL included), so
a crashed run never leaves the repository locked. A second run waits, saying
so, or with ``wait=False`` fails at once with a clear message.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from polyglot_docs.core.errors import PolyglotError

LOCK_FILE = ".polyglot-docs.lock"


class LockedError(PolyglotError):
    """Another polyglot-docs run holds the repository."""


@contextmanager
def repository_lock(root: Path, *, wait: bool = True, notify: Callable[[str], None] | None = None,
                    timeout: float | None = None, folders: tuple[Path, ...] = ()) -> Iterator[None]:
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            message = f"another polyglot-docs run (pid {holder}) is working on this repository"
            if not wait:
                raise LockedError(message + "; try again when it has finished", str(path)) from None
            if notify:
                notify(f"waiting: {message}")
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise LockedError(message, str(path)) from None
                    time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _remove_stale_temporaries(folders)
        yield
    finally:
        os.close(fd)


def _remove_stale_temporaries(folders: tuple[Path, ...]) -> None:
    """Temporary files an interrupted run left behind; safe to remove while we hold the lock."""
    for folder in folders:
        if folder.is_dir():
            for leftover in folder.rglob(".*.tmp"):
                leftover.unlink(missing_ok=True)
