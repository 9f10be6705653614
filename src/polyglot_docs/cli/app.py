"""The ``polyglot-docs`` Typer app: its options, error reporting, progress bars and output helpers.

The commands live in one module per stage (``cli.documents``, ``cli.catalogs``, ``cli.checks``,
``cli.editions``) and register themselves on :data:`app`.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from polyglot_docs import __version__
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.repository import Repository

app = typer.Typer(
    help="Canonical XML documents, gettext catalogs anchored on block ids, parallel-language editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)

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


_DEBUG = {"on": False}  # --debug: tracebacks for unexpected errors


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
) -> None:
    """polyglot-docs: documents/ -> locales/ -> editions."""
    _DEBUG["on"] = debug


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Errors as one line each and exit 1; never a traceback, unless --debug asks for one.

    A PolyglotError is printed as ``path:line: message`` (several, one line each); an OSError the
    stages did not turn into one as ``path: what the system said``; anything else as one line
    asking for a report.
    """
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PolyglotError as error:
            for single in error.errors:
                err.print(f"error: {single}")
        except (typer.Exit, typer.Abort):
            raise
        except OSError as error:
            if _DEBUG["on"]:
                raise
            where = f"{error.filename}: " if error.filename else ""
            err.print(f"error: {where}{error.strerror or error}")
        except Exception as error:  # noqa: BLE001 - the last line of defence: one line, not a traceback
            if _DEBUG["on"]:
                raise
            err.print(f"error: unexpected {type(error).__name__}: {error}; please report it, with the output of "
                      "the same command run with --debug")
        raise typer.Exit(1)
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


def output_format_of(as_json: bool, output_format: str) -> str:
    """--json is short for --format json."""
    chosen = "json" if as_json else output_format
    if chosen not in ("text", "json", "csv"):
        raise PolyglotError(f"--format {output_format!r}: use text, json or csv")
    return chosen


def open_repo(root: Path | None) -> Repository:
    return Repository.open(root)


def locked(repo: Repository, no_wait: bool) -> Any:
    return repo.lock(wait=not no_wait, notify=lambda message: err.print(message))


def write_csv(header: list[str], rows: list[list[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


