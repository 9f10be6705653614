"""Terminology: per-language glossaries and inflection-tolerant term matching.

``glossary/<lang>.csv`` holds ``source,target,note`` rows; rows with the same
source are accepted alternatives. All six member-state languages inflect, so a
term matches when its words match consecutive words of the text after
stemming: Snowball stemmers (the ``snowballstemmer`` package, as used by
Sphinx) for English, Russian and Armenian; for Belarusian, Kazakh, Kyrgyz and
Tajik, which Snowball lacks, words match on a shared prefix, which suits their
suffixing morphology ("хатшы" / "хатшысының").
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from polyglot_docs.core.errors import PolyglotError

SNOWBALL = {"en": "english", "ru": "russian", "hy": "armenian"}
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MIN_PREFIX = 4


@dataclass(frozen=True)
class Term:
    source: str
    targets: tuple[str, ...]
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    lang: str
    path: str
    terms: tuple[Term, ...]


def load_glossary(path: Path, lang: str, display: str) -> Glossary:
    if not path.exists():
        return Glossary(lang, display, ())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolyglotError(f"cannot read glossary: {error}", display) from error
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames[:2]] != ["source", "target"]:
        raise PolyglotError("glossary header must be: source,target,note", display, 1)
    grouped: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        source, target = (row.get("source") or "").strip(), (row.get("target") or "").strip()
        if not source or not target:
            raise PolyglotError("a glossary row needs a source and a target", display, number)
        grouped.setdefault(source, []).append(target)
        notes.setdefault(source, (row.get("note") or "").strip())
        lines.setdefault(source, number)
    terms = tuple(Term(s, tuple(t), notes[s], lines[s]) for s, t in grouped.items())
    return Glossary(lang, display, terms)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@cache
def _stemmer(lang: str) -> Any:
    import snowballstemmer  # noqa: PLC0415 (only check stems: other commands start without it)

    name = SNOWBALL.get(lang.split("_")[0])
    return snowballstemmer.stemmer(name) if name else None


def stems(tokens: list[str], lang: str) -> list[str]:
    return [_stem(token, lang) for token in tokens]


@lru_cache(maxsize=1 << 16)
def _stem(token: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    stem = stemmer.stemWord(token) if stemmer else token
    if lang.split("_")[0] == "hy":
        # Armenian drops the vowels ի and ու inside a stem when it is inflected (խորհուրդ, խորհրդի):
        # compare the stems without them.
        stem = re.sub("ու|ի|ը", "", stem) or stem
    return stem


def same_word(a: str, b: str) -> bool:
    """Two stems name the same word: equal, or sharing all but a final letter of the shorter (at least 4)."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    need = max(MIN_PREFIX, shorter - 1)
    if shorter < need:
        return False
    return a[:need] == b[:need]


def same_inflected(a: str, b: str) -> bool:
    """Two words are forms of one word: they share the first 60 % of the shorter, or all but its last two letters.

    At least four letters. Catches what a stemmer misses or over-stems: Belarusian adjective endings
    ("другая", "другой"), suffixes stacked in Kazakh and Kyrgyz ("наркологдордун",
    "наркологдорунун"), and Armenian's -ություն, which Snowball cuts to one letter ("միություն",
    "միության").
    """
    shorter = min(len(a), len(b))
    need = max(MIN_PREFIX, min(shorter - 2, math.ceil(0.6 * shorter)))
    return shorter >= need and a[:need] == b[:need]


def find(term: str, text: str, lang: str) -> bool:
    """Whether ``term`` occurs in ``text``, inflected or not."""
    wanted_words = words(term)
    if not wanted_words:
        return False
    wanted = stems(wanted_words, lang)
    have_words = words(text)
    have = stems(have_words, lang)
    size = len(wanted)
    for start in range(len(have) - size + 1):
        if all(same_word(w, h) or same_inflected(ww, hw) for w, h, ww, hw in
               zip(wanted, have[start:start + size], wanted_words, have_words[start:start + size], strict=True)):
            return True
    return False


def source_terms(glossary: Glossary, source_text: str, source_lang: str) -> list[Term]:
    """Glossary terms in a source text, longest first, leaving out terms inside a longer match.

    A capital in the glossary's source is kept: "Channel" (the operation) is not found in
    "suppressing channels", while "member states" is found in "Member States".
    """
    if not glossary.terms:
        return []
    have = stems(words(source_text), source_lang)
    capitals = [word[:1].isupper() for word in _WORD.findall(source_text)]
    found: list[tuple[int, int, Term]] = []
    for term in sorted(glossary.terms, key=lambda t: -len(words(t.source))):
        wanted = stems(words(term.source), source_lang)
        wanted_capitals = [word[:1].isupper() for word in _WORD.findall(term.source)]
        for start in range(len(have) - len(wanted) + 1):
            span = (start, start + len(wanted))
            if (have[span[0]:span[1]] == wanted
                    and all(capitals[start + i] for i, capital in enumerate(wanted_capitals) if capital)
                    and not any(s <= span[0] and span[1] <= e for s, e, _ in found)):
                found.append((span[0], span[1], term))
                break
    return [term for _, _, term in sorted(found, key=lambda f: f[0])]
