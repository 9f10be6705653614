"""Stage 2, catalogs: one gettext catalog per document and language, anchored on unit ids.

In: the documents' units and ``locales/<lang>/LC_MESSAGES/<id>.po``. Out: templates, updated
catalogs (changed units fuzzy, nothing lost), counts and the state of every unit. The catalog model
is kept apart from the PO format (``po/``) as in Babel's ``babel.messages``.

May import: ``polyglot_docs.documents`` and ``polyglot_docs.core``.
"""
