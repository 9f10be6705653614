"""What a build is asked to do and what it reports: options, the selection, the report per language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from polyglot_docs.core.errors import PolyglotError

if TYPE_CHECKING:  # annotations only: the command line reads DEFAULT_PDF_VARIANT at startup, without the gate
    from polyglot_docs.editions.plan import Edition, Skipped

# Archival and tagged: what a press office keeps (WeasyPrint's PDF/A-3a), the sources attached.
DEFAULT_PDF_VARIANT = "pdf/a-3a"


@dataclass
class BuildOptions:
    doc_ids: list[str] | None = None
    langs: list[str] | None = None
    column_sets: list[tuple[str, ...]] | None = None
    draft: bool = False
    formats: tuple[str, ...] = ("html", "pdf")
    pdf_variant: str | None = DEFAULT_PDF_VARIANT
    output: Path | None = None
    jobs: int = 1
    progress: Callable[[int, int], None] | None = None  # (done, total) as editions are rendered


@dataclass
class LanguageSummary:
    published: int = 0
    withheld: list[Skipped] = field(default_factory=list)
    not_started: int = 0
    proposed: int = 0  # units the translation memory proposed, waiting for review
    proposed_words: int = 0


@dataclass
class BuildReport:
    output: Path
    editions: list[Edition] = field(default_factory=list)  # in the site (or the drafts) after this build
    skipped: list[Skipped] = field(default_factory=list)  # withheld by the gate, or unreadable
    withdrawn: list[Skipped] = field(default_factory=list)  # published before this build, withheld now
    written: list[Path] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # files of the last build this one does not make
    rendered: list[str] = field(default_factory=list)  # outputs made this run; the others were up to date
    out_of_date: list[str] = field(default_factory=list)  # kept as they were: outside --doc/--lang/--format
    errors: list[PolyglotError] = field(default_factory=list)  # unreadable documents and catalogs
    languages: dict[str, LanguageSummary] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """What this build renders; the site's other editions are kept as they are."""

    doc_ids: frozenset[str] | None
    langs: frozenset[str] | None
    column_sets: frozenset[tuple[str, ...]] | None
    formats: tuple[str, ...]

    def covers(self, edition: Edition) -> bool:
        """Whether this build renders ``edition`` (when it is out of date)."""
        if self.doc_ids is not None and edition.doc_id not in self.doc_ids:
            return False
        if self.column_sets is None and self.langs is None:
            return True
        by_columns = self.column_sets is not None and edition.langs in self.column_sets
        by_language = self.langs is not None and any(lang in self.langs for lang in edition.langs)
        return by_columns or by_language


