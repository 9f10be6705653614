"""Messages in the translator's words, not the parser's (issue 15, B).

Markup errors in a translation are named from the msgstr's own tags ("unclosed <a1>"), not by
libxml2 ("Opening and ending tag mismatch: a1 line 1 and unit"); a PO line with text after its
closing quote is not an "unterminated string"; an id with non-ASCII letters says what ids are made of.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SETTINGS, translate_units, write
from polyglot_docs.catalogs.po import read_po
from polyglot_docs.core.errors import CatalogError
from polyglot_docs.documents.inline import markup_problems, tag_sequence_problems

DOCUMENT = """\
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"
          id="meeting" type="news" xml:lang="en" date="2023-09-26">
  <meta>
    <organisation xml:id="org">Collective Security Treaty Organization</organisation>
  </meta>
  <title xml:id="title">Meeting</title>
  <body>
    <p xml:id="p1">The <em>global</em> community read <a href="https://example.org/j">the
       <strong>judgment</strong></a> of <span its:translate="no">1 October 1946</span>.</p>
  </body>
</document>
"""
SOURCE = "The <em>global</em> community read <a1>the <strong>judgment</strong></a1> of <x1/>."
RU_PO = "locales/ru/LC_MESSAGES/meeting.po"
GOOD = "<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> от <x1/>."

# (translation of p1, what check says of its markup)
MARKUP = [
    ("<em>Мировое сообщество прочло <a1><strong>приговор</strong></a1> от <x1/>.", "unclosed <em>"),
    ("<em>Мировое</em> сообщество прочло <strong>приговор</strong></a1> от <x1/>.", "</a1> without <a1>"),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</a1></strong> от <x1/>.",
     "<strong> closed by </a1>"),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> от <x1/> <x9>.", "unknown tag <x9>"),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> от <x1>.",
     "unclosed <x1>: a placeholder is written <x1/>"),
    ("<em>Мировое</em> сообщество прочло <a1>приговор</a1> <b>от</strong> <x1/>.",
     "unknown tag <b>; </strong> without <strong>"),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> R&D <x1/>.",
     '"&" on its own: write &amp;'),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> от&nbsp;<x1/>.",
     'unknown entity "&nbsp;": write the character itself'),
    ("<em>Мировое</em> сообщество прочло <a1><strong>приговор</strong></a1> < <x1/>.",
     '"<" on its own: write &lt;'),
    ('<em>Мировое</em> сообщество прочло <a1<strong>приговор</strong></a1> от <x1/>.',
     'malformed tag "<a1": a tag is <name>, </name> or <name/>; </a1> without <a1>'),
    ('<em>Мировое</em> сообщество прочло <a1 href="x><strong>приговор</strong></a1> от <x1/>.',
     "<a1> has attributes; only the source's tags, without attributes, are allowed"),
]


def msgstr_line(path: Path, unit: str) -> int:
    """The line of the msgstr of ``unit``, where check's findings point."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f'msgctxt "{unit}"')
    return next(number for number, line in enumerate(lines[start:], start=start + 1) if line.startswith("msgstr"))


@pytest.fixture
def repo(tmp_path: Path, cli) -> Path:
    write(tmp_path / "polyglot.toml", SETTINGS)
    write(tmp_path / "documents" / "meeting.xml", DOCUMENT)
    cli("update", "--root", tmp_path)
    translate_units(tmp_path / RU_PO, {"p1": GOOD})
    return tmp_path


def test_the_source_is_as_the_messages_assume(repo: Path, cli) -> None:
    assert read_po((repo / RU_PO).read_bytes()).messages[-1].msgid == SOURCE
    assert "markup" not in cli("check", "--root", repo, "--lang", "ru").stdout


@pytest.mark.parametrize(("translation", "named"), MARKUP)
def test_check_names_markup_errors_from_the_tags(repo: Path, cli, translation: str, named: str) -> None:
    translate_units(repo / RU_PO, {"p1": translation})
    result = cli("check", "--root", repo, "--lang", "ru", expect=1)
    markup = [line for line in result.stdout.splitlines() if ": markup: " in line]
    where = f"{RU_PO}:{msgstr_line(repo / RU_PO, 'p1')}"
    assert markup == [f"{where}: error: markup: translation is not well-formed markup ({named})"]
    data = json.loads(cli("check", "--root", repo, "--lang", "ru", "--json", expect=1).stdout)
    [finding] = [f for f in data["findings"] if f["check"] == "markup"]
    assert finding["message"] == f"translation is not well-formed markup ({named})"


def test_the_parser_speaks_only_for_what_the_scanner_cannot_name() -> None:
    # A character reference to NUL: the tags are fine, so libxml2's own words are kept.
    problems = markup_problems(SOURCE, GOOD.replace(" от ", " от&#0;"))
    assert problems == ["translation is not well-formed markup (xmlParseCharRef: invalid xmlChar value 0)"]
    assert tag_sequence_problems(SOURCE, GOOD.replace(" от ", " от&#0;")) == []
    # Nothing of libxml2's wording is left where the scanner speaks: not the wrapper element, not "mismatch".
    for translation, _ in MARKUP:
        assert "unit" not in markup_problems(SOURCE, translation)[0]
        assert "mismatch" not in markup_problems(SOURCE, translation)[0]


