"""What ``build`` keeps between runs, behind accessors: translation states, outputs, whole builds.

Every cached value of the editions stage goes through :class:`EditionStore`; the other stages'
values (documents' metadata, catalogs) through their own stores. Keys are content digests, so a
stale entry is never used.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_docs.catalogs.stats import word_count
from polyglot_docs.core.cache import digest
from polyglot_docs.core.errors import CatalogError, PolyglotError
from polyglot_docs.editions.plan import readiness
from polyglot_docs.editions.translate import translate
from polyglot_docs.repository import Repository


@dataclass
class DocumentState:
    """What the plan and the indexes need of a document, without loading it when it has not changed."""

    id: str
    digest: str
    type: str
    date: dt.date
    title: str
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> reason, percent, title, done…
    errors: dict[str, PolyglotError] = field(default_factory=dict)  # lang -> why its catalog cannot be read


class EditionStore:
    def __init__(self, repo: Repository):
        self.repo = repo
        self.cache = repo.cache

    def document_state(self, doc_id: str, document_digest: str, catalog_digests: dict[str, str]) -> DocumentState:
        """Readiness and titles of a document's translations (``catalog_digests`` by language).

        From the cache when neither the document nor the catalog changed. A catalog that cannot be
        read is recorded in ``errors``; a document that cannot be read raises its error.
        """
        meta = self.repo.documents.meta(doc_id, document_digest)
        state = DocumentState(doc_id, document_digest, meta.type, meta.date, meta.title)
        for lang, catalog_digest in catalog_digests.items():
            key = digest(document_digest, lang, catalog_digest)
            entry = self.cache.get("translation-state/2", key)
            if entry is None:
                try:
                    entry = self._translation_state(doc_id, lang)
                except CatalogError as error:
                    state.errors[lang] = error
                    continue
                self.cache.put("translation-state/2", key, entry)
            state.languages[lang] = entry
        return state

    def _translation_state(self, doc_id: str, lang: str) -> dict[str, Any]:
        translation = translate(self.repo, doc_id, lang)
        words = {u.id: word_count(u.text) for u in translation.document.units}
        done = sum(words[o.unit_id] for o in translation.outcomes if o.status == "translated")
        proposed = [o.unit_id for o in translation.outcomes if o.proposed]
        title = translation.tree.getroot().find("title")
        return {
            "reason": readiness(translation.outcomes),
            "percent": 100.0 * done / (sum(words.values()) or 1),
            "done": sum(o.status == "translated" for o in translation.outcomes),
            "proposed": len(proposed),  # memory proposals waiting for review, and their words
            "proposed_words": sum(words[unit_id] for unit_id in proposed),
            "title": " ".join("".join(title.itertext()).split())
            if title is not None and title.get("status") is None else None,
        }

    def output_key(self, path: Path) -> str | None:
        """The input digest an output file was last made from."""
        value = self.cache.get("output", str(path))
        return value if isinstance(value, str) else None

    def remember_output(self, path: Path, key: str) -> None:
        self.cache.put("output", str(path), key)

    def last_build(self, fingerprint: str) -> dict[str, Any] | None:
        """What the last build with this fingerprint made: outputs, editions and skipped editions."""
        value = self.cache.get("build", fingerprint)
        return value if isinstance(value, dict) else None

    def remember_build(self, fingerprint: str, record: dict[str, Any]) -> None:
        self.cache.put("build", fingerprint, record)

    def outputs_under(self, folder: Path) -> set[str]:
        """The files in ``folder`` some build recorded as its outputs (for a site that has no manifest yet)."""
        prefix = str(folder) + os.sep
        return {key[len(prefix):] for key in self.cache.get_kind("output") if key.startswith(prefix)}

    def flush(self) -> None:
        self.cache.flush()
