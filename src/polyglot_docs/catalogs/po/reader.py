"""Read PO and POT files into the catalog model, strictly.

Every syntax problem is reported with the file and line it is on; nothing is
guessed. The reader follows GNU gettext's grammar: comments, ``#|`` previous
strings, ``#~`` obsolete entries, the C escapes gettext writes plus octal and
hex escapes it reads, which are bytes in the catalog's charset (``\303\251``
is "é" in a UTF-8 catalog), and flags split as gettext splits them. Plural
entries are refused: a document catalog holds one translation per block.

Refused where gettext would read something other than what the file shows: a
carriage return outside a string (gettext reads CR as white space, not as a
line end, so a file with CR line ends reads as one line and loses every entry
after its first comment), and an entry defined twice, obsolete or not.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_docs.catalogs.model import FORMAT_LANGUAGES, Catalog, Message
from polyglot_docs.core.errors import CatalogError

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:+-]+)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(\".*)$")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\", '"': '"'}
# gettext reads up to three octal digits, or as many hex digits as follow \x, and keeps the low byte.
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+|.)", re.DOTALL)
# A non-ASCII byte from an escape stands in the string as U+DC00 + byte (as the surrogateescape error
# handler writes it) until the field is complete; then the field's bytes are decoded in the catalog's
# charset, so that escapes and literal text form characters together, as in gettext's byte buffer.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# The strings of a keyword line, to find a carriage return outside them.
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
# gettext splits a "#," line at commas and ASCII white space ("\n \t\r\f\v,").
_FLAG_WORD = re.compile(r"[^ \t\n\r\f\v]+")
_FORMAT_LANGUAGES = frozenset(FORMAT_LANGUAGES)
_INT_MAX = 2**31 - 1
# An odd run of backslashes escapes the quote after it; an even run (or none) does not.
_BARE_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')


def read_po_file(path: Path, display: str | None = None) -> Catalog:
    """Read a catalog; errors name it as ``display`` (default: the path)."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror}", name) from error
    return read_po(data, name)


def read_po(data: bytes, path: str = "<catalog>") -> Catalog:
    text, encoding = _decode(data, path)
    catalog = _Parser(path, encoding).parse(text)
    catalog.header = utf8_header(catalog.header)
    return catalog


def utf8_header(header: str) -> str:
    """The header with its charset declared as UTF-8: the model holds text, always written as UTF-8."""
    catalog = Catalog(header=header)
    charset = catalog.header_field("Content-Type")
    if charset is not None and "charset=" in charset and not re.search(r"charset=UTF-8\b", charset):
        catalog.set_header_field("Content-Type", re.sub(r"charset=\S+", "charset=UTF-8", charset))
    return catalog.header


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """The file's text and the codec it was decoded with."""
    if data.startswith(codecs.BOM_UTF8):
        raise CatalogError("catalog starts with a byte-order mark; save it as UTF-8 without BOM", path, 1)
    if b"\0" in data:
        raise CatalogError("catalog contains a NUL byte", path, data[: data.index(b"\0")].count(b"\n") + 1)
    match = _CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii") if match else None
    if declared in (None, "CHARSET"):
        encoding = "utf-8"
    else:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError as error:
            line = data[: match.start()].count(b"\n") + 1 if match else None
            raise CatalogError(f"unknown charset {declared!r} in the header", path, line) from error
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if declared in (None, "CHARSET"):
            raise CatalogError("catalog is not UTF-8 and its header declares no charset", path, line) from error
        raise CatalogError(f"invalid {declared} byte sequence", path, line) from error


@dataclass
class _Entry:
    lineno: int = 0
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # the "#," lines, as written
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool | None = None

    @property
    def started(self) -> bool:
        return bool(self.fields or self.translator_comments or self.extracted_comments
                    or self.references or self.flags or self.previous)


