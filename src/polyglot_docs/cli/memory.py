"""Commands on translation memories as TMX: ``tm export`` and ``tm import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from polyglot_docs.cli.app import LangOption, NoWaitOption, RootOption, app, err, locked, open_repo, out, reports_errors

tm = typer.Typer(help="Translation memories as TMX 1.4b: export the repository's, import another tool's.",
                 no_args_is_help=True)
app.add_typer(tm, name="tm")


@tm.command("export")
@reports_errors
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The TMX file to write, such as memory.tmx.",
                                         dir_okay=False)],
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    """Write every translated unit (not fuzzy) with its source and each language it is translated into."""
    from polyglot_docs.catalogs.memoryfile import export_memory  # here, not above: startup time of the others

    repo = open_repo(root)
    result = export_memory(repo.catalogs, output, lang)
    out.print(f"{'wrote' if result.changed else 'unchanged'} {repo.rel(result.path)}")
    counts = ", ".join(f"{lang} {count}" for lang, count in result.translations.items())
    err.print(f"{result.units} translation unit(s); translations: {counts}")


@tm.command("import")
@reports_errors
def import_(
    file: Annotated[Path, typer.Argument(help="A TMX file (1.1 to 1.4b), such as another tool's export.",
                                         dir_okay=False)],
    root: RootOption = None,
    no_wait: NoWaitOption = False,
) -> None:
    """Keep a TMX memory as memory/<name>.tmx, a source of the translation memory (normalised; same name replaced)."""
    from polyglot_docs.catalogs.memoryfile import import_memory

    repo = open_repo(root)
    with locked(repo, no_wait):
        result = import_memory(repo.settings, file)
    out.print(f"{'wrote' if result.changed else 'unchanged'} {repo.rel(result.path)}")
    counts = ", ".join(f"{lang} {count}" for lang, count in result.translations.items() if count)
    err.print(f"{result.units} translation unit(s) kept; translations: {counts}")
    if result.skipped:
        err.print(f"{result.skipped} unit(s) left out: no text in {repo.settings.source_language} "
                  "or in any target language")
    if result.other_languages:
        err.print(f"languages this repository does not translate into, left out: {', '.join(result.other_languages)}")
