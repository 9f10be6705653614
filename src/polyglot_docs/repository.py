"""The Python API: open a repository, and it hands out the stores and services of every stage.

    repo = Repository.open()                  # finds polyglot.toml here or above
    repo.documents.validate()                 # documents/  (DocumentStore)
    repo.templates.extract()                  # locales/templates/  (TemplateStore)
    repo.update()                             # locales/<lang>/  (CatalogUpdater)
    repo.catalogs.status()                    # counts  (CatalogStore)
    repo.checks.iter_check()                  # findings  (CheckRunner)

Editions are made by ``polyglot_docs.editions`` (``build``, ``report``, ``translate``), which take a
repository. This module decides nothing and touches no file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polyglot_docs.core.cache import Cache
from polyglot_docs.core.settings import Settings, load_settings

if TYPE_CHECKING:
    from polyglot_docs.catalogs.outcome import CatalogUpdate
    from polyglot_docs.catalogs.store import CatalogStatus, CatalogStore, Progress, StatusResult
    from polyglot_docs.catalogs.templates import TemplateStore
    from polyglot_docs.catalogs.update import CatalogUpdater
    from polyglot_docs.checks.runner import CheckResult, CheckRunner
    from polyglot_docs.documents.store import DocumentStore

__all__ = ["CatalogStatus", "CatalogUpdate", "CheckResult", "Repository"]


class Repository:
    """One repository's settings, cache, lock, and the stores and services over them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.cache = Cache(settings.cache_dir)

    # Made on first use, each stage imported then: a command pays only for what it runs (startup time).

    @cached_property
    def documents(self) -> DocumentStore:
        from polyglot_docs.documents.store import DocumentStore
        return DocumentStore(self.settings, self.cache)

    @cached_property
    def catalogs(self) -> CatalogStore:
        from polyglot_docs.catalogs.store import CatalogStore
        return CatalogStore(self.settings, self.cache, self.documents)

    @cached_property
    def templates(self) -> TemplateStore:
        from polyglot_docs.catalogs.templates import TemplateStore
        return TemplateStore(self.settings, self.cache, self.documents)

    @cached_property
    def updater(self) -> CatalogUpdater:
        from polyglot_docs.catalogs.update import CatalogUpdater
        return CatalogUpdater(self.documents, self.catalogs, self.templates)

    @cached_property
    def checks(self) -> CheckRunner:
        from polyglot_docs.checks.runner import CheckRunner
        return CheckRunner(self.catalogs)

    @classmethod
    def open(cls, root: Path | None = None) -> Repository:
        return cls(load_settings(root))

    def rel(self, path: Path) -> str:
        """A path as the user sees it: relative to the repository root when inside it."""
        return self.settings.relative(path)

    def lock(self, *, wait: bool = True, notify: Callable[[str], None] | None = None
             ) -> AbstractContextManager[None]:
        """Hold the repository's lock file while writing: concurrent runs are serialised."""
        from polyglot_docs.core.lock import repository_lock

        s = self.settings
        return repository_lock(s.root, wait=wait, notify=notify,
                               folders=(s.documents_dir, s.locales_dir, s.output_dir, s.drafts))

    # The everyday verbs, for scripts; each is one call to the stage that does it.

    def update(self, doc_ids: list[str] | None = None, langs: list[str] | None = None, *, jobs: int = 1,
               progress: Progress = None) -> list[CatalogUpdate]:
        return self.updater.update(doc_ids, langs, jobs=jobs, progress=progress)

    def status(self, doc_ids: list[str] | None = None, langs: list[str] | None = None,
               progress: Progress = None) -> StatusResult:
        """Rows for the catalogs that could be read, and an error for each file that could not."""
        return self.catalogs.status(doc_ids, langs, progress)

    def check(self, doc_ids: list[str] | None = None, langs: list[str] | None = None) -> list[CheckResult]:
        return self.checks.check(doc_ids, langs)


def __getattr__(name: str) -> Any:
    """The result types ``__all__`` names, imported when first asked for, as the stores are."""
    if name == "CatalogStatus":
        from polyglot_docs.catalogs.store import CatalogStatus
        return CatalogStatus
    if name == "CatalogUpdate":
        from polyglot_docs.catalogs.outcome import CatalogUpdate
        return CatalogUpdate
    if name == "CheckResult":
        from polyglot_docs.checks.runner import CheckResult
        return CheckResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
