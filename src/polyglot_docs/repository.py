"""The repository: documents/ and locales/ on disk, and the operations on them.

This is the Python API the command line is a thin layer over. Reading and
deciding are kept in the pure modules (document, extract, merge, translate);
this module finds files, reads them, calls those, and writes what changed,
atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from lxml import etree

from polyglot_docs.core.cache import Cache, digest
from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.checks.families import INFO, Finding, UnitText, run_checks, silenced
from polyglot_docs.documents.model import Document, document_problems, load_document, load_document_bytes, term_texts
from polyglot_docs.core.errors import CatalogError, DocumentError, PolyglotError
from polyglot_docs.catalogs.extract import build_template
from polyglot_docs.core.fsutil import commit, discard, stage, sync, write_if_changed
from polyglot_docs.checks.glossary import Glossary, load_glossary
from polyglot_docs.core.lock import repository_lock
from polyglot_docs.catalogs.merge import MergeSummary, merge_catalog, new_catalog
from polyglot_docs.catalogs.po import read_po, read_po_file, write_po
from polyglot_docs.catalogs.po.snapshot import Known, Snapshot, catalog_from_snapshot, snapshot_of_read, snapshot_of_written
from polyglot_docs.catalogs.po.writer import write_po_blocks
from polyglot_docs.core.settings import Settings, check_language, load_settings
from polyglot_docs.catalogs.stats import Counts, catalog_counts, word_count
from polyglot_docs.editions.translate import UnitOutcome, translate_document
from polyglot_docs.core.xmlsafe import serialize_document

_DATE_PLACEHOLDER = "@POT-CREATION-DATE@"
# Called with (done, total) as a long operation goes on.
Progress = Callable[[int, int], None] | None
_CREATION_DATE = re.compile(r"POT-Creation-Date: ([^\\\n\"]*)\\n")
# Below this many documents per worker, starting processes costs more than it saves.
DOCUMENTS_PER_UPDATE_WORKER = 100


def _keys_digest(keys: Iterable[tuple[str, str]]) -> str:
    return digest("\0".join(f"{unit_id}\x04{text}" for unit_id, text in keys))


def now_stamp() -> str:
    """A PO header date; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.UTC))
    return moment.strftime("%Y-%m-%d %H:%M+0000")


@dataclass
class CatalogUpdate:
    lang: str
    doc_id: str
    path: Path
    created: bool = False
    written: bool = False
    summary: MergeSummary = field(default_factory=MergeSummary)


@dataclass
class CatalogStatus:
    lang: str
    doc_id: str
    path: Path
    counts: Counts
    exists: bool = True
    outdated: bool = False  # the catalog's messages differ from the document's units


@dataclass(frozen=True)
class CheckResult:
    """One finding on one unit of one catalog."""

    lang: str
    doc_id: str
    path: str  # the catalog, relative to the repository root
    line: int
    unit_id: str
    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}"


@dataclass
class Translation:
    document: Document
    lang: str
    tree: etree._ElementTree
    outcomes: list[UnitOutcome]
    catalog_path: Path

    def xml(self) -> bytes:
        return serialize_document(self.tree)


@dataclass(frozen=True)
class Template:
    """A document's template: its PO text (creation date left as a placeholder) and its messages."""

    body: str
    catalog: Catalog


@dataclass
class UpdateBatch:
    """What :meth:`Repository.stage_update` did: results, staged files, or the error that stopped it."""

    results: list[CatalogUpdate] = field(default_factory=list)
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary file, target)
    error: tuple[str, PolyglotError] | None = None  # (document, error)
    translated: list[tuple[str, Path, list[str]]] = field(default_factory=list)  # for the memory index


@dataclass(frozen=True)
class CatalogSummary:
    counts: Counts
    keys: str  # digest of the (msgctxt, msgid) sequence, to compare with the document's units
    translated: list[str]  # short digests of the msgids with finished translations


