"""Completeness: message and word counts per catalog.

Messages are counted as ``msgfmt --statistics`` counts them: the header and
obsolete entries are left out; a fuzzy entry with no text is untranslated.

Words are counted on the source text (the msgid) after inline tags and
placeholders are removed and entities decoded: a word is a run of characters
between whitespace (XML or Unicode spaces, no-break spaces included) that holds
at least one letter or digit. So "state-of-the-art" is one word (as in
Weblate), "19.05.2021" is one, and a lone dash is none. translate-toolkit's
pocount splits on Unicode word boundaries and counts more; see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.state import UnitState, message_state, proposed_by_memory

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*/?>")
# A whitespace-delimited token holding at least one letter or digit ([^\W_]: word characters but "_").
_WORD = re.compile(r"\S*[^\W_]\S*")


@lru_cache(maxsize=1 << 14)  # a source text is counted once for every language's catalog
def word_count(text: str) -> int:
    plain = html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text
    return len(_WORD.findall(plain))


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    proposed: int = 0  # of the fuzzy ones: proposed by the translation memory, waiting for review
    proposed_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Translated share of the words; an empty catalog is complete."""
        return 100.0 if not self.total_words else 100.0 * self.translated_words / self.total_words

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def catalog_counts(catalog: Catalog) -> Counts:
    counts = Counts()
    for message in catalog.messages:
        words = word_count(message.msgid)
        state = message_state(message)
        if state is UnitState.TRANSLATED:
            counts.translated += 1
            counts.translated_words += words
        elif state is UnitState.FUZZY:
            counts.fuzzy += 1
            counts.fuzzy_words += words
            if proposed_by_memory(message):
                counts.proposed += 1
                counts.proposed_words += words
        else:
            counts.untranslated += 1
            counts.untranslated_words += words
    return counts
