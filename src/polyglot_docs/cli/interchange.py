"""Commands for CAT tools: ``xliff export`` and ``xliff import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from polyglot_docs.cli.app import DocOption, NoWaitOption, RootOption, app, err, locked, open_repo, out, reports_errors

xliff_app = typer.Typer(help="XLIFF for CAT tools (Trados, memoQ, OmegaT, Weblate): export catalogs, import "
                             "translations back.", no_args_is_help=True)
app.add_typer(xliff_app, name="xliff")


@xliff_app.command("export")
@reports_errors
def export(
    lang: Annotated[str, typer.Option("--lang", help="Language code of the catalogs, such as ru.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write LL/<id>.xlf into.",
                                         file_okay=False)],
    root: RootOption = None,
    doc: DocOption = None,
    version: Annotated[str, typer.Option("--version", help="XLIFF version: 2.1 (default) or 1.2.")] = "2.1",
) -> None:
    """Write one XLIFF file per document: its units, their translations and states, inline codes as XLIFF codes.

    Every catalog must be up to date with its document (run update first); nothing is written otherwise.
    """
    from polyglot_docs.catalogs.interchange import XliffInterchange  # here, not above: startup time of the others

    repo = open_repo(root)
    exported = XliffInterchange(repo.documents, repo.catalogs).export(lang, doc, output, version)
    for item in exported:
        if item.written:
            out.print(f"wrote {item.path}")
    err.print(f"{len(exported)} XLIFF {version} file(s) for {lang}, {sum(e.written for e in exported)} changed, "
              f"{sum(e.units for e in exported)} unit(s)")


@xliff_app.command("import")
@reports_errors
def import_(
    files: Annotated[list[Path], typer.Argument(help="XLIFF files (2.1, 2.0 or 1.2) that export wrote and a CAT "
                                                     "tool saved.", dir_okay=False)],
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Merge the files' targets into the catalogs they came from.

    A changed target replaces the translation; a unit stays (or turns) fuzzy unless its state is final,
    reviewed or translated with no review pending. A file with any problem is refused whole, each
    problem printed as file:line: message; the other files still go in, and the command exits 1.
    """
    from polyglot_docs.catalogs.interchange import XliffInterchange

    repo = open_repo(root)
    with locked(repo, no_wait):
        results = XliffInterchange(repo.documents, repo.catalogs).import_files(files)
    for result in results:
        for error in result.errors:
            err.print(f"error: {error}")
        if result.catalog is None or result.errors:
            continue
        where = repo.rel(result.catalog)
        if result.left_as_saved:
            err.print(f"{where}: {result.left_as_saved}")
        elif result.changed:
            out.print(f"updated {where}: {len(result.changed)} unit(s) from {result.source} "
                      f"({', '.join(result.changed)})")
        else:
            err.print(f"{where}: unchanged by {result.source}")
    refused = sum(bool(r.errors) for r in results)
    if refused and len(results) > 1:  # one file's errors say it all
        err.print(f"{refused} of {len(results)} file(s) refused; nothing was written for them")
    if refused or any(r.left_as_saved for r in results):
        raise typer.Exit(1)
