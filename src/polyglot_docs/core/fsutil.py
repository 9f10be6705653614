"""Atomic, change-only file writes: a reader never sees a half-written file.

A file someone else owns (a translator's catalog) is replaced only if it is still, byte for byte,
the file that was read: see :class:`Seen` and :func:`commit`.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from polyglot_docs.core.cache import digest

CHANGED = "changed while updating; left as saved — run update again"


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


class Staged(NamedTuple):
    """A file :func:`stage` wrote beside its target, and what the target must still be to be replaced.

    ``seen`` None: the target is the tool's own (a template) and is replaced whatever it holds.
    """

    tmp: Path
    target: Path
    seen: Seen | None = None


def commit(staged: Sequence[tuple[Path, Path] | Staged]) -> list[tuple[Path, str]]:
    """Rename each staged file over its target; on failure none of the rest is left behind.

    A target staged with what was read of it (:class:`Staged` ``seen``) is replaced only if it is still
    that file; the others are left as they are, their staged file removed. Returns those left, with why.
    """
    left: list[tuple[Path, str]] = []
    done = 0
    try:
        for item in staged:
            seen = item.seen if isinstance(item, Staged) else None
            if seen is None:
                os.replace(item[0], item[1])
            elif (why := _replace_if_unchanged(item[0], item[1], seen)) is not None:
                left.append((item[1], why))
            done += 1
    except BaseException:
        # From the one that failed on. _replace_if_unchanged never fails leaving anyone's bytes but ours
        # under a staged name, so this removes nothing but our own files.
        discard([item[0] for item in staged[done:]])
        raise
    return left


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


# -- replacing a file someone else may be saving at the same moment ------------------------------------


@dataclass(frozen=True)
class Seen:
    """A file as a reader found it: its identity and time, and the digest of the bytes read.

    A file is still the one read only if its inode, size, modification time *and* bytes are as they
    were. The stat alone is not proof: a save in place, of the same size, within one timestamp tick
    (a few milliseconds on ext4 and tmpfs, two seconds on FAT) leaves it unchanged. The stat is taken
    before the read, so a save during the read shows too. ``NOTHING`` is a file that did not exist.
    """

    inode: int
    device: int
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, stat: os.stat_result, content_digest: str) -> Seen:
        return cls(stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns, content_digest)

    def same_stat(self, stat: os.stat_result) -> bool:
        return (stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns) == (
            self.inode, self.device, self.size, self.mtime_ns)


NOTHING = Seen(-1, -1, -1, -1, "")


def lstat_or_none(path: Path) -> os.stat_result | None:
    """The stat of ``path`` itself (a link is not followed); None when there is nothing there."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _holds(path: Path, seen: Seen) -> bool:
    """Whether ``path`` is the file ``seen`` describes: same inode, size and time, then same bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ELOOP):  # gone, or replaced by a link: not what was read
            return False
        raise
    try:
        if not seen.same_stat(os.fstat(fd)):
            return False
        chunks, wanted = [], seen.size + 1  # one byte more than was read: a longer file shows at once
        while wanted > 0 and (chunk := os.read(fd, wanted)):
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
        return len(data) == seen.size and digest(data) == seen.digest
    finally:
        os.close(fd)


def _replace_if_unchanged(tmp: Path, path: Path, seen: Seen) -> str | None:
    """Rename ``tmp`` over ``path`` only if ``path`` is still ``seen``; None when it was, else why not.

    A check followed by a rename leaves a moment between them in which a save would be lost. So on
    Linux the two files are exchanged in one ``renameat2(RENAME_EXCHANGE)`` and the check is made
    afterwards, on what the exchange took from the target: a save before the exchange is in that file
    and is put back (exchanged again); a save after it is made on our file, at the target, and stays.
    Only where the system cannot exchange is the check made first, and a save in the microseconds
    between the check and the rename lost. What no rename can see is a writer that opened the catalog
    before the exchange and writes through that descriptor after the check without truncating at open:
    it writes to the old file, as after any other rename over a file (git checkout, an editor's save).
    """
    if seen == NOTHING:  # compared by value: it crosses to worker processes
        return _create(tmp, path)
    stat = lstat_or_none(path)
    if stat is None or not seen.same_stat(stat):  # saved long before the commit: the cheap, common case
        discard([tmp])
        return CHANGED
    mine = os.stat(tmp)
    try:
        exchanged = rename_exchange(tmp, path)
    except FileNotFoundError:  # removed after the stat (a checkout rewriting it): nothing exchanged
        discard([tmp])
        return CHANGED
    if not exchanged:
        return _check_then_replace(tmp, path, seen)
    try:
        unchanged = _holds(tmp, seen)  # ``tmp`` now names what the target was at the exchange
    except BaseException:
        _put_back(tmp, path, mine)
        raise
    if unchanged:
        os.unlink(tmp)
        return None
    return _put_back(tmp, path, mine)


def _put_back(tmp: Path, path: Path, mine: os.stat_result) -> str:
    """Exchange again, so that the target holds the save found in ``tmp``; then remove our file.

    Our file stood at the target for the microseconds of the check. Should a second save have landed
    on it then (two saves of one catalog within microseconds), it is not ours any more: it is kept
    beside the catalog rather than removed.
    """
    try:
        if not rename_exchange(tmp, path):  # it worked a moment ago; should it not now, fail safely
            raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP), str(path))
    except OSError as error:  # the save must not stay under a temporary name, which the next run removes
        kept = _keep(tmp, path)
        raise OSError(error.errno, f"{error.strerror}; the version saved during the update is {kept.name}",
                      str(path)) from error
    now = lstat_or_none(tmp)
    if now is None:
        return CHANGED
    if (now.st_ino, now.st_size, now.st_mtime_ns) == (mine.st_ino, mine.st_size, mine.st_mtime_ns):
        os.unlink(tmp)
        return CHANGED
    return f"{CHANGED} (it was saved twice at that moment; the other save is kept as {_keep(tmp, path).name})"


def _keep(tmp: Path, path: Path) -> Path:
    """Move ``tmp`` to a name beside ``path`` that no run removes."""
    kept = path.with_name(f"{path.name}.saved-{os.getpid()}-{tmp.name.rsplit('.', 2)[-2]}")
    os.replace(tmp, kept)
    return kept


def _check_then_replace(tmp: Path, path: Path, seen: Seen) -> str | None:
    if not _holds(path, seen):
        discard([tmp])
        return CHANGED
    os.replace(tmp, path)
    return None


def _create(tmp: Path, path: Path) -> str | None:
    """Rename ``tmp`` to ``path`` unless a file appeared there since the read (``RENAME_NOREPLACE``)."""
    try:
        if _rename2(tmp, path, _RENAME_NOREPLACE):
            return None
    except FileExistsError:
        discard([tmp])
        return CHANGED
    if os.path.lexists(path):  # no renameat2 here: a check, then the rename
        discard([tmp])
        return CHANGED
    os.replace(tmp, path)
    return None


_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's ``renameat2`` (Linux 3.15+, glibc 2.28+); None where there is none."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no "this process" library
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _rename2(a: Path, b: Path, flags: int) -> bool:
    """``renameat2(a, b, flags)``; False where the system or file system cannot, OSError on failure."""
    function = _renameat2()
    if function is None:
        return False
    # The same audit event as os.rename, which this is: hooks watching the files see it as one.
    sys.audit("os.rename", a, b, -1, -1)
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def rename_exchange(a: Path, b: Path) -> bool:
    """Swap two paths (files or folders) in one system call; False where that cannot be done."""
    return _rename2(a, b, _RENAME_EXCHANGE)
