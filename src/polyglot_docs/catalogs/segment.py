"""Sentences of a paragraph, and which target sentence translates which source sentence.

Segmentation: pysbd for the languages its rules cover (English, Russian, Armenian with its
full stop ``։``, Kazakh); for Belarusian, Kyrgyz and Tajik, which it lacks, punctuation rules
(:func:`rule_sentences`): a sentence ends at ``. ! ? …`` (and any closing quotes or brackets)
followed by a space and a capital letter, a digit or an opening quote, unless the word before
the stop is an initial or an abbreviation.

Alignment is length-based, after Gale and Church: a translated sentence is about as long as its
source times the paragraph's length ratio. When the counts agree, sentences pair one to one;
otherwise a dynamic programme chooses 1–1, 1–2, 2–1 and 1–0 beads. Only 1–1 pairs whose lengths
fit the paragraph's ratio are kept: a memory offers a sentence only when it is sure of it.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any

PYSBD_LANGUAGES = frozenset({"en", "ru", "hy", "kk"})
# Words that end in a full stop inside a sentence (lower case, without the stop): Cyrillic
# abbreviations shared by the languages without pysbd rules, and the English ones of titles.
ABBREVIATIONS = frozenset({
    "г", "гг", "т", "д", "п", "пп", "ст", "см", "им", "ул", "стр", "млн", "млрд", "тыс", "руб", "др", "пр",
    "напр", "рис", "табл", "вул", "ж", "жж", "б", "бет", "с", "сол", "ш", "mr", "mrs", "ms", "dr", "no", "st",
})
_FULL_STOP = re.compile(r"\.\s")
_TOKEN_END = re.compile(r"[\w.]+\Z")  # the word (with its inner dots: "U.S") before a full stop
_WORD_END = re.compile(r"\w+\Z")
_OPENING = "\"«“„([<"
# Beyond this distance from the paragraph's length ratio (log scale: a factor of 1.6) a pair is not trusted.
_MAX_PAIR_COST = math.log(1.6)
_BEAD_PENALTY = {(1, 1): 0.0, (1, 2): 0.4, (2, 1): 0.4, (1, 0): 1.5, (0, 1): 1.5}


@cache
def _segmenter(lang: str) -> Any:
    import pysbd  # noqa: PLC0415 (imported when a memory first segments: every command starts faster)

    return pysbd.Segmenter(language=lang, clean=False)


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` in ``lang`` (a gettext code such as ``ru`` or ``pt_BR``), stripped."""
    return list(_sentences(text, lang))


@lru_cache(maxsize=1 << 16)  # a source paragraph is segmented once for every language's proposals
def _sentences(text: str, lang: str) -> tuple[str, ...]:
    base = lang.split("_")[0].lower()
    # pysbd takes a millisecond a paragraph, the rules 20 µs: it is asked only where a full stop may
    # not end a sentence, which is where its rules and the punctuation rules can differ.
    parts = _segmenter(base).segment(text) if base in PYSBD_LANGUAGES and _ambiguous(text) else rule_sentences(text)
    return tuple(part.strip() for part in parts if part.strip())


def _ambiguous(text: str) -> bool:
    """Whether a full stop followed by a space may end something else than a sentence: "г.", "Sept.", "U.S."."""
    for stop in _FULL_STOP.finditer(text):
        word = _last(text[text.rfind(" ", 0, stop.start()) + 1:stop.start()], _TOKEN_END)
        if word and ("." in word or word.lower() in ABBREVIATIONS
                     or (word.isalpha() and (len(word) <= 3 or (len(word) <= 4 and word[0].isupper())))):
            return True
    return False


def rule_sentences(text: str) -> list[str]:
    """Sentences by punctuation rules, for languages pysbd has no rules for."""
    parts: list[str] = []
    start = 0
    for stop in _sentence_stop().finditer(text):
        at = stop.start()
        if text[at] == "." and _abbreviation(_word_before(text, start, at)) or not _capital_after(text, stop.end()):
            continue
        parts.append(text[start:stop.end()])
        start = stop.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


