"""Write a catalog as the bytes GNU gettext's ``msgcat`` would print for it.

The layout follows gettext's write-po.c: page width 79, strings split after
each embedded newline, each piece wrapped at Unicode line-break opportunities
with the breaking space left at the end of a line, no break inside an escape
sequence, an empty first line when a string wraps, obsolete entries last and
without a range flag, the fuzzy flag dropped from an entry with no translation,
flags in msgcat's order, and a leading ``./`` dropped from each reference. The
property test in tests/ checks every byte against the real ``msgcat``; the one
thing msgcat would not print is a flag gettext does not know (Weblate's
``max-length:100``), which is kept, after the flags gettext knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import lru_cache
from typing import Any, get_origin, get_type_hints

from polyglot_docs.catalogs.model import RANGE_RANK, Catalog, Message, gettext_flag_rank
from polyglot_docs.catalogs.po.linebreak import BREAK_POSSIBLE, BREAK_PROHIBITED, BREAK_UNDEFINED, width_linebreaks

PAGE_WIDTH = 79
_INT_MAX = 2**31 - 1
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}


Fingerprint = tuple[object, ...]
COMMENT_LINE_BREAK = re.compile(r"\r\n?|\n")

# The fields of a Message that its PO text does not depend on: where the entry stood in the file it
# was read from, and ``obsolete``, which the writer takes from the list the entry is in (it is passed
# to fingerprint() on its own). Every other field is in the fingerprint, a field added later too.
NOT_WRITTEN = frozenset({"lineno", "msgstr_lineno", "obsolete"})
FINGERPRINT_FIELDS = tuple(f.name for f in fields(Message) if f.name not in NOT_WRITTEN)


def _fingerprint_function() -> Callable[[Message, bool], Fingerprint]:
    """``fingerprint``, written out over FINGERPRINT_FIELDS once, as dataclasses writes ``__eq__``.

    A field's value is taken as it is, but a list becomes a tuple, so that the fingerprint hashes,
    and fuzzy counts only with a translation, as the writer prints the flag only then. Written out,
    it costs what a hand-kept tuple costs; ``operator.attrgetter`` with ``map(tuple, ...)`` over the
    lists takes three times as long, twice per entry on the hot path of ``update``.
    """
    hints = get_type_hints(Message)
    values = []
    for name in FINGERPRINT_FIELDS:
        if name == "fuzzy":
            values.append("m.fuzzy and bool(m.msgstr)")
        elif get_origin(hints[name]) is list:
            values.append(f"tuple(m.{name})")
        else:
            values.append(f"m.{name}")
    namespace: dict[str, Any] = {}
    exec(f"def fingerprint(m, obsolete):\n    return (obsolete, {', '.join(values)})\n", namespace)
    function: Callable[[Message, bool], Fingerprint] = namespace["fingerprint"]
    function.__doc__ = "Everything of a message that its PO text depends on: equal fingerprints, equal bytes."
    return function


fingerprint = _fingerprint_function()


def write_po(catalog: Catalog, known: Mapping[Fingerprint, bytes] | None = None) -> bytes:
    """Serialise ``catalog`` as UTF-8 PO text, byte for byte as msgcat would."""
    return b"\n".join(write_po_blocks(catalog, known))


def write_po_blocks(catalog: Catalog, known: Mapping[Fingerprint, bytes] | None = None) -> list[bytes]:
    """The entries of :func:`write_po`'s output (header first), which joins them with empty lines.

    ``known`` maps message fingerprints to the text those messages already had in a file this
    function wrote: an entry that did not change is copied, not laid out again.
    """
    blocks = [_block(_header_lines(catalog))]
    for obsolete, messages in ((False, catalog.messages), (True, catalog.obsolete)):
        for message in messages:
            if obsolete and not message.msgstr:
                continue
            text = known.get(fingerprint(message, obsolete)) if known else None
            blocks.append(text if text is not None else _block(_message_lines(message, obsolete=obsolete)))
    return blocks


def _block(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _header_lines(catalog: Catalog) -> list[str]:
    lines = _comment_lines("#", catalog.header_comments)
    if catalog.header_fuzzy and catalog.header:
        lines.append("#, fuzzy")
    lines += wrap("msgid", "")
    lines += wrap("msgstr", catalog.header)
    return lines


def _message_lines(message: Message, *, obsolete: bool) -> list[str]:
    lines = _comment_lines("#", message.translator_comments)
    lines += _comment_lines("#.", message.extracted_comments)
    if message.references:
        lines += _reference_lines(message.references)
    flags = written_flags(message, obsolete)
    if flags:
        lines.append("#, " + ", ".join(flags))
    no_wrap = message.no_wrap
    previous_prefix = "#~| " if obsolete else "#| "
    if message.previous_msgctxt is not None:
        lines += wrap("msgctxt", message.previous_msgctxt, previous_prefix, no_wrap)
    if message.previous_msgid is not None:
        lines += wrap("msgid", message.previous_msgid, previous_prefix, no_wrap)
    prefix = "#~ " if obsolete else ""
    if message.msgctxt is not None:
        lines += wrap("msgctxt", message.msgctxt, prefix, no_wrap)
    lines += wrap("msgid", message.msgid, prefix, no_wrap)
    lines += wrap("msgstr", message.msgstr, prefix, no_wrap)
    return lines


def written_flags(message: Message, obsolete: bool) -> list[str]:
    """The flags of the entry's "#," line, in msgcat's order: fuzzy, format flags, range, no-wrap.

    As gettext, the last flag for a format language wins, fuzzy counts only with a translation and an
    obsolete entry loses its range. Flags gettext does not know come last, in their own order: msgcat
    would drop them, but they are another tool's (Weblate's ``max-length:100``) and must survive.
    """
    flags = ["fuzzy"] if message.fuzzy and message.msgstr else []
    foreign: list[str] = []
    if message.flags:
        known: dict[int, str] = {}
        for flag in message.flags:
            rank = gettext_flag_rank(flag)
            if rank is None:
                foreign.append(flag)
            elif not (obsolete and rank == RANGE_RANK):
                known[rank] = flag
        flags += [known[rank] for rank in sorted(known)]
    if message.no_wrap:
        flags.append("no-wrap")
    return flags + foreign


def reference_text(reference: str) -> str:
    """A reference as msgcat prints it: without leading ``./`` (write-po.c strips every one)."""
    while reference.startswith("./"):
        reference = reference[2:]
    return reference


def _comment_lines(marker: str, comments: list[str]) -> list[str]:
    lines = []
    for comment in comments:
        # A CR ends a line too, as an LF does: written as it is, a lone CR would make a file the reader
        # refuses (gettext would take it for white space), so a comment not read from a file must not hold one.
        for piece in COMMENT_LINE_BREAK.split(comment) if "\r" in comment else comment.split("\n"):
            if piece.endswith("\\"):
                # gettext's lexer joins a line ending in a backslash with the next one.
                piece += " "
            lines.append(f"{marker} {piece}" if piece else marker)
    return lines


def _reference_lines(references: list[str]) -> list[str]:
    lines = []
    current = "#:"
    column = 2
    # Each position once, as gettext lists it. msgcat compares them before it drops "./" (and so prints
    # "a.xml a.xml" for "./a.xml a.xml", which it then reads as one): comparing after keeps the output
    # a file msgcat prints unchanged.
    for reference in dict.fromkeys(map(reference_text, references)):
        width = len(reference.encode("utf-8")) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += width
    lines.append(current)
    return lines


def wrap(name: str, value: str, prefix: str = "", no_wrap: bool = False) -> list[str]:
    """Lay out ``name "value"`` over lines exactly as gettext's wrap() does."""
    return list(_wrap(name, value, prefix, no_wrap))


