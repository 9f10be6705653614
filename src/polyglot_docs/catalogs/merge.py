"""Update a catalog from its template, anchored on unit ids, never on similarity.

This is the step msgmerge, pybabel and Weblate get wrong for documents: they
match a changed paragraph to whichever old paragraph reads most alike. Here the
msgctxt is the unit id and decides alone:

- same id, same text: the message keeps its translation and state;
- same id, new text: it keeps its own translation, turns fuzzy, and records the
  source the translation was made for as ``#| msgid``;
- id gone: the message becomes obsolete with its translation;
- id or exact text back: its translation comes back (an obsolete entry with the
  unit's id and its new text before the active entry made for other text, which
  then becomes obsolete in its turn);
- new id, or a changed source with no translation: the same text's translation in
  this catalog if it has one; else what the translation memory proposes
  (:mod:`.proposals`), fuzzy, with an extracted comment saying where it came from,
  kept while the unit's source stays the same.

Translator comments and every flag (another tool's too) stay with the unit. An
obsolete entry with the id of a unit that is still there is kept, as msgcat and
msgmerge keep it, and reported in the summary. A catalog without a header gets
the one ``init`` writes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol

from babel import Locale
from babel.messages.plurals import get_plural

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.state import UnitState, memory_comment, message_state
from polyglot_docs.catalogs.templates import now_stamp


class Proposal(Protocol):
    @property
    def msgstr(self) -> str: ...

    @property
    def accepted(self) -> bool: ...  # comes in translated, not fuzzy

    @property
    def comment(self) -> str: ...


class TranslationMemory(Protocol):
    def propose(self, msgid: str) -> Proposal | None: ...


@dataclass(frozen=True)
class ObsoleteBeside:
    """An obsolete entry with the id of a unit that is in the document: kept, and reported."""

    msgctxt: str
    line: int  # where the entry stood in the catalog read (0: not read from a file)


@dataclass
class MergeSummary:
    kept: int = 0
    changed: list[str] = field(default_factory=list)  # translated units whose source changed: now fuzzy
    retexted: list[str] = field(default_factory=list)  # untranslated units whose source changed
    added: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    from_memory: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # new or changed units the memory had nothing for
    obsoleted: list[str] = field(default_factory=list)
    beside_active: list[ObsoleteBeside] = field(default_factory=list)


class _Sources:
    """What an old catalog offers the template's entries, and which of its entries were taken."""

    def __init__(self, old: Catalog):
        self.active = {m.msgctxt: m for m in old.messages}
        self.retired: dict[str | None, Message] = {}
        self.retired_exact: dict[tuple[str | None, str], Message] = {}
        for message in old.obsolete:
            self.retired.setdefault(message.msgctxt, message)
            if message.msgstr:
                self.retired_exact.setdefault(message.key, message)
        self.by_text: dict[str, Message] = {}
        for message in [*old.messages, *old.obsolete]:
            if message_state(message) is UnitState.TRANSLATED:
                self.by_text.setdefault(message.msgid, message)
        self.taken: set[int] = set()  # ids of the old entries whose translation an entry took over

    def same_id(self, entry: Message) -> tuple[Message | None, bool]:
        """The old entry with ``entry``'s id whose translation it takes, and whether that entry was obsolete.

        An obsolete entry with the same id and text is taken before an active entry with other text:
        its translation was made for this text (the active one then becomes obsolete, so nothing is lost).
        """
        previous = self.active.get(entry.msgctxt)
        exact = self.retired_exact.get(entry.key)
        if exact is not None and (previous is None or previous.msgid != entry.msgid):
            return exact, True
        if previous is not None:
            return previous, False
        retired = self.retired.get(entry.msgctxt)
        return retired, retired is not None


