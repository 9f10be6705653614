"""HTML editions to PDF with WeasyPrint: fonts checked, output reproducible, archival.

A glyph missing from every font (WeasyPrint draws a .notdef box and logs a
warning) fails the render. Nothing is fetched from the network: only data: URLs are
fetched. Dates come from the document, never
the clock, so the same input gives the same bytes (with HarfBuzz subsetting).
``finish_pdf`` does in one pikepdf pass what WeasyPrint leaves undone in a PDF/A-3a
(the default) or PDF/UA-1 file; names and addresses are never hyphenated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyglot_docs.core.errors import PolyglotError

VARIANTS = ("pdf/a-3b", "pdf/a-2u", "pdf/a-3a", "pdf/ua-1")
# The variants WeasyPrint writes a structure tree for (its pdf_tags), whose columns get their /Lang.
TAGGED_VARIANTS = ("pdf/a-3a", "pdf/ua-1")


class RenderError(PolyglotError):
    """A PDF could not be made as published output must be."""


@dataclass(frozen=True)
class PdfAttachment:
    name: str
    data: bytes
    description: str


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, *, stylesheet: str, base: Path, display: str, created: dt.date,
               variant: str | None = None, attachments: list[PdfAttachment] | None = None) -> bytes:
    """Render ``html`` with the print ``stylesheet`` on top of its own styles to PDF bytes."""
    import weasyprint

    if variant is not None and variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    if variant is not None and variant.startswith("pdf/a-2"):
        # PDF/A-2 admits only PDF/A files as attachments: WeasyPrint would strip the sources' bytes
        # and leave empty file specifications behind, so none are given.
        attachments = None
    moment = dt.datetime.combine(created, dt.time(), dt.UTC)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        # Editions need no resources: nothing is fetched but data: URLs.
        fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        page, user_sheets = _with_print_styles(mark_addresses(html), stylesheet)
        document = weasyprint.HTML(string=page, base_url=str(base) + "/", url_fetcher=fetcher)
        files = [weasyprint.Attachment(string=a.data, name=a.name, description=a.description, created=moment,
                                       modified=moment, relationship="Source") for a in attachments or []]
        with _names_unhyphenated():
            data = document.write_pdf(stylesheets=[weasyprint.CSS(string=sheet, url_fetcher=fetcher)
                                                   for sheet in user_sheets],
                                      pdf_variant=variant, attachments=files or None)
    except weasyprint.urls.FatalURLFetchingError as error:  # a BaseException: it would pass `except Exception`
        raise RenderError(f"a template or stylesheet asks for {_fetched(error)}; editions fetch nothing (look in "
                          "templates/, house.css first)", display) from None
    finally:
        logger.removeHandler(handler)
    missing = sorted({m for message in handler.messages for m in re.findall(r"\(U\+[0-9A-F]{4,6}\)", message)})
    if missing:
        raise RenderError(f"missing glyphs {', '.join(missing)}: no installed font has them", display)
    assert isinstance(data, bytes)
    return data


def _fetched(error: BaseException) -> str:
    """The address WeasyPrint refused, from its message ('Error fetching "…"')."""
    match = re.search(r'"([^"]*)"', str(error))
    return match.group(1) if match else "a resource"


def _with_print_styles(html: str, stylesheet: str) -> tuple[str, list[str]]:
    """The page with the print stylesheet after its own styles, so that the print rules win.

    WeasyPrint takes ``write_pdf(stylesheets=)`` as *user* stylesheets, which lose to the page's
    own (author) styles whatever their specificity: print.css's font sizes, body margins and the
    draft mark's position were silently overridden by screen.css. A ``<style>`` at the end of the
    head is author CSS that comes later. The stylesheet is safe there: the templates put text in
    it only through ``css_string``, which escapes ``<``. A page without a head keeps the old way.
    """
    head_end = html.find("</head>")
    if head_end < 0:
        return html, [stylesheet]
    return f"{html[:head_end]}<style>\n{stylesheet}</style>\n{html[head_end:]}", []


# An address: with a scheme or www., an e-mail address, or a lower-case domain (odkb-csto.org/path).
# Sentence punctuation after an address is not part of it.
_ADDRESSES = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]»”]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                        r"|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b(?:/[^\s<>\"]*)?")
_TAGS = re.compile(r"(<[^>]*>)")


def mark_addresses(html: str) -> str:
    """Wrap every address in the body's text in ``<span class="unhyphenated">`` (print.css: no hyphens).

    A hyphen inserted in an address reads as part of it. Links are kept whole by CSS (``a``); this
    catches an address written as plain text. For the PDF only: the HTML editions are the templates'
    alone. Only text between tags is touched, and the templates escape ``<`` and ``>`` in text, so no
    tag is ever cut. (Names are not wrapped: an inline box per word trips WeasyPrint 70's line
    breaking, which then leaves a hyphenated word's end alone on a line; see _names_unhyphenated.)
    """
    head, found, rest = html.partition("<body")
    if not found:
        return html
    parts = _TAGS.split(rest)
    for index in range(2, len(parts), 2):  # parts[0] is the rest of the <body tag; odd indexes are tags
        parts[index] = _ADDRESSES.sub(r'<span class="unhyphenated">\g<0></span>', parts[index])
    return head + found + "".join(parts)


class _KeepCapitalised:
    """A pyphen dictionary that offers no hyphenation point in a word beginning with a capital letter."""

    def __init__(self, dictionary: Any) -> None:
        self.dictionary = dictionary

    def iterate(self, word: str) -> Any:
        return iter(()) if word[:1].isupper() else self.dictionary.iterate(word)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dictionary, name)


class _PyphenKeepingNames:
    """The pyphen module as WeasyPrint's line breaker sees it, its dictionaries wrapped."""

    def __init__(self, module: Any) -> None:
        self.module = module

    def Pyphen(self, **options: Any) -> _KeepCapitalised:  # the name WeasyPrint calls
        return _KeepCapitalised(self.module.Pyphen(**options))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


@contextlib.contextmanager
def _names_unhyphenated() -> Iterator[None]:
    """While WeasyPrint lays out: no word that begins with a capital letter is hyphenated.

    Pyphen hyphenates names as readily as any word ("Nurem-berg", "Нюрн-берге"). A name cannot be
    told from a capitalised common word, so, as TeX does with \\uchyph=0, no capitalised word is
    hyphenated; sentence-initial words lose their hyphenation points too, which costs little.
    WeasyPrint 70 has no option for this and looks pyphen up as ``weasyprint.text.line_break.pyphen``
    (``pyphen.Pyphen(lang=, left=, right=)``, then ``.iterate(word)`` on one word), so that name is
    wrapped for the layout and restored after. Marking each name with an inline box instead would
    trip WeasyPrint's line breaking around inline boxes. Should a WeasyPrint upgrade move the name,
    layout goes on unchanged and tests/test_pdf_archival.py fails on the hyphenated name.
    """
    from weasyprint.text import line_break

    original = getattr(line_break, "pyphen", None)
    if original is None:
        yield
        return
    line_break.pyphen = _PyphenKeepingNames(original)
    try:
        yield
    finally:
        line_break.pyphen = original


def tag_column_languages(data: bytes, langs: tuple[str, ...]) -> bytes:
    """Give each table column's structure elements its own /Lang; see ``finish_pdf``."""
    return finish_pdf(data, column_langs=langs)


def finish_pdf(data: bytes, *, column_langs: tuple[str, ...] | None) -> bytes:
    """What WeasyPrint leaves undone in an archival or accessible PDF, in one pikepdf pass.

    - Column languages (tagged variants, parallel editions): WeasyPrint tags tables (Table, TR,
      TH, TD) but writes only the document's language, so a screen reader would read the Russian
      column with English rules. Cells are in column order within each row, so the n-th TH or TD
      of a TR is in ``column_langs[n]``; the mastheads (one Div per column) are tagged the same way.
    - Attachments: WeasyPrint 70 lists each one twice in the catalog's /AF (once from the
      EmbeddedFiles name tree, once from the Filespec objects) and takes their media types from the
      machine's mime.types, so a .po is ``application/octet-stream`` on one machine and a gettext type
      on another; both are made the same everywhere.
    - Empty /Pattern and /Shading resource dictionaries are dropped: they mean nothing, and
      validators that know no patterns (pikepdf.pdfa) refuse them.

    Saved so that it stays what WeasyPrint declared (PDF/A-3a keeps its XMP packet untouched,
    output intent, /MarkInfo, structure tree and /AF; qpdf only writes the XMP stream uncompressed,
    as PDF/A-1 requires and later parts allow), and byte for byte the same for the same input.
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if column_langs and tree is not None:
            _tag_columns(tree, column_langs)
        _tidy_attachments(pdf)
        _drop_empty_resources(pdf)
        out = io.BytesIO()
        # deterministic_id: the /ID from the content, not the clock. fix_metadata_version off: the
        # XMP packet is WeasyPrint's, consistent with the Info dictionary, and must stay so.
        pdf.save(out, deterministic_id=True, preserve_pdfa=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def _children(node: object) -> list[Any]:
    import pikepdf

    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _tag_columns(tree: Any, langs: tuple[str, ...]) -> None:
    import pikepdf

    # Iterative: a long document's tree is deep enough in places that recursion is not worth the risk.
    stack = [tree]
    while stack:
        node = stack.pop()
        kids = _children(node)
        if node.get("/S") == "/TR" or _is_masthead_group(kids, len(langs)):
            cells = [k for k in kids if k.get("/S") in ("/TH", "/TD", "/Div")]
            if len(cells) == len(langs):
                for cell, lang in zip(cells, langs, strict=True):
                    cell.Lang = pikepdf.String(lang)
        stack.extend(kids)


# Our attachments' media types (RFC 7303 for XML; the gettext type shared-mime-info registers for .po).
MEDIA_TYPES = {".xml": "application/xml", ".po": "text/x-gettext-translation"}


def _tidy_attachments(pdf: Any) -> None:
    import pikepdf

    files = pdf.Root.get("/AF")
    if files is None:
        return
    unique: list[Any] = []
    for spec in files:
        if all(spec.objgen != seen.objgen for seen in unique):
            unique.append(spec)
    pdf.Root.AF = pikepdf.Array(unique)
    for spec in unique:
        stream = spec.get("/EF", {}).get("/F")
        suffix = Path(str(spec.get("/UF", spec.get("/F", "")))).suffix
        if stream is not None and suffix in MEDIA_TYPES:
            stream.Subtype = pikepdf.Name("/" + MEDIA_TYPES[suffix])


def _drop_empty_resources(pdf: Any) -> None:
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        for key in ("/Pattern", "/Shading"):
            if resources is not None and key in resources and len(resources[key]) == 0:
                del resources[key]


def _is_masthead_group(kids: Sequence[object], columns: int) -> bool:
    return len(kids) == columns and all(getattr(k, "get", lambda _: None)("/S") == "/Div" for k in kids)
