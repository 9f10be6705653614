"""A unit's text (``<em>``, ``<a1>``, ``<x1/>`` as in its msgid) ⇄ XLIFF inline codes, never escaped text.

Each tag of a unit's text becomes an XLIFF code whose id says which tag it is, so that a target
comes back to the same text without the document: a numbered tag keeps its name (``a1``, ``x1``,
``span2``); a plain one (``em``, ``strong``, ``term``, ``span``), which a translator may move and
which several may share, is numbered in order of appearance (``em-1``, ``em-2``). In XLIFF 2 a tag
is a ``<pc>`` and a protected span (``<x1/>``) a ``<ph canCopy="no" canDelete="no">``; what a code
stands for in the document (a link's address, the protected text) is in ``<originalData>``, which a
translator does not edit. In XLIFF 1.2 they are ``<g>`` and ``<x/>``, the protected text in
``equiv-text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from polyglot_docs.core.xmlsafe import parse_fragment
from polyglot_docs.documents.inline import ITS_NS, XML_NS, InlineCode, collapse, escape, foreign_markup

PLACEHOLDER = re.compile(r"x\d+")
_PLAIN_ID = re.compile(r"([a-z]+)-\d+")
_NUMBERED_ID = re.compile(r"[a-z]+\d+")
# XLIFF 2 code type and subType per source element (xlf:i and xlf:b are the spec's italic and bold).
TYPES_2 = {"em": ("fmt", "xlf:i"), "strong": ("fmt", "xlf:b"), "a": ("link", None),
           "term": ("other", "polyglot:term"), "span": ("other", "polyglot:span")}
# XLIFF 1.2 ctype per source element.
CTYPES_12 = {"em": "italic", "strong": "bold", "a": "link", "term": "x-term", "span": "x-span"}
PROTECTED_CTYPE = "x-protected"


@dataclass(frozen=True)
class Code:
    """What one numbered tag or placeholder of a unit's text stands for in the document."""

    name: str  # as in the unit's text: a1, x1, span2
    tag: str  # the document's element: a, span, em
    protected: bool
    start: str  # original data: the start tag, or the protected text
    end: str  # original data: the end tag ('' for a protected span)


@dataclass(frozen=True)
class CodeSeen:
    """A code as read from a source or target: its id, whether it is a placeholder, and where."""

    id: str
    placeholder: bool
    line: int


class InlineProblem(Exception):
    """Inline content this module cannot turn into a unit's text; ``line`` is where."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def codes_of(codes: dict[str, InlineCode]) -> dict[str, Code]:
    """The XLIFF side of a document unit's numbered tags and placeholders."""
    found = {}
    for name, code in codes.items():
        tag = etree.QName(code.element).localname
        if code.protected:
            found[name] = Code(name, tag, True, collapse("".join(code.element.itertext())), "")
        else:
            found[name] = Code(name, tag, False, _start_tag(code.element, tag), f"</{tag}>")
    return found


def _start_tag(element: etree._Element, tag: str) -> str:
    attributes = []
    for key, value in element.attrib.items():
        qname = etree.QName(key)
        prefix = {ITS_NS: "its:", XML_NS: "xml:"}.get(qname.namespace or "", "")
        quoted = str(value).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        attributes.append(f' {prefix}{qname.localname}="{quoted}"')
    return f"<{tag}{''.join(attributes)}>"


def data_ids(name: str) -> tuple[str, str]:
    """The ids of a code's start and end in XLIFF 2 ``<originalData>``."""
    return f"d-{name}", f"d-{name}-end"


def expected_data(codes: dict[str, Code], version: str) -> dict[str, str]:
    """What a unit's original data must be: XLIFF 2 ``<data>`` by id; XLIFF 1.2 protected ``equiv-text`` by code."""
    data = {}
    for name, code in codes.items():
        start, end = data_ids(name)
        if version == "1.2":
            if code.protected:
                data[name] = code.start
        else:
            data[start] = code.start
            if not code.protected:
                data[end] = code.end
    return data


