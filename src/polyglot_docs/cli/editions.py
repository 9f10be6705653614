"""Commands that make what readers get: translate, build, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from polyglot_docs.cli.app import (
    DEFAULT_JOBS,
    DocOption,
    LangOption,
    NoWaitOption,
    RootOption,
    app,
    err,
    locked,
    open_repo,
    out,
    progress_bar,
    reports_errors,
)
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.editions.translate import Translation, write_translations
from polyglot_docs.editions.translate import translate as translate_one
from polyglot_docs.repository import Repository


@app.command()
@reports_errors
def translate(
    documents: Annotated[list[str] | None, typer.Argument(help="Document ids (default: all).")] = None,
    lang: LangOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder for <lang>/<id>.xml (default: <output>/xml). With one document and one "
        "--lang and no --output, the XML goes to standard output.")] = None,
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Write translated documents as XML: same structure and ids, unfinished units in the source, marked."""
    repo = open_repo(root)
    with locked(repo, no_wait):
        doc_ids = repo.documents.select(documents)
        langs = repo.catalogs.languages(lang)
        if output is None and documents and len(doc_ids) == 1 and lang and len(langs) == 1:
            result = translate_one(repo, doc_ids[0], langs[0])
            _warn_invalid(repo, result)
            sys.stdout.buffer.write(result.xml())
            err.print(_translated_summary(result))
            return
        folder = output or repo.settings.output_dir / "xml"
        for result, target in write_translations(repo, doc_ids, langs, folder):
            _warn_invalid(repo, result)
            out.print(f"{_translated_summary(result)} -> {repo.rel(target)}")


def _warn_invalid(repo: Repository, result: Translation) -> None:
    catalog = repo.rel(result.catalog_path)
    for outcome in result.outcomes:
        if outcome.status == "invalid":
            err.print(f"warning: {catalog}:{outcome.line}: unit {outcome.unit_id}: {outcome.problem}; "
                      "source text used")


def _translated_summary(result: Translation) -> str:
    done = sum(o.status == "translated" for o in result.outcomes)
    return f"{result.document.id} [{result.lang}]: {done} of {len(result.outcomes)} unit(s) translated"


@app.command()
@reports_errors
def build(
    root: RootOption = None,
    doc: DocOption = None,
    lang: LangOption = None,
    langs: Annotated[list[str] | None, typer.Option(
        "--langs", help="Columns of a parallel edition, e.g. en,ru,kk (repeatable; three languages: A4 landscape).")
    ] = None,
    left: Annotated[str | None, typer.Option("--left", help="Language of the left column, e.g. ru.")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Build incomplete translations too, marked DRAFT.")] = False,
    formats: Annotated[str, typer.Option("--format", help="html, pdf, or html,pdf.")] = "html,pdf",
    pdf_variant: Annotated[str | None, typer.Option(
        "--pdf-variant", help="pdf/a-3b (archival, with the XML and catalogs attached), pdf/a-2u, pdf/a-3a, "
        "pdf/ua-1.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output folder (default: build/).",
                                                file_okay=False)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="PDF worker processes (default: one per core).",
                                      min=1)] = DEFAULT_JOBS,
    no_wait: NoWaitOption = False,
) -> None:
    """Render every edition of every document as HTML and PDF, and an index per language."""
    from polyglot_docs.editions.build import BuildOptions
    from polyglot_docs.editions.build import build as run_build

    repo = open_repo(root)
    with locked(repo, no_wait):
        chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
        if not chosen or set(chosen) - {"html", "pdf"}:
            raise PolyglotError(f"--format {formats!r}: use html, pdf or html,pdf")
        column_sets = [tuple(code.strip() for code in value.split(",") if code.strip()) for value in langs or []]
        for code in {c for s in column_sets for c in s} | ({left} if left else set()):
            repo.catalogs.languages([code])
        with progress_bar("Rendering editions") as advance:
            report = run_build(repo, BuildOptions(doc_ids=doc, langs=lang, column_sets=column_sets or None,
                                                  left=left, draft=draft, formats=chosen, pdf_variant=pdf_variant,
                                                  output=output, jobs=jobs, progress=advance))
        grouped: dict[tuple[str, str], list[str]] = {}
        for skipped in report.skipped:
            grouped.setdefault((skipped.doc_id, skipped.reason), []).append("-".join(skipped.langs))
        for (doc_id, reason), folders in grouped.items():
            err.print(f"skipped {doc_id} [{', '.join(folders)}]: {reason}")
        if report.skipped:
            err.print("(--draft builds skipped editions, marked as drafts)")
        drafts = sum(e.draft for e in report.editions)
        err.print(f"{len(report.editions)} edition(s){f' ({drafts} draft)' if drafts else ''}, "
                  f"{len(report.skipped)} skipped; {len(report.rendered)} file(s) rendered, the rest up to date; "
                  f"{len(report.written)} file(s) written to {repo.rel(report.output)}/")


@app.command()
@reports_errors
def report(
    root: RootOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder (default: build/report).",
                                                file_okay=False)] = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Write the editors' dashboard: completeness matrix, charts, and a review page per catalog."""
    from polyglot_docs.editions.report import write_report

    repo = open_repo(root)
    with locked(repo, no_wait):
        result = write_report(repo, output)
        err.print(f"report in {repo.rel(result.output)}/index.html ({len(result.written)} file(s) written)")
