"""A content-addressed cache of derived data, in ``<cache>/cache.sqlite``.

Everything in it is derived from inputs whose content hash (with the tool's
version) is part of the key, so a stale entry can never be used and the folder
is safe to delete at any time: the next run just does the work again. SQLite
keeps concurrent readers and writers consistent.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import marshal
import os
import sqlite3
from pathlib import Path
from typing import Any

from polyglot_docs import __version__
from polyglot_docs.core.errors import PolyglotError


def digest(*parts: bytes | str) -> str:
    """A key for content: BLAKE2b over the parts and the tool version."""
    h = hashlib.blake2b(digest_size=20)
    h.update(__version__.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# Values are plain data (lists, dicts, strings, numbers) in marshal's format, which reads and writes
# several times faster than JSON; parsed catalogs are the bulk, read and written once per catalog.
# Like Python's own .pyc files, the cache is trusted as local derived data; an entry in any other
# format (an older version's, a damaged one) reads as missing.
_FORMAT = b"\0m5"


def _decode(stored: object) -> Any | None:
    if not isinstance(stored, bytes) or not stored.startswith(_FORMAT):
        return None
    try:
        return marshal.loads(stored[len(_FORMAT):])
    except (ValueError, EOFError, TypeError):
        return None


class Cache:
    """Reads go to SQLite; writes are buffered and committed in one short transaction by :meth:`flush`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._buffer: dict[tuple[str, str], bytes] = {}
        atexit.register(self.flush)

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            if self.folder.exists() and not self.folder.is_dir():
                raise PolyglotError("the cache folder is a file; delete it (the cache is safe to delete)",
                                    str(self.folder))
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.folder / "cache.sqlite", timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS entry (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key))")
            self._db = db
        return self._db

    def get(self, kind: str, key: str) -> Any | None:
        stored = self._buffer.get((kind, key))
        if stored is None:
            try:
                row = self._connect().execute("SELECT value FROM entry WHERE kind = ? AND key = ?",
                                              (kind, key)).fetchone()
            except sqlite3.Error:
                return None  # a damaged or busy cache only makes a slower run
            if row is None:
                return None
            stored = row[0]
        return _decode(stored)

    def get_kind(self, kind: str) -> dict[str, Any]:
        """Every entry of one kind, in one query (for indexes over the whole repository)."""
        try:
            rows = self._connect().execute("SELECT key, value FROM entry WHERE kind = ?", (kind,)).fetchall()
        except sqlite3.Error:
            rows = []
        entries = {}
        for key, stored in [*rows, *((k, v) for (c, k), v in self._buffer.items() if c == kind)]:
            value = _decode(stored)
            if value is not None:
                entries[key] = value
        return entries

    def put(self, kind: str, key: str, value: Any) -> None:
        self._buffer[(kind, key)] = _FORMAT + marshal.dumps(value)
        if len(self._buffer) >= 2000:  # keeps memory bounded on large repositories
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        rows = [(kind, key, value) for (kind, key), value in self._buffer.items()]
        self._buffer = {}
        with contextlib.suppress(sqlite3.Error, PolyglotError):  # at exit too: never a traceback
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", rows)
                self._prune(db)
                db.execute("COMMIT")
            except sqlite3.Error:
                db.execute("ROLLBACK")
                raise

    def _prune(self, db: sqlite3.Connection) -> None:
        """Keep the cache under its size limit by dropping the entries written longest ago.

        Content-addressed entries of old revisions are never read again; without a limit they
        would pile up. A dropped entry that is still wanted is only derived again.
        """
        pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
        if pages * db.execute("PRAGMA page_size").fetchone()[0] <= cache_limit():
            return
        count = db.execute("SELECT count(*) FROM entry").fetchone()[0]
        db.execute("DELETE FROM entry WHERE rowid IN (SELECT rowid FROM entry ORDER BY rowid LIMIT ?)",
                   (max(1, count // 4),))


def cache_limit() -> int:
    """Bytes the cache may hold: POLYGLOT_CACHE_LIMIT_MB, default 1024."""
    value = os.environ.get("POLYGLOT_CACHE_LIMIT_MB", "")
    return int(float(value) * 2**20) if value.replace(".", "", 1).isdigit() else 2**30
