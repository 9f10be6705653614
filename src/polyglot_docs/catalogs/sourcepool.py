"""The source texts the translation memory searches, with what its searches derive from each, kept between updates.

For every text: its sentences (which texts hold a sentence: the assemblies' lookup) and its words
coded one character each (the near-match search's first stage). Deriving them is the memory's fixed
cost: at N = 1000, 14 800 texts took 0.3 s a process (segmenting 0.18 s, coding 0.11 s), paid by
each update worker even for a handful of new paragraphs. Kept in the cache as one entry, it loads in
15 ms, and an update derives only the texts it has not seen (a translation memory database's index).

Texts are numbered in the order they were added and never renumbered while the pool lives, so that
each language's list of sources (:mod:`.memory`) can be kept as numbers; a pool that has become
mostly texts no language holds any more is rebuilt under a new token, which invalidates those lists.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from polyglot_docs.catalogs.segment import sentences
from polyglot_docs.core.cache import Cache

POOL_KIND = "memory-pool"
CODE_POINTS = 0x110000
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*?)(\d*)(/?)>")


def _code_version() -> str:
    """This module's and the segmenter's code: a pool derived by other rules is derived again."""
    here = Path(__file__).parent
    h = hashlib.blake2b(digest_size=8)
    for name in ("sourcepool.py", "segment.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


class SourcePool:
    """Source texts numbered from 0, each segmented and word-coded once."""

    def __init__(self, lang: str, token: str = "", texts: list[str] | None = None, codes: list[str] | None = None,
                 holding: dict[str, list[int]] | None = None, table: dict[str, str] | None = None):
        self.lang = lang  # the source language, for segmentation
        self.token = token or os.urandom(8).hex()
        self.texts = texts or []
        self.codes = codes or []  # each text's words, one character per word (see _coded)
        self._holding = holding or {}  # sentence -> the numbers of the texts one of whose sentences it is
        self._table = table or {}  # word -> its one-character code
        self.ids = {text: number for number, text in enumerate(self.texts)}
        self.grown = False  # texts added since the pool was read
        self._normalised: dict[str, str] = {}
        self._query_codes: dict[str, str] = {}  # texts searched for, not in the pool

    @classmethod
    def load(cls, cache: Cache, lang: str) -> SourcePool:
        """The pool the cache holds for ``lang``, or an empty one (under a new token) if none or another code's."""
        stored = cache.get(POOL_KIND, lang)
        try:
            token, version, texts, codes, holding, table = stored  # type: ignore[misc]
        except (TypeError, ValueError):
            return cls(lang)
        shapes = (token, texts, codes, holding, table), (str, list, list, dict, dict)
        if version != _code_version() or not all(map(isinstance, *shapes)) or not _well_formed(texts, codes, holding):
            return cls(lang)  # another code's, or not one this code wrote (the cache is derived data)
        return cls(lang, token, texts, codes, holding, table)

    def save(self, cache: Cache) -> None:
        cache.put(POOL_KIND, self.lang,
                  [self.token, _code_version(), self.texts, self.codes, self._holding, self._table])
        self.grown = False

    def add(self, text: str) -> int:
        """``text``'s number, the text segmented and coded if it is new."""
        number = self.ids.get(text)
        if number is None:
            number = self.ids[text] = len(self.texts)
            self.texts.append(text)
            self.codes.append(self._coded(text))
            for part in dict.fromkeys(sentences(text, self.lang)):
                self._holding.setdefault(part, []).append(number)
            self.grown = True
        return number

    def holding(self, sentence: str) -> list[int]:
        """The numbers of the texts one of whose sentences is ``sentence``, in the order they were added."""
        return self._holding.get(sentence, [])

    def words(self, text: str) -> str:
        """``text`` as a string of one character per word, the pool's texts and others alike."""
        number = self.ids.get(text)
        if number is not None:
            return self.codes[number]
        coded = self._query_codes.get(text)
        if coded is None:
            coded = self._query_codes[text] = self._coded(text)
        return coded

    def normalised(self, text: str) -> str:
        """``text`` as near matches compare it letter by letter (see :func:`normalise`)."""
        form = self._normalised.get(text)
        if form is None:
            form = self._normalised[text] = normalise(text)
        return form

    def _coded(self, text: str) -> str:
        """``text``'s words, each as one character: the first word the pool met is U+0000, the next U+0001...

        From U+0000, because rapidfuzz finds a character below U+0100 in an array and any other in a
        hash map: the first words met are the common ones (at N = 1000, the first 256 are 99 % of the
        words), and the near-match search ran three times faster than with codes from U+0100 (192
        questions over 14 800 texts: 0.054 s against 0.165 s). Past the last code point, codes are
        shared: the word-level stage then ranks a little less finely, the letter-level stage decides.
        """
        table = self._table
        words = _words(text)
        for word in words:
            if word not in table:
                table[word] = chr(len(table) % CODE_POINTS)
        return "".join([table[word] for word in words])

    def compacted(self, live: Iterable[int]) -> tuple[SourcePool, dict[int, int]]:
        """A pool of only the texts numbered in ``live``, under a new token, and the new number of each."""
        renumbered = {old: new for new, old in enumerate(sorted(set(live)))}
        holding = {sentence: kept for sentence, numbers in self._holding.items()
                   if (kept := [renumbered[n] for n in numbers if n in renumbered])}
        texts = [self.texts[n] for n in renumbered]
        pool = SourcePool(self.lang, "", texts, [], holding)
        pool.codes = [pool._coded(text) for text in texts]  # coded again: words no text uses leave the table
        pool.grown = True
        return pool, renumbered


def _well_formed(texts: list[Any], codes: list[Any], holding: dict[Any, Any]) -> bool:
    """Whether a stored pool's parts hold what this code writes (texts and codes strings, text numbers)."""
    size = len(texts)
    return (size == len(codes) and all(type(text) is str for text in texts)
            and all(type(code) is str for code in codes)
            and all(type(numbers) is list and all(type(n) is int and 0 <= n < size for n in numbers)
                    for numbers in holding.values()))


def normalise(text: str) -> str:
    """Text as near matches compare it: tags out, entities decoded, whitespace collapsed, case folded."""
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    """The words of ``text`` normalised: tags out, entities decoded, case folded."""
    plain = html.unescape(TAG.sub(" ", text)) if "<" in text or "&" in text else text
    return plain.casefold().split()
