"""The repository's edges: no path the tool reads or writes may lead out of it through a symbolic link.

A repository is shared: anyone who can push to it can commit a symbolic link. The folders of
``polyglot.toml`` must resolve inside the root (checked once, in ``settings``); a language folder
under ``locales/`` is checked once per run; and a document or catalog is read only when it is a
regular file, opened without following a link, so that an error message can never quote the
first line of a file outside the repository.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from polyglot_docs.core.errors import PolyglotError


def leaves(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link resolved, is outside ``root`` (a loop counts as outside)."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symbolic-link loop
        return True


def check_inside(path: Path, root: Path, display: str, error: type[PolyglotError] = PolyglotError) -> Path:
    """``path``, refused with a one-line error when a symbolic link leads it out of ``root``."""
    if leaves(path, root):
        raise error("leads out of the repository through a symbolic link (or a link loop); refusing to use it",
                    display)
    return path


def read_regular(path: Path, display: str, error: type[PolyglotError], what: str) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link.

    ``what`` names the file in messages ("document", "catalog"); nothing of another file is quoted.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as failure:
        if failure.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise error(f"the {what} is a symbolic link; commit the file itself", display) from None
        raise error(f"cannot read {what}: {failure.strerror}", display) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"the {what} is a folder, not a file", display)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"the {what} is not a regular file", display)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as failure:
        raise error(f"cannot read {what}: {failure.strerror}", display) from None
    finally:
        os.close(fd)
