"""The ``polyglot-docs`` command: a thin layer over :mod:`polyglot_docs.repository`."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from polyglot_docs import __version__
from polyglot_docs.documents.model import read_document_tree
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.documents.ids import assign_ids
from polyglot_docs.documents.importer import import_text
from polyglot_docs.repository import CatalogStatus, Repository
from polyglot_docs.core.xmlsafe import serialize_document

app = typer.Typer(
    help="Canonical XML documents, gettext catalogs anchored on block ids, parallel-language editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

RootOption = Annotated[Path | None, typer.Option("--root", help="Repository root (default: the nearest folder "
                                                    "above the current one that holds polyglot.toml).",
                                                    file_okay=False)]
DocOption = Annotated[list[str] | None, typer.Option("--doc", help="Only this document id (repeatable).")]
LangOption = Annotated[list[str] | None, typer.Option("--lang", help="Only this language (repeatable).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (schema in docs/ARCHITECTURE.md).")]
NoWaitOption = Annotated[bool, typer.Option("--no-wait", help="Fail at once if another run holds the repository.")]
DEFAULT_JOBS = max(1, os.cpu_count() or 1)


def _version(value: bool) -> None:
    if value:
        out.print(f"polyglot-docs {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """polyglot-docs: documents/ -> locales/ -> editions."""


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Print a PolyglotError as one line and exit 1, with no traceback."""
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PolyglotError as error:
            err.print(f"error: {error}")
            raise typer.Exit(1) from None
    return wrapper


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on an interactive terminal; nothing in CI, pipes and files."""
    if not err.is_terminal or os.environ.get("CI"):
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def _output_format(as_json: bool, output_format: str) -> str:
    """--json is short for --format json."""
    chosen = "json" if as_json else output_format
    if chosen not in ("text", "json", "csv"):
        raise PolyglotError(f"--format {output_format!r}: use text, json or csv")
    return chosen


def _repo(root: Path | None) -> Repository:
    return Repository.open(root)


def _locked(repo: Repository, no_wait: bool) -> Any:
    return repo.lock(wait=not no_wait, notify=lambda message: err.print(message))


@app.command()
@reports_errors
def validate(root: RootOption = None, doc: DocOption = None) -> None:
    """Check every document against the schema and the id rules; print problems as path:line: message."""
    repo = _repo(root)
    problems = repo.validate(doc)
    for problem in problems:
        out.print(str(problem))
    count = len(repo.select(doc))
    if problems:
        err.print(f"{len(problems)} problem(s) in {count} document(s)")
        raise typer.Exit(1)
    err.print(f"{count} document(s) valid")


@app.command()
@reports_errors
def ids(root: RootOption = None, doc: DocOption = None,
        check: Annotated[bool, typer.Option("--check", help="Only report blocks without ids; exit 1 if any.")] = False,
        no_wait: NoWaitOption = False) -> None:
    """Give every translatable block that lacks one a stable xml:id; existing ids never change."""
    repo = _repo(root)
    with _locked(repo, no_wait):
        missing = 0
        for doc_id in repo.select(doc):
            path = repo.settings.document_path(doc_id)
            tree = read_document_tree(path, repo.rel(path))
            added = assign_ids(tree.getroot())
            if not added:
                continue
            missing += len(added)
            if check:
                out.print(f"{repo.rel(path)}: {len(added)} block(s) without an id")
                continue
            write_if_changed(path, serialize_document(tree))
            out.print(f"{repo.rel(path)}: added {', '.join(added)}")
        if check and missing:
            raise typer.Exit(1)


@app.command("import")
@reports_errors
def import_(
    source: Annotated[str, typer.Argument(help="Plain-text file, or - for standard input.")],
    doc_type: Annotated[str, typer.Option("--type", help="statement or news.")] = "news",
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id (default: date and title).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: the text's date line).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where the document was issued.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: the first paragraph).")] = None,
    organisation: Annotated[str | None, typer.Option(help="Issuing organisation (default: from settings).")] = None,
    split: Annotated[str, typer.Option(help="Paragraphs are 'line's, 'blank'-line blocks, or 'auto'.")] = "auto",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing document.")] = False,
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Turn plain text into a canonical document in documents/."""
    repo = _repo(root)
    with _locked(repo, no_wait):
        if doc_type not in ("statement", "news"):
            raise PolyglotError(f"--type must be statement or news, not {doc_type!r}")
        if split not in ("auto", "line", "blank"):
            raise PolyglotError(f"--split must be auto, line or blank, not {split!r}")
        try:
            when = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise PolyglotError(f"--date {date!r} is not a YYYY-MM-DD date") from None
        if source == "-":
            text, name = sys.stdin.read(), "<stdin>"
        else:
            try:
                text, name = Path(source).read_text(encoding="utf-8"), source
            except (OSError, UnicodeDecodeError) as error:
                raise PolyglotError(f"cannot read text: {error}", source) from None
        new_id, data = import_text(text, source=name, doc_type=doc_type, lang=repo.settings.source_language,
                                   organisation=organisation or repo.settings.organisation, doc_id=doc_id, date=when,
                                   place=place, title=title, split=split)
        path = repo.settings.document_path(new_id)
        if path.exists() and not force:
            raise PolyglotError("document exists; pass --force to replace it", repo.rel(path))
        from polyglot_docs.documents.model import rule_problems, schema_problems
        from polyglot_docs.core.xmlsafe import parse_document_bytes
        tree = parse_document_bytes(data, repo.rel(path))
        problems = schema_problems(tree, repo.rel(path)) + rule_problems(tree, repo.rel(path), None)
        if problems:
            raise problems[0]
        write_if_changed(path, data)
        out.print(f"wrote {repo.rel(path)}")


