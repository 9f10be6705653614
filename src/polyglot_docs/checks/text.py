"""Checks on the text as a whole: left untranslated, stray whitespace, unusual length.

A unit whose translation is its source again was most likely skipped, unless
it holds only names, symbols, numbers and acronyms. Leading, trailing and
doubled spaces and a word repeated by mistake creep in while editing, and are
flagged only where the source has none. A translation far shorter or longer
than its source, measured against the usual ratio for the language pair, breaks
the parallel layout or hides an omission.
"""

from __future__ import annotations

import re

from polyglot_docs.checks.base import LETTERS, WARNING, Finding, UnitText, base_language
from polyglot_docs.checks.glossary import Glossary

# -- untranslated ----------------------------------------------------------------


def check_untranslated(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source, translation = " ".join(unit.source_plain.split()), " ".join(unit.translation_plain.split())
    if source != translation:
        return []
    # Names, symbols, numbers and acronyms may legitimately stay as they are: only lower-case words count.
    prose = [w for w in LETTERS.findall(source) if w[:1].islower() and len(w) > 1]
    if len(prose) < 2:
        return []
    return [Finding("untranslated", WARNING, "translation is identical to the source")]


# -- whitespace -----------------------------------------------------------------

_REPEAT = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


def check_whitespace(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    findings = []
    text = unit.translation
    if text != text.strip() and unit.source == unit.source.strip():
        findings.append(Finding("whitespace", WARNING, "leading or trailing whitespace"))
    if "  " in text and "  " not in unit.source:
        findings.append(Finding("whitespace", WARNING, "doubled space"))
    source_repeats = {m.group(1).lower() for m in _REPEAT.finditer(unit.source_plain)}
    for match in _REPEAT.finditer(unit.translation_plain):
        if match.group(1).lower() not in source_repeats:
            findings.append(Finding("whitespace", WARNING, f"repeated word “{match.group(1)}”"))
    return findings


# -- length ---------------------------------------------------------------------

# Normal translation/source length ratios from English, measured on official
# texts; a unit far outside them breaks the parallel layout or hides an omission.
LENGTH_RANGE = {"ru": (0.8, 1.6), "be": (0.8, 1.6), "kk": (0.8, 1.7), "ky": (0.8, 1.7), "tg": (0.8, 1.7),
                "hy": (0.8, 1.7)}
MIN_LENGTH = 40


def check_length(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source, translation = unit.source_plain, unit.translation_plain
    if len(source) < MIN_LENGTH:
        return []
    low, high = LENGTH_RANGE.get(base_language(unit.target_lang), (0.6, 2.0))
    ratio = len(translation) / len(source)
    if low / 1.6 <= ratio <= high * 1.4:
        return []
    return [Finding("length", WARNING, f"translation is {ratio:.2f}× the source's length "
                                       f"(usual for {unit.source_lang}→{unit.target_lang}: {low}–{high})")]
