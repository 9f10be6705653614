"""The document model: a canonical document and the units cut from it.

A document is one XML file, ``documents/<id>.xml`` (read and validated by
``documents.validate``). Its translatable blocks, in document order, are its
units: one gettext message each, keyed by the block's ``xml:id``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from polyglot_docs.documents.inline import (
    ITS_NS,
    XML_NS,
    EncodedBlock,
    InlineCode,
    collapse,
    encode_block,
    is_protected,
)

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
ITS_LOCNOTE = f"{{{ITS_NS}}}locNote"
ITS_LOCNOTE_TYPE = f"{{{ITS_NS}}}locNoteType"

# Element name -> the role a translator is told about in the catalog.
BLOCK_ROLES = {
    "organisation": "organisation",
    "place": "place",
    "short-title": "short title",
    "title": "title",
    "h": "heading",
    "p": "paragraph",
    "item": "list item",
}
UNIT_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
DOCUMENT_ID = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
# A document id names files (<id>.xml, <id>.po, <id>.html and their temporary files, ".<id>.xml.XXXXXXXX.tmp"):
# 100 characters keep every such name well under the 255 bytes file systems allow.
MAX_DOCUMENT_ID = 100


@dataclass(frozen=True)
class Unit:
    """One translatable block: what becomes one gettext message."""

    id: str
    role: str
    text: str
    notes: tuple[str, ...] = ()
    codes: dict[str, InlineCode] = field(default_factory=dict, compare=False, hash=False)
    line: int = 0


@dataclass
class Document:
    id: str
    type: str
    lang: str
    date: dt.date
    relpath: str
    tree: etree._ElementTree = field(repr=False)
    units: list[Unit] = field(default_factory=list)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @property
    def title(self) -> str:
        title = self.root.find("title")
        return collapse("".join(title.itertext())).strip(" ") if title is not None else self.id

    @property
    def symbol(self) -> str | None:
        symbol = self.root.find("meta/symbol")
        return symbol.text.strip() if symbol is not None and symbol.text else None

    @property
    def tags(self) -> list[str]:
        return [t.text.strip() for t in self.root.iterfind("meta/tags/tag") if t.text]


def is_block(element: etree._Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag not in BLOCK_ROLES:
        return False
    if tag != "p":
        return True
    parent = element.getparent()
    return parent is not None and parent.tag in ("body", "quote")


def iter_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """Translatable blocks in document order; blocks marked its:translate="no" are left out."""
    for element in root.iter():
        if is_block(element) and not is_protected(element):
            yield element


def block_role(element: etree._Element) -> str:
    role = BLOCK_ROLES[str(element.tag)]  # a block's tag is a str: is_block checked it
    parent = element.getparent()
    if element.tag == "p" and parent is not None and parent.tag == "quote":
        return "quotation paragraph"
    return role


def block_id(element: etree._Element) -> str:
    """The xml:id of a translatable block of a valid document: the rules give each one an id."""
    unit_id = element.get(XML_ID)
    assert unit_id is not None, "a translatable block of a valid document has an xml:id"
    return unit_id


def document_from_tree(tree: etree._ElementTree, relpath: str,
                       known: dict[etree._Element, EncodedBlock] | None = None) -> Document:
    root = tree.getroot()
    units = []
    for element in iter_blocks(root):
        encoded = known.get(element) if known else None
        encoded = encoded or encode_block(element)
        notes = []
        note = element.get(ITS_LOCNOTE)
        if note:
            kind = element.get(ITS_LOCNOTE_TYPE, "description")
            notes.append(("Alert: " if kind == "alert" else "Note: ") + collapse(note).strip(" "))
        units.append(Unit(block_id(element), block_role(element), encoded.text, tuple(notes),
                          encoded.codes, element.sourceline or 0))
    doc_id, doc_type, lang, date = root.get("id"), root.get("type"), root.get(XML_LANG), root.get("date")
    # The schema requires all four on the root of a valid document.
    assert doc_id is not None and doc_type is not None and lang is not None and date is not None
    return Document(
        id=doc_id,
        type=doc_type,
        lang=lang,
        date=dt.date.fromisoformat(date),
        relpath=relpath,
        tree=tree,
        units=units,
    )


def term_texts(unit: Unit) -> tuple[str, ...]:
    """The spans of a unit its source marks as terms: <term> elements and its:term="yes"."""
    terms = []
    for match in re.finditer(r"<(term|span\d+)>(.*?)</\1>", unit.text):
        name, inner = match.groups()
        code = unit.codes.get(name)
        if name == "term" or (code is not None and code.element.get(f"{{{ITS_NS}}}term") == "yes"):
            terms.append(html.unescape(collapse(re.sub(r"<[^>]+>", "", inner)).strip(" ")))
    return tuple(terms)
