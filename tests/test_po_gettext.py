"""Every byte of a catalog read as GNU gettext reads it, with msgcat, msgfmt and msgmerge as the oracles.

Lone CR line ends, octal and hex escapes, flags other tools set, ``./`` in references, catalogs without a
header, obsolete entries beside an active one with the same id: what gettext does with each is checked
here against the installed tools, then what polyglot-docs does with it.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_gettext_canonical, gettext_tool
from polyglot_docs.catalogs.merge import merge_catalog
from polyglot_docs.catalogs.model import Catalog, Message, gettext_flag_rank
from polyglot_docs.catalogs.po import read_po, read_po_file, write_po
from polyglot_docs.checks.base import silenced
from polyglot_docs.core.errors import CatalogError

EXAMPLES = int(os.environ.get("POLYGLOT_FUZZ_EXAMPLES", "100"))
RU = "locales/ru/LC_MESSAGES/statement.po"
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def msgcat(tmp_path: Path, data: bytes) -> bytes:
    path = tmp_path / "oracle.po"
    path.write_bytes(data)
    printed = gettext_tool("msgcat", path)
    assert printed.returncode == 0, printed.stderr.decode()
    return printed.stdout


def entry(body: str, comments: str = "", msgid: str = "x") -> bytes:
    return (HEADER + comments + f'msgctxt "p1"\nmsgid "{msgid}"\nmsgstr "{body}"\n').encode()


def without_foreign_flags(data: bytes) -> bytes:
    """``data`` with the flags gettext does not know taken out of its "#," lines: what msgcat prints of it."""
    lines = []
    for line in data.decode("utf-8").split("\n"):
        if line.startswith("#, "):
            known = [flag for flag in line[3:].split(", ")
                     if flag in ("fuzzy", "no-wrap") or gettext_flag_rank(flag) is not None]
            if not known:
                continue
            line = "#, " + ", ".join(known)
        lines.append(line)
    return "\n".join(lines).encode("utf-8")


def assert_canonical_but_foreign_flags(path: Path) -> None:
    """msgcat prints the file byte for byte but for the foreign flags it drops, and msgfmt --check accepts it."""
    printed = gettext_tool("msgcat", path)
    assert printed.returncode == 0, printed.stderr.decode()
    assert printed.stdout == without_foreign_flags(path.read_bytes()), f"msgcat reformats {path}"
    checked = gettext_tool("msgfmt", "--check", "-o", "/dev/null", path)
    assert checked.returncode == 0, checked.stderr.decode()


# -- lone CR line ends ---------------------------------------------------------------------------------

CR_CATALOG = (HEADER + '# A note\nmsgctxt "p1"\nmsgid "Hello"\nmsgstr "Привет"\n\n'
              'msgctxt "p2"\nmsgid "World"\nmsgstr "Мир"\n').encode()


def test_gettext_does_not_read_a_lone_cr_as_a_line_end(tmp_path: Path) -> None:
    # gettext's lexer takes CR for white space: after the first comment the rest of the file is that
    # comment, and msgcat prints no entry at all. Reading CR as gettext does would lose every entry.
    printed = msgcat(tmp_path, CR_CATALOG.replace(b"\n", b"\r"))
    assert b"msgctxt" not in printed and "Привет".encode() not in printed


@pytest.mark.parametrize(("data", "line"), [
    (CR_CATALOG.replace(b"\n", b"\r"), 1),
    (CR_CATALOG.replace(b'msgstr "\xd0\x9f', b'msgstr\r"\xd0\x9f'), 7),  # a CR between keyword and string
    (CR_CATALOG.replace(b"# A note\n", b"# A note\rmsgctxt\n"), 4),
])
def test_a_lone_cr_is_refused_naming_its_line(data: bytes, line: int) -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(data, "x.po")
    assert caught.value.line == line and "carriage return" in caught.value.message
    assert str(caught.value).startswith(f"x.po:{line}: ")


def test_crlf_line_ends_and_a_cr_inside_a_string_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    crlf = CR_CATALOG.replace(b"\n", b"\r\n")
    assert [m.msgstr for m in read_po(crlf).messages] == ["Привет", "Мир"]
    raw = entry("a\rb")  # a raw CR in a string is a character of the string, for gettext too
    assert read_po(raw).messages[0].msgstr == "a\rb"
    assert write_po(read_po(raw)) == msgcat(tmp_path, raw)


def test_a_comment_holding_a_cr_is_written_as_lines_the_reader_reads(tmp_path: Path) -> None:
    catalog = Catalog(header="Content-Type: text/plain; charset=UTF-8\n", messages=[
        Message("x", "y", "p1", translator_comments=["one\rtwo\r\nthree"], extracted_comments=["a\rb"])])
    data = write_po(catalog)
    assert b"\r" not in data and msgcat(tmp_path, data) == data
    assert read_po(data).messages[0].translator_comments == ["one", "two", "three"]


def test_status_and_update_refuse_a_catalog_with_cr_line_ends(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    path = repo / RU
    text = path.read_text(encoding="utf-8").replace('msgid "Dushanbe"\nmsgstr ""', 'msgid "Dushanbe"\nmsgstr "Душанбе"')
    path.write_bytes(text.replace("\n", "\r").encode())
    before = path.read_bytes()
    status = cli("status", "--root", repo, expect=1)
    assert f"{RU}:1: carriage return (CR)" in status.stderr
    update = cli("update", "--root", repo, expect=1)
    assert update.stderr.startswith(f"error: {RU}:1: carriage return (CR)")
    assert path.read_bytes() == before  # the translation is still there, for the translator to save again


# -- octal and hex escapes -----------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "text"), [
    ("Caf\\303\\251", "Café"),
    ("\\x4d", "M"),
    ("\\xc3\\xa9t\\xC3\\xA9", "été"),
    ("\\101\\102", "AB"),
    ("\\x4d5f", "_"),  # gettext reads every hex digit and keeps the low byte
    ("\\x4dg", "Mg"),
    ("\\x7e\\x9", "~\t"),  # a single hex digit
    ("\\320\\234\\320\\270\\321\\200 \\342\\200\\224 ok", "Мир — ok"),
])
def test_escapes_are_bytes_in_the_catalog_charset(tmp_path: Path, written: str, text: str) -> None:
    data = entry(written)
    assert read_po(data).messages[0].msgstr == text
    assert write_po(read_po(data)) == msgcat(tmp_path, data)  # written back as the characters, as msgcat does


def test_escaped_bytes_join_across_continuation_lines_and_in_other_charsets(tmp_path: Path) -> None:
    split = (HEADER + 'msgctxt "p1"\nmsgid "x"\nmsgstr "Caf\\303"\n"\\251"\n').encode()
    assert read_po(split).messages[0].msgstr == "Café"
    assert write_po(read_po(split)) == msgcat(tmp_path, split)
    cp1251 = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=CP1251\\n"\n\n'
              'msgctxt "p1"\nmsgid "x"\nmsgstr "\\xc1ыл \\341"\n').encode("cp1251")
    assert read_po(cp1251).messages[0].msgstr == "Был б"


@pytest.mark.parametrize("written", ["Caf\\351", "\\303", "\\377"])
def test_escapes_that_are_not_utf8_are_refused(written: str) -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(entry(written), "x.po")
    assert caught.value.line == 6 and "not a valid utf-8 byte sequence" in caught.value.message


def _escaped(text: str, choices: list[int]) -> bytes:
    """``text`` as the bytes of a PO string, some characters written as octal or hex escapes of their bytes.

    A character is escaped whole or not at all: a literal byte of a UTF-8 sequence beside an escaped
    one is an invalid multibyte sequence for gettext, which msgcat refuses as the reader does.
    """
    written = bytearray()
    for i, char in enumerate(text):
        how = choices[i % len(choices)]
        follows_hex = i + 1 < len(text) and text[i + 1] in string.hexdigits
        if how == 1:
            written += "".join(f"\\{byte:03o}" for byte in char.encode()).encode()  # at most 3 octal digits
        elif how == 2 and not follows_hex:  # \x takes every hex digit after it
            written += "".join(f"\\x{byte:02x}" for byte in char.encode()).encode()
        else:
            written += {'"': b'\\"', "\\": b"\\\\"}.get(char, char.encode())
    return bytes(written)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
       st.lists(st.integers(0, 2), min_size=1, max_size=8))
def test_any_text_written_with_escapes_reads_as_the_text(tmp_path: Path, text: str, choices: list[int]) -> None:
    data = HEADER.encode() + b'msgctxt "p1"\nmsgid "x"\nmsgstr "' + _escaped(text, choices) + b'"\n'
    assert read_po(data).messages[0].msgstr == text
    assert write_po(read_po(data)) == msgcat(tmp_path, data)


# -- flags ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [
    "python-format, fuzzy, range: 0..9, c-format, no-wrap",
    "no-c-format, possible-c-format, python-brace-format, no-python-format",
    "qt-format, impossible-c-format, c-format, ycp-format, kde-kuit-format",
    "c-format, impossible-c-format",
    "range: 1..5 , fuzzy,c-format,,  ,",
    "range: 7..3, range:, 2..4",
    "range: 0..2147483648, wrap",
    "no-wrap, wrap",
    "fuzzy c-format\tno-wrap",
])
def test_gettext_flags_are_read_and_written_as_msgcat_does(tmp_path: Path, flags: str) -> None:
    data = entry("y", f"#, {flags}\n")
    assert write_po(read_po(data)) == msgcat(tmp_path, data)
    obsolete = (HEADER + f'#, {flags}\n#~ msgctxt "p1"\n#~ msgid "x"\n#~ msgstr "y"\n').encode()
    assert write_po(read_po(obsolete)) == msgcat(tmp_path, obsolete)  # an obsolete entry loses its range
    untranslated = entry("", f"#, {flags}\n")
    assert write_po(read_po(untranslated)) == msgcat(tmp_path, untranslated)


@pytest.mark.parametrize(("flags", "foreign"), [
    ("max-length:100, c-format", ["max-length:100"]),
    ("fuzzy, unknown-flag, python-format, range: 0..9", ["unknown-flag"]),
    ("no-numbers-check, placeholders:\"%s\", font-family:Noto Sans", ["no-numbers-check", 'placeholders:"%s"',
                                                                       "font-family:Noto Sans"]),
    ("weird fuzzy, range:3..7, no-ellipsis-unicode-check", ["weird", "range:3..7", "no-ellipsis-unicode-check"]),
])
def test_flags_gettext_does_not_know_are_kept_after_the_others(tmp_path: Path, flags: str, foreign: list[str]
                                                                ) -> None:
    data = entry("y", f"#, {flags}\n")
    message = read_po(data).messages[0]
    assert message.flags[-len(foreign):] == foreign
    ours = write_po(read_po(data))
    assert read_po(ours).messages[0].flags == message.flags  # kept through a write and a read
    # gettext reads our file's flags as it reads the original's: msgcat prints the same for both.
    assert msgcat(tmp_path, ours) == msgcat(tmp_path, data) == without_foreign_flags(ours)


def test_flags_of_every_flag_line_count(tmp_path: Path) -> None:
    # gettext keeps only an entry's last "#," line, so that a "#, fuzzy" line a translator adds above
    # xgettext's "#, c-format" does not make the entry fuzzy for msgfmt: here both lines count.
    data = entry("y", "#, fuzzy\n#, c-format, max-length:100\n")
    assert msgcat(tmp_path, data).count(b"#, c-format\n") == 1
    message = read_po(data).messages[0]
    assert message.fuzzy and message.flags == ["c-format", "max-length:100"]
    assert b"#, fuzzy, c-format, max-length:100\n" in write_po(read_po(data))


def test_a_silencing_flag_stays_a_flag_and_still_silences() -> None:
    data = entry("В 2022", "#, no-numbers-check\n", msgid="In 2023")
    message = read_po(data).messages[0]
    assert message.flags == ["no-numbers-check"] and message.translator_comments == []
    assert b"#, no-numbers-check\n" in write_po(read_po(data))
    assert silenced(message.translator_comments, message.flags) == {"numbers"}
    assert silenced(["no-length-check, and a note"]) == {"length"}


def test_update_keeps_every_flag_in_msgcats_order(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    path = repo / RU
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgctxt "place"\nmsgid "Dushanbe"\nmsgstr ""',
                        '#, max-length:100, python-format, fuzzy, range: 0..9, c-format, unknown-flag\n'
                        'msgctxt "place"\nmsgid "Dushanbe"\nmsgstr "Душанбе"')
    text = text.replace('msgctxt "h1"\nmsgid "The judgment"\nmsgstr ""',
                        '#, no-numbers-check\nmsgctxt "h1"\nmsgid "The judgment"\nmsgstr "Приговор"')
    path.write_text(text, encoding="utf-8")
    document = repo / "documents" / "statement.xml"
    document.write_text(document.read_text(encoding="utf-8").replace("The judgment", "The verdict"),
                        encoding="utf-8")
    cli("update", "--root", repo)
    written = path.read_text(encoding="utf-8")
    assert ("#, fuzzy, c-format, python-format, range: 0..9, max-length:100, unknown-flag\n"
            'msgctxt "place"\n') in written
    assert '#, fuzzy, no-numbers-check\n#| msgid "The judgment"\nmsgctxt "h1"\n' in written
    assert_canonical_but_foreign_flags(path)


# -- references ----------------------------------------------------------------------------------------

def test_references_lose_their_leading_dot_slash_as_in_msgcat(tmp_path: Path) -> None:
    data = entry("y", "#: ./documents/a.xml ././b.xml .//c.xml ./ . ./d.xml:12 ../e.xml ./a.xml\n"
                      f"#: ./{'x' * 60}.xml ./{'y' * 20}.xml\n")
    assert write_po(read_po(data)) == msgcat(tmp_path, data)


# -- catalogs without a header -------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b'msgctxt "title"\nmsgid "Old title"\nmsgstr "\xd0\x97\xd0\xb0"\n'],
                         ids=["empty file", "no header entry"])
def test_update_gives_a_catalog_without_a_header_the_header_init_writes(repo: Path, cli, content: bytes) -> None:
    cli("update", "--root", repo)
    init_header = read_po_file(repo / RU).header
    (repo / RU).write_bytes(content)
    cli("update", "--root", repo)
    catalog = read_po_file(repo / RU)
    for name in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator", "Language-Team",
                 "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms"):
        assert catalog.header_field(name) is not None, name
    assert catalog.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert catalog.header_field("Language") == "ru"
    assert catalog.header_field("Plural-Forms") == Catalog(header=init_header).header_field("Plural-Forms")
    assert catalog.header_comments == ["Russian translation of statement."]
    checked = gettext_tool("msgfmt", "-c", "-o", "/dev/null", repo / RU)
    assert checked.returncode == 0 and checked.stderr == b"", checked.stderr.decode()
    assert_gettext_canonical(repo / RU)
    if content:  # the translation of the unit's old text is kept, fuzzy
        title = next(m for m in catalog.messages if m.msgctxt == "title")
        assert (title.msgstr, title.fuzzy, title.previous_msgid) == ("За", True, "Old title")


def test_merge_keeps_a_header_it_was_given() -> None:
    old = Catalog(header="Project-Id-Version: d\nLanguage: ru\n")
    template = Catalog(header="POT-Creation-Date: 2026-01-02 03:04+0000\n", messages=[Message("A", msgctxt="a")])
    merged, _ = merge_catalog(old, template, lang="ru")
    assert merged.header == "Project-Id-Version: d\nPOT-Creation-Date: 2026-01-02 03:04+0000\nLanguage: ru\n"


# -- obsolete entries with the id of an active one -----------------------------------------------------

BESIDE = (HEADER + 'msgctxt "p1"\nmsgid "New text"\nmsgstr "Новый"\n\n'
          '#~ msgctxt "p1"\n#~ msgid "Old text"\n#~ msgstr "Старый"\n').encode()


def test_gettext_keeps_an_obsolete_entry_beside_an_active_one_and_refuses_a_duplicate(tmp_path: Path) -> None:
    assert msgcat(tmp_path, BESIDE) == BESIDE
    pot = tmp_path / "t.pot"
    pot.write_bytes((HEADER + 'msgctxt "p1"\nmsgid "New text"\nmsgstr ""\n').encode())
    (tmp_path / "c.po").write_bytes(BESIDE)
    merged = gettext_tool("msgmerge", "-q", tmp_path / "c.po", pot)
    assert merged.returncode == 0 and "Старый".encode() in merged.stdout
    duplicate = BESIDE + b'\n#~ msgctxt "p1"\n#~ msgid "New text"\n#~ msgstr "Copy"\n'
    (tmp_path / "d.po").write_bytes(duplicate)
    assert gettext_tool("msgcat", tmp_path / "d.po").returncode == 1  # "duplicate message definition"
    with pytest.raises(CatalogError) as caught:
        read_po(duplicate, "x.po")
    assert str(caught.value) == "x.po:12: duplicate entry (first defined on line 4)"


def test_update_keeps_an_obsolete_entry_beside_an_active_one_and_says_so(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    path = repo / RU
    path.write_bytes(path.read_bytes() + '\n#~ msgctxt "h1"\n#~ msgid "The old judgment"\n#~ msgstr "Старый приговор"\n'
                     .encode())
    line = path.read_bytes().count(b"\n") - 2
    document = repo / "documents" / "statement.xml"
    document.write_text(document.read_text(encoding="utf-8").replace("Dushanbe", "Minsk"), encoding="utf-8")
    result = cli("update", "--root", repo)
    assert (f"warning: {RU}:{line}: obsolete entry 'h1' has the id of a unit of the document; kept as obsolete\n"
            in result.stderr)
    catalog = read_po_file(path)
    assert [(m.msgctxt, m.msgid, m.msgstr) for m in catalog.obsolete] == [("h1", "The old judgment",
                                                                           "Старый приговор")]
    assert_gettext_canonical(path)
