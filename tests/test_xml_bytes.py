"""Every byte of a document read as UTF-8, and `ids` changing only the attributes it adds (issue 13, §3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import STATEMENT, write
from polyglot_docs.core.errors import DocumentError
from polyglot_docs.core.xmlsafe import parse_document_bytes
from test_fuzz import EXAMPLES

DOC = "documents/statement.xml"
MOSCOW = '<?xml version="1.0" encoding="{}"?>\n<document>Москва</document>\n'


@pytest.mark.parametrize("name", ["ISO-8859-1", "iso-8859-1", "latin1", "windows-1251", "KOI8-R", "US-ASCII",
                                  "UTF-16", "utf8", "UTF8", "UTF-8 "])
def test_a_declared_encoding_other_than_utf8_is_refused(name: str) -> None:
    # The bytes are UTF-8: read by the declaration, "Москва" became "ÐÐ¾ÑÐºÐ²Ð°" and reached the catalogs.
    with pytest.raises(DocumentError) as caught:
        parse_document_bytes(MOSCOW.format(name).encode(), DOC)
    assert str(caught.value) == (f"{DOC}:1: document declares encoding {name!r}; documents are UTF-8: save it as "
                                 'UTF-8 and declare encoding="UTF-8" (or no encoding)')


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="UTF-8"?>',
                                         "<?xml version='1.0' encoding='utf-8'?>",
                                         '<?xml version="1.0"  encoding = "Utf-8"  standalone="yes"?>',
                                         '<?xml version="1.0"?>', ""])
def test_utf8_in_any_case_or_no_encoding_is_read_as_utf8(declaration: str) -> None:
    tree = parse_document_bytes(f"{declaration}\n<document>Москва</document>\n".encode(), DOC)
    assert tree.getroot().text == "Москва"


def test_the_refusal_names_the_line_of_the_encoding() -> None:
    data = '<?xml version="1.0"\n      encoding="ISO-8859-1"?>\n<document>Москва</document>\n'.encode()
    with pytest.raises(DocumentError, match="document declares encoding 'ISO-8859-1'") as caught:
        parse_document_bytes(data, DOC)
    assert caught.value.line == 2


@pytest.mark.parametrize(("codec", "name"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                             ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
@pytest.mark.parametrize("start", ["<?xml version='1.0' encoding='{}'?>\n", "<document>", " \n"])
def test_utf16_and_utf32_are_refused_by_name(codec: str, name: str, start: str) -> None:
    data = (start.format(name) + "<document>Москва</document>\n").encode(codec)
    with pytest.raises(DocumentError) as caught:
        parse_document_bytes(data, DOC)
    assert str(caught.value) == f"{DOC}:1: document is {name}, not UTF-8; save it as UTF-8 without BOM"


def test_validate_refuses_a_latin1_declaration(repo: Path, cli) -> None:
    write(repo / DOC, STATEMENT.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'))
    result = cli("validate", "--root", repo, expect=1)
    assert f"{DOC}:1: document declares encoding 'ISO-8859-1'" in result.output


# A document as an editor leaves it: comments and processing instructions around the root, character
# references, CDATA, both quote characters, '>' inside attribute values, and tabs and line breaks in tags.
EDITED = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Saved by an editor: keep this comment. -->
<?editor-state cursor="12:4"?>
<document xmlns:its="http://www.w3.org/2005/11/its" its:version='2.0'
          id="statement"   type='statement' xml:lang="en"
          date="2021-05-19"
          >
  <meta>
    <organisation xml:id="org">Collective Security Treaty Organization</organisation>
    <place
      >Dushanbe</place>
  </meta>
  <title xml:id="title">Statement&#160;by the Ministers for Foreign&#xA0;Affairs</title>
  <body>
    <!-- <p>a paragraph in a comment is not a block</p> -->
    <p xml:id="p1">We call upon the <em>global</em> community &amp; its &lt;members&gt;.</p>
    <h its:locNote='Say "judgment", not "judgement" &gt; ever'>The judgment</h>
    <p its:locNote="a > b &#x3E; c">Code: <![CDATA[if (a < b && c > d) { x = "&amp;"; }]]> stays as it is.</p>
    <?editor-mark <p> here?>
    <list kind="numbered">
      <item xml:id="li1">Council of Foreign Ministers</item>
      <item\t>Council of Defence Ministers</item>
    </list>
  </body>
</document>
<!-- after the root -->
<?editor-state end?>
"""
EDITED_WITH_IDS = (EDITED.replace("<place\n", '<place xml:id="place"\n')
                   .replace("&gt; ever'>", '&gt; ever\' xml:id="h1">')
                   .replace('c">Code', 'c" xml:id="p2">Code')
                   .replace("<item\t>", '<item xml:id="li2"\t>'))


def test_ids_changes_only_the_attributes_it_adds(repo: Path, cli) -> None:
    path = write(repo / DOC, EDITED)
    result = cli("ids", "--root", repo)
    assert f"{DOC}: added place, h1, p2, li2" in result.output
    after = path.read_bytes()
    assert after == EDITED_WITH_IDS.encode()
    # Taking the insertions out again gives the file as it was, byte for byte.
    undone = after
    for added in (b' xml:id="place"', b' xml:id="h1"', b' xml:id="p2"', b' xml:id="li2"'):
        assert undone.count(added) == 1
        undone = undone.replace(added, b"")
    assert undone == EDITED.encode()
    assert "1 document(s) valid" in cli("validate", "--root", repo).output
    cli("ids", "--root", repo, "--check")
    cli("ids", "--root", repo)
    assert path.read_bytes() == after


