"""Update a catalog from its template, anchored on unit ids, never on similarity.

This is the step msgmerge, pybabel and Weblate get wrong for documents: they
match a changed paragraph to whichever old paragraph reads most alike. Here the
msgctxt is the unit id and decides alone:

- same id, same text: the message keeps its translation and state;
- same id, new text: it keeps its own translation, turns fuzzy, and records the
  source the translation was made for as ``#| msgid``;
- id gone: the message becomes obsolete with its translation;
- id or exact text back: its translation comes back;
- new id: untranslated, unless the same text is translated in another catalog
  of the language, whose translation is then offered as fuzzy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from babel.messages.plurals import get_plural

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.state import UnitState, message_state


class TranslationMemory(Protocol):
    def get(self, msgid: str) -> str | None: ...


@dataclass
class MergeSummary:
    kept: int = 0
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    from_memory: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)


def merge_catalog(old: Catalog, template: Catalog, memory: TranslationMemory | None = None
                  ) -> tuple[Catalog, MergeSummary]:
    summary = MergeSummary()
    active = {m.msgctxt: m for m in old.messages}
    retired: dict[str | None, Message] = {}
    for message in old.obsolete:
        retired.setdefault(message.msgctxt, message)
    by_text: dict[str, Message] = {}
    for message in [*old.messages, *old.obsolete]:
        if message_state(message) is UnitState.TRANSLATED:
            by_text.setdefault(message.msgid, message)

    messages = []
    for entry in template.messages:
        message = Message(msgid=entry.msgid, msgctxt=entry.msgctxt,
                          extracted_comments=list(entry.extracted_comments), references=list(entry.references))
        previous = active.get(entry.msgctxt)
        if previous is None and entry.msgctxt in retired:
            _carry_over(message, retired[entry.msgctxt], summary)
            summary.revived.append(entry.msgctxt or "")
        elif previous is not None:
            _carry_over(message, previous, summary)
        elif entry.msgid in by_text:
            twin = by_text[entry.msgid]
            message.msgstr = twin.msgstr
            message.translator_comments = list(twin.translator_comments)
            summary.revived.append(entry.msgctxt or "")
        elif memory is not None and (remembered := memory.get(entry.msgid)) is not None:
            message.msgstr = remembered
            message.fuzzy = True
            summary.from_memory.append(entry.msgctxt or "")
        else:
            summary.added.append(entry.msgctxt or "")
        if not message.msgstr:
            message.fuzzy = False
            message.previous_msgid = None
        messages.append(message)

    merged = Catalog(header=old.header, header_comments=list(old.header_comments),
                     header_fuzzy=old.header_fuzzy, messages=messages, obsolete=_obsolete(old, messages, summary))
    creation = template.header_field("POT-Creation-Date")
    if creation is not None:
        merged.set_header_field("POT-Creation-Date", creation, after="Project-Id-Version")
    return merged, summary


def _carry_over(message: Message, previous: Message, summary: MergeSummary) -> None:
    """Give ``message`` (the template's entry) what the catalog had for the same id."""
    message.translator_comments = list(previous.translator_comments)
    message.no_wrap = previous.no_wrap
    message.msgstr = previous.msgstr
    if previous.msgid == message.msgid:
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


def _obsolete(old: Catalog, messages: list[Message], summary: MergeSummary) -> list[Message]:
    """Every translated entry whose id is gone, once per (id, text), as obsolete entries."""
    current = {m.msgctxt for m in messages}
    obsolete: list[Message] = []
    seen: set[tuple[str | None, str]] = set()
    for message in [*old.messages, *old.obsolete]:
        if message.msgctxt in current or not message.msgstr or message.key in seen:
            continue
        seen.add(message.key)
        if not message.obsolete:
            summary.obsoleted.append(message.msgctxt or "")
        obsolete.append(Message(
            msgid=message.msgid, msgstr=message.msgstr, msgctxt=message.msgctxt,
            translator_comments=list(message.translator_comments), fuzzy=message.fuzzy,
            no_wrap=message.no_wrap, previous_msgid=message.previous_msgid, obsolete=True))
    return obsolete


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
