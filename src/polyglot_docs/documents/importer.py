"""Plain text to a canonical document.

Paragraphs are lines, or blocks separated by blank lines (``auto`` picks blank-line
blocks when the text has blank lines). A paragraph that is only a date
("19.05.2021", "19 May 2021", "May 19, 2021", "2021-05-19") is the document's
date line. Without ``title`` the first paragraph is the title line, as in a
statement whose first line is its title.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from lxml import etree

from polyglot_docs.core.errors import DocumentError
from polyglot_docs.core.xmlsafe import serialize_document
from polyglot_docs.documents.inline import ITS_NS, XML_NS

_MONTHS = {name.lower(): number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
# A date pattern, and the (year, month, day) of its match.
_DATE_FORMATS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int, int]]]] = [
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), lambda m: (int(m[3]), int(m[2]), int(m[1]))),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"(\d{1,2}) ([A-Za-z]+),? (\d{4})"), lambda m: (int(m[3]), _MONTHS.get(m[2].lower(), 0), int(m[1]))),
    (re.compile(r"([A-Za-z]+) (\d{1,2}),? (\d{4})"), lambda m: (int(m[3]), _MONTHS.get(m[1].lower(), 0), int(m[2]))),
]


def parse_date_line(line: str) -> dt.date | None:
    """The date a line consists of, or None when it is not a date line."""
    text = line.strip().rstrip(".")
    for pattern, parts in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(*parts(match))
            except ValueError:
                return None
    return None


def split_paragraphs(text: str, split: str = "auto") -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if split == "auto":
        split = "blank" if re.search(r"\S\n[ \t]*\n\s*\S", text) else "line"
    if split == "line":
        blocks = text.split("\n")
    elif split == "blank":
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        raise ValueError(f"unknown paragraph split {split!r}")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def slug(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    result = ""
    for word in words:
        if len(result) + len(word) + 1 > limit:
            break
        result = f"{result}-{word}" if result else word
    return result or "document"


def import_text(text: str, *, source: str, doc_type: str, lang: str, organisation: str,
                doc_id: str | None = None, date: dt.date | None = None, place: str | None = None,
                title: str | None = None, split: str = "auto") -> tuple[str, bytes]:
    """Build a canonical document from plain text; return its id and XML bytes."""
    paragraphs = split_paragraphs(text, split)
    found_date = None
    kept = []
    for paragraph in paragraphs:
        parsed = parse_date_line(paragraph)
        if parsed is not None and found_date is None:
            found_date = parsed
        else:
            kept.append(paragraph)
    if date is not None and found_date is not None and date != found_date:
        raise DocumentError(f"the text's date line says {found_date.isoformat()} but --date says {date.isoformat()}",
                            source)
    date = date or found_date
    if date is None:
        raise DocumentError("no date line in the text; pass --date YYYY-MM-DD", source)
    if title is None:
        if not kept:
            raise DocumentError("the text is empty", source)
        title = kept.pop(0)
    if not kept:
        raise DocumentError("the text has no paragraphs besides its title", source)
    if not organisation:
        raise DocumentError("no organisation: pass --organisation or set [repository] organisation", source)
    doc_id = doc_id or f"{date.isoformat()}-{slug(title)}"

    xml_id = f"{{{XML_NS}}}id"
    root = etree.Element("document", nsmap={"its": ITS_NS})
    root.set(f"{{{ITS_NS}}}version", "2.0")
    root.set("id", doc_id)
    root.set("type", doc_type)
    root.set(f"{{{XML_NS}}}lang", lang)
    root.set("date", date.isoformat())
    meta = etree.SubElement(root, "meta")
    etree.SubElement(meta, "organisation", {xml_id: "org"}).text = organisation
    if place:
        etree.SubElement(meta, "place", {xml_id: "place"}).text = place
    etree.SubElement(root, "title", {xml_id: "title"}).text = " ".join(title.split())
    body = etree.SubElement(root, "body")
    for number, paragraph in enumerate(kept, start=1):
        etree.SubElement(body, "p", {xml_id: f"p{number}"}).text = paragraph
    etree.indent(root, space="  ")
    return doc_id, serialize_document(root)
