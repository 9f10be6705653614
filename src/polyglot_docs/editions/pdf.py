"""HTML editions to PDF with WeasyPrint: fonts checked, output reproducible.

A glyph missing from every font (WeasyPrint draws a .notdef box and logs a
warning) fails the render. Nothing is fetched from the network: only data: URLs are
fetched. Dates come from the document, never
the clock, so the same input gives the same bytes (with HarfBuzz subsetting).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from polyglot_docs.core.errors import PolyglotError

VARIANTS = ("pdf/a-3b", "pdf/a-2u", "pdf/a-3a", "pdf/ua-1")


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
    moment = dt.datetime.combine(created, dt.time(), dt.UTC)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        # Editions need no resources: nothing is fetched but data: URLs.
        fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        document = weasyprint.HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher)
        files = [weasyprint.Attachment(string=a.data, name=a.name, description=a.description, created=moment,
                                       modified=moment, relationship="Source") for a in attachments or []]
        data = document.write_pdf(stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=fetcher)],
                                  pdf_variant=variant, attachments=files or None)
    finally:
        logger.removeHandler(handler)
    missing = sorted({m for message in handler.messages for m in re.findall(r"\(U\+[0-9A-F]{4,6}\)", message)})
    if missing:
        raise RenderError(f"missing glyphs {', '.join(missing)}: no installed font has them", display)
    assert isinstance(data, bytes)
    return data


def tag_column_languages(data: bytes, langs: tuple[str, ...]) -> bytes:
    """Give each table column's structure elements its own /Lang (PDF/UA).

    WeasyPrint tags tables (Table, TR, TH, TD) but writes only the document's
    language; a screen reader then reads the Russian column with English rules.
    Cells are in column order within each row, so the n-th TH or TD of a TR is in
    ``langs[n]``; the mastheads (one Div per column) are tagged the same way.
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data

        def children(node: pikepdf.Object) -> list[pikepdf.Object]:
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if kids is None:
                return []
            items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]

        def walk(node: pikepdf.Object) -> None:
            kids = children(node)
            if node.get("/S") == "/TR" or _is_masthead_group(kids, len(langs)):
                cells = [k for k in kids if k.get("/S") in ("/TH", "/TD", "/Div")]
                if len(cells) == len(langs):
                    for cell, lang in zip(cells, langs, strict=True):
                        cell.Lang = pikepdf.String(lang)
            for kid in kids:
                walk(kid)

        walk(tree)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _is_masthead_group(kids: Sequence[object], columns: int) -> bool:
    return len(kids) == columns and all(getattr(k, "get", lambda _: None)("/S") == "/Div" for k in kids)
