"""Plain text to a canonical document.

Paragraphs are lines, or blocks separated by blank lines (``auto`` picks blank-line
blocks when the text has blank lines). The first paragraph that is only a dateline
(``documents.datelines``: "Moscow, 26 September 2023", "26.09.2023", "Москва, 26 сентября
2023 г.") gives the document's date, and its place unless one is given. Without ``title`` the
first other paragraph is the title line, as in a statement whose first line is its title.

A generated id is the date and the title's words (Cyrillic transliterated), at most
:data:`GENERATED_ID_MAX` characters, cut after a whole word and never after a function word
("of", "the"); when another document has it, ``-2``, ``-3``… within the same length.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from polyglot_docs.core.errors import DocumentError
from polyglot_docs.core.xmlsafe import serialize_document
from polyglot_docs.documents.datelines import FORMS, Dateline, DatelineError, parse_dateline, resembles_dateline
from polyglot_docs.documents.inline import ITS_NS, XML_NS

GENERATED_ID_MAX = 60
Paragraph = tuple[int, str]  # the line it starts on, its text
# The title of the document that has an id (None when no document has it), to keep generated ids unique.
ExistingTitle = Callable[[str], str | None]
# Words a cut id does not end on.
_FUNCTION_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
                             "with", "i", "v", "vo", "s", "so", "k", "ko", "o", "ob", "na", "po", "za", "ot", "do",
                             "dlia", "pri"})
# Cyrillic letters in ASCII: Russian as in passports since 2013, and the letters Belarusian, Kazakh, Kyrgyz, Tajik add.
_TRANSLITERATION = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ў": "u", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
})


def parse_date_line(line: str) -> dt.date | None:
    """The date a line consists of, or None when it is not a date line (or names a date that does not exist)."""
    try:
        dateline = parse_dateline(line)
    except DatelineError:
        return None
    return dateline.date if dateline else None


def numbered_paragraphs(text: str, split: str = "auto") -> list[Paragraph]:
    """The text's paragraphs, whitespace collapsed, each with the number of the line it starts on."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if split == "auto":
        split = "blank" if re.search(r"\S\n[ \t]*\n\s*\S", text) else "line"
    if split not in ("line", "blank"):
        raise ValueError(f"unknown paragraph split {split!r}")
    separator = re.compile(r"\n" if split == "line" else r"\n[ \t]*\n")
    paragraphs: list[Paragraph] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        if block.strip():
            first = start + len(block) - len(block.lstrip())
            paragraphs.append((text.count("\n", 0, first) + 1, " ".join(block.split())))
        if match:
            start = match.end()
    return paragraphs


def split_paragraphs(text: str, split: str = "auto") -> list[str]:
    return [paragraph for _, paragraph in numbered_paragraphs(text, split)]


def slug(text: str, limit: int = GENERATED_ID_MAX) -> str:
    """The text's words in lower-case ASCII joined by hyphens, at most ``limit`` characters, cut after a word."""
    ascii_text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATION))
    words = re.findall(r"[a-z0-9]+", ascii_text.encode("ascii", "ignore").decode())
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            while len(kept) > 1 and kept[-1] in _FUNCTION_WORDS:
                kept.pop()
            break
        kept.append(word)
    if not kept and words:  # a first word longer than the limit: cut inside it, the only way left
        kept = [words[0][:limit]]
    return "-".join(kept) or "document"


def generated_id(date: dt.date, title: str, suffix: str = "") -> str:
    """The id of a document of this date and title: at most GENERATED_ID_MAX characters, ``suffix`` included."""
    prefix = f"{date.isoformat()}-"
    return f"{prefix}{slug(title, GENERATED_ID_MAX - len(prefix) - len(suffix))}{suffix}"


def unique_id(date: dt.date, title: str, existing: ExistingTitle, source: str) -> str:
    """The generated id no other document has: the first of id, id-2, id-3… that is free or is this document.

    A document with the same title is this one, imported before (replaced with ``--force``, refused without).
    """
    wanted = " ".join(title.split()).casefold()
    for number in range(1, 1000):
        candidate = generated_id(date, title, f"-{number}" if number > 1 else "")
        found = existing(candidate)
        if found is None or " ".join(found.split()).casefold() == wanted:
            return candidate
    raise DocumentError(f"999 documents already have the id {generated_id(date, title)!r} or one like it; "
                        "pass --id", source)


