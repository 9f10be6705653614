"""Give blocks that lack one a stable id; never change an existing id, nor any other byte."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from polyglot_docs.core.errors import DocumentError
from polyglot_docs.core.xmlsafe import parse_document_bytes, start_tag_ends
from polyglot_docs.documents.model import XML_ID, iter_blocks

# The id prefix for each kind of block; meta blocks get fixed ids.
PREFIXES = {"h": "h", "p": "p", "item": "li"}
FIXED = {"title": "title", "organisation": "org", "place": "place", "short-title": "short-title"}


def assign_ids(root: etree._Element) -> list[str]:
    """Add an xml:id to every block without one; return the ids added."""
    planned = plan_ids(root)
    for block, new_id in planned:
        block.set(XML_ID, new_id)
    return [new_id for _, new_id in planned]


def plan_ids(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every block without an xml:id and the id it is to get, in document order; nothing is changed.

    A new id is the block kind's prefix and one more than the highest number
    any id with that prefix has, so ids never repeat, even after deletions.
    """
    ids = (element.get(XML_ID) for element in root.iter() if isinstance(element.tag, str))
    used = {unit_id for unit_id in ids if unit_id is not None}
    highest: Counter[str] = Counter()
    for unit_id in used:
        match = re.fullmatch(r"([A-Za-z_.-]*?)(\d+)", unit_id)
        if match:
            highest[match.group(1)] = max(highest[match.group(1)], int(match.group(2)))
    planned = []
    for block in iter_blocks(root):
        if block.get(XML_ID) is not None:
            continue
        tag = str(block.tag)  # a block's tag is a str: is_block checked it
        fixed = FIXED.get(tag)
        if fixed and fixed not in used:
            new_id = fixed
        else:
            prefix = PREFIXES.get(tag, fixed or "u")
            highest[prefix] += 1
            new_id = f"{prefix}{highest[prefix]}"
        used.add(new_id)
        planned.append((block, new_id))
    return planned


def add_ids(data: bytes, path: str) -> tuple[bytes, list[str]]:
    """A document's bytes with an xml:id added to every block without one, and the ids added.

    Only the new attributes are inserted, each after the last attribute of its start tag: writing
    the parsed tree back would drop comments and processing instructions outside the root, turn
    character references into characters and CDATA into escaped text, and change every file an
    editor touched by hand.
    """
    tree = parse_document_bytes(data, path)
    planned = plan_ids(tree.getroot())
    if not planned:
        return data, []
    ends = _start_tag_ends(tree, data, path)
    pieces, copied = [], 0
    for block, new_id in planned:  # in document order, so the offsets only grow
        end = ends[block]
        pieces += [data[copied:end], f' xml:id="{new_id}"'.encode()]
        copied = end
    result = b"".join(pieces) + data[copied:]
    for block, new_id in planned:
        block.set(XML_ID, new_id)
    _check_same_document(tree, result, path)
    return result, [new_id for _, new_id in planned]


def _start_tag_ends(tree: etree._ElementTree, data: bytes, path: str) -> dict[etree._Element, int]:
    """Each element of ``tree`` and the byte offset where its start tag's last attribute ends."""
    elements = [element for element in tree.getroot().iter() if isinstance(element.tag, str)]
    try:
        tags = start_tag_ends(data)
    except ValueError:
        tags = []
    names = [str(element.tag).rpartition("}")[2] for element in elements]
    if names != [name.rpartition(":")[2] for name, _ in tags]:
        # The scan and the parser disagree about the tags: refuse rather than write an id in the wrong place.
        raise DocumentError("cannot locate the start tags to add ids to; nothing written", path)
    return {element: end for element, (_, end) in zip(elements, tags, strict=True)}


def _check_same_document(expected: etree._ElementTree, data: bytes, path: str) -> None:
    """Refuse the new bytes unless they parse to the tree with the ids set (canonical XML compared)."""
    # A last guard on the byte surgery: C14N compares elements, attributes, text, comments and PIs.
    written = parse_document_bytes(data, path)
    if etree.tostring(written, method="c14n") != etree.tostring(expected, method="c14n"):
        raise DocumentError("adding ids would change more than the ids; nothing written", path)
