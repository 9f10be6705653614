"""The catalog model: gettext messages as plain data, apart from any file format.

A :class:`Catalog` is what a PO or POT file holds; ``po.reader`` builds one from
bytes and ``po.writer`` turns one into the bytes GNU gettext itself would write.
Everything that decides *what* a catalog contains (extraction, update, init)
works on this model only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Message:
    """One gettext entry. Document catalogs never use plurals."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    fuzzy: bool = False
    no_wrap: bool = False
    # Every other flag of the entry's "#," line, as gettext spells it ("c-format", "range: 0..9"), then
    # the flags gettext does not know ("max-length:100", Weblate's) as they were written: an update keeps
    # them all. See po.reader for how a line is split, po.writer for the order they are written in.
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False
    # Where the entry stood in the file it was read from (0 when it was built).
    lineno: int = 0
    msgstr_lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class Catalog:
    """A PO file's content: a header entry, active messages, obsolete messages."""

    header: str = ""
    header_comments: list[str] = field(default_factory=list)
    header_fuzzy: bool = False
    messages: list[Message] = field(default_factory=list)
    obsolete: list[Message] = field(default_factory=list)

    def header_field(self, name: str) -> str | None:
        for key, value in _header_lines(self.header):
            if key is not None and key.lower() == name.lower():
                return value
        return None

    def set_header_field(self, name: str, value: str, *, after: str | None = None) -> None:
        """Set a header field in place, or add it (after ``after`` when given)."""
        lines = self.header.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        entry = f"{name}: {value}"
        for i, line in enumerate(lines):
            key = _field_name(line)
            if key is not None and key.lower() == name.lower():
                lines[i] = entry
                break
        else:
            position = len(lines)
            if after is not None:
                for i, line in enumerate(lines):
                    key = _field_name(line)
                    if key is not None and key.lower() == after.lower():
                        position = i + 1
            lines.insert(position, entry)
        self.header = "".join(line + "\n" for line in lines)

    def by_context(self) -> dict[str, Message]:
        return {m.msgctxt: m for m in self.messages if m.msgctxt is not None}


# The languages of gettext's format flags ("c-format", "no-python-format"), in the order msgcat
# writes them (gettext 0.21, format.c); a flag for a language not listed is kept as a foreign flag.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
    "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
    "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)
_FORMAT_RANK = {language: rank for rank, language in enumerate(FORMAT_LANGUAGES)}
RANGE_RANK = len(FORMAT_LANGUAGES)


def gettext_flag_rank(flag: str) -> int | None:
    """Where msgcat writes ``flag`` among an entry's flags (after fuzzy, before no-wrap); None: a foreign flag."""
    if flag.startswith("range: "):
        return RANGE_RANK
    if flag.endswith("-format"):
        return _FORMAT_RANK.get(flag[3:-7] if flag.startswith("no-") else flag[:-7])
    return None


_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$")


def _field_name(line: str) -> str | None:
    match = _FIELD.match(line)
    return match.group(1) if match else None


def _header_lines(header: str) -> list[tuple[str | None, str]]:
    result: list[tuple[str | None, str]] = []
    for line in header.split("\n"):
        match = _FIELD.match(line)
        result.append((match.group(1), match.group(2)) if match else (None, line))
    return result
