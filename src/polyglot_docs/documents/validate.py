"""Reading and validating documents: the RELAX NG schema and the rules it cannot express.

A document must be valid against ``schema/document.rng`` and against the rules a
schema cannot express: ids unique and well-formed, the document id equal to the
file name, the source language the repository's, every unit with an id and text.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from polyglot_docs.core.errors import DocumentError, PolyglotError
from polyglot_docs.core.paths import read_regular
from polyglot_docs.core.xmlsafe import parse_document_bytes
from polyglot_docs.documents.inline import EncodedBlock, encode_block, is_protected
from polyglot_docs.documents.model import (
    DOCUMENT_ID,
    MAX_DOCUMENT_ID,
    UNIT_ID,
    XML_ID,
    XML_LANG,
    Document,
    document_from_tree,
    is_block,
)


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
    root = tree.getroot()
    problems = _root_problems(root, path, source_lang)
    seen: dict[str, int] = {}
    for element in root.iter():
        _add_element_problems(element, path, seen, encoded, problems)
    return problems


def _root_problems(root: etree._Element, path: str, source_lang: str | None) -> list[PolyglotError]:
    """The document id (well-formed, the file name) and its language (the repository's source language)."""
    problems: list[PolyglotError] = []
    stem = Path(path).name.removesuffix(".xml")
    doc_id = root.get("id")
    if doc_id is not None:
        problem = document_id_problem(doc_id)
        if problem:
            problems.append(DocumentError(problem, path, root.sourceline))
        elif doc_id != stem:
            problems.append(DocumentError(
                f"document id {doc_id!r} does not match the file name {stem + '.xml'!r}", path, root.sourceline))
    lang = root.get(XML_LANG)
    if source_lang is not None and lang is not None and lang != source_lang:
        problems.append(DocumentError(
            f"xml:lang {lang!r} is not the repository's source language {source_lang!r}", path, root.sourceline))
    return problems


def document_id_problem(doc_id: str, name: str = "document id") -> str | None:
    """What is wrong with a document id, None when nothing is; ``name`` is what the message calls it (``--id``)."""
    if len(doc_id) > MAX_DOCUMENT_ID:
        return f"{name} is {len(doc_id)} characters long; at most {MAX_DOCUMENT_ID} are allowed"
    foreign = _non_ascii(doc_id)
    if foreign:
        return f"{name} {doc_id!r} has {foreign}: document ids use lower-case ASCII letters, digits and hyphens"
    if not DOCUMENT_ID.fullmatch(doc_id):
        return f"{name} {doc_id!r} is not lower-case letters, digits and single - _ . separators"
    return None


def _non_ascii(text: str) -> str:
    """The characters of an id outside ASCII, as a message names them ("non-ASCII letters (в, с)"); "" for none."""
    found = list(dict.fromkeys(char for char in text if not char.isascii()))
    if not found:
        return ""
    kind = "non-ASCII letters" if all(char.isalpha() for char in found) else "non-ASCII characters"
    # Marks, spaces and format characters are invisible on their own: named by code point.
    shown = [char if unicodedata.category(char)[0] in "LNPS" else f"U+{ord(char):04X}" for char in found[:8]]
    return f"{kind} ({', '.join(shown)}{', …' if len(found) > 8 else ''})"


def _add_element_problems(element: etree._Element, path: str, seen: dict[str, int],
                      encoded: dict[etree._Element, EncodedBlock], problems: list[PolyglotError]) -> None:
    """Add to ``problems`` those of one element's id (well-formed, unique: ``seen`` holds the ids so far
    and their lines) and, for a translatable block, of its id and text; its translator text goes into ``encoded``.
    """
    if not isinstance(element.tag, str):  # comments and processing instructions
        return
    unit_id = element.get(XML_ID)
    if unit_id is not None:
        foreign = _non_ascii(unit_id)
        if foreign:
            problems.append(DocumentError(
                f"id {unit_id!r} has {foreign}: ids use ASCII letters, digits and hyphens", path, element.sourceline))
        elif not UNIT_ID.fullmatch(unit_id):
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


def read_document_tree(path: Path, relpath: str) -> etree._ElementTree:
    """A document file's tree; a link or anything but a regular file is refused, naming the file."""
    return parse_document_bytes(read_regular(path, relpath, DocumentError, "document"), relpath)


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
