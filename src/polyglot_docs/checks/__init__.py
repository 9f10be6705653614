"""Stage 3, checks: what an editor must see in a translation before it is published.

In: each translated unit of each catalog with its source, and ``glossary/<lang>.csv``. Out:
findings (``path:line: severity: check: message``), one module per family of checks.

May import: ``polyglot_docs.catalogs``, ``polyglot_docs.documents`` and ``polyglot_docs.core``.
"""
