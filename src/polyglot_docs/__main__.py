"""``python -m polyglot_docs``: the same as the ``polyglot-docs`` command."""

from polyglot_docs.cli import app

# Guarded: PDF worker processes start by importing the main module, and must not run the command again.
if __name__ == "__main__":
    app(prog_name="polyglot-docs")
