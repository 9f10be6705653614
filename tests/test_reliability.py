"""docs/RELIABILITY.md is produced from the reliability tests' own cases and settings.

This test fails when the document is out of date; POLYGLOT_WRITE_RELIABILITY=1 rewrites it.
"""

from __future__ import annotations

import os
from pathlib import Path

import test_concurrent_saves as saves
import test_crash_and_concurrency as crash
import test_fuzz as fuzz
import test_hostile as hostile
import test_nothing_lost as lost
import test_po as po

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "RELIABILITY.md"


def _behaviour_rows() -> list[str]:
    """Rows for cases that are not refused but handled (read as gettext reads them, kept, reported).

    Each ``tests/hostile_*.py`` module may list them as ``BEHAVIOUR``: (kind, input, command, what
    happened, the test that shows it).
    """
    import importlib

    rows = []
    for module in sorted(Path(__file__).parent.glob("hostile_*.py")):
        for kind, what, command, result, test in getattr(importlib.import_module(module.stem), "BEHAVIOUR", []):
            rows.append(f"| {kind} | {what} | `{command}` | {result} (`{test}`) |")
    return rows


def render() -> str:
    lines = [
        "# Reliability",
        "",
        "What was tried against polyglot-docs and what happened. Every row is a test in `tests/`;",
        "this file is produced from those tests (`tests/test_reliability.py`: run with",
        "`POLYGLOT_WRITE_RELIABILITY=1 python3 -m pytest tests/test_reliability.py` to rewrite it, and the",
        "test fails when it is out of date). Counts are the CI defaults; the environment variables",
        "`POLYGLOT_FUZZ_EXAMPLES`, `POLYGLOT_FUZZ_STEPS` and `POLYGLOT_CRASH_RUNS` raise them.",
        "",
        "## Hostile and broken input",
        "",
        "Each case: exit status 1, exactly one line on standard error, no traceback, and no file in the",
        "repository changed (`tests/test_hostile.py`).",
        "",
        "| kind | input | command | what happened |",
        "|---|---|---|---|",
    ]
    for case in hostile.CASES:
        message = case.expected.replace("|", "\\|")
        lines.append(f"| {case.kind} | {case.name} | `{' '.join(case.command)}` | `error: {message}` |")
    lines += [
        "| PO | catalog declaring CP1251 | `update` | read correctly, rewritten as UTF-8 with its header saying so |",
        "| PO | catalog saved by another editor with other wrapping | `update` | accepted, rewritten exactly "
        "as `msgcat` writes it |",
        *_behaviour_rows(),
        "",
        "## Faults and concurrency",
        "",
        "| what | how often | what happened |",
        "|---|---|---|",
        f"| `update` killed with SIGKILL at a random moment while rewriting 120 catalogs | {crash.KILLS} runs "
        "| every catalog was byte for byte its old or its new version; the next run finished the job and "
        "removed the temporary files |",
        "| two `update` runs at once | every run | the second waited for the first, saying so |",
        "| `update --no-wait` while another run holds the repository | every run | exit 1: `another polyglot-docs "
        "run (pid N) is working on this repository; try again when it has finished`; nothing written |",
        "| `build` while another build holds the repository | every run | waited, saying so, then succeeded |",
        "| lock holder killed | every run | the kernel released the lock; the next run went ahead |",
        f"| a translator saving catalogs at random moments while `update` runs, from another process, in place or "
        f"by a rename (`tests/test_concurrent_saves.py`) | {saves.UPDATES} updates, each rewriting all "
        f"{3 * saves.DOCUMENTS} catalogs, half with `--jobs 2`; a save every {saves.PAUSE * 500:g} ms on average: "
        f"at least {10 * saves.UPDATES} saves while updates ran | saves lost: 0 (every save's line found in its "
        "catalog after each update); a catalog saved after `update` read it was left as saved and named "
        "(`changed while updating; left as saved — run update again`), and merged by the next run |",
        "| a catalog saved after `update` read it: while the new versions are staged, at the very rename that would "
        "replace it, or a moment after that rename (in place or by a rename) | every run | left as saved and named "
        "before the rename (`renameat2(RENAME_EXCHANGE)`, then a check of what it took from the target: inode, size, "
        "modification time and bytes), kept on the new file after it; two saves microseconds apart: both kept, the "
        "second beside the catalog, named |",
        "",
        "## Nothing lost",
        "",
        "| property | examples | what happened |",
        "|---|---|---|",
        f"| random sequences of edits, deletions, re-additions, moves, splits, merges and whitespace-only edits, "
        f"with translations and reviews between them, `update` after each step (`tests/test_nothing_lost.py`) "
        f"| {lost.EXAMPLES} sequences of up to {lost.STEPS} steps | every unit's latest translation stayed on the "
        "unit, or in an obsolete entry while the unit was gone, and came back with it; exactly the units whose "
        "source differs from the text their translation was made for were fuzzy, showing that text as `#| msgid`; "
        "whitespace-only edits changed no byte; every catalog stayed byte-identical to `msgcat`'s output |",
        "",
        "## Fuzzing",
        "",
        "| target | examples | what happened |",
        "|---|---|---|",
        f"| XML reader, schema and rule validation, on mutated documents and random bytes | {fuzz.EXAMPLES} | only "
        "the project's own errors, each naming the file |",
        f"| PO reader on mutated catalogs and random bytes | {fuzz.EXAMPLES} | only the project's own errors, each "
        "naming the file |",
        f"| inline markup converter on hostile translations (`<script>`, attributes, entities, comments, "
        f"placeholders) | {fuzz.EXAMPLES} | only the source's elements and attributes came back; everything else "
        "was refused by the markup check |",
        f"| HTML escaping of translated text | {fuzz.EXAMPLES} | always escaped text, never an element |",
        f"| PO writer against GNU `msgcat` (`tests/test_po.py`) | {po.EXAMPLES} catalogs | byte-identical |",
        "",
    ]
    return "\n".join(lines)


def test_reliability_document_is_current() -> None:
    text = render()
    if os.environ.get("POLYGLOT_WRITE_RELIABILITY") == "1":
        DOCUMENT.write_text(text, encoding="utf-8")
    assert DOCUMENT.read_text(encoding="utf-8") == text, "docs/RELIABILITY.md is out of date"
