"""Checks on translated units: what an editor must see before publishing.

Each check looks at one unit, its source text (msgid) and its translation
(msgstr), and returns findings. They know these languages: numbers are read
in each locale's own notation (Babel), sentence-final punctuation follows each
language's rules (Russian «…»; the Armenian ։ ՞ ՜), letters are checked
against each alphabet, terms are matched with inflection; characters a reader cannot see
and addresses a translator added are caught too. ``CHECKS`` names
every check, in the order their findings are reported; a translator silences
one for a unit by its name (``polyglot_docs.checks.base.silenced``).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet

from polyglot_docs.checks.base import Finding, UnitText
from polyglot_docs.checks.characters import check_bidi, check_newlines, check_tabs, check_zerowidth
from polyglot_docs.checks.glossary import Glossary
from polyglot_docs.checks.markup import check_markup
from polyglot_docs.checks.numbers import check_numbers
from polyglot_docs.checks.punctuation import check_brackets, check_punctuation
from polyglot_docs.checks.script import check_script
from polyglot_docs.checks.terminology import check_terminology
from polyglot_docs.checks.text import check_length, check_untranslated, check_whitespace
from polyglot_docs.checks.urls import check_urls

CHECKS: dict[str, Callable[[UnitText, Glossary | None], list[Finding]]] = {
    "markup": check_markup,
    "numbers": check_numbers,
    "untranslated": check_untranslated,
    "whitespace": check_whitespace,
    "punctuation": check_punctuation,
    "brackets": check_brackets,
    "script": check_script,
    "length": check_length,
    "terminology": check_terminology,
    "newlines": check_newlines,
    "tabs": check_tabs,
    "bidi": check_bidi,
    "zerowidth": check_zerowidth,
    "urls": check_urls,
}


def run_checks(unit: UnitText, glossary: Glossary | None, skip: AbstractSet[str] = frozenset()) -> list[Finding]:
    findings = []
    for name, check in CHECKS.items():
        if name not in skip:
            findings.extend(check(unit, glossary))
    return findings
