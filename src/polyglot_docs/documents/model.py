"""Canonical documents: reading, validating, and cutting them into units.

A document is one XML file, ``documents/<id>.xml``, valid against the RELAX NG
schema shipped in ``schema/document.rng`` and against the rules a schema cannot
express (ids unique and well-formed, the document id equal to the file name,
the source language the repository's). Its translatable blocks, in document
order, are its units.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from polyglot_docs.core.errors import DocumentError, PolyglotError
from polyglot_docs.documents.inline import ITS_NS, XML_NS, EncodedBlock, InlineCode, collapse, encode_block, is_protected
from polyglot_docs.core.xmlsafe import parse_document_bytes

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
MAX_DOCUMENT_ID = 120


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
    return isinstance(element.tag, str) and element.tag in BLOCK_ROLES and (
        element.tag != "p" or element.getparent() is not None and element.getparent().tag in ("body", "quote"))


def iter_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """Translatable blocks in document order; blocks marked its:translate="no" are left out."""
    for element in root.iter():
        if is_block(element) and not is_protected(element):
            yield element


def block_role(element: etree._Element) -> str:
    role = BLOCK_ROLES[element.tag]
    parent = element.getparent()
    if element.tag == "p" and parent is not None and parent.tag == "quote":
        return "quotation paragraph"
    return role


@cache
def document_schema() -> etree.RelaxNG:
    source = resources.files("polyglot_docs.documents").joinpath("schema/document.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(source))


def schema_problems(tree: etree._ElementTree, path: str) -> list[PolyglotError]:
    schema = document_schema()
    if schema.validate(tree):
        return []
    return [DocumentError(f"schema: {entry.message}", path, entry.line or None) for entry in schema.error_log]


def rule_problems(tree: etree._ElementTree, path: str, source_lang: str | None,
                  encoded: dict[etree._Element, EncodedBlock] | None = None) -> list[PolyglotError]:
    """The rules a RELAX NG schema cannot express.

    ``encoded`` collects each block's translator text, made here anyway, for :func:`document_from_tree`.
    """
    encoded = {} if encoded is None else encoded
    problems: list[PolyglotError] = []
    root = tree.getroot()
    stem = Path(path).name.removesuffix(".xml")
    doc_id = root.get("id")
    if doc_id is not None:
        if not DOCUMENT_ID.fullmatch(doc_id) or len(doc_id) > MAX_DOCUMENT_ID:
            problems.append(DocumentError(
                f"document id {doc_id!r} is not lower-case letters, digits and single - _ . separators",
                path, root.sourceline))
        elif doc_id != stem:
            problems.append(DocumentError(
                f"document id {doc_id!r} does not match the file name {stem + '.xml'!r}", path, root.sourceline))
    lang = root.get(XML_LANG)
    if source_lang is not None and lang is not None and lang != source_lang:
        problems.append(DocumentError(
            f"xml:lang {lang!r} is not the repository's source language {source_lang!r}", path, root.sourceline))
    seen: dict[str, int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        unit_id = element.get(XML_ID)
        if unit_id is not None:
            if not UNIT_ID.fullmatch(unit_id):
                problems.append(DocumentError(
                    f"id {unit_id!r} is not a letter or _ followed by up to 63 letters, digits, _ . -",
                    path, element.sourceline))
            elif unit_id in seen:
                problems.append(DocumentError(
                    f"duplicate id {unit_id!r} (first on line {seen[unit_id]})", path, element.sourceline))
            else:
                seen[unit_id] = element.sourceline or 0
        if is_block(element) and not is_protected(element):
            if unit_id is None:
                problems.append(DocumentError(
                    f"<{element.tag}> has no xml:id; run 'polyglot-docs ids' to add one", path, element.sourceline))
            encoded[element] = encode_block(element)
            if not encoded[element].text.strip():
                problems.append(DocumentError(f"<{element.tag}> has no text", path, element.sourceline))
    return problems


def read_document_tree(path: Path, relpath: str) -> etree._ElementTree:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"cannot read document: {error.strerror}", relpath) from error
    return parse_document_bytes(data, relpath)


def document_problems(path: Path, relpath: str, source_lang: str | None) -> list[PolyglotError]:
    """Every problem of one document file; empty when it is valid."""
    try:
        tree = read_document_tree(path, relpath)
    except DocumentError as error:
        return [error]
    return _ordered(rule_problems(tree, relpath, source_lang) + schema_problems(tree, relpath))


def _ordered(problems: list[PolyglotError]) -> list[PolyglotError]:
    """By line; the rules' messages (more specific than the schema's) first on a line."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def load_document(path: Path, relpath: str, source_lang: str | None = None) -> Document:
    """Read and validate a document; raise its first problem."""
    return load_document_tree(read_document_tree(path, relpath), relpath, source_lang)


def load_document_bytes(data: bytes, relpath: str, source_lang: str | None = None) -> Document:
    return load_document_tree(parse_document_bytes(data, relpath), relpath, source_lang)


def load_document_tree(tree: etree._ElementTree, relpath: str, source_lang: str | None) -> Document:
    encoded: dict[etree._Element, EncodedBlock] = {}
    problems = _ordered(rule_problems(tree, relpath, source_lang, encoded) + schema_problems(tree, relpath))
    if problems:
        raise problems[0]
    return document_from_tree(tree, relpath, encoded)


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
        units.append(Unit(element.get(XML_ID), block_role(element), encoded.text, tuple(notes),
                          encoded.codes, element.sourceline or 0))
    return Document(
        id=root.get("id"),
        type=root.get("type"),
        lang=root.get(XML_LANG),
        date=dt.date.fromisoformat(root.get("date")),
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