def import_text(text: str, *, source: str, doc_type: str, lang: str, organisation: str,
                doc_id: str | None = None, date: dt.date | None = None, place: str | None = None,
                title: str | None = None, split: str = "auto", existing: ExistingTitle | None = None,
                ) -> tuple[str, bytes]:
    """Build a canonical document from plain text; return its id and XML bytes.

    ``existing`` gives the title of the document that has an id already, for a generated id to be
    unique (see :func:`unique_id`); without it the generated id is not checked against any.
    """
    paragraphs = numbered_paragraphs(text, split)
    if not paragraphs:
        where = "standard input" if source == "<stdin>" else "the file"
        raise DocumentError(f"{where} is empty" + (" (only blank lines)" if text.strip("\ufeff") else ""), source)
    dateline, kept = _take_dateline(paragraphs, source, date, title is None)
    if title is None:
        if not kept:
            raise DocumentError("the text has only its date line: no title, no paragraphs", source)
        title = kept.pop(0)[1]
    if not kept:
        raise DocumentError("the text has no paragraphs besides its title", source)
    if not organisation:
        raise DocumentError("no organisation: pass --organisation or set [repository] organisation", source)
    when = date or dateline.date
    if doc_id is None:
        doc_id = unique_id(when, title, existing, source) if existing else generated_id(when, title)
    head = _Head(doc_id, doc_type, lang, when, organisation, place or dateline.place, title)
    return doc_id, _document_xml(head, [paragraph for _, paragraph in kept])


def _take_dateline(paragraphs: list[Paragraph], source: str, date: dt.date | None,
                   title_in_text: bool) -> tuple[Dateline, list[Paragraph]]:
    """The text's dateline (or one made of ``date``) and the paragraphs besides it.

    The first paragraph that is a dateline is the one; later ones stay paragraphs.
    """
    found: tuple[int, Dateline] | None = None
    kept = []
    for line, paragraph in paragraphs:
        if found is None:
            try:
                dateline = parse_dateline(paragraph)
            except DatelineError as error:
                raise DocumentError(f"{error}; correct the date line", source, line) from None
            if dateline is not None:
                found = (line, dateline)
                continue
        kept.append((line, paragraph))
    if found is None:
        if date is None:
            raise _no_date_line(paragraphs, source, title_in_text)
        return Dateline(date), kept
    line, dateline = found
    if date is not None and date != dateline.date:
        raise DocumentError(f"the text's date line says {dateline.date.isoformat()} but --date says "
                            f"{date.isoformat()}", source, line)
    return dateline, kept


def _no_date_line(paragraphs: list[Paragraph], source: str, title_in_text: bool) -> DocumentError:
    """The error for a text without a date line, at the line that looks like a mistyped one or, failing
    that, where one stands: after the title, or at the top when the title is given."""
    examples = f'"{FORMS[0]}", "{FORMS[5]}" or "{FORMS[3]}"'
    hint = "no date line in the text; pass --date YYYY-MM-DD"
    for line, paragraph in paragraphs:
        if resembles_dateline(paragraph):
            return DocumentError(f"{hint} ({_shown(paragraph)} is not a date line such as {examples})", source, line)
    after_title = title_in_text and len(paragraphs) > 1
    line, paragraph = paragraphs[1 if after_title else 0]
    return DocumentError(f"{hint} (looked {'after the title' if after_title else 'at the top'} for one such as "
                         f"{examples}, and found {_shown(paragraph)})", source, line)


def _shown(paragraph: str, limit: int = 40) -> str:
    return f'"{paragraph if len(paragraph) <= limit else paragraph[:limit - 1].rstrip() + "…"}"'


@dataclass(frozen=True)
class _Head:
    """What a document's root and meta say, and its title."""

    id: str
    type: str
    lang: str
    date: dt.date
    organisation: str
    place: str | None
    title: str


def _document_xml(head: _Head, paragraphs: list[str]) -> bytes:
    xml_id = f"{{{XML_NS}}}id"
    root = etree.Element("document", nsmap={"its": ITS_NS})
    root.set(f"{{{ITS_NS}}}version", "2.0")
    root.set("id", head.id)
    root.set("type", head.type)
    root.set(f"{{{XML_NS}}}lang", head.lang)
    root.set("date", head.date.isoformat())
    meta = etree.SubElement(root, "meta")
    etree.SubElement(meta, "organisation", {xml_id: "org"}).text = head.organisation
    if head.place:
        etree.SubElement(meta, "place", {xml_id: "place"}).text = head.place
    etree.SubElement(root, "title", {xml_id: "title"}).text = " ".join(head.title.split())
    body = etree.SubElement(root, "body")
    for number, paragraph in enumerate(paragraphs, start=1):
        etree.SubElement(body, "p", {xml_id: f"p{number}"}).text = paragraph
    etree.indent(root, space="  ")
    return serialize_document(root)