@app.command()
@reports_errors
def extract(root: RootOption = None, doc: DocOption = None, no_wait: NoWaitOption = False) -> None:
    """Write one template per document: locales/templates/<id>.pot."""
    repo = _repo(root)
    with _locked(repo, no_wait):
        documents, written = repo.extract(doc)
        for path in written:
            out.print(f"wrote {repo.rel(path)}")
        err.print(f"{len(documents)} template(s), {len(written)} changed")


@app.command()
@reports_errors
def init(
    lang: Annotated[str, typer.Option("--lang", help="Language code, such as ru or kk.")],
    root: RootOption = None,
    doc: DocOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing catalogs (their translations are lost).")
                     ] = False,
    no_wait: NoWaitOption = False,
) -> None:
    """Write a new catalog for LANG for each document that has none yet."""
    repo = _repo(root)
    with _locked(repo, no_wait):
        written = repo.init(lang, doc, force)
        for path in written:
            out.print(f"wrote {repo.rel(path)}")
        err.print(f"{len(written)} catalog(s) created for {lang}")


@app.command()
@reports_errors
def update(root: RootOption = None, doc: DocOption = None, lang: LangOption = None,
           jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes on large repositories "
                                             "(default: one per core).", min=1)] = DEFAULT_JOBS,
           no_wait: NoWaitOption = False) -> None:
    """Extract, then update every catalog by unit id: changed units turn fuzzy, nothing is lost."""
    repo = _repo(root)
    with _locked(repo, no_wait), progress_bar("Updating catalogs") as advance:
        results = repo.update(doc, lang, jobs=jobs, progress=advance)
        for result in results:
            if not result.written:
                continue
            s = result.summary
            parts = [f"{len(s.changed)} changed", f"{len(s.added)} new", f"{len(s.obsoleted)} obsolete"]
            if s.revived:
                parts.append(f"{len(s.revived)} revived")
            if s.from_memory:
                parts.append(f"{len(s.from_memory)} from memory")
            verb = "created" if result.created else "updated"
            out.print(f"{verb} {repo.rel(result.path)}: {', '.join(parts)}")
        err.print(f"{len(results)} catalog(s), {sum(r.written for r in results)} changed")


def _status_json(rows: list[CatalogStatus], repo: Repository) -> dict[str, Any]:
    def counts(c: Any) -> dict[str, Any]:
        return {
            "messages": {"translated": c.translated, "fuzzy": c.fuzzy, "untranslated": c.untranslated,
                         "total": c.total},
            "words": {"translated": c.translated_words, "fuzzy": c.fuzzy_words,
                      "untranslated": c.untranslated_words, "total": c.total_words},
            "percent": round(c.percent, 2),
        }
    return {
        "schema": "polyglot-docs/status/1",
        "catalogs": [
            {"document": r.doc_id, "language": r.lang, "path": repo.rel(r.path), "exists": r.exists,
             "outdated": r.outdated, **counts(r.counts)}
            for r in rows
        ],
    }


