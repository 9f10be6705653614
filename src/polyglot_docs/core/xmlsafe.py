"""The one way this project parses XML: no DTDs, no entities, no network.

Documents come from many hands and translations from many more; both are
parsed with entity expansion, DTD loading, XInclude and network access off,
and a document that declares a DTD at all is refused. Every document is read
as UTF-8, whatever it declares: one declaring another encoding is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from polyglot_docs.core.errors import DocumentError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


_S = rb"[ \t\n]"  # XML's white space; CR is refused before any of these is used
# The XML declaration (XML 1.0 §2.8) and its encoding pseudo-attribute. A declaration holds no '>' before
# its end, so the declaration is everything up to the first '?>'.
_DECLARATION = re.compile(rb"<\?xml" + _S + rb"([^>]*)\?>")
_ENCODING = re.compile(_S + rb"encoding" + _S + rb"*=" + _S + rb"""*(?:"([^"]*)"|'([^']*)')""")
# A start tag of a well-formed document: its name, then its attributes (values may hold '>' and '/').
_START_TAG = re.compile(rb"<([^ \t\n/>]+)((?:" + _S + rb"+[^ \t\n=/>]+" + _S + rb"*=" + _S
                        + rb"""*(?:"[^"]*"|'[^']*'))*)""" + _S + rb"*/?>")
# Markup that may hold '<' without it starting a tag, and where each ends.
_SKIPPED = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"), (b"</", b">"))


_PARSER_OPTIONS: dict[str, Any] = {
    # libxml2 otherwise decodes by the declaration. Every caller passes UTF-8 (documents checked, fragments
    # encoded here), so no declaration the checks might miss can make it read them as another encoding.
    "encoding": "utf-8",
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": False,
    "collect_ids": False,
}


def _parser() -> etree.XMLParser:
    parser: etree.XMLParser = etree.XMLParser(**_PARSER_OPTIONS)
    return parser


def parse_document_bytes(data: bytes, path: str) -> etree._ElementTree:
    """Parse a canonical document, refusing anything that could reach outside it."""
    _refuse_unsafe_bytes(data, path, MAX_DOCUMENT_BYTES)
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise _malformed(error, path) from error
    for element in tree.iter():
        _refuse_xinclude(element, path)
    return tree


_CHUNK = 1 << 20  # bytes fed to the pull parser at a time


def iter_document_bytes(data: bytes, path: str, limit: int) -> Iterator[tuple[str, etree._Element]]:
    """:func:`parse_document_bytes` for files too large to hold as a tree (a translation memory):
    ``("start" | "end", element)`` as the parser reads them, under the same refusals and with the same
    parser, up to ``limit`` bytes. The caller clears what it has read (a tree of a 40 MB file holds 300 MB)."""
    _refuse_unsafe_bytes(data, path, limit)
    parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)
    etree.clear_error_log()  # the thread's log, which the exception reads: this parse's errors only
    try:
        for start in range(0, max(len(data), 1), _CHUNK):
            parser.feed(data[start:start + _CHUNK])
            yield from _checked(parser.read_events(), path)
        parser.close()
        yield from _checked(parser.read_events(), path)
    except etree.XMLSyntaxError as error:
        raise _malformed(error, path, error.error_log) from error


def _checked(events: Iterator[tuple[str, etree._Element]], path: str) -> Iterator[tuple[str, etree._Element]]:
    for event, element in events:
        if event == "start":
            _refuse_xinclude(element, path)
        yield event, element


def _malformed(error: etree.XMLSyntaxError, path: str, log: Any = ()) -> DocumentError:
    """The error that stopped the parser: from an incremental parser, the first in the ``log`` of this
    parse (the exception's own message is a later, vaguer one: "no element found")."""
    first = next((entry for entry in log if entry.level >= etree.ErrorLevels.ERROR), None)
    if first is not None:
        return DocumentError(f"malformed XML: {first.message}", path, first.line or None)
    message = error.msg.split(", line ")[0] if error.msg else "malformed XML"
    return DocumentError(f"malformed XML: {message}", path, error.lineno or None)


def _refuse_xinclude(element: etree._Element, path: str) -> None:
    if isinstance(element.tag, str) and element.tag.startswith("{http://www.w3.org/2001/XInclude}"):
        raise DocumentError("XInclude is not allowed", path, element.sourceline)


