"""The translation memory ``update`` fills new units from: every finished translation of a language.

Exact matches of whole source texts only. The index (short digests of finished msgids, per
catalog) lives in the cache, one entry per catalog, trusted while the catalog's size and
modification time are unchanged: it only points at catalogs to read, and :meth:`get` checks the
text it finds there. Only the catalogs that hold a wanted text are parsed, and only when wanted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.state import UnitState, message_state
from polyglot_docs.catalogs.store import CatalogStore, short_digest


def remember_in_memory_index(catalogs: CatalogStore, lang: str, path: Path, translated: list[str],
                             stat: os.stat_result) -> list[Any]:
    """Record a catalog's finished msgids for :class:`TranslationMemory`, valid while its stat holds."""
    entry = [stat.st_mtime_ns, stat.st_size, translated]
    catalogs.cache.put(f"memory-index/{lang}", catalogs.rel(path), entry)
    return entry


class TranslationMemory:
    """Exact-match memory over every catalog of one language."""

    def __init__(self, catalogs: CatalogStore, lang: str):
        self.catalogs = catalogs
        self.lang = lang
        self._index: dict[str, list[Path]] | None = None
        self._read: dict[Path, Catalog] = {}

    @property
    def index(self) -> dict[str, list[Path]]:
        """Catalogs by the short digests of their finished msgids; built on first use."""
        if self._index is None:
            self._index = {}
            catalogs = self.catalogs
            known = catalogs.cache.get_kind(f"memory-index/{self.lang}")
            for doc_id in catalogs.documents.ids():
                path = catalogs.path(self.lang, doc_id)
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                entry = known.get(catalogs.rel(path))
                if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
                    entry = remember_in_memory_index(catalogs, self.lang, path, catalogs.summary(path).translated,
                                                     stat)
                for short in entry[2]:
                    self._index.setdefault(short, []).append(path)
        return self._index

    def get(self, msgid: str) -> tuple[str, str] | None:
        """A finished translation of ``msgid`` and where it is (``<document>#<unit>``), if any catalog has one."""
        for path in self.index.get(short_digest(msgid), []):
            for message in self.read(path).messages:
                if message.msgid == msgid and message_state(message) is UnitState.TRANSLATED:
                    return message.msgstr, f"{path.stem}#{message.msgctxt or ''}"
        return None

    def translated(self, msgid: str) -> bool:
        """Whether some catalog's index lists ``msgid`` as translated (:meth:`get` then checks the catalog)."""
        return short_digest(msgid) in self.index

    def read(self, path: Path) -> Catalog:
        """A catalog of the memory, parsed once per update."""
        catalog = self._read.get(path)
        if catalog is None:
            catalog = self._read[path] = self.catalogs.read(path)
        return catalog
