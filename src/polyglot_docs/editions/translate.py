"""Catalog back to XML: the translated document, same structure, same ids.

Only finished translations (not fuzzy, made for the current source text, with
the source's inline markup) are substituted. Every other block keeps the source
text and says so: ``xml:lang`` of the source and ``status`` fuzzy, untranslated
or invalid, so an edition can mark it.

A draft is for reviewers, who must see what they are asked to approve: with ``draft``, a fuzzy
or outdated translation carrying the source's markup is substituted too, keeping ``status``
fuzzy (with ``xml:lang`` of the target), and the source's change since that translation travels
beside the tree (``Translation.changes``), never in it, so translated XML carries no diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.state import UnitState, proposed_by_memory, unit_state
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.core.settings import check_language
from polyglot_docs.core.xmlsafe import serialize_document
from polyglot_docs.documents.inline import decode_translation, markup_problems
from polyglot_docs.documents.model import XML_LANG, Document, Unit, block_id, iter_blocks
from polyglot_docs.editions.diff import DiffOp, source_change
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
    proposed: bool = False  # a fuzzy translation the memory proposed (not one made for an older source)


def translate_document(document: Document, catalog: Catalog, lang: str, *, draft: bool = False
                       ) -> tuple[etree._ElementTree, list[UnitOutcome]]:
    """The document in ``lang``; with ``draft``, fuzzy and outdated translations shown for review too."""
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
        outcome = UnitOutcome(unit.id, _OUTCOME[state], problem, message.msgstr_lineno if message else 0,
                              message is not None and proposed_by_memory(message))
        shown = document.lang  # the language of what an unfinished block shows
        if state is UnitState.TRANSLATED:
            assert message is not None
            _replace_content(block, decode_translation(message.msgstr, unit.codes))
        elif draft and state in (UnitState.FUZZY, UnitState.OUTDATED):
            assert message is not None  # both states need a translation
            outcome = _under_review(block, unit, message, outcome)
            shown = lang if outcome.status == "fuzzy" else shown
        if outcome.status != "translated":
            block.set(XML_LANG, shown)
            block.set("status", outcome.status)
        outcomes.append(outcome)
    return tree, outcomes


def _under_review(block: etree._Element, unit: Unit, message: Message, outcome: UnitOutcome) -> UnitOutcome:
    """Substitute an unconfirmed translation for a reviewer; one whose markup is not the source's stays out.

    ``unit_state`` says fuzzy or outdated before it looks at markup, so markup is checked here:
    only the source's inline elements may be rebuilt, whatever the state of the translation.
    The outcome stays fuzzy when the translation is substituted, and turns invalid when not.
    """
    problems = markup_problems(unit.text, message.msgstr)
    if problems:
        return UnitOutcome(unit.id, "invalid", "; ".join(problems), outcome.line, outcome.proposed)
    _replace_content(block, decode_translation(message.msgstr, unit.codes))
    return outcome


def source_changes(document: Document, catalog: Catalog, outcomes: list[UnitOutcome]) -> dict[str, list[DiffOp]]:
    """For each translation under review in a draft, how the source changed since it was made.

    The translation was made for the ``#|`` previous msgid of a fuzzy entry, or for the msgid of an
    outdated one (its catalog not yet updated); the current source is the document's.
    """
    messages = catalog.by_context()
    units = {unit.id: unit for unit in document.units}
    changes: dict[str, list[DiffOp]] = {}
    for outcome in outcomes:
        message = messages.get(outcome.unit_id)
        if outcome.status != "fuzzy" or message is None:
            continue
        unit = units[outcome.unit_id]
        made_for = message.previous_msgid if message.fuzzy and message.previous_msgid else message.msgid
        ops = source_change(made_for, unit.text, unit.codes) if made_for != unit.text else None
        if ops:
            changes[unit.id] = ops
    return changes


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
    # Drafts only: unit id -> the source's word diff since its translation under review was made.
    changes: dict[str, list[DiffOp]] = field(default_factory=dict)

    def xml(self) -> bytes:
        return serialize_document(self.tree)


def translate(repo: Repository, doc_id: str, lang: str, document: Document | None = None, *,
              draft: bool = False) -> Translation:
    """A document in ``lang``, from its catalog (the source text where a translation is not finished).

    With ``draft``, translations under review are shown too, with the source's changes beside them.
    """
    check_language(lang, "--lang")
    document = document or repo.documents.load(doc_id)
    catalog, path = repo.catalogs.read_or_empty(lang, doc_id)
    tree, outcomes = translate_document(document, catalog, lang, draft=draft)
    changes = source_changes(document, catalog, outcomes) if draft else {}
    return Translation(document, lang, tree, outcomes, path, changes)


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
