"""XLIFF 2.1 (and 1.2) files ⇄ a catalog's units, for CAT tools: pure, bytes in and out, no file touched.

One file per document and language, one ``<unit>`` per block, its id the block id (XLIFF 1.2:
a ``<trans-unit>`` whose ``id`` and ``resname`` are the block id), in one segment that tools are
asked not to split (``canResegment="no"``). Inline codes are XLIFF codes (``xliff_inline``).

States. A catalog entry is finished or not by its fuzzy flag; XLIFF says it with ``state``:

======================  =====================  ==============================================
catalog (``unit_state``)  XLIFF 2 ``state``     XLIFF 1.2 ``<target state>``, ``approved``
======================  =====================  ==============================================
untranslated            ``initial``, no target  no ``<target>``
fuzzy                   ``initial`` + target    ``needs-review-translation``, ``approved="no"``
invalid (markup)        ``translated``          ``translated``, ``approved="yes"``
translated              ``final``               ``final``, ``approved="yes"``
======================  =====================  ==============================================

A fuzzy translation is a proposal nobody has confirmed, so it goes out as ``initial`` with its
target rather than ``translated``: translate-toolkit (and so Weblate) reads a target in state
``initial`` as fuzzy, and CAT tools show it as an unconfirmed draft, whereas ``translated`` is
what they show for a segment the translator confirmed, which would hide it from review. No
``subState`` is written: translate-toolkit changes ``state`` and leaves ``subState`` as it was,
so a subState of ours would outlive the confirmation it was meant to await.

Coming back, a unit is confirmed when its state is ``translated``, ``reviewed`` or ``final`` and
no ``subState`` asks for review (``needs-review``, ``fuzzy``, ``draft``…, in any tool's prefix);
XLIFF 1.2: a target state of ``translated``, ``signed-off`` or ``final`` (or none, with
``approved="yes"``), unless ``approved="no"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

from lxml import etree

from polyglot_docs.catalogs.xliff_inline import (
    Code,
    InlineProblem,
    append_inline,
    code_point,
    expected_data,
    read_inline,
    target_problems,
)
from polyglot_docs.core.errors import PolyglotError, raise_errors
from polyglot_docs.core.xmlsafe import serialize_document

XLIFF_2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
VERSIONS = ("2.1", "1.2")
READ_VERSIONS = ("2.0", "2.1", "1.2")
MAX_XLIFF_BYTES = 64 * 1024 * 1024
_CONFIRMED_2 = frozenset({"translated", "reviewed", "final"})
_CONFIRMED_12 = frozenset({"translated", "signed-off", "final"})
_ASKS_REVIEW = re.compile(r"(?<![a-z])(needs?-?review|review-?needed|unreviewed|not-?reviewed|fuzzy|draft)(?![a-z])")


class XliffError(PolyglotError):
    """An XLIFF file that cannot be read or merged back."""


class State(StrEnum):
    """What an exported unit offers (see the table above)."""

    NEW = "new"  # no translation to offer
    DRAFT = "draft"  # fuzzy: a translation waiting for review
    TRANSLATED = "translated"  # not fuzzy, but its markup is not the source's
    FINAL = "final"  # finished: publishable


_STATES_2 = {State.NEW: "initial", State.DRAFT: "initial", State.TRANSLATED: "translated", State.FINAL: "final"}
_STATES_12 = {State.DRAFT: "needs-review-translation", State.TRANSLATED: "translated", State.FINAL: "final"}


@dataclass(frozen=True)
class Note:
    category: str  # "role", "locNote", "polyglot-docs"
    text: str
    alert: bool = False  # written with the highest priority


@dataclass(frozen=True)
class ExportUnit:
    id: str
    source: str  # the unit's text, as its msgid
    target: str | None  # the translation offered (None: none)
    state: State
    notes: tuple[Note, ...] = ()
    codes: dict[str, Code] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportFile:
    doc_id: str
    original: str  # the document's path in the repository
    source_lang: str  # BCP 47 (``pt-BR``)
    target_lang: str
    units: list[ExportUnit]


@dataclass(frozen=True)
class ReadUnit:
    id: str
    line: int
    source: str  # back in the unit's text form: ``<em>``, ``<a1>``, ``<x1/>``
    target: str | None  # None: no target, or an empty one
    target_line: int
    confirmed: bool
    # What the file says each code stands for: XLIFF 2 <data> by id, XLIFF 1.2 equiv-text by code id; with lines.
    data: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class ReadFile:
    version: str
    doc_id: str | None  # the file's id (XLIFF 2), else its original's name without .xml
    source_lang: str | None
    target_lang: str | None
    line: int  # where the languages are declared
    units: list[ReadUnit]


# -- writing -----------------------------------------------------------------------------------------------


def write_xliff(file: ExportFile, version: str = "2.1") -> bytes:
    """The XLIFF file of one document's units in one language."""
    root = _write_2(file) if version == "2.1" else _write_12(file)
    _indent(root, 0)
    return serialize_document(root)


