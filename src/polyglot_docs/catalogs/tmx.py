"""TMX 1.4b ⇄ the memory model: translation units in several languages, as CAT tools exchange memories.

Pure: a :class:`Memory` in, bytes out, and back; no file is touched here (``catalogs.memoryfile``
reads and writes them). A segment's text in the model is unit markup, the text of catalogs:
``& < >`` escaped, inline codes as tags (``<em>…</em>``, ``<a1>…</a1>``, ``<x1/>``). In TMX a
tag becomes a native code: a paired tag ``<bpt>``/``<ept>`` (matched by ``i`` inside a segment,
by ``x`` across the languages of a unit), an empty one ``<ph>``. The native code is the tag as
catalogs write it, so a TMX reader that shows codes as text (translate-toolkit, Weblate) shows
exactly what a translator sees in Poedit, and what a link stands for stays in the document.

Reading is lenient where other tools differ and strict where safety is at stake. UTF-16, a
byte-order mark, CRLF line ends and an external ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (what
Trados, OmegaT and translate-toolkit write) are accepted, as a parser that loads no DTD reads
them; the bytes are then parsed by ``core.xmlsafe`` like every document, so an internal DTD
subset or an entity declaration is refused. A code in another tool's native format (RTF, HTML
with attributes, ``{1}``) has no counterpart in a catalog: it is left out and its text kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from polyglot_docs import __version__
from polyglot_docs.core.errors import DocumentError, PolyglotError
from polyglot_docs.core.xmlsafe import iter_document_bytes, parse_fragment
from polyglot_docs.documents.inline import escape

TMX_VERSION = "1.4"  # TMX 1.4b: the DTD fixes version="1.4"
CREATION_TOOL = "polyglot-docs"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Larger than a document may be: an organisation's legacy memory, read unit by unit, each cleared
# once read (the N = 1000 benchmark's export, 42 MB: read in 139 MB, against 327 MB as a whole tree).
# The units read are held, about five times the file's size: a larger memory is split (by year, say).
MAX_TMX_BYTES = 256 * 1024 * 1024
# TMX 1.4b's own code types where one fits; "x-" types are the standard's user-defined ones.
CODE_TYPES = {"em": "italic", "strong": "bold", "a": "link", "term": "x-term", "span": "x-span", "x": "x-protected"}


class TmxError(PolyglotError):
    """A TMX file cannot be read."""


@dataclass(frozen=True)
class Variant:
    """One language's text of a translation unit (a ``<tuv>``)."""

    lang: str  # as TMX writes it (BCP 47: "ru", "pt-BR")
    text: str  # unit markup
    changedate: str | None = None  # TMX date, YYYYMMDDThhmmssZ (UTC)


@dataclass(frozen=True)
class MemoryUnit:
    """One ``<tu>``: the same text in several languages; written with the source first."""

    variants: tuple[Variant, ...]
    tuid: str | None = None
    props: tuple[tuple[str, str], ...] = ()  # (type, text) of each <prop>, in order
    creationdate: str | None = None
    changedate: str | None = None


@dataclass
class Memory:
    """A translation memory: what one TMX file holds."""

    source_language: str  # the header's srclang ("*all*": any variant may be the source)
    units: list[MemoryUnit] = field(default_factory=list)
    creationdate: str | None = None
    props: tuple[tuple[str, str], ...] = ()  # the header's <prop>s


# -- dates -------------------------------------------------------------------------------------------------

_PO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?")
_TMX_DATE = re.compile(r"\d{8}T\d{6}Z")


def tmx_date(po_date: str | None) -> str | None:
    """A PO header date ("2026-11-28 01:46+0000") as TMX writes dates, in UTC; None for a placeholder or junk."""
    match = _PO_DATE.fullmatch(po_date.strip()) if po_date else None
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    try:
        offset = dt.timedelta(hours=int(zone_hours or 0), minutes=int(zone_minutes or 0))
        zone = dt.timezone(-offset if sign == "-" else offset)
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                             tzinfo=zone)
    except ValueError:  # month 13, an offset of a day or more: no date rather than a wrong one
        return None
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _valid_date(value: str | None) -> str | None:
    return value if value is not None and _TMX_DATE.fullmatch(value) else None


