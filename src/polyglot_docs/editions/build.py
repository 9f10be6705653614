"""The main job: every edition of every document, as HTML and PDF, and the indexes.

Decides the editions (``plan``, the publishing gate), finds which outputs are out of date
(``inputs``), reads each translation once (``translate``), renders HTML through the templates
(``html``) and PDF through WeasyPrint (``pdfpool``), and writes only inside the output folder,
atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_docs.core.cache import digest
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.fsutil import sync, write_if_changed
from polyglot_docs.editions.html import EditionInput, edition_context, environment, index_context, render_template
from polyglot_docs.editions.inputs import InputDigests, build_fingerprint
from polyglot_docs.editions.links import edition_links, index_entries, language_links
from polyglot_docs.editions.pdfpool import PdfJob, PdfRenderer, archival_attachments
from polyglot_docs.editions.plan import Edition, Skipped, plan
from polyglot_docs.editions.store import DocumentState, EditionStore
from polyglot_docs.editions.translate import translate
from polyglot_docs.repository import Repository


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


# (edition, its links, the kinds of output to make with their input digests)
Work = list[tuple[Edition, dict[str, Any], dict[str, str]]]


def inside(output: Path, relative: str) -> Path:
    """``output/relative``, refusing any path that would leave the output folder."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PolyglotError(f"refusing to write outside the output folder: {relative}")
    return output / path


def build(repo: Repository, options: BuildOptions) -> BuildReport:
    settings = repo.settings
    output = (options.output or settings.output_dir).resolve()
    targets = _targets(repo, options)
    store = EditionStore(repo)
    fingerprint = build_fingerprint(repo, options, output)
    previous = store.last_build(fingerprint)
    if previous is not None and all((output / name).exists() for name in previous["outputs"]):
        # Nothing that goes into any output changed since the last build of these outputs.
        return BuildReport(output, [Edition(e[0], tuple(e[1]), e[2]) for e in previous["editions"]],
                           [Skipped(k[0], tuple(k[1]), k[2]) for k in previous["skipped"]])
    job = _Build(repo, store, options, output, targets)
    job.run()
    outputs = [edition.path(kind) for edition in job.report.editions for kind in options.formats]
    store.remember_build(fingerprint, {
        "outputs": outputs + (["index.html"] if "html" in options.formats else []),
        "editions": [[e.doc_id, list(e.langs), e.draft] for e in job.report.editions],
        "skipped": [[k.doc_id, list(k.langs), k.reason] for k in job.report.skipped],
    })
    store.flush()
    return job.report


def _targets(repo: Repository, options: BuildOptions) -> list[str]:
    """The target languages of this build, from --langs column sets or --lang."""
    source = repo.settings.source_language
    if options.column_sets:
        for langs in options.column_sets:
            if len(set(langs)) != len(langs) or len(langs) < 2:
                raise PolyglotError(f"--langs {','.join(langs)}: give two or more different languages")
        targets = list(dict.fromkeys(lang for langs in options.column_sets for lang in langs if lang != source))
    else:
        targets = repo.catalogs.languages(options.langs)
    if options.left and options.left not in (source, *targets):
        raise PolyglotError(f"--left {options.left}: not a language of this build")
    return targets