def merge_catalog(old: Catalog, template: Catalog, memory: TranslationMemory | None = None, *,
                  lang: str | None = None) -> tuple[Catalog, MergeSummary]:
    """``old`` brought up to date with ``template``.

    ``lang`` gives a catalog without a header (an empty file, say) the header ``init`` writes.
    """
    summary = MergeSummary()
    sources = _Sources(old)
    messages = [_merged(entry, sources, memory, summary) for entry in template.messages]
    merged = Catalog(header=old.header, header_comments=list(old.header_comments),
                     header_fuzzy=old.header_fuzzy, messages=messages,
                     obsolete=_obsolete(old, messages, sources.taken, summary))
    if not old.header and lang is not None:
        fresh = new_catalog(template, lang, _language_name(lang), now_stamp())
        merged.header, merged.header_comments = fresh.header, fresh.header_comments
    creation = template.header_field("POT-Creation-Date")
    if creation is not None:
        merged.set_header_field("POT-Creation-Date", creation, after="Project-Id-Version")
    return merged, summary


def _merged(entry: Message, sources: _Sources, memory: TranslationMemory | None, summary: MergeSummary) -> Message:
    """The template's ``entry`` with what the old catalog (or the memory) has for it."""
    message = Message(msgid=entry.msgid, msgctxt=entry.msgctxt,
                      extracted_comments=list(entry.extracted_comments), references=list(entry.references))
    previous, was_obsolete = sources.same_id(entry)
    if previous is not None:
        sources.taken.add(id(previous))
        _carry_over(message, previous, summary)
        if was_obsolete:
            summary.revived.append(entry.msgctxt or "")
        elif not previous.msgstr and previous.msgid != entry.msgid:
            summary.retexted.append(entry.msgctxt or "")
    elif entry.msgid in sources.by_text:
        twin = sources.by_text[entry.msgid]
        message.msgstr = twin.msgstr
        message.translator_comments = list(twin.translator_comments)
        message.flags = list(twin.flags)
        summary.revived.append(entry.msgctxt or "")
    else:
        summary.added.append(entry.msgctxt or "")
    if not message.msgstr and memory is not None and (previous is None or previous.msgid != entry.msgid):
        _propose(message, memory, summary)
    if not message.msgstr:
        message.fuzzy = False
        message.previous_msgid = None
    return message


def propose_deferred(merged: Catalog, memory: TranslationMemory, deferred: Collection[str],
                     summary: MergeSummary) -> None:
    """Fill the units of ``merged`` whose proposal waited for ``memory``'s batched search (``deferred``
    msgids), as :func:`merge_catalog` would have with every answer ready: a catalog is not merged twice.

    Only units the merge asked for: an old untranslated unit with the same text as a new one was never
    asked, whichever batch the search ran in."""
    asked, summary.unanswered = set(summary.unanswered), []
    for message in merged.messages:
        if (message.msgctxt or "") not in asked or message.msgstr:
            continue
        if message.msgid in deferred:
            _propose(message, memory, summary)
        else:
            summary.unanswered.append(message.msgctxt or "")
    position = {message.msgctxt: i for i, message in enumerate(merged.messages)}
    summary.from_memory.sort(key=lambda ctxt: position.get(ctxt, -1))  # in catalog order, as one merge gives


def _propose(message: Message, memory: TranslationMemory, summary: MergeSummary) -> None:
    """Fill a new or changed unit without translation with what the memory proposes, if anything."""
    proposal = memory.propose(message.msgid)
    if proposal is None:
        summary.unanswered.append(message.msgctxt or "")
        return
    message.msgstr = proposal.msgstr
    message.fuzzy = not proposal.accepted
    message.previous_msgid = None
    message.extracted_comments.append(proposal.comment)
    summary.from_memory.append(message.msgctxt or "")


def _carry_over(message: Message, previous: Message, summary: MergeSummary) -> None:
    """Give ``message`` (the template's entry) what the catalog had for the same id."""
    message.translator_comments = list(previous.translator_comments)
    message.no_wrap = previous.no_wrap
    message.flags = list(previous.flags)  # another tool's flags (Weblate's max-length:100) stay with the unit
    message.msgstr = previous.msgstr
    if previous.msgid == message.msgid:
        origin = memory_comment(previous)  # where a proposal came from, while its source stays the same
        if origin is not None and previous.msgstr and origin not in message.extracted_comments:
            message.extracted_comments.append(origin)
        message.fuzzy = previous.fuzzy
        message.previous_msgid = previous.previous_msgid if previous.fuzzy else None
        summary.kept += 1
    elif previous.msgstr:
        # The translation was made for the older source if it was already fuzzy.
        origin = previous.previous_msgid if previous.fuzzy and previous.previous_msgid else previous.msgid
        if origin == message.msgid:
            message.fuzzy = False  # the source is back to the text the translation was made for
            summary.kept += 1
        else:
            message.fuzzy = True
            message.previous_msgid = origin
            summary.changed.append(message.msgctxt or "")


