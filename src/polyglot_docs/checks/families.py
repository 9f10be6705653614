"""Checks on translated units: what an editor must see before publishing.

Each check looks at one unit, its source text (msgid) and its translation
(msgstr), and returns findings. They know these languages: numbers are read
in each locale's own notation (Babel), sentence-final punctuation follows each
language's rules (Russian «…»; the Armenian ։ ՞ ՜), letters are checked
against each alphabet, terms are matched with inflection.

A translator silences a check for one unit with a translator comment such as
``# no-numbers-check`` (the ``#, no-numbers-check`` flag is read too and kept as
that comment, since gettext's tools drop flags they do not know).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import get_decimal_symbol, get_group_symbol

from polyglot_docs.checks.glossary import Glossary, find, source_terms
from polyglot_docs.documents.inline import markup_problems

ERROR, WARNING, INFO = "error", "warning", "info"
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*/?>")


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class UnitText:
    """What the checks see of one unit."""

    unit_id: str
    source: str  # msgid, inline tags included
    translation: str  # msgstr
    source_lang: str
    target_lang: str
    terms: tuple[str, ...] = ()  # spans the source marks as terms (its:term, <term>)

    @property
    def source_plain(self) -> str:
        return plain(self.source)

    @property
    def translation_plain(self) -> str:
        return plain(self.translation)


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def silenced(comments: list[str]) -> set[str]:
    """Checks a translator switched off for a unit: ``no-<check>-check`` in a comment."""
    return {m for comment in comments for m in re.findall(r"\bno-([a-z]+)-check\b", comment)}


# -- markup ------------------------------------------------------------------


def check_markup(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    return [Finding("markup", ERROR, problem) for problem in markup_problems(unit.source, unit.translation)]


# -- numbers -----------------------------------------------------------------

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


# -- untranslated ----------------------------------------------------------------


def check_untranslated(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    source, translation = " ".join(unit.source_plain.split()), " ".join(unit.translation_plain.split())
    if source != translation:
        return []
    # Names, symbols, numbers and acronyms may legitimately stay as they are: only lower-case words count.
    prose = [w for w in re.findall(r"[^\W\d_]+", source) if w[:1].islower() and len(w) > 1]
    if len(prose) < 2:
        return []
    return [Finding("untranslated", WARNING, "translation is identical to the source")]


# -- whitespace -----------------------------------------------------------------


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


_REPEAT = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)


# -- punctuation ----------------------------------------------------------------

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
    lang = unit.target_lang.split("_")[0]
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


# -- script ---------------------------------------------------------------------

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ALPHABETS = {
    "ru": _RUSSIAN,
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "kk": _RUSSIAN + "әғқңөұүһі",
    "ky": _RUSSIAN + "ңөү",
    "tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
}
LOOKALIKES = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "k": "к", "h": "һ",
              "b": "в", "m": "м", "t": "т"}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "ARMENIAN"):
        if name.startswith(script):
            return script
    return "OTHER"


def check_script(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    lang = unit.target_lang.split("_")[0]
    alphabet = ALPHABETS.get(lang)
    mixed: list[str] = []
    foreign: dict[str, list[str]] = {}
    cyrillic_in_armenian: list[str] = []
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", unit.translation_plain)):
        scripts = {_script(c) for c in word} - {"OTHER"}
        if len(scripts) > 1:
            kinds = " and ".join(sorted(s.title() for s in scripts))
            latin = "".join(sorted({c for c in word if _script(c) == "LATIN"}))
            mixed.append(f"“{word}” mixes {kinds} letters ({latin})")
        elif alphabet and scripts == {"CYRILLIC"}:
            for letter in sorted({c for c in word.lower() if c not in alphabet}):
                foreign.setdefault(letter, []).append(word)
        elif lang == "hy" and scripts == {"CYRILLIC"}:
            cyrillic_in_armenian.append(word)
    findings = [Finding("script", ERROR, message) for message in mixed]
    if foreign:
        letters = ", ".join(f"{letter} (“{'”, “'.join(words[:3])}”{', …' if len(words) > 3 else ''})"
                            for letter, words in foreign.items())
        findings.append(Finding("script", WARNING, f"letters outside the {lang} alphabet: {letters}"))
    if cyrillic_in_armenian:
        findings.append(Finding("script", WARNING, "Cyrillic words in an Armenian translation: "
                                                   + ", ".join(f"“{w}”" for w in cyrillic_in_armenian[:5])))
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
    low, high = LENGTH_RANGE.get(unit.target_lang.split("_")[0], (0.6, 2.0))
    ratio = len(translation) / len(source)
    if low / 1.6 <= ratio <= high * 1.4:
        return []
    return [Finding("length", WARNING, f"translation is {ratio:.2f}× the source's length "
                                       f"(usual for {unit.source_lang}→{unit.target_lang}: {low}–{high})")]


# -- terminology ------------------------------------------------------------------


def check_terminology(unit: UnitText, glossary: Glossary | None) -> list[Finding]:
    findings = []
    if glossary is not None:
        for term in source_terms(glossary, unit.source_plain, unit.source_lang):
            if not any(find(target, unit.translation_plain, unit.target_lang) for target in term.targets):
                approved = " or ".join(f"“{t}”" for t in term.targets)
                findings.append(Finding("terminology", ERROR, f"“{term.source}” should be translated as {approved} "
                                                              f"({glossary.path}:{term.line})"))
    known = {t.source.lower() for t in glossary.terms} if glossary else set()
    for marked in unit.terms:
        if marked.lower() not in known:
            where = glossary.path if glossary else f"glossary/{unit.target_lang}.csv"
            findings.append(Finding("terminology", WARNING, f"term “{marked}” is marked in the source but has no "
                                                            f"approved translation in {where}"))
    return findings


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
}


def run_checks(unit: UnitText, glossary: Glossary | None, skip: set[str] = frozenset()) -> list[Finding]:
    findings = []
    for name, check in CHECKS.items():
        if name not in skip:
            findings.extend(check(unit, glossary))
    return findings
