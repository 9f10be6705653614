"""The id-anchored merge, on the catalog model alone."""

from __future__ import annotations

from polyglot_docs.catalogs.merge import merge_catalog
from polyglot_docs.catalogs.model import Catalog, Message


def template(*units: tuple[str, str]) -> Catalog:
    return Catalog(header="POT-Creation-Date: 2026-01-02 03:04+0000\n",
                   messages=[Message(msgctxt=i, msgid=t, extracted_comments=["Paragraph"]) for i, t in units])


def catalog(*entries: Message, obsolete: tuple[Message, ...] = ()) -> Catalog:
    return Catalog(header="Project-Id-Version: d\nPOT-Creation-Date: old\nLanguage: ru\n",
                   messages=list(entries), obsolete=list(obsolete))


def test_unchanged_changed_deleted() -> None:
    old = catalog(Message(msgctxt="p1", msgid="One.", msgstr="Один.", translator_comments=["checked"]),
                  Message(msgctxt="p2", msgid="Two.", msgstr="Два."),
                  Message(msgctxt="p3", msgid="Three.", msgstr="Три."))
    merged, summary = merge_catalog(old, template(("p1", "One."), ("p2", "Two, edited.")))
    p1, p2 = merged.messages
    assert (p1.msgstr, p1.fuzzy, p1.translator_comments) == ("Один.", False, ["checked"])
    assert (p2.msgstr, p2.fuzzy, p2.previous_msgid) == ("Два.", True, "Two.")
    assert [(m.msgctxt, m.msgstr, m.obsolete) for m in merged.obsolete] == [("p3", "Три.", True)]
    assert summary.changed == ["p2"] and summary.obsoleted == ["p3"]
    assert merged.header_field("POT-Creation-Date") == "2026-01-02 03:04+0000"
    assert merged.header_field("Language") == "ru"


def test_second_edit_keeps_the_source_the_translation_was_made_for() -> None:
    old = catalog(Message(msgctxt="p1", msgid="Edited once.", msgstr="Перевод.", fuzzy=True,
                          previous_msgid="Original."))
    merged, _ = merge_catalog(old, template(("p1", "Edited twice.")))
    assert merged.messages[0].previous_msgid == "Original."


def test_exact_text_under_a_new_id_comes_back() -> None:
    old = catalog(Message(msgctxt="p1", msgid="Kept.", msgstr="Сохранено."),
                  obsolete=(Message(msgctxt="p7", msgid="Returning text.", msgstr="Возвращённый текст.",
                                    obsolete=True),))
    merged, summary = merge_catalog(old, template(("p1", "Kept."), ("p9", "Returning text.")))
    assert merged.messages[1].msgstr == "Возвращённый текст." and not merged.messages[1].fuzzy
    assert summary.revived == ["p9"]
    assert merged.obsolete[0].msgctxt == "p7"  # the old entry stays: nothing is dropped


def test_fuzzy_or_empty_entries() -> None:
    old = catalog(Message(msgctxt="p1", msgid="A.", msgstr=""), Message(msgctxt="p2", msgid="B.", msgstr=""))
    merged, _ = merge_catalog(old, template(("p1", "A, edited.")))
    assert not merged.messages[0].fuzzy and merged.messages[0].previous_msgid is None
    assert merged.obsolete == []  # nothing to keep for an untranslated unit


def test_translation_memory_is_fuzzy_and_exact() -> None:
    memory = {"CSTO": "ОДКБ"}  # the repository's memory holds finished translations only
    merged, summary = merge_catalog(catalog(), template(("org", "CSTO"), ("p1", "Fuzzy one."), ("p2", "CSTO.")),
                                    memory)
    org, p1, p2 = merged.messages
    assert (org.msgstr, org.fuzzy) == ("ОДКБ", True)
    assert p1.msgstr == "" and p2.msgstr == ""
    assert summary.from_memory == ["org"]


def test_deleted_twice_keeps_one_obsolete_entry() -> None:
    gone = Message(msgctxt="p2", msgid="Two.", msgstr="Два.", obsolete=True)
    old = catalog(Message(msgctxt="p1", msgid="One.", msgstr="Один."), obsolete=(gone,))
    merged, _ = merge_catalog(old, template(("p1", "One.")))
    again, _ = merge_catalog(merged, template(("p1", "One.")))
    assert [(m.msgctxt, m.msgid) for m in again.obsolete] == [("p2", "Two.")]


def test_source_back_to_the_text_the_translation_was_made_for_is_not_fuzzy() -> None:
    old = catalog(Message(msgctxt="p1", msgid="Edited.", msgstr="Перевод.", fuzzy=True, previous_msgid="Original."))
    merged, summary = merge_catalog(old, template(("p1", "Original.")))
    assert not merged.messages[0].fuzzy and merged.messages[0].previous_msgid is None
    assert summary.changed == []
