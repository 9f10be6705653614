"""Atomic, change-only file writes: a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` atomically unless it already holds it.

    Returns True when the file was written. The data goes to a temporary file in
    the same folder and is then renamed over the target, so a crash leaves either
    the old file or the new one. ``durable`` also flushes the data to disk first;
    bulk writers pass False and call :func:`sync` once at the end instead.
    """
    staged = stage(path, data, durable=durable)
    if staged is None:
        return False
    commit([(staged, path)])
    return True


def stage(path: Path, data: bytes, *, current: bytes | None = None, durable: bool = True) -> Path | None:
    """Write ``data`` to a temporary file beside ``path``, unless ``path`` already holds it.

    Returns the temporary file, which :func:`commit` renames over ``path`` (None when
    nothing changed). ``current`` is the file's content if the caller has read it.
    Staging every file first lets a bulk writer check everything before it changes anything.
    """
    if current is None:
        with contextlib.suppress(FileNotFoundError):
            current = path.read_bytes()
    if current == data:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            if durable:
                tmp.flush()
                os.fsync(tmp.fileno())
        try:
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp_name, 0o666 & ~_umask())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


def commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged temporary file over its target; on failure none of the rest is left behind."""
    try:
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        discard([tmp for tmp, _ in staged])
        raise


def discard(temporary: list[Path]) -> None:
    for tmp in temporary:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sync() -> None:
    """Flush everything written so far to disk (after a bulk of non-durable writes)."""
    # os.sync is Unix-only: Windows has no system-wide flush (FlushFileBuffers works one handle at a time),
    # so there this does nothing. A killed process still leaves every file old or new, because that rests
    # on the atomic rename in commit(), not on this flush; what is lost is only the guarantee that the new
    # bytes are on the disk before the rename if the machine itself loses power at that moment.
    if hasattr(os, "sync"):
        os.sync()
