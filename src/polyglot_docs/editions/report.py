"""The editors' dashboard: a static HTML report of completeness and check findings.

``build/report/index.html`` holds the documents × languages matrix and a bar
chart (inline SVG) per language; ``build/report/<lang>/<doc>.html`` is the
review page of one catalog: every unit, source and translation side by side,
its state and findings, and for a fuzzy unit a word-level diff of the source
change. Plain HTML and CSS, no JavaScript, relative links: it reads offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_docs import __version__
from polyglot_docs.catalogs.model import Catalog
from polyglot_docs.catalogs.state import MEMORY_COMMENT, UnitState, memory_comment, unit_state
from polyglot_docs.catalogs.stats import word_count
from polyglot_docs.catalogs.store import CatalogStatus
from polyglot_docs.checks.runner import CheckResult
from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.core.fsutil import write_if_changed
from polyglot_docs.documents.model import Document
from polyglot_docs.editions.diff import word_diff as word_diff  # also re-exported: its home was here
from polyglot_docs.editions.html import environment, render_template
from polyglot_docs.editions.inputs import file_digest
from polyglot_docs.editions.locale import LocaleInfo
from polyglot_docs.editions.store import EditionStore
from polyglot_docs.repository import Repository


def level(percent: float) -> str:
    """A colour band for a completeness percentage."""
    if percent >= 100:
        return "complete"
    if percent >= 75:
        return "high"
    if percent >= 25:
        return "mid"
    return "low" if percent > 0 else "none"


@dataclass
class ReportResult:
    output: Path
    written: list[Path] = field(default_factory=list)


def write_report(repo: Repository, output: Path | None = None) -> ReportResult:
    settings = repo.settings
    out = (output or settings.drafts / "report").resolve()  # workflow state: never in the site
    env = environment(settings.templates_dir)
    documents = sorted(repo.documents.load_all(), key=lambda d: (d.date, d.id), reverse=True)
    langs = repo.catalogs.languages()
    # The dashboard shows every catalog: an unreadable one stops it, every such file named.
    status = {(r.doc_id, r.lang): r for r in repo.status().rows_or_raise()}
    findings: dict[tuple[str, str], list[CheckResult]] = {}
    for finding in repo.check():
        findings.setdefault((finding.doc_id, finding.lang), []).append(finding)
    result = ReportResult(out)
    withheld = _publishing_gate(repo, documents)

    def write(relative: str, text: str) -> None:
        target = (out / relative).resolve()
        if not target.is_relative_to(out):
            raise PolyglotError(f"refusing to write outside the report folder: {relative}")
        if write_if_changed(target, text.encode("utf-8")):
            result.written.append(target)

    totals = {lang: sum(status[(d.id, lang)].counts.translated_words for d in documents) for lang in langs}
    all_words = {lang: sum(status[(d.id, lang)].counts.total_words for d in documents) for lang in langs}
    write("index.html", render_template(env, "report-index.html.j2", {
        "rows": [{"document": document,
                  "cells": [_cell(status[(document.id, lang)], findings.get((document.id, lang), []),
                                  withheld.get((document.id, lang))) for lang in langs]} for document in documents],
        "langs": [{"code": lang, "name": LocaleInfo(lang).name,
                   "percent": 100.0 * totals[lang] / (all_words[lang] or 1)} for lang in langs],
        "charts": [_chart(lang, documents, status) for lang in langs],
        "source_lang": settings.source_language, "generator": f"polyglot-docs {__version__}"}))
    for document in sorted(documents, key=lambda d: d.id):
        for lang in langs:
            path = settings.catalog_path(lang, document.id)
            catalog = repo.catalogs.read(path) if path.exists() else None
            write(f"{lang}/{document.id}.html", render_template(env, "report-review.html.j2", {
                "document": document, "lang": lang, "name": LocaleInfo(lang).name,
                "units": _review_units(document, catalog, findings.get((document.id, lang), [])),
                "catalog": repo.rel(path), "counts": status[(document.id, lang)].counts,
                "source_lang": settings.source_language, "generator": f"polyglot-docs {__version__}"}))
    return result


def _publishing_gate(repo: Repository, documents: list[Document]) -> dict[tuple[str, str], str]:
    """Why each translation the gate withholds is withheld, naming the units at fault (as ``build`` decides)."""
    store = EditionStore(repo)
    settings = repo.settings
    reasons = {}
    for document in documents:
        catalogs = {lang: file_digest(settings.catalog_path(lang, document.id)) for lang in settings.target_languages}
        state = store.document_state(document.id, file_digest(settings.document_path(document.id)), catalogs)
        for lang, entry in state.languages.items():
            if entry["reason"]:
                reasons[(document.id, lang)] = entry["reason"]
        for lang, error in state.errors.items():
            reasons[(document.id, lang)] = str(error)
    store.flush()
    return reasons


def _cell(row: CatalogStatus, found: list[CheckResult], withheld: str | None) -> dict[str, Any]:
    """One cell of the matrix: a document in a language, and whether the site publishes it."""
    counts = row.counts
    return {
        "withheld": withheld,
        "lang": row.lang,
        "percent": counts.percent,
        "level": level(counts.percent),
        "words_left": counts.fuzzy_words + counts.untranslated_words,
        "review": counts.fuzzy - counts.proposed,  # translated, then the source changed
        "proposed": counts.proposed,  # proposed by the translation memory
        "untranslated": counts.untranslated,
        "errors": sum(f.severity == "error" for f in found),
        "warnings": sum(f.severity == "warning" for f in found),
        "exists": row.exists,
        "outdated": row.outdated,
        "href": f"{row.lang}/{row.doc_id}.html",
    }


def _chart(lang: str, documents: list[Document], status: dict[tuple[str, str], CatalogStatus]) -> dict[str, Any]:
    """A language's bar chart: each document's share of words translated, to review, proposed, untranslated."""
    bars = []
    for document in documents:
        c = status[(document.id, lang)].counts
        total = c.total_words or 1
        shares = {"translated": c.translated_words, "review": c.fuzzy_words - c.proposed_words,
                  "memory": c.proposed_words, "untranslated": c.untranslated_words}
        bars.append({"id": document.id, "title": document.title, "percent": c.percent,
                     "parts": [(part, 100.0 * words / total) for part, words in shares.items()]})
    return {"lang": lang, "name": LocaleInfo(lang).name, "bars": bars}


# What the review page says of a unit in each state (``memory``: a fuzzy unit the memory proposed).
STATE_WORDS = {
    UnitState.TRANSLATED: "translated",
    UnitState.FUZZY: "to review: the source changed",
    "memory": "memory proposal: to review",
    UnitState.UNTRANSLATED: "never translated",
    UnitState.MISSING: "never translated",
    UnitState.OUTDATED: "outdated: run update",
    UnitState.INVALID: "markup does not match the source",
}


def _review_units(document: Document, catalog: Catalog | None, found: list[CheckResult]) -> list[dict[str, Any]]:
    """Every unit of a document with its translation, state, findings and source change."""
    messages = catalog.by_context() if catalog else {}
    by_unit: dict[str, list[CheckResult]] = {}
    for finding in found:
        by_unit.setdefault(finding.unit_id, []).append(finding)
    units = []
    for unit in document.units:
        message = messages.get(unit.id)
        previous = message.previous_msgid if message is not None and message.fuzzy else None
        state: str = unit_state(message, unit.text).state
        origin = memory_comment(message) if message is not None and state == UnitState.FUZZY else None
        if origin is not None:
            state = "memory"
        units.append({
            "id": unit.id,
            "role": unit.role,
            "state": state,
            "state_words": STATE_WORDS[state],
            "origin": origin.removeprefix(MEMORY_COMMENT) if origin else None,
            "source": unit.text,
            "translation": message.msgstr if message else "",
            "line": message.msgstr_lineno if message else 0,
            "words": word_count(unit.text),
            "diff": word_diff(previous, message.msgid) if previous and message is not None else None,
            "findings": by_unit.get(unit.id, []),
        })
    return units
