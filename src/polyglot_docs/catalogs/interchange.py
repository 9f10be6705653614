"""XLIFF out and back: the catalogs of a language as XLIFF files for CAT tools, and their targets merged back.

``export`` writes ``DIR/<lang>/<id>.xlf`` for each document whose catalog is up to date with it
(every file checked before any is written, each written atomically). ``import_file`` reads one
file a CAT tool saved and merges its targets into the catalog it came from; anything wrong with
the file (its XML, its languages, a unit id the document does not have, a source the document
no longer has, a protected code missing, added or altered) is refused with its line, and nothing
is written for that file. Only the entries whose translation or fuzzy flag the file changes are
changed, and the catalog is written in msgcat's layout, replaced only if it is still the file
that was read (``fsutil.commit``): a translator's save in between is left as saved.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.po.writer import write_po_blocks
from polyglot_docs.catalogs.state import UnitState, unit_state
from polyglot_docs.catalogs.store import CatalogStore
from polyglot_docs.catalogs.xliff import (
    VERSIONS,
    ExportFile,
    ExportUnit,
    Note,
    ReadFile,
    ReadUnit,
    State,
    XliffError,
    read_xliff,
    write_xliff,
)
from polyglot_docs.catalogs.xliff_inline import canonical, codes_of, expected_data, representation_problems
from polyglot_docs.core.cache import digest
from polyglot_docs.core.errors import CatalogError, PolyglotError, raise_errors
from polyglot_docs.core.fsutil import NOTHING, Seen, Staged, commit, lstat_or_none, stage, write_if_changed
from polyglot_docs.core.settings import check_language
from polyglot_docs.documents.model import Document, Unit
from polyglot_docs.documents.store import DocumentStore

_STATES = {UnitState.UNTRANSLATED: State.NEW, UnitState.FUZZY: State.DRAFT, UnitState.INVALID: State.TRANSLATED,
           UnitState.TRANSLATED: State.FINAL}


@dataclass(frozen=True)
class Exported:
    doc_id: str
    path: Path
    units: int
    written: bool  # False: the file already held these bytes


@dataclass
class Imported:
    """What importing one XLIFF file did: the catalog, the units changed, or why nothing was written."""

    source: str  # the XLIFF file as named
    catalog: Path | None = None
    changed: list[str] = field(default_factory=list)  # unit ids whose entry changed
    errors: list[PolyglotError] = field(default_factory=list)
    left_as_saved: str = ""  # the catalog changed while importing: left as saved, nothing written


def bcp47(lang: str) -> str:
    """A gettext language code (``pt_BR``) as XLIFF writes languages (``pt-BR``)."""
    return lang.replace("_", "-")


class XliffInterchange:
    def __init__(self, documents: DocumentStore, catalogs: CatalogStore):
        self.documents = documents
        self.catalogs = catalogs
        self.settings = catalogs.settings

    # -- export ----------------------------------------------------------------------------------------

    def export(self, lang: str, doc_ids: list[str] | None, folder: Path, version: str = "2.1") -> list[Exported]:
        """Write ``folder/<lang>/<id>.xlf`` for the documents asked for (all when none are).

        Every catalog must exist and be up to date with its document (run ``update`` first); the
        files are made and checked first, and none is written if any catalog is refused.
        """
        if version not in VERSIONS:
            raise PolyglotError(f"--version {version!r}: use {' or '.join(VERSIONS)}")
        check_language(lang, "--lang")
        made: list[tuple[str, Path, bytes, int]] = []
        errors: list[PolyglotError] = []
        for doc_id in self.documents.select(doc_ids):
            try:
                file = self._export_file(lang, doc_id)
            except PolyglotError as error:
                errors.extend(error.errors)
                continue
            made.append((doc_id, folder / lang / f"{doc_id}.xlf", write_xliff(file, version), len(file.units)))
        raise_errors(errors)
        return [Exported(doc_id, path, units, write_if_changed(path, data)) for doc_id, path, data, units in made]

    def _export_file(self, lang: str, doc_id: str) -> ExportFile:
        document = self.documents.load(doc_id)
        path = self.catalogs.path(lang, doc_id)
        display = self.catalogs.rel(path)
        if not path.exists():
            raise CatalogError(f"no catalog for {document.relpath}; run update (or init --lang {lang}) first", display)
        catalog = self.catalogs.read(path)
        _refuse_outdated(catalog, document, display, "before exporting")
        entries = catalog.by_context()
        return ExportFile(document.id, document.relpath, bcp47(self.settings.source_language), bcp47(lang),
                          [_export_unit(unit, entries[unit.id]) for unit in document.units])

    # -- import ----------------------------------------------------------------------------------------

    def import_files(self, paths: list[Path]) -> list[Imported]:
        """Merge each file back; a refused file is one result with its errors, the others still go in."""
        results = [self.import_file(path) for path in paths]
        self.catalogs.cache.flush()
        return results

    def import_file(self, path: Path) -> Imported:
        result = Imported(str(path))
        try:
            self._import(path, result)
        except PolyglotError as error:
            result.errors, result.changed = error.errors, []
        return result

    def _import(self, path: Path, result: Imported) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise XliffError(f"cannot read XLIFF file: {error.strerror}", result.source) from None
        read = read_xliff(data, result.source)
        doc_id, lang = self._identify(read, result.source)
        document = self.documents.load(doc_id)
        catalog_path = self.catalogs.path(lang, doc_id)
        result.catalog = catalog_path
        before = lstat_or_none(catalog_path)  # before the read: a save from here on shows at commit
        current = self.catalogs.read_bytes(catalog_path)
        catalog, known = self.catalogs.load(catalog_path, current)
        result.changed = _merge(read, document, catalog, result.source, self.catalogs.rel(catalog_path))
        if not result.changed:
            return
        new = b"\n".join(write_po_blocks(catalog, known))
        tmp = stage(catalog_path, new, current=current)
        if tmp is None:
            return
        seen = Seen.of(before, digest(current)) if before is not None else NOTHING
        if commit([Staged(tmp, catalog_path, seen)]):  # a save since the read is the translator's: theirs stays
            result.left_as_saved = "changed while importing; left as saved — import again"

    def _identify(self, read: ReadFile, display: str) -> tuple[str, str]:
        """The document and the language a file's targets go to, each checked."""
        if read.doc_id is None or read.doc_id not in self.documents.ids():
            raise XliffError(f"no document {read.doc_id!r} in this repository (the file's "
                             f"{'id' if read.version != '1.2' else 'original'})", display, read.line)
        source = bcp47(self.settings.source_language)
        attribute = ("srcLang", "trgLang") if read.version != "1.2" else ("source-language", "target-language")
        if (read.source_lang or "").lower() != source.lower():
            raise XliffError(f"source language {read.source_lang!r} ({attribute[0]}) is not the repository's "
                             f"{source!r}", display, read.line)
        languages = {bcp47(lang).lower(): lang for lang in self.catalogs.existing_languages()}
        lang = languages.get((read.target_lang or "").lower())
        if lang is None:
            raise XliffError(f"wrong target language {read.target_lang!r} ({attribute[1]}): this repository's "
                             f"catalogs are in {', '.join(sorted(languages))}", display, read.line)
        catalog_path = self.catalogs.path(lang, read.doc_id)
        if not catalog_path.exists():
            raise XliffError(f"no catalog {self.catalogs.rel(catalog_path)} to import into; run update first",
                             display, read.line)
        return read.doc_id, lang


