"""Stage 5, the ``polyglot-docs`` command (Typer): it parses arguments, calls the Python API and prints.

It reads and writes no file itself and parses no XML: every file goes through
:class:`~polyglot_docs.repository.Repository` and the stages. One module per stage's commands;
importing them registers the commands on the app, in the order ``--help`` lists them.

May import: every other part of the package.
"""

from polyglot_docs.cli import catalogs, checks, documents, editions, interchange, memory  # noqa: F401  (registers the commands)
from polyglot_docs.cli.app import app

__all__ = ["app"]