class TranslationMemory:
    """Exact-match memory over every catalog of one language, read from the cache's index.

    Only the catalogs that hold a wanted source text are parsed, and only when it is wanted.
    """

    def __init__(self, repo: Repository, lang: str):
        self.repo = repo
        self.lang = lang
        self._index: dict[str, list[Path]] | None = None

    @property
    def index(self) -> dict[str, list[Path]]:
        """Catalogs by the short digests of their finished msgids; built on first use.

        A catalog's entry is trusted while its size and modification time are unchanged: the index
        only points at catalogs to read, and :meth:`get` checks the text it finds there.
        """
        if self._index is None:
            self._index = {}
            known = self.repo.cache.get_kind(f"memory-index/{self.lang}")
            for doc_id in self.repo.document_ids():
                path = self.repo.settings.catalog_path(self.lang, doc_id)
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                entry = known.get(self.repo.rel(path))
                if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
                    entry = remember_in_memory_index(self.repo, self.lang, path,
                                                     self.repo.catalog_summary(path).translated, stat)
                for short in entry[2]:
                    self._index.setdefault(short, []).append(path)
        return self._index

    def get(self, msgid: str) -> str | None:
        for path in self.index.get(_short_digest(msgid), []):
            for message in self.repo.read_catalog(path).messages:
                if message.translated and message.msgid == msgid:
                    return message.msgstr
        return None


def remember_in_memory_index(repo: Repository, lang: str, path: Path, translated: list[str],
                             stat: os.stat_result) -> list[Any]:
    """Record a catalog's finished msgids for :class:`TranslationMemory`, valid while its stat holds."""
    entry = [stat.st_mtime_ns, stat.st_size, translated]
    repo.cache.put(f"memory-index/{lang}", repo.rel(path), entry)
    return entry


