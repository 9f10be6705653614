"""A document's content as plain data for templates: blocks of inline nodes.

Templates, not Python, decide markup: this module only reads the (source or
translated) XML into nested dicts that the ``inline`` macro renders with
autoescaping. Only the source's inline element kinds can appear, and a link
keeps its address only for http, https and mailto.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from polyglot_docs.documents.inline import ITS_NS, collapse, is_protected
from polyglot_docs.documents.model import XML_ID, XML_LANG, block_id, block_role, is_block

INLINE_KINDS = {"em", "strong", "a", "term", "span"}
SAFE_SCHEMES = {"http", "https", "mailto"}
Node = dict[str, Any]


@dataclass
class Block:
    id: str
    role: str  # title, heading, paragraph, list item, quotation paragraph, organisation, place, short title
    lang: str
    nodes: list[Node]
    status: str = "translated"  # or fuzzy, untranslated, invalid: shown in the source language

    @property
    def fallback(self) -> bool:
        return self.status != "translated"

    @property
    def plain(self) -> str:
        return plain_text(self.nodes)


@dataclass
class Section:
    """A run of body blocks laid out together: a heading, a paragraph, a list or a quotation."""

    kind: str  # h, p, list, quote
    ids: list[str] = field(default_factory=list)
    numbered: bool = False


def safe_href(href: str | None) -> str | None:
    if not href:
        return None
    scheme = urlsplit(href.strip()).scheme.lower()
    return href.strip() if scheme in SAFE_SCHEMES else None


def inline_nodes(element: etree._Element) -> list[Node]:
    nodes: list[Node] = []

    def text(value: str | None) -> None:
        if value:
            nodes.append({"kind": "text", "text": collapse(value)})

    text(element.text)
    for child in element:
        if isinstance(child.tag, str):
            kind = etree.QName(child).localname
            if kind in INLINE_KINDS:
                nodes.append({
                    "kind": kind,
                    "children": inline_nodes(child),
                    "lang": child.get(XML_LANG),
                    "href": safe_href(child.get("href")) if kind == "a" else None,
                    "term": kind == "term" or child.get(f"{{{ITS_NS}}}term") == "yes",
                    "protected": is_protected(child),
                })
            else:
                nodes.append({"kind": "text", "text": collapse("".join(child.itertext()))})
        text(child.tail)
    _trim(nodes)
    return nodes


def _trim(nodes: list[Node]) -> None:
    if nodes and nodes[0]["kind"] == "text":
        nodes[0]["text"] = nodes[0]["text"].lstrip(" ")
    if nodes and nodes[-1]["kind"] == "text":
        nodes[-1]["text"] = nodes[-1]["text"].rstrip(" ")


def plain_text(nodes: list[Node]) -> str:
    return "".join(n["text"] if n["kind"] == "text" else plain_text(n["children"]) for n in nodes)


def read_blocks(root: etree._Element, default_lang: str) -> dict[str, Block]:
    """Every block with an id, keyed by id, in document order."""
    blocks = {}
    for element in root.iter():
        if not is_block(element):
            continue
        unit_id = element.get(XML_ID)
        if unit_id is None:
            continue
        lang = element.get(XML_LANG) or default_lang
        blocks[unit_id] = Block(unit_id, block_role(element), lang, inline_nodes(element),
                                element.get("status", "translated"))
    return blocks


def read_sections(root: etree._Element) -> list[Section]:
    """The body's layout: headings and paragraphs alone, list items and quotations grouped."""
    body = root.find("body")
    sections = []
    for child in body if body is not None else []:
        if not isinstance(child.tag, str) or is_protected(child):
            continue
        if child.tag in ("h", "p"):
            sections.append(Section(child.tag, [block_id(child)]))
        elif child.tag == "list":
            sections.append(Section("list", [block_id(i) for i in child.iterfind("item") if not is_protected(i)],
                                    numbered=child.get("kind") == "numbered"))
        elif child.tag == "quote":
            sections.append(Section("quote", [block_id(p) for p in child.iterfind("p") if not is_protected(p)]))
    return sections