@lru_cache(maxsize=1 << 16)
def _wrap(name: str, value: str, prefix: str, no_wrap: bool) -> tuple[str, ...]:
    # Cached: a source text recurs in every language's catalog, and most entries do not change.
    lines: list[str] = []
    first_line = True
    start = 0
    while True:
        end = value.find("\n", start)
        end = len(value) if end < 0 else end + 1
        portion, overrides = _escaped_portion(value[start:end])
        start_after_break = len(prefix) + 1
        width = (_INT_MAX if no_wrap else PAGE_WIDTH) - 1 - start_after_break
        while True:
            start_column = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - start_after_break
            # A UTF-8 byte count never undercounts display columns: a portion that fits by bytes
            # gets no break from libunistring, so the call can be skipped.
            fits = start_column + len(portion) <= width
            breaks = b"" if fits else width_linebreaks(portion, overrides, width, start_column)
            if first_line and portion and (
                end < len(value) or start_column > width or BREAK_POSSIBLE in breaks
            ):
                lines.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        pieces = []
        last = 0
        i = breaks.find(_POSSIBLE)
        while i >= 0:
            pieces.append(portion[last:i])
            last = i
            i = breaks.find(_POSSIBLE, i + 1)
        pieces.append(portion[last:])
        head = f"{prefix}{name} " if first_line else prefix
        first_line = False
        lines.append(head + '"' + pieces[0].decode("utf-8") + '"')
        lines.extend(prefix + '"' + piece.decode("utf-8") + '"' for piece in pieces[1:])
        start = end
        if start >= len(value):
            return tuple(lines)


_POSSIBLE = bytes([BREAK_POSSIBLE])
_ESCAPE_TABLE = str.maketrans({char: "\\" + letter for char, letter in _ESCAPES.items()})
# Continuation bytes of UTF-8 (10xxxxxx) may not start a line: break code 1 (prohibited), else 0 (undefined).
_CONTINUATION = bytes(BREAK_PROHIBITED if 0x80 <= b < 0xC0 else BREAK_UNDEFINED for b in range(256))


def _escaped_portion(text: str) -> tuple[bytes, bytes]:
    portion = text.translate(_ESCAPE_TABLE).encode("utf-8")
    overrides = bytearray(portion.translate(_CONTINUATION))
    if b"\\" in portion:
        # Every backslash of the escaped text starts a two-character escape: no break inside it.
        i = portion.find(b"\\")
        while i >= 0:
            overrides[i + 1] = BREAK_PROHIBITED
            i = portion.find(b"\\", i + 2)
    if text.endswith("\n"):
        # Never break right before the closing "\n" escape.
        overrides[len(portion) - 2] = BREAK_PROHIBITED
    return portion, bytes(overrides)
