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
    from polyglot_docs.catalogs.proposals import Proposal

    class Memory:  # the repository's memory holds finished translations only
        def propose(self, msgid: str) -> Proposal | None:
            return Proposal("ОДКБ", 100, "doc#org", "exact") if msgid == "CSTO" else None

    merged, summary = merge_catalog(catalog(), template(("org", "CSTO"), ("p1", "Fuzzy one."), ("p2", "CSTO.")),
                                    Memory())
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


def test_flags_other_tools_set_stay_with_the_unit_and_its_obsolete_entry() -> None:
    flags = ["c-format", "range: 0..9", "max-length:100"]
    old = catalog(Message(msgctxt="p1", msgid="One.", msgstr="Один.", flags=list(flags)),
                  Message(msgctxt="p2", msgid="Two.", msgstr="Два.", flags=["no-numbers-check"], no_wrap=True),
                  Message(msgctxt="p3", msgid="Three.", msgstr="Три.", flags=["python-format"]))
    merged, _ = merge_catalog(old, template(("p1", "One, edited."), ("p2", "Two.")))
    p1, p2 = merged.messages
    assert p1.flags == flags and p1.fuzzy
    assert p2.flags == ["no-numbers-check"] and p2.no_wrap
    assert [(m.msgctxt, m.flags) for m in merged.obsolete] == [("p3", ["python-format"])]
    back, _ = merge_catalog(merged, template(("p1", "One, edited."), ("p2", "Two."), ("p3", "Three.")))
    assert back.messages[2].flags == ["python-format"]


def test_an_obsolete_entry_beside_an_active_unit_is_kept_and_reported() -> None:
    old = catalog(Message(msgctxt="p1", msgid="New.", msgstr="Новый."),
                  obsolete=(Message(msgctxt="p1", msgid="Old.", msgstr="Старый.", obsolete=True, lineno=12),))
    merged, summary = merge_catalog(old, template(("p1", "New.")))
    assert merged.messages[0].msgstr == "Новый."
    assert [(m.msgctxt, m.msgid, m.msgstr) for m in merged.obsolete] == [("p1", "Old.", "Старый.")]
    assert [(b.msgctxt, b.line) for b in summary.beside_active] == [("p1", 12)]


def test_the_text_an_obsolete_entry_was_made_for_takes_it_back_and_nothing_is_lost() -> None:
    # The unit's text goes back to the one the obsolete entry translates: that translation is exact; the
    # active entry's translation (made for other text) becomes obsolete in its turn, beside the unit.
    old = catalog(Message(msgctxt="p1", msgid="New.", msgstr="Новый.", lineno=4),
                  obsolete=(Message(msgctxt="p1", msgid="Old.", msgstr="Старый.", obsolete=True),))
    merged, summary = merge_catalog(old, template(("p1", "Old.")))
    assert (merged.messages[0].msgstr, merged.messages[0].fuzzy) == ("Старый.", False)
    assert [(m.msgctxt, m.msgid, m.msgstr) for m in merged.obsolete] == [("p1", "New.", "Новый.")]
    assert summary.revived == ["p1"] and [(b.msgctxt, b.line) for b in summary.beside_active] == [("p1", 4)]


def test_a_catalog_without_a_header_gets_the_one_init_writes() -> None:
    merged, _ = merge_catalog(Catalog(), template(("p1", "One.")), lang="hy")
    assert merged.header_field("Language") == "hy" and merged.header_field("Language-Team") == "Armenian"
    assert merged.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert merged.header_field("POT-Creation-Date") == "2026-01-02 03:04+0000"
    assert merged.header_comments == ["Armenian translation of ."]


def test_a_deferred_proposal_fills_only_the_units_the_merge_asked_for() -> None:
    from polyglot_docs.catalogs.merge import propose_deferred
    from polyglot_docs.catalogs.proposals import Proposal

    class Deferring:  # the first pass: the near-match search waits for the batch
        asked: list[str] = []

        def propose(self, msgid: str) -> Proposal | None:
            self.asked.append(msgid)
            return None

    class Answered:
        def propose(self, msgid: str) -> Proposal | None:
            return Proposal("Министры встретились.", 90, "doc#p1", "fuzzy")

    # p1 was untranslated and is unchanged: not asked. p2 is new with the same text: asked.
    old = catalog(Message(msgctxt="p1", msgid="The ministers met."))
    merged, summary = merge_catalog(old, template(("p1", "The ministers met."), ("p2", "The ministers met.")),
                                    Deferring())
    assert Deferring.asked == ["The ministers met."]
    propose_deferred(merged, Answered(), {"The ministers met."}, summary)
    p1, p2 = merged.messages
    assert (p1.msgstr, p1.fuzzy, p2.msgstr, p2.fuzzy) == ("", False, "Министры встретились.", True)
    assert summary.from_memory == ["p2"] and summary.unanswered == []