def representation_problems(text: str, source: str) -> list[str]:
    """Why a translation cannot be written as an XLIFF target of ``source``; empty when it can.

    Its tags must be the source's, none more often than there, and every protected placeholder
    must be in it once: XLIFF forbids deleting a code marked ``canDelete="no"``. A tag left out is
    allowed, as in a catalog (``check`` reports it).
    """
    try:
        root = parse_fragment(text)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed markup ({(error.msg or '').split(', line')[0]})"]
    problems = foreign_markup(root)
    names = Counter(etree.QName(el).localname for el in root.iter() if el is not root and isinstance(el.tag, str))
    source_root = parse_fragment(source)
    expected = Counter(etree.QName(el).localname for el in source_root.iter()
                       if el is not source_root and isinstance(el.tag, str))
    if any(not isinstance(node.tag, str) for node in root.iter()):
        problems.append("comments or processing instructions")
    problems += [f"<{name}> more often than in the source" for name in sorted(names - expected)]
    problems += [f"no <{name}/>" for name in sorted(expected) if PLACEHOLDER.fullmatch(name) and name not in names]
    problems += [f"<{el.tag}/> is not empty" for el in root.iter() if isinstance(el.tag, str)
                 and PLACEHOLDER.fullmatch(el.tag) and (len(el) or el.text)]
    return problems


def append_inline(parent: etree._Element, text: str, codes: dict[str, Code], version: str, ns: str) -> None:
    """Append a unit's text to ``parent`` (a source or target) as XLIFF text and codes."""
    counters: Counter[str] = Counter()

    def walk(source: etree._Element, into: etree._Element) -> None:
        into.text = source.text
        for child in source:
            if not isinstance(child.tag, str):
                continue
            name = child.tag
            if name in codes:
                code_id = name
            else:
                counters[name] += 1
                code_id = f"{name}-{counters[name]}"
            element = _code_element(into, ns, version, code_id, codes.get(name), name)
            if not PLACEHOLDER.fullmatch(name):
                walk(child, element)
            element.tail = child.tail

    walk(parse_fragment(text), parent)


def _code_element(parent: etree._Element, ns: str, version: str, code_id: str, code: Code | None, name: str
                  ) -> etree._Element:
    tag = code.tag if code is not None else name
    if code is not None and code.protected:
        if version == "1.2":
            return etree.SubElement(parent, f"{{{ns}}}x", {"id": code_id, "ctype": PROTECTED_CTYPE, "clone": "no",
                                                          "equiv-text": code.start})
        start, _ = data_ids(code_id)
        return etree.SubElement(parent, f"{{{ns}}}ph", {"id": code_id, "canCopy": "no", "canDelete": "no",
                                                       "dataRef": start, "equiv": code.start})
    if version == "1.2":
        return etree.SubElement(parent, f"{{{ns}}}g", {"id": code_id, "ctype": CTYPES_12.get(tag, "x-" + tag)})
    kind, sub_type = TYPES_2.get(tag, ("other", None))
    attributes = {"id": code_id, "type": kind}
    if sub_type:
        attributes["subType"] = sub_type
    if code is not None:
        attributes["dataRefStart"], attributes["dataRefEnd"] = data_ids(code_id)
    return etree.SubElement(parent, f"{{{ns}}}pc", attributes)


def canonical(text: str) -> str | None:
    """A translation as :func:`read_inline` would give it back from XLIFF; None when it is not well-formed.

    Two spellings of one text (``&quot;`` and ``"``, ``&#160;`` and U+00A0, ``<em/>`` and
    ``<em></em>``) come out the same, so a target that was not edited is not taken for a change.
    """
    try:
        root = parse_fragment(text)
    except etree.XMLSyntaxError:
        return None
    if any(not isinstance(node.tag, str) for node in root.iter()):
        return None

    def walk(element: etree._Element) -> str:
        pieces = [escape(element.text or "")]
        for child in element:
            name = str(child.tag)
            if PLACEHOLDER.fullmatch(name) and not len(child) and not child.text:
                pieces.append(f"<{name}/>")
            else:
                pieces.append(f"<{name}>{walk(child)}</{name}>")
            pieces.append(escape(child.tail or ""))
        return "".join(pieces)

    return unicodedata.normalize("NFC", walk(root))


def name_of(code_id: str) -> str | None:
    """The tag a code id written by :func:`append_inline` stands for (``em-2`` → ``em``); None: not ours."""
    plain = _PLAIN_ID.fullmatch(code_id)
    if plain:
        return plain.group(1)
    return code_id if _NUMBERED_ID.fullmatch(code_id) else None


