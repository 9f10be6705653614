"""Checks on characters a reader does not see: line breaks, tabs, bidirectional controls, zero-width.

A msgid never holds a line break or a tab (XML whitespace collapses on extraction), so one in
a translation was pasted in, from a PDF or a mail, and often marks a sentence broken in two;
``pofilter``'s ``newlines`` and ``tabs`` report the same. Bidirectional override and isolate
controls reorder how the text around them is displayed (a date or a sum can read backwards,
the "Trojan Source" trick), which no text in these left-to-right languages needs: an error.
Zero-width characters hide inside words and numbers, so a term, a number or a URL no longer
matches what it looks like and cannot be found: a warning. Each is reported only where the
translation has more of it than the source, and named by code point, never printed, since
printing a bidirectional control would scramble the report line itself.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from polyglot_docs.checks.base import ERROR, WARNING, Finding, UnitText
from polyglot_docs.checks.glossary import Glossary

# Line ends as gettext and pofilter count them (CR too), and the two Unicode line separators.
LINE_BREAKS = frozenset("\n\r\u2028\u2029")
TAB = "\t"
# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
BIDI_CONTROLS = frozenset([*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))])
# Zero-width space, non-joiner and joiner, word joiner, and the byte-order mark (zero-width no-break space).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def check_newlines(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source = sum(unit.source.count(c) for c in LINE_BREAKS)
    translation = sum(unit.translation.count(c) for c in LINE_BREAKS)
    if source == translation:
        return []
    return [Finding("newlines", WARNING, f"{_count(translation, 'line break')} where the source has {source}")]


def check_tabs(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source, translation = unit.source.count(TAB), unit.translation.count(TAB)
    if source == translation:
        return []
    return [Finding("tabs", WARNING, f"{_count(translation, 'tab')} where the source has {source}")]


def check_bidi(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    added = _added(unit, BIDI_CONTROLS, "control")
    if not added:
        return []
    return [Finding("bidi", ERROR, f"bidirectional {added} that the source does not have; "
                                   "it changes the order in which the text is displayed")]


def check_zerowidth(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    added = _added(unit, ZERO_WIDTH, "character")
    if not added:
        return []
    return [Finding("zerowidth", WARNING, f"zero-width {added} that the source does not have; "
                                          "words and numbers holding it are not found as they look")]


def _added(unit: UnitText, characters: frozenset[str], kind: str) -> str:
    """The ``characters`` the translation has more of than the source, named by code point; empty if none."""
    source = Counter(c for c in unit.source if c in characters)
    translation = Counter(c for c in unit.translation if c in characters)
    extra = translation - source
    if not extra:
        return ""
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}" + (f" ×{n}" if n > 1 else "")
                      for c, n in sorted(extra.items()))
    return f"{kind}{'s' if len(extra) > 1 else ''} {named}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
