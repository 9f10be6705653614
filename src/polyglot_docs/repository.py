"""The repository: documents/ and locales/ on disk, and the operations on them.

This is the Python API the command line is a thin layer over. Reading and
deciding are kept in the pure modules (document, extract, merge, translate);
this module finds files, reads them, calls those, and writes what changed,
atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from lxml import etree

from polyglot_docs.catalog import Catalog
from polyglot_docs.checks import INFO, Finding, UnitText, run_checks, silenced
from polyglot_docs.document import Document, document_problems, load_document, term_texts
from polyglot_docs.errors import CatalogError, PolyglotError
from polyglot_docs.extract import build_template, same_messages
from polyglot_docs.fsutil import write_if_changed
from polyglot_docs.glossary import Glossary, load_glossary
from polyglot_docs.lock import repository_lock
from polyglot_docs.merge import MergeSummary, memory_from, merge_catalog, new_catalog
from polyglot_docs.po import read_po_file, write_po
from polyglot_docs.settings import Settings, check_language, load_settings
from polyglot_docs.stats import Counts, catalog_counts, word_count
from polyglot_docs.translate import UnitOutcome, translate_document
from polyglot_docs.xmlsafe import serialize_document


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


class Repository:
    def __init__(self, settings: Settings):
        self.settings = settings

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

    def read_catalog(self, path: Path) -> Catalog:
        display = self.rel(path)
        catalog = read_po_file(path, display)
        for message in catalog.messages:
            if message.msgctxt is None:
                raise CatalogError("entry has no msgctxt; every unit of a document catalog is keyed by its id",
                                   display, message.lineno)
        return catalog

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

    def extract(self, doc_ids: list[str] | None = None) -> tuple[list[Document], list[Path]]:
        """Write each document's template; a template whose messages did not change keeps its bytes."""
        documents = self.load_all(doc_ids)
        written = []
        for document in documents:
            path = self.settings.template_path(document.id)
            template = self._template(document, path)
            if write_if_changed(path, write_po(template)):
                written.append(path)
        return documents, written

    def _template(self, document: Document, path: Path) -> Catalog:
        stamp = now_stamp()
        template = build_template(document, stamp)
        if path.exists():
            existing = read_po_file(path)
            if same_messages(existing, template):
                template.header = existing.header
        return template

    def init(self, lang: str, doc_ids: list[str] | None = None, force: bool = False) -> list[Path]:
        locale = check_language(lang, "--lang")
        documents = self.load_all(doc_ids)
        written = []
        for document in documents:
            path = self.settings.catalog_path(lang, document.id)
            if path.exists() and not force:
                continue
            template = self._template(document, self.settings.template_path(document.id))
            write_if_changed(self.settings.template_path(document.id), write_po(template))
            catalog = new_catalog(template, lang, _language_name(locale), now_stamp())
            if write_if_changed(path, write_po(catalog)):
                written.append(path)
        return written

    def update(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CatalogUpdate]:
        """Extract, then bring every catalog of every language up to date with its document."""
        orphans = self.orphan_catalogs()
        if orphans:
            doc_id = orphans[0].name.removesuffix(".po")
            document = self.rel(self.settings.document_path(doc_id))
            raise CatalogError(f"no document {doc_id!r} for this catalog: restore {document} or retire the "
                               "catalog (git rm) on purpose", self.rel(orphans[0]))
        documents, _ = self.extract(doc_ids)
        results = []
        for lang in langs or self.existing_languages():
            locale = check_language(lang, "--lang")
            old = {d.id: self._read_if_exists(self.settings.catalog_path(lang, d.id)) for d in documents}
            memory = memory_from([c for c in self._all_catalogs(lang) if c is not None])
            for document in documents:
                path = self.settings.catalog_path(lang, document.id)
                template = read_po_file(self.settings.template_path(document.id))
                result = CatalogUpdate(lang, document.id, path)
                previous = old[document.id]
                if previous is None:
                    if lang not in self.settings.target_languages:
                        continue
                    previous = new_catalog(template, lang, _language_name(locale), now_stamp())
                    previous.messages = []
                    result.created = True
                merged, result.summary = merge_catalog(previous, template, memory)
                result.written = write_if_changed(path, write_po(merged))
                results.append(result)
        return results

    def _read_if_exists(self, path: Path) -> Catalog | None:
        return self.read_catalog(path) if path.exists() else None

    def _all_catalogs(self, lang: str) -> list[Catalog | None]:
        return [self._read_if_exists(self.settings.catalog_path(lang, doc_id)) for doc_id in self.document_ids()]

    def orphan_catalogs(self) -> list[Path]:
        """Catalogs whose document no longer exists."""
        known = set(self.document_ids())
        folder = self.settings.locales_dir
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*/LC_MESSAGES/*.po") if p.name.removesuffix(".po") not in known)

    # -- status and translation ---------------------------------------------

    def status(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CatalogStatus]:
        rows = []
        documents = self.load_all(doc_ids)
        for lang in self.languages(langs):
            for document in documents:
                path = self.settings.catalog_path(lang, document.id)
                if not path.exists():
                    counts = Counts(untranslated=len(document.units))
                    counts.untranslated_words = sum(word_count(u.text) for u in document.units)
                    rows.append(CatalogStatus(lang, document.id, path, counts, exists=False, outdated=True))
                    continue
                catalog = self.read_catalog(path)
                outdated = [(m.msgctxt, m.msgid) for m in catalog.messages] != [(u.id, u.text) for u in document.units]
                rows.append(CatalogStatus(lang, document.id, path, catalog_counts(catalog), outdated=outdated))
        return rows

    def glossary(self, lang: str) -> Glossary:
        path = self.settings.glossary_path(lang)
        return load_glossary(path, lang, self.rel(path))

    def check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CheckResult]:
        """Run every check over every translated unit; fuzzy and outdated units are reported as info."""
        documents = self.load_all(doc_ids)
        results = []
        for lang in self.languages(langs):
            glossary = self.glossary(lang)
            for document in documents:
                path = self.settings.catalog_path(lang, document.id)
                if path.exists():
                    results.extend(self._check_catalog(document, lang, path, glossary))
        return results

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


def _language_name(locale: Locale) -> str:
    return locale.english_name or str(locale)
