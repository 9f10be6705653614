"""Commands that make what readers get: translate, build, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from polyglot_docs.editions.results import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from polyglot_docs.editions.results import BuildReport
    from polyglot_docs.editions.translate import Translation
    from polyglot_docs.repository import Repository


@app.command()
@reports_errors
def translate(
    documents: Annotated[list[str] | None, typer.Argument(help="Document ids (default: all).")] = None,
    lang: LangOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder for <lang>/<id>.xml (default: drafts/xml). With one document and one "
        "--lang and no --output, the XML goes to standard output.")] = None,
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Write translated documents as XML: same structure and ids, unfinished units in the source, marked."""
    # Each command imports its stage when it runs, so that the others start faster (startup time).
    from polyglot_docs.editions.translate import translate as translate_one
    from polyglot_docs.editions.translate import write_translations

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
        folder = output or repo.settings.drafts / "xml"  # unfinished units included: not for the site
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
        "--langs", help="Only this parallel edition, e.g. en,ru,kk (repeatable; editions beyond the "
        "source-target pairs are listed in [editions] columns of polyglot.toml).")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Build every edition, incomplete ones marked DRAFT, "
                                        "into the drafts folder (drafts/), never into the site.")] = False,
    formats: Annotated[str, typer.Option("--format", help="html, pdf, or html,pdf.")] = "html,pdf",
    pdf_variant: Annotated[str, typer.Option(
        "--pdf-variant", help="pdf/a-3a (the default: archival and tagged, the XML and catalogs attached), "
        "pdf/a-3b, pdf/a-2u, pdf/ua-1.")] = DEFAULT_PDF_VARIANT,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output folder (default: build/, or "
                                                "drafts/ with --draft).", file_okay=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 also when an edition published before was "
                                         "withdrawn.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="PDF worker processes (default: one per core).",
                                      min=1)] = DEFAULT_JOBS,
    no_wait: NoWaitOption = False,
) -> None:
    """Build the site: every edition that passes the publishing gate, as HTML and PDF, with its indexes.

    --doc, --lang and --langs limit what is rendered, never what the site lists. Exit status: 0 when
    everything that could be published was; 1 when a document or catalog could not be read (the rest
    is built) or, with --strict, when an edition published before was withdrawn.
    """
    from polyglot_docs.editions.build import BuildOptions
    from polyglot_docs.editions.build import build as run_build

    repo = open_repo(root)
    with locked(repo, no_wait):
        chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
        if not chosen or set(chosen) - {"html", "pdf"}:
            raise PolyglotError(f"--format {formats!r}: use html, pdf or html,pdf")
        column_sets = [tuple(code.strip() for code in value.split(",") if code.strip()) for value in langs or []]
        with progress_bar("Rendering editions") as advance:
            report = run_build(repo, BuildOptions(doc_ids=doc, langs=lang, column_sets=column_sets or None,
                                                  draft=draft, formats=chosen, pdf_variant=pdf_variant,
                                                  output=output, jobs=jobs, progress=advance))
    _print_build(repo, report)
    if report.errors or (strict and report.withdrawn):
        raise typer.Exit(1)


def _print_build(repo: Repository, report: BuildReport) -> None:
    """Withdrawn editions first, then unreadable files, the table per language, what is withheld and why."""
    from rich.table import Table

    for skipped in report.withdrawn:
        err.print(f"withdrawn: {skipped.doc_id} [{'-'.join(skipped.langs)}]: {skipped.reason}")
    for error in report.errors:
        err.print(f"error: {error}")
    table = Table(box=None, pad_edge=False, show_edge=False)
    for name in ("language", "published", "withheld", "not started", "memory proposals to review"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for lang, row in report.languages.items():
        proposed = f"{row.proposed} ({row.proposed_words} words)" if row.proposed else "0"
        table.add_row(lang, str(row.published), str(len(row.withheld)), str(row.not_started), proposed)
    if report.languages:
        err.print(table)
    for lang, row in report.languages.items():
        for skipped in row.withheld:
            if skipped not in report.withdrawn:
                err.print(f"withheld: {skipped.doc_id} [{lang}]: {skipped.reason}")
    if report.out_of_date:
        err.print(f"{len(report.out_of_date)} file(s) kept as they were, out of date: outside this build's "
                  "--doc, --lang, --langs or --format")
    drafts = sum(e.draft for e in report.editions)
    err.print(f"{len(report.editions)} edition(s){f' ({drafts} draft)' if drafts else ''}; "
              f"{len(report.rendered)} file(s) rendered, the rest up to date; {len(report.written)} written, "
              f"{len(report.removed)} removed in {repo.rel(report.output)}/")


@app.command()
@reports_errors
def report(
    root: RootOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Folder (default: drafts/report).",
                                                file_okay=False)] = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Write the editors' dashboard: completeness matrix, charts, and a review page per catalog."""
    from polyglot_docs.editions.report import write_report

    repo = open_repo(root)
    with locked(repo, no_wait):
        result = write_report(repo, output)
        err.print(f"report in {repo.rel(result.output)}/index.html ({len(result.written)} file(s) written)")
