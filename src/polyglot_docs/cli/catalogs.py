"""Commands on locales/: extract, init, update, status."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from polyglot_docs.cli.app import (
    DEFAULT_JOBS,
    DocOption,
    JsonOption,
    LangOption,
    NoWaitOption,
    RootOption,
    app,
    err,
    locked,
    open_repo,
    out,
    output_format_of,
    progress_bar,
    reports_errors,
    write_csv,
)

if TYPE_CHECKING:
    from polyglot_docs.catalogs.outcome import CatalogUpdate
    from polyglot_docs.catalogs.store import CatalogStatus, StatusResult
    from polyglot_docs.repository import Repository


@app.command()
@reports_errors
def extract(root: RootOption = None, doc: DocOption = None, no_wait: NoWaitOption = False) -> None:
    """Write one template per document: locales/templates/<id>.pot."""
    repo = open_repo(root)
    with locked(repo, no_wait):
        documents, written = repo.templates.extract(doc)
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
    repo = open_repo(root)
    with locked(repo, no_wait):
        written, left = repo.updater.init(lang, doc, force)
        for path in written:
            out.print(f"wrote {repo.rel(path)}")
        for path in left:
            err.print(f"{repo.rel(path)}: created or saved by someone else while init ran; left as it is")
        err.print(f"{len(written)} catalog(s) created for {lang}")


@app.command()
@reports_errors
def update(root: RootOption = None, doc: DocOption = None, lang: LangOption = None,
           jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes on large repositories "
                                             "(default: one per core).", min=1)] = DEFAULT_JOBS,
           no_wait: NoWaitOption = False) -> None:
    """Extract, then update every catalog by unit id: changed units turn fuzzy, nothing is lost."""
    repo = open_repo(root)
    with locked(repo, no_wait), progress_bar("Updating catalogs") as advance:
        results = repo.update(doc, lang, jobs=jobs, progress=advance)
        for result in results:
            if result.left_as_saved:  # a translator's save during the run: theirs is kept, ours dropped
                err.print(f"{repo.rel(result.path)}: {result.left_as_saved}")
            for beside in result.summary.beside_active:  # another text's translation for a unit: a human decides
                where = f"{repo.rel(result.path)}:{beside.line}" if beside.line else repo.rel(result.path)
                err.print(f"warning: {where}: obsolete entry {beside.msgctxt!r} has the id of a unit of the "
                          "document; kept as obsolete")
            if result.written:
                verb = "created" if result.created else "updated"
                out.print(f"{verb} {repo.rel(result.path)}: {result.describe()}")
        err.print(_update_totals(results))


def _update_totals(results: list[CatalogUpdate]) -> str:
    """The closing line of ``update``: the sums of the lines printed above it."""
    written = [r for r in results if r.written]
    units = {"changed": sum(len(r.summary.changed) + len(r.summary.retexted) for r in written),
             "new": sum(len(r.summary.added) for r in written),
             "obsolete": sum(len(r.summary.obsoleted) for r in written)}
    proposed = sum(len(r.summary.from_memory) for r in written)
    detail = ", ".join(f"{n} {what}" for what, n in units.items()) + " unit(s)" + (
        f"; {proposed} proposed by the memory" if proposed else "")
    left = sum(bool(r.left_as_saved) for r in results)
    return (f"{len(results)} catalog(s): {len(written)} written" + (f" ({detail})" if written else "")
            + f", {len(results) - len(written) - left} unchanged"
            + (f", {left} left as saved during the update" if left else ""))


def _status_json(result: StatusResult, repo: Repository) -> dict[str, Any]:
    def counts(c: Any) -> dict[str, Any]:
        return {
            "messages": {"translated": c.translated, "fuzzy": c.fuzzy, "memory": c.proposed,
                         "untranslated": c.untranslated, "total": c.total},
            "words": {"translated": c.translated_words, "fuzzy": c.fuzzy_words, "memory": c.proposed_words,
                      "untranslated": c.untranslated_words, "total": c.total_words},
            "percent": round(c.percent, 2),
        }
    return {
        "schema": "polyglot-docs/status/1",
        "catalogs": [
            {"document": r.doc_id, "language": r.lang, "path": repo.rel(r.path), "exists": r.exists,
             "outdated": r.outdated, **counts(r.counts)}
            for r in result.rows
        ],
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in result.errors],
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
    """Translated, fuzzy and untranslated units and words, per document and language.

    "memory" counts the fuzzy units whose translation the translation memory proposed, waiting for review.

    A document or catalog that cannot be read is printed as an error on stderr (and in the "errors" array
    with --json) and left out; the others are still counted, and the command exits 1 at the end.
    """
    repo = open_repo(root)
    chosen = output_format_of(as_json, output_format)
    with progress_bar("Counting") as advance:
        result = repo.status(doc, lang, progress=advance)
    rows = result.rows
    if chosen == "json":
        sys.stdout.write(json.dumps(_status_json(result, repo), ensure_ascii=False, indent=2) + "\n")
    elif chosen == "csv":  # the readable catalogs only: the errors go to stderr, as with text
        write_csv(["document", "language", "path", "exists", "outdated", "translated", "fuzzy", "untranslated",
                   "translated_words", "fuzzy_words", "untranslated_words", "total_words", "percent", "memory",
                   "memory_words"],  # columns are only ever added at the end
                  [[r.doc_id, r.lang, repo.rel(r.path), r.exists, r.outdated, r.counts.translated, r.counts.fuzzy,
                    r.counts.untranslated, r.counts.translated_words, r.counts.fuzzy_words,
                    r.counts.untranslated_words, r.counts.total_words, round(r.counts.percent, 2),
                    r.counts.proposed, r.counts.proposed_words] for r in rows])
    else:
        _status_table(rows)
    for error in result.errors:  # on stderr whatever the format, so that a log shows why the exit status is 1
        err.print(f"error: {error}")
    below = [r for r in rows if fail_under is not None and r.counts.percent < fail_under]
    for r in below:
        err.print(f"{repo.rel(r.path)}: {r.counts.percent:.1f}% < {fail_under:g}%")
    if below or result.errors:
        raise typer.Exit(1)


def _status_table(rows: list[CatalogStatus]) -> None:
    from rich.table import Table  # imported here, not above: only this table needs it (startup time)

    labels = [r.doc_id + (" (no catalog)" if not r.exists else " (outdated: run update)" if r.outdated else "")
              for r in rows]
    width = max(map(len, labels), default=8)
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("document", no_wrap=True, min_width=width)
    for name in ["lang", "translated", "fuzzy", "memory", "untranslated", "words", "%"]:
        table.add_column(name, justify="left" if name == "lang" else "right")
    for label, r in zip(labels, rows, strict=True):
        c = r.counts
        style = "green" if c.complete else "yellow" if c.translated else "red"
        table.add_row(label, r.lang, str(c.translated), str(c.fuzzy), str(c.proposed), str(c.untranslated),
                      f"{c.translated_words}/{c.total_words}", f"{c.percent:.1f}", style=style)
    Console(highlight=False, markup=False, emoji=False, width=max(out.width, width + 75)).print(table)