def _refuse_outdated(catalog: Catalog, document: Document, display: str, when: str) -> None:
    """A catalog must hold exactly the document's units, with their current text."""
    entries = catalog.by_context()
    stale = [unit.id for unit in document.units if unit.id not in entries or entries[unit.id].msgid != unit.text]
    extra = set(entries) - {unit.id for unit in document.units}
    if stale or extra:
        units = ", ".join((stale + sorted(extra))[:5]) + (", …" if len(stale) + len(extra) > 5 else "")
        raise CatalogError(f"catalog is out of date with {document.relpath} ({units}); run update {when}", display)


def _export_unit(unit: Unit, message: Message) -> ExportUnit:
    """A unit as XLIFF offers it: its text, the translation when it can be written as a target, its state."""
    codes = codes_of(unit.codes)
    notes = [Note("role", unit.role), *(Note("locNote", note, note.startswith("Alert:")) for note in unit.notes)]
    state = _STATES.get(unit_state(message, unit.text).state, State.NEW)
    target: str | None = message.msgstr if state is not State.NEW else None
    problems = representation_problems(message.msgstr, unit.text) if target is not None else []
    if problems:
        notes.append(Note("polyglot-docs", "The catalog's translation is not offered: its markup cannot be an XLIFF "
                                           "target (" + "; ".join(problems) + "). Translate the unit anew.", True))
        state, target = State.NEW, None
    return ExportUnit(unit.id, unit.text, target, state, tuple(notes), codes)


