"""Where catalogs live: reading them (through cached snapshots), their summaries, and ``status``.

Every read of ``locales/`` goes through :class:`CatalogStore`. A parsed catalog is kept in the
cache as a snapshot, one per catalog path, trusted only while the file's bytes have the digest it
was made from; counts and message keys are cached by content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.po import read_po
from polyglot_docs.catalogs.po.snapshot import (
    Known,
    Snapshot,
    catalog_from_snapshot,
    snapshot_of_read,
    snapshot_of_written,
)
from polyglot_docs.catalogs.stats import Counts, catalog_counts, word_count
from polyglot_docs.core.cache import Cache, digest
from polyglot_docs.core.errors import CatalogError, PolyglotError, raise_errors
from polyglot_docs.core.paths import check_inside, read_regular
from polyglot_docs.core.settings import Settings, check_language
from polyglot_docs.documents.store import DocumentStore, UnitKeys, keys_digest

# Called with (done, total) as a long operation goes on.
Progress = Callable[[int, int], None] | None


@dataclass
class CatalogStatus:
    lang: str
    doc_id: str
    path: Path
    counts: Counts
    exists: bool = True
    outdated: bool = False  # the catalog's messages differ from the document's units


@dataclass
class StatusResult:
    """What :meth:`CatalogStore.status` found: a row per catalog it could count, an error per file it could not read.

    One unreadable file costs only its own row (a broken document, the rows of its catalogs).
    """

    rows: list[CatalogStatus] = field(default_factory=list)
    errors: list[PolyglotError] = field(default_factory=list)

    def rows_or_raise(self) -> list[CatalogStatus]:
        """The rows, for a caller that needs every catalog counted: otherwise every error, raised at once."""
        raise_errors(self.errors)
        return self.rows


@dataclass(frozen=True)
class CatalogSummary:
    counts: Counts
    keys: str  # digest of the (msgctxt, msgid) sequence, to compare with the document's units


class CatalogStore:
    def __init__(self, settings: Settings, cache: Cache, documents: DocumentStore):
        self.settings = settings
        self._checked: set[str] = set()  # language folders found inside the repository
        self.cache = cache
        self.documents = documents

    def rel(self, path: Path) -> str:
        return self.settings.relative(path)

    def stat_all(self, lang: str, doc_ids: Iterable[str]) -> Iterator[tuple[str, str, os.stat_result]]:
        """(document id, relative path, stat) of each of the documents' catalogs in ``lang`` that exists.

        For walks over every catalog of a language: os.path on strings, where building a Path per
        catalog took most of the time (1 000 catalogs of a language: 70 ms against 11 ms).
        """
        folder = self.path(lang, "-").parent
        name, rel = os.fspath(folder), self.rel(folder)
        for doc_id in doc_ids:
            try:
                stat = os.stat(os.path.join(name, f"{doc_id}.po"))
            except FileNotFoundError:
                continue
            yield doc_id, f"{rel}/{doc_id}.po", stat

    def path(self, lang: str, doc_id: str) -> Path:
        """A catalog's path; its language folder is refused once if a link leads it out of the repository."""
        if lang not in self._checked:
            folder = self.settings.catalog_path(lang, doc_id).parent
            check_inside(folder, self.settings.root, self.rel(folder), CatalogError)
            self._checked.add(lang)
        return self.settings.catalog_path(lang, doc_id)

    def languages(self, langs: list[str] | None = None) -> list[str]:
        """The languages asked for (the target languages when none are), each checked."""
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

    def orphans(self) -> list[Path]:
        """Catalogs whose document no longer exists."""
        known = set(self.documents.ids())
        folder = self.settings.locales_dir
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*/LC_MESSAGES/*.po") if p.name.removesuffix(".po") not in known)

    # -- reading -------------------------------------------------------------

    def read(self, path: Path, data: bytes | None = None) -> Catalog:
        return self.load(path, data)[0]

    def read_or_empty(self, lang: str, doc_id: str) -> tuple[Catalog, Path]:
        """A document's catalog in one language, empty when there is none yet."""
        path = self.path(lang, doc_id)
        return (self.read(path) if path.exists() else Catalog()), path

    def read_bytes(self, path: Path) -> bytes:
        """A catalog file's bytes; a file that cannot be read (or is a link) is a :class:`CatalogError` naming it."""
        return read_regular(path, self.rel(path), CatalogError, "catalog")

    def load(self, path: Path, data: bytes | None = None) -> tuple[Catalog, Known]:
        """A catalog, and the entries ``write_po`` may copy from its file."""
        data = self.read_bytes(path) if data is None else data
        display = self.rel(path)
        return self.load_bytes(display, data, digest(data), self.snapshot(display))

    def snapshot(self, display: str) -> Snapshot | None:
        return self.cache.get("snapshot", display)

    def load_bytes(self, display: str, data: bytes, key: str, snapshot: Snapshot | None
                   ) -> tuple[Catalog, Known]:
        """The catalog in ``data`` (digest ``key``), from its snapshot when that was made from these bytes."""
        if snapshot is not None and snapshot.get("digest") == key:
            return catalog_from_snapshot(snapshot, data)
        catalog = read_po(data, display)
        for message in catalog.messages:
            if message.msgctxt is None:
                raise CatalogError("entry has no msgctxt; every unit of a document catalog is keyed by its id",
                                   display, message.lineno)
        self.cache.put("snapshot", display, snapshot_of_read(catalog, key))
        return catalog, Known()

    def remember_written(self, path: Path, catalog: Catalog, blocks: list[bytes], data: bytes,
                         template_digest: str, known: Known) -> CatalogSummary:
        """Cache what a catalog just written holds, so the next command need not parse it."""
        key = digest(data)
        snapshot = snapshot_of_written(catalog, blocks, key, known)
        if snapshot is not None:
            snapshot["template"] = template_digest  # what it was merged with: the next update may skip it
            self.cache.put("snapshot", self.rel(path), snapshot)
        return self._summarize(catalog, key)  # what counts is the same once read back

    # -- summaries and status --------------------------------------------------

    def summary(self, path: Path, data: bytes | None = None) -> CatalogSummary:
        """Counts, message keys and finished-translation index of a catalog; cached by its content."""
        data = self.read_bytes(path) if data is None else data
        key = digest(data)
        cached = self.cache.get("catalog-summary/2", key)
        if cached is not None:
            return CatalogSummary(Counts(**cached["counts"]), cached["keys"])
        return self._summarize(self.read(path, data), key)

    def _summarize(self, catalog: Catalog, key: str) -> CatalogSummary:
        keys = keys_digest((m.msgctxt or "", m.msgid) for m in catalog.messages)
        summary = CatalogSummary(catalog_counts(catalog), keys)
        self.cache.put("catalog-summary/2", key, {"counts": summary.counts.__dict__, "keys": summary.keys})
        return summary

    def status(self, doc_ids: list[str] | None = None, langs: list[str] | None = None,
               progress: Progress = None) -> StatusResult:
        """Where every catalog stands: counts, and whether it matches its document's units.

        A document or catalog that cannot be read is one error in the result; the others are counted.
        """
        result = StatusResult()
        selected = self.documents.select(doc_ids)
        units: dict[str, tuple[UnitKeys, str]] = {}
        for doc_id in selected:
            try:
                units[doc_id] = self.documents.unit_keys(doc_id)
            except PolyglotError as error:  # its catalogs cannot be compared with it: reported once, left out
                result.errors.append(error)
        languages = self.languages(langs)
        for number, lang in enumerate(languages):
            if progress:
                progress(number * len(selected), len(selected) * len(languages))
            for doc_id in selected:
                if doc_id in units:
                    self._status_row(lang, doc_id, units[doc_id], result)
        self.cache.flush()
        return result

    def _status_row(self, lang: str, doc_id: str, units: tuple[UnitKeys, str], result: StatusResult) -> None:
        """Count one catalog into ``result``: a row, or the error that kept it from being read."""
        path = self.path(lang, doc_id)
        keys, current = units
        if not path.exists():
            counts = Counts(untranslated=len(keys), untranslated_words=sum(word_count(text) for _, text in keys))
            result.rows.append(CatalogStatus(lang, doc_id, path, counts, exists=False, outdated=True))
            return
        try:
            summary = self.summary(path)
        except PolyglotError as error:
            result.errors.append(error)
            return
        result.rows.append(CatalogStatus(lang, doc_id, path, summary.counts, outdated=summary.keys != current))
