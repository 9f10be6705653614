"""The translation memory ``update`` fills new units from: every finished translation of a language.

Two things are kept in the cache between updates, each trusted only while a catalog's size and
modification time are what they were: each catalog's finished translations (``memory-texts``,
msgid -> msgstr and unit id), read only for the catalogs a proposal comes from; and the language's
list of sources (``memory-sources``), the numbers in the :class:`~.sourcepool.SourcePool` of each
catalog's finished msgids, in document order. The list is brought up to date at the end of every
update for the catalogs it wrote, and at the start of the next for those a translator saved since;
only those are read, and only their new texts are segmented and coded.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.sourcepool import SourcePool
from polyglot_docs.catalogs.state import UnitState, message_state
from polyglot_docs.catalogs.store import CatalogStore
from polyglot_docs.core.errors import PolyglotError

# A catalog's finished translations: msgid -> (msgstr, msgctxt).
Translations = dict[str, tuple[str, str]]
SOURCES_KIND = "memory-sources"
# More catalogs than this to read for a list of sources: their translations come from the cache in one query.
_ONE_QUERY = 64
# Texts no language lists any more that the source pool may hold, beyond as many as it uses.
COMPACT_ABOVE = 1000


def finished_translations(catalog: Catalog) -> Translations:
    return {m.msgid: (m.msgstr, m.msgctxt or "") for m in catalog.messages if message_state(m) is UnitState.TRANSLATED}


def remember_translations(catalogs: CatalogStore, lang: str, path: Path, stat: os.stat_result,
                          texts: Translations) -> None:
    """Record a catalog's finished translations, valid while its size and modification time hold."""
    catalogs.cache.put(f"memory-texts/{lang}", catalogs.rel(path), [*_stat_key(stat), texts])


def keep_sources(catalogs: CatalogStore, source_pool: Callable[[], SourcePool],
                 merged: dict[str, dict[str, Translations]], doc_ids: list[str], *, compact: bool = True,
                 imported: Callable[[], Iterable[str]] = tuple) -> None:
    """Keep each language's list of sources (the languages of ``merged``) as the catalogs now are, for the
    next update: ``merged`` holds the finished translations of the catalogs just merged, so that those
    are not read again. The pool the lists number into is rebuilt if mostly unused (and ``compact``:
    ``merged`` holds every language, so no other list numbers into it). When nothing was
    merged and every list is kept already, nothing is read (an update with nothing to do reads no pool).
    The ``imported`` memories' sources are kept in the pool too: each worker would otherwise segment
    and code them again (30 000 of them: 2 s a worker). A memory that cannot be read adds none: the
    first update that proposes from it reports it, before it writes anything.
    """
    if not any(merged.values()) and all(catalogs.cache.get(SOURCES_KIND, lang) is not None for lang in merged):
        return
    pool = source_pool()
    current = pool
    memories = [TranslationMemory(catalogs, lang, lambda: current, texts, doc_ids) for lang, texts in merged.items()]
    live = {number for memory in memories for chunk in memory.chunks() for number in chunk.numbers}
    with contextlib.suppress(PolyglotError):
        live.update(pool.add(text) for text in imported())
    if compact and len(pool.texts) > 2 * len(live) + COMPACT_ABOVE:
        current, renumbered = pool.compacted(live)
        for memory in memories:
            memory.renumber(renumbered)
    if current.grown:
        current.save(catalogs.cache)
    for memory in memories:
        memory.remember()


@dataclass
class SourceChunk:
    """One catalog's part of a language's sources: the pool numbers of its finished msgids."""

    doc_id: str
    rel: str
    seen: list[int]  # what was seen of the catalog (see :func:`_stat_key`)
    numbers: list[int]