@cache
def _sentence_stop() -> re.Pattern[str]:
    """A stop that may end a sentence: ``. ! ? … ։`` (closing quotes or brackets after it), a space,
    then a capital letter or a digit, perhaps after an opening quote or bracket.

    The letters that may start a sentence are a character class, so that the regular expression
    engine finds the stops in one pass over the text; a loop over every stop checking the next
    letter in Python made segmentation five times slower (bench: 14 600 paragraphs, 0.36 s against 0.07 s).
    """
    starts = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() or chr(c).isdigit())
    # Beyond the BMP (mathematical capitals, say) any character passes here and is checked by the caller:
    # listing those classes would take a quarter of a second at the first segmentation of every process.
    return re.compile(r"[.!?…։]+[\"»”’)\]]*\s+(?=[\"«“„(\[<]?[" + _ranges(starts) + "\U00010000-\U0010ffff])")


def _capital_after(text: str, at: int) -> bool:
    """Whether the letter at ``at`` (after an opening quote or bracket, if any) starts a sentence."""
    first = text[at]
    if first in _OPENING and at + 1 < len(text) and ord(text[at + 1]) > 0xFFFF:
        first = text[at + 1]
    return ord(first) <= 0xFFFF or first.isupper() or first.isdigit()


def _ranges(chars: str) -> str:
    """``chars`` (sorted) as the ranges of a regular expression's character class."""
    out: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        out.append(re.escape(chars[i]) + (f"-{re.escape(chars[j])}" if j > i else ""))
        i = j + 1
    return "".join(out)


def _word_before(text: str, start: int, at: int) -> str:
    """The last run of word characters before the stop at ``at`` (in "U.S." the "S"), within the sentence."""
    return _last(text[max(text.rfind(" ", start, at) + 1, start):at], _WORD_END)


def _last(token: str, pattern: re.Pattern[str]) -> str:
    """What ``pattern`` (anchored at the end) matches at the end of ``token``, a word most often."""
    if token.isalnum():
        return token
    found = pattern.search(token)
    return found.group() if found else ""


def _abbreviation(word: str) -> bool:
    return bool(word) and ((len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS)


def align(source: list[str], target: list[str]) -> list[tuple[int, int]]:
    """The confident one-to-one pairs (source index, target index) of two sentence lists."""
    if not source or not target:
        return []
    ratio = (sum(map(len, target)) + 1) / (sum(map(len, source)) + 1)
    if len(source) == len(target):
        return [(i, i) for i in range(len(source)) if _cost(source[i], target[i], ratio) <= _MAX_PAIR_COST]
    return [(i, j) for i, j, cost in _beads(source, target, ratio) if cost <= _MAX_PAIR_COST]


def _cost(source: str, target: str, ratio: float) -> float:
    return abs(math.log((len(target) + 1) / ((len(source) + 1) * ratio)))


def _beads(source: list[str], target: list[str], ratio: float) -> list[tuple[int, int, float]]:
    """The 1–1 beads of the cheapest alignment, each with its length cost."""
    rows, columns = len(source), len(target)
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    for i in range(rows + 1):
        for j in range(columns + 1):
            if (i, j) == (0, 0):
                continue
            options = []
            for (di, dj), penalty in _BEAD_PENALTY.items():
                if i >= di and j >= dj and (i - di, j - dj) in best:
                    cost = _cost(" ".join(source[i - di:i]), " ".join(target[j - dj:j]), ratio) if di and dj else 0.0
                    options.append((best[(i - di, j - dj)][0] + cost + penalty, (di, dj)))
            if options:
                best[(i, j)] = min(options)
    pairs: list[tuple[int, int, float]] = []
    i, j = rows, columns
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]
        if (di, dj) == (1, 1):
            pairs.append((i - 1, j - 1, _cost(source[i - 1], target[j - 1], ratio)))
        i, j = i - di, j - dj
    return pairs[::-1]