def _refuse_unsafe_bytes(data: bytes, path: str, limit: int) -> None:
    """Refuse bytes that are not a document this project reads, before any parser sees them."""
    if len(data) > limit:
        raise DocumentError(f"document is larger than {limit // (1024 * 1024)} MB", path)
    _refuse_other_encodings(data, path)
    if b"\0" in data:
        raise DocumentError("document contains a NUL byte", path, data[: data.index(b"\0")].count(b"\n") + 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError("document is not valid UTF-8", path, data[: error.start].count(b"\n") + 1) from error
    if b"\r\n" in data or b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        raise DocumentError("document has CR or CRLF line ends; save it with LF line ends", path, line)
    _refuse_declared_encoding(data, path)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data[: min(i for i in (data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY")) if i >= 0)].count(b"\n") + 1
        raise DocumentError("DTDs and entity declarations are not allowed", path, line)


def _refuse_other_encodings(data: bytes, path: str) -> None:
    """Refuse UTF-16 and UTF-32 by name (they would otherwise read as a NUL byte) and a UTF-8 BOM."""
    wide = _wide_encoding(data[:4])
    if wide:
        raise DocumentError(f"document is {wide}, not UTF-8; save it as UTF-8 without BOM", path, 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise DocumentError("document starts with a byte-order mark; save it as UTF-8 without BOM", path, 1)


def _wide_encoding(head: bytes) -> str | None:
    """UTF-32 or UTF-16, told by a byte-order mark or by NUL bytes among the first four (XML 1.0 Appendix F).

    A UTF-8 document has no NUL byte at all, so this never names a document that would be read.
    """
    if head.startswith((b"\0\0\xfe\xff", b"\xff\xfe\0\0")) or b"\0\0\0" in head:
        return "UTF-32"
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or (len(head) == 4 and 0 in (head[0] | head[2], head[1] | head[3])):
        return "UTF-16"
    return None


def _refuse_declared_encoding(data: bytes, path: str) -> None:
    """Refuse a declaration naming any encoding but UTF-8 (in any case: XML 1.0 §4.3.3); none means UTF-8.

    Such a file is nearly always UTF-8 under a declaration copied from elsewhere: read by the declaration,
    its text would be garbled into templates and catalogs; read as UTF-8, it would say one thing and be another.
    """
    declaration = _DECLARATION.match(data)
    encoding = _ENCODING.search(data, 0, declaration.end(1)) if declaration else None
    if encoding is None:
        return
    quoted = 1 if encoding.group(1) is not None else 2  # the group of the quote character used
    name = encoding.group(quoted)
    if name.lower() != b"utf-8":
        raise DocumentError(f"document declares encoding {name.decode()!r}; documents are UTF-8: save it as UTF-8 "
                            'and declare encoding="UTF-8" (or no encoding)', path,
                            data[: encoding.start(quoted)].count(b"\n") + 1)


def start_tag_ends(data: bytes) -> list[tuple[str, int]]:
    """Each start tag of a document :func:`parse_document_bytes` accepted: its name and where its last attribute ends.

    In document order, as ``tree.iter()`` gives the elements; the offset is just after the last attribute
    (or the name), where a new attribute goes without moving any other byte. lxml keeps no byte offsets,
    so the bytes are scanned: in a well-formed document without a DTD, a '<' outside comments, CDATA
    sections and processing instructions begins a tag, and a start tag holds no '<'.
    """
    found: list[tuple[str, int]] = []
    position = data.find(b"<")
    while position >= 0:
        for opening, closing in _SKIPPED:
            if data.startswith(opening, position):
                position = data.index(closing, position + len(opening)) + len(closing)
                break
        else:
            tag = _START_TAG.match(data, position)
            if tag is None:
                raise ValueError(f"no start tag at byte {position}: only parse_document_bytes's documents are scanned")
            found.append((tag.group(1).decode(), tag.end(2)))
            position = tag.end()
        position = data.find(b"<", position)
    return found


def serialize_document(tree: etree._ElementTree | etree._Element) -> bytes:
    """A document's bytes as this project writes them: UTF-8, a double-quoted declaration."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def parse_fragment(text: str) -> etree._Element:
    """Parse inline markup (a msgid or msgstr) inside a wrapper element.

    Raises ``etree.XMLSyntaxError`` for text that is not well-formed.
    """
    if "<!" in text:
        # lxml keeps the code as given: None, as no libxml2 error code applies (types-lxml declares only int).
        raise etree.XMLSyntaxError("declarations and CDATA are not allowed in a unit", None, 1, 1)  # type: ignore[arg-type]
    return etree.fromstring(f"<unit>{text}</unit>".encode(), _parser())
