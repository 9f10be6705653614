"""One build of a site into its staging folder: states, the gate, what to render, pages, manifest, pruning.

Work is decided from what is outdated, as in Sphinx's builders: an output whose input digest
(``inputs``) is the one it was made from is kept. Editions outside the selection keep their files
as they are; an edition the gate withholds now is removed, whatever the selection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from polyglot_docs import __version__
from polyglot_docs.core.cache import digest
from polyglot_docs.core.errors import DocumentError, PolyglotError
from polyglot_docs.core.fsutil import sync, write_if_changed
from polyglot_docs.editions.html import EditionInput, edition_context, environment, render_template
from polyglot_docs.editions.indexes import site_pages
from polyglot_docs.editions.inputs import InputDigests
from polyglot_docs.editions.links import edition_links
from polyglot_docs.editions.pdfpool import PdfJob, PdfRenderer, archival_attachments
from polyglot_docs.editions.plan import Edition, plan
from polyglot_docs.editions.results import BuildOptions, BuildReport, Selection
from polyglot_docs.editions.site import MANIFEST, Manifest, inside, prune, sha256_file
from polyglot_docs.editions.store import DocumentState, EditionStore
from polyglot_docs.editions.summary import summarise
from polyglot_docs.editions.translate import translate
from polyglot_docs.repository import Repository

KINDS = ("html", "pdf")


class SiteBuild:
    def __init__(self, repo: Repository, store: EditionStore, options: BuildOptions, output: Path, folder: Path,
                 parallel: list[tuple[str, ...]], selection: Selection):
        self.repo, self.store, self.options, self.selection = repo, store, options, selection
        self.output, self.folder, self.parallel = output, folder, parallel
        self.source = repo.settings.source_language
        self.languages = [self.source, *repo.settings.target_languages]
        self.env = environment(repo.settings.templates_dir)
        self.inputs = InputDigests(repo, self.env)
        self.report: BuildReport = BuildReport(output)
        self.states: list[DocumentState] = []
        self.files: dict[str, str] = {}  # the site's files by path -> SHA-256
        # Input digests of the outputs made, recorded only once the site holding them is live:
        # recorded earlier, a build killed before its swap would vouch for the old files.
        self.made: dict[Path, str] = {}
        self.count, self.total = 0, 0

    def run(self) -> BuildReport:
        old = Manifest.read(self.folder)
        self._read_states()
        broken = {(s.id, lang): str(error) for s in self.states for lang, error in s.errors.items()}
        ready = {(s.id, lang): s.languages[lang]["reason"] for s in self.states for lang in s.languages}
        editions, skipped = plan([s.id for s in self.states], self.source, self.languages[1:], ready,
                                 parallel=self.parallel, draft=self.options.draft, broken=broken)
        in_site = self._membership(editions)
        self.report.editions = [e for e in editions if e in in_site]
        self.report.skipped = skipped
        built: dict[str, list[tuple[str, ...]]] = {}  # the editions a page can link to: those with a page
        for edition in self.report.editions:
            if "html" in in_site[edition]:
                built.setdefault(edition.doc_id, []).append(edition.langs)
        self._render(self._outdated(in_site, built, old), in_site)
        self._write_pages(built, in_site)
        manifest = self._manifest(old, in_site, built)
        self._write(MANIFEST, manifest.to_bytes(f"polyglot-docs {__version__}"), record=False)
        self.files[MANIFEST] = ""
        self.report.removed = prune(self.folder, set(self.files), self._written_before(old))
        published_before = {(e.get("document"), tuple(e.get("languages", ()))) for e in old.editions
                            if not e.get("draft")} if old else set()
        self.report.withdrawn = [k for k in skipped if (k.doc_id, k.langs) in published_before]
        self.report.languages = summarise(self.languages, self.states, self.report.editions, skipped)
        sync()
        return self.report

    def _read_states(self) -> None:
        """Every document's state in every language; what cannot be read is reported and withheld."""
        settings = self.repo.settings
        for doc_id in self.repo.documents.ids():
            document_digest = self.inputs.file(settings.document_path(doc_id))
            catalogs = {lang: self.inputs.file(settings.catalog_path(lang, doc_id)) for lang in self.languages[1:]}
            try:
                state = self.store.document_state(doc_id, document_digest, catalogs)
            except DocumentError as error:
                state = DocumentState(doc_id, document_digest, "", dt.date.min, doc_id)
                state.errors = {lang: error for lang in self.languages}
            self.states.append(state)
            self.report.errors.extend(dict.fromkeys(state.errors.values()))  # a document's error once
        self.store.flush()

    def _membership(self, editions: list[Edition]) -> dict[Edition, set[str]]:
        """Each edition of the site with the kinds of file it will have: rendered now, or kept as it is."""
        in_site: dict[Edition, set[str]] = {}
        for edition in editions:
            kinds = {kind for kind in KINDS
                     if (self.selection.covers(edition) and kind in self.selection.formats)
                     or (self.folder / edition.path(kind)).is_file()}
            if kinds:
                in_site[edition] = kinds
        return in_site

    def _outdated(self, in_site: dict[Edition, set[str]], built: dict[str, list[tuple[str, ...]]],
                  old: Manifest | None) -> list[tuple[Edition, dict[str, Any], dict[str, str]]]:
        """The files to render: in the selection and out of date, or kept but linking to what is gone."""
        old_links = {(e.get("document"), tuple(e.get("languages", ()))): e.get("links") for e in old.editions} \
            if old else {}
        states = {s.id: s for s in self.states}
        work = []
        for edition, kinds in in_site.items():
            links = edition_links(edition, built, self.source, "pdf" in kinds)
            wanted = self._keys(edition, states[edition.doc_id], links)
            stale = {}
            for kind in sorted(kinds):
                path = self.folder / edition.path(kind)
                if self.store.output_key(self.output / edition.path(kind)) == wanted[kind] and path.is_file():
                    continue
                chosen = self.selection.covers(edition) and kind in self.selection.formats
                links_moved = kind == "html" and old_links.get((edition.doc_id, edition.langs)) != _links_key(links)
                if chosen or links_moved or not path.is_file():
                    stale[kind] = wanted[kind]
                else:
                    self.report.out_of_date.append(edition.path(kind))
            if stale:
                work.append((edition, links, stale))
        self.total = sum(len(stale) for _, _, stale in work)
        return work

    def _keys(self, edition: Edition, state: DocumentState, links: dict[str, Any]) -> dict[str, str]:
        """The input digest of each kind of file of an edition."""
        settings, inputs = self.repo.settings, self.inputs
        common = [state.digest, inputs.settings, repr(edition), _links_key(links)]
        common += [inputs.file(settings.catalog_path(lang, state.id)) for lang in edition.langs if lang != self.source]
        common += [inputs.furniture(lang) for lang in edition.langs]
        page = inputs.template("parallel.html.j2" if edition.parallel else "document.html.j2")
        return {"html": digest(*common, page),
                "pdf": digest(*common, page, inputs.template("print.css.j2"), inputs.fonts(),
                              str(self.options.pdf_variant))}

    def _render(self, work: list[tuple[Edition, dict[str, Any], dict[str, str]]],
                in_site: dict[Edition, set[str]]) -> None:
        renderer = PdfRenderer(self.options.jobs, lambda path, data: self._write(path, data), self._done)
        try:
            for edition, links, stale in work:
                document = self.repo.documents.load(edition.doc_id)
                translations = {lang: translate(self.repo, document.id, lang, document, draft=edition.draft)
                                for lang in edition.langs if lang != self.source}
                trees = {lang: translations[lang].tree if lang in translations else document.tree
                         for lang in edition.langs}
                changes = {lang: t.changes for lang, t in translations.items()}  # drafts: the source's changes
                context = edition_context(edition, EditionInput(document, trees, changes), source_lang=self.source,
                                          links=links)
                html = render_template(self.env, "parallel.html.j2" if edition.parallel else "document.html.j2",
                                       context)
                if "html" in stale:
                    self._write(edition.path("html"), html.encode("utf-8"))
                    self._done(edition, "html", stale["html"])
                if "pdf" in stale:
                    variant = self.options.pdf_variant
                    renderer.submit(edition, stale["pdf"], PdfJob(
                        html, render_template(self.env, "print.css.j2", context), self.folder / edition.folder,
                        edition.path("pdf"), document.date, variant,
                        archival_attachments(self.repo.settings, document.id, edition) if variant else None,
                        edition.langs if edition.parallel else None))
            renderer.finish()
        finally:
            renderer.close()
            self.store.flush()

    def _write(self, relative: str, data: bytes, record: bool = True) -> None:
        target = inside(self.folder, relative)
        if not target.parent.resolve().is_relative_to(self.folder.resolve()):  # a link inside the site
            raise PolyglotError(f"refusing to write outside the output folder: {relative}")
        if write_if_changed(target, data, durable=False):
            self.report.written.append(self.output / relative)
        if record:
            self.files[relative] = hashlib.sha256(data).hexdigest()

    def _done(self, edition: Edition, kind: str, key: str) -> None:
        """An output is made: keep its input digest for :meth:`commit`, and count it."""
        self.made[self.output / edition.path(kind)] = key
        self.report.rendered.append(edition.path(kind))
        self.count += 1
        if self.options.progress:
            self.options.progress(self.count, self.total)

    def commit(self) -> None:
        """The staging folder is now the live site: record what its new outputs were made from."""
        for path, key in self.made.items():
            self.store.remember_output(path, key)

    def _write_pages(self, built: dict[str, list[tuple[str, ...]]], in_site: dict[Edition, set[str]]) -> None:
        pdfs = {edition.path("pdf") for edition, kinds in in_site.items() if "pdf" in kinds}
        pages = site_pages(self.env, source=self.source, languages=self.languages, states=self.states,
                           published=built, pdfs=pdfs, base_url=self.repo.settings.base_url)
        for relative, data in pages.items():
            self._write(relative, data)

    def _manifest(self, old: Manifest | None, in_site: dict[Edition, set[str]],
                  built: dict[str, list[tuple[str, ...]]]) -> Manifest:
        """Every file of the site with its SHA-256; each edition with the digests it was made from."""
        previous = {(e.get("document"), tuple(e.get("languages", ()))): e for e in old.editions} if old else {}
        settings = self.repo.settings
        manifest = Manifest()
        for edition, kinds in in_site.items():
            files = [edition.path(kind) for kind in KINDS if kind in kinds]
            for path in files:
                if path not in self.files:
                    self.files[path] = sha256_file(self.folder / path)
            made_now = any(path in self.report.rendered for path in files)
            before = previous.get((edition.doc_id, edition.langs))
            entry = dict(before) if before is not None and not made_now else {
                "document": edition.doc_id, "languages": list(edition.langs), "draft": edition.draft,
                "source": _sha256(settings.document_path(edition.doc_id)),
                "catalogs": {lang: _sha256(settings.catalog_path(lang, edition.doc_id))
                             for lang in edition.langs if lang != self.source}}
            entry["files"] = files
            entry["links"] = _links_key(edition_links(edition, built, self.source, "pdf" in kinds))
            manifest.editions.append(entry)
        manifest.files = {path: sha for path, sha in self.files.items() if path != MANIFEST}
        return manifest

    def _written_before(self, old: Manifest | None) -> set[str]:
        """What earlier builds wrote here: the manifest's files, or for a site without one, what looks so."""
        if old is not None:
            return set(old.files) | {MANIFEST}
        found = self.store.outputs_under(self.output)
        codes = "|".join(re.escape(lang) for lang in self.languages)
        shaped = re.compile(rf"(?:(?:{codes})(?:-(?:{codes}))*/[a-z0-9][a-z0-9._-]*\.(?:html|pdf)|index\.html"
                            rf"|(?:{codes})/feed\.xml|sitemap\.xml|{re.escape(MANIFEST)})")
        for path in self.folder.rglob("*"):
            relative = path.relative_to(self.folder).as_posix()
            if path.is_file() and not path.is_symlink() and shaped.fullmatch(relative):
                found.add(relative)
        return found


def _links_key(links: dict[str, Any]) -> str:
    return digest(repr(sorted(links.items())))


def _sha256(path: Path) -> str | None:
    return sha256_file(path) if path.is_file() else None
