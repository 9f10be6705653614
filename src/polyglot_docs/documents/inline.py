"""Inline markup between a block of XML and the text a translator edits.

A block's content becomes its msgid: text with XML whitespace collapsed and
``& < >`` escaped, inline elements kept as tags with their attributes folded
away (``<a href="…">x</a>`` becomes ``<a1>x</a1>``), and spans marked
``its:translate="no"`` replaced by empty placeholders (``<x1/>``). The codes
remember what each folded tag stands for, so a translation can be turned back
into XML with the source's own attributes and protected spans, and with
nothing a translator added.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from polyglot_docs.core.xmlsafe import parse_fragment

ITS_NS = "http://www.w3.org/2005/11/its"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class InlineCode:
    """What one folded tag or placeholder of a msgid stands for."""

    name: str
    element: etree._Element
    protected: bool


@dataclass(frozen=True)
class EncodedBlock:
    text: str
    codes: dict[str, InlineCode]


def collapse(text: str) -> str:
    """Collapse XML whitespace only; no-break and other Unicode spaces stay."""
    return _XML_SPACE.sub(" ", unicodedata.normalize("NFC", text))


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_protected(element: etree._Element) -> bool:
    return element.get(f"{{{ITS_NS}}}translate") == "no"


def encode_block(block: etree._Element) -> EncodedBlock:
    """Turn a block element's content into its msgid and the codes to restore it."""
    pieces: list[str] = []
    codes: dict[str, InlineCode] = {}
    counters: Counter[str] = Counter()

    def walk(element: etree._Element) -> None:
        if element.text:
            pieces.append(escape(collapse(element.text)))
        for child in element:
            if isinstance(child.tag, str):
                tag = etree.QName(child).localname
                if is_protected(child):
                    counters["x"] += 1
                    name = f"x{counters['x']}"
                    codes[name] = InlineCode(name, child, True)
                    pieces.append(f"<{name}/>")
                else:
                    if child.attrib:
                        counters[tag] += 1
                        name = f"{tag}{counters[tag]}"
                        codes[name] = InlineCode(name, child, False)
                    else:
                        name = tag
                    pieces.append(f"<{name}>")
                    walk(child)
                    pieces.append(f"</{name}>")
            if child.tail:
                pieces.append(escape(collapse(child.tail)))

    walk(block)
    return EncodedBlock("".join(pieces).strip(" "), codes)


def tag_counts(text: str) -> Counter[str]:
    """The inline elements and placeholders of a unit's text, as a multiset."""
    root = parse_fragment(text)
    return Counter(etree.QName(el).localname for el in root.iter() if el is not root and isinstance(el.tag, str))


def markup_problems(source: str, translation: str) -> list[str]:
    """Why ``translation`` cannot carry ``source``'s markup; empty when it can.

    Tags are compared as a multiset: languages reorder phrases, so order is free.
    """
    try:
        root = parse_fragment(translation)
    except etree.XMLSyntaxError as error:
        # libxml2 names the wrapper element and its own states ("tag mismatch: a1 line 1 and unit"); the
        # scanner names the tags as the translator wrote them, and libxml2 speaks only when it cannot.
        named = tag_sequence_problems(source, translation) or [(error.msg or "").split(", line")[0]]
        return [f"translation is not well-formed markup ({'; '.join(named)})"]
    problems = []
    if any(not isinstance(node.tag, str) for node in root.iter()):
        problems.append("comments and processing instructions are not allowed in a translation")
    problems.extend(foreign_markup(root))
    expected = tag_counts(source)
    found = Counter(etree.QName(el).localname for el in root.iter() if el is not root and isinstance(el.tag, str))
    missing = expected - found
    extra = found - expected
    if missing:
        problems.append("missing " + ", ".join(_describe(name, n) for name, n in sorted(missing.items())))
    if extra:
        problems.append("unexpected " + ", ".join(_describe(name, n) for name, n in sorted(extra.items())))
    for element in root.iter():
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if element is not root and re.fullmatch(r"x\d+", name) and (len(element) or element.text):
            problems.append(f"placeholder <{name}/> must stay empty")
    return problems


# A tag as a translator writes one (attributes and all), a tag left open, a lone "<", or an "&" that
# starts no character reference XML knows.
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[^\W\d][\w.:-]*)(?P<attrs>(?:\s[^<>]*?)?)\s*(?P<empty>/?)>"
    r"|(?P<broken></?[^\W\d][^<>]*)(?=<|$)"
    r"|(?P<lt><)(?![!?])"
    r"|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)(?P<entity>[^\W\d][\w.-]*;)?")


