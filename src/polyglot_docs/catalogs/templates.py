"""Templates on disk: ``locales/templates/<id>.pot``, one per document, made by ``extract``.

A template's text is cached by its document's content, with its creation date left as a
placeholder: the date in the file changes only when the messages do, so an unchanged template
keeps its bytes and never churns in git.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from polyglot_docs.catalogs.extract import build_template
from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.po.snapshot import catalog_from_snapshot, snapshot_of_written
from polyglot_docs.catalogs.po.writer import write_po_blocks
from polyglot_docs.core.cache import Cache
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.core.settings import Settings
from polyglot_docs.documents.store import DocumentStore

DATE_PLACEHOLDER = "@POT-CREATION-DATE@"
_CREATION_DATE = re.compile(r"POT-Creation-Date: ([^\\\n\"]*)\\n")


def now_stamp() -> str:
    """A PO header date; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.UTC))
    return moment.strftime("%Y-%m-%d %H:%M+0000")


@dataclass(frozen=True)
class Template:
    """A document's template: its PO text (creation date left as a placeholder) and its messages."""

    body: str
    catalog: Catalog


class TemplateStore:
    def __init__(self, settings: Settings, cache: Cache, documents: DocumentStore):
        self.settings = settings
        self.cache = cache
        self.documents = documents

    def path(self, doc_id: str) -> Path:
        return self.settings.template_path(doc_id)

    def template(self, doc_id: str) -> Template:
        """A document's template, with a placeholder creation date; cached by the document's content."""
        data = self.documents.read_bytes(doc_id)
        key = self.documents.content_key(doc_id, data)
        cached = self.cache.get("template", key)
        if cached is not None:
            body = cached["body"]
            return Template(body, catalog_from_snapshot(cached["snapshot"], b"")[0])
        document = self.documents.load_bytes(doc_id, data)
        built = build_template(document, DATE_PLACEHOLDER)
        blocks = write_po_blocks(built)
        body = b"\n".join(blocks).decode("utf-8")
        snapshot = snapshot_of_written(built, blocks, "")
        assert snapshot is not None  # None only for a message without context; each of a template's has its unit id
        self.cache.put("template", key, {"body": body, "snapshot": snapshot})
        self.documents.remember_units(key, document)
        return Template(body, catalog_from_snapshot(snapshot, b"")[0])

    def file_bytes(self, doc_id: str, body: str) -> tuple[bytes | None, str]:
        """The bytes a document's template file should get (None: it holds them) and its creation date.

        The date changes only when the messages do, so an unchanged template keeps its bytes.
        """
        try:
            existing = self.path(doc_id).read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            existing = None
        if existing is not None and (match := _CREATION_DATE.search(existing)) is not None:
            placeholder = f"POT-Creation-Date: {DATE_PLACEHOLDER}\\n"
            if existing[:match.start()] + placeholder + existing[match.end():] == body:
                return None, match.group(1)
        stamp = now_stamp()
        return body.replace(DATE_PLACEHOLDER, stamp, 1).encode("utf-8"), stamp

    def extract(self, doc_ids: list[str] | None = None) -> tuple[list[str], list[Path]]:
        """Write each document's template; a template whose messages did not change keeps its bytes."""
        selected = self.documents.select(doc_ids)
        bodies = {doc_id: self.template(doc_id).body for doc_id in selected}  # validates every document first
        written = []
        for doc_id in selected:
            data, _ = self.file_bytes(doc_id, bodies[doc_id])
            if data is not None and write_if_changed(self.path(doc_id), data):
                written.append(self.path(doc_id))
        self.cache.flush()
        return selected, written
