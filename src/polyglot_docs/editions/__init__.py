"""Stage 4, editions: what readers get, and the editors' dashboard.

In: documents, catalogs and check results. Out: translated XML, monolingual and parallel editions
as HTML (Jinja2 templates in ``templates/``) and PDF (WeasyPrint), the indexes, and the report.
``plan`` holds the publishing gate: which editions are built, which are skipped and why.

May import: ``polyglot_docs.repository`` and every earlier stage (checks, catalogs, documents, core).
"""
