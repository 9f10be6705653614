"""PO file reading and writing, kept apart from the catalog model."""

from polyglot_docs.catalogs.po.reader import read_po, read_po_file
from polyglot_docs.catalogs.po.writer import write_po

__all__ = ["read_po", "read_po_file", "write_po"]