def _obsolete(old: Catalog, messages: list[Message], taken: set[int], summary: MergeSummary) -> list[Message]:
    """Every translated entry no unit took over, once per (id, text), as obsolete entries.

    One whose id is a unit's still (another text's translation, say) is kept, as msgcat and msgmerge
    keep it, and reported; one with a unit's id and text too cannot be (gettext refuses an entry
    defined twice), but then the unit took it over.
    """
    current = {m.msgctxt for m in messages}
    active = {m.key for m in messages}
    obsolete: list[Message] = []
    seen: set[tuple[str | None, str]] = set()
    for message in [*old.messages, *old.obsolete]:
        if id(message) in taken or not message.msgstr or message.key in seen or message.key in active:
            continue
        seen.add(message.key)
        if message.msgctxt in current:
            summary.beside_active.append(ObsoleteBeside(message.msgctxt or "", message.lineno))
        elif not message.obsolete:
            summary.obsoleted.append(message.msgctxt or "")
        origin = memory_comment(message)  # a proposal keeps saying where it came from, should it come back
        obsolete.append(Message(
            msgid=message.msgid, msgstr=message.msgstr, msgctxt=message.msgctxt,
            translator_comments=list(message.translator_comments), extracted_comments=[origin] if origin else [],
            fuzzy=message.fuzzy,
            no_wrap=message.no_wrap, flags=list(message.flags), previous_msgid=message.previous_msgid,
            obsolete=True))
    return obsolete


def _language_name(lang: str) -> str:
    locale = Locale.parse(lang)
    return locale.english_name or str(locale)


def new_catalog(template: Catalog, lang: str, language_name: str, revision_date: str) -> Catalog:
    """A fresh catalog for ``lang``: the template's messages, a translator's header."""
    nplurals, expression = get_plural(lang)
    header = (
        f"Project-Id-Version: {template.header_field('Project-Id-Version') or ''}\n"
        f"POT-Creation-Date: {template.header_field('POT-Creation-Date') or revision_date}\n"
        f"PO-Revision-Date: {revision_date}\n"
        "Last-Translator: \n"
        f"Language-Team: {language_name}\n"
        f"Language: {lang}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: nplurals={nplurals}; plural={expression};\n"
    )
    doc_id = template.header_field("Project-Id-Version") or ""
    catalog = Catalog(header=header, header_comments=[f"{language_name} translation of {doc_id}."])
    catalog.messages = [
        Message(msgid=m.msgid, msgctxt=m.msgctxt, extracted_comments=list(m.extracted_comments),
                references=list(m.references))
        for m in template.messages
    ]
    return catalog


def what_changed(previous: Catalog, merged: Catalog) -> str:
    """Why a catalog whose units did not change is written: its header, its comments, or only its layout."""
    if [_entry(m) for m in previous.messages] != [_entry(m) for m in merged.messages]:
        return "comments, references or flags updated"  # an author's note, say (the header's date follows)
    old_fields = dict(_header_fields(previous))
    fields = [name for name, value in _header_fields(merged) if old_fields.get(name) != value]
    if fields or len(old_fields) != len(_header_fields(merged)):
        return f"header updated ({', '.join(fields) or 'fields removed'})"
    return "rewritten (wrapping only)"


def _header_fields(catalog: Catalog) -> list[tuple[str, str | None]]:
    return [(line.split(":", 1)[0], line.split(":", 1)[1].strip() if ":" in line else None)
            for line in catalog.header.split("\n") if line]


def _entry(message: Message) -> tuple[object, ...]:
    return (message.msgctxt, message.msgid, message.msgstr, message.extracted_comments, message.references,
            message.translator_comments, message.flags, message.fuzzy)