def _write_2(file: ExportFile) -> etree._Element:
    ns = XLIFF_2
    root = etree.Element(f"{{{ns}}}xliff", {"version": "2.1", "srcLang": file.source_lang,
                                             "trgLang": file.target_lang}, nsmap={None: ns})
    body = etree.SubElement(root, f"{{{ns}}}file", {"id": file.doc_id, "original": file.original,
                                                     "canResegment": "no", XML_SPACE: "preserve"})
    for unit in file.units:
        element = etree.SubElement(body, f"{{{ns}}}unit", {"id": unit.id})
        if unit.notes:
            notes = etree.SubElement(element, f"{{{ns}}}notes")
            for note in unit.notes:
                attributes = {"category": note.category, **({"priority": "1"} if note.alert else {})}
                etree.SubElement(notes, f"{{{ns}}}note", attributes).text = note.text
        if unit.codes:
            original = etree.SubElement(element, f"{{{ns}}}originalData")
            for key, value in expected_data(unit.codes, "2.1").items():
                etree.SubElement(original, f"{{{ns}}}data", {"id": key}).text = value
        segment = etree.SubElement(element, f"{{{ns}}}segment", {"state": _STATES_2[unit.state]})
        append_inline(etree.SubElement(segment, f"{{{ns}}}source"), unit.source, unit.codes, "2.1", ns)
        if unit.target is not None:
            append_inline(etree.SubElement(segment, f"{{{ns}}}target"), unit.target, unit.codes, "2.1", ns)
    return root


def _write_12(file: ExportFile) -> etree._Element:
    ns = XLIFF_12
    root = etree.Element(f"{{{ns}}}xliff", {"version": "1.2"}, nsmap={None: ns})
    element = etree.SubElement(root, f"{{{ns}}}file", {
        "original": file.original, "source-language": file.source_lang, "target-language": file.target_lang,
        "datatype": "xml"})
    body = etree.SubElement(element, f"{{{ns}}}body")
    for unit in file.units:
        attributes = {"id": unit.id, "resname": unit.id, XML_SPACE: "preserve"}
        if unit.state is not State.NEW:
            attributes["approved"] = "no" if unit.state is State.DRAFT else "yes"
        trans_unit = etree.SubElement(body, f"{{{ns}}}trans-unit", attributes)
        append_inline(etree.SubElement(trans_unit, f"{{{ns}}}source"), unit.source, unit.codes, "1.2", ns)
        if unit.target is not None and unit.state is not State.NEW:
            target = etree.SubElement(trans_unit, f"{{{ns}}}target", {"state": _STATES_12[unit.state]})
            append_inline(target, unit.target, unit.codes, "1.2", ns)
        for note in unit.notes:
            attributes = {"from": note.category, **({"priority": "1"} if note.alert else {})}
            etree.SubElement(trans_unit, f"{{{ns}}}note", attributes).text = note.text
    return root


# The elements whose content is structure, not text: only these are indented.
_STRUCTURE = frozenset({"xliff", "file", "body", "group", "unit", "trans-unit", "notes", "originalData", "segment"})