def test_ids_check_writes_nothing(repo: Path, cli) -> None:
    path = write(repo / DOC, EDITED)
    result = cli("ids", "--root", repo, "--check", expect=1)
    assert f"{DOC}: 4 block(s) without an id" in result.output
    assert path.read_bytes() == EDITED.encode()


@pytest.mark.parametrize(("tag", "expected"), [
    ("<p/>", '<p xml:id="p1"/>'),
    ("<p />", '<p xml:id="p1" />'),
    ("<p\n/>", '<p xml:id="p1"\n/>'),
    ('<p its:locNote="x/>"/>', '<p its:locNote="x/>" xml:id="p1"/>'),
    ("<p its:locNote='\"'\n   >x</p>", "<p its:locNote='\"' xml:id=\"p1\"\n   >x</p>"),
])
def test_the_id_goes_after_the_last_attribute(tag: str, expected: str) -> None:
    from polyglot_docs.documents.ids import add_ids

    head = '<?xml version="1.0"?>\n<document xmlns:its="http://www.w3.org/2005/11/its">\n<body>'
    data, added = add_ids(f"{head}{tag}</body></document>\n".encode(), DOC)
    assert added == ["p1"]
    assert data == f"{head}{expected}</body></document>\n".encode()


def test_a_document_with_every_id_is_returned_unchanged() -> None:
    from polyglot_docs.documents.ids import add_ids

    data = STATEMENT.encode()
    assert add_ids(data, DOC) == (data, [])


# Random documents of the shapes editors leave: blocks with and without ids, attributes in either quote
# with '>' and '/' in their values, white space of every kind in tags, comments, PIs and CDATA anywhere.
_TEXT = st.text(st.sampled_from("ab <>&/\"'?-]\n\u00a0Ж"), max_size=8)
_SPACE = st.text(st.sampled_from(" \t\n"), min_size=1, max_size=3)


def _escaped(text: str) -> str:
    # ">" too: a "]]" ending one piece and a ">" starting the next would make "]]>", which XML forbids in text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _markup(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["text", "ref", "cdata", "comment", "pi", "em"]))
    text = draw(_TEXT)
    if kind == "cdata":
        return f"<![CDATA[{text.replace(']]>', '')}]]>"
    if kind == "comment":
        return f"<!--{text.replace('-', '')}-->"
    if kind == "pi":
        return f"<?editor {text.replace('?>', '')}?>"
    if kind == "em":
        return f"<em{draw(_SPACE) if draw(st.booleans()) else ''}>{_escaped(text)}</em>"
    return draw(st.sampled_from(["&#160;", "&#xA0;", "&gt;", "&quot;"])) if kind == "ref" else _escaped(text)


@st.composite
def _block(draw: st.DrawFn, tag: str, number: int) -> str:
    attributes = []
    if draw(st.booleans()):
        note, quote = draw(_TEXT), draw(st.sampled_from("\"'"))
        attributes.append(f"its:locNote{draw(_SPACE) if draw(st.booleans()) else ''}="
                          f"{quote}{_escaped(note).replace(quote, '&#39;')}{quote}")
    if draw(st.booleans()):
        attributes.append(f'xml:id="{tag}{number}"')
    start = tag + "".join(draw(_SPACE) + attribute for attribute in draw(st.permutations(attributes)))
    start += draw(_SPACE) if draw(st.booleans()) else ""
    if draw(st.booleans()):
        return f"<{start}/>"
    return f"<{start}>{''.join(draw(st.lists(_markup(), max_size=4)))}</{tag}>"


@st.composite
def _edited_document(draw: st.DrawFn) -> str:
    blocks = [draw(_block(draw(st.sampled_from(["p", "h"])), n)) for n in range(draw(st.integers(1, 5)))]
    items = [draw(_block("item", 100 + n)) for n in range(draw(st.integers(0, 3)))]
    around = draw(st.lists(st.sampled_from(["<!-- c -->", "<?pi x?>", "\n"]), max_size=3))
    return (f'<?xml version="1.0"?>\n{"".join(around)}<document xmlns:its="http://www.w3.org/2005/11/its">'
            f'<body>{"".join(blocks)}<list>{"".join(items)}</list></body></document>{"".join(around)}\n')


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edited_document())
def test_ids_only_ever_inserts_its_attributes(document: str) -> None:
    from polyglot_docs.documents.ids import add_ids

    data = document.encode()
    result, added = add_ids(data, DOC)
    tree = parse_document_bytes(result, DOC)
    blocks = [e for e in tree.getroot().iter() if e.tag in ("p", "h", "item")]
    assert all(block.get("{http://www.w3.org/XML/1998/namespace}id") for block in blocks)
    undone = result
    for new_id in added:
        assert undone.count(f' xml:id="{new_id}"'.encode()) == 1
        undone = undone.replace(f' xml:id="{new_id}"'.encode(), b"")
    assert undone == data
