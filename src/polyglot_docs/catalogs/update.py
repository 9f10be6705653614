"""``init`` and ``update``: new catalogs, and every catalog brought up to date with its document.

``update`` reads, checks and merges every document and catalog, and stages every new file beside
its target, before any file is replaced: an error anywhere changes nothing, and every bad file is
reported, not only the first. A catalog is replaced only if it is still, byte for byte, the file that
was read (``fsutil.commit``): one a translator saved meanwhile is left as they saved it, and reported.
On large repositories, worker processes (forked, so they inherit what is loaded) share the documents,
and the renames are shared among them by folder.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from polyglot_docs.catalogs.memory import (
    TranslationMemory,
    Translations,
    finished_translations,
    keep_sources,
    remember_translations,
)
from polyglot_docs.catalogs.memoryfile import ImportedMemories
from polyglot_docs.catalogs.merge import merge_catalog, new_catalog, propose_deferred, what_changed
from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.outcome import CatalogUpdate
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.catalogs.po.snapshot import Known
from polyglot_docs.catalogs.po.writer import write_po_blocks
from polyglot_docs.catalogs.proposals import DeferringProposer, IndexKey, MemoryProposer, SourceIndex
from polyglot_docs.catalogs.sourcepool import SourcePool
from polyglot_docs.catalogs.store import CatalogStore, Progress
from polyglot_docs.catalogs.templates import TemplateStore, now_stamp
from polyglot_docs.core.cache import Cache, digest
from polyglot_docs.core.errors import CatalogError, PolyglotError, raise_errors
from polyglot_docs.core.fsutil import (
    NOTHING,
    Seen,
    Staged,
    commit,
    discard,
    lstat_or_none,
    stage,
    sync,
)
from polyglot_docs.core.settings import Settings, check_language
from polyglot_docs.documents.store import DocumentStore

# Below this many documents per worker, starting processes costs more than it saves.
DOCUMENTS_PER_UPDATE_WORKER = 100
# Catalogs kept waiting for the memory's batched near-match search, at most: each holds its file and
# its parsed old catalog (about 60 KB), and 256 make batches large enough (64 questions) to pay.
DEFERRED_MERGES = 256


@dataclass
class UpdateBatch:
    """What :meth:`CatalogUpdater.stage` did: results, staged files, and the errors it found."""

    results: list[CatalogUpdate] = field(default_factory=list)
    staged: list[Staged] = field(default_factory=list)  # a catalog's with what was read of it
    errors: list[PolyglotError] = field(default_factory=list)
    # for the memory: a catalog's finished translations, and the file they are in (as staged, or as read)
    translated: list[tuple[str, str, Path, Translations, Seen]] = field(default_factory=list)
    # merges waiting for the memory's batched searches: the catalog merged so far, the msgids waiting
    deferred: list[tuple[Merge, Catalog, set[str]]] = field(default_factory=list)


@dataclass
class Merge:
    """A catalog read and merged, with what staging it needs (the file as read, the template)."""

    lang: str
    path: Path
    result: CatalogUpdate
    data: bytes | None
    seen: Seen
    previous: Catalog
    known: Known
    template: Catalog
    template_digest: str
    memory: MemoryProposer


def language_name(locale: Locale) -> str:
    return locale.english_name or str(locale)


class CatalogUpdater:
    def __init__(self, documents: DocumentStore, catalogs: CatalogStore, templates: TemplateStore):
        self.settings = catalogs.settings
        self.documents = documents
        self.catalogs = catalogs
        self.templates = templates
        self._pool: SourcePool | None = None  # the memory's source texts, shared by the languages
        self._doc_ids: list[str] | None = None
        self._indexes: dict[IndexKey, SourceIndex] = {}  # the memory's, shared by the languages
        self._imported: ImportedMemories | None = None

    @classmethod
    def for_settings(cls, settings: Settings) -> CatalogUpdater:
        """An updater with stores of its own (in a worker process)."""
        cache = Cache(settings.cache_dir)
        documents = DocumentStore(settings, cache)
        return cls(documents, CatalogStore(settings, cache, documents), TemplateStore(settings, cache, documents))

    @property
    def cache(self) -> Cache:
        return self.catalogs.cache

    def init(self, lang: str, doc_ids: list[str] | None = None, force: bool = False
             ) -> tuple[list[Path], list[Path]]:
        """A new catalog for ``lang`` for each document that has none (every one with ``force``): those
        written, and those left as they are.

        Only what was seen is replaced: a catalog that appears meanwhile (a translator's, another
        tool's) is left as it is, and so, with ``force``, is one saved after it was read.
        """
        locale = check_language(lang, "--lang")
        selected, _ = self.templates.extract(doc_ids)
        written: list[Path] = []
        left: list[Path] = []
        for doc_id in selected:
            path = self.catalogs.path(lang, doc_id)
            before = lstat_or_none(path)
            if before is None:
                current, seen = b"", NOTHING  # created only if nothing appears there meanwhile
            elif force:
                current = self.catalogs.read_bytes(path)  # a link is refused
                seen = Seen.of(before, digest(current))
            else:
                continue
            template = read_po_file(self.templates.path(doc_id))
            catalog = new_catalog(template, lang, language_name(locale), now_stamp())
            tmp = stage(path, write_po(catalog), current=current)
            if tmp is not None:
                (left if commit([Staged(tmp, path, seen)]) else written).append(path)
        self.cache.flush()
        return written, left

    def update(self, doc_ids: list[str] | None = None, langs: list[str] | None = None, *, jobs: int = 1,
               progress: Progress = None) -> list[CatalogUpdate]:
        """Extract, then bring every catalog of every language up to date with its document.

        A catalog whose bytes are what the last update wrote for the same template is up to date
        and is not read again. ``progress`` is called with (documents done, documents).
        """
        self._refuse_orphans()
        # What the memory read for a last update (same process) may no longer be what the cache holds.
        self._pool, self._doc_ids, self._indexes, self._imported = None, None, {}, None
        selected = self.documents.select(doc_ids)
        languages = langs or self.catalogs.existing_languages()
        for lang in languages:
            check_language(lang, "--lang")
        if "fork" not in multiprocessing.get_all_start_methods():
            jobs = 1  # workers inherit the loaded state by forking (not on Windows)
        jobs = max(1, min(jobs, len(selected) // DOCUMENTS_PER_UPDATE_WORKER))
        if jobs > 1:
            batches, left = self._update_in_workers(selected, languages, jobs, progress)
        else:
            batches = [self.stage(selected, languages,
                                  (lambda count: progress(count, len(selected))) if progress else None)]
            _raise_errors(batches)
            sync()  # the new files' bytes are on disk before any of them replaces a catalog
            left = commit([staged for batch in batches for staged in batch.staged])
        sync()
        _mark_left(batches, dict(left))
        self._remember_for_the_memory(languages, batches)
        self.cache.flush()
        order = {lang: i for i, lang in enumerate(languages)}
        results = [result for batch in batches for result in batch.results]
        results.sort(key=lambda r: (order[r.lang], r.doc_id))
        return results

    def _refuse_orphans(self) -> None:
        """A catalog without its document stops the update: retiring a translation is an editor's decision."""
        errors: list[PolyglotError] = []
        for orphan in self.catalogs.orphans():
            doc_id = orphan.name.removesuffix(".po")
            document = self.catalogs.rel(self.documents.path(doc_id))
            errors.append(CatalogError(f"no document {doc_id!r} for this catalog: restore {document} or retire the "
                                       "catalog (git rm) on purpose", self.catalogs.rel(orphan)))
        raise_errors(errors)

    def _update_in_workers(self, selected: list[str], languages: list[str], jobs: int, progress: Progress
                           ) -> tuple[list[UpdateBatch], list[tuple[Path, str]]]:
        """:meth:`stage` in ``jobs`` forked workers, then every file committed, the renames shared by folder.

        Returns the batches, and the catalogs left as they were because they changed while the update ran.
        """
        self.cache.flush()
        fork = multiprocessing.get_context("fork")
        done = fork.Value("i", 0)  # documents done, counted by the workers
        pool = ProcessPoolExecutor(jobs, mp_context=fork, initializer=_share_counter, initargs=(done,))
        try:
            futures = [pool.submit(_stage_in_worker, (self.settings, selected[i::jobs], languages))
                       for i in range(jobs)]
            while progress and wait(futures, timeout=0.2).not_done:
                progress(done.value, len(selected))
            batches = [future.result() for future in futures]
            _raise_errors(batches)
            sync()  # the new files' bytes are on disk before any of them replaces a catalog
            staged = [pair for batch in batches for pair in batch.staged]
            shares = pool.map(commit, _shares_by_folder(staged, jobs))  # renames in different folders do not wait
            left = [pair for share in shares for pair in share]
        finally:
            pool.shutdown()
        return batches, left

    def stage(self, doc_ids: list[str], languages: list[str], advance: Callable[[int], None] | None = None
              ) -> UpdateBatch:
        """The work of :meth:`update` for some documents, with every new file staged, none committed.

        An error in one document or catalog is recorded in the batch and the others are still read, so
        that every bad file is named. ``advance`` is called with the number of documents done after each one.
        """
        batch = UpdateBatch()
        memories: dict[str, MemoryProposer] = {}
        try:
            for number, doc_id in enumerate(doc_ids, start=1):
                self._stage_document(doc_id, languages, memories, batch)
                if len(batch.deferred) >= DEFERRED_MERGES:
                    self._stage_deferred(memories, batch)
                if advance:
                    advance(number)
            self._stage_deferred(memories, batch)
        except BaseException:
            discard([staged.tmp for staged in batch.staged])
            raise
        self.cache.flush()
        return batch

    def _stage_document(self, doc_id: str, languages: list[str], memories: dict[str, MemoryProposer],
                        batch: UpdateBatch) -> None:
        """Stage a document's template and catalogs, recording in ``batch`` the errors of each."""
        try:
            template = self.templates.template(doc_id)
            data, creation_date = self.templates.file_bytes(doc_id, template.body)
        except PolyglotError as error:
            batch.errors.append(error)
            self._read_catalogs(doc_id, languages, batch)
            return
        target = self.templates.path(doc_id)
        if data is not None and (tmp := stage(target, data, durable=False)):
            batch.staged.append(Staged(tmp, target))  # the tool's own file: replaced whatever it holds
        template.catalog.set_header_field("POT-Creation-Date", creation_date)
        template_digest = digest(template.body)
        for lang in languages:
            memory = memories.get(lang) or memories.setdefault(lang, self._proposer(lang))
            try:
                self._stage_catalog(doc_id, lang, template.catalog, template_digest, memory, batch)
            except PolyglotError as error:
                batch.errors.append(error)

    def _proposer(self, lang: str) -> MemoryProposer:
        settings = self.settings
        memory = TranslationMemory(self.catalogs, lang, self.source_pool, doc_ids=self._every_document())
        return MemoryProposer(memory, lambda: self._imported_memories([lang]).pairs(lang), settings.source_language,
                              settings.memory, self._indexes)

    def _imported_memories(self, languages: list[str]) -> ImportedMemories:
        """The imported memories' pairs, the files read once for every language."""
        if self._imported is None or not self._imported.serves(languages):
            self._imported = ImportedMemories(self.settings, self.cache, languages)
        return self._imported

    def _every_document(self) -> list[str]:
        """Every document's id, listed once: the memory searches them all, whichever an update selected."""
        if self._doc_ids is None:
            self._doc_ids = self.documents.ids()
        return self._doc_ids

    def source_pool(self) -> SourcePool:
        """The memory's source texts as the last update left them, read on first use."""
        if self._pool is None:
            self._pool = SourcePool.load(self.cache, self.settings.source_language)
        return self._pool

    def _remember_for_the_memory(self, languages: list[str], batches: list[UpdateBatch]) -> None:
        """Keep in the cache what the next update's memory reads: the finished translations of the catalogs
        merged, and (with proposals on) each language's list of sources as the catalogs now are."""
        merged: dict[str, dict[str, Translations]] = {lang: {} for lang in languages}
        for batch in batches:
            for lang, doc_id, path, texts, holding in batch.translated:
                stat = lstat_or_none(path)
                if stat is None or not holding.same_stat(stat):
                    continue  # saved or deleted since it was read or written: the next update reads it
                remember_translations(self.catalogs, lang, path, stat, texts)
                merged[lang][doc_id] = texts
        if self.settings.memory.proposals:
            # Rebuilt only by an update of every language: the others' lists number into the pool too.
            every_language = set(languages) >= set(self.catalogs.existing_languages())
            keep_sources(self.catalogs, self.source_pool, merged, self._every_document(), compact=every_language,
                         imported=lambda: self._imported_memories(languages).sources())

    def _read_catalogs(self, doc_id: str, languages: list[str], batch: UpdateBatch) -> None:
        """Read the catalogs of a document that failed, only to report those that are bad too."""
        for lang in languages:
            path = self.catalogs.path(lang, doc_id)
            if path.exists():
                try:
                    self.catalogs.load(path)
                except PolyglotError as error:
                    batch.errors.append(error)

    def _stage_catalog(self, doc_id: str, lang: str, template: Catalog, template_digest: str,
                       memory: MemoryProposer, batch: UpdateBatch) -> None:
        path = self.catalogs.path(lang, doc_id)
        result = CatalogUpdate(lang, doc_id, path)
        # Before the read: a save from here on shows at commit, which then leaves the translator's file alone.
        before = lstat_or_none(path)
        # No file: a new catalog. A link (even a dangling one) or a folder is refused by read_bytes.
        data = self.catalogs.read_bytes(path) if path.exists() or path.is_symlink() else None
        if data is None:
            if lang not in self.settings.target_languages:
                return
            previous = new_catalog(template, lang, language_name(Locale.parse(lang)), now_stamp())
            previous.messages = []
            known = Known()
            result.created = True
            seen = NOTHING  # created only if no one else creates it meanwhile
        else:
            display, key = self.catalogs.rel(path), digest(data)
            seen = Seen.of(before, key) if before is not None else NOTHING  # NOTHING: it appeared, so it changed
            snapshot = self.catalogs.snapshot(display)
            if snapshot is not None and snapshot.get("digest") == key and snapshot.get("template") == template_digest:
                batch.results.append(result)  # what the last update wrote for this template
                return
            previous, known = self.catalogs.load_bytes(display, data, key, snapshot)
        merge = Merge(lang, path, result, data, seen, previous, known, template, template_digest, memory)
        asking = DeferringProposer(memory)
        merged, result.summary = merge_catalog(previous, template, asking, lang=lang)
        if asking.deferred:
            batch.deferred.append((merge, merged, asking.deferred))  # completed after the batch's search
        else:
            self._stage_merged(merge, merged, batch)

    def _stage_deferred(self, memories: dict[str, MemoryProposer], batch: UpdateBatch) -> None:
        """Complete, and stage, the catalogs that waited for the memory: it now searches for all at once."""
        for memory in memories.values():
            memory.search_pending()
        deferred, batch.deferred = batch.deferred, []
        for merge, merged, waiting in deferred:
            propose_deferred(merged, merge.memory, waiting, merge.result.summary)
            try:
                self._stage_merged(merge, merged, batch)
            except PolyglotError as error:
                batch.errors.append(error)

    def _stage_merged(self, merge: Merge, merged: Catalog, batch: UpdateBatch) -> None:
        """Stage a merged catalog if its bytes change, and remember what it holds."""
        blocks = write_po_blocks(merged, merge.known)
        new = b"\n".join(blocks)
        tmp = stage(merge.path, new, current=merge.data, durable=False)
        holding = merge.seen  # the file that will hold these translations: the one read, or the new one
        if tmp is not None:
            batch.staged.append(Staged(tmp, merge.path, merge.seen))
            merge.result.written = True
            merge.result.rewritten = what_changed(merge.previous, merged)
            holding = Seen.of(tmp.stat(), "")  # a rename keeps the inode and the time
        self.catalogs.remember_written(merge.path, merged, blocks, new, merge.template_digest, merge.known)
        batch.translated.append((merge.lang, merge.result.doc_id, merge.path, finished_translations(merged), holding))
        batch.results.append(merge.result)


def _raise_errors(batches: list[UpdateBatch]) -> None:
    """Discard every staged file and raise every error found, if any, each file's once and in path order."""
    found: dict[str, PolyglotError] = {}
    for batch in batches:
        for error in batch.errors:
            # The translation memory reads the other catalogs of a language, so a bad one can be met twice.
            found.setdefault(str(error), error)
    if found:
        discard([staged.tmp for batch in batches for staged in batch.staged])
        raise_errors(sorted(found.values(), key=lambda e: (e.path or "", e.line or 0, e.message)))


def _mark_left(batches: list[UpdateBatch], left: dict[Path, str]) -> None:
    """Record on each result whether its catalog was left as a translator saved it during the update.

    Such a catalog holds their bytes, not ours: what it translates is not what was merged, so it is
    kept out of the translation-memory index (read again next time) and not counted as written.
    """
    if not left:
        return
    for batch in batches:
        for result in batch.results:
            if result.path in left:
                result.written, result.left_as_saved = False, left[result.path]
        batch.translated = [entry for entry in batch.translated if entry[2] not in left]


def _shares_by_folder(staged: list[Staged], shares: int) -> list[list[Staged]]:
    """Staged files in ``shares`` groups, each folder's files in one group, the groups about even."""
    folders: dict[Path, list[Staged]] = {}
    for pair in staged:
        folders.setdefault(pair.target.parent, []).append(pair)
    groups: list[list[Staged]] = [[] for _ in range(shares)]
    for files in sorted(folders.values(), key=len, reverse=True):
        min(groups, key=len).extend(files)
    return groups


_DONE: Any = None  # in an update worker, the count of documents done that all workers share


def _share_counter(counter: Any) -> None:
    global _DONE
    _DONE = counter


def _count_one(_: int) -> None:
    with _DONE.get_lock():
        _DONE.value += 1


def _stage_in_worker(share: tuple[Settings, list[str], list[str]]) -> UpdateBatch:
    settings, doc_ids, languages = share
    return CatalogUpdater.for_settings(settings).stage(doc_ids, languages, _count_one if _DONE is not None else None)
