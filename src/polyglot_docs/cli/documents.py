"""Commands on documents/: validate, ids, import."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from polyglot_docs.cli.app import (
    DocOption,
    NoWaitOption,
    RootOption,
    app,
    err,
    locked,
    open_repo,
    out,
    reports_errors,
)
from polyglot_docs.core.errors import PolyglotError


@app.command()
@reports_errors
def validate(root: RootOption = None, doc: DocOption = None) -> None:
    """Check every document against the schema and the id rules; print problems as path:line: message."""
    repo = open_repo(root)
    problems = repo.documents.validate(doc)
    for problem in problems:
        out.print(str(problem))
    count = len(repo.documents.select(doc))
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
    repo = open_repo(root)
    with locked(repo, no_wait):
        changed = repo.documents.assign_ids(doc, write=not check)
        for path, added in changed:
            out.print(f"{path}: {len(added)} block(s) without an id" if check else f"{path}: added {', '.join(added)}")
        if check and changed:
            raise typer.Exit(1)


@app.command("import")
@reports_errors
def import_(
    source: Annotated[str, typer.Argument(help="Plain-text file, or - for standard input.")],
    doc_type: Annotated[str, typer.Option("--type", help="statement or news.")] = "news",
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id (default: date and title).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: the text's date line).")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", help="Where the document was issued (default: the place the date line names).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: the first paragraph).")] = None,
    organisation: Annotated[str | None, typer.Option(help="Issuing organisation (default: from settings).")] = None,
    split: Annotated[str, typer.Option(help="Paragraphs are 'line's, 'blank'-line blocks, or 'auto'.")] = "auto",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing document.")] = False,
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Turn plain text into a canonical document in documents/.

    The first paragraph that is only a date line gives the date, and the
    place it names (unless --place). Date lines it reads, English and Russian:

      Moscow, 26 September 2023             Москва, 26 сентября 2023 г.
      Moscow, September 26, 2023            Москва, 26 сентября 2023 года
      26 September 2023, Moscow             26 сентября 2023 г., г. Москва
      Moscow, Tuesday, 26 September 2023    Москва, вторник, 26 сентября 2023 г.
      MOSCOW, Sept. 26, 2023                26.09.2023 г.
      26.09.2023                            2023-09-26

    Month names full or abbreviated (Sept., сент.), Russian in the genitive
    (сентября) or the nominative (сентябрь); the place, the weekday, "г."
    and "года" are optional. A text without a date line needs --date.

    The id (unless --id) is the date and the title's words, at most 60
    characters, cut after a whole word; -2, -3… when another document has it.
    """
    from polyglot_docs.documents.store import ImportRequest  # here, not above: startup time of the others

    repo = open_repo(root)
    with locked(repo, no_wait):
        if doc_type not in ("statement", "news"):
            raise PolyglotError(f"--type must be statement or news, not {doc_type!r}")
        if split not in ("auto", "line", "blank"):
            raise PolyglotError(f"--split must be auto, line or blank, not {split!r}")
        try:
            when = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise PolyglotError(f"--date {date!r} is not a YYYY-MM-DD date") from None
        text = sys.stdin.read() if source == "-" else repo.documents.text_to_import(source)
        request = ImportRequest(text, "<stdin>" if source == "-" else source, doc_type, doc_id, when, place, title,
                                organisation, split)
        path = repo.documents.import_document(request, force=force)
        out.print(f"wrote {repo.rel(path)}")
