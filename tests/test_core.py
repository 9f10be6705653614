"""The core's platform-facing parts: the repository lock, stale temporaries, and flushing to disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from polyglot_docs.core import fsutil
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.lock import LOCK_FILE, LockedError, repository_lock


def symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except OSError:  # e.g. Windows without the privilege to create links
        pytest.skip("cannot create symbolic links here")


@pytest.mark.parametrize("target_exists", [True, False], ids=["to-a-file", "dangling"])
def test_a_lock_file_committed_as_a_symlink_is_refused(tmp_path: Path, target_exists: bool) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    precious = outside / "precious.txt"
    if target_exists:
        precious.write_bytes(b"not the lock's to truncate\n")
    symlink(root / LOCK_FILE, precious)

    with pytest.raises(PolyglotError, match="symbolic link") as refused, repository_lock(root):
        pytest.fail("the lock was taken through a symbolic link")
    assert not isinstance(refused.value, LockedError)
    assert refused.value.path == str(root / LOCK_FILE)
    assert (root / LOCK_FILE).is_symlink()  # left as it was, not replaced
    if target_exists:
        assert precious.read_bytes() == b"not the lock's to truncate\n"
    else:
        assert not precious.exists()  # not created through the link
    assert sorted(p.name for p in outside.iterdir()) == (["precious.txt"] if target_exists else [])


def test_the_holder_writes_its_pid_and_a_second_taker_is_refused(tmp_path: Path) -> None:
    with repository_lock(tmp_path):
        assert (tmp_path / LOCK_FILE).read_text(encoding="ascii") == f"{os.getpid()}\n"
        with pytest.raises(LockedError, match=rf"\(pid {os.getpid()}\) .*; try again when it has finished"), \
                repository_lock(tmp_path, wait=False):
            pass
    with repository_lock(tmp_path, wait=False):
        pass  # released


def test_stale_temporaries_are_removed_without_following_links(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    nested = root / "locales" / "ru" / "LC_MESSAGES"
    nested.mkdir(parents=True)
    outside.mkdir()
    (nested / ".statement.po.abc123.tmp").write_bytes(b"half")
    (nested / "statement.po").write_bytes(b"kept")
    (outside / ".elsewhere.po.xyz.tmp").write_bytes(b"not ours")
    symlink(root / "locales" / "linked", outside)  # a linked subfolder
    symlink(root / "build", outside)  # a folder that is itself a link

    with repository_lock(root, folders=(root / "locales", root / "build", root / "missing")):
        pass
    assert not (nested / ".statement.po.abc123.tmp").exists()
    assert (nested / "statement.po").read_bytes() == b"kept"
    assert (outside / ".elsewhere.po.xyz.tmp").read_bytes() == b"not ours"


def test_sync_does_nothing_where_os_has_no_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sync", raising=False)
    fsutil.sync()


def test_the_core_imports_and_locks_without_fcntl(tmp_path: Path) -> None:
    # As on Windows or WASI: no fcntl module. filelock then falls back to a lock it can take there.
    code = ("import sys, warnings; sys.modules['fcntl'] = None; warnings.simplefilter('ignore')\n"
            "from pathlib import Path\n"
            "from polyglot_docs.core.lock import repository_lock\n"
            "import polyglot_docs.core.fsutil, polyglot_docs.repository\n"
            "with repository_lock(Path(sys.argv[1])):\n    print('locked')\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "locked\n"
