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
from dataclasses import dataclass
from pathlib import Path

from polyglot_docs.errors import PolyglotError

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