@pytest.mark.parametrize(("translation", "named"), [
    ("a <a1>b", ["unclosed <a1>"]),
    ("a b</a1>", ["</a1> without <a1>"]),
    ("<a1>x <b1>y</a1></b1>", ["<b1> closed by </a1>"]),
    ("<b1>x <a1>y</b1></a1>", ["<a1> closed by </b1>"]),
    ("<a1><b1><em>x</a1>", ["<em> closed by </a1>", "unclosed <b1>", "unclosed <em>"]),
    ("<a1>x</a1></a1>", ["</a1> without <a1>"]),
    ("a <x9/> <x9>", ["unknown tag <x9/>"]),
    ("<a1>b</a1 >", []),  # well-formed: nothing for the scanner to say
])
def test_the_tag_scanner(translation: str, named: list[str]) -> None:
    assert tag_sequence_problems("<a1>a</a1> <b1>b</b1> <em>c</em>", translation) == named


def test_a_translation_under_review_is_withheld_with_the_same_words(repo: Path, cli) -> None:
    translate_units(repo / RU_PO, {"p1": MARKUP[0][0]})
    result = cli("translate", "meeting", "--lang", "ru", "--root", repo)
    assert "unclosed <em>" in result.stderr and "Opening and ending" not in result.stderr


# PO: text after the closing quote is not an unterminated string.
@pytest.mark.parametrize(("line", "message"), [
    ('msgstr "Москва" garbage', "unexpected text after the string"),
    ('msgstr "Москва"garbage', "unexpected text after the string"),
    ('msgstr "Мос\\"ква" x', "unexpected text after the string"),
    ('msgstr "C:\\\\" x', "unexpected text after the string"),
    ('msgstr "" # a comment', "unexpected text after the string"),
    ('msgstr "Москва', "unterminated string"),
    ('msgstr "Москва\\"', "unterminated string"),
    ('msgstr "', "unterminated string"),
    ('msgstr "Мос" "ква"', "unescaped double quote inside a string"),  # as before
])
def test_po_text_after_the_string(line: str, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(f'msgctxt "p1"\nmsgid "Moscow"\n{line}\n'.encode(), "x.po")
    assert str(caught.value) == f"x.po:3: {message}"


def test_po_text_after_a_continuation_string() -> None:
    with pytest.raises(CatalogError) as caught:
        read_po('msgctxt "p1"\nmsgid "Moscow"\nmsgstr ""\n"Москва" garbage\n'.encode(), "x.po")
    assert str(caught.value) == "x.po:4: unexpected text after the string"


def test_po_message_through_the_command_line(repo: Path, cli) -> None:
    path = repo / RU_PO
    line = msgstr_line(path, "p1")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = 'msgstr "Москва" garbage\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = cli("status", "--root", repo, expect=1)
    assert f"error: {RU_PO}:{line}: unexpected text after the string" in result.stderr.splitlines()
    lines[line - 1] = 'msgstr "Москва\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = cli("status", "--root", repo, expect=1)
    assert f"error: {RU_PO}:{line}: unterminated string" in result.stderr.splitlines()


# Ids with letters outside ASCII.
def test_a_block_id_with_cyrillic_letters(repo: Path, cli) -> None:
    write(repo / "documents" / "meeting.xml", DOCUMENT.replace('xml:id="p1"', 'xml:id="абзац1"'))
    result = cli("validate", "--root", repo, expect=1)
    assert result.stdout.splitlines() == [
        "documents/meeting.xml:9: id 'абзац1' has non-ASCII letters (а, б, з, ц): ids use ASCII letters, digits "
        "and hyphens"]


def test_a_document_id_with_cyrillic_letters(repo: Path, cli) -> None:
    doc_id = "2023-09-14-встреча"
    write(repo / "documents" / f"{doc_id}.xml", DOCUMENT.replace('id="meeting"', f'id="{doc_id}"'))
    result = cli("validate", "--root", repo, "--doc", doc_id, expect=1)
    assert result.stdout.splitlines()[0] == (
        f"documents/{doc_id}.xml:3: document id '{doc_id}' has non-ASCII letters (в, с, т, р, е, ч, а): document "
        "ids use lower-case ASCII letters, digits and hyphens")
    update = cli("update", "--root", repo, expect=1)
    assert update.stderr.splitlines()[0] == f"error: {result.stdout.splitlines()[0]}"


def test_import_refuses_an_id_with_non_ascii_letters_before_writing(repo: Path, cli) -> None:
    before = sorted(p.name for p in (repo / "documents").iterdir())
    result = cli("import", "-", "--root", repo, "--id", "2023-09-14-встреча", input="Title\n14.09.2023\nText.\n",
                 expect=1)
    assert result.stderr == ("error: <stdin>: --id '2023-09-14-встреча' has non-ASCII letters (в, с, т, р, е, ч, а): "
                             "document ids use lower-case ASCII letters, digits and hyphens\n")
    assert sorted(p.name for p in (repo / "documents").iterdir()) == before


@pytest.mark.parametrize(("doc_id", "named"), [
    ("2023–09–14-meeting", "non-ASCII characters (–)"),  # en dashes
    ("2023-09-14-cafe\u0301", "non-ASCII characters (U+0301)"),  # a combining accent, invisible alone
    ("2023-09-14-café", "non-ASCII letters (é)"),
])
def test_non_ascii_characters_are_named(repo: Path, cli, doc_id: str, named: str) -> None:
    result = cli("import", "-", "--root", repo, "--id", doc_id, input="Title\n14.09.2023\nText.\n", expect=1)
    assert f"has {named}: document ids use lower-case ASCII letters, digits and hyphens" in result.stderr
