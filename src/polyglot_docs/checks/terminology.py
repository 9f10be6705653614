"""Terminology check: the glossary's approved translations are used.

Each term of ``glossary/<lang>.csv`` found in the source must appear in the
translation as one of its approved translations; terms are matched with
inflection (``polyglot_docs.checks.glossary``), so a declined form counts. A
span the source marks as a term (``its:term``, ``<term>``) that the glossary
lacks is reported too, so that its translation gets approved.
"""

from __future__ import annotations

from polyglot_docs.checks.base import ERROR, WARNING, Finding, UnitText
from polyglot_docs.checks.glossary import Glossary, find, source_terms


def check_terminology(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    findings = []
    if glossary is not None:
        for term in source_terms(glossary, unit.source_plain, unit.source_lang):
            if not any(find(target, unit.translation_plain, unit.target_lang) for target in term.targets):
                approved = " or ".join(f"“{t}”" for t in term.targets)
                findings.append(Finding("terminology", ERROR, f"“{term.source}” should be translated as {approved} "
                                                              f"({glossary.path}:{term.line})"))
    known = {t.source.lower() for t in glossary.terms} if glossary else set()
    for marked in unit.terms:
        if marked.lower() not in known:
            where = glossary.path if glossary else f"glossary/{unit.target_lang}.csv"
            findings.append(Finding("terminology", WARNING, f"term “{marked}” is marked in the source but has no "
                                                            f"approved translation in {where}"))
    return findings
