"""The one way this project parses XML: no DTDs, no entities, no network.

Documents come from many hands and translations from many more; both are
parsed with entity expansion, DTD loading, XInclude and network access off,
and a document that declares a DTD at all is refused.
"""

from __future__ import annotations

from lxml import etree

from polyglot_docs.core.errors import DocumentError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        collect_ids=False,
    )


def parse_document_bytes(data: bytes, path: str) -> etree._ElementTree:
    """Parse a canonical document, refusing anything that could reach outside it."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB", path)
    if data.startswith(b"\xef\xbb\xbf"):
        raise DocumentError("document starts with a byte-order mark; save it as UTF-8 without BOM", path, 1)
    if b"\0" in data:
        raise DocumentError("document contains a NUL byte", path, data[: data.index(b"\0")].count(b"\n") + 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError("document is not valid UTF-8", path, data[: error.start].count(b"\n") + 1) from error
    if b"\r\n" in data or b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        raise DocumentError("document has CR or CRLF line ends; save it with LF line ends", path, line)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data[: min(i for i in (data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY")) if i >= 0)].count(b"\n") + 1
        raise DocumentError("DTDs and entity declarations are not allowed", path, line)
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        message = error.msg.split(", line ")[0] if error.msg else "malformed XML"
        raise DocumentError(f"malformed XML: {message}", path, error.lineno or None) from error
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{http://www.w3.org/2001/XInclude}"):
            raise DocumentError("XInclude is not allowed", path, element.sourceline)
    return tree


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
