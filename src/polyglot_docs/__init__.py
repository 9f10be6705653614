"""polyglot-docs: canonical XML documents, gettext catalogs, parallel-language editions."""

__version__ = "0.2.0"
