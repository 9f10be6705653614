"""Numbers check: every number of the source survives in the translation.

Numbers are read in each locale's own notation (Babel's decimal and group
symbols: ``1,250.5`` in English is ``1 250,5`` in Russian), so a number counts
as kept whatever its spelling; a translation may also keep the source's
notation. A numeric date such as ``19.05.2021`` must keep its day and year,
while its month may become a word. A wrong or dropped figure in an official
text is an error, so each missing number is reported, with how often it is
missing.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from babel.numbers import get_decimal_symbol, get_group_symbol

from polyglot_docs.checks.base import ERROR, Finding, UnitText
from polyglot_docs.checks.glossary import Glossary

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 '’]\d+)*")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_SPACES = "\u00a0\u202f\u2009 "


def _values(token: str, lang: str) -> list[Decimal]:
    if _DATE.fullmatch(token):
        # A numeric date: its day and year must survive; the month may become a word.
        day, _, year = token.split(".")
        return [Decimal(day), Decimal(year)]
    decimal, group = get_decimal_symbol(lang), get_group_symbol(lang)
    groups = {group} | (set(_SPACES) if group in _SPACES else set())
    body, _, fraction = token.partition(decimal) if token.count(decimal) == 1 else (token, "", "")
    parts = re.split("|".join(re.escape(g) for g in sorted(groups)), body) if groups else [body]
    grouped = len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) if len(parts) > 1 else True
    if grouped and all(p.isdigit() for p in parts) and (not fraction or fraction.isdigit()):
        try:
            return [Decimal("".join(parts) + ("." + fraction if fraction else ""))]
        except InvalidOperation:
            pass
    return [Decimal(run) for run in re.findall(r"\d+", token)]


def numbers(text: str, lang: str) -> Counter[Decimal]:
    found: Counter[Decimal] = Counter()
    for match in _NUMBER.finditer(text):
        token = match.group(0).rstrip(_SPACES + ".,'’")
        found.update(_values(token, lang))
    return found


def check_numbers(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    wanted = numbers(unit.source_plain, unit.source_lang)
    seen = numbers(unit.translation_plain, unit.target_lang) | numbers(unit.translation_plain, unit.source_lang)
    missing = wanted - seen
    return [Finding("numbers", ERROR, f"number {_show(value)} of the source is missing"
                     + (f" ({count} times)" if count > 1 else ""))
            for value, count in sorted(missing.items())]


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)
