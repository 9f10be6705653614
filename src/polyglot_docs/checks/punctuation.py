"""Punctuation checks: the sentence-final mark and balanced brackets and quotes.

A translation should end the way its source does (a period, a question, an
ellipsis, no mark at all), following each language's own rules: closing quotes
such as the Russian «…» are looked through, and Armenian ends a sentence with
its full stop ։ and puts its question ՞ and exclamation ՜ marks on the stressed
word instead of at the end. Brackets and quotes opened in a translation must be
closed again, unless the source is unbalanced in the same way.
"""

from __future__ import annotations

from polyglot_docs.checks.base import WARNING, Finding, UnitText, base_language
from polyglot_docs.checks.glossary import Glossary

# -- final punctuation ----------------------------------------------------------

_CLOSERS = "\"'»”’›)]}"
_MARKS = {".": "period", "…": "ellipsis", "?": "question", "!": "exclamation", ":": "colon", ";": "semicolon",
          "։": "period", "՞": "question", "՜": "exclamation"}


def _final_marks(text: str) -> str:
    """The run of punctuation and closing quotes a text ends with."""
    stripped = text.rstrip()
    end = len(stripped)
    while end and (stripped[end - 1] in _CLOSERS or stripped[end - 1] in _MARKS):
        end -= 1
    return stripped[end:]


def _final_class(text: str) -> str:
    marks = _final_marks(text.replace("...", "…"))
    for mark in reversed(marks):
        if mark in _MARKS:
            return _MARKS[mark]
    return "none"


def check_punctuation(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source, translation = unit.source_plain, unit.translation_plain
    expected = _final_class(source)
    lang = base_language(unit.target_lang)
    if lang == "hy":
        return _armenian_punctuation(expected, translation)
    found = _final_class(translation)
    if found == expected:
        return []
    return [Finding("punctuation", WARNING, f"the source ends with {_describe(expected)}, the translation with "
                                            f"{_describe(found)}")]


def _armenian_punctuation(expected: str, translation: str) -> list[Finding]:
    marks = _final_marks(translation)
    if expected == "period":
        if "։" in marks:
            return []
        if "." in marks or ":" in marks:
            return [Finding("punctuation", WARNING, "end the sentence with the Armenian full stop ։ (U+0589), "
                                                    "not a Latin period or colon")]
        return [Finding("punctuation", WARNING, "the source ends with a period; the translation has no ։")]
    if expected in ("question", "exclamation"):
        mark = "՞" if expected == "question" else "՜"
        if mark in translation:
            return []
        return [Finding("punctuation", WARNING, f"the source is a {expected}; Armenian marks it with {mark} "
                                                "on the stressed word")]
    if expected == "none" and ("։" in marks or "." in marks):
        return [Finding("punctuation", WARNING, "the source has no final punctuation, the translation has")]
    return []


def _describe(kind: str) -> str:
    return "no final punctuation" if kind == "none" else f"a {kind}"


# -- brackets --------------------------------------------------------------------

_PAIRS = [("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("„", "“"), ("“", "”"), ("‹", "›")]


def _unbalanced(text: str) -> list[str]:
    problems = []
    for opening, closing in _PAIRS:
        if opening not in text and closing not in text:
            continue
        if opening in "„“" and opening not in text:
            continue  # “ closes „ in Russian and opens “…” elsewhere: judge the pair by its opener
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth < 0:
                    break
        if depth != 0:
            problems.append(f"{opening}{closing}")
    if text.count('"') % 2:
        problems.append('""')
    return problems


def check_brackets(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source_problems = set(_unbalanced(unit.source_plain))
    return [Finding("brackets", WARNING, f"unbalanced {pair}") for pair in _unbalanced(unit.translation_plain)
            if pair not in source_problems]
