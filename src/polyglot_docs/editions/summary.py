"""What a publisher reads at the end of a build: per language, published, withheld and why, not started."""

from __future__ import annotations

from polyglot_docs.editions.plan import Edition, Skipped
from polyglot_docs.editions.results import LanguageSummary
from polyglot_docs.editions.store import DocumentState


def summarise(languages: list[str], states: list[DocumentState], editions: list[Edition], skipped: list[Skipped]
              ) -> dict[str, LanguageSummary]:
    """Per language, its monolingual editions: in the site, withheld (started, or unreadable), not started.

    A translation is not started while no unit of it is translated; it is withheld, not "not
    started", as soon as one is, or when its catalog cannot be read.
    """
    started = {(s.id, lang) for s in states for lang, entry in s.languages.items() if entry.get("done")}
    broken = {(s.id, lang) for s in states for lang in s.errors}
    summary = {lang: LanguageSummary() for lang in languages}
    for state in states:
        for lang, entry in state.languages.items():
            if lang in summary:
                summary[lang].proposed += entry.get("proposed", 0)
                summary[lang].proposed_words += entry.get("proposed_words", 0)
    for edition in editions:
        if not edition.parallel:
            summary[edition.langs[0]].published += 1
    for skip in skipped:
        if skip.langs[0] not in summary or len(skip.langs) > 1:
            continue
        key = (skip.doc_id, skip.langs[0])
        if key in started or key in broken or skip.langs[0] == languages[0]:
            summary[skip.langs[0]].withheld.append(skip)
        else:
            summary[skip.langs[0]].not_started += 1
    return summary
