"""The main job: every edition of every document, as HTML and PDF, and the indexes.

Decides the editions (``editions.plan``), reads each translation once
(``Repository.translate``), renders HTML through the templates and PDF through
WeasyPrint, and writes only inside the output folder, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_docs.editions import Edition, Skipped, plan, readiness
from polyglot_docs.errors import PolyglotError
from polyglot_docs.fsutil import write_if_changed
from polyglot_docs.localedata import LocaleInfo
from polyglot_docs.pdf import PdfAttachment, render_pdf, tag_column_languages
from polyglot_docs.render import EditionInput, edition_context, environment, index_context, render_template
from polyglot_docs.repository import Repository, Translation
from polyglot_docs.stats import word_count


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


@dataclass
class BuildReport:
    output: Path
    editions: list[Edition] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def _inside(output: Path, relative: str) -> Path:
    target = (output / relative).resolve()
    if not target.is_relative_to(output.resolve()):
        raise PolyglotError(f"refusing to write outside the output folder: {relative}")
    return target


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
    documents = repo.load_all(options.doc_ids)
    translations: dict[tuple[str, str], Translation] = {}
    ready: dict[tuple[str, str], str | None] = {}
    for document in documents:
        for lang in targets:
            translation = repo.translate(document.id, lang)
            translations[(document.id, lang)] = translation
            ready[(document.id, lang)] = readiness(translation.outcomes)
    editions, skipped = plan([d.id for d in documents], source, targets, ready, column_sets=column_sets,
                             left=options.left, draft=options.draft)
    report = BuildReport(output, editions, skipped)
    by_id = {d.id: d for d in documents}
    env = environment(settings.templates_dir)
    built = {(e.doc_id, e.langs) for e in editions}

    def write(relative: str, data: bytes) -> None:
        target = _inside(output, relative)
        if write_if_changed(target, data):
            report.written.append(target)

    for edition in editions:
        document = by_id[edition.doc_id]
        trees = {lang: document.tree if lang == source else translations[(document.id, lang)].tree
                 for lang in edition.langs}
        links = _edition_links(edition, built, source, options.formats)
        context = edition_context(edition, EditionInput(document, trees), source_lang=source, links=links)
        html = render_template(env, "parallel.html.j2" if edition.parallel else "document.html.j2", context)
        if "html" in options.formats:
            write(edition.path("html"), html.encode("utf-8"))
        if "pdf" in options.formats:
            attachments = _archival_attachments(repo, document.id, edition) if options.pdf_variant else None
            base = _inside(output, edition.folder)
            stylesheet = render_template(env, "print.css.j2", context)
            data = render_pdf(html, stylesheet=stylesheet, base=base, display=edition.path("pdf"),
                              created=document.date, variant=options.pdf_variant, attachments=attachments)
            if options.pdf_variant and options.pdf_variant.startswith("pdf/ua") and edition.parallel:
                data = tag_column_languages(data, edition.langs)
            write(edition.path("pdf"), data)

    if "html" in options.formats:
        languages = [source, *targets]
        for lang in languages:
            entries = _index_entries(lang, documents, translations, built, source, options.formats, "../")
            context = index_context(lang, entries, _language_links(languages, "../"))
            write(f"{lang}/index.html", render_template(env, "index.html.j2", context).encode("utf-8"))
        entries = _index_entries(source, documents, translations, built, source, options.formats, "")
        context = index_context(source, entries, _language_links(languages, ""))
        write("index.html", render_template(env, "index.html.j2", context).encode("utf-8"))
    return report


def _archival_attachments(repo: Repository, doc_id: str, edition: Edition) -> list[PdfAttachment]:
    settings = repo.settings
    files = [PdfAttachment(f"{doc_id}.xml", settings.document_path(doc_id).read_bytes(),
                           "Canonical source document (polyglot-docs XML)")]
    for lang in edition.langs:
        path = settings.catalog_path(lang, doc_id)
        if lang != settings.source_language and path.exists():
            files.append(PdfAttachment(f"{doc_id}.{lang}.po", path.read_bytes(), f"Translation catalog ({lang})"))
    return files


def _edition_links(edition: Edition, built: set[tuple[str, tuple[str, ...]]], source: str,
                   formats: tuple[str, ...]) -> dict[str, Any]:
    doc_id = edition.doc_id
    monolingual = [langs[0] for d, langs in sorted(built) if d == doc_id and len(langs) == 1]
    parallels = [langs for d, langs in sorted(built) if d == doc_id and len(langs) > 1]
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


def _index_entries(lang: str, documents: list[Any], translations: dict[tuple[str, str], Translation],
                   built: set[tuple[str, tuple[str, ...]]], source: str, formats: tuple[str, ...], prefix: str
                   ) -> list[dict[str, Any]]:
    info = LocaleInfo(lang)
    entries = []
    for document in documents:
        if lang == source:
            percent, title, title_lang = 100.0, document.title, source
        else:
            translation = translations[(document.id, lang)]
            words = {u.id: word_count(u.text) for u in document.units}
            total = sum(words.values()) or 1
            done = sum(words[o.unit_id] for o in translation.outcomes if o.status == "translated")
            percent = 100.0 * done / total
            title_element = translation.tree.getroot().find("title")
            translated_title = title_element is not None and title_element.get("status") is None
            title = " ".join("".join(title_element.itertext()).split()) if translated_title else document.title
            title_lang = lang if translated_title else source
        has_mono = (document.id, (lang,)) in built
        parallels = [langs for d, langs in sorted(built) if d == document.id and len(langs) > 1 and lang in langs]
        entries.append({
            "id": document.id,
            "type": document.type,
            "date": document.date,
            "date_label": info.date(document.date),
            "title": title,
            "title_lang": title_lang,
            "complete": percent >= 100.0,
            "percent": info.percent(round(percent)),
            "html": f"{prefix}{lang}/{document.id}.html" if has_mono else None,
            "pdf": f"{prefix}{lang}/{document.id}.pdf" if has_mono and "pdf" in formats else None,
            "parallels": [{"label": " – ".join(LocaleInfo(code).name for code in langs),
                           "html": f"{prefix}{'-'.join(langs)}/{document.id}.html",
                           "pdf": f"{prefix}{'-'.join(langs)}/{document.id}.pdf" if "pdf" in formats else None}
                          for langs in parallels],
        })
    return entries

