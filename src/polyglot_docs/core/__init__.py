"""The core: what every stage stands on, and nothing about documents or catalogs.

Errors printed as ``path:line: message``, the repository settings (``polyglot.toml``), the one safe
XML parser, atomic file writes, the repository lock and the content-addressed cache.

May import: the standard library and third-party packages only, never another stage.
"""
