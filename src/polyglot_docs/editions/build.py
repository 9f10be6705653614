"""The main job: every edition of every document, as HTML and PDF, and the indexes.

Decides the editions (``editions.plan``), reads each translation once
(``Repository.translate``), renders HTML through the templates and PDF through
WeasyPrint, and writes only inside the output folder, atomically.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from polyglot_docs.core.cache import digest
from polyglot_docs.editions.plan import Edition, Skipped, plan, readiness
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.fsutil import sync, write_if_changed
from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.pdf import PdfAttachment, render_pdf, tag_column_languages
from polyglot_docs.editions.html import EditionInput, edition_context, environment, index_context, render_template
from polyglot_docs.repository import Repository
from polyglot_docs.catalogs.stats import word_count


@dataclass
class BuildOptions:
    doc_ids: list[str] | None = None
    langs: list[str] | None = None
    column_sets: list[tuple[str, ...]] | None = None
    left: str | None = None
    draft: bool = False
    formats: tuple[str, ...] = ("html", "pdf")
    pdf_variant: str | None = None
    output: Path | None = None
    jobs: int = 1
    progress: Callable[[int, int], None] | None = None  # (done, total) as editions are rendered


@dataclass
class BuildReport:
    output: Path
    editions: list[Edition] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # outputs made this run; the others were up to date


@dataclass
class DocumentState:
    """What the plan and the indexes need of a document, without loading it when it has not changed."""

    id: str
    digest: str
    type: str
    date: dt.date
    title: str
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> readiness, percent, title


def _inside(output: Path, relative: str) -> Path:
    """``output/relative``, refusing any path that would leave the output folder."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PolyglotError(f"refusing to write outside the output folder: {relative}")
    return output / path


class _Inputs:
    """Content digests of everything an edition is made from, read once per build."""

    def __init__(self, repo: Repository, env: jinja2.Environment):
        self.repo = repo
        self.env = env
        self.files: dict[Path, str] = {}
        self.templates: dict[str, str] = {}
        self._fonts: str | None = None
        self.settings = self.file(repo.settings.settings_path)

    def file(self, path: Path) -> str:
        if path not in self.files:
            self.files[path] = digest(path.read_bytes()) if path.exists() else "-"
        return self.files[path]

    def template(self, name: str) -> str:
        """A template and everything it includes, extends or imports."""
        if name not in self.templates:
            self.templates[name] = "…"  # guards against include cycles
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self.templates[name] = "-"
                return "-"
            try:
                referenced = sorted(r for r in meta.find_referenced_templates(self.env.parse(source)) if r)
            except jinja2.TemplateSyntaxError:
                referenced = []
            self.templates[name] = digest(filename or name, source, *[self.template(r) for r in referenced])
        return self.templates[name]

    def fonts(self) -> str:
        """The installed fonts: a PDF changes when they do."""
        if self._fonts is None:
            entries = []
            for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
                for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
                    if path.is_file():
                        stat = path.stat()
                        entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
            self._fonts = digest(*entries)
        return self._fonts

    def furniture(self, lang: str) -> str:
        folder = Path(__file__).parent / "furniture"
        return digest(self.file(folder / f"{lang}.po"), self.file(folder / "furniture.pot"),
                      self.file(folder / "dates.toml"))


