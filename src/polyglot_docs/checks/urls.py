"""URL check: a translation points readers only where its source does.

A link's address never reaches the translator: ``<a href="…">`` is folded into ``<a1>``, and an
attribute or namespace on a code is a markup error, so the edition's href is always the
source's. What a translator can still write is text: an address in the running text or as a
link's visible text (``<a1>https://…</a1>``, shown to readers while the href goes elsewhere).
So every address in the translation's text, tags and entities read through, must be one of
the source's, character for character, which also catches a look-alike letter or a zero-width
character slipped into a host name: an error. An address of the source missing from the
translation is a warning, since a translator may rightly word a link whose visible text was
its address (the href is kept). Like ``pofilter``'s ``urls`` (and ``emails``), addresses are
found by scheme, ``www.`` or ``@``; a bare host name such as ``example.org`` is not looked for,
as sentences ending in abbreviations would look like one.
"""

from __future__ import annotations

import re

from polyglot_docs.checks.base import ERROR, WARNING, Finding, UnitText
from polyglot_docs.checks.glossary import Glossary

_BODY = r"[^\s<>\"'«»“”„‹›\u200b-\u200d\u2060\ufeff]+"
# One pattern, so an address inside another (the e-mail address of a mailto: URL) is not found twice.
_ADDRESS = re.compile(
    rf"\b(?:[a-z][a-z0-9+.\-]*://|(?:mailto|javascript|data|tel):){_BODY}"
    rf"|\bwww\.{_BODY}"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    re.IGNORECASE,
)
# Sentence punctuation that follows an address rather than belonging to it, Armenian's included.
_TRAILING = ".,;:!?։՝՜՞…"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def addresses(text: str) -> list[str]:
    """The URLs and e-mail addresses in ``text``, without the punctuation that ends a sentence or a bracket."""
    return [_trim(match.group()) for match in _ADDRESS.finditer(text)]


def _trim(address: str) -> str:
    while address:
        last = address[-1]
        if last in _TRAILING or (last in _PAIRS and address.count(last) > address.count(_PAIRS[last])):
            address = address[:-1]
        else:
            break
    return address


def check_urls(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source = addresses(unit.source_plain)
    translation = addresses(unit.translation_plain)
    findings = [Finding("urls", ERROR, f"“{address}” is not in the source; every address must be the source's")
                for address in dict.fromkeys(translation) if address not in source]
    findings += [Finding("urls", WARNING, f"the source's “{address}” is missing")
                 for address in dict.fromkeys(source) if address not in translation]
    return findings