def _merge(read: ReadFile, document: Document, catalog: Catalog, display: str, catalog_display: str) -> list[str]:
    """Apply a file's targets to ``catalog``; the ids of the units changed. Every problem is raised at once."""
    units = {unit.id: unit for unit in document.units}
    entries = catalog.by_context()
    problems: list[PolyglotError] = []
    try:
        _refuse_outdated(catalog, document, catalog_display, "then import")
    except PolyglotError as error:
        problems.append(error)
    planned: list[tuple[Message, ReadUnit]] = []
    for unit_read in read.units:
        unit = units.get(unit_read.id)
        if unit is None:
            problems.append(XliffError(f"unknown unit id {unit_read.id!r}: {document.relpath} has no such block",
                                       display, unit_read.line))
            continue
        found = _unit_problems(unit_read, unit, read.version, display)
        problems += found
        if not found and unit_read.target is not None and unit.id in entries:
            planned.append((entries[unit.id], unit_read))
    raise_errors(problems)
    return [message.msgctxt or "" for message, unit_read in planned if _apply(message, unit_read)]


def _unit_problems(read: ReadUnit, unit: Unit, version: str, display: str) -> list[PolyglotError]:
    """Whether a unit's source is still the document's, and its codes stand for what they stood for.

    Original data a tool dropped is no loss (a code is rebuilt from the document by its id), but data
    that says a code stands for something else (another address, other protected text) is refused.
    """
    if unicodedata.normalize("NFC", read.source) != unit.text:
        return [XliffError(f"the source of unit {unit.id!r} no longer matches the document (changed since the "
                           "export); export again and carry the translation over", display, read.line)]
    expected = expected_data(codes_of(unit.codes), "1.2" if version == "1.2" else "2")
    return [XliffError(f"the original data {key!r} of unit {unit.id!r} was altered: it must stay {expected[key]!r}",
                       display, line) for key, value, line in read.data if key in expected and value != expected[key]]


def _apply(message: Message, read: ReadUnit) -> bool:
    """Take a target: its text when it differs, and fuzzy unless the unit is confirmed; True if anything changed.

    A text written differently but the same (``&quot;`` for ``"``) is left as the catalog has it. A
    fuzzy entry confirmed also loses its previous source (``#|``), as Poedit drops it with the flag.
    """
    assert read.target is not None  # only units with a target are applied
    before = (message.msgstr, message.fuzzy, message.previous_msgctxt, message.previous_msgid)
    current = canonical(message.msgstr)
    if current is None or unicodedata.normalize("NFC", current) != read.target:
        message.msgstr = read.target
    if message.fuzzy and read.confirmed:
        message.previous_msgctxt = message.previous_msgid = None
    message.fuzzy = not read.confirmed
    return (message.msgstr, message.fuzzy, message.previous_msgctxt, message.previous_msgid) != before
