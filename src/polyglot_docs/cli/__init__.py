"""Stage 5, the ``polyglot-docs`` command (Typer): it parses arguments, calls the Python API and prints.

It reads and writes no file itself and parses no XML: every file goes through
:class:`~polyglot_docs.repository.Repository` and the stages.

May import: every other part of the package.
"""

from polyglot_docs.cli.commands import app

__all__ = ["app"]
