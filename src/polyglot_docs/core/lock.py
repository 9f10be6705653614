"""One writer at a time: commands that write a repository take its lock file.

The lock is ``<root>/.polyglot-docs.lock``, held with the ``filelock`` package: an
advisory ``flock`` on Unix, ``LockFileEx`` on Windows, both released by the
operating system when the process ends, however it ends (a SIGKILL included), so
a crashed run never leaves the repository locked. A second run waits, saying so,
or with ``wait=False`` fails at once with a clear message. The holder writes its
pid into the lock file so that message can name it.

The lock file is never followed if it is a symbolic link (filelock opens it with
``O_NOFOLLOW``, and so does the waiting run that reads the pid): a repository
that commits the lock file as a link to a file elsewhere gets an error, and that
file is left as it was.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from polyglot_docs.core.errors import PolyglotError

LOCK_FILE = ".polyglot-docs.lock"
STALE_TEMPORARY = ".*.tmp"  # what fsutil.stage names its temporary files

# A native lock (flock, LockFileEx) hands the locked descriptor to ``on_acquired``, through
# which the holder writes its pid. Where Unix has no fcntl, filelock falls back to a soft lock:
# a marker file it writes itself, which must not be overwritten; the pid then reads "unknown".
_NATIVE = sys.platform == "win32" or filelock.has_fcntl
# O_NOFOLLOW and O_NONBLOCK are POSIX (absent on Windows, where filelock refuses reparse points itself).
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_POLL = 0.05  # seconds between two attempts while waiting


class LockedError(PolyglotError):
    """Another polyglot-docs run holds the repository."""


@contextmanager
def repository_lock(root: Path, *, wait: bool = True, notify: Callable[[str], None] | None = None,
                    timeout: float | None = None, folders: tuple[Path, ...] = ()) -> Iterator[None]:
    path = root / LOCK_FILE
    lock = _file_lock(path)
    try:
        try:
            lock.acquire(blocking=False)
        except filelock.Timeout:
            message = f"another polyglot-docs run (pid {_read_holder(path)}) is working on this repository"
            if not wait:
                raise LockedError(message + "; try again when it has finished", str(path)) from None
            if notify:
                notify(f"waiting: {message}")
            try:
                lock.acquire(timeout=-1 if timeout is None else timeout, poll_interval=_POLL)
            except filelock.Timeout:
                raise LockedError(message, str(path)) from None
    except OSError as error:
        if os.path.islink(path):
            raise PolyglotError("the lock file is a symbolic link, which polyglot-docs does not follow; remove it "
                                "(it is not meant to be committed)", str(path)) from error
        raise
    try:
        _remove_stale_temporaries(folders)
        yield
    finally:
        lock.release()


def _file_lock(path: Path) -> filelock.BaseFileLock:
    if _NATIVE:  # the lock file stays after release (as flock's always did), with the last holder's pid
        return filelock.FileLock(path, on_acquired=_write_holder, preserve_lock_file=True)
    return filelock.FileLock(path)


def _write_holder(fd: int) -> None:
    """Record our pid in the lock file, through the descriptor filelock holds locked (no path lookup)."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


def _read_holder(path: Path) -> str:
    """The pid the holder wrote, read without following a symbolic link; "unknown" if there is none to read."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return "unknown"
    try:
        first = os.read(fd, 64).split(b"\n", 1)[0].strip()
    except OSError:  # e.g. the region is locked against readers (Windows)
        return "unknown"
    finally:
        os.close(fd)
    return first.decode("ascii") if first.isdigit() else "unknown"


def _remove_stale_temporaries(folders: tuple[Path, ...]) -> None:
    """Temporary files an interrupted run left behind; safe to remove while we hold the lock.

    Symbolic links are not followed: neither a linked folder nor a linked subfolder is entered,
    so nothing outside the repository's own folders is ever removed.
    """
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():
            continue
        for dirpath, _dirnames, filenames in os.walk(folder, followlinks=False):
            if os.path.islink(dirpath):
                continue  # replaced by a link while we walked: never unlink through it
            for name in fnmatch.filter(filenames, STALE_TEMPORARY):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(dirpath, name))
