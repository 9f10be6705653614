"""Rows of docs/RELIABILITY.md for TMX memories (``tm export``, ``tm import``), each shown by a test in test_tmx.py.

The refusals are run there rather than as ``CASES`` of test_hostile.py, whose commands run on a repository
with nothing to import: each is checked the same way (exit 1, exactly one line, no memory written).
"""

from __future__ import annotations

CASES: list[object] = []

_T = "test_tmx.py::test_a_memory_that_cannot_be_imported_is_one_line_and_nothing_is_written"

BEHAVIOUR = [
    ("TMX", "memory with an internal DTD declaring an entity, or an external entity", "tm import",
     "exit 1: `error: x.tmx:2: DTDs and entity declarations are not allowed`; nothing written", _T),
    ("TMX", "memory naming an external DTD (`<!DOCTYPE tmx PUBLIC … \"http://…/tmx14.dtd\">`, as other tools write)",
     "tm import", "imported; the DTD is never fetched nor read",
     "test_tmx.py::test_an_external_dtd_is_never_fetched_and_a_missing_file_is_one_line"),
    ("TMX", "memory in UTF-16 with a byte-order mark and CRLF line ends, regional language tags (`RU-RU`), RTF codes",
     "tm import", "imported as UTF-8, languages mapped to the repository's, other tools' codes left out with their "
     "text kept", "test_tmx.py::test_another_tools_memory_is_imported_under_memory"),
    ("TMX", "an XLIFF file, TMX 2.0, no `<body>`, a `<tuv>` without a language, malformed XML, a declared Latin-1",
     "tm import", "exit 1, one line naming the file and line; nothing written", _T),
    ("TMX", "memory without one unit in the source and a target language", "tm import",
     "exit 1: `no translation unit has text in en and in one of …; nothing imported`", _T),
    ("TMX", "`memory/` a link to a folder outside", "tm import",
     "exit 1, one line: leads out of the repository through a symbolic link; nothing written outside",
     "test_tmx.py::test_a_memory_folder_linking_out_is_refused"),
    ("TMX", "a catalog that cannot be read", "tm export",
     "exit 1, one line naming the catalog and line; no TMX file written",
     "test_tmx.py::test_a_broken_catalog_stops_the_export_naming_it"),
]
