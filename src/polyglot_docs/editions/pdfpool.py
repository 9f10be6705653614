"""PDFs rendered while the main process prepares the next pages: in forked worker processes.

WeasyPrint's memory grows with every render, so each pool of workers is retired after
``PDF_TASKS_PER_WORKER`` PDFs per worker and drains while a fresh pool takes the next ones.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from polyglot_docs.core.settings import Settings
from polyglot_docs.editions.pdf import TAGGED_VARIANTS, PdfAttachment, finish_pdf, render_pdf
from polyglot_docs.editions.plan import Edition

# A WeasyPrint process grows with every render (measured: 111 MB after 25 PDFs, 132 MB after 120):
# workers are replaced after this many PDFs each.
PDF_TASKS_PER_WORKER = 200


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render: plain data, so that it can go to a worker process."""

    html: str
    stylesheet: str
    base: Path
    display: str
    created: dt.date
    variant: str | None
    attachments: list[PdfAttachment] | None
    column_langs: tuple[str, ...] | None

    def run(self) -> bytes:
        data = render_pdf(self.html, stylesheet=self.stylesheet, base=self.base, display=self.display,
                          created=self.created, variant=self.variant, attachments=self.attachments)
        if self.variant:
            # Archival and accessible variants (the default PDF/A-3a among them) get their column
            # languages, where they are tagged, and their attachments put right: see finish_pdf.
            tagged = self.variant in TAGGED_VARIANTS
            data = finish_pdf(data, column_langs=self.column_langs if tagged else None)
        return data


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401


class PdfRenderer:
    """Renders PDFs while the main process prepares the next pages: in worker processes with several jobs.

    WeasyPrint's memory grows with every render, so each pool of workers is retired after
    PDF_TASKS_PER_WORKER PDFs per worker: it finishes what it was given and exits while a fresh pool
    takes the next PDFs, so no core waits for a batch to drain. (``max_tasks_per_child`` is not used:
    it can deadlock on Python 3.11.) Results are written as they arrive, oldest first, and the
    main process waits when too many are outstanding, so memory stays bounded.
    """

    def __init__(self, jobs: int, write: Callable[[str, bytes], None], done: Callable[[Edition, str, str], None]):
        """``write(path, data)`` writes a PDF; ``done(edition, "pdf", key)`` records it as up to date."""
        self.jobs, self.write, self.done = jobs, write, done
        # Workers are forked (they inherit what is loaded); without fork, PDFs render in this process.
        self.parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        self.pool: ProcessPoolExecutor | None = None
        self.given = 0  # PDFs given to the current pool
        self.retired: list[ProcessPoolExecutor] = []
        self.pending: deque[tuple[Edition, str, Future[bytes]]] = deque()

    def submit(self, edition: Edition, key: str, job: PdfJob) -> None:
        if not self.parallel:
            self.write(edition.path("pdf"), job.run())
            self.done(edition, "pdf", key)
            return
        batch = self.jobs * PDF_TASKS_PER_WORKER
        if self.pool is None:
            self.pool = self._new_pool()
        self.pending.append((edition, key, self.pool.submit(job.run)))
        self.given += 1
        if self.given >= batch:
            self.pool.shutdown(wait=False)
            self.retired.append(self.pool)
            self.pool = None
        self._collect(outstanding=2 * batch)

    def _new_pool(self) -> ProcessPoolExecutor:
        """Workers that import WeasyPrint (half a second) while the main process prepares pages.

        Pools after the first fork from a main process that has imported it, so a recycled
        worker starts ready.
        """
        if self.retired:
            import weasyprint  # noqa: F401
        pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"))
        if not self.retired:
            for _ in range(self.jobs):
                pool.submit(_import_weasyprint)
        self.given = 0
        return pool

    def _collect(self, outstanding: int) -> None:
        """Write the finished PDFs at the head of the queue; wait while more than ``outstanding`` are out."""
        while self.pending and (self.pending[0][2].done() or len(self.pending) > outstanding):
            edition, key, future = self.pending.popleft()
            self.write(edition.path("pdf"), future.result())
            self.done(edition, "pdf", key)

    def finish(self) -> None:
        self._collect(outstanding=0)
        self.close()

    def close(self) -> None:
        for pool in [*self.retired, *([self.pool] if self.pool else [])]:
            pool.shutdown(cancel_futures=True)
        self.retired, self.pool = [], None



def archival_attachments(settings: Settings, doc_id: str, edition: Edition) -> list[PdfAttachment]:
    """The canonical XML and the catalogs an edition was made from, to attach to an archival PDF."""
    files = [PdfAttachment(f"{doc_id}.xml", settings.document_path(doc_id).read_bytes(),
                           "Canonical source document (polyglot-docs XML)")]
    for lang in edition.langs:
        path = settings.catalog_path(lang, doc_id)
        if lang != settings.source_language and path.exists():
            files.append(PdfAttachment(f"{doc_id}.{lang}.po", path.read_bytes(), f"Translation catalog ({lang})"))
    return files
