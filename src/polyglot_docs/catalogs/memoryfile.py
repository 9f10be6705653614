"""Translation memories as TMX files: the repository's exported (``tm export``), other tools' imported (``tm import``).

Export: one ``<tu>`` per unit translated in at least one of the languages asked for, with the
source text and each language in which the unit is translated (``unit_state``: not fuzzy, made
for the current source, with the source's markup), dated by each catalog's PO-Revision-Date.

Import: another tool's memory (an organisation's legacy memory from Trados, memoQ or OmegaT) is
kept under ``memory/`` at the repository root, one normalised TMX file per imported file: it is
data to commit, like the catalogs, not cache. Normalised means: only units with text in the
source language and in at least one target language, every language spelled as the repository
spells it, text whitespace-collapsed and NFC as msgids are, codes as catalogs write them. What
``update`` proposes from them is :class:`ImportedMemories`, one language at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.state import UnitState, unit_state
from polyglot_docs.catalogs.store import CatalogStore
from polyglot_docs.catalogs.tmx import Memory, MemoryUnit, TmxError, Variant, read_tmx, tmx_date, write_tmx
from polyglot_docs.core.cache import Cache, digest
from polyglot_docs.core.errors import PolyglotError, raise_errors
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.core.paths import check_inside, read_regular
from polyglot_docs.core.settings import Settings
from polyglot_docs.documents.inline import collapse
from polyglot_docs.documents.store import UnitKeys


@dataclass(frozen=True)
class ExportResult:
    path: Path
    units: int  # <tu> elements written
    translations: dict[str, int]  # translated units per language
    changed: bool = True  # False: the file already held this memory


@dataclass(frozen=True)
class ImportResult:
    path: Path  # the normalised memory under memory/
    units: int  # <tu> elements kept
    translations: dict[str, int]  # translations kept per target language
    skipped: int  # units without text in the source language or in any target language
    other_languages: list[str] = field(default_factory=list)  # languages of the file the repository lacks
    changed: bool = True  # False: the same memory had been imported before


class MemoryPair(NamedTuple):
    """One source text and its translation in an imported memory, as the translation memory reads them."""

    source: str  # unit markup in the source language
    target: str  # unit markup in the target language
    origin: str  # where it came from, for the proposal's comment: memory/<file>.tmx#<tuid>
    changedate: str | None  # TMX date of the translation, when the memory gave one


def tmx_language(lang: str) -> str:
    """A repository language code (gettext's ``pt_BR``) as TMX spells it (BCP 47: ``pt-BR``)."""
    return lang.replace("_", "-")


def repository_language(code: str, languages: Sequence[str]) -> str | None:
    """The repository language a TMX language stands for: the same tag in any case, else its primary subtag.

    ``ru-RU`` and ``RU`` are ``ru``; ``pt-BR`` is ``pt_BR`` if the repository has it, else ``pt``.
    """
    wanted = code.replace("_", "-").lower()
    tags = {tmx_language(lang).lower(): lang for lang in languages}
    return tags.get(wanted) or tags.get(wanted.split("-")[0])


# -- export ------------------------------------------------------------------------------------------------

def collect_memory(catalogs: CatalogStore, langs: list[str] | None = None) -> Memory:
    """Every translated unit of the repository in the languages asked for (the target languages by default).

    A document or catalog that cannot be read stops the export, every such file named at once: a
    memory silently missing a document would look complete.
    """
    languages = catalogs.languages(langs)
    source = tmx_language(catalogs.settings.source_language)
    units: list[MemoryUnit] = []
    errors: dict[str, PolyglotError] = {}  # by message: a language folder linking out fails every document
    for doc_id in catalogs.documents.ids():
        try:
            units.extend(_document_units(catalogs, doc_id, languages, source))
        except PolyglotError as error:
            errors.update((str(single), single) for single in error.errors)
    catalogs.cache.flush()  # snapshots of catalogs parsed on the way
    raise_errors(errors.values())
    dates = [unit.changedate for unit in units if unit.changedate]
    return Memory(source, units, creationdate=max(dates) if dates else None)


def _document_units(catalogs: CatalogStore, doc_id: str, languages: list[str], source: str) -> list[MemoryUnit]:
    """One document's translated units; the date of each translation is its catalog's revision date."""
    keys, keys_key = catalogs.documents.unit_keys(doc_id)
    found: list[tuple[str, dict[str, Message], set[str], str | None]] = []
    for lang in languages:
        path = catalogs.path(lang, doc_id)
        if path.exists():
            catalog, translated = _translated(catalogs, path, keys, keys_key)
            found.append((tmx_language(lang), catalog.by_context(), translated,
                          tmx_date(catalog.header_field("PO-Revision-Date"))))
    units = []
    for unit_id, text in keys:
        variants = [Variant(lang, messages[unit_id].msgstr, date) for lang, messages, translated, date in found
                    if unit_id in translated]
        if variants:
            dates = sorted(v.changedate for v in variants if v.changedate)
            units.append(MemoryUnit((Variant(source, text), *variants), tuid=f"{doc_id}#{unit_id}",
                                    props=(("x-document", doc_id), ("x-context", unit_id)),
                                    creationdate=dates[0] if dates else None,
                                    changedate=dates[-1] if dates else None))
    return units


def _translated(catalogs: CatalogStore, path: Path, keys: UnitKeys, keys_key: str) -> tuple[Catalog, set[str]]:
    """A catalog and the ids of its units that ``unit_state`` finds translated against the document's units.

    The ids are cached by the catalog's bytes and the units' digest: the markup comparison is most of
    an export's time, and a catalog and a document that did not change give the same answer.
    """
    data = catalogs.read_bytes(path)
    catalog = catalogs.read(path, data)
    key = digest(data, keys_key)
    cached: list[str] | None = catalogs.cache.get("translated-units", key)
    if cached is None:
        messages = catalog.by_context()
        cached = [unit_id for unit_id, text in keys if (message := messages.get(unit_id)) is not None
                  and unit_state(message, text).state is UnitState.TRANSLATED]
        catalogs.cache.put("translated-units", key, cached)
    return catalog, set(cached)


def export_memory(catalogs: CatalogStore, target: Path, langs: list[str] | None = None) -> ExportResult:
    """Write the repository's memory to ``target`` as TMX 1.4b (atomically, and only if it changed)."""
    memory = collect_memory(catalogs, langs)
    changed = write_if_changed(target, write_tmx(memory))
    counts: dict[str, int] = {tmx_language(lang): 0 for lang in catalogs.languages(langs)}
    for unit in memory.units:
        for variant in unit.variants[1:]:
            counts[variant.lang] += 1
    return ExportResult(target, len(memory.units), counts, changed)


# -- import ------------------------------------------------------------------------------------------------

def memory_folder(settings: Settings) -> Path:
    return settings.memories


def import_memory(settings: Settings, source: Path) -> ImportResult:
    """Keep the TMX file ``source`` as ``memory/<name>.tmx``, normalised; an earlier import of that name is replaced.

    Nothing is written when the file cannot be read or holds no unit in the source language and
    one of the target languages.
    """
    display = str(source)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise TmxError(f"cannot read memory: {error.strerror}", display) from None
    memory = read_tmx(data, display)
    kept, skipped, others = _normalise(memory, settings)
    if not kept.units:
        languages = ", ".join(settings.target_languages)
        raise TmxError(f"no translation unit has text in {settings.source_language} and in one of {languages}; "
                       "nothing imported", display)
    folder = memory_folder(settings)
    check_inside(folder, settings.root, settings.relative(folder), TmxError)
    path = folder / f"{_stored_name(source)}.tmx"
    kept.props = (("x-imported-from", source.name),)
    changed = write_if_changed(path, write_tmx(kept))
    counts = {tmx_language(lang): 0 for lang in settings.target_languages}
    for unit in kept.units:
        for variant in unit.variants[1:]:
            counts[variant.lang] += 1
    return ImportResult(path, len(kept.units), counts, skipped, others, changed)


def _stored_name(source: Path) -> str:
    """A file name for an imported memory: the imported file's, in letters, digits and ``. _ -``."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", source.stem).strip(".-") or "memory"


def _normalise(memory: Memory, settings: Settings) -> tuple[Memory, int, list[str]]:
    """The units of ``memory`` the repository can use, the number left out, and the languages it lacks."""
    languages = [settings.source_language, *settings.target_languages]
    kept = Memory(tmx_language(settings.source_language), creationdate=memory.creationdate)
    skipped = 0
    others: dict[str, str] = {}  # each language the repository lacks, by its tag in lower case, as first spelled
    for number, unit in enumerate(memory.units, start=1):
        source: Variant | None = None
        targets: dict[str, Variant] = {}  # the first text of each target language
        for variant in unit.variants:
            lang = repository_language(variant.lang, languages)
            text = collapse(variant.text).strip(" ")
            if lang is None:
                others.setdefault(variant.lang.lower(), variant.lang)
            elif text and lang == settings.source_language:
                source = source or Variant(tmx_language(lang), text)
            elif text:
                targets.setdefault(lang, Variant(tmx_language(lang), text, variant.changedate or unit.changedate))
        if source is None or not targets:
            skipped += 1
            continue
        ordered = [targets[lang] for lang in settings.target_languages if lang in targets]
        kept.units.append(MemoryUnit((source, *ordered), unit.tuid or f"tu{number}", unit.props,
                                     unit.creationdate, unit.changedate))
    return kept, skipped, sorted(others.values())


# -- reading imported memories -----------------------------------------------------------------------------

def memory_files(settings: Settings) -> list[Path]:
    """The imported memories, in name order (``memory/*.tmx``)."""
    folder = memory_folder(settings)
    if not folder.is_dir():
        return []
    check_inside(folder, settings.root, settings.relative(folder), TmxError)
    return sorted(path for path in folder.glob("*.tmx") if path.is_file())


PAIRS_KIND = "memory-pairs"
_PAIRS_FORMAT = 1  # of a cached entry: changed when what it holds, or how it is derived, changes


class ImportedMemories:
    """Every (source, translation) pair of the imported memories, by language, file by file in file order.

    The files are those ``tm import`` wrote, so every source is in the source language and every text
    is normalised as msgids are: an exact match is a plain comparison with a msgid. Each file is read
    once a process and parsed at most once, its pairs in each language kept in the cache by the file's
    digest: an update asks for each language in each worker, and an imported memory of 42 MB (the
    N = 1000 benchmark's own export) takes 4 s to parse, which made an update 34 s instead of 6.
    """

    def __init__(self, settings: Settings, cache: Cache | None, languages: Sequence[str]):
        self.settings = settings
        self.cache = cache
        self.languages = [lang for lang in dict.fromkeys([*settings.target_languages, *languages])
                          if lang != settings.source_language]
        self._pairs: dict[str, list[MemoryPair]] | None = None

    def serves(self, languages: Sequence[str]) -> bool:
        return all(lang in self.languages or lang == self.settings.source_language for lang in languages)

    def sources(self) -> list[str]:
        """Every pair's source text, once, whatever its languages."""
        return list(dict.fromkeys(pair.source for lang in self.languages for pair in self.pairs(lang)))

    def pairs(self, lang: str) -> list[MemoryPair]:
        if self._pairs is None:
            self._pairs = self._read()
        return self._pairs.get(lang, [])

    def _read(self) -> dict[str, list[MemoryPair]]:
        found: dict[str, list[MemoryPair]] = {lang: [] for lang in self.languages}
        for path in memory_files(self.settings):
            display = self.settings.relative(path)
            data = read_regular(path, display, TmxError, "memory")
            key, memory = digest(data), None
            for lang in self.languages:
                pairs = self._stored(display, lang, key)
                if pairs is None:
                    memory = memory or read_tmx(data, display)
                    pairs = _pairs_in(memory, display, self.settings.source_language, lang)
                    if self.cache is not None:
                        self.cache.put(PAIRS_KIND, f"{display}#{lang}", [_PAIRS_FORMAT, key,
                                       self.settings.source_language, [tuple(pair) for pair in pairs]])
                found[lang].extend(pairs)
        return found

    def _stored(self, display: str, lang: str, key: str) -> list[MemoryPair] | None:
        """The file's pairs in ``lang`` as the cache holds them for these bytes; None if it holds none, or
        not for these bytes and this source language, or not in the shape this code writes."""
        entry: Any = self.cache.get(PAIRS_KIND, f"{display}#{lang}") if self.cache is not None else None
        if not (isinstance(entry, list) and entry[:3] == [_PAIRS_FORMAT, key, self.settings.source_language]
                and len(entry) == 4 and isinstance(entry[3], list)):
            return None
        rows = entry[3]
        if not all(type(row) is tuple and len(row) == 4 and all(type(text) is str for text in row[:3])
                   and (row[3] is None or type(row[3]) is str) for row in rows):
            return None
        return [MemoryPair(*row) for row in rows]


def memory_pairs(settings: Settings, lang: str) -> list[MemoryPair]:
    """The imported memories' pairs in ``lang``, read now (no cache): see :class:`ImportedMemories`."""
    return ImportedMemories(settings, None, [lang]).pairs(lang)


def _pairs_in(memory: Memory, display: str, source_language: str, lang: str) -> list[MemoryPair]:
    """The memory's (source, translation) pairs in ``lang``, each variant's language read as one of the
    two (a ``pt-BR`` text is Portuguese when the repository asks for ``pt``)."""
    languages = [source_language, lang]
    found = []
    for unit in memory.units:
        texts = {repository_language(variant.lang, languages): variant for variant in unit.variants}
        source, target = texts.get(source_language), texts.get(lang)
        if source is not None and target is not None:
            found.append(MemoryPair(source.text, target.text, f"{display}#{unit.tuid or ''}", target.changedate))
    return found