def _indent(element: etree._Element, level: int) -> None:
    """Indent the structure two spaces a level, never touching text (a source, target, note or data)."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children or etree.QName(element).localname not in _STRUCTURE:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        child.tail = "\n" + "  " * (level + 1)
        _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


# -- reading -----------------------------------------------------------------------------------------------


def read_xliff(data: bytes, display: str) -> ReadFile:
    """An XLIFF 2.0, 2.1 or 1.2 file as this tool wrote it and a CAT tool saved it.

    Every problem found is raised at once (:class:`XliffError`, ``display:line: message`` each).
    """
    root = parse_xliff(data, display)
    namespace, version = etree.QName(root).namespace, root.get("version", "")
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF_2, XLIFF_12):
        raise XliffError(f"not an XLIFF 2 or 1.2 file (its root is <{etree.QName(root).localname}> in namespace "
                         f"{namespace!r})", display, root.sourceline)
    if (namespace == XLIFF_2) != version.startswith("2.") or version not in READ_VERSIONS:
        raise XliffError(f"XLIFF version {version!r} in namespace {namespace}: polyglot-docs reads 2.0, 2.1 and 1.2",
                         display, root.sourceline)
    files = root.findall(f"{{{namespace}}}file")
    if len(files) != 1:
        raise XliffError(f"{len(files)} <file> elements: an exported file has exactly one", display, root.sourceline)
    problems: list[PolyglotError] = []
    if namespace == XLIFF_2:
        read = ReadFile(version, files[0].get("id"), root.get("srcLang"), root.get("trgLang"), root.sourceline or 0,
                        [unit for element in files[0].iter(f"{{{XLIFF_2}}}unit")
                         if (unit := _read_unit_2(element, display, problems)) is not None])
    else:
        original = files[0].get("original", "")
        read = ReadFile(version, original.rsplit("/", 1)[-1].removesuffix(".xml") or None,
                        files[0].get("source-language"), files[0].get("target-language"), files[0].sourceline or 0,
                        [unit for element in files[0].iter(f"{{{XLIFF_12}}}trans-unit")
                         if (unit := _read_unit_12(element, display, problems)) is not None])
    _refuse_duplicates(read.units, display, problems)
    raise_errors(problems)
    return read


def _refuse_duplicates(units: list[ReadUnit], display: str, problems: list[PolyglotError]) -> None:
    first: dict[str, int] = {}
    for unit in units:
        if unit.id in first:
            problems.append(XliffError(f"unit {unit.id!r} appears twice (first on line {first[unit.id]})", display,
                                       unit.line))
        first.setdefault(unit.id, unit.line)


def _read_unit_2(element: etree._Element, display: str, problems: list[PolyglotError]) -> ReadUnit | None:
    ns, unit_id, line = XLIFF_2, element.get("id", ""), element.sourceline or 0
    segments = element.findall(f"{{{ns}}}segment")
    if len(segments) != 1 or element.find(f"{{{ns}}}ignorable") is not None:
        problems.append(XliffError(f"unit {unit_id!r} has {len(segments)} segments and "
                                   f"{len(element.findall(f'{{{ns}}}ignorable'))} ignorables; join them into "
                                   "one segment, as exported", display, line))
        return None
    segment = segments[0]
    state, sub_state = segment.get("state", "initial"), segment.get("subState", "")
    confirmed = state in _CONFIRMED_2 and not _ASKS_REVIEW.search(sub_state.split(":", 1)[-1].lower())
    try:
        data = [(item.get("id", ""), _data_text(item), item.sourceline or 0)
                for item in element.iterfind(f"{{{ns}}}originalData/{{{ns}}}data")]
    except InlineProblem as problem:
        problems.append(XliffError(f"unit {unit_id!r}: {problem.message}", display, problem.line))
        return None
    return _read_segment(unit_id, line, segment.find(f"{{{ns}}}source"), segment.find(f"{{{ns}}}target"),
                         confirmed, data, "2", display, problems)


def _data_text(item: etree._Element) -> str:
    """The text of a ``<data>`` element: characters, and ``<cp>`` for those XML cannot hold."""
    pieces = [item.text or ""]
    for child in item:
        if isinstance(child.tag, str) and etree.QName(child).localname == "cp":
            pieces.append(code_point(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _read_unit_12(element: etree._Element, display: str, problems: list[PolyglotError]) -> ReadUnit | None:
    ns = XLIFF_12
    unit_id, line = element.get("resname") or element.get("id") or "", element.sourceline or 0
    target = element.find(f"{{{ns}}}target")
    state, approved = (target.get("state") if target is not None else None), element.get("approved")
    confirmed = approved != "no" and (state in _CONFIRMED_12 if state else approved == "yes")
    data = [(x.get("id", ""), str(x.get("equiv-text")), x.sourceline or 0)
            for part in (element.find(f"{{{ns}}}source"), target) if part is not None
            for x in part.iter(f"{{{ns}}}x") if x.get("equiv-text") is not None]
    return _read_segment(unit_id, line, element.find(f"{{{ns}}}source"), target, confirmed, data, "1.2", display,
                         problems)


def _read_segment(unit_id: str, line: int, source: etree._Element | None, target: etree._Element | None,
                  confirmed: bool, data: list[tuple[str, str, int]], family: str, display: str,
                  problems: list[PolyglotError]) -> ReadUnit | None:
    """A unit's source and target as unit text, with the target's codes checked against the source's."""
    ns = XLIFF_2 if family == "2" else XLIFF_12
    if not unit_id:
        problems.append(XliffError("a unit without an id", display, line))
        return None
    if source is None:
        problems.append(XliffError(f"unit {unit_id!r} has no <source>", display, line))
        return None
    try:
        source_text, source_codes = read_inline(source, family, ns)
        target_text, target_codes = read_inline(target, family, ns) if target is not None else ("", [])
    except InlineProblem as problem:
        problems.append(XliffError(f"unit {unit_id!r}: {problem.message}", display, problem.line))
        return None
    target_line = (target.sourceline or line) if target is not None else line
    found = target_problems(unit_id, source_codes, target_codes, target_line) if target_text else []
    problems.extend(XliffError(message, display, where or line) for message, where in found)
    if found:
        return None
    return ReadUnit(unit_id, line, source_text, target_text or None, target_line, confirmed, data)