def build(repo: Repository, options: BuildOptions) -> BuildReport:
    settings = repo.settings
    source = settings.source_language
    output = (options.output or settings.output_dir).resolve()
    column_sets = options.column_sets
    if column_sets:
        for langs in column_sets:
            if len(set(langs)) != len(langs) or len(langs) < 2:
                raise PolyglotError(f"--langs {','.join(langs)}: give two or more different languages")
        targets = list(dict.fromkeys(lang for langs in column_sets for lang in langs if lang != source))
    else:
        targets = repo.languages(options.langs)
    if options.left and options.left not in (source, *targets):
        raise PolyglotError(f"--left {options.left}: not a language of this build")
    fingerprint = _fingerprint(repo, options, output)
    previous = repo.cache.get("build", fingerprint)
    if previous is not None and all((output / name).exists() for name in previous["outputs"]):
        # Nothing that goes into any output changed since the last build of these outputs.
        return BuildReport(output, [Edition(e[0], tuple(e[1]), e[2]) for e in previous["editions"]],
                           [Skipped(k[0], tuple(k[1]), k[2]) for k in previous["skipped"]])
    env = environment(settings.templates_dir)
    inputs = _Inputs(repo, env)
    states = [_document_state(repo, inputs, doc_id, targets) for doc_id in repo.select(options.doc_ids)]
    repo.cache.flush()
    ready = {(state.id, lang): state.languages[lang]["reason"] for state in states for lang in targets}
    editions, skipped = plan([s.id for s in states], source, targets, ready, column_sets=column_sets,
                             left=options.left, draft=options.draft)
    report = BuildReport(output, editions, skipped)
    by_id = {s.id: s for s in states}
    built: dict[str, list[tuple[str, ...]]] = {}
    for edition in editions:
        built.setdefault(edition.doc_id, []).append(edition.langs)

    def write(relative: str, data: bytes) -> None:
        target = _inside(output, relative)
        if write_if_changed(target, data, durable=False):
            report.written.append(target)

    work = []
    for edition in editions:
        state = by_id[edition.doc_id]
        links = _edition_links(edition, built, source, options.formats)
        common = [state.digest, inputs.settings, repr(edition), repr(sorted(links.items()))]
        common += [inputs.file(settings.catalog_path(lang, state.id)) for lang in edition.langs if lang != source]
        common += [inputs.furniture(lang) for lang in edition.langs]
        page = "parallel.html.j2" if edition.parallel else "document.html.j2"
        wanted = {}
        if "html" in options.formats:
            wanted["html"] = digest(*common, inputs.template(page))
        if "pdf" in options.formats:
            wanted["pdf"] = digest(*common, inputs.template(page), inputs.template("print.css.j2"), inputs.fonts(),
                                   str(options.pdf_variant))
        stale = {kind: key for kind, key in wanted.items()
                 if repo.cache.get("output", str(_inside(output, edition.path(kind)))) != key
                 or not _inside(output, edition.path(kind)).exists()}
        if stale:
            work.append((edition, links, stale))

    total = sum(len(stale) for _, _, stale in work)
    renderer = _PdfRenderer(options, repo, output, report, write, total)
    try:
        for edition, links, stale in work:
            document = repo.load(edition.doc_id)
            trees = {lang: document.tree if lang == source else repo.translate(document.id, lang).tree
                     for lang in edition.langs}
            context = edition_context(edition, EditionInput(document, trees), source_lang=source, links=links)
            html = render_template(env, "parallel.html.j2" if edition.parallel else "document.html.j2", context)
            if "html" in stale:
                write(edition.path("html"), html.encode("utf-8"))
                renderer.done(edition, "html", stale["html"])
            if "pdf" in stale:
                renderer.submit(edition, stale["pdf"], PdfJob(
                    html, render_template(env, "print.css.j2", context), _inside(output, edition.folder),
                    edition.path("pdf"), document.date, options.pdf_variant,
                    _archival_attachments(repo, document.id, edition) if options.pdf_variant else None,
                    edition.langs if edition.parallel else None))
        renderer.finish()
    finally:
        renderer.close()
        repo.cache.flush()

    if "html" in options.formats:
        languages = [source, *targets]
        for lang in languages:
            entries = _index_entries(lang, states, built, source, options.formats, "../")
            context = index_context(lang, entries, _language_links(languages, "../"))
            write(f"{lang}/index.html", render_template(env, "index.html.j2", context).encode("utf-8"))
        entries = _index_entries(source, states, built, source, options.formats, "")
        context = index_context(source, entries, _language_links(languages, ""))
        write("index.html", render_template(env, "index.html.j2", context).encode("utf-8"))
    sync()
    outputs = [edition.path(kind) for edition in editions for kind in options.formats]
    repo.cache.put("build", fingerprint, {
        "outputs": outputs + (["index.html"] if "html" in options.formats else []),
        "editions": [[e.doc_id, list(e.langs), e.draft] for e in editions],
        "skipped": [[k.doc_id, list(k.langs), k.reason] for k in skipped],
    })
    repo.cache.flush()
    return report


