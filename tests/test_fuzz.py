"""Fuzzing: the readers and converters raise only the project's own errors, never anything else.

Bounded for CI; POLYGLOT_FUZZ_EXAMPLES=5000 (for example) runs longer.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from markupsafe import escape

from conftest import STATEMENT
from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.po import read_po, write_po
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.xmlsafe import parse_document_bytes
from polyglot_docs.documents.inline import decode_translation, encode_block, markup_problems
from polyglot_docs.documents.model import document_from_tree
from polyglot_docs.documents.validate import rule_problems, schema_problems

EXAMPLES = int(os.environ.get("POLYGLOT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n# comment\n#. Paragraph\n'
      '#: documents/a.xml ./documents/b.xml\n#, fuzzy, c-format, range: 0..9, max-length:100\n#| msgid "old"\n'
      'msgctxt "p1"\nmsgid "The <em>judgment</em>"\nmsgstr "Приговор \\303\\251\\x4d"\n\n'
      '#, python-format, weird flag\n#~ msgctxt "p2"\n#~ msgid "gone"\n#~ msgstr "ушёл"\n').encode()
PIECES = [b"<", b">", b"&", b";", b"\"", b"\\", b"\n", b"\r", b"\0", b"\xff", b"\xef\xbb\xbf", b"<!DOCTYPE x>",
          b"<!ENTITY a 'b'>", b"&a;", b"<em>", b"</em>", b"xml:id=\"p1\"", b"#~", b"#|", b"msgid", b"msgstr[0]",
          b"msgctxt", b"\"\"", b"\\x", b"\\777", "Ё".encode(), "։".encode(), b"<![CDATA[", b"]]>", b"<?pi?>",
          # CR line ends, byte escapes, flags other tools set, references msgcat rewrites
          b"\r\n", b"\r", b"\\303\\251", b"\\303", b"\\x4d5f", b"\\x1", b"#, c-format, range: 0..9, max-length:100\n",
          b"#, fuzzy\n", b"no-wrap", b"range:", b"impossible-c-format", b", ", b"#: ./a.xml ././b.xml\n", b"./"]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(PIECES) | st.binary(max_size=8))
        if action == "insert":
            data[position:position] = piece
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 40))]
        else:
            data[position:position + len(piece)] = piece
    return bytes(data)


@FUZZ
@given(mutated(STATEMENT.encode()) | st.binary(max_size=300))
def test_xml_reader_raises_only_project_errors(data: bytes) -> None:
    try:
        tree = parse_document_bytes(data, "documents/statement.xml")
    except PolyglotError:
        return
    problems = rule_problems(tree, "documents/statement.xml", "en") + schema_problems(tree, "documents/statement.xml")
    assert all(isinstance(p, PolyglotError) and str(p).startswith("documents/statement.xml") for p in problems)
    if not problems:
        document = document_from_tree(tree, "documents/statement.xml")
        assert all(u.id for u in document.units)


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalog holds that writing it keeps (gettext drops an obsolete entry's range, and one not translated)."""
    return [(m.obsolete, m.msgctxt, m.msgid, m.msgstr, m.fuzzy and bool(m.msgstr), m.no_wrap, m.previous_msgid,
             [f for f in m.flags if not (m.obsolete and f.startswith("range: "))], m.translator_comments)
            for m in catalog.messages + [m for m in catalog.obsolete if m.msgstr]]


@FUZZ
@given(mutated(PO) | mutated(PO.replace(b"\n", b"\r")) | st.binary(max_size=300))
def test_po_reader_raises_only_project_errors(data: bytes) -> None:
    try:
        catalog = read_po(data, "x.po")
    except PolyglotError as error:
        assert str(error).startswith("x.po")
        return
    assert all(m.msgid is not None for m in catalog.messages)
    # Nothing read is lost by writing it: escapes as characters, every flag, every translation.
    assert _entries(read_po(write_po(catalog))) == _entries(catalog)


@FUZZ
@given(mutated(PO))
def test_po_with_crlf_line_ends_reads_as_with_lf_and_a_lone_cr_is_never_a_silent_line_end(data: bytes) -> None:
    try:
        lf: list[tuple[object, ...]] | str = _entries(read_po(data, "x.po"))
    except PolyglotError as error:
        lf = str(error)
    try:
        crlf: list[tuple[object, ...]] | str = _entries(read_po(data.replace(b"\n", b"\r\n"), "x.po"))
    except PolyglotError as error:
        crlf = str(error)
    assert isinstance(lf, str) == isinstance(crlf, str) and (isinstance(lf, str) or lf == crlf)
    if not isinstance(lf, str) and b"\n" in data.strip():
        # CR alone, which gettext reads as white space: refused, never read as one long line.
        with pytest.raises(PolyglotError, match="carriage return"):
            read_po(data.strip().replace(b"\n", b"\r"), "x.po")


SOURCE = 'See <a href="https://example.org/">the <em>judgment</em></a> of <span its:translate="no">1946</span>.'
markupish = st.lists(st.sampled_from(["<a1>", "</a1>", "<em>", "</em>", "<x1/>", "<x1>", "</x1>", "<x2/>",
                                      "<script>", "</script>", "<a1 href='javascript:alert(1)'>", "&amp;", "&lt;",
                                      "&nbsp;", "&", "<", ">", "<!--", "-->", "<?pi?>", "<![CDATA[x]]>", "текст",
                                      "\u00a0", "\0", "\x1b", "’", " ", "\n"]),
                     max_size=14).map("".join) | st.text(max_size=60)


@FUZZ
@given(markupish)
def test_inline_conversion_never_lets_in_anything_but_the_source_markup(translation: str) -> None:
    block = etree.fromstring(f'<p xmlns:its="http://www.w3.org/2005/11/its">{SOURCE}</p>')
    encoded = encode_block(block)
    problems = markup_problems(encoded.text, translation)
    if problems:
        return
    content = decode_translation(translation, encoded.codes)
    tags = sorted(etree.QName(e).localname for e in content.iter() if e is not content)
    assert tags == ["a", "em", "span"]
    assert content.find("a").attrib == {"href": "https://example.org/"}


@FUZZ
@given(st.text(max_size=80))
def test_translated_text_is_escaped_in_html(text: str) -> None:
    """Any text a translator writes (as XML text) reaches the page as text, never as markup."""
    from polyglot_docs.editions.html import environment

    env = environment(None)
    template = env.from_string('{% from "macros.html.j2" import inline %}<p>{{ inline(nodes) }}</p>')
    rendered = template.render(nodes=[{"kind": "text", "text": text}])
    assert rendered == f"<p>{escape(text)}</p>"
    if "\0" not in text:
        assert len(html.fragment_fromstring(rendered)) == 0  # no element came out of the text