# -- writing -----------------------------------------------------------------------------------------------

def write_tmx(memory: Memory) -> bytes:
    """The TMX 1.4b bytes of ``memory``; the same memory always gives the same bytes.

    No DOCTYPE: the standard does not require one, and a file without it is read by parsers that
    refuse DTDs, this project's included. Every variant's text must be unit markup (see
    :func:`segment`).
    """
    header = _attributes([("creationtool", CREATION_TOOL), ("creationtoolversion", __version__),
                          ("segtype", "paragraph"), ("o-tmf", "PO"), ("adminlang", "en"),
                          ("srclang", memory.source_language), ("datatype", "xml"),
                          ("creationdate", memory.creationdate)])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<tmx version="{TMX_VERSION}">']
    if memory.props:
        lines += [f"  <header{header}>", *(_prop(kind, text, "    ") for kind, text in memory.props), "  </header>"]
    else:
        lines.append(f"  <header{header}/>")
    lines.append("  <body>")
    # Encoded unit by unit: a memory of Cyrillic text as one str would take twice its bytes again.
    chunks = ["\n".join(lines).encode("utf-8")]
    chunks.extend("\n".join(_unit_lines(unit)).encode("utf-8") for unit in memory.units)
    chunks.append(b"  </body>\n</tmx>\n")
    return b"\n".join(chunks)


def _unit_lines(unit: MemoryUnit) -> list[str]:
    attributes = _attributes([("tuid", unit.tuid), ("creationdate", unit.creationdate),
                              ("changedate", unit.changedate)])
    lines = [f"    <tu{attributes}>", *(_prop(kind, text, "      ") for kind, text in unit.props)]
    numbers: dict[tuple[str, int], int] = {}  # the x of each code, shared by the unit's languages
    for variant in unit.variants:
        lang = _attributes([("xml:lang", variant.lang), ("changedate", variant.changedate)])
        lines.append(f"      <tuv{lang}><seg>{segment(variant.text, numbers)}</seg></tuv>")
    lines.append("    </tu>")
    return lines


def _prop(kind: str, text: str, indent: str) -> str:
    return f'{indent}<prop type="{_xml_attribute(kind)}">{_xml_text(text)}</prop>'


