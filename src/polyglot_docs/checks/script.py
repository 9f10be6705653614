"""Script check: the letters of a translation belong to its language's alphabet.

Cyrillic and Latin letters look alike (``а``/``a``, ``о``/``o``, ``р``/``p``), so a
word typed with the wrong keyboard layout reads correctly but cannot be found,
sorted or hyphenated: a word that mixes scripts is an error. Russian,
Belarusian, Kazakh, Kyrgyz and Tajik share Cyrillic but not its letters (``ў``
is only Belarusian, ``ә`` only Kazakh), so letters outside the target
language's alphabet are reported, as are Cyrillic words in an Armenian
translation.
"""

from __future__ import annotations

import unicodedata

from polyglot_docs.checks.base import ERROR, LETTERS, WARNING, Finding, UnitText, base_language
from polyglot_docs.checks.glossary import Glossary

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
    lang = base_language(unit.target_lang)
    alphabet = ALPHABETS.get(lang)
    mixed: list[str] = []
    foreign: dict[str, list[str]] = {}
    cyrillic_in_armenian: list[str] = []
    for word in dict.fromkeys(LETTERS.findall(unit.translation_plain)):
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