class _Parser:
    def __init__(self, path: str, encoding: str = "utf-8"):
        self.path = path
        self.encoding = encoding
        self.catalog = Catalog()
        self.seen: dict[tuple[str | None, str], int] = {}
        self.header_seen = False
        # Set by the first non-ASCII byte escape: from then on each entry's strings are decoded (an entry's
        # first string is read before the entry before it is finished, so a per-entry flag would not do).
        self.escaped_bytes = False

    def error(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, self.path, line)

    def parse(self, text: str) -> Catalog:
        self.entry = _Entry()
        # (field name, previous?) that a continuation string line extends
        self.target: tuple[str, bool] | None = None
        for lineno, raw in enumerate(text.split("\n"), start=1):
            self.line(raw, lineno)
        if self.entry.started:
            self.finish(self.entry)
        return self.catalog

    def line(self, raw: str, lineno: int) -> None:
        line = raw.rstrip("\r")
        stripped = line.strip()
        comment = stripped.startswith("#") and not stripped.startswith(("#~", "#|"))
        if comment:
            # Comments keep trailing white space, as gettext keeps it.
            stripped = line.lstrip()
        if "\r" in line and (comment or "\r" in _STRINGS.sub("", line)):
            raise self.error("carriage return (CR) that is not part of a CRLF line end: gettext does not read CR as "
                             "a line end, so this catalog would lose entries; save it with LF line ends", lineno)
        if not stripped:
            self.target = None
            return
        obsolete = False
        previous = False
        if stripped.startswith("#~"):
            obsolete = True
            stripped = stripped[2:]
            if stripped.startswith("|"):
                previous = True
                stripped = stripped[1:]
            stripped = stripped.strip()
            if not stripped:
                return
        elif stripped.startswith("#|"):
            previous = True
            stripped = stripped[2:].strip()
        elif stripped.startswith("#"):
            if "msgstr" in self.entry.fields:
                self.entry = self.finish(self.entry)
            self.comment(self.entry, stripped, lineno)
            self.target = None
            return
        if stripped.startswith('"'):
            self.continuation(stripped, previous, lineno)
        else:
            self.keyword(stripped, previous, obsolete, lineno)

    def continuation(self, stripped: str, previous: bool, lineno: int) -> None:
        if self.target is None:
            raise self.error("string continuation without a keyword before it", lineno)
        name, is_previous = self.target
        if is_previous != previous:
            raise self.error("string continuation does not match the line before it", lineno)
        store = self.entry.previous if is_previous else self.entry.fields
        store[name] += self.string(stripped, lineno)

    def keyword(self, stripped: str, previous: bool, obsolete: bool, lineno: int) -> None:
        match = _KEYWORD.match(stripped)
        if not match:
            raise self.error(f"syntax error: {stripped[:40]!r}", lineno)
        keyword, rest = match.groups()
        if keyword == "msgid_plural" or keyword.startswith("msgstr["):
            raise self.error("plural entries are not allowed in a document catalog", lineno)
        value = self.string(rest, lineno)
        entry = self.entry
        if previous:
            if keyword not in ("msgctxt", "msgid"):
                raise self.error(f"'#|' cannot hold {keyword}", lineno)
            if "msgstr" in entry.fields:
                entry = self.entry = self.finish(entry)
            if keyword in entry.previous:
                raise self.error(f"duplicate previous {keyword}", lineno)
            entry.previous[keyword] = value
            self.target = (keyword, True)
            self.mark(entry, lineno, obsolete)
            return
        if keyword in ("msgctxt", "msgid") and "msgstr" in entry.fields:
            entry = self.entry = self.finish(entry)
        self.check_order(entry, keyword, lineno)
        self.mark(entry, lineno, obsolete)
        entry.fields[keyword] = value
        entry.field_lines[keyword] = lineno
        self.target = (keyword, False)

    def check_order(self, entry: _Entry, keyword: str, lineno: int) -> None:
        """An entry's keywords come once each, in gettext's order: msgctxt, msgid, msgstr."""
        if keyword in ("msgctxt", "msgid") and "msgid" in entry.fields:
            raise self.error("entry has no msgstr", entry.field_lines["msgid"])
        if keyword in entry.fields:
            raise self.error(f"duplicate {keyword} in one entry", lineno)
        if keyword == "msgid" and "msgctxt" not in entry.fields and entry.fields:
            raise self.error("msgid out of order", lineno)
        if keyword == "msgstr" and "msgid" not in entry.fields:
            raise self.error("msgstr without msgid", lineno)
        if keyword == "msgctxt" and "msgid" in entry.fields:
            raise self.error("msgctxt after msgid", lineno)

    def mark(self, entry: _Entry, lineno: int, obsolete: bool) -> None:
        if not entry.lineno:
            entry.lineno = lineno
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise self.error("entry mixes obsolete (#~) and active lines", lineno)

    def comment(self, entry: _Entry, stripped: str, lineno: int) -> None:
        if not entry.lineno:
            entry.lineno = lineno
        kind = stripped[1:2]
        body = stripped[2:]
        if kind != " " and body.startswith(" "):
            body = body[1:]
        if kind == ".":
            entry.extracted_comments.append(body)
        elif kind == ":":
            entry.references.extend(body.split())
        elif kind == ",":
            entry.flags.append(body)
        elif kind in (" ", ""):
            entry.translator_comments.append(body if kind == " " else "")
        else:
            # gettext treats any other "#x" line as a translator comment.
            entry.translator_comments.append(stripped[1:])

    def string(self, rest: str, lineno: int) -> str:
        rest = rest.strip()
        if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
            # A string closed by its quote, then something else ('msgstr "Москва" garbage'), is not unterminated.
            closing = _BARE_QUOTE.search(rest, 1) if rest.startswith('"') else None
            raise self.error("unexpected text after the string" if closing else "unterminated string", lineno)
        body = rest[1:-1]
        if "\\" not in body:
            if '"' in body:
                raise self.error("unescaped double quote inside a string", lineno)
            return body
        # A quote not preceded by an escaping backslash ends the string early.
        if _BARE_QUOTE.search(body):
            raise self.error("unescaped double quote inside a string", lineno)
        if (len(body) - len(body.rstrip("\\"))) % 2:
            raise self.error("unterminated string", lineno)

        def unescape(match: re.Match[str]) -> str:
            code = match.group(1)
            if code in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[code]
            if code[0] in "01234567":
                return self.byte(int(code, 8))
            if code[0] == "x" and len(code) > 1:
                return self.byte(int(code[1:][-2:], 16))  # the low byte, as gettext keeps it
            raise self.error(f"invalid escape sequence '\\{code[0]}'", lineno)

        value = _ESCAPE.sub(unescape, body)
        if "\0" in value:
            raise self.error("string contains a NUL character", lineno)
        return value

    def byte(self, value: int) -> str:
        """The stand-in for a byte from an escape (see _ESCAPED_BYTE)."""
        value &= 0xFF
        if value < 0x80:
            return chr(value)
        self.escaped_bytes = True
        return chr(0xDC00 + value)

    def decode_escaped_bytes(self, entry: _Entry) -> None:
        """Turn the escaped bytes of the entry's strings into characters of the catalog's charset."""
        for store, lines in ((entry.fields, entry.field_lines), (entry.previous, {})):
            for name, value in store.items():
                if not _ESCAPED_BYTE.search(value):
                    continue
                try:
                    store[name] = value.encode(self.encoding, "surrogateescape").decode(self.encoding)
                except UnicodeError as error:
                    raise self.error(f"escape sequences in {name} are not a valid {self.encoding} byte sequence",
                                     lines.get(name, entry.lineno)) from error

    def finish(self, entry: _Entry) -> _Entry:
        if self.escaped_bytes:
            self.decode_escaped_bytes(entry)
        if "msgid" not in entry.fields:
            if entry.started and (entry.fields or entry.previous):
                raise self.error("entry has no msgid", entry.lineno)
            if entry.started:
                # Trailing comments with no entry: gettext ignores them too.
                return _Entry()
        if "msgstr" not in entry.fields:
            raise self.error("entry has no msgstr", entry.field_lines.get("msgid", entry.lineno))
        msgctxt = entry.fields.get("msgctxt")
        msgid = entry.fields["msgid"]
        if "\x04" in msgid or (msgctxt and "\x04" in msgctxt):
            raise self.error("context separator <EOT> within msgctxt or msgid", entry.lineno)
        if msgctxt is None and msgid == "" and not entry.obsolete:
            if self.header_seen:
                raise self.error("duplicate header entry", entry.lineno)
            self.header_seen = True
            self.catalog.header = entry.fields["msgstr"]
            self.catalog.header_comments = entry.translator_comments
            self.catalog.header_fuzzy = read_flags(entry.flags)[0]
            return _Entry()
        key = (msgctxt, msgid)
        # gettext refuses an entry defined twice, whether active or obsolete ("duplicate message definition").
        if key in self.seen:
            raise self.error(f"duplicate entry (first defined on line {self.seen[key]})", entry.lineno)
        self.seen[key] = entry.lineno
        fuzzy, no_wrap, flags = read_flags(entry.flags) if entry.flags else (False, False, [])
        message = Message(
            msgid=msgid,
            msgstr=entry.fields["msgstr"],
            msgctxt=msgctxt,
            translator_comments=entry.translator_comments,
            extracted_comments=entry.extracted_comments,
            references=entry.references,
            fuzzy=fuzzy,
            no_wrap=no_wrap,
            flags=flags,
            previous_msgctxt=entry.previous.get("msgctxt"),
            previous_msgid=entry.previous.get("msgid"),
            obsolete=bool(entry.obsolete),
            lineno=entry.lineno,
            msgstr_lineno=entry.field_lines["msgstr"],
        )
        (self.catalog.obsolete if message.obsolete else self.catalog.messages).append(message)
        return _Entry()


