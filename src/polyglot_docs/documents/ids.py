"""Give blocks that lack one a stable id; never change an existing id."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from polyglot_docs.documents.model import XML_ID, iter_blocks

# The id prefix for each kind of block; meta blocks get fixed ids.
PREFIXES = {"h": "h", "p": "p", "item": "li"}
FIXED = {"title": "title", "organisation": "org", "place": "place", "short-title": "short-title"}


def assign_ids(root: etree._Element) -> list[str]:
    """Add an xml:id to every block without one; return the ids added.

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
    added = []
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
        block.set(XML_ID, new_id)
        used.add(new_id)
        added.append(new_id)
    return added
