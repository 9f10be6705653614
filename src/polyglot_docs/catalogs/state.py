"""The state of a unit: the one place that decides whether it is translated, fuzzy, untranslated or invalid.

``status`` counts, ``check`` decides what to check, ``translate`` and the publishing gate decide
what to substitute and publish, and ``report`` colours its review pages, all from
:func:`unit_state`. Its catalog-only half, :func:`message_state`, is what ``msgfmt --statistics``
counts: an entry is translated when it has text and is not fuzzy, and a fuzzy entry with no text
is untranslated. Against the document, a translation is only finished when it was made for the
unit's current source text and carries the source's inline markup.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from polyglot_docs.catalogs.model import Message
from polyglot_docs.documents.inline import markup_problems


class UnitState(StrEnum):
    MISSING = "missing"  # the catalog has no entry for the unit
    UNTRANSLATED = "untranslated"  # an entry with no translation (fuzzy or not)
    FUZZY = "fuzzy"  # translated, waiting for review
    OUTDATED = "outdated"  # translated for another source text (the catalog is older than the document)
    INVALID = "invalid"  # translated for this source, but its inline markup is not the source's
    TRANSLATED = "translated"  # finished: publishable


# The extracted comment a memory proposal carries: where it came from and how close it is.
MEMORY_COMMENT = "memory: "


class StateOf(NamedTuple):
    state: UnitState
    problem: str | None = None  # what is wrong with an invalid translation


def message_state(message: Message | None) -> UnitState:
    """A catalog entry's state on its own, as ``msgfmt --statistics`` counts it."""
    if message is None:
        return UnitState.MISSING
    if not message.msgstr:
        return UnitState.UNTRANSLATED
    if message.fuzzy:
        return UnitState.FUZZY
    return UnitState.TRANSLATED


def memory_comment(message: Message) -> str | None:
    """The comment saying where a translation proposed by the memory came from, if it was one."""
    return next((c for c in message.extracted_comments if c.startswith(MEMORY_COMMENT)), None)


def proposed_by_memory(message: Message) -> bool:
    """A fuzzy translation the memory proposed, waiting for review (not one made for an older source)."""
    return message_state(message) is UnitState.FUZZY and memory_comment(message) is not None


def unit_state(message: Message | None, source: str | None) -> StateOf:
    """A unit's state, from its catalog entry and its current source text.

    ``source`` is None when the document has no such unit any more: a translation is then outdated.
    """
    state = message_state(message)
    if state is not UnitState.TRANSLATED or message is None:
        return StateOf(state)
    if source is None or message.msgid != source:
        return StateOf(UnitState.OUTDATED)
    problems = markup_problems(source, message.msgstr)
    if problems:
        return StateOf(UnitState.INVALID, "; ".join(problems))
    return StateOf(UnitState.TRANSLATED)
