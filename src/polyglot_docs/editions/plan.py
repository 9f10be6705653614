"""Which editions a build makes, and which it skips and why (the publishing gate).

For each document: the source-language edition; a monolingual edition per target
language; a parallel edition per source–target pair and per column set of
``[editions] columns``. A translated edition is published only when every unit
is translated, none is fuzzy and none has broken markup; ``draft`` builds it
anyway, marked. An edition whose document or catalog cannot be read is withheld,
draft or not.
"""

from __future__ import annotations

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


# How many unit ids a reason names before it says how many more there are.
_NAMED_UNITS = 5


def readiness(outcomes: list[UnitOutcome]) -> str | None:
    """None when a translation can be published; otherwise why not, naming the units at fault."""
    by_status: dict[str, list[str]] = {}
    for outcome in outcomes:
        status = "memory" if outcome.status == "fuzzy" and outcome.proposed else outcome.status
        by_status.setdefault(status, []).append(outcome.unit_id)
    problems = []
    for status, label in (("untranslated", "untranslated"), ("fuzzy", "fuzzy"),
                          ("memory", "memory proposals to review"), ("invalid", "with markup errors")):
        ids = by_status.get(status, [])
        if ids:
            named = ", ".join(ids[:_NAMED_UNITS]) + (f", {len(ids) - _NAMED_UNITS} more" if len(ids) > _NAMED_UNITS
                                                     else "")
            problems.append(f"{len(ids)} {label} ({named})")
    return None if not problems else ", ".join(problems) + f" of {len(outcomes)} units"


def column_sets(source: str, targets: list[str], extra: tuple[tuple[str, ...], ...] = (), left: str | None = None
                ) -> list[tuple[str, ...]]:
    """The parallel editions of every document: source–target pairs and ``extra`` sets, ``left`` first."""
    sets = []
    for langs in [*((source, lang) for lang in targets), *extra]:
        if left and left in langs:
            langs = (left, *[lang for lang in langs if lang != left])
        if langs not in sets:
            sets.append(langs)
    return sets


def plan(doc_ids: list[str], source: str, targets: list[str], ready: dict[tuple[str, str], str | None], *,
         parallel: list[tuple[str, ...]], draft: bool = False, broken: dict[tuple[str, str], str] | None = None
         ) -> tuple[list[Edition], list[Skipped]]:
    """The editions to build and the ones the gate withholds; ``ready[(doc, lang)]`` is :func:`readiness`.

    With ``draft`` every edition is built, those the gate would withhold marked as drafts, except
    those whose document or catalog cannot be read (``broken[(doc, lang)]`` says why).
    """
    broken = broken or {}
    editions: list[Edition] = []
    skipped: list[Skipped] = []
    for doc_id in doc_ids:
        for langs in [(source,), *((lang,) for lang in targets), *parallel]:
            errors = [f"{lang}: {broken[(doc_id, lang)]}" for lang in langs if (doc_id, lang) in broken]
            if errors:
                skipped.append(Skipped(doc_id, langs, "; ".join(errors)))
                continue
            reasons = [f"{lang}: {ready[(doc_id, lang)]}" for lang in langs
                       if lang != source and ready.get((doc_id, lang))]
            if reasons and not draft:
                skipped.append(Skipped(doc_id, langs, "; ".join(reasons)))
            else:
                editions.append(Edition(doc_id, langs, draft=bool(reasons)))
    return editions, skipped
