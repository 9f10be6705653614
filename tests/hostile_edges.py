"""Rows of docs/RELIABILITY.md for the repository's edges and file-system failures (tests/test_edges.py)."""

from __future__ import annotations

CASES: list[object] = []  # each is checked in tests/test_edges.py, with files outside the repository

BEHAVIOUR = [
    ("links", "`.polyglot-docs.lock` committed as a link to a file outside", "update",
     "exit 1, one line: the lock file is a symbolic link; the outside file untouched", "test_core.py"),
    ("links", "`locales/ru` a link to a folder outside", "update",
     "exit 1, one line naming `locales/ru/LC_MESSAGES` (leads out of the repository through a symbolic link); "
     "nothing outside written", "test_edges.py::test_a_language_folder_linking_out_is_never_written"),
    ("links", "`build` a link to a folder outside", "build",
     "exit 1, one line naming `[paths] output`; nothing written there",
     "test_edges.py::test_an_output_folder_linking_out_is_refused"),
    ("links", "a catalog linked to `/etc/passwd`-like file", "status, check, update",
     "refused as a symbolic link without reading it; nothing of the file quoted",
     "test_edges.py::test_a_catalog_linked_to_another_file_is_refused_without_quoting_it"),
    ("links", "a link loop and a dangling link under `locales/`", "status, check, build",
     "no traceback", "test_edges.py::test_dangling_links_and_link_loops_under_locales_give_no_traceback"),
    ("links", "stale `.*.tmp` cleanup under a linked folder", "any writing command",
     "never follows a link", "test_core.py"),
    ("file system", "a catalog path that is a folder", "update",
     "exit 1: `error: <catalog>: the catalog is a folder, not a file`",
     "test_edges.py::test_a_catalog_that_is_a_folder_is_one_line"),
    ("file system", "`.polyglot-cache` that is a file", "status",
     "exit 1: `error: .polyglot-cache: the cache folder is a file; delete it`",
     "test_edges.py::test_a_cache_that_is_a_file_is_one_line"),
    ("file system", "permission denied, disk full, read-only file system while staging", "update",
     "exit 1, one line `error: <path>: <what the system said>`; no catalog replaced, no temporary file left",
     "test_edges.py::test_a_failing_disk_during_update_is_one_line_and_nothing_is_half_written"),
    ("input", "`import --id` of 300 characters", "import",
     "exit 1: `--id is 300 characters long; at most 100 are allowed`; nothing written",
     "test_edges.py::test_an_id_too_long_for_a_file_name_is_refused"),
    ("anything", "an unexpected exception", "any",
     "exit 1, one line asking for a report; the traceback only with `--debug`",
     "test_edges.py::test_an_unexpected_error_is_one_line_unless_debug"),
]
