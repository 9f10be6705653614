"""Which editions a build makes, and which it skips and why (the publishing gate).

For each document: the source-language edition; a monolingual edition per target
language; a parallel edition per source–target pair (or the column sets asked
for). A translated edition is published only when every unit is translated,
none is fuzzy and none has broken markup; ``draft`` builds it anyway, marked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from polyglot_docs.editions.translate import UnitOutcome


@dataclass(frozen=True)
class Edition:
    doc_id: str
    langs: tuple[str, ...]  # the columns, in order; one language is a monolingual edition
    draft: bool = False

    @property
    def parallel(self) -> bool:
        return len(self.langs) > 1

    @property
    def folder(self) -> str:
        return "-".join(self.langs)

    def path(self, suffix: str) -> str:
        return f"{self.folder}/{self.doc_id}.{suffix}"


@dataclass(frozen=True)
class Skipped:
    doc_id: str
    langs: tuple[str, ...]
    reason: str


def readiness(outcomes: list[UnitOutcome]) -> str | None:
    """None when a translation can be published; otherwise why not."""
    counts = Counter(o.status for o in outcomes)
    problems = [f"{counts[s]} {label}" for s, label in
                (("untranslated", "untranslated"), ("fuzzy", "fuzzy"), ("invalid", "with markup errors"))
                if counts[s]]
    return None if not problems else ", ".join(problems) + f" of {len(outcomes)} units"


def plan(doc_ids: list[str], source: str, targets: list[str], ready: dict[tuple[str, str], str | None], *,
         column_sets: list[tuple[str, ...]] | None = None, left: str | None = None, draft: bool = False
         ) -> tuple[list[Edition], list[Skipped]]:
    """The editions to build; ``ready[(doc, lang)]`` is :func:`readiness` of that translation."""
    editions: list[Edition] = []
    skipped: list[Skipped] = []

    def consider(doc_id: str, langs: tuple[str, ...]) -> None:
        reasons = [f"{lang}: {ready[(doc_id, lang)]}" for lang in langs if lang != source and ready[(doc_id, lang)]]
        if reasons and not draft:
            skipped.append(Skipped(doc_id, langs, "; ".join(reasons)))
        else:
            editions.append(Edition(doc_id, langs, draft=bool(reasons)))

    for doc_id in doc_ids:
        editions.append(Edition(doc_id, (source,)))
        for lang in targets:
            consider(doc_id, (lang,))
        sets = column_sets or [(source, lang) for lang in targets]
        for langs in sets:
            if left and left in langs:
                langs = (left, *[lang for lang in langs if lang != left])
            consider(doc_id, langs)
    return editions, skipped