class Repository:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.cache = Cache(settings.cache_dir)

    @classmethod
    def open(cls, root: Path | None = None) -> Repository:
        return cls(load_settings(root))

    def lock(self, *, wait: bool = True, notify: Callable[[str], None] | None = None
             ) -> AbstractContextManager[None]:
        """Hold the repository's lock file while writing: concurrent runs are serialised."""
        s = self.settings
        return repository_lock(s.root, wait=wait, notify=notify,
                               folders=(s.documents_dir, s.locales_dir, s.output_dir))

    # -- documents ---------------------------------------------------------

    def document_ids(self) -> list[str]:
        folder = self.settings.documents_dir
        if not folder.is_dir():
            return []
        return sorted(p.name.removesuffix(".xml") for p in folder.glob("*.xml") if p.is_file())

    def select(self, doc_ids: list[str] | None) -> list[str]:
        known = self.document_ids()
        if not doc_ids:
            return known
        for doc_id in doc_ids:
            if doc_id not in known:
                raise PolyglotError(f"no document {doc_id!r} in {self.rel(self.settings.documents_dir)}/")
        return doc_ids

    def rel(self, path: Path) -> str:
        return self.settings.relative(path)

    def load(self, doc_id: str) -> Document:
        path = self.settings.document_path(doc_id)
        return load_document(path, self.rel(path), self.settings.source_language)

    def load_all(self, doc_ids: list[str] | None = None) -> list[Document]:
        return [self.load(doc_id) for doc_id in self.select(doc_ids)]

    def validate(self, doc_ids: list[str] | None = None) -> list[PolyglotError]:
        problems: list[PolyglotError] = []
        for doc_id in self.select(doc_ids):
            path = self.settings.document_path(doc_id)
            problems.extend(document_problems(path, self.rel(path), self.settings.source_language))
        return problems

    # -- catalogs ----------------------------------------------------------

    def read_catalog(self, path: Path, data: bytes | None = None) -> Catalog:
        return self.load_catalog(path, data)[0]

    def load_catalog(self, path: Path, data: bytes | None = None) -> tuple[Catalog, Known]:
        """A catalog, and the entries ``write_po`` may copy from its file.

        The parse is kept in the cache as a snapshot (one per catalog path), trusted only while the
        file's bytes have the digest it was made from.
        """
        display = self.rel(path)
        if data is None:
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CatalogError(f"cannot read catalog: {error.strerror}", display) from error
        return self._load_catalog(display, data, digest(data), self.cache.get("snapshot", display))

    def _load_catalog(self, display: str, data: bytes, key: str, snapshot: Snapshot | None
                      ) -> tuple[Catalog, Known]:
        if snapshot is not None and snapshot.get("digest") == key:
            return catalog_from_snapshot(snapshot, data)
        catalog = read_po(data, display)
        for message in catalog.messages:
            if message.msgctxt is None:
                raise CatalogError("entry has no msgctxt; every unit of a document catalog is keyed by its id",
                                   display, message.lineno)
        self.cache.put("snapshot", display, snapshot_of_read(catalog, key))
        return catalog, Known()

    def _remember_written(self, path: Path, catalog: Catalog, blocks: list[bytes], data: bytes,
                          template_digest: str, known: Known) -> CatalogSummary:
        """Cache what a catalog just written holds, so the next command need not parse it."""
        key = digest(data)
        snapshot = snapshot_of_written(catalog, blocks, key, known)
        if snapshot is not None:
            snapshot["template"] = template_digest  # what it was merged with: the next update may skip it
            self.cache.put("snapshot", self.rel(path), snapshot)
        return self._summarize(catalog, key)  # what counts is the same once read back

    def languages(self, langs: list[str] | None = None) -> list[str]:
        if not langs:
            return list(self.settings.target_languages)
        for lang in langs:
            check_language(lang, "--lang")
        return langs

    def existing_languages(self) -> list[str]:
        """Target languages plus any other folder under locales/ that holds catalogs."""
        found = list(self.settings.target_languages)
        folder = self.settings.locales_dir
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if child.name not in found and (child / "LC_MESSAGES").is_dir():
                    found.append(child.name)
        return found

    def extract(self, doc_ids: list[str] | None = None) -> tuple[list[str], list[Path]]:
        """Write each document's template; a template whose messages did not change keeps its bytes."""
        selected = self.select(doc_ids)
        bodies = {doc_id: self.template(doc_id).body for doc_id in selected}  # validates every document first
        written = []
        for doc_id in selected:
            data, _ = self._template_file(doc_id, bodies[doc_id])
            if data is not None and write_if_changed(self.settings.template_path(doc_id), data):
                written.append(self.settings.template_path(doc_id))
        self.cache.flush()
        return selected, written

    def template(self, doc_id: str) -> Template:
        """A document's template, with a placeholder creation date; cached by the document's content."""
        path = self.settings.document_path(doc_id)
        data = self._read_document_bytes(path)
        key = digest(data, self.settings.source_language, self.rel(path))
        cached = self.cache.get("template", key)
        if cached is not None:
            body = cached["body"]
            return Template(body, catalog_from_snapshot(cached["snapshot"], b"")[0])
        document = load_document_bytes(data, self.rel(path), self.settings.source_language)
        built = build_template(document, _DATE_PLACEHOLDER)
        blocks = write_po_blocks(built)
        body = b"\n".join(blocks).decode("utf-8")
        snapshot = snapshot_of_written(built, blocks, "")
        self.cache.put("template", key, {"body": body, "snapshot": snapshot})
        self._remember_units(key, document)
        return Template(body, catalog_from_snapshot(snapshot, b"")[0])

    def _remember_units(self, key: str, document: Document) -> tuple[list[list[str]], str]:
        units = [[u.id, u.text] for u in document.units]
        keys = _keys_digest((u.id, u.text) for u in document.units)
        self.cache.put("units", key, units)
        self.cache.put("unit-keys", key, keys)
        return units, keys

    def _read_document_bytes(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise DocumentError(f"cannot read document: {error.strerror}", self.rel(path)) from error

    def _template_file(self, doc_id: str, body: str) -> tuple[bytes | None, str]:
        """The bytes a document's template file should get (None: it holds them) and its creation date.

        The date changes only when the messages do, so an unchanged template keeps its bytes.
        """
        try:
            existing = self.settings.template_path(doc_id).read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            existing = None
        if existing is not None and (match := _CREATION_DATE.search(existing)) is not None:
            placeholder = f"POT-Creation-Date: {_DATE_PLACEHOLDER}\\n"
            if existing[:match.start()] + placeholder + existing[match.end():] == body:
                return None, match.group(1)
        stamp = now_stamp()
        return body.replace(_DATE_PLACEHOLDER, stamp, 1).encode("utf-8"), stamp

    def init(self, lang: str, doc_ids: list[str] | None = None, force: bool = False) -> list[Path]:
        locale = check_language(lang, "--lang")
        selected, _ = self.extract(doc_ids)
        written = []
        for doc_id in selected:
            path = self.settings.catalog_path(lang, doc_id)
            if path.exists() and not force:
                continue
            template = read_po_file(self.settings.template_path(doc_id))
            catalog = new_catalog(template, lang, _language_name(locale), now_stamp())
            if write_if_changed(path, write_po(catalog)):
                written.append(path)
        self.cache.flush()
        return written

    def update(self, doc_ids: list[str] | None = None, langs: list[str] | None = None, *, jobs: int = 1,
               progress: Progress = None) -> list[CatalogUpdate]:
        """Extract, then bring every catalog of every language up to date with its document.

        Every document and catalog is read, checked and merged, and every new file staged beside
        its target, before any file is replaced: an error anywhere changes nothing. ``jobs``
        worker processes share the documents on large repositories. A catalog whose bytes are
        what the last update wrote for the same template is up to date and is not read again.
        ``progress`` is called with (documents done, documents) as the work goes on.
        """
        orphans = self.orphan_catalogs()
        if orphans:
            doc_id = orphans[0].name.removesuffix(".po")
            document = self.rel(self.settings.document_path(doc_id))
            raise CatalogError(f"no document {doc_id!r} for this catalog: restore {document} or retire the "
                               "catalog (git rm) on purpose", self.rel(orphans[0]))
        selected = self.select(doc_ids)
        languages = langs or self.existing_languages()
        for lang in languages:
            check_language(lang, "--lang")
        if "fork" not in multiprocessing.get_all_start_methods():
            jobs = 1  # workers inherit the loaded state by forking (not on Windows)
        jobs = max(1, min(jobs, len(selected) // DOCUMENTS_PER_UPDATE_WORKER))
        total = len(selected)
        pool = None
        if jobs > 1:
            self.cache.flush()
            fork = multiprocessing.get_context("fork")
            done = fork.Value("i", 0)  # documents done, counted by the workers
            pool = ProcessPoolExecutor(jobs, mp_context=fork, initializer=_share_counter, initargs=(done,))
        try:
            if pool is None:
                batches = [self.stage_update(selected, languages,
                                             (lambda count: progress(count, total)) if progress else None)]
            else:
                futures = [pool.submit(_stage_update_in_worker, (self.settings, selected[i::jobs], languages))
                           for i in range(jobs)]
                while progress and wait(futures, timeout=0.2).not_done:
                    progress(done.value, total)
                batches = [future.result() for future in futures]
            staged = [pair for batch in batches for pair in batch.staged]
            errors = [batch.error for batch in batches if batch.error is not None]
            if errors:
                discard([tmp for tmp, _ in staged])
                order = {doc_id: i for i, doc_id in enumerate(selected)}
                raise min(errors, key=lambda e: order.get(e[0], 0))[1]
            sync()  # the new files' bytes are on disk before any of them replaces a catalog
            if pool is None:
                commit(staged)
            else:  # renames in different folders do not wait for each other
                list(pool.map(commit, _shares_by_folder(staged, jobs)))
        finally:
            if pool is not None:
                pool.shutdown()
        sync()
        for batch in batches:  # the next translation-memory lookup need not read these catalogs
            for lang, path, translated in batch.translated:
                remember_in_memory_index(self, lang, path, translated, path.stat())
        self.cache.flush()
        order = {lang: i for i, lang in enumerate(languages)}
        results = [result for batch in batches for result in batch.results]
        results.sort(key=lambda r: (order[r.lang], r.doc_id))
        return results

    def stage_update(self, doc_ids: list[str], languages: list[str],
                     advance: Callable[[int], None] | None = None) -> UpdateBatch:
        """The work of :meth:`update` for some documents, with every new file staged, none committed.

        ``advance`` is called with the number of documents done after each one.
        """
        batch = UpdateBatch()
        memories: dict[str, TranslationMemory] = {}
        doc_id = ""
        try:
            for number, doc_id in enumerate(doc_ids, start=1):
                template = self.template(doc_id)
                data, creation_date = self._template_file(doc_id, template.body)
                if data is not None and (tmp := stage(self.settings.template_path(doc_id), data, durable=False)):
                    batch.staged.append((tmp, self.settings.template_path(doc_id)))
                template.catalog.set_header_field("POT-Creation-Date", creation_date)
                template_digest = digest(template.body)
                for lang in languages:
                    memory = memories.setdefault(lang, TranslationMemory(self, lang))
                    self._stage_catalog_update(doc_id, lang, template.catalog, template_digest, memory, batch)
                if advance:
                    advance(number)
        except PolyglotError as error:
            batch.error = (doc_id, error)
        except BaseException:
            discard([tmp for tmp, _ in batch.staged])
            raise
        self.cache.flush()
        return batch

    def _stage_catalog_update(self, doc_id: str, lang: str, template: Catalog, template_digest: str,
                              memory: TranslationMemory, batch: UpdateBatch) -> None:
        path = self.settings.catalog_path(lang, doc_id)
        result = CatalogUpdate(lang, doc_id, path)
        try:
            data: bytes | None = path.read_bytes()
        except FileNotFoundError:
            data = None
        if data is None:
            if lang not in self.settings.target_languages:
                return
            previous = new_catalog(template, lang, _language_name(Locale.parse(lang)), now_stamp())
            previous.messages = []
            known = Known()
            result.created = True
        else:
            display, key = self.rel(path), digest(data)
            snapshot = self.cache.get("snapshot", display)
            if snapshot is not None and snapshot.get("digest") == key and snapshot.get("template") == template_digest:
                return  # what the last update wrote for this template
            previous, known = self._load_catalog(display, data, key, snapshot)
        merged, result.summary = merge_catalog(previous, template, memory)
        blocks = write_po_blocks(merged, known)
        new = b"\n".join(blocks)
        tmp = stage(path, new, current=data, durable=False)
        if tmp is not None:
            batch.staged.append((tmp, path))
            result.written = True
        written = self._remember_written(path, merged, blocks, new, template_digest, known)
        batch.translated.append((lang, path, written.translated))
        batch.results.append(result)

    def catalog_summary(self, path: Path, data: bytes | None = None) -> CatalogSummary:
        """Counts, message keys and finished-translation index of a catalog; cached by its content."""
        data = path.read_bytes() if data is None else data
        key = digest(data)
        cached = self.cache.get("catalog-summary", key)
        if cached is not None:
            return CatalogSummary(Counts(**cached["counts"]), cached["keys"], cached["translated"])
        return self._summarize(self.read_catalog(path, data), key)

    def _summarize(self, catalog: Catalog, key: str) -> CatalogSummary:
        summary = CatalogSummary(
            catalog_counts(catalog),
            _keys_digest((m.msgctxt or "", m.msgid) for m in catalog.messages),
            [_short_digest(m.msgid) for m in catalog.messages if m.translated],
        )
        self.cache.put("catalog-summary", key, {"counts": summary.counts.__dict__, "keys": summary.keys,
                                         "translated": summary.translated})
        return summary

    def unit_keys(self, doc_id: str) -> tuple[list[tuple[str, str]], str]:
        """A document's units as (id, text) and their digest, cached by its content (validated once)."""
        path = self.settings.document_path(doc_id)
        data = self._read_document_bytes(path)
        key = digest(data, self.settings.source_language, self.rel(path))
        cached, keys = self.cache.get("units", key), self.cache.get("unit-keys", key)
        if cached is None or keys is None:
            document = load_document_bytes(data, self.rel(path), self.settings.source_language)
            cached, keys = self._remember_units(key, document)
        return [(unit_id, text) for unit_id, text in cached], keys

    def orphan_catalogs(self) -> list[Path]:
        """Catalogs whose document no longer exists."""
        known = set(self.document_ids())
        folder = self.settings.locales_dir
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*/LC_MESSAGES/*.po") if p.name.removesuffix(".po") not in known)

    # -- status and translation ---------------------------------------------

    def status(self, doc_ids: list[str] | None = None, langs: list[str] | None = None,
               progress: Progress = None) -> list[CatalogStatus]:
        rows: list[CatalogStatus] = []
        selected = self.select(doc_ids)
        summaries = {doc_id: self.unit_keys(doc_id) for doc_id in selected}
        units = {doc_id: summary[0] for doc_id, summary in summaries.items()}
        languages = self.languages(langs)
        for lang in languages:
            if progress:
                progress(len(rows), len(selected) * len(languages))
            for doc_id in selected:
                path = self.settings.catalog_path(lang, doc_id)
                if not path.exists():
                    counts = Counts(untranslated=len(units[doc_id]),
                                    untranslated_words=sum(word_count(text) for _, text in units[doc_id]))
                    rows.append(CatalogStatus(lang, doc_id, path, counts, exists=False, outdated=True))
                    continue
                summary = self.catalog_summary(path)
                outdated = summary.keys != summaries[doc_id][1]
                rows.append(CatalogStatus(lang, doc_id, path, summary.counts, outdated=outdated))
        self.cache.flush()
        return rows

    def glossary(self, lang: str) -> Glossary:
        path = self.settings.glossary_path(lang)
        return load_glossary(path, lang, self.rel(path))

    def check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CheckResult]:
        """Run every check over every translated unit; fuzzy and outdated units are reported as info."""
        return list(self.iter_check(doc_ids, langs))

    def iter_check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None,
                   progress: Progress = None) -> Iterator[CheckResult]:
        """The findings of :meth:`check`, document by document, as they are found.

        One document is in memory at a time; the findings of a catalog are cached by the content of
        the document, the catalog and the glossary.
        """
        selected = self.select(doc_ids)
        languages = self.languages(langs)
        glossaries = {lang: (self.glossary(lang), digest(self.settings.glossary_path(lang).read_bytes())
                             if self.settings.glossary_path(lang).exists() else "-") for lang in languages}
        for number, doc_id in enumerate(selected):
            if progress:
                progress(number, len(selected))
            document_path = self.settings.document_path(doc_id)
            document_digest = digest(self._read_document_bytes(document_path), self.settings.source_language)
            document: Document | None = None
            for lang in languages:
                path = self.settings.catalog_path(lang, doc_id)
                if not path.exists():
                    continue
                data = path.read_bytes()
                glossary, glossary_digest = glossaries[lang]
                key = digest(document_digest, data, glossary_digest, lang)
                rows = self.cache.get("check", key)
                if rows is None:
                    document = document or self.load(doc_id)
                    rows = [[r.line, r.unit_id, r.check, r.severity, r.message]
                            for r in self._check_catalog(document, lang, path, glossary)]
                    self.cache.put("check", key, rows)
                display = self.rel(path)
                yield from (CheckResult(lang, doc_id, display, *row) for row in rows)
        self.cache.flush()

    def _check_catalog(self, document: Document, lang: str, path: Path, glossary: Glossary) -> list[CheckResult]:
        display = self.rel(path)
        units = {u.id: u for u in document.units}
        results = []
        for message in self.read_catalog(path).messages:
            if not message.msgstr:
                continue
            unit = units.get(message.msgctxt or "")
            if message.fuzzy:
                findings = [Finding("fuzzy", INFO, "the translation waits for review after a source change")]
            elif unit is None or unit.text != message.msgid:
                findings = [Finding("outdated", INFO, "the catalog is older than the document; run update")]
            else:
                text = UnitText(unit.id, message.msgid, message.msgstr, self.settings.source_language, lang,
                                term_texts(unit))
                findings = run_checks(text, glossary, silenced(message.translator_comments))
            line = message.msgstr_lineno or message.lineno
            results.extend(CheckResult(lang, document.id, display, line, message.msgctxt or "", f.check, f.severity,
                                       f.message) for f in findings)
        return results

    def translate(self, doc_id: str, lang: str) -> Translation:
        check_language(lang, "--lang")
        document = self.load(doc_id)
        path = self.settings.catalog_path(lang, doc_id)
        catalog = self.read_catalog(path) if path.exists() else Catalog()
        tree, outcomes = translate_document(document, catalog, lang)
        return Translation(document, lang, tree, outcomes, path)


def _shares_by_folder(staged: list[tuple[Path, Path]], shares: int) -> list[list[tuple[Path, Path]]]:
    """Staged files in ``shares`` groups, each folder's files in one group, the groups about even."""
    folders: dict[Path, list[tuple[Path, Path]]] = {}
    for pair in staged:
        folders.setdefault(pair[1].parent, []).append(pair)
    groups: list[list[tuple[Path, Path]]] = [[] for _ in range(shares)]
    for files in sorted(folders.values(), key=len, reverse=True):
        min(groups, key=len).extend(files)
    return groups


def _short_digest(text: str) -> str:
    """A short key for a source text in the translation-memory index (a hit is checked against the text)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


_DONE: Any = None  # in an update worker, the count of documents done that all workers share


def _share_counter(counter: Any) -> None:
    global _DONE
    _DONE = counter


def _count_one(_: int) -> None:
    with _DONE.get_lock():
        _DONE.value += 1


def _stage_update_in_worker(share: tuple[Settings, list[str], list[str]]) -> UpdateBatch:
    settings, doc_ids, languages = share
    return Repository(settings).stage_update(doc_ids, languages, _count_one if _DONE is not None else None)


def _language_name(locale: Locale) -> str:
    return locale.english_name or str(locale)
