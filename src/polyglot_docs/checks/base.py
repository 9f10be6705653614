"""What every check shares: severities, findings, the unit as the checks see it, and silencing.

Each check looks at one unit, its source text (msgid) and its translation
(msgstr), with and without inline tags, and returns findings. A translator
silences a check for one unit with a translator comment such as
``# no-numbers-check`` or with the flag ``#, no-numbers-check`` (kept a flag:
the PO reader and writer keep flags gettext does not know).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*/?>")
LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters: a word without digits or underscores


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


def base_language(lang: str) -> str:
    """The language of a locale code: ``hy`` for ``hy_AM``."""
    return lang.split("_")[0]


def silenced(comments: Iterable[str], flags: Iterable[str] = ()) -> set[str]:
    """Checks a translator switched off for a unit: ``no-<check>-check`` in a comment, or as a flag."""
    found = {m for comment in comments for m in re.findall(r"\bno-([a-z]+)-check\b", comment)}
    return found | {m.group(1) for flag in flags if (m := re.fullmatch(r"no-([a-z]+)-check", flag))}
