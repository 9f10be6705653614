"""Where documents live: listing and selecting them, reading, loading, and what is cached of them.

Every read of ``documents/`` goes through :class:`DocumentStore`. What is derived from a
document (its units, the digest of their keys, the metadata an index shows) is cached by the
digest of the document's bytes, so a document that did not change is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from polyglot_docs.core.cache import Cache, digest
from polyglot_docs.core.errors import DocumentError, PolyglotError
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.core.paths import read_regular
from polyglot_docs.core.settings import Settings
from polyglot_docs.core.xmlsafe import parse_document_bytes
from polyglot_docs.documents.ids import add_ids
from polyglot_docs.documents.importer import import_text
from polyglot_docs.documents.model import Document
from polyglot_docs.documents.validate import (
    document_id_problem,
    document_problems,
    load_document,
    load_document_bytes,
    rule_problems,
    schema_problems,
)

UnitKeys = list[tuple[str, str]]  # (unit id, source text), in document order


def keys_digest(keys: Iterable[tuple[str, str]]) -> str:
    """One digest of a sequence of (id, text) pairs: a document's units, or a catalog's messages."""
    return digest("\0".join(f"{unit_id}\x04{text}" for unit_id, text in keys))


@dataclass(frozen=True)
class DocumentMeta:
    """What an index shows of a document, without loading it."""

    type: str
    date: dt.date
    title: str


@dataclass(frozen=True)
class ImportRequest:
    """What ``import`` turns into a document: the text and the fields the command line gives."""

    text: str
    source: str  # the text's file name, or <stdin>, for messages
    doc_type: str = "news"
    doc_id: str | None = None
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None
    organisation: str | None = None
    split: str = "auto"


class DocumentStore:
    def __init__(self, settings: Settings, cache: Cache):
        self.settings = settings
        self.cache = cache

    def rel(self, path: Path) -> str:
        return self.settings.relative(path)

    def path(self, doc_id: str) -> Path:
        return self.settings.document_path(doc_id)

    def ids(self) -> list[str]:
        folder = self.settings.documents_dir
        if not folder.is_dir():
            return []
        return sorted(p.name.removesuffix(".xml") for p in folder.glob("*.xml") if p.is_file())

    def select(self, doc_ids: list[str] | None) -> list[str]:
        """The documents asked for (all when none are), refusing an unknown id."""
        known = self.ids()
        if not doc_ids:
            return known
        for doc_id in doc_ids:
            if doc_id not in known:
                raise PolyglotError(f"no document {doc_id!r} in {self.rel(self.settings.documents_dir)}/")
        return doc_ids

    def read_bytes(self, doc_id: str) -> bytes:
        """A document's bytes; a file that cannot be read (or is a link) is a :class:`DocumentError` naming it."""
        path = self.path(doc_id)
        return read_regular(path, self.rel(path), DocumentError, "document")

    def content_key(self, doc_id: str, data: bytes) -> str:
        """The cache key of what is derived from a document's bytes (units, template)."""
        return digest(data, self.settings.source_language, self.rel(self.path(doc_id)))

    def load(self, doc_id: str) -> Document:
        path = self.path(doc_id)
        return load_document(path, self.rel(path), self.settings.source_language)

    def load_bytes(self, doc_id: str, data: bytes) -> Document:
        return load_document_bytes(data, self.rel(self.path(doc_id)), self.settings.source_language)

    def load_all(self, doc_ids: list[str] | None = None) -> list[Document]:
        return [self.load(doc_id) for doc_id in self.select(doc_ids)]

    def validate(self, doc_ids: list[str] | None = None) -> list[PolyglotError]:
        problems: list[PolyglotError] = []
        for doc_id in self.select(doc_ids):
            path = self.path(doc_id)
            problems.extend(document_problems(path, self.rel(path), self.settings.source_language))
        return problems

    def unit_keys(self, doc_id: str) -> tuple[UnitKeys, str]:
        """A document's units as (id, text) and their digest, cached by its content (validated once)."""
        data = self.read_bytes(doc_id)
        key = self.content_key(doc_id, data)
        cached, keys = self.cache.get("units", key), self.cache.get("unit-keys", key)
        if cached is None or keys is None:
            cached, keys = self.remember_units(key, self.load_bytes(doc_id, data))
        return [(unit_id, text) for unit_id, text in cached], keys

    def remember_units(self, key: str, document: Document) -> tuple[list[list[str]], str]:
        """Cache a loaded document's units under its :meth:`content_key`."""
        units = [[u.id, u.text] for u in document.units]
        keys = keys_digest((u.id, u.text) for u in document.units)
        self.cache.put("units", key, units)
        self.cache.put("unit-keys", key, keys)
        return units, keys

    def meta(self, doc_id: str, data_digest: str) -> DocumentMeta:
        """Type, date and title of the document whose bytes have ``data_digest``; cached by it."""
        cached = self.cache.get("document-meta", data_digest)
        if cached is None:
            document = self.load(doc_id)
            cached = {"type": document.type, "date": document.date.isoformat(), "title": document.title}
            self.cache.put("document-meta", data_digest, cached)
        return DocumentMeta(cached["type"], dt.date.fromisoformat(cached["date"]), cached["title"])

    def assign_ids(self, doc_ids: list[str] | None, *, write: bool) -> list[tuple[str, list[str]]]:
        """Give blocks without an id a new one; per document that lacked some, its path and the new ids.

        With ``write`` False nothing is written: the ids say what would be added.
        """
        changed = []
        for doc_id in self.select(doc_ids):
            path = self.path(doc_id)
            # The ids are inserted into the bytes as read: every other byte of the file stays as it was.
            data, added = add_ids(self.read_bytes(doc_id), self.rel(path))
            if added:
                if write:
                    write_if_changed(path, data)
                changed.append((self.rel(path), added))
        return changed

    def import_document(self, request: ImportRequest, *, force: bool = False) -> Path:
        """Write the canonical document made from plain text; refuse to replace one unless ``force``.

        A generated id is made unique: a document of another title that has it keeps it, and this one
        gets ``-2``, ``-3``…; the document of the same title is this one, imported before.
        """
        if request.doc_id is not None:  # before the id names any file
            problem = document_id_problem(request.doc_id, "--id")
            if problem:
                raise DocumentError(problem, request.source)
        new_id, data = import_text(
            request.text, source=request.source, doc_type=request.doc_type, lang=self.settings.source_language,
            organisation=request.organisation or self.settings.organisation, doc_id=request.doc_id,
            date=request.date, place=request.place, title=request.title, split=request.split,
            existing=self.existing_title)
        path = self.path(new_id)
        if path.exists() and not force:
            raise PolyglotError("document exists; pass --force to replace it", self.rel(path))
        tree = parse_document_bytes(data, self.rel(path))
        # The rules first: they say more than the schema about the same attribute (an id, a language).
        problems = rule_problems(tree, self.rel(path), None) + schema_problems(tree, self.rel(path))
        if problems:
            raise problems[0]
        write_if_changed(path, data)
        return path

    def existing_title(self, doc_id: str) -> str | None:
        """The title of the document ``doc_id`` names, None when there is none; "" when it cannot be read."""
        path = self.path(doc_id)
        if not os.path.lexists(path):
            return None
        try:
            title = parse_document_bytes(self.read_bytes(doc_id), self.rel(path)).getroot().find("title")
        except PolyglotError:
            return ""  # a document is there, but which one cannot be said: never taken for the one imported
        return " ".join("".join(title.itertext()).split()) if title is not None else ""

    @staticmethod
    def text_to_import(source: str) -> str:
        """The plain-text file ``source`` names, to import."""
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PolyglotError(f"cannot read text: {error}", source) from None
