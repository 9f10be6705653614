"""``check``: every check over every translated unit of every catalog, document by document.

One document is in memory at a time, and the findings of a catalog are cached by the content of
the document, the catalog and the glossary. What a unit is (fuzzy, outdated, translated) is
decided by :func:`~polyglot_docs.catalogs.state.unit_state`: fuzzy and outdated units are listed
as ``info``; translated ones, invalid markup included, go through the checks. A document or
catalog that cannot be read is one ``error`` finding (check ``document`` or ``catalog``), and the
others are still checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from polyglot_docs.catalogs.state import MEMORY_COMMENT, UnitState, memory_comment, unit_state
from polyglot_docs.catalogs.store import CatalogStore, Progress
from polyglot_docs.checks.base import ERROR, INFO, Finding, UnitText, silenced
from polyglot_docs.checks.glossary import Glossary, load_glossary
from polyglot_docs.checks.registry import run_checks
from polyglot_docs.core.cache import digest
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.documents.model import Document, term_texts


@cache
def _checks_digest() -> str:
    """The checks' own code: cached findings are found again when a check changes, not only on a new version."""
    package = Path(__file__).parents[1]
    files = [*sorted(Path(__file__).parent.glob("*.py")), package / "documents" / "inline.py",
             package / "catalogs" / "state.py"]
    return digest(*(path.read_bytes() for path in files))


@dataclass(frozen=True)
class CheckResult:
    """One finding on one unit of one catalog."""

    lang: str
    doc_id: str
    path: str  # the catalog (or the unreadable document), relative to the repository root
    line: int | None  # None only for a file that cannot be read at all
    unit_id: str
    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.check}: {self.message}"

    @classmethod
    def unreadable(cls, lang: str, doc_id: str, kind: str, error: PolyglotError) -> CheckResult:
        """The one finding for a document or catalog (``kind``) that cannot be read, so none of it is checked."""
        return cls(lang, doc_id, error.path or "", error.line, "", kind, ERROR, error.message)


_NOT_CHECKED = {
    UnitState.FUZZY: Finding("fuzzy", INFO, "the translation waits for review after a source change"),
    UnitState.OUTDATED: Finding("outdated", INFO, "the catalog is older than the document; run update"),
}


class CheckRunner:
    def __init__(self, catalogs: CatalogStore):
        self.catalogs = catalogs
        self.documents = catalogs.documents
        self.settings = catalogs.settings
        self.cache = catalogs.cache

    def glossary(self, lang: str) -> Glossary:
        path = self.settings.glossary_path(lang)
        return load_glossary(path, lang, self.settings.relative(path))

    def check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CheckResult]:
        """Run every check over every translated unit; fuzzy and outdated units are reported as info."""
        return list(self.iter_check(doc_ids, langs))

    def iter_check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None,
                   progress: Progress = None) -> Iterator[CheckResult]:
        """The findings of :meth:`check`, document by document, as they are found."""
        selected = self.documents.select(doc_ids)
        languages = self.catalogs.languages(langs)
        glossaries = {lang: (self.glossary(lang), self._glossary_digest(lang)) for lang in languages}
        for number, doc_id in enumerate(selected):
            if progress:
                progress(number, len(selected))
            yield from self._check_document(doc_id, languages, glossaries)
        self.cache.flush()

    def _check_document(self, doc_id: str, languages: list[str], glossaries: dict[str, tuple[Glossary, str]]
                        ) -> Iterator[CheckResult]:
        """The findings of one document's catalogs; an unreadable file is one finding and the rest go on."""
        source_lang = self.settings.source_language
        try:
            document_digest = digest(self.documents.read_bytes(doc_id), source_lang)
        except PolyglotError as error:
            yield CheckResult.unreadable(source_lang, doc_id, "document", error)
            return
        document: Document | None = None
        for lang in languages:
            path = self.catalogs.path(lang, doc_id)
            if not path.exists():
                continue
            glossary, glossary_digest = glossaries[lang]
            try:
                key = digest(document_digest, self.catalogs.read_bytes(path), glossary_digest, lang, _checks_digest())
            except PolyglotError as error:
                yield CheckResult.unreadable(lang, doc_id, "catalog", error)
                continue
            rows: list[list[Any]] | None = self.cache.get("check", key)
            if rows is None:
                try:
                    document = document or self.documents.load(doc_id)
                except PolyglotError as error:  # reported once: none of its catalogs can be checked
                    yield CheckResult.unreadable(source_lang, doc_id, "document", error)
                    return
                try:
                    rows = [[r.line, r.unit_id, r.check, r.severity, r.message]
                            for r in self._check_catalog(document, lang, path, glossary)]
                except PolyglotError as error:
                    yield CheckResult.unreadable(lang, doc_id, "catalog", error)
                    continue
                self.cache.put("check", key, rows)
            display = self.settings.relative(path)
            yield from (CheckResult(lang, doc_id, display, *row) for row in rows)

    def _glossary_digest(self, lang: str) -> str:
        path = self.settings.glossary_path(lang)
        return digest(path.read_bytes()) if path.exists() else "-"

    def _check_catalog(self, document: Document, lang: str, path: Path, glossary: Glossary) -> list[CheckResult]:
        display = self.settings.relative(path)
        units = {u.id: u for u in document.units}
        results: list[CheckResult] = []
        for message in self.catalogs.read(path).messages:
            unit = units.get(message.msgctxt or "")
            state = unit_state(message, unit.text if unit is not None else None).state
            if state in (UnitState.MISSING, UnitState.UNTRANSLATED):
                continue
            if state in _NOT_CHECKED:
                origin = memory_comment(message) if state is UnitState.FUZZY else None
                findings = [_NOT_CHECKED[state] if origin is None else Finding(
                    "memory", INFO, f"a translation proposed by the memory ({origin.removeprefix(MEMORY_COMMENT)}) "
                    "waits for review")]
            else:
                assert unit is not None
                text = UnitText(unit.id, message.msgid, message.msgstr, self.settings.source_language, lang,
                                term_texts(unit))
                findings = run_checks(text, glossary, silenced(message.translator_comments, message.flags))
            line = message.msgstr_lineno or message.lineno
            results.extend(CheckResult(lang, document.id, display, line, message.msgctxt or "", f.check, f.severity,
                                       f.message) for f in findings)
        return results