def read_flags(lines: list[str]) -> tuple[bool, bool, list[str]]:
    """Fuzzy, no-wrap and the other flags of an entry's "#," lines, read as gettext reads them.

    gettext splits a line into words at commas and white space and ignores a word it does not know;
    such words are kept here as foreign flags: a comma-separated piece of which gettext knows no word
    whole (a Weblate flag may hold a space), an unknown word in any other piece alone. gettext keeps
    only an entry's last "#," line; here every line counts, so that a "#, fuzzy" line a translator
    added above another line keeps the entry fuzzy.
    """
    reading = _FlagReading()
    for line in lines:
        pending_range = False  # "range:" takes the next word, as in gettext, even past a comma
        for piece in line.split(","):
            words = _FLAG_WORD.findall(piece)
            if not words:
                continue
            if not pending_range and len(words) > 1 and not any(map(_known_flag_word, words)):
                reading.foreign.setdefault(piece.strip(" \t\n\r\f\v"), None)
            else:
                pending_range = reading.read_words(words, pending_range)
    return reading.fuzzy, reading.no_wrap, reading.flags()


@dataclass
class _FlagReading:
    fuzzy: bool = False
    no_wrap: bool = False
    formats: dict[str, str] = field(default_factory=dict)  # language -> "yes", "no" or "impossible"
    range: tuple[int, int] | None = None
    foreign: dict[str, None] = field(default_factory=dict)  # an ordered set

    def read_words(self, words: list[str], pending_range: bool) -> bool:
        """Read words gettext's way; True when the last word is a "range:" still waiting for its value."""
        for word in words:
            if pending_range:
                self.read_range(word)
                pending_range = False
            elif word == "range:":
                pending_range = True
            elif word == "fuzzy":
                self.fuzzy = True
            elif word in ("wrap", "no-wrap"):
                self.no_wrap = word == "no-wrap"  # the last one wins
            elif (format_flag := _format_flag(word)) is not None:
                self.formats[format_flag[0]] = format_flag[1]  # the last one for a language wins
            else:
                self.foreign.setdefault(word, None)
        return pending_range

    def read_range(self, word: str) -> None:
        # gettext (read-catalog-abstract.c): digits, "..", digits, anything after them ignored, min <= max,
        # each number capped at INT_MAX; a value it cannot read leaves the range as it was.
        match = re.match(r"([0-9]+)\.\.([0-9]+)", word)
        if match:
            low, high = (min(int(n.lstrip("0")[:11] or "0"), _INT_MAX) for n in match.groups())
            if low <= high:
                self.range = (low, high)

    def flags(self) -> list[str]:
        """The flags other than fuzzy and no-wrap, in the order msgcat writes them, foreign ones last."""
        written = {language: value for language, value in self.formats.items() if value != "impossible"}
        found = [f"{language}-format" if written[language] == "yes" else f"no-{language}-format"
                 for language in FORMAT_LANGUAGES if language in written]
        if self.range is not None:
            found.append(f"range: {self.range[0]}..{self.range[1]}")
        return found + list(self.foreign)


def _format_flag(word: str) -> tuple[str, str] | None:
    """(language, "yes", "no" or "impossible") for a format flag gettext knows, as gettext's parse_flag reads it."""
    if not word.endswith("-format"):
        return None
    name = word[:-7]
    value = "yes"  # "possible-" is written as plain "c-format" by msgcat, and "impossible-" not at all
    for prefix, meaning in (("no-", "no"), ("possible-", "yes"), ("impossible-", "impossible")):
        if name.startswith(prefix):
            name, value = name[len(prefix):], meaning
            break
    return (name, value) if name in _FORMAT_LANGUAGES else None


def _known_flag_word(word: str) -> bool:
    return word in ("fuzzy", "wrap", "no-wrap", "range:") or _format_flag(word) is not None