class _Build:
    """One build that is not skipped as a whole: plan, render what is out of date, write the indexes."""

    def __init__(self, repo: Repository, store: EditionStore, options: BuildOptions, output: Path,
                 targets: list[str]):
        self.repo, self.store, self.options, self.output, self.targets = repo, store, options, output, targets
        self.source = repo.settings.source_language
        self.env = environment(repo.settings.templates_dir)
        self.inputs = InputDigests(repo, self.env)
        self.report = BuildReport(output)
        self.states: list[DocumentState] = []
        self.built: dict[str, list[tuple[str, ...]]] = {}
        self.count, self.total = 0, 0

    def run(self) -> None:
        settings = self.repo.settings
        for doc_id in self.repo.documents.select(self.options.doc_ids):
            document_digest = self.inputs.file(settings.document_path(doc_id))
            catalogs = {lang: self.inputs.file(settings.catalog_path(lang, doc_id)) for lang in self.targets}
            self.states.append(self.store.document_state(doc_id, document_digest, catalogs))
        self.store.flush()
        ready = {(state.id, lang): state.languages[lang]["reason"] for state in self.states for lang in self.targets}
        editions, skipped = plan([s.id for s in self.states], self.source, self.targets, ready,
                                 column_sets=self.options.column_sets, left=self.options.left, draft=self.options.draft)
        self.report.editions, self.report.skipped = editions, skipped
        for edition in editions:
            self.built.setdefault(edition.doc_id, []).append(edition.langs)
        self._render(self._outdated())
        if "html" in self.options.formats:
            self._write_indexes()
        sync()

    def write(self, relative: str, data: bytes) -> None:
        target = inside(self.output, relative)
        if write_if_changed(target, data, durable=False):
            self.report.written.append(target)

    def done(self, edition: Edition, kind: str, key: str) -> None:
        """An output is made: record its input digest, and count it."""
        self.store.remember_output(inside(self.output, edition.path(kind)), key)
        self.report.rendered.append(edition.path(kind))
        self.count += 1
        if self.options.progress:
            self.options.progress(self.count, self.total)

    def _outdated(self) -> Work:
        """The outputs whose input digest is not the one they were made from, or that are missing."""
        settings, inputs, options = self.repo.settings, self.inputs, self.options
        by_id = {s.id: s for s in self.states}
        work = []
        for edition in self.report.editions:
            state = by_id[edition.doc_id]
            links = edition_links(edition, self.built, self.source, options.formats)
            common = [state.digest, inputs.settings, repr(edition), repr(sorted(links.items()))]
            common += [inputs.file(settings.catalog_path(lang, state.id)) for lang in edition.langs
                       if lang != self.source]
            common += [inputs.furniture(lang) for lang in edition.langs]
            page = inputs.template("parallel.html.j2" if edition.parallel else "document.html.j2")
            wanted = {}
            if "html" in options.formats:
                wanted["html"] = digest(*common, page)
            if "pdf" in options.formats:
                wanted["pdf"] = digest(*common, page, inputs.template("print.css.j2"), inputs.fonts(),
                                          str(options.pdf_variant))
            stale = {kind: key for kind, key in wanted.items()
                     if self.store.output_key(inside(self.output, edition.path(kind))) != key
                     or not inside(self.output, edition.path(kind)).exists()}
            if stale:
                work.append((edition, links, stale))
        self.total = sum(len(stale) for _, _, stale in work)
        return work

    def _render(self, work: Work) -> None:
        renderer = PdfRenderer(self.options.jobs, self.write, self.done)
        try:
            for edition, links, stale in work:
                document = self.repo.documents.load(edition.doc_id)
                trees = {lang: document.tree if lang == self.source else translate(self.repo, document.id, lang,
                                                                                   document).tree
                         for lang in edition.langs}
                context = edition_context(edition, EditionInput(document, trees), source_lang=self.source,
                                          links=links)
                html = render_template(self.env, "parallel.html.j2" if edition.parallel else "document.html.j2",
                                       context)
                if "html" in stale:
                    self.write(edition.path("html"), html.encode("utf-8"))
                    self.done(edition, "html", stale["html"])
                if "pdf" in stale:
                    variant = self.options.pdf_variant
                    renderer.submit(edition, stale["pdf"], PdfJob(
                        html, render_template(self.env, "print.css.j2", context), inside(self.output, edition.folder),
                        edition.path("pdf"), document.date, variant,
                        archival_attachments(self.repo.settings, document.id, edition) if variant else None,
                        edition.langs if edition.parallel else None))
            renderer.finish()
        finally:
            renderer.close()
            self.store.flush()

    def _write_indexes(self) -> None:
        languages = [self.source, *self.targets]
        formats = self.options.formats
        for lang in languages:
            entries = index_entries(lang, self.states, self.built, self.source, formats, "../")
            context = index_context(lang, entries, language_links(languages, "../"))
            self.write(f"{lang}/index.html", render_template(self.env, "index.html.j2", context).encode("utf-8"))
        entries = index_entries(self.source, self.states, self.built, self.source, formats, "")
        context = index_context(self.source, entries, language_links(languages, ""))
        self.write("index.html", render_template(self.env, "index.html.j2", context).encode("utf-8"))
