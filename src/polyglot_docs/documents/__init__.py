"""Stage 1, documents: canonical XML in ``documents/`` and the units cut from it.

In: ``documents/<id>.xml``. Out: :class:`~polyglot_docs.documents.model.Document` objects whose
units (one per translatable block, keyed by its ``xml:id``) the catalogs are made of. Validation
against the RELAX NG schema and the id rules, the inline codec (XML ⇄ the text translators edit),
giving blocks ids, and importing plain text.

May import: ``polyglot_docs.core``.
"""
