"""Catalogs as plain data for the cache, so that a catalog already read or written is not parsed again.

Reading PO text in Python costs about a millisecond per catalog, and an update of a large
repository reads and rewrites every catalog. A snapshot holds a catalog exactly as
:func:`read_po` returns it, as JSON-ready lists, with the digest of the file's bytes; the
caller keeps it in the cache and trusts it only for a file with that digest. For a file that
:func:`write_po` wrote, the snapshot also records where each entry stands in the bytes, and
``write_po`` copies an entry that did not change instead of laying it out again.

The snapshot of a catalog just written is made without parsing what was written: it applies
the few changes that reading back makes (flags, comment lines, references, line numbers).
A row holds a message's fields by position (``_row``, ``catalog_from_snapshot``): a field added to
Message goes into both, and core.cache's format is bumped so that older rows read as misses.
``tests/test_po.py`` checks it against ``read_po`` on generated catalogs.
"""

from __future__ import annotations

import re
from typing import Any

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.po.reader import read_flags, utf8_header
from polyglot_docs.catalogs.po.writer import (
    COMMENT_LINE_BREAK,
    Fingerprint,
    fingerprint,
    reference_text,
    written_flags,
)

Snapshot = dict[str, Any]
_SPACE = re.compile(r"\s")
_MSGSTR_LINE = re.compile(rb"^(?:#~ )?msgstr ", re.MULTILINE)


class Known(dict[Fingerprint, bytes]):
    """The entries of a file the writer wrote, by fingerprint, for ``write_po`` to copy.

    It also keeps each copied entry's snapshot row, by the identity of its bytes, so that the
    snapshot of a file that copies an entry takes the row instead of deriving it again.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, list[Any]] = {}


def snapshot_of_read(catalog: Catalog, data_digest: str) -> Snapshot:
    """The snapshot of a catalog as read from a file (entries not reusable as text)."""
    return {
        "digest": data_digest,
        "header": [catalog.header, catalog.header_comments, catalog.header_fuzzy],
        "messages": [_row(m, m.lineno, m.msgstr_lineno, None) for m in catalog.messages],
        "obsolete": [_row(m, m.lineno, m.msgstr_lineno, None) for m in catalog.obsolete],
    }


def snapshot_of_written(catalog: Catalog, blocks: list[bytes], data_digest: str, known: Known | None = None
                        ) -> Snapshot | None:
    """The snapshot of ``b"\\n".join(blocks)``, the output of ``write_po_blocks(catalog, known)``.

    None when the catalog is one reading back would refuse (an active entry with neither
    context nor text would read as a second header).
    """
    if any(m.msgctxt is None and not m.msgid for m in catalog.messages):
        return None
    rows: dict[str, list[list[Any]]] = {"messages": [], "obsolete": []}
    line = 1 + blocks[0].count(b"\n") + 1  # the header, then the empty line after it
    offset = len(blocks[0]) + 1
    entries = [(False, m) for m in catalog.messages] + [(True, m) for m in catalog.obsolete if m.msgstr]
    copied = known.rows if known else {}
    for (obsolete, message), block in zip(entries, blocks[1:], strict=True):
        span = (offset, offset + len(block))
        if (row := copied.get(id(block))) is not None:  # the entry's bytes were copied: so is its row
            row = [*row[:11], line, line + row[12] - row[11], span]
        else:
            msgstr_at = _MSGSTR_LINE.search(block)
            assert msgstr_at is not None
            row = _row(_as_read(message, obsolete), line, line + block.count(b"\n", 0, msgstr_at.start()), span)
        rows["obsolete" if obsolete else "messages"].append(row)
        line += block.count(b"\n") + 1
        offset += len(block) + 1
    return {
        "digest": data_digest,
        "header": [utf8_header(catalog.header), _comments_as_read(catalog.header_comments),
                   catalog.header_fuzzy and bool(catalog.header)],
        **rows,
    }


def catalog_from_snapshot(snapshot: Snapshot, data: bytes) -> tuple[Catalog, Known]:
    """The catalog, and the entries ``write_po`` may copy (from ``data``)."""
    header, header_comments, header_fuzzy = snapshot["header"]
    catalog = Catalog(header=header, header_comments=header_comments, header_fuzzy=header_fuzzy)
    known = Known()
    for obsolete, rows, into in ((False, snapshot["messages"], catalog.messages),
                                 (True, snapshot["obsolete"], catalog.obsolete)):
        for row in rows:
            (msgid, msgstr, msgctxt, translator_comments, extracted_comments, references, fuzzy, no_wrap, flags,
             previous_msgctxt, previous_msgid, lineno, msgstr_lineno, span) = row
            message = Message(msgid, msgstr, msgctxt, translator_comments, extracted_comments, references,
                              fuzzy, no_wrap, flags, previous_msgctxt, previous_msgid, obsolete, lineno, msgstr_lineno)
            into.append(message)
            if span is not None:
                block = data[span[0]:span[1]]
                known[fingerprint(message, obsolete)] = block
                known.rows[id(block)] = row
    return catalog, known


def _row(m: Message, lineno: int, msgstr_lineno: int, span: tuple[int, int] | None) -> list[Any]:
    return [m.msgid, m.msgstr, m.msgctxt, m.translator_comments, m.extracted_comments, m.references, m.fuzzy,
            m.no_wrap, m.flags, m.previous_msgctxt, m.previous_msgid, lineno, msgstr_lineno, span]


def _as_read(m: Message, obsolete: bool) -> Message:
    """``m`` as reading back its written entry returns it (see po.writer)."""
    if (m.obsolete == obsolete and (m.msgstr or not m.fuzzy) and not m.flags
            and _comments_read_alike(m.translator_comments) and _comments_read_alike(m.extracted_comments)
            and len(set(m.references)) == len(m.references)
            and not any(_SPACE.search(r) or r.startswith("./") for r in m.references)):
        return m  # the usual case: nothing changes on the way back
    # The flags as the reader reads the line the writer wrote (its order, an obsolete entry's range dropped).
    flags = written_flags(m, obsolete)
    fuzzy, no_wrap, other_flags = read_flags([", ".join(flags)]) if flags else (False, False, [])
    return Message(
        msgid=m.msgid, msgstr=m.msgstr, msgctxt=m.msgctxt,
        translator_comments=_comments_as_read(m.translator_comments),
        extracted_comments=_comments_as_read(m.extracted_comments),
        references=[piece for reference in dict.fromkeys(map(reference_text, m.references))
                    for piece in reference.split()],
        fuzzy=fuzzy, no_wrap=no_wrap, flags=other_flags,
        previous_msgctxt=m.previous_msgctxt, previous_msgid=m.previous_msgid, obsolete=obsolete)


def _comments_read_alike(comments: list[str]) -> bool:
    return not any("\n" in c or "\r" in c or c.endswith("\\") for c in comments)


def _comments_as_read(comments: list[str]) -> list[str]:
    # The writer prints one line per line of a comment (a CR, a CRLF or an LF ends one) and ends a
    # line that ends in a backslash with a space.
    return [piece + " " if piece.endswith("\\") else piece
            for comment in comments for piece in COMMENT_LINE_BREAK.split(comment)]
