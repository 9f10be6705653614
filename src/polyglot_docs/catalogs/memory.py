"""The translation memory ``update`` fills new units from: every finished translation of a language.

Exact matches of whole source texts only. The index (short digests of finished msgids, per
catalog) lives in the cache, one entry per catalog, trusted while the catalog's size and
modification time are unchanged: it only points at catalogs to read, and :meth:`get` checks the
text it finds there. Only the catalogs that hold a wanted text are parsed, and only when wanted.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any, TypeGuard

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.state import UnitState, message_state
from polyglot_docs.catalogs.store import CatalogStore, short_digest

# A catalog's finished translations: msgid -> (msgstr, msgctxt).
Translations = dict[str, tuple[str, str]]


def finished_translations(catalog: Catalog) -> Translations:
    return {m.msgid: (m.msgstr, m.msgctxt or "") for m in catalog.messages if message_state(m) is UnitState.TRANSLATED}


def remember_in_memory_index(catalogs: CatalogStore, lang: str, path: Path, translated: list[str],
                             stat: os.stat_result, texts: Translations | None = None) -> list[Any]:
    """Record a catalog's finished msgids (and their translations) for :class:`TranslationMemory`.

    Valid while the catalog's size and modification time hold: the memory then reads a candidate's
    translation from the cache instead of parsing its catalog.
    """
    entry = [*_stat_key(stat), translated]
    catalogs.cache.put(f"memory-index/{lang}", catalogs.rel(path), entry)
    if texts is not None:
        catalogs.cache.put(f"memory-texts/{lang}", catalogs.rel(path), [*_stat_key(stat), texts])
    return entry


class TranslationMemory:
    """Exact-match memory over every catalog of one language."""

    def __init__(self, catalogs: CatalogStore, lang: str):
        self.catalogs = catalogs
        self.lang = lang
        self._index: dict[str, list[Path]] | None = None
        # Those with a finished translation, in document order, and what the index saw of each.
        self._catalogs: dict[Path, list[int]] = {}
        self._texts: dict[Path, Translations] = {}
        self._sources: list[str] | None = None

    @property
    def index(self) -> dict[str, list[Path]]:
        """Catalogs by the short digests of their finished msgids; built on first use."""
        if self._index is None:
            self._index = {}
            catalogs = self.catalogs
            known = catalogs.cache.get_kind(f"memory-index/{self.lang}")
            for doc_id, rel, stat in catalogs.stat_all(self.lang, catalogs.documents.ids()):
                entry = known.get(rel)
                if not _trusted(entry, stat):
                    path = catalogs.path(self.lang, doc_id)
                    entry = remember_in_memory_index(catalogs, self.lang, path, catalogs.summary(path).translated,
                                                     stat)
                if not entry[-1]:
                    continue  # no Path built for a catalog with nothing translated (most, in a new language)
                path = catalogs.path(self.lang, doc_id)
                for short in entry[-1]:
                    self._index.setdefault(short, []).append(path)
                self._catalogs[path] = entry[:-1]
        return self._index

    def sources(self) -> list[str]:
        """Every finished msgid of the language, catalog by catalog in document order: what is searched.

        The catalogs as they are when first asked, so that an update's searches do not depend on which
        documents it has read so far: the same in one process or several, with the cache or without it.
        """
        if self._sources is None:
            self._read_all_translations()
            self._sources = [msgid for path in self._catalogs for msgid in self.translations(path)]
            kept_for_the_process()
        return self._sources

    def _read_all_translations(self) -> None:
        """Every catalog's finished translations from the cache in one query (one per catalog is slower)."""
        if not self.index:  # which also lists the catalogs to read
            return
        known = self.catalogs.cache.get_kind(f"memory-texts/{self.lang}")
        for path, seen in self._catalogs.items():
            entry = known.get(self.catalogs.rel(path))
            if path not in self._texts and entry is not None and entry[:-1] == seen:
                self._texts[path] = entry[-1]

    def get(self, msgid: str) -> tuple[str, str] | None:
        """A finished translation of ``msgid`` and where it is (``<document>#<unit>``), if any catalog has one."""
        for path in self.index.get(short_digest(msgid), []):
            found = self.translations(path).get(msgid)
            if found is not None:
                return found[0], f"{path.stem}#{found[1]}"
        return None

    def translations(self, path: Path) -> Translations:
        """A catalog's finished translations: from the cache while its stat holds, else parsed (and kept).

        A catalog deleted since the index listed it (by hand, during the update) has none.
        """
        texts = self._texts.get(path)
        if texts is None:
            kind, key = f"memory-texts/{self.lang}", self.catalogs.rel(path)
            try:
                stat = path.stat()
            except FileNotFoundError:
                return {}
            entry = self.catalogs.cache.get(kind, key)
            if _trusted(entry, stat):
                texts = entry[-1]  # marshal keeps the tuples
            else:
                texts = finished_translations(self.catalogs.read(path))
                self.catalogs.cache.put(kind, key, [*_stat_key(stat), texts])
            self._texts[path] = texts
        return texts

    def translated(self, msgid: str) -> bool:
        """Whether some catalog's index lists ``msgid`` as translated (:meth:`get` then checks the catalog)."""
        return short_digest(msgid) in self.index


def kept_for_the_process() -> None:
    """Take what the process holds now out of the cyclic garbage collector's sight (``gc.freeze``).

    Called once the memory's texts and indexes are built: they live as long as the update, yet every
    full collection would walk their hundreds of thousands of objects again. At N = 1000 that was a
    quarter of a second of each worker's time in collections (0.48 s with proposals, 0.19 s without);
    frozen, 0.25 s. Objects freed by reference counting are still freed.
    """
    gc.freeze()


def _stat_key(stat: os.stat_result) -> list[int]:
    """What a cached entry about a catalog must have seen of it to be trusted: a save changes its
    modification time (nanoseconds) or its size. Not the inode, which a copy of the repository
    (``cp -a``, rsync, a backup restored) changes without changing a byte: every catalog would be parsed again."""
    return [stat.st_mtime_ns, stat.st_size]


def _trusted(entry: Any, stat: os.stat_result) -> TypeGuard[list[Any]]:
    """Whether a cached ``[*stat key, value]`` entry still describes the catalog."""
    return entry is not None and entry[:-1] == _stat_key(stat)
