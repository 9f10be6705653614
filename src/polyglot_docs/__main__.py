"""``python -m polyglot_docs``: the same as the ``polyglot-docs`` command."""

from polyglot_docs.cli import app

app(prog_name="polyglot-docs")