def tag_sequence_problems(source: str, translation: str) -> list[str]:
    """What makes ``translation`` not well-formed, in the translator's words, from its sequence of tags.

    "unclosed <a1>", "</a1> without <a1>", "<b1> closed by </a1>" (tags crossing), "unknown tag <x9>"
    (a name the source has no tag of), a lone "<" or "&". Empty when the scanner can name nothing,
    for the parser's message to be shown instead.
    """
    try:
        known: set[str] | None = set(tag_counts(source))
    except etree.XMLSyntaxError:
        known = None
    problems: list[str] = []
    stack: list[str] = []
    unknown: set[str] = set()
    for token in _TOKEN.finditer(translation):
        name, close = token["name"], bool(token["close"])
        if name is None:
            problems.append(_stray(token))
        elif known is not None and name not in known:
            if name not in unknown:  # named once, as first written
                unknown.add(name)
                problems.append(f"unknown tag <{token['close']}{name}{'/' if token['empty'] else ''}>")
        elif close and (token["attrs"].strip() or token["empty"]):
            problems.append(f'malformed tag "{token[0]}"')
        else:
            if token["attrs"].strip():
                problems.append(f"<{name}> has attributes; only the source's tags, without attributes, are allowed")
            if not token["empty"]:
                _close_or_open(name, close, stack, problems)
    for name in stack:
        placeholder = re.search(f"<{re.escape(name)}/>", source) is not None
        problems.append(f"unclosed <{name}>" + (f": a placeholder is written <{name}/>" if placeholder else ""))
    return list(dict.fromkeys(problems))


def _stray(token: re.Match[str]) -> str:
    """What a token that is not a tag is: a broken tag, a lone < or an & that is no reference."""
    if token["broken"] is not None:
        return f'malformed tag "{token["broken"].strip()}": a tag is <name>, </name> or <name/>'
    if token["lt"] is not None:
        return '"<" on its own: write &lt;'
    if token["entity"] is not None:
        return f'unknown entity "&{token["entity"]}": write the character itself'
    return '"&" on its own: write &amp;'


def _close_or_open(name: str, close: bool, stack: list[str], problems: list[str]) -> None:
    """Open ``name``, or close it: the innermost open tag, one opened further out (tags crossing), or none."""
    if not close:
        stack.append(name)
    elif stack and stack[-1] == name:
        stack.pop()
    elif name in stack:
        problems.append(f"<{stack[-1]}> closed by </{name}>")
        del stack[len(stack) - 1 - stack[::-1].index(name)]
    else:
        problems.append(f"</{name}> without <{name}>")


def foreign_markup(root: etree._Element) -> list[str]:
    """What a translator put on the tags that the source's codes do not carry: attributes and namespaces.

    The edition rebuilds each code from the source by its plain name, so a tag in another
    namespace (``<a1 xmlns="urn:x">``) matches no code and would be dropped with its text, and
    an attribute would reach the page unchecked.
    """
    problems = []
    for element in root.iter():
        parent = element.getparent()
        if parent is None or not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if element.attrib:
            problems.append(f"<{name}> has attributes; only the source's tags, without attributes, are allowed")
        # A declaration shows as a namespace map that differs from the parent's; a tag can also be
        # in a namespace declared further up.
        if etree.QName(element).namespace is not None or element.nsmap != parent.nsmap:
            problems.append(f"<{name}> has a namespace (xmlns); only the source's tags, without namespaces, "
                            "are allowed")
    return problems


def _describe(name: str, count: int) -> str:
    shown = f"<{name}/>" if re.fullmatch(r"x\d+", name) else f"<{name}>"
    return shown if count == 1 else f"{shown} ×{count}"


def decode_translation(translation: str, codes: dict[str, InlineCode]) -> etree._Element:
    """Rebuild XML from a translation already checked by :func:`markup_problems`.

    Returns a wrapper element whose text and children are the block's new content.
    Folded tags get the source element's name and attributes back; placeholders
    become copies of the protected source spans.
    """
    root = parse_fragment(unicodedata.normalize("NFC", translation))
    _refuse_losses(root, codes)
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        code = codes.get(element.tag)
        if code is None:
            continue
        if code.protected:
            replacement = deepcopy(code.element)
            replacement.tail = element.tail
            parent = element.getparent()
            assert parent is not None  # every element but the wrapper (skipped above) has a parent
            parent.replace(element, replacement)
        else:
            element.tag = code.element.tag
            for key, value in code.element.attrib.items():
                element.set(key, value)
    return root


def _refuse_losses(root: etree._Element, codes: dict[str, InlineCode]) -> None:
    """Refuse what rebuilding would drop or carry unchecked, should a caller skip :func:`markup_problems`.

    A namespaced tag matches no code and vanishes with its text from the edition; text inside a
    placeholder is replaced by the protected span. An edition must never lose text silently, so
    this raises instead: as ``XMLSyntaxError``, which readers of hand-edited ``#|`` lines
    already catch and fall back from.
    """
    problems = foreign_markup(root)
    for element in root.iter():
        code = codes.get(element.tag) if isinstance(element.tag, str) else None
        if code is not None and code.protected and (len(element) or element.text):
            problems.append(f"placeholder <{code.name}/> must stay empty")
    if problems:
        # lxml keeps the code as given: None, as no libxml2 error code applies (types-lxml declares only int).
        raise etree.XMLSyntaxError("translation cannot be rebuilt without losing text: " + "; ".join(problems),
                                   None, 1, 1)  # type: ignore[arg-type]