def _fingerprint(repo: Repository, options: BuildOptions, output: Path) -> str:
    """Every input of a build by path, size and modification time, and the build's options.

    Only decides whether a build can be skipped as a whole; what is rebuilt otherwise is decided
    from content digests.
    """
    settings = repo.settings
    parts = [str(output), repr((options.doc_ids, options.langs, options.column_sets, options.left, options.draft,
                                options.formats, options.pdf_variant))]
    package = Path(__file__).parent
    folders = [settings.documents_dir, settings.locales_dir, settings.templates_dir, package / "templates",
               package / "furniture"]
    if "pdf" in options.formats:
        folders += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
    stack = [str(folder) for folder in folders if folder.is_dir()]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.name.startswith("."):
                    stat = entry.stat()
                    parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    stat = settings.settings_path.stat()
    parts.append(f"settings:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*sorted(parts))


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
        if self.variant and self.variant.startswith("pdf/ua") and self.column_langs:
            data = tag_column_languages(data, self.column_langs)
        return data


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401


class _PdfRenderer:
    """Renders PDFs while the main process prepares the next pages: in worker processes with several jobs.

    WeasyPrint's memory grows with every render, so each pool of workers is retired after
    PDF_TASKS_PER_WORKER PDFs per worker: it finishes what it was given and exits while a fresh pool
    takes the next PDFs, so no core waits for a batch to drain. (``max_tasks_per_child`` is not used:
    it can deadlock on Python 3.11.) Results are written as they arrive, oldest first, and the
    main process waits when too many are outstanding, so memory stays bounded.
    """

    def __init__(self, options: BuildOptions, repo: Repository, output: Path, report: BuildReport,
                 write: Callable[[str, bytes], None], total: int):
        self.options, self.repo, self.output, self.report, self.write = options, repo, output, report, write
        self.total, self.count = total, 0
        # Workers are forked (they inherit what is loaded); without fork, PDFs render in this process.
        self.parallel = options.jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        self.pool: ProcessPoolExecutor | None = None
        self.given = 0  # PDFs given to the current pool
        self.retired: list[ProcessPoolExecutor] = []
        self.pending: deque[tuple[Edition, str, Future[bytes]]] = deque()

    def done(self, edition: Edition, kind: str, key: str) -> None:
        self.repo.cache.put("output", str(_inside(self.output, edition.path(kind))), key)
        self.report.rendered.append(edition.path(kind))
        self.count += 1
        if self.options.progress:
            self.options.progress(self.count, self.total)

    def submit(self, edition: Edition, key: str, job: PdfJob) -> None:
        if not self.parallel:
            self.write(edition.path("pdf"), job.run())
            self.done(edition, "pdf", key)
            return
        batch = self.options.jobs * PDF_TASKS_PER_WORKER
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
        pool = ProcessPoolExecutor(max_workers=self.options.jobs, mp_context=multiprocessing.get_context("fork"))
        if not self.retired:
            for _ in range(self.options.jobs):
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


def _document_state(repo: Repository, inputs: _Inputs, doc_id: str, targets: list[str]) -> DocumentState:
    """Readiness and titles of a document's translations, from the cache when nothing changed."""
    settings = repo.settings
    document_digest = inputs.file(settings.document_path(doc_id))
    meta = repo.cache.get("document-meta", document_digest)
    document = None
    if meta is None:
        document = repo.load(doc_id)
        meta = {"type": document.type, "date": document.date.isoformat(), "title": document.title}
        repo.cache.put("document-meta", document_digest, meta)
    state = DocumentState(doc_id, document_digest, meta["type"], dt.date.fromisoformat(meta["date"]), meta["title"])
    for lang in targets:
        key = digest(document_digest, lang, inputs.file(settings.catalog_path(lang, doc_id)))
        entry = repo.cache.get("translation-state", key)
        if entry is None:
            document = document or repo.load(doc_id)
            translation = repo.translate(doc_id, lang)
            words = {u.id: word_count(u.text) for u in document.units}
            done = sum(words[o.unit_id] for o in translation.outcomes if o.status == "translated")
            title = translation.tree.getroot().find("title")
            entry = {
                "reason": readiness(translation.outcomes),
                "percent": 100.0 * done / (sum(words.values()) or 1),
                "title": " ".join("".join(title.itertext()).split())
                if title is not None and title.get("status") is None else None,
            }
            repo.cache.put("translation-state", key, entry)
        state.languages[lang] = entry
    return state


def _archival_attachments(repo: Repository, doc_id: str, edition: Edition) -> list[PdfAttachment]:
    settings = repo.settings
    files = [PdfAttachment(f"{doc_id}.xml", settings.document_path(doc_id).read_bytes(),
                           "Canonical source document (polyglot-docs XML)")]
    for lang in edition.langs:
        path = settings.catalog_path(lang, doc_id)
        if lang != settings.source_language and path.exists():
            files.append(PdfAttachment(f"{doc_id}.{lang}.po", path.read_bytes(), f"Translation catalog ({lang})"))
    return files


def _edition_links(edition: Edition, built: dict[str, list[tuple[str, ...]]], source: str,
                   formats: tuple[str, ...]) -> dict[str, Any]:
    doc_id = edition.doc_id
    monolingual = sorted(langs[0] for langs in built.get(doc_id, []) if len(langs) == 1)
    parallels = sorted(langs for langs in built.get(doc_id, []) if len(langs) > 1)
    alternates = [{"lang": lang, "href": f"../{lang}/{doc_id}.html"} for lang in monolingual]
    if source in monolingual:
        alternates.append({"lang": "x-default", "href": f"../{source}/{doc_id}.html"})
    others = [{"lang": lang, "label": LocaleInfo(lang).name, "href": f"../{lang}/{doc_id}.html"}
              for lang in monolingual if (lang,) != edition.langs]
    others += [{"lang": langs[0], "label": " – ".join(LocaleInfo(lang).name for lang in langs),
                "href": f"../{'-'.join(langs)}/{doc_id}.html"} for langs in parallels if langs != edition.langs]
    return {
        "index": f"../{edition.langs[0] if len(edition.langs) == 1 else edition.langs[-1]}/index.html",
        "pdf": f"{doc_id}.pdf" if "pdf" in formats else None,
        "alternates": alternates if not edition.parallel else [
            a for a in alternates if a["lang"] in edition.langs],
        "others": others,
    }


def _language_links(languages: list[str], prefix: str) -> list[dict[str, str]]:
    return [{"lang": lang, "name": LocaleInfo(lang).name, "href": f"{prefix}{lang}/index.html"}
            for lang in languages]


def _index_entries(lang: str, states: list[DocumentState], built: dict[str, list[tuple[str, ...]]], source: str,
                   formats: tuple[str, ...], prefix: str) -> list[dict[str, Any]]:
    info = LocaleInfo(lang)
    entries = []
    for state in states:
        if lang == source:
            percent, title, title_lang = 100.0, state.title, source
        else:
            language = state.languages[lang]
            percent = language["percent"]
            title, title_lang = (language["title"], lang) if language["title"] else (state.title, source)
        has_mono = (lang,) in built.get(state.id, [])
        parallels = sorted(langs for langs in built.get(state.id, []) if len(langs) > 1 and lang in langs)
        entries.append({
            "id": state.id,
            "type": state.type,
            "date": state.date,
            "date_label": info.date(state.date),
            "title": title,
            "title_lang": title_lang,
            "complete": percent >= 100.0,
            "percent": info.percent(round(percent)),
            "html": f"{prefix}{lang}/{state.id}.html" if has_mono else None,
            "pdf": f"{prefix}{lang}/{state.id}.pdf" if has_mono and "pdf" in formats else None,
            "parallels": [{"label": " – ".join(LocaleInfo(code).name for code in langs),
                           "html": f"{prefix}{'-'.join(langs)}/{state.id}.html",
                           "pdf": f"{prefix}{'-'.join(langs)}/{state.id}.pdf" if "pdf" in formats else None}
                          for langs in parallels],
        })
    return entries
