"""The check command: findings as text, JSON or CSV, exit 1 on errors."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import nullcontext
from typing import Annotated

import typer

from polyglot_docs.cli.app import (
    DocOption,
    JsonOption,
    LangOption,
    RootOption,
    app,
    err,
    open_repo,
    out,
    output_format_of,
    progress_bar,
    reports_errors,
)


@app.command()
@reports_errors
def check(
    root: RootOption = None,
    doc: DocOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    output_format: Annotated[str, typer.Option("--format", help="text, json or csv.")] = "text",
) -> None:
    """Check every translated unit (markup, numbers, punctuation, script, terminology…); exit 1 on any error.

    Each finding is printed as catalog-path:line: severity: check: message. Fuzzy units are listed
    apart, as info. Silence a check for one unit with a translator comment such as "# no-numbers-check".
    A document or catalog that cannot be read is one error (check "document" or "catalog"), and the
    others are still checked.
    """
    repo = open_repo(root)
    chosen = output_format_of(as_json, output_format)
    # Findings are written as they are found, so memory stays flat on a large repository.
    summary = {"error": 0, "warning": 0, "info": 0}
    fuzzy = 0
    if chosen == "json":
        sys.stdout.write('{\n  "schema": "polyglot-docs/check/1",\n  "findings": [')
    elif chosen == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["path", "line", "document", "language", "unit", "severity", "check", "message"])
    later: list[str] = []
    # A bar only above text: JSON and CSV go to files and pipes whole.
    with progress_bar("Checking") if chosen == "text" else nullcontext(None) as advance:
        for number, r in enumerate(repo.checks.iter_check(doc, lang, progress=advance)):
            summary[r.severity] = summary.get(r.severity, 0) + 1
            fuzzy += r.check == "fuzzy"
            if chosen == "json":
                item = {"path": r.path, "line": r.line, "document": r.doc_id, "language": r.lang, "unit": r.unit_id,
                        "severity": r.severity, "check": r.check, "message": r.message}
                sys.stdout.write(("," if number else "") + "\n    " + json.dumps(item, ensure_ascii=False))
            elif chosen == "csv":
                writer.writerow([r.path, r.line, r.doc_id, r.lang, r.unit_id, r.severity, r.check, r.message])
            elif r.severity == "info":
                later.append(str(r))  # fuzzy and outdated units are listed apart, after the findings
            else:
                out.print(str(r))
    if chosen == "json":
        sys.stdout.write(("\n  " if summary and any(summary.values()) else "") + "],\n  \"summary\": "
                         + json.dumps(summary) + "\n}\n")
    elif chosen == "text":
        for line in later:
            out.print(line)
        err.print(f"{summary['error']} error(s), {summary['warning']} warning(s), {fuzzy} fuzzy unit(s)")
    if summary["error"]:
        raise typer.Exit(1)