class TranslationMemory:
    """Exact-match memory over every catalog of one language, and the source texts its searches run over."""

    def __init__(self, catalogs: CatalogStore, lang: str, pool: Callable[[], SourcePool],
                 known: dict[str, Translations] | None = None, doc_ids: list[str] | None = None):
        self.catalogs = catalogs
        self.lang = lang
        self._pool = pool
        self._doc_ids = doc_ids  # every document's (listing the folder for each language took half the time)
        self._chunks: list[SourceChunk] | None = None
        self._first: dict[int, str] = {}  # pool number -> the document whose catalog first has it translated
        self._texts: dict[str, Translations] = dict(known or {})  # by document

    @property
    def pool(self) -> SourcePool:
        return self._pool()

    def chunks(self) -> list[SourceChunk]:
        """Each catalog's finished msgids, in document order, as the catalogs are when first asked.

        So that an update's searches do not depend on which documents it has read so far: the same
        in one process or several, with the cache or without it.
        """
        if self._chunks is None:
            pool = self._pool()
            stored = _stored_chunks(self.catalogs.cache.get(SOURCES_KIND, self.lang), pool)
            listing = [(doc_id, rel, _stat_key(stat))
                       for doc_id, rel, stat in self.catalogs.stat_all(self.lang, self._documents())]
            unseen = [(doc_id, rel, seen) for doc_id, rel, seen in listing
                      if stored.get(rel, ([],))[0] != seen and doc_id not in self._texts]
            if len(unseen) > _ONE_QUERY:
                self._read_all_translations(unseen)
            chunks = []
            for doc_id, rel, seen in listing:
                entry = stored.get(rel)
                numbers = entry[1] if entry is not None and entry[0] == seen else [
                    pool.add(msgid) for msgid in self.translations(doc_id)]
                chunks.append(SourceChunk(doc_id, rel, seen, numbers))
                for number in numbers:
                    self._first.setdefault(number, doc_id)
            self._chunks = chunks
            kept_for_the_process()
        return self._chunks

    def _documents(self) -> list[str]:
        if self._doc_ids is None:
            self._doc_ids = self.catalogs.documents.ids()
        return self._doc_ids

    def sources(self) -> list[str]:
        """Every finished msgid of the language, catalog by catalog in document order: what is searched."""
        texts = self._pool().texts
        return [texts[number] for number in self.source_numbers()]

    def source_numbers(self) -> list[int]:
        """:meth:`sources` as numbers in the pool."""
        return list(dict.fromkeys(number for chunk in self.chunks() for number in chunk.numbers))

    def remember(self) -> None:
        """Keep the list of sources in the cache, for the next update (with the pool it numbers into)."""
        token = self._pool().token
        entry = [token, [[c.rel, *c.seen, c.numbers] for c in self.chunks()]]
        if self.catalogs.cache.get(SOURCES_KIND, self.lang) != entry:
            self.catalogs.cache.put(SOURCES_KIND, self.lang, entry)

    def renumber(self, renumbered: dict[int, int]) -> None:
        """After the pool was compacted: its texts' new numbers."""
        for chunk in self.chunks():
            chunk.numbers = [renumbered[number] for number in chunk.numbers]
        self._first = {renumbered[number]: doc_id for number, doc_id in self._first.items()}

    def _read_all_translations(self, listing: list[tuple[str, str, list[int]]]) -> None:
        """The listed catalogs' finished translations from the cache in one query (one per catalog is slower)."""
        known = self.catalogs.cache.get_kind(f"memory-texts/{self.lang}")
        for doc_id, rel, seen in listing:
            entry = known.get(rel)
            if entry is not None and entry[:-1] == seen:
                self._texts[doc_id] = entry[-1]

    def has_translations(self) -> bool:
        self.chunks()
        return bool(self._first)

    def get(self, msgid: str) -> tuple[str, str] | None:
        """A finished translation of ``msgid`` and where it is (``<document>#<unit>``), if any catalog has one."""
        number = self._pool().ids.get(msgid)
        doc_id = self._first.get(number) if number is not None and self.chunks() else None
        if doc_id is None:
            return None
        found = self.translations(doc_id).get(msgid)
        return (found[0], f"{doc_id}#{found[1]}") if found is not None else None

    def translations(self, doc_id: str) -> Translations:
        """A catalog's finished translations: from the cache while its stat holds, else parsed (and kept).

        A catalog deleted since the list of sources named it (by hand, during the update) has none.
        """
        texts = self._texts.get(doc_id)
        if texts is None:
            path = self.catalogs.path(self.lang, doc_id)
            kind, key = f"memory-texts/{self.lang}", self.catalogs.rel(path)
            try:
                stat = path.stat()
            except FileNotFoundError:
                return {}
            entry = self.catalogs.cache.get(kind, key)
            if _trusted(entry, stat) and isinstance(entry[-1], dict):
                texts = entry[-1]  # marshal keeps the tuples
            else:
                texts = finished_translations(self.catalogs.read(path))
                self.catalogs.cache.put(kind, key, [*_stat_key(stat), texts])
            self._texts[doc_id] = texts
        return texts


def _stored_chunks(stored: Any, pool: SourcePool) -> dict[str, tuple[list[int], list[int]]]:
    """A stored list of sources by catalog: ``rel`` -> what was seen of it, and its numbers.

    Empty if it numbers into another pool than ``pool`` (one since rebuilt, or lost from the cache).
    """
    if not (isinstance(stored, list) and len(stored) == 2 and stored[0] == pool.token):
        return {}
    size = len(pool.texts)
    try:
        return {rel: (seen, numbers) for rel, *seen, numbers in stored[1]
                if all(type(number) is int and 0 <= number < size for number in numbers)}
    except (TypeError, ValueError):  # not a list this code wrote: derived again
        return {}


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