@app.command()
@reports_errors
def status(
    root: RootOption = None,
    doc: DocOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    output_format: Annotated[str, typer.Option("--format", help="text, json or csv.")] = "text",
    fail_under: Annotated[float | None, typer.Option("--fail-under", metavar="PCT",
                                                        help="Exit 1 if any catalog is below PCT% of words.")
                          ] = None,
) -> None:
    """Translated, fuzzy and untranslated units and words, per document and language."""
    repo = _repo(root)
    with progress_bar("Counting") as advance:
        rows = repo.status(doc, lang, progress=advance)
    chosen = _output_format(as_json, output_format)
    if chosen == "json":
        sys.stdout.write(json.dumps(_status_json(rows, repo), ensure_ascii=False, indent=2) + "\n")
    elif chosen == "csv":
        write_csv(["document", "language", "path", "exists", "outdated", "translated", "fuzzy", "untranslated",
                   "translated_words", "fuzzy_words", "untranslated_words", "total_words", "percent"],
                  [[r.doc_id, r.lang, repo.rel(r.path), r.exists, r.outdated, r.counts.translated, r.counts.fuzzy,
                    r.counts.untranslated, r.counts.translated_words, r.counts.fuzzy_words,
                    r.counts.untranslated_words, r.counts.total_words, round(r.counts.percent, 2)] for r in rows])
    else:
        labels = [r.doc_id + (" (no catalog)" if not r.exists else " (outdated: run update)" if r.outdated else "")
                  for r in rows]
        width = max(map(len, labels), default=8)
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("document", no_wrap=True, min_width=width)
        for name in ["lang", "translated", "fuzzy", "untranslated", "words", "%"]:
            table.add_column(name, justify="left" if name == "lang" else "right")
        for label, r in zip(labels, rows, strict=True):
            c = r.counts
            style = "green" if c.complete else "yellow" if c.translated else "red"
            table.add_row(label, r.lang, str(c.translated), str(c.fuzzy), str(c.untranslated),
                          f"{c.translated_words}/{c.total_words}", f"{c.percent:.1f}", style=style)
        Console(highlight=False, markup=False, width=max(out.width, width + 60)).print(table)
    if fail_under is not None:
        below = [r for r in rows if r.counts.percent < fail_under]
        if below:
            for r in below:
                err.print(f"{repo.rel(r.path)}: {r.counts.percent:.1f}% < {fail_under:g}%")
            raise typer.Exit(1)


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
    repo = _repo(root)
    with _locked(repo, no_wait):
        doc_ids = repo.select(documents)
        langs = repo.languages(lang)
        to_stdout = output is None and documents and len(doc_ids) == 1 and lang and len(langs) == 1
        folder = output or repo.settings.output_dir / "xml"
        for doc_id in doc_ids:
            for code in langs:
                result = repo.translate(doc_id, code)
                catalog = repo.rel(result.catalog_path)
                for outcome in result.outcomes:
                    if outcome.status == "invalid":
                        err.print(f"warning: {catalog}:{outcome.line}: unit {outcome.unit_id}: {outcome.problem}; "
                                  "source text used")
                done = sum(o.status == "translated" for o in result.outcomes)
                summary = f"{doc_id} [{code}]: {done} of {len(result.outcomes)} unit(s) translated"
                if to_stdout:
                    sys.stdout.buffer.write(result.xml())
                    err.print(summary)
                else:
                    target = folder / code / f"{doc_id}.xml"
                    write_if_changed(target, result.xml())
                    out.print(f"{summary} -> {repo.rel(target)}")


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

    repo = _repo(root)
    with _locked(repo, no_wait):
        chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
        if not chosen or set(chosen) - {"html", "pdf"}:
            raise PolyglotError(f"--format {formats!r}: use html, pdf or html,pdf")
        column_sets = [tuple(code.strip() for code in value.split(",") if code.strip()) for value in langs or []]
        for code in {c for s in column_sets for c in s} | ({left} if left else set()):
            repo.languages([code])
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
def check(
    root: RootOption = None,
    doc: DocOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    output_format: Annotated[str, typer.Option("--format", help="text, json or csv.")] = "text",
) -> None:
    """Check every translated unit (markup, numbers, punctuation, script, terminology…); exit 1 on any error.

    Each finding is printed as catalog-path:line: severity: check: message. Fuzzy units are listed
    apart, as info. Silence a check for one unit with a translator comment such as "# no-numbers-check".
    """
    repo = _repo(root)
    chosen = _output_format(as_json, output_format)
    # Findings are written as they are found, so memory stays flat on a large repository.
    summary = {"error": 0, "warning": 0, "info": 0}
    fuzzy = 0
    if chosen == "json":
        sys.stdout.write('{\n  "schema": "polyglot-docs/check/1",\n  "findings": [')
    elif chosen == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["path", "line", "document", "language", "unit", "severity", "check", "message"])
    later: list[str] = []
    # A bar only above text: JSON and CSV go to files and pipes whole.
    with progress_bar("Checking") if chosen == "text" else nullcontext(None) as advance:
        for number, r in enumerate(repo.iter_check(doc, lang, progress=advance)):
            summary[r.severity] = summary.get(r.severity, 0) + 1
            fuzzy += r.check == "fuzzy"
            if chosen == "json":
                item = {"path": r.path, "line": r.line, "document": r.doc_id, "language": r.lang, "unit": r.unit_id,
                        "severity": r.severity, "check": r.check, "message": r.message}
                sys.stdout.write(("," if number else "") + "\n    " + json.dumps(item, ensure_ascii=False))
            elif chosen == "csv":
                writer.writerow([r.path, r.line, r.doc_id, r.lang, r.unit_id, r.severity, r.check, r.message])
            elif r.severity == "info":
                later.append(str(r))  # fuzzy and outdated units are listed apart, after the findings
            else:
                out.print(str(r))
    if chosen == "json":
        sys.stdout.write(("\n  " if summary and any(summary.values()) else "") + "],\n  \"summary\": "
                         + json.dumps(summary) + "\n}\n")
    elif chosen == "text":
        for line in later:
            out.print(line)
        err.print(f"{summary['error']} error(s), {summary['warning']} warning(s), {fuzzy} fuzzy unit(s)")
    if summary["error"]:
        raise typer.Exit(1)


def write_csv(header: list[str], rows: list[list[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


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

    repo = _repo(root)
    with _locked(repo, no_wait):
        result = write_report(repo, output)
        err.print(f"report in {repo.rel(result.output)}/index.html ({len(result.written)} file(s) written)")
