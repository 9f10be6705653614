"""Word-level differences between two versions of a unit's source text.

The editors' dashboard (``report``) and draft editions both show a reviewer what changed in the
source since a translation was made. Both read the same diff from here, as plain data (runs of
equal, deleted and inserted text) that templates render with autoescaping.
"""

from __future__ import annotations

import difflib
import html
import re

from lxml import etree

from polyglot_docs.documents.inline import InlineCode, collapse, decode_translation

DiffOp = dict[str, str]  # {"op": "equal" | "delete" | "insert", "text": ...}

_TOKENS = re.compile(r"\s+|[^\s]+")
_TAG = re.compile(r"<[^>]*>")


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Word-level changes from ``old`` to ``new``: runs of equal, deleted and inserted text."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append({"op": "equal", "text": "".join(a[i1:i2])})
            continue
        if i2 > i1:
            ops.append({"op": "delete", "text": "".join(a[i1:i2])})
        if j2 > j1:
            ops.append({"op": "insert", "text": "".join(b[j1:j2])})
    return ops


def reader_text(encoded: str, codes: dict[str, InlineCode]) -> str:
    """The text a reader sees of a unit's msgid-form text: tags dropped, placeholders spelled out.

    A placeholder (``<x1/>``) stands for a protected source span, so it is read from ``codes``;
    an earlier source's msgid is read with the current unit's codes, the best guess there is.
    """
    try:
        root = decode_translation(encoded, codes)
        text = "".join(root.itertext())
    except etree.XMLSyntaxError:
        # A hand-edited ``#|`` line need not be well-formed: drop anything tag-like instead.
        text = html.unescape(_TAG.sub("", encoded))
    return collapse(text).strip(" ")


def source_change(previous: str, current: str, codes: dict[str, InlineCode]) -> list[DiffOp] | None:
    """What a reader would see change from ``previous`` to ``current`` (msgid form); None if nothing."""
    ops = word_diff(reader_text(previous, codes), reader_text(current, codes))
    return ops if any(op["op"] != "equal" for op in ops) else None