def parse_xliff(data: bytes, display: str) -> etree._Element:
    """Parse XLIFF as ``core.xmlsafe`` parses documents: no DTD, no entities, no network, libxml2's limits.

    Unlike a canonical document, an XLIFF file comes from other tools, so a byte-order mark, CRLF
    line ends and UTF-16 (with its byte-order mark) are accepted; other encodings are refused.
    """
    if len(data) > MAX_XLIFF_BYTES:
        raise XliffError(f"XLIFF file is larger than {MAX_XLIFF_BYTES // (1024 * 1024)} MB", display)
    text = _decode(data, display)
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        if marker in text:
            raise XliffError("DTDs and entity declarations are not allowed", display,
                             text[: text.index(marker)].count("\n") + 1)
    parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True,
                             collect_ids=False)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        message = error.msg.split(", line ")[0] if error.msg else "malformed XML"
        raise XliffError(f"malformed XML: {message}", display, error.lineno or None) from None


def _decode(data: bytes, display: str) -> str:
    # UTF-16 only with its byte-order mark (the decoder reads it); a UTF-8 one is dropped before decoding.
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    encoding = "utf-16" if utf16 else "utf-8"
    if not utf16:
        data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise XliffError("XLIFF file is not UTF-8 (nor UTF-16 with a byte-order mark)", display, line) from None
    if "\0" in text:
        raise XliffError("XLIFF file contains a NUL character", display, text[: text.index("\0")].count("\n") + 1)
    return text.lstrip("\ufeff")


# -- the schema --------------------------------------------------------------------------------------------


@cache
def xliff2_schema() -> etree.RelaxNG:
    """The RELAX NG schema of the XLIFF 2 core this tool writes (``schema/xliff-core-subset.rng``)."""
    source = resources.files("polyglot_docs.catalogs").joinpath("schema/xliff-core-subset.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(source))


def xliff2_problems(data: bytes) -> list[str]:
    """Where an XLIFF 2 file breaks the schema, as ``line: message``; empty when it is valid."""
    schema = xliff2_schema()
    if schema.validate(etree.ElementTree(parse_xliff(data, "<xliff>"))):
        return []
    return [f"{entry.line}: {entry.message}" for entry in schema.error_log]
