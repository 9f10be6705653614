"""Catalog back to XML: the translated document, same structure, same ids.

Only finished translations (not fuzzy, made for the current source text, with
the source's inline markup) are substituted. Every other block keeps the source
text and says so: ``xml:lang`` of the source and ``status`` fuzzy, untranslated
or invalid, so an edition can mark it.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.state import UnitState, unit_state
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.core.settings import check_language
from polyglot_docs.core.xmlsafe import serialize_document
from polyglot_docs.documents.inline import decode_translation
from polyglot_docs.documents.model import XML_LANG, Document, block_id, iter_blocks
from polyglot_docs.repository import Repository

# What an edition says of a block that keeps its source text (outdated translations count as fuzzy).
_OUTCOME = {UnitState.MISSING: "untranslated", UnitState.UNTRANSLATED: "untranslated", UnitState.FUZZY: "fuzzy",
            UnitState.OUTDATED: "fuzzy", UnitState.INVALID: "invalid", UnitState.TRANSLATED: "translated"}


@dataclass(frozen=True)
class UnitOutcome:
    unit_id: str
    status: str  # translated, fuzzy, untranslated or invalid
    problem: str | None = None
    line: int = 0  # the catalog line of the message, when there is one


def translate_document(document: Document, catalog: Catalog, lang: str
                       ) -> tuple[etree._ElementTree, list[UnitOutcome]]:
    tree = deepcopy(document.tree)
    root = tree.getroot()
    root.set(XML_LANG, lang)
    root.set("source-lang", document.lang)
    messages = catalog.by_context()
    units = {unit.id: unit for unit in document.units}
    outcomes = []
    for block in list(iter_blocks(root)):  # a list: content is replaced while we go
        unit = units[block_id(block)]
        message = messages.get(unit.id)
        state, problem = unit_state(message, unit.text)
        outcome = UnitOutcome(unit.id, _OUTCOME[state], problem, message.msgstr_lineno if message else 0)
        if state is UnitState.TRANSLATED:
            assert message is not None
            _replace_content(block, decode_translation(message.msgstr, unit.codes))
        if outcome.status != "translated":
            block.set(XML_LANG, document.lang)
            block.set("status", outcome.status)
        outcomes.append(outcome)
    return tree, outcomes


def _replace_content(block: etree._Element, content: etree._Element) -> None:
    for child in list(block):
        block.remove(child)
    block.text = content.text
    for child in list(content):
        block.append(child)


@dataclass
class Translation:
    document: Document
    lang: str
    tree: etree._ElementTree
    outcomes: list[UnitOutcome]
    catalog_path: Path

    def xml(self) -> bytes:
        return serialize_document(self.tree)


def translate(repo: Repository, doc_id: str, lang: str, document: Document | None = None) -> Translation:
    """A document in ``lang``, from its catalog (the source text where a translation is not finished)."""
    check_language(lang, "--lang")
    document = document or repo.documents.load(doc_id)
    catalog, path = repo.catalogs.read_or_empty(lang, doc_id)
    tree, outcomes = translate_document(document, catalog, lang)
    return Translation(document, lang, tree, outcomes, path)


def write_translations(repo: Repository, doc_ids: list[str], langs: list[str], folder: Path
                       ) -> Iterator[tuple[Translation, Path]]:
    """Translate each document into each language into ``folder/<lang>/<id>.xml`` (written if it changed).

    Yields each translation with its file.
    """
    for doc_id in doc_ids:
        for lang in langs:
            result = translate(repo, doc_id, lang)
            target = folder / lang / f"{doc_id}.xml"
            write_if_changed(target, result.xml())
            yield result, target
