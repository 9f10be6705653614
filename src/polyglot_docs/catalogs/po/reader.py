"""Read PO and POT files into the catalog model, strictly.

Every syntax problem is reported with the file and line it is on; nothing is
guessed. The reader follows GNU gettext's grammar: comments, ``#|`` previous
strings, ``#~`` obsolete entries, the C escapes gettext writes plus octal and
hex escapes it reads. Plural entries are refused: a document catalog holds
one translation per block.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.core.errors import CatalogError

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:+-]+)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(\".*)$")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)", re.DOTALL)
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
    text = _decode(data, path)
    catalog = _Parser(path).parse(text)
    catalog.header = utf8_header(catalog.header)
    return catalog


def utf8_header(header: str) -> str:
    """The header with its charset declared as UTF-8: the model holds text, always written as UTF-8."""
    catalog = Catalog(header=header)
    charset = catalog.header_field("Content-Type")
    if charset is not None and "charset=" in charset and not re.search(r"charset=UTF-8\b", charset):
        catalog.set_header_field("Content-Type", re.sub(r"charset=\S+", "charset=UTF-8", charset))
    return catalog.header


def _decode(data: bytes, path: str) -> str:
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
        return data.decode(encoding)
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
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool | None = None

    @property
    def started(self) -> bool:
        return bool(self.fields or self.translator_comments or self.extracted_comments
                    or self.references or self.flags or self.previous)


class _Parser:
    def __init__(self, path: str):
        self.path = path
        self.catalog = Catalog()
        self.seen: dict[tuple[str | None, str], int] = {}
        self.header_seen = False

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
        if stripped.startswith("#") and not stripped.startswith(("#~", "#|")):
            # Comments keep trailing white space, as gettext keeps it.
            stripped = line.lstrip()
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
            entry.flags.extend(flag.strip() for flag in body.split(",") if flag.strip())
        elif kind in (" ", ""):
            entry.translator_comments.append(body if kind == " " else "")
        else:
            # gettext treats any other "#x" line as a translator comment.
            entry.translator_comments.append(stripped[1:])

    def string(self, rest: str, lineno: int) -> str:
        rest = rest.strip()
        if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
            raise self.error("unterminated string", lineno)
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
                return chr(int(code, 8))
            if code[0] == "x" and len(code) > 1:
                return chr(int(code[1:], 16))
            raise self.error(f"invalid escape sequence '\\{code[0]}'", lineno)

        value = _ESCAPE.sub(unescape, body)
        if "\0" in value:
            raise self.error("string contains a NUL character", lineno)
        return value

    def finish(self, entry: _Entry) -> _Entry:
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
            self.catalog.header_fuzzy = "fuzzy" in entry.flags
            return _Entry()
        key = (msgctxt, msgid)
        if not entry.obsolete:
            if key in self.seen:
                raise self.error(
                    f"duplicate entry (first defined on line {self.seen[key]})", entry.lineno)
            self.seen[key] = entry.lineno
        # Flags such as "no-numbers-check" silence a check; gettext's tools drop flags they do not
        # know, so they are kept as the translator comment that means the same.
        comments = entry.translator_comments + [
            flag for flag in entry.flags
            if re.fullmatch(r"no-[a-z]+-check", flag) and flag not in entry.translator_comments]
        message = Message(
            msgid=msgid,
            msgstr=entry.fields["msgstr"],
            msgctxt=msgctxt,
            translator_comments=comments,
            extracted_comments=entry.extracted_comments,
            references=entry.references,
            fuzzy="fuzzy" in entry.flags,
            no_wrap="no-wrap" in entry.flags,
            previous_msgctxt=entry.previous.get("msgctxt"),
            previous_msgid=entry.previous.get("msgid"),
            obsolete=bool(entry.obsolete),
            lineno=entry.lineno,
            msgstr_lineno=entry.field_lines["msgstr"],
        )
        (self.catalog.obsolete if message.obsolete else self.catalog.messages).append(message)
        return _Entry()