# What each version calls a paired code, a placeholder, and the annotations read through.
_PAIRED = {"2": "pc", "1.2": "g"}
_EMPTY = {"2": "ph", "1.2": "x"}
_MARKERS = {"2": ("mrk",), "1.2": ("mrk",)}
_SPLIT = {"2": ("sc", "ec", "sm", "em"), "1.2": ("bx", "ex", "bpt", "ept", "ph", "it", "sub")}


def read_inline(element: etree._Element, family: str, ns: str) -> tuple[str, list[CodeSeen]]:
    """A source or target back to a unit's text, with the codes it holds in order.

    ``family`` is "2" (XLIFF 2.x) or "1.2". An annotation (``<mrk>``, which CAT tools add for terms,
    comments and segments) is read through; a split code (``<sc>``/``<ec>``) or a code this tool
    did not write is an :class:`InlineProblem`.
    """
    seen: list[CodeSeen] = []

    def walk(node: etree._Element) -> str:
        pieces = [escape(node.text or "")]
        for child in node:
            if isinstance(child.tag, str):
                pieces.append(_read_child(child, family, ns, seen, walk))
            pieces.append(escape(child.tail or ""))
        return "".join(pieces)

    return unicodedata.normalize("NFC", walk(element)), seen


def _read_child(child: etree._Element, family: str, ns: str, seen: list[CodeSeen],
                walk: Callable[[etree._Element], str]) -> str:
    qname = etree.QName(child)
    local, line = qname.localname, child.sourceline
    if qname.namespace != ns:
        raise InlineProblem(f"element <{local}> of another namespace in inline content", line)
    if local in _MARKERS[family]:
        return walk(child)
    if local == "cp" and family == "2":
        return escape(code_point(child))
    if local in _SPLIT[family]:
        raise InlineProblem(f"<{local}> is not supported: keep each code whole, as exported "
                            f"(<{_PAIRED[family]}> and <{_EMPTY[family]}/>)", line)
    if local not in (_PAIRED[family], _EMPTY[family]):
        raise InlineProblem(f"unexpected element <{local}> in inline content", line)
    code_id = child.get("id", "")
    name = name_of(code_id)
    if name is None:
        raise InlineProblem(f"code id {code_id!r} is not one polyglot-docs wrote", line)
    placeholder = local == _EMPTY[family]
    if placeholder != bool(PLACEHOLDER.fullmatch(name)):
        wanted = _EMPTY[family] if not placeholder else _PAIRED[family]
        raise InlineProblem(f"code {code_id} was altered: it is a <{local}>, the source's is a <{wanted}>", line)
    _check_data_refs(child, code_id, family)
    seen.append(CodeSeen(code_id, placeholder, line or 0))
    if placeholder:
        if len(child) or child.text:
            raise InlineProblem(f"protected code {code_id} was altered: it holds text", line)
        return f"<{name}/>"
    return f"<{name}>{walk(child)}</{name}>"


def _check_data_refs(child: etree._Element, code_id: str, family: str) -> None:
    if family != "2":
        return
    start, end = data_ids(code_id)
    for attribute, wanted in (("dataRef", start), ("dataRefStart", start), ("dataRefEnd", end)):
        value = child.get(attribute)
        if value is not None and value != wanted:
            raise InlineProblem(f"code {code_id} was altered: its {attribute} is {value!r}, not {wanted!r}",
                                child.sourceline)


def code_point(element: etree._Element) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        raise InlineProblem(f"<cp hex={element.get('hex')!r}> is not a code point", element.sourceline) from None


def target_problems(unit_id: str, source: list[CodeSeen], target: list[CodeSeen], target_line: int
                    ) -> list[tuple[str, int]]:
    """What is wrong with a target's codes against its source's: (message, line) each.

    Every target code must be one of the source's, once; every protected one must be there.
    """
    problems = []
    known = {code.id: code for code in source}
    counts = Counter(code.id for code in target)
    for code in target:
        if code.id not in known:
            kind = "protected code" if code.placeholder else "code"
            problems.append((f"the target of unit {unit_id!r} has {kind} {code.id}, which its source does not have",
                             code.line))
        elif counts[code.id] > 1:
            problems.append((f"code {code.id} appears {counts[code.id]} times in the target of unit {unit_id!r}",
                             code.line))
            counts[code.id] = 1  # said once
    for code in source:
        if code.placeholder and code.id not in counts:
            problems.append((f"the target of unit {unit_id!r} lacks protected code {code.id}, which may not be "
                             "deleted", target_line))
    return problems