def _attributes(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{_xml_attribute(value)}"' for name, value in pairs if value is not None)


_TEXT_SPECIAL = re.compile(r"[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile(r"[&<>\r\n\t\"]")


def _xml_text(text: str) -> str:
    if not _TEXT_SPECIAL.search(text):  # most text: nothing to escape (a large memory has a million pieces)
        return text
    # A CR would be read back as LF (XML's line-end normalisation): written as a reference it stays.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attribute(value: str) -> str:
    if not _ATTRIBUTE_SPECIAL.search(value):
        return value
    return _xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


# A tag of unit markup (no attributes: a translation's tags carry none, see inline.foreign_markup), and the
# references its text may hold.
_TAG = re.compile(r"<(/?)([A-Za-z_][A-Za-z0-9_.-]*)(/?)>")
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def segment(text: str, numbers: dict[tuple[str, int], int]) -> str:
    """Unit markup as the content of a TMX ``<seg>``: text escaped for XML, each tag a native code.

    ``numbers`` gives each code its ``x``, by name and occurrence, so that the n-th ``<em>`` of
    every language of a unit has the same ``x``. The text must be unit markup: well-formed, tags
    without attributes, as :func:`~polyglot_docs.catalogs.state.unit_state` guarantees of a
    translated unit; anything else (a comment, a stray ``<``, a tag left open) is a ValueError.
    """
    if not _TEXT_SPECIAL.search(text):  # no tag, no reference: the text is its own segment
        return text
    pieces: list[str] = []
    stack: list[tuple[str, int]] = []  # open tags: name, i
    occurrences: dict[str, int] = {}
    pairs = 0
    position = 0
    for match in _TAG.finditer(text):
        pieces.append(_xml_text(_unescape(text[position:match.start()])))
        position = match.end()
        closing, name, empty = match.groups()
        if closing:
            if empty or not stack or stack[-1][0] != name:
                raise ValueError(f"</{name}> closes no open tag in {text!r}")
            pieces.append(f'<ept i="{stack.pop()[1]}">&lt;/{name}&gt;</ept>')
            continue
        occurrences[name] = occurrences.get(name, 0) + 1
        x = numbers.setdefault((name, occurrences[name]), len(numbers) + 1)
        kind = CODE_TYPES.get(name.rstrip("0123456789"))
        typed = f' type="{kind}"' if kind else ""
        if empty:
            pieces.append(f'<ph x="{x}"{typed}>&lt;{name}/&gt;</ph>')
        else:
            pairs += 1
            stack.append((name, pairs))
            pieces.append(f'<bpt i="{pairs}" x="{x}"{typed}>&lt;{name}&gt;</bpt>')
    if stack:
        raise ValueError(f"<{stack[-1][0]}> is not closed in {text!r}")
    pieces.append(_xml_text(_unescape(text[position:])))
    return "".join(pieces)


def _unescape(text: str) -> str:
    """The characters of unit markup's text: references resolved; a ``<`` or a bare ``&`` is not text."""
    if "<" in text or "&" in _REFERENCE.sub("", text):
        raise ValueError(f"not unit markup: {text!r}")
    return _REFERENCE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED[named]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


# -- reading -----------------------------------------------------------------------------------------------

# An external DTD named in the prolog, without an internal subset: harmless to a parser that loads no DTD.
_EXTERNAL_DOCTYPE = re.compile(
    rb"<!DOCTYPE[ \t\n]+[^ \t\n\[>]+(?:[ \t\n]+(?:SYSTEM|PUBLIC)(?:[ \t\n]+(?:\"[^\"]*\"|'[^']*')){1,2})?[ \t\n]*>")
_DECLARED_ENCODING = re.compile(rb"\A(<\?xml[^>]*?[ \t\n]encoding[ \t\n]*=[ \t\n]*)([\"'])[^\"']*\2")
_PAIRED = re.compile(r"<(/?)([A-Za-z_][A-Za-z0-9_.-]*)>")
_EMPTY = re.compile(r"<[A-Za-z_][A-Za-z0-9_.-]*/>")


def read_tmx(data: bytes, display: str) -> Memory:
    """The memory a TMX file (1.1 to 1.4b) holds; errors name ``display`` and the line."""
    try:
        return _read_events(iter_document_bytes(_as_utf8(data, display), display, MAX_TMX_BYTES), display)
    except DocumentError as error:
        raise TmxError(error.message, error.path, error.line) from None


def _read_events(events: Iterator[tuple[str, etree._Element]], display: str) -> Memory:
    """The root's first ``<header>`` and the ``<tu>`` children of its first ``<body>``.

    Every element is cleared once read unless a ``<tu>`` or ``<header>`` still open holds it: what a
    file holds besides units (a second body, units wrapped in another element) costs no memory either.
    """
    _, root = next(events)
    _check_root(root, display)
    memory: Memory | None = None
    units: list[MemoryUnit] = []
    body: etree._Element | None = None  # the first, once read
    holding = 0  # <tu> and <header> elements open: what is inside them is read when they end
    for event, element in events:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag in ("tu", "header"):
            holding += 1 if event == "start" else -1
        if event == "start":
            continue
        if element.tag == "tu" and parent.tag == "body" and parent.getparent() is root and body is None:
            units.append(_read_unit(element, display))
        elif element.tag == "header" and parent is root and memory is None:
            memory = Memory(element.get("srclang") or "*all*", creationdate=_valid_date(element.get("creationdate")),
                            props=_props(element))
        elif element.tag == "body" and parent is root and body is None:
            body = element
        if not holding:
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del parent[0]
    if memory is None or body is None:
        raise TmxError("a TMX file needs a <header> and a <body>", display, root.sourceline)
    memory.units = units
    return memory


def _check_root(root: etree._Element, display: str) -> None:
    if root.tag != "tmx":
        raise TmxError(f"not a TMX file: the root element is <{etree.QName(root).localname}>, not <tmx>", display,
                       root.sourceline)
    version = root.get("version", "")
    if not re.fullmatch(r"1\.[1-4]b?", version):
        raise TmxError(f"TMX version {version!r} is not supported (1.1 to 1.4b are)", display, root.sourceline)


def _as_utf8(data: bytes, display: str) -> bytes:
    """The bytes as UTF-8 with LF line ends and no external DTD declaration; what a DTD-less parser reads."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark, as Trados writes TMX
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeError as error:
            raise TmxError("file is not valid UTF-16", display) from error
        data = _DECLARED_ENCODING.sub(lambda m: m.group(1) + m.group(2) + b"UTF-8" + m.group(2), data, count=1)
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # XML's own end-of-line normalisation (XML 1.0 §2.11), done before the parser that refuses CR.
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # Blanked, not removed, so that every line keeps its number for messages.
    return _EXTERNAL_DOCTYPE.sub(lambda m: re.sub(rb"[^\n]", b" ", m.group()), data, count=1)


def _props(element: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple((prop.get("type", ""), prop.text or "") for prop in element.iterchildren("prop"))


def _read_unit(tu: etree._Element, display: str) -> MemoryUnit:
    variants = []
    for tuv in tu.iterchildren("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")  # TMX 1.1 named the language "lang"
        if not lang:
            raise TmxError("<tuv> has no xml:lang", display, tuv.sourceline)
        seg = tuv.find("seg")
        if seg is None:
            raise TmxError("<tuv> has no <seg>", display, tuv.sourceline)
        variants.append(Variant(lang, segment_markup(seg), _valid_date(tuv.get("changedate"))))
    return MemoryUnit(tuple(variants), tu.get("tuid"), _props(tu), _valid_date(tu.get("creationdate")),
                      _valid_date(tu.get("changedate")))


def segment_markup(seg: etree._Element) -> str:
    """A ``<seg>`` as unit markup: its text escaped; codes written by catalogs' tags as tags, others left out.

    A paired code counts only with its partner (same ``i``) closing the same tag; should the codes
    left still not nest, the segment is kept as text without any.
    """
    begins = {bpt.get("i"): _native(bpt) for bpt in seg.iter("bpt")}
    ends = {ept.get("i"): _native(ept) for ept in seg.iter("ept")}
    pieces = list(_markup_pieces(seg, begins, ends))
    markup = "".join(pieces)
    try:
        parse_fragment(markup)
    except etree.XMLSyntaxError:
        return "".join(piece for piece in pieces if not piece.startswith("<"))
    return markup


def _markup_pieces(element: etree._Element, begins: dict[str | None, str], ends: dict[str | None, str]
                   ) -> Iterator[str]:
    if element.text:
        yield escape(element.text)
    for child in element:
        if child.tag in ("bpt", "ept", "ph", "it", "ut"):
            code = _our_code(child, begins, ends)
            if code:
                yield code
        elif isinstance(child.tag, str):  # <hi> (or a tag TMX does not have): its text is the segment's
            yield from _markup_pieces(child, begins, ends)
        if child.tail:
            yield escape(child.tail)


def _native(code: etree._Element) -> str:
    """A code's native text, without its <sub> flows."""
    return "".join(str(text) for text in code.xpath("text()"))


def _our_code(code: etree._Element, begins: dict[str | None, str], ends: dict[str | None, str]) -> str | None:
    """The tag a code stands for when it is one catalogs write; None for another tool's code."""
    native = _native(code)
    if code.tag == "ph":
        return native if _EMPTY.fullmatch(native) else None
    if code.tag not in ("bpt", "ept"):
        return None
    begin, end = begins.get(code.get("i"), ""), ends.get(code.get("i"), "")
    opening, closing = _PAIRED.fullmatch(begin), _PAIRED.fullmatch(end)
    if opening is None or closing is None or opening.group(1) or not closing.group(1) \
            or opening.group(2) != closing.group(2):
        return None
    return native
