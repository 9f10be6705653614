"""PO reading and writing, with GNU gettext's msgcat as the oracle for every byte."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from random import Random
from typing import Any, get_type_hints

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import gettext_tool
from polyglot_docs.catalogs.model import Catalog, Message, gettext_flag_rank
from polyglot_docs.catalogs.po import read_po, write_po
from polyglot_docs.catalogs.po.snapshot import catalog_from_snapshot, snapshot_of_read, snapshot_of_written
from polyglot_docs.catalogs.po.writer import FINGERPRINT_FIELDS, NOT_WRITTEN, fingerprint, write_po_blocks
from polyglot_docs.core.errors import CatalogError
from test_po_gettext import without_foreign_flags

EXAMPLES = int(os.environ.get("POLYGLOT_FUZZ_EXAMPLES", "100"))

# Pieces that exercise gettext's wrapping: Cyrillic, Armenian, CJK, long URLs,
# escapes, quotes, no-break and narrow no-break spaces, punctuation.
PIECES = [
    "Организация", "Договора", "о", "коллективной", "безопасности", "Генеральный", "секретарь", "ОДКБ",
    "Հավաքական", "անվտանգության", "պայմանագրի", "կազմակերպություն։", "Ұжымдық", "қауіпсіздік", "шарт",
    "ұйымы", "the", "Collective", "Security", "Treaty", "Organization", "and", "of", "in", "a",
    "https://en.odkb-csto.org/news/news_odkb/v-bishkeke-sostoyalas-mezhdunarodnaya-konferentsiya/",
    "http://example.com/a/b?c=d&e=f", "\n", "\t", '"quoted"', "«ёлочки»", "back\\slash", "—", "–", "-",
    "3,5", "1\u00a0500", "1\u202f500", "19.05.2021", "(brackets)", "[x]", "end.", "?", "!", ":", ";",
    "<em>", "</em>", "<a1>", "</a1>", "<x1/>", "&amp;", "中文字符", "日本語", "\r", "\a", "\v", "\f", "\b",
    "x" * 85, "слово-через-дефис", "state-of-the-art", "%", "%s", "{0}", "…",
]
texts = st.lists(st.sampled_from(PIECES), max_size=45).map(" ".join) | st.lists(
    st.sampled_from(PIECES), max_size=30).map("".join) | st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\0\x04"), max_size=120)
comment_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\0"),
                       max_size=60)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
# Flags other tools set: gettext's own (at most one per format language, msgcat keeps the last) and
# foreign ones, which msgcat drops and the writer keeps (the comparison with msgcat leaves them out).
GETTEXT_FLAGS = ["c-format", "no-c-format", "python-format", "no-python-format", "python-brace-format",
                 "qt-format", "java-printf-format", "ycp-format", "range: 0..9", "range: 1..100"]
FOREIGN_FLAGS = ["max-length:100", "no-numbers-check", 'placeholders:"%s"', "font-family:Noto Sans",
                 "unknown-flag", "no-ellipsis-unicode-check", "range:3..7"]
flag_lists = st.tuples(st.lists(st.sampled_from(GETTEXT_FLAGS), max_size=3, unique_by=gettext_flag_rank),
                       st.lists(st.sampled_from(FOREIGN_FLAGS), max_size=2, unique=True)).flatmap(
    lambda pair: st.permutations(pair[0] + pair[1]))
# msgcat drops every leading "./" of a reference.
references = st.from_regex(r"(\./){0,2}documents/[a-z0-9-]{1,40}\.xml", fullmatch=True)


@st.composite
def messages(draw: st.DrawFn, obsolete: bool = False) -> Message:
    msgstr = draw(texts)
    return Message(
        msgid=draw(texts.filter(bool)),
        msgstr=msgstr,
        msgctxt=draw(ids),
        translator_comments=draw(st.lists(comment_text, max_size=2)),
        extracted_comments=[] if obsolete else draw(st.lists(comment_text, max_size=2)),
        references=[] if obsolete else draw(st.lists(references, max_size=3)),
        fuzzy=draw(st.booleans()),
        no_wrap=draw(st.booleans()) and draw(st.booleans()),
        flags=draw(st.just([]) | flag_lists),
        previous_msgid=draw(st.none() | texts.filter(bool)),
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    # A document has at least a title, so a catalog is never empty (msgcat prints nothing for one).
    active = draw(st.lists(messages(), min_size=1, max_size=8, unique_by=lambda m: m.msgctxt))
    retired = draw(st.lists(messages(obsolete=True), max_size=3, unique_by=lambda m: m.msgctxt))
    retired = [m for m in retired if m.msgctxt not in {a.msgctxt for a in active}]
    header = "Project-Id-Version: doc\nLanguage: ru\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    header += draw(st.sampled_from(["", "Plural-Forms: nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : "
                                        "n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;\n"]))
    return Catalog(header=header, header_comments=draw(st.lists(comment_text, max_size=2)),
                   messages=active, obsolete=retired)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_writer_output_is_what_msgcat_prints(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> None:
    path = tmp_path_factory.mktemp("po") / "catalog.po"
    data = write_po(catalog)
    path.write_bytes(data)
    printed = gettext_tool("msgcat", path)
    assert printed.returncode == 0, printed.stderr.decode()
    # Byte for byte, but for the flags gettext does not know, which msgcat drops and the writer keeps.
    assert printed.stdout.decode() == without_foreign_flags(data).decode()


@settings(max_examples=EXAMPLES, deadline=None)
@given(catalogs())
def test_read_write_round_trip(catalog: Catalog) -> None:
    data = write_po(catalog)
    again = read_po(data)
    assert write_po(again) == data
    for before, after in zip(catalog.messages, again.messages, strict=True):
        assert (after.msgctxt, after.msgid, after.msgstr) == (before.msgctxt, before.msgid, before.msgstr)
        assert after.fuzzy == (before.fuzzy and bool(before.msgstr))
        assert sorted(after.flags) == sorted(before.flags)


def test_polib_reads_what_we_write(tmp_path: Path) -> None:
    catalog = Catalog(header="Content-Type: text/plain; charset=UTF-8\n", messages=[
        Message(msgctxt="p1", msgid="Secretary General\tof the \"CSTO\"", msgstr="Генеральный секретарь ОДКБ",
                fuzzy=True, previous_msgid="Secretary-General"),
    ])
    path = tmp_path / "x.po"
    path.write_bytes(write_po(catalog))
    entry = polib.pofile(str(path))[0]
    assert (entry.msgctxt, entry.msgid, entry.msgstr) == ("p1", "Secretary General\tof the \"CSTO\"",
                                                          "Генеральный секретарь ОДКБ")
    assert entry.fuzzy and entry.previous_msgid == "Secretary-General"


def test_gettext_conventions() -> None:
    catalog = Catalog(header="Content-Type: text/plain; charset=UTF-8\n", messages=[
        Message(msgctxt="p1", msgid="untranslated but fuzzy", fuzzy=True),
    ], obsolete=[Message(msgctxt="p9", msgid="gone, untranslated", obsolete=True)])
    text = write_po(catalog).decode()
    assert "#, fuzzy" not in text  # gettext drops the flag from an entry with no translation
    assert "p9" not in text  # and an obsolete entry with no translation


@pytest.mark.parametrize(("source", "message", "line"), [
    ('msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x\nmsgstr ""\n', "unterminated string", 5),
    ('msgctxt "a"\nmsgid "x\\q"\nmsgstr ""\n', "invalid escape sequence '\\q'", 2),
    ('msgctxt "a"\nmsgid "x"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n', "duplicate entry", 5),
    ('msgctxt "a"\nmsgid "x"\nmsgid_plural "xs"\nmsgstr[0] ""\n', "plural entries are not allowed", 3),
    ('msgctxt "a"\nmsgid "x"\n\nmsgctxt "b"\nmsgid "y"\nmsgstr ""\n', "entry has no msgstr", 2),
    ('msgctxt "a"\nmsgid "x" "y"\nmsgstr ""\n', "unescaped double quote", 2),
    ('msgctxt "a"\nmsgid "x"\nmsgstr ""\n"dangling\n', "unterminated string", 4),
    ('hello\n', "syntax error", 1),
])
def test_reader_errors_name_the_line(source: str, message: str, line: int) -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(source.encode(), "x.po")
    assert message in caught.value.message
    assert caught.value.line == line
    assert str(caught.value).startswith(f"x.po:{line}: ")


def test_reader_charsets() -> None:
    declared = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=CP1251\\n"\n\n'
                'msgctxt "a"\nmsgid "Secretary"\nmsgstr "Секретарь"\n').encode("cp1251")
    assert read_po(declared).messages[0].msgstr == "Секретарь"
    undeclared = 'msgctxt "a"\nmsgid "Secretary"\nmsgstr "Секретарь"\n'.encode("cp1251")
    with pytest.raises(CatalogError, match="not UTF-8 and its header declares no charset"):
        read_po(undeclared)


def test_reader_keeps_previous_and_obsolete() -> None:
    source = (
        '# translator note\n#. Paragraph\n#: documents/a.xml\n#, fuzzy, no-wrap\n#| msgid "old"\n'
        'msgctxt "p1"\nmsgid "new"\nmsgstr "новый"\n\n'
        '#~ msgctxt "p2"\n#~ msgid ""\n#~ "gone"\n#~ msgstr "ушёл"\n'
    )
    catalog = read_po(source.encode())
    message = catalog.messages[0]
    assert message.translator_comments == ["translator note"]
    assert message.extracted_comments == ["Paragraph"]
    assert message.references == ["documents/a.xml"]
    assert message.fuzzy and message.no_wrap and message.previous_msgid == "old"
    assert message.msgstr_lineno == 8
    assert catalog.obsolete[0].msgid == "gone" and catalog.obsolete[0].msgstr == "ушёл"


@settings(max_examples=EXAMPLES, deadline=None)
@given(catalogs())
def test_snapshot_of_a_written_catalog_is_what_reading_it_back_gives(catalog: Catalog) -> None:
    blocks = write_po_blocks(catalog)
    data = b"\n".join(blocks)
    assert data == write_po(catalog)
    written = snapshot_of_written(catalog, blocks, "d")
    assert written is not None
    assert catalog_from_snapshot(written, data)[0] == read_po(data)
    assert catalog_from_snapshot(snapshot_of_read(read_po(data), "d"), data)[0] == read_po(data)


@settings(max_examples=EXAMPLES, deadline=None)
@given(catalogs(), catalogs(), st.randoms(use_true_random=False))
def test_entries_copied_from_a_snapshot_are_what_the_writer_prints(before: Catalog, after: Catalog,
                                                                   random: Random) -> None:
    # The new catalog shares some entries with the old one, some of them edited.
    shared = random.sample(before.messages, k=random.randint(0, len(before.messages)))
    for message in shared:
        if random.random() < 0.3:
            message.msgstr += " ~"
    after.messages = [m for m in after.messages if m.msgctxt not in {s.msgctxt for s in shared}] + shared
    # A catalog never holds an obsolete entry that repeats an active one (the reader refuses it, as msgcat does).
    after.obsolete = [m for m in after.obsolete if m.key not in {a.key for a in after.messages}]
    blocks = write_po_blocks(before)
    old = b"\n".join(blocks)
    snapshot = snapshot_of_written(before, blocks, "d")
    assert snapshot is not None
    _, known = catalog_from_snapshot(snapshot, old)
    blocks = write_po_blocks(after, known)
    data = b"\n".join(blocks)
    assert data == write_po(after)
    # The snapshot of the new file takes the rows of the entries it copied: still what reading gives.
    again = snapshot_of_written(after, blocks, "d", known)
    assert again is not None
    assert catalog_from_snapshot(again, data)[0] == read_po(data)


# New values for a field of Message, by the field's type; hypothesis draws a type not listed from the type itself.
_NEW_VALUES: dict[object, st.SearchStrategy[Any]] = {
    str: texts, str | None: st.none() | texts, list[str]: st.lists(comment_text, max_size=3),
    bool: st.booleans(), int: st.integers(min_value=0, max_value=10_000),
}


_FIELD_TYPES = get_type_hints(Message)


def _another_value(field: dataclasses.Field[Any], old: object) -> st.SearchStrategy[Any]:
    hint = _FIELD_TYPES[field.name]
    values = _NEW_VALUES[hint] if hint in _NEW_VALUES else st.from_type(hint)
    return values.filter(lambda value: value != old)


@settings(max_examples=EXAMPLES, deadline=None)
@given(catalogs(), st.data())
def test_an_entry_with_any_field_changed_is_written_as_a_cold_write_would(catalog: Catalog,
                                                                          data: st.DataObject) -> None:
    # As update does: write the catalog, snapshot what was written, then read the catalog and the
    # entries write_po may copy back from the snapshot. Then change one field of one entry, for every
    # field of Message in turn (a field added to Message is changed too).
    blocks = write_po_blocks(catalog)
    written = b"\n".join(blocks)
    snapshot = snapshot_of_written(catalog, blocks, "d")
    assert snapshot is not None
    for field in dataclasses.fields(Message):
        changed, known = catalog_from_snapshot(snapshot, written)
        message = data.draw(st.sampled_from(changed.messages + changed.obsolete), label="entry")
        setattr(message, field.name, data.draw(_another_value(field, getattr(message, field.name)),
                                               label=field.name))
        assert write_po(changed, known) == write_po(changed), f"a changed {field.name} was not written"


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "~"
    if isinstance(value, list):
        return [*value, "~"]
    if value is None:
        return "~"
    raise AssertionError(f"no change written for a {type(value).__name__}: add one")


def test_every_field_of_a_message_is_in_the_fingerprint_or_not_written() -> None:
    names = {field.name for field in dataclasses.fields(Message)}
    assert set(FINGERPRINT_FIELDS) | NOT_WRITTEN == names and not set(FINGERPRINT_FIELDS) & NOT_WRITTEN
    base = Message(msgid="Secretary General", msgstr="Генеральный секретарь", msgctxt="p1")  # fuzzy shows
    header = "Content-Type: text/plain; charset=UTF-8\n"
    for name in sorted(names):
        changed = dataclasses.replace(base, **{name: _changed(getattr(base, name))})
        if name in NOT_WRITTEN:  # excluded only if the text really does not depend on it
            assert fingerprint(changed, False) == fingerprint(base, False), name
            assert write_po(Catalog(header=header, messages=[changed])) == write_po(
                Catalog(header=header, messages=[base])), name
        else:
            assert fingerprint(changed, False) != fingerprint(base, False), name
