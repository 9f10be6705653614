"""What ``update`` did to one catalog: the counts of its merge, whether it was written, and why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from polyglot_docs.catalogs.merge import MergeSummary


@dataclass
class CatalogUpdate:
    lang: str
    doc_id: str
    path: Path
    created: bool = False
    written: bool = False
    summary: MergeSummary = field(default_factory=MergeSummary)
    left_as_saved: str = ""  # why the catalog was not replaced: it changed while update ran (empty: it was not)
    rewritten: str = ""  # what changed in a catalog written with no unit changed: header, comments or layout

    def describe(self) -> str:
        """What the update did to this catalog, in words; empty when it left the file as it was."""
        if not self.written:
            return ""
        s = self.summary
        changed = len(s.changed) + len(s.retexted)
        if not (changed or s.added or s.obsoleted or s.revived):
            return self.rewritten
        parts = [f"{changed} changed", f"{len(s.added)} new", f"{len(s.obsoleted)} obsolete"]
        if s.revived:
            parts.append(f"{len(s.revived)} revived")
        if s.from_memory:
            parts.append(f"{len(s.from_memory)} proposed by the memory")
        return ", ".join(parts)
