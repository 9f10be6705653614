"""Catalog back to XML: the translated document, same structure, same ids.

Only finished translations (not fuzzy, made for the current source text, with
the source's inline markup) are substituted. Every other block keeps the source
text and says so: ``xml:lang`` of the source and ``status`` fuzzy, untranslated
or invalid, so an edition can mark it.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.documents.model import XML_ID, XML_LANG, Document, iter_blocks
from polyglot_docs.documents.inline import decode_translation, markup_problems


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
        unit = units[block.get(XML_ID)]
        message = messages.get(unit.id)
        line = message.msgstr_lineno if message else 0
        if message is None or not message.msgstr:
            outcome = UnitOutcome(unit.id, "untranslated", line=line)
        elif message.fuzzy or message.msgid != unit.text:
            outcome = UnitOutcome(unit.id, "fuzzy", line=line)
        else:
            problems = markup_problems(unit.text, message.msgstr)
            if problems:
                outcome = UnitOutcome(unit.id, "invalid", "; ".join(problems), line)
            else:
                _replace_content(block, decode_translation(message.msgstr, unit.codes))
                outcome = UnitOutcome(unit.id, "translated", line=line)
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
